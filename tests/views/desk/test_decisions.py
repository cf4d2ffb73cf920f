"""The editors' decisions through the client, as each role: the decision section of the panel,
approving and sending back, publishing, correcting and withdrawing; every refusal with its clear
message and nothing changed; and the corrections log."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from factcheck.models import (
    ApprovalVote,
    AuditEvent,
    Claim,
    ClaimState,
    Publication,
    PublicationKind,
    Role,
    User,
    Verdict,
)
from factcheck.services import publishing, settings, workflow
from tests import factories
from tests.helpers import claim_starting, conflict, csrf_token, login, problem, read

pytestmark = pytest.mark.usefixtures("scale")


def submitted(app: Flask, claim_id: int, author: User, label: str = "False") -> None:
    with factories.seeding(app) as session:
        claim = session.get(Claim, claim_id)
        factories.submitted_verdict(session, claim, session.get(User, author.id), label)


def approved(app: Flask, claim_id: int, author: User, editor: User) -> None:
    submitted(app, claim_id, author)
    with factories.seeding(app) as session:
        claim = session.get(Claim, claim_id)
        factories.approval(session, claim, session.get(User, editor.id))


def published(app: Flask, claim_id: int, author: User, editor: User) -> None:
    approved(app, claim_id, author, editor)
    with factories.seeding(app) as session:
        factories.publication(session, session.get(Claim, claim_id), session.get(User, editor.id))


def another_editor(app: Flask, name: str = "second") -> User:
    with factories.seeding(app) as session:
        return factories.user(
            session, f"{name.lower()}@example.org", Role.EDITOR, display_name=name
        )


def version(app: Flask, claim_id: int) -> int:
    return read(app, lambda s: workflow.row_of(s, s.get(Claim, claim_id)).version)


def state(app: Flask, claim_id: int) -> ClaimState:
    return read(app, lambda s: workflow.current_state(s, s.get(Claim, claim_id)))


def fingerprint(app: Flask, claim_id: int) -> tuple[Any, ...]:
    """The claim's state and its version, the votes, publications, verdicts and the log."""

    def query(s):
        row = workflow.row_of(s, s.get(Claim, claim_id))
        verdicts = s.execute(
            select(Verdict.id, Verdict.version).where(Verdict.claim_id == claim_id)
        ).all()
        return (
            (row.state, row.version) if row else None,
            s.scalar(select(func.count()).select_from(ApprovalVote)),
            s.scalar(select(func.count()).select_from(Publication)),
            s.scalar(select(func.max(AuditEvent.id))),
            tuple(verdicts),
        )

    return read(app, query)


def decide(client: FlaskClient, claim_id: int, action: str, **data: Any):
    return client.post(f"/desk/claims/{claim_id}/{action}", data=data)


def panel(client: FlaskClient, speech_id: int, claim_id: int) -> str:
    response = client.get(f"/desk/speeches/{speech_id}/work?claim={claim_id}")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    start = page.index('class="panel-section decision"')
    return page[start : page.index("</section>", start)]


def test_an_editor_approves_then_publishes_from_the_panel(
    app: Flask, as_editor: FlaskClient, users: dict[str, User], speech_id: int, claim_id: int
) -> None:
    submitted(app, claim_id, users["reviewer"])
    section = panel(as_editor, speech_id, claim_id)
    assert "submitted" in section
    assert "0 of 1</strong>" in section
    assert 'name="rationale"' in section
    assert "Send back to the reviewer" in section
    assert "Publish this check" not in section

    response = decide(
        as_editor, claim_id, "approve", rationale="Matches the ONS.", version=version(app, claim_id)
    )
    assert response.status_code == 302
    assert f"/work?claim={claim_id}" in response.headers["Location"]
    page = as_editor.get(response.headers["Location"]).get_data(as_text=True)
    assert "Approved (1 of 1): the claim is ready to publish." in page
    section = panel(as_editor, speech_id, claim_id)
    assert "1 of 1</strong>" in section
    assert "Matches the ONS." in section
    assert 'name="rationale"' not in section
    assert "Publish this check" in section
    # The only approved claim of the speech: no second button to publish "all" of them.
    assert "Publish the speech’s approved claims" not in section

    response = decide(as_editor, claim_id, "publish", version=version(app, claim_id))
    assert response.status_code == 302
    assert state(app, claim_id) is ClaimState.PUBLISHED
    section = panel(as_editor, speech_id, claim_id)
    assert "Published versions" in section
    assert "Version 1" in section
    assert "Publish a correction" in section
    assert "Unpublish" in section
    assert "Withdraw this check" in section


