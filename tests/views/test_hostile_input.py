"""Hostile input never becomes a 500: every form field and query argument of every route, as a
logged-in admin, on both databases; a refusal stores nothing.

A route added without a baseline here fails `test_every_route_is_fuzzed`, so the guard keeps up.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from factcheck.extensions import db
from factcheck.models import (
    AuditEvent,
    Base,
    Claim,
    Note,
    RatingScale,
    Role,
    Source,
    Speech,
    Verdict,
)
from factcheck.services import claims, ratings
from tests import factories
from tests.factories import PASSWORD
from tests.helpers import claim_state, login

ADMIN = "admin@example.org"

# A lone surrogate cannot be a Python str in a request: it is sent as the raw bytes %ED%A0%80.
SURROGATE = object()
HOSTILE: dict[str, Any] = {
    "2**63": str(2**63),
    "2**31": str(2**31),
    "40 digits": "9" * 40,
    "-2**63-1": str(-(2**63) - 1),
    "negative": "-1",
    "zero": "0",
    "arabic-indic digits": "١٢",
    "superscript two": "²",
    "fullwidth one": "１",
    "underscore digits": "1_0",
    "NUL": "1\x00",
    "lone surrogate": SURROGATE,
    "long": "x" * 20_000,
    "bidi override": "\u202eabc",
    "bidi isolate": "\u2066abc\u2069",
    "http://[": "http://[",
    "http://[::1": "http://[::1",
    "http://a b": "http://a b",
    "javascript:": "javascript:alert(1)",
    "empty": "",
}


def encode(data: dict[str, Any]) -> str:
    return "&".join(
        f"{quote(k)}={'%ED%A0%80' if v is SURROGATE else quote(str(v), safe='')}"
        for k, v in data.items()
    )


@dataclass
class Seeded:
    speech_id: int
    claim_id: int
    source_id: int
    verdict_id: int
    note_id: int
    wording_event_id: int
    verdict_event_id: int
    rating_id: int
    reviewer_id: int
    assignment_id: int


def _seed(app: Flask) -> Seeded:
    with factories.seeding(app) as session:
        admin = factories.user(session, ADMIN, Role.ADMIN)
        reviewer = factories.user(session, "fuzzed.reviewer@example.org", Role.REVIEWER)
        reviewer_id = reviewer.id
        speech = factories.speech(session)
        scale = factories.rating_scale(session, admin)
        claim = session.scalar(
            select(Claim).where(Claim.speech_id == speech.id, Claim.text.startswith("Unemployment"))
        )
        source = factories.source(session, claim, admin, title="Overview")
        rating = scale.ratings[0]
        verdict = factories.verdict(
            session, claim, admin, rating.label, conclusion="First thoughts."
        )
        factories.verdict(
            session,
            claim,
            admin,
            rating.label,
            conclusion="Second thoughts.",
            expected_version=verdict.version,
        )
        note = factories.note(session, claim, admin, "A note.")
        (assignment,) = factories.assignment(session, speech, reviewer, actor=admin)
        claims.restate(
            session,
            actor=admin,
            claim=claim,
            restatement="Unemployment was 3.9%",
            expected_version=claim.version,
        )
        session.commit()
        wording = session.scalar(
            select(func.min(AuditEvent.id)).where(
                AuditEvent.object_type == "claim", AuditEvent.object_id == claim.id
            )
        )
        verdict_event = session.scalar(
            select(func.min(AuditEvent.id)).where(
                AuditEvent.object_type == "verdict", AuditEvent.object_id == verdict.id
            )
        )
        return Seeded(
            speech.id,
            claim.id,
            source.id,
            verdict.id,
            note.id,
            wording,
            verdict_event,
            rating.id,
            reviewer_id,
            assignment.id,
        )


def _versions(app: Flask, seeded: Seeded) -> dict[str, int]:
    with app.app_context():
        get = db.session.get
        return {
            "claim": get(Claim, seeded.claim_id).version,
            "speech": get(Speech, seeded.speech_id).version,
            "source": get(Source, seeded.source_id).version,
            "verdict": get(Verdict, seeded.verdict_id).version,
            "note": get(Note, seeded.note_id).version,
            "scale": db.session.scalar(select(RatingScale.version)),
        }


def _fingerprint(app: Flask) -> tuple[Any, ...]:
    """Row counts of every table but the log-in throttle's, and the last audit event."""
    counts = [
        select(func.count()).select_from(table).scalar_subquery()
        for table in Base.metadata.sorted_tables
        if table.name != "login_throttle"
    ]
    with app.app_context():
        return tuple(db.session.execute(select(*counts, func.max(AuditEvent.id))).one())


