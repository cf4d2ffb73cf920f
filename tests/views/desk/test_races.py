"""Races between reviewers, with real concurrent requests on real connections (both databases).

Every race must end in a correct result or a clear refusal (400 with the rule, 409 with what
happened), never a 500 and never a silent loss; the invariants are checked in the database after.
Each client is a separate Flask test client with its own log-in, run in its own thread, released
together by a barrier.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from itertools import pairwise
from typing import TypeVar

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from factcheck.extensions import db
from factcheck.models import Claim, Note, Role, Source, Speech, Verdict
from factcheck.services import claims as claim_ops
from factcheck.services import ratings
from tests import factories
from tests.helpers import claim_rows, count, login

TRANSCRIPT = (
    "Unemployment fell to 3.9% in 2023, the lowest level in years. "
    "We built 40,000 new homes across the country last year. "
    "Prices rose by 2% over the whole of the year.\n"
)
REFUSED = {400, 409}
T = TypeVar("T")
SOURCE = {
    "url": "https://www.ons.gov.uk/employment",
    "title": "Labour market overview",
    "accessed_on": "2024-05-09",
    "stance": "supports",
    "kind": "primary_data",
    "is_public": "y",
}


def at_once(calls: list[Callable[[], T]]) -> list[T]:
    """Run the calls in threads of their own, released together; their results in order."""
    barrier = threading.Barrier(len(calls))

    def run(call: Callable[[], T]) -> T:
        barrier.wait(timeout=30)
        return call()

    with ThreadPoolExecutor(len(calls)) as pool:
        return list(pool.map(run, calls))


def staff(app: Flask, n: int, role: Role = Role.REVIEWER, prefix: str = "r") -> list[FlaskClient]:
    """``n`` clients, each logged in as a colleague of their own."""
    with factories.seeding(app) as session:
        people = [factories.user(session, f"{prefix}{i}@example.org", role) for i in range(n)]
    clients = []
    for person in people:
        client = app.test_client()
        assert login(client, person.email).status_code == 302
        clients.append(client)
    return clients


def assert_exact(app: Flask, speech_id: int) -> list[Claim]:
    """Each claim is its span of the transcript; claims are ordered and do not overlap."""
    with app.app_context():
        transcript = db.session.get(Speech, speech_id).transcript
    rows = claim_rows(app, speech_id)
    for claim in rows:
        assert 0 <= claim.start < claim.end <= len(transcript)
        assert transcript[claim.start : claim.end] == claim.text
    for first, second in pairwise(rows):
        assert first.end <= second.start, (first, second)
    return rows


def post(client: FlaskClient, path: str, data: dict) -> Callable[[], int]:
    return lambda: client.post(path, data=data).status_code


def test_two_reviewers_widening_into_one_gap_never_make_claims_overlap(app: Flask) -> None:
    ana, bo = staff(app, 2)
    outcomes = []
    for _ in range(6):
        with factories.seeding(app) as session:
            speech_id = factories.speech(session, TRANSCRIPT).id
        first, second, _ = claim_rows(app, speech_id)
        # Open a gap between the two claims, as two trims would.
        with app.app_context():
            a, b = db.session.get(Claim, first.id), db.session.get(Claim, second.id)
            claim_ops.set_bounds(
                db.session,
                actor=None,
                claim=a,
                start=a.start,
                end=a.end - 20,
                expected_version=a.version,
            )
            claim_ops.set_bounds(
                db.session,
                actor=None,
                claim=b,
                start=b.start + 20,
                end=b.end,
                expected_version=b.version,
            )
            db.session.commit()
            gap = (a.end, b.start, a.version, b.version)
        middle = (gap[0] + gap[1]) // 2
        statuses = at_once(
            [
                post(
                    ana,
                    f"/desk/claims/{first.id}/bounds",
                    {"start": first.start, "end": middle + 5, "version": gap[2]},
                ),
                post(
                    bo,
                    f"/desk/claims/{second.id}/bounds",
                    {"start": middle - 5, "end": second.end, "version": gap[3]},
                ),
            ]
        )
        outcomes.append(tuple(statuses))
        assert set(statuses) <= {302} | REFUSED, statuses
        assert 302 in statuses  # one of them saved
        assert_exact(app, speech_id)
    assert all(sorted(o) == [302, 400] for o in outcomes), outcomes


@pytest.mark.usefixtures("scale")
def test_a_merge_loses_nothing_that_others_save_to_the_absorbed_claim(app: Flask) -> None:
    editor = staff(app, 1, Role.EDITOR, prefix="ed")[0]
    reviewers = staff(app, 6)
    with app.app_context():
        rating = ratings.active_scale(db.session).ratings[0].id
    for trial in range(4):
        with factories.seeding(app) as session:
            speech_id = factories.speech(session, TRANSCRIPT).id
        first, second, _ = claim_rows(app, speech_id)
        with app.app_context():
            state = db.session.get(Claim, second.id).words_token
        base = f"/desk/claims/{second.id}"
        adds: list[tuple[str, Callable[[], int]]] = []
        for i, client in enumerate(reviewers):
            marker = f"t{trial}-r{i}"
            if i % 3 == 0:
                adds.append((marker, post(client, f"{base}/notes", {"body": marker})))
            elif i % 3 == 1:
                adds.append((marker, post(client, f"{base}/sources", {**SOURCE, "title": marker})))
            else:
                data = {
                    "rating": rating,
                    "conclusion": marker,
                    "intent": "draft",
                    "claim_state": state,
                }
                adds.append((marker, post(client, f"{base}/verdict", data)))
        merge = post(editor, f"/desk/claims/{first.id}/merge", {"version": first.version})
        statuses = at_once([merge] + [call for _, call in adds])
        assert statuses[0] == 302, statuses
        assert set(statuses) <= {302, 409}, statuses
        rows = assert_exact(app, speech_id)
        assert [c.id for c in rows] == [first.id, rows[1].id]
        assert rows[1].id != second.id
        with app.app_context():
            saved = set(db.session.scalars(select(Note.body).where(Note.claim_id == first.id)))
            saved |= set(
                db.session.scalars(select(Source.title).where(Source.claim_id == first.id))
            )
            saved |= set(
                db.session.scalars(select(Verdict.conclusion).where(Verdict.claim_id == first.id))
            )
            # Nothing is left on (or was deleted with) the absorbed claim.
            orphans = sum(
                db.session.scalar(
                    select(func.count()).select_from(m).where(m.claim_id == second.id)
                )
                for m in (Note, Source, Verdict)
            )
        assert orphans == 0
        for (marker, _), status in zip(adds, statuses[1:], strict=True):
            # Answered "saved" means it is there, on the merged claim; refused means it is not.
            assert (marker in saved) == (status == 302), (marker, status)


@pytest.mark.usefixtures("scale")
def test_twenty_sources_added_at_once_get_twenty_places(app: Flask) -> None:
    with factories.seeding(app) as session:
        speech_id = factories.speech(session, TRANSCRIPT).id
    claim = claim_rows(app, speech_id)[0]
    clients = staff(app, 20)
    statuses = at_once(
        [
            post(c, f"/desk/claims/{claim.id}/sources", {**SOURCE, "title": f"S{i}"})
            for i, c in enumerate(clients)
        ]
    )
    assert statuses == [302] * 20
    with app.app_context():
        positions = db.session.scalars(
            select(Source.position).where(Source.claim_id == claim.id)
        ).all()
    assert sorted(positions) == list(range(20))


@pytest.mark.usefixtures("scale")
def test_two_reorders_of_one_claims_sources_at_once_queue_without_a_deadlock(
    app: Flask,
) -> None:
    with factories.seeding(app) as session:
        speech_id = factories.speech(session, TRANSCRIPT).id
    claim = claim_rows(app, speech_id)[0]
    ana, bo = staff(app, 2)
    for i in range(4):
        assert (
            ana.post(
                f"/desk/claims/{claim.id}/sources", data={**SOURCE, "title": f"S{i}"}
            ).status_code
            == 302
        )
    for _ in range(5):
        with app.app_context():
            ordered = db.session.execute(
                select(Source.id, Source.version)
                .where(Source.claim_id == claim.id)
                .order_by(Source.position)
            ).all()
        (top, top_v), *_, (bottom, bottom_v) = ordered
        statuses = at_once(
            [
                post(
                    ana, f"/desk/claims/{claim.id}/sources/{top}/move", {"by": 1, "version": top_v}
                ),
                post(
                    bo,
                    f"/desk/claims/{claim.id}/sources/{bottom}/move",
                    {"by": -1, "version": bottom_v},
                ),
            ]
        )
        # Different sources: the moves queue one after the other and both apply.
        assert statuses == [302, 302], statuses
        with app.app_context():
            positions = db.session.scalars(
                select(Source.position).where(Source.claim_id == claim.id)
            ).all()
        assert sorted(positions) == list(range(4))


@pytest.mark.usefixtures("scale")
def test_one_author_saving_a_first_verdict_from_two_tabs_keeps_one(app: Flask) -> None:
    with factories.seeding(app) as session:
        user = factories.user(session, "ana@example.org", Role.REVIEWER)
    tabs = [app.test_client(), app.test_client()]
    for tab in tabs:
        assert login(tab, user.email).status_code == 302
    with factories.seeding(app) as session:
        speech_id = factories.speech(session, TRANSCRIPT).id
    claim = claim_rows(app, speech_id)[0]
    with app.app_context():
        rating = ratings.active_scale(db.session).ratings[0].id
        state = db.session.get(Claim, claim.id).words_token
    statuses = at_once(
        [
            post(
                tab,
                f"/desk/claims/{claim.id}/verdict",
                {
                    "rating": rating,
                    "conclusion": f"Tab {i}.",
                    "intent": "draft",
                    "claim_state": state,
                },
            )
            for i, tab in enumerate(tabs)
        ]
    )
    assert sorted(statuses) == [302, 409]
    assert count(app, Verdict, claim_id=claim.id) == 1


@pytest.mark.usefixtures("scale")
def test_changing_a_claim_while_it_is_merged_away_is_a_conflict(app: Flask) -> None:
    editor, reviewer = staff(app, 2)
    for _ in range(4):
        with factories.seeding(app) as session:
            speech_id = factories.speech(session, TRANSCRIPT).id
        first, second, _ = claim_rows(app, speech_id)
        statuses = at_once(
            [
                post(editor, f"/desk/claims/{first.id}/merge", {"version": first.version}),
                post(
                    reviewer,
                    f"/desk/claims/{second.id}/restate",
                    {"restatement": "40,000 homes", "version": second.version},
                ),
            ]
        )
        assert set(statuses) <= {302, 409}, statuses
        assert 302 in statuses
        assert_exact(app, speech_id)


SENTENCES = " ".join(
    f"In {2000 + i} the rate of item {i} rose by {i + 2}% over the year." for i in range(14)
)


@pytest.mark.usefixtures("scale")
def test_twenty_reviewers_reshaping_one_speech_at_once_keep_it_exact(app: Flask) -> None:
    with factories.seeding(app) as session:
        speech_id = factories.speech(session, SENTENCES + "\n").id
    rows = claim_rows(app, speech_id)
    assert len(rows) == 14
    clients = staff(app, 20)
    calls = []
    for i, client in enumerate(clients):
        claim = rows[i % 13]
        base, seen = f"/desk/claims/{claim.id}", {"version": claim.version}
        kind = i % 4
        if kind == 0:
            calls.append(post(client, f"{base}/merge", seen))
        elif kind == 1:
            calls.append(post(client, f"{base}/split", {**seen, "at": claim.start + 8}))
        elif kind == 2:  # extend over the next claim's first word: overlaps unless it moved
            following = rows[i % 13 + 1]
            calls.append(
                post(
                    client,
                    f"{base}/bounds",
                    {**seen, "start": claim.start, "end": following.start + 3},
                )
            )
        else:
            calls.append(
                post(client, f"{base}/bounds", {**seen, "start": claim.start + 3, "end": claim.end})
            )
    statuses = at_once(calls)
    assert set(statuses) <= {302} | REFUSED, statuses
    assert 302 in statuses
    assert_exact(app, speech_id)
