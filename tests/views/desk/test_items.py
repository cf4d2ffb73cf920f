"""Sources, verdicts and notes through the workspace forms: the rules all their routes keep. An id
of another claim, or of nothing, is a 404; each action is open to every staff role (on what they
made) and, logged out, is not there; each saved change is confirmed.

The files beside this one take a subject each (sources, verdicts, notes, the panel). There, each
refusal must leave the database as it was and show the workspace again with the reason and the
reviewer's typing; each success redirects back to the claim with the queue filters kept.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from factcheck.models import AuditEvent, Claim, Note, Source, User, Verdict
from tests import factories
from tests.helpers import (
    SOURCE_FORM,
    claim_starting,
    claim_state,
    counting,
    get,
    login,
    rating_id,
    read,
)


def test_foreign_and_unknown_ids_are_404(
    app: Flask, as_reviewer: FlaskClient, users: dict[str, User], speech_id: int, claim_id: int
) -> None:
    other_claim = claim_starting(app, speech_id, "We built").id
    with factories.seeding(app) as session:
        claim, reviewer = session.get(Claim, other_claim), users["reviewer"]
        source_id = factories.source(session, claim, reviewer).id
        note_id = factories.note(session, claim, reviewer).id
        verdict_id = factories.verdict(session, claim, reviewer).id
    for path, data in [
        (f"/desk/claims/{claim_id}/sources/{source_id}/edit", {**SOURCE_FORM, "version": 1}),
        (f"/desk/claims/{claim_id}/sources/{source_id}/remove", {"version": 1}),
        (f"/desk/claims/{claim_id}/sources/{source_id}/move", {"version": 1, "by": "1"}),
        (f"/desk/claims/{claim_id}/notes/{note_id}/edit", {"version": 1, "body": "x"}),
        (f"/desk/claims/{claim_id}/notes/{note_id}/delete", {"version": 1}),
        (f"/desk/claims/{claim_id}/verdicts/{verdict_id}/restore", {"version": 1, "event_id": 1}),
        (f"/desk/claims/{claim_id}/sources/999999/remove", {"version": 1}),
        (f"/desk/claims/{claim_id}/notes/2147483648/delete", {"version": 1}),
        ("/desk/claims/999999/sources", SOURCE_FORM),
        ("/desk/claims/999999/verdict", {"rating": 1, "conclusion": "x"}),
        ("/desk/claims/999999/notes", {"body": "x"}),
    ]:
        assert as_reviewer.post(path, data=data).status_code == 404, path
    assert get(app, Source, source_id).version == 1
    assert get(app, Note, note_id).version == 1


def test_each_saved_change_is_confirmed(
    app: Flask, as_reviewer: FlaskClient, speech_id: int, claim_id: int
) -> None:
    base = f"/desk/claims/{claim_id}"
    steps = [
        (f"{base}/sources", SOURCE_FORM, "Source added."),
        (
            f"{base}/verdict",
            {
                "rating": rating_id(app, "False"),
                "conclusion": "No.",
                "intent": "draft",
                "claim_state": claim_state(app, claim_id),
            },
            "Draft saved.",
        ),
        (f"{base}/notes", {"body": "Ask ONS."}, "Note added."),
    ]
    for path, data, message in steps:
        page = as_reviewer.post(path, data=data, follow_redirects=True).get_data(as_text=True)
        assert f'<p class="flash flash-success">{message}</p>' in page


def _titles(session: Any) -> list[str]:
    return list(session.scalars(select(Source.title).order_by(Source.position)))


def _first_event(app: Flask, verdict_id: int) -> int:
    return read(
        app,
        lambda s: s.scalar(
            select(func.min(AuditEvent.id)).where(
                AuditEvent.object_type == "verdict", AuditEvent.object_id == verdict_id
            )
        ),
    )


def _prepare(
    app: Flask, claim_id: int, action: str, owner: User
) -> tuple[str, dict[str, Any], Callable[[Any], Any]]:
    """The path and form of `action` on objects `owner` made, and how to read what it changes."""
    base = f"/desk/claims/{claim_id}"
    if action == "add_source":
        return f"{base}/sources", SOURCE_FORM, counting(Source, claim_id=claim_id)
    if action in ("edit_source", "remove_source", "move_source"):
        with factories.seeding(app) as session:
            claim = session.get(Claim, claim_id)
            factories.source(session, claim, owner, title="Above")
            source_id = factories.source(session, claim, owner, title="Below").id
        path = action.removesuffix("_source")
        return (
            f"{base}/sources/{source_id}/{path}",
            {**SOURCE_FORM, "version": 1, "by": "-1"},
            _titles,
        )
    if action == "set_verdict":
        data = {
            "rating": rating_id(app, "False"),
            "conclusion": "No.",
            "intent": "draft",
            "claim_state": claim_state(app, claim_id),
        }
        return f"{base}/verdict", data, counting(Verdict, claim_id=claim_id)
    if action == "restore_verdict":
        with factories.seeding(app) as session:
            claim = session.get(Claim, claim_id)
            verdict_id = factories.verdict(
                session, claim, owner, conclusion="The first wording."
            ).id
            factories.verdict(
                session, claim, owner, conclusion="The second wording.", expected_version=1
            )
        data = {"version": 2, "event_id": _first_event(app, verdict_id)}
        return (
            f"{base}/verdicts/{verdict_id}/restore",
            data,
            lambda s: s.get(Verdict, verdict_id).conclusion,
        )
    if action == "withdraw_verdict":
        with factories.seeding(app) as session:
            verdict_id = factories.verdict(
                session, session.get(Claim, claim_id), owner, conclusion="Mine."
            ).id
        return (
            f"{base}/verdicts/{verdict_id}/withdraw",
            {"version": 1},
            counting(Verdict, claim_id=claim_id),
        )
    if action == "add_note":
        return f"{base}/notes", {"body": "A note."}, counting(Note, claim_id=claim_id)
    with factories.seeding(app) as session:
        note_id = factories.note(session, session.get(Claim, claim_id), owner, "Mine.").id
    path = action.removesuffix("_note")
    return (
        f"{base}/notes/{note_id}/{path}",
        {"body": "Edited.", "version": 1},
        lambda s: getattr(s.get(Note, note_id), "body", None),
    )


ACTIONS = [
    "add_source",
    "edit_source",
    "remove_source",
    "move_source",
    "set_verdict",
    "restore_verdict",
    "withdraw_verdict",
    "add_note",
    "edit_note",
    "delete_note",
]


@pytest.mark.parametrize("role", ["admin", "editor", "reviewer", None])
@pytest.mark.parametrize("action", ACTIONS)
def test_each_action_as_each_role(
    app: Flask,
    client: FlaskClient,
    users: dict[str, User],
    claim_id: int,
    role: str | None,
    action: str,
) -> None:
    owner = users[role or "reviewer"]
    path, data, reading = _prepare(app, claim_id, action, owner)
    if role is not None:
        login(client, owner.email)
    before = read(app, reading)
    response = client.post(path, data=data)
    after = read(app, reading)
    if role is None:
        assert response.status_code == 404
        assert after == before
    else:
        assert response.status_code == 302, response.get_data(as_text=True)[:2000]
        assert after != before