SOURCE = {
    "url": "https://example.org/a",
    "title": "A title",
    "publisher": "A publisher",
    "published_on": "2024-01-16",
    "accessed_on": "2024-05-09",
    "quote": "A quote.",
    "stance": "supports",
    "kind": "official_record",
    "is_public": "y",
}


def _scale_form(app: Flask) -> dict[str, Any]:
    with app.app_context():
        scale = ratings.active_scale(db.session)
        data: dict[str, Any] = {"version": scale.version, "intent": "save"}
        for i, r in enumerate(scale.ratings):
            data.update(
                {
                    f"ratings-{i}-id": r.id,
                    f"ratings-{i}-order": i + 1,
                    f"ratings-{i}-label": r.label,
                    f"ratings-{i}-definition": r.definition,
                    f"ratings-{i}-colour": r.colour,
                    f"ratings-{i}-value": "" if r.value is None else r.value,
                }
            )
        return data


# endpoint -> (path, form data) built from the seeded ids and the versions stored now
Baseline = Callable[[Flask, Seeded, dict[str, int]], tuple[str, dict[str, Any]]]
POSTS: dict[str, Baseline] = {
    "desk.import_speech": lambda app, s, v: (
        "/desk/speeches/new",
        {
            "title": "T",
            "speaker": "S",
            "delivered_on": "2020-01-01",
            "occasion": "O",
            "source_url": "https://example.org/",
            "media_url": "https://example.org/v",
            "language": "en",
            "transcript": "Prices rose by 2% in 2023.",
            "transcript_format": "",
        },
    ),
    "desk.save_speech": lambda app, s, v: (
        f"/desk/speeches/{s.speech_id}/edit",
        {
            "title": "T",
            "speaker": "S",
            "delivered_on": "2020-01-01",
            "occasion": "O",
            "source_url": "https://example.org/",
            "media_url": "https://example.org/v",
            "version": v["speech"],
        },
    ),
    "desk.rename_speaker": lambda app, s, v: (
        f"/desk/speeches/{s.speech_id}/speakers",
        {"old": "NOBODY", "new": "Somebody", "version": v["speech"]},
    ),
    "desk.archive_speech": lambda app, s, v: (
        f"/desk/speeches/{s.speech_id}/archive",
        {"version": 1_000},
    ),
    "desk.unarchive_speech": lambda app, s, v: (
        f"/desk/speeches/{s.speech_id}/unarchive",
        {"version": 1_000},
    ),
    "desk.delete_speech": lambda app, s, v: (
        f"/desk/speeches/{s.speech_id}/delete",
        {"confirm_title": "not the title"},
    ),
    "review.merge": lambda app, s, v: (f"/desk/claims/{s.claim_id}/merge", {"version": 1_000}),
    "review.split": lambda app, s, v: (
        f"/desk/claims/{s.claim_id}/split",
        {"version": v["claim"], "at": 1_000_000},
    ),
    "review.bounds": lambda app, s, v: (
        f"/desk/claims/{s.claim_id}/bounds",
        {"version": v["claim"], "start": 0, "end": 1},
    ),
    "review.restate": lambda app, s, v: (
        f"/desk/claims/{s.claim_id}/restate",
        {"version": v["claim"], "restatement": "Unemployment was 3.9%"},
    ),
    "review.dismiss": lambda app, s, v: (
        f"/desk/claims/{s.claim_id}/dismiss",
        {"version": 1_000, "reason": "opinion", "note": "n"},
    ),
    "review.restore": lambda app, s, v: (f"/desk/claims/{s.claim_id}/restore", {"version": 1_000}),
    "review.restore_wording": lambda app, s, v: (
        f"/desk/claims/{s.claim_id}/restatement/restore",
        {"version": 1_000, "event_id": s.wording_event_id},
    ),
    "review_items.add_source": lambda app, s, v: (
        f"/desk/claims/{s.claim_id}/sources",
        dict(SOURCE),
    ),
    "review_items.edit_source": lambda app, s, v: (
        f"/desk/claims/{s.claim_id}/sources/{s.source_id}/edit",
        {**SOURCE, "version": v["source"]},
    ),
    "review_items.remove_source": lambda app, s, v: (
        f"/desk/claims/{s.claim_id}/sources/{s.source_id}/remove",
        {"version": 1_000},
    ),
    "review_items.move_source": lambda app, s, v: (
        f"/desk/claims/{s.claim_id}/sources/{s.source_id}/move",
        {"version": v["source"], "by": 1},
    ),
    "review_items.set_verdict": lambda app, s, v: (
        f"/desk/claims/{s.claim_id}/verdict",
        {
            "rating": s.rating_id,
            "conclusion": "C",
            "explanation": "E",
            "version": v["verdict"],
            "intent": "draft",
            "claim_state": claim_state(app, s.claim_id),
        },
    ),
    "review_items.restore_verdict": lambda app, s, v: (
        f"/desk/claims/{s.claim_id}/verdicts/{s.verdict_id}/restore",
        {"version": v["verdict"], "event_id": s.verdict_event_id},
    ),
    "review_items.withdraw_verdict": lambda app, s, v: (
        f"/desk/claims/{s.claim_id}/verdicts/{s.verdict_id}/withdraw",
        {"version": 1_000},
    ),
    "review_items.add_note": lambda app, s, v: (f"/desk/claims/{s.claim_id}/notes", {"body": "B"}),
    "review_items.edit_note": lambda app, s, v: (
        f"/desk/claims/{s.claim_id}/notes/{s.note_id}/edit",
        {"version": v["note"], "body": "B"},
    ),
    "review_items.delete_note": lambda app, s, v: (
        f"/desk/claims/{s.claim_id}/notes/{s.note_id}/delete",
        {"version": 1_000},
    ),
    # The seeded claim is in review: each decision is refused there, after the form is read.
    "decisions.approve": lambda app, s, v: (
        f"/desk/claims/{s.claim_id}/approve",
        {"version": 1_000, "rationale": "The figures match."},
    ),
    "decisions.send_back": lambda app, s, v: (
        f"/desk/claims/{s.claim_id}/send-back",
        {"version": 1_000, "comment": "Add a source."},
    ),
    "decisions.resolve": lambda app, s, v: (
        f"/desk/claims/{s.claim_id}/resolve",
        {"version": 1_000, "verdict": 1, "rationale": "The census bears it out."},
    ),
    "decisions.publish": lambda app, s, v: (
        f"/desk/claims/{s.claim_id}/publish",
        {"version": 1_000},
    ),
    "decisions.unpublish": lambda app, s, v: (
        f"/desk/claims/{s.claim_id}/unpublish",
        {"version": 1_000},
    ),
    "decisions.correct": lambda app, s, v: (
        f"/desk/claims/{s.claim_id}/correct",
        {"version": 1_000, "note": "The figure was revised."},
    ),
    "decisions.withdraw": lambda app, s, v: (
        f"/desk/claims/{s.claim_id}/withdraw",
        {"version": 1_000, "note": "Misattributed."},
    ),
    "decisions.publish_speech": lambda app, s, v: (f"/desk/speeches/{s.speech_id}/publish", {}),
    "assignments.assign": lambda app, s, v: (
        f"/desk/speeches/{s.speech_id}/assignments?state=open&page=1",
        {
            "reviewers": s.reviewer_id,
            "scope": "claims",
            "claims": s.claim_id,
            "due_on": "2999-12-31",
            "second": "y",
            "sample_size": "1",
        },
    ),
    "assignments.unassign": lambda app, s, v: (
        f"/desk/speeches/{s.speech_id}/assignments/{s.assignment_id}/remove",
        {},
    ),
    "admin.add_person": lambda app, s, v: (
        "/desk/admin/people",
        {
            "email": "person@example.org",
            "display_name": "P",
            "role": "reviewer",
            "password": "four unrelated words for a start",
        },
    ),
    "admin.set_role": lambda app, s, v: (
        f"/desk/admin/people/{s.reviewer_id}/role",
        {"role": "editor"},
    ),
    "admin.reset_link": lambda app, s, v: (f"/desk/admin/people/{s.reviewer_id}/reset-link", {}),
    "auth.set_password_by_link": lambda app, s, v: (
        "/password/not-a-real-link",
        {"new_password": "four unrelated words here", "confirm": "four unrelated words here"},
    ),
    "admin.deactivate": lambda app, s, v: (f"/desk/admin/people/{s.reviewer_id}/deactivate", {}),
    "admin.reactivate": lambda app, s, v: (f"/desk/admin/people/{s.reviewer_id}/reactivate", {}),
    "admin.rating_scale": lambda app, s, v: ("/desk/admin/rating-scale", _scale_form(app)),
    "admin.create_default_scale": lambda app, s, v: (
        "/desk/admin/rating-scale/default",
        {"next": "/desk/"},
    ),
    "admin.organisation_settings": lambda app, s, v: (
        "/desk/admin/settings",
        {
            "min_sources_for_verdict": 1,
            "approval_quorum": 1,
            "organisation_name": "Checks",
            "organisation_url": "https://example.org/",
            "show_staff_names": "y",
        },
    ),
    "account.change_name": lambda app, s, v: ("/account/name", {"display_name": "A name"}),
    "account.change_password": lambda app, s, v: (
        "/account/password",
        {"current_password": PASSWORD, "new_password": "x" * 12, "confirm": "y" * 12},
    ),
    "auth.login": lambda app, s, v: (
        "/login",
        {"email": "nobody@example.org", "password": "x", "next": "/desk/"},
    ),
}
# endpoint -> (path, the query arguments it reads)
GETS: dict[str, Callable[[Seeded], tuple[str, list[str]]]] = {
    "public.index": lambda s: ("/", ["speaker", "page"]),
    "public.speech": lambda s: (f"/speeches/{s.speech_id}", []),
    "public.claim": lambda s: (f"/claims/{s.claim_id}-a-slug", []),
    "public.search": lambda s: ("/search", ["q", "rating", "speaker", "since", "until", "page"]),
    "public.methodology": lambda s: ("/methodology", []),
    "public.corrections": lambda s: ("/corrections", []),
    "public.feed": lambda s: ("/feed.atom", []),
    "public.rating_colours": lambda s: ("/ratings.css", []),
    "desk.agreement": lambda s: ("/desk/agreement", ["speech"]),
    "auth.login": lambda s: ("/login", ["next"]),
    "desk.index": lambda s: ("/desk/", ["show"]),
    "desk.edit_speech": lambda s: (f"/desk/speeches/{s.speech_id}/edit", []),
    "desk.delete_speech": lambda s: (f"/desk/speeches/{s.speech_id}/delete", []),
    "desk.import_speech": lambda s: ("/desk/speeches/new", []),
    "desk.speech": lambda s: (f"/desk/speeches/{s.speech_id}", ["sort", "page", "tfrom"]),
    "review.work": lambda s: (
        f"/desk/speeches/{s.speech_id}/work",
        ["claim", "order", "status", "verdict", "speaker", "mine", "qfrom", "tfrom"],
    ),
    "review.work_queue": lambda s: (
        f"/desk/speeches/{s.speech_id}/work/queue",
        ["claim", "start", "count", "side", "order", "status", "verdict", "speaker", "mine"],
    ),
    "review.work_transcript": lambda s: (
        f"/desk/speeches/{s.speech_id}/work/transcript",
        ["claim", "start", "count", "side"],
    ),
    "review.work_panel": lambda s: (
        f"/desk/speeches/{s.speech_id}/work/panel",
        ["claim", "order", "status", "verdict", "speaker", "mine"],
    ),
    "desk.speech_claims": lambda s: (
        f"/desk/speeches/{s.speech_id}/claims",
        ["sort", "start", "count", "side"],
    ),
    "desk.speech_transcript": lambda s: (
        f"/desk/speeches/{s.speech_id}/transcript",
        ["start", "count", "side"],
    ),
    "assignments.queue": lambda s: ("/desk/queue", ["show", "page"]),
    "assignments.board": lambda s: (f"/desk/speeches/{s.speech_id}/board", ["state", "page"]),
    "desk.import_status": lambda s: ("/desk/imports/1", []),
    "desk.import_progress": lambda s: ("/desk/imports/1/progress", []),
    "account.index": lambda s: ("/account/", []),
    "admin.index": lambda s: ("/desk/admin/", []),
    "admin.rating_scale": lambda s: ("/desk/admin/rating-scale", []),
    "admin.people": lambda s: ("/desk/admin/people", []),
    "auth.set_password_by_link": lambda s: ("/password/not-a-real-link", []),
    "admin.organisation_settings": lambda s: ("/desk/admin/settings", []),
    "decisions.corrections": lambda s: ("/desk/corrections", ["before"]),
    "desk.exports": lambda s: ("/desk/exports", []),
    "desk.export_download": lambda s: (
        "/desk/exports/download",
        ["format", "published", "speech", "speaker", "since", "until", "bom"],
    ),
    "desk.export_speech": lambda s: (
        f"/desk/speeches/{s.speech_id}/export",
        ["format", "published", "bom"],
    ),
}
# Files; logging out (here or everywhere) takes no input and would end the fuzzing client's session.
NOT_FUZZED = {"static", "auth.logout", "account.logout_everywhere"}