def test_a_reviewer_sees_the_state_and_no_decisions(
    app: Flask, as_reviewer: FlaskClient, users: dict[str, User], speech_id: int, claim_id: int
) -> None:
    submitted(app, claim_id, users["reviewer"])
    section = panel(as_reviewer, speech_id, claim_id)
    assert "submitted" in section
    for control in ("rationale", "comment", "note"):
        assert f'name="{control}"' not in section
    before = fingerprint(app, claim_id)
    seen = version(app, claim_id)
    for action, data in [
        ("approve", {"rationale": "Mine is right."}),
        ("send-back", {"comment": "No."}),
        ("publish", {}),
    ]:
        assert decide(as_reviewer, claim_id, action, version=seen, **data).status_code == 403
    assert as_reviewer.post(f"/desk/speeches/{speech_id}/publish").status_code == 403
    assert fingerprint(app, claim_id) == before


def test_sent_back_the_reviewer_reads_the_comment(
    app: Flask, client: FlaskClient, users: dict[str, User], speech_id: int, claim_id: int
) -> None:
    submitted(app, claim_id, users["reviewer"])
    login(client, users["editor"].email)
    response = decide(
        client,
        claim_id,
        "send-back",
        comment="Cite the <b>revised</b> ONS series.\nThe first one was withdrawn.",
        version=version(app, claim_id),
    )
    assert response.status_code == 302
    assert state(app, claim_id) is ClaimState.SENT_BACK
    client.post("/logout")
    login(client, users["reviewer"].email)
    section = panel(client, speech_id, claim_id)
    assert "sent back" in section
    assert "Sent back by editor" in section
    assert "Cite the &lt;b&gt;revised&lt;/b&gt; ONS series." in section
    assert "<b>revised</b>" not in section
    verdict = read(app, lambda s: s.scalars(select(Verdict)).one())
    assert verdict.status.value == "draft"


def test_an_editor_cannot_approve_their_own_verdict(
    app: Flask, as_editor: FlaskClient, users: dict[str, User], speech_id: int, claim_id: int
) -> None:
    submitted(app, claim_id, users["editor"])
    section = panel(as_editor, speech_id, claim_id)
    assert 'name="rationale"' not in section
    assert "another editor approves it" in section
    before = fingerprint(app, claim_id)
    response = decide(
        as_editor, claim_id, "approve", rationale="Looks right.", version=version(app, claim_id)
    )
    assert response.status_code == 400
    assert "your approval cannot count" in problem(response.get_data(as_text=True))
    assert fingerprint(app, claim_id) == before


def test_approving_with_too_few_sources_is_refused(
    app: Flask, as_editor: FlaskClient, users: dict[str, User], claim_id: int
) -> None:
    submitted(app, claim_id, users["reviewer"])
    with factories.seeding(app) as session:
        admin = session.get(User, users["admin"].id)
        factories.setting(session, settings.MIN_SOURCES_FOR_VERDICT, 2, actor=admin)
    before = fingerprint(app, claim_id)
    response = decide(
        as_editor, claim_id, "approve", rationale="Fine.", version=version(app, claim_id)
    )
    assert response.status_code == 400
    assert "needs 2 sources before its verdict is approved" in problem(
        response.get_data(as_text=True)
    )
    assert fingerprint(app, claim_id) == before


def test_publishing_without_an_approved_verdict_is_refused(
    app: Flask, as_editor: FlaskClient, users: dict[str, User], claim_id: int
) -> None:
    submitted(app, claim_id, users["reviewer"])
    before = fingerprint(app, claim_id)
    response = decide(as_editor, claim_id, "publish", version=version(app, claim_id))
    assert response.status_code == 400
    assert "has no approved verdict yet" in problem(response.get_data(as_text=True))
    assert fingerprint(app, claim_id) == before