def test_every_route_is_fuzzed(app: Flask) -> None:
    for rule in app.url_map.iter_rules():
        if rule.endpoint in NOT_FUZZED:
            continue
        if "POST" in rule.methods:
            assert rule.endpoint in POSTS, f"add a baseline for {rule.endpoint} to POSTS"
        if "GET" in rule.methods:
            assert rule.endpoint in GETS, f"add {rule.endpoint} and its query arguments to GETS"


@pytest.fixture
def seeded(app: Flask) -> Seeded:
    return _seed(app)


@pytest.fixture
def admin_client(app: Flask, seeded: Seeded) -> FlaskClient:
    client = app.test_client()
    assert login(client, ADMIN).status_code == 302
    return client


@pytest.mark.parametrize("endpoint", sorted(POSTS))
def test_hostile_form_fields_are_refused_not_500(
    app: Flask, seeded: Seeded, admin_client: FlaskClient, endpoint: str
) -> None:
    client = admin_client if endpoint != "auth.login" else app.test_client()
    failures = []
    path, fields = POSTS[endpoint](app, seeded, _versions(app, seeded))
    # The scale editor's rows are alike: the first row's fields (and ticks) stand for them all.
    fields = [f for f in fields if not f.startswith("ratings-") or f.startswith("ratings-0-")]
    if endpoint == "admin.rating_scale":
        fields += ["ratings-0-retired", "ratings-0-delete"]
    for field in fields:
        for name, value in HOSTILE.items():
            path, data = POSTS[endpoint](app, seeded, _versions(app, seeded))
            data[field] = value
            before = _fingerprint(app)
            response = client.post(
                path, data=encode(data), content_type="application/x-www-form-urlencoded"
            )
            if response.status_code >= 500:
                failures.append(f"{field}={name}: {response.status_code}")
            elif response.status_code >= 400 and _fingerprint(app) != before:
                failures.append(f"{field}={name}: refused ({response.status_code}) but stored")
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("endpoint", sorted(POSTS))
def test_fields_sent_as_files_or_as_json_are_refused_not_500(
    app: Flask, seeded: Seeded, admin_client: FlaskClient, endpoint: str
) -> None:
    """Flask-WTF handed a file posted under a text field's name to that field, and read JSON
    bodies: a title of 5 or a file was a 500. Forms now read only what a browser's form sends."""
    client = admin_client if endpoint != "auth.login" else app.test_client()
    failures = []

    def check(what: str, response: Any, before: tuple[Any, ...]) -> None:
        if response.status_code >= 500:
            failures.append(f"{what}: {response.status_code}")
        elif response.status_code >= 400 and _fingerprint(app) != before:
            failures.append(f"{what}: refused ({response.status_code}) but stored")

    path, fields = POSTS[endpoint](app, seeded, _versions(app, seeded))
    for field in fields:
        path, data = POSTS[endpoint](app, seeded, _versions(app, seeded))
        data[field] = (io.BytesIO(b"1"), "file.txt")
        before = _fingerprint(app)
        check(f"{field} as a file", client.post(path, data=data), before)
    for value in (5, 1.5, True, None, [1, 2], {"a": 1}, "x"):
        path, data = POSTS[endpoint](app, seeded, _versions(app, seeded))
        before = _fingerprint(app)
        check(f"JSON of {value!r}", client.post(path, json=dict.fromkeys(data, value)), before)
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("endpoint", sorted(GETS))
def test_hostile_query_arguments_are_refused_not_500(
    app: Flask, seeded: Seeded, admin_client: FlaskClient, endpoint: str
) -> None:
    path, args = GETS[endpoint](seeded)
    failures = []
    for arg in [*args, "unknown"]:
        for name, value in HOSTILE.items():
            response = admin_client.get(f"{path}?{encode({arg: value})}")
            if response.status_code >= 500:
                failures.append(f"{arg}={name}: {response.status_code}")
    assert not failures, "\n".join(failures)


# --- what a refusal says ---------------------------------------------------------------------------


def test_an_unclosed_bracket_in_a_url_is_refused_beside_the_field(
    app: Flask, seeded: Seeded, admin_client: FlaskClient
) -> None:
    before = _fingerprint(app)
    path, data = POSTS["desk.import_speech"](app, seeded, _versions(app, seeded))
    response = admin_client.post(path, data={**data, "source_url": "http://[::1"})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "That web address is malformed (an unclosed [ or an impossible port)" in page
    assert _fingerprint(app) == before


@pytest.mark.parametrize("value", [str(2**31), str(2**63), "0", "-1"])
def test_a_rating_beyond_the_id_range_is_not_on_the_scale(
    app: Flask, seeded: Seeded, admin_client: FlaskClient, value: str
) -> None:
    before = _fingerprint(app)
    path, data = POSTS["review_items.set_verdict"](app, seeded, _versions(app, seeded))
    response = admin_client.post(path, data={**data, "rating": value})
    assert response.status_code == 400
    assert "Rating: That rating is not on the rating scale." in response.get_data(as_text=True)
    assert _fingerprint(app) == before


@pytest.mark.parametrize("endpoint", ["review.restore_wording", "review_items.restore_verdict"])
def test_an_event_beyond_the_id_range_is_refused(
    app: Flask, seeded: Seeded, admin_client: FlaskClient, endpoint: str
) -> None:
    before = _fingerprint(app)
    path, data = POSTS[endpoint](app, seeded, _versions(app, seeded))
    response = admin_client.post(path, data={**data, "event_id": str(2**63)})
    assert response.status_code == 400
    assert _fingerprint(app) == before