def test_a_decision_on_a_stale_view_is_a_409(
    app: Flask, client: FlaskClient, users: dict[str, User], claim_id: int
) -> None:
    second = another_editor(app)
    submitted(app, claim_id, users["reviewer"])
    seen = version(app, claim_id)
    login(client, second.email)
    assert decide(client, claim_id, "send-back", comment="Redo.", version=seen).status_code == 302
    client.post("/logout")
    login(client, users["editor"].email)
    before = fingerprint(app, claim_id)
    response = decide(client, claim_id, "approve", rationale="Fine by me.", version=seen)
    assert response.status_code == 409
    page = response.get_data(as_text=True)
    assert "changed this claim" in conflict(page)
    assert "second" in conflict(page)
    assert fingerprint(app, claim_id) == before


@pytest.mark.parametrize(
    ("action", "data", "verb"),
    [
        ("unpublish", {}, "unpublished"),
        ("correct", {"note": "Fixed."}, "corrected"),
        ("withdraw", {"note": "Void."}, "withdrawn"),
        ("publish", {}, "published"),
    ],
)
def test_illegal_transitions_say_what_is_allowed(
    app: Flask,
    as_editor: FlaskClient,
    users: dict[str, User],
    claim_id: int,
    action: str,
    data: dict[str, str],
    verb: str,
) -> None:
    published(app, claim_id, users["reviewer"], another_editor(app))
    if action != "publish":
        with factories.seeding(app) as session:
            publishing.unpublish(session, actor=None, claim=session.get(Claim, claim_id))
    before = fingerprint(app, claim_id)
    response = decide(as_editor, claim_id, action, version=version(app, claim_id), **data)
    assert response.status_code == 400
    message = problem(response.get_data(as_text=True))
    if action == "publish":
        assert (
            "A claim that is published cannot be published (only one that is approved)" in message
        )
    else:
        assert f"A claim that is approved cannot be {verb} (only one that is published)" in message
    assert "Nothing was changed." in message
    assert fingerprint(app, claim_id) == before


def test_a_refused_rationale_is_kept_for_the_editor(
    app: Flask, as_editor: FlaskClient, users: dict[str, User], claim_id: int
) -> None:
    submitted(app, claim_id, users["reviewer"])
    before = fingerprint(app, claim_id)
    blank = decide(as_editor, claim_id, "approve", rationale="   ", version=version(app, claim_id))
    assert blank.status_code == 400
    assert "Write the rationale" in problem(blank.get_data(as_text=True))
    long = "Because " * 300
    response = decide(
        as_editor, claim_id, "approve", rationale=long, version=version(app, claim_id)
    )
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "keep it under 2,000" in problem(page)
    assert long.strip() in page
    assert fingerprint(app, claim_id) == before


def test_two_editors_approve_with_a_quorum_of_two(
    app: Flask, client: FlaskClient, users: dict[str, User], speech_id: int, claim_id: int
) -> None:
    with factories.seeding(app) as session:
        admin = session.get(User, users["admin"].id)
        factories.setting(session, settings.APPROVAL_QUORUM, 2, actor=admin)
    second = another_editor(app, "Sam")
    submitted(app, claim_id, users["reviewer"])
    login(client, users["editor"].email)
    response = decide(client, claim_id, "approve", rationale="One.", version=version(app, claim_id))
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Your approval is recorded: 1 of 2; 1 more editor must approve." in page
    section = panel(client, speech_id, claim_id)
    assert 'name="rationale"' not in section
    assert "You have approved this version" in section
    client.post("/logout")
    login(client, second.email)
    assert "1 of 2</strong>" in panel(client, speech_id, claim_id)
    decide(client, claim_id, "approve", rationale="Two.", version=version(app, claim_id))
    assert state(app, claim_id) is ClaimState.APPROVED
    section = panel(client, speech_id, claim_id)
    assert "2 of 2</strong>" in section
    assert section.index("One.") < section.index("Two.")