@pytest.mark.parametrize("value", [str(2**31), str(2**63), "١٢", "abc"])
def test_a_claim_asked_for_that_cannot_exist_is_missing(
    seeded: Seeded, admin_client: FlaskClient, value: str
) -> None:
    response = admin_client.get(
        f"/desk/speeches/{seeded.speech_id}/work?{encode({'claim': value})}"
    )
    assert response.status_code == 200
    assert "The claim you linked to is not in this speech" in response.get_data(as_text=True)


@pytest.mark.parametrize("value", ["١", "１", "²", "1_0"])
def test_numbers_take_only_the_digits_0_to_9(
    app: Flask, seeded: Seeded, admin_client: FlaskClient, value: str
) -> None:
    response = admin_client.post(
        "/desk/admin/settings", data={"min_sources_for_verdict": value, "approval_quorum": 1}
    )
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    expected = (
        "Write the number with the digits 0 to 9." if value != "1_0" else "Not a valid integer"
    )
    assert expected in page


@pytest.mark.parametrize("digits", ["١", "１", "01", "0", str(2**31)])
def test_an_id_in_the_path_is_ascii_digits_in_range(
    seeded: Seeded, admin_client: FlaskClient, digits: str
) -> None:
    assert admin_client.get(f"/desk/speeches/{seeded.speech_id}").status_code == 200
    assert seeded.speech_id == 1
    assert admin_client.get(f"/desk/speeches/{quote(digits)}").status_code == 404


def test_a_rating_label_that_reorders_text_is_refused(
    app: Flask, seeded: Seeded, admin_client: FlaskClient
) -> None:
    before = _fingerprint(app)
    data = _scale_form(app)
    data["ratings-0-label"] = "Fal\u202eeurt"  # shown as "Falture"
    response = admin_client.post("/desk/admin/rating-scale", data=data)
    assert response.status_code == 400
    assert "changes the direction of the text (U+202E)" in response.get_data(as_text=True)
    assert _fingerprint(app) == before