def test_correct_then_read_the_corrections_log(
    app: Flask, client: FlaskClient, users: dict[str, User], speech_id: int, claim_id: int
) -> None:
    published(app, claim_id, users["reviewer"], another_editor(app))
    login(client, users["editor"].email)
    response = decide(
        client, claim_id, "correct", note="Nothing changed.", version=version(app, claim_id)
    )
    assert response.status_code == 400
    assert "Nothing to correct" in problem(response.get_data(as_text=True))
    with factories.seeding(app) as session:
        verdict = session.scalars(select(Verdict)).one()
        factories.verdict(
            session,
            session.get(Claim, claim_id),
            session.get(User, users["reviewer"].id),
            "Mostly false",
            conclusion="It was 4.1%, not 3.9%.",
            submit=True,
            expected_version=verdict.version,
        )
    response = decide(
        client,
        claim_id,
        "correct",
        note="The ONS revised the rate to 4.1% <after> publication.",
        version=version(app, claim_id),
    )
    assert response.status_code == 302
    kinds = read(
        app, lambda s: s.scalars(select(Publication.kind).order_by(Publication.number)).all()
    )
    assert kinds == [PublicationKind.FIRST, PublicationKind.CORRECTION]
    section = panel(client, speech_id, claim_id)
    assert "Version 2" in section
    assert "Corrected on" in section
    assert "4.1% &lt;after&gt; publication." in section

    client.post("/logout")
    login(client, users["reviewer"].email)
    page = client.get("/desk/corrections").get_data(as_text=True)
    assert "Corrections log" in page
    assert "The ONS revised the rate to 4.1% &lt;after&gt; publication." in page
    assert f"/desk/speeches/{speech_id}/work?claim={claim_id}" in page
    assert "Mostly false" in page
    client.post("/logout")
    assert client.get("/desk/corrections").status_code == 404


def test_withdraw_with_a_public_note(
    app: Flask, as_editor: FlaskClient, users: dict[str, User], speech_id: int, claim_id: int
) -> None:
    published(app, claim_id, users["reviewer"], another_editor(app))
    before = fingerprint(app, claim_id)
    blank = decide(as_editor, claim_id, "withdraw", note="", version=version(app, claim_id))
    assert blank.status_code == 400
    assert "Write the withdrawal note" in problem(blank.get_data(as_text=True))
    assert fingerprint(app, claim_id) == before
    response = decide(
        as_editor, claim_id, "withdraw", note="Misattributed.", version=version(app, claim_id)
    )
    assert response.status_code == 302
    assert state(app, claim_id) is ClaimState.WITHDRAWN
    section = panel(as_editor, speech_id, claim_id)
    assert "withdrawn" in section
    assert "Misattributed." in section
    assert "Publish a correction" not in section


def test_publish_a_speechs_approved_claims(
    app: Flask, as_editor: FlaskClient, users: dict[str, User], speech_id: int, claim_id: int
) -> None:
    response = as_editor.post(f"/desk/speeches/{speech_id}/publish?claim={claim_id}")
    assert response.status_code == 400
    assert "nothing was published" in problem(response.get_data(as_text=True))
    second = another_editor(app)
    other_id = claim_starting(app, speech_id, "We built").id
    for claim in (claim_id, other_id):
        approved(app, claim, users["reviewer"], second)
    section = panel(as_editor, speech_id, claim_id)
    assert "2 claims of this speech are approved and waiting to be published." in section
    assert "Publish the speech’s approved claims (2)" in section
    response = as_editor.post(f"/desk/speeches/{speech_id}/publish?claim={claim_id}")
    assert response.status_code == 302
    assert f"claim={claim_id}" in response.headers["Location"]
    page = as_editor.get(response.headers["Location"]).get_data(as_text=True)
    assert "Published 2 approved claims." in page
    assert state(app, claim_id) is ClaimState.PUBLISHED
    assert state(app, other_id) is ClaimState.PUBLISHED


def test_deciding_needs_the_csrf_token(
    app: Flask, users: dict[str, User], speech_id: int, claim_id: int
) -> None:
    submitted(app, claim_id, users["reviewer"])
    app.config["WTF_CSRF_ENABLED"] = True
    client = app.test_client()
    page = client.get("/login").get_data(as_text=True)
    login_data = {"email": users["editor"].email, "csrf_token": csrf_token(page)}
    assert (
        client.post("/login", data={**login_data, "password": factories.PASSWORD}).status_code
        == 302
    )
    before = fingerprint(app, claim_id)
    data = {"rationale": "Fine.", "version": version(app, claim_id)}
    assert decide(client, claim_id, "approve", **data).status_code == 400
    assert fingerprint(app, claim_id) == before
    page = client.get(f"/desk/speeches/{speech_id}/work?claim={claim_id}").get_data(as_text=True)
    response = decide(client, claim_id, "approve", csrf_token=csrf_token(page), **data)
    assert response.status_code == 302
    assert state(app, claim_id) is ClaimState.APPROVED
