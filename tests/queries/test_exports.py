"""The exports' reads: what each mode shows and hides, selections, and a fixed number of queries
per batch however many claims, speeches, sources and approvers there are."""

from __future__ import annotations

from datetime import date

import pytest
from flask import Flask
from sqlalchemy import select
from sqlalchemy.orm import Session

from factcheck.extensions import db
from factcheck.models import Claim, Speech, User
from factcheck.queries.exports import Selection, export
from factcheck.services import publishing, settings
from tests import factories
from tests.exports.support import BASE, demo, published_speech


def claims(session: Session, selection: Selection | None = None, **options) -> list:
    options.setdefault("published_only", True)
    return list(export(session, selection or Selection(), base_url=BASE, **options))


def test_published_only_reads_what_readers_were_shown(app: Flask, session: Session) -> None:
    demo(app)
    homes, rents = claims(session)
    assert (homes.state, rents.state) == ("published", "published")
    assert homes.as_checked.startswith("Since I took office")
    assert homes.rating.label == "Mostly true"
    assert homes.rating.on_axis
    assert (homes.rating.best, homes.rating.worst) == (5, 0)
    assert [s.is_public for s in homes.sources] == [True]  # the private one stays on the desk
    assert homes.reviewer == "Rita Reviewer"
    assert [a.name for a in homes.approvers] == ["Eddie Editor"]
    assert homes.speech.agreement is None
    assert homes.permalink == f"{BASE}claims/{homes.id}"
    assert homes.speech.permalink == f"{BASE}speeches/{homes.speech.id}"
    assert homes.prefix.endswith("OKAFOR: Thank you. ")
    transcript = session.get(Speech, homes.speech.id).transcript
    assert transcript[homes.start : homes.end] == homes.text
    assert homes.suffix == transcript[homes.end : homes.end + 32]
    [correction] = rents.corrections
    assert correction.kind == "correction"
    assert "5%, not 6%" in correction.note
    assert rents.corrected_at == correction.published_at > rents.published_at
    assert rents.conclusion.startswith("Rents rose 3% here and 5%")


def test_staff_mode_reads_the_live_desk_without_drafts(app: Flask, session: Session) -> None:
    demo(app)
    found = {c.as_checked[:20]: c for c in claims(session, published_only=False)}
    assert found["We opened the new tr"].state == "approved"
    assert found["The councillor forge"].state == "submitted"
    cost = found["The tram line cost 4"]
    assert [(v.reviewer, v.review, v.rating.label) for v in cost.verdicts] == [
        ("Rita Reviewer", "first", "False"),
        ("Sam Second", "second", "Mostly false"),
    ]
    assert all(v.submitted_at is not None for v in cost.verdicts)
    air = found["The city's air quali"]
    assert air.state == "in_review"
    assert air.verdicts == ()
    assert air.rating is None
    homes = found["Since I took office,"]
    assert [s.is_public for s in homes.sources] == [True, False]
    stats = homes.speech.agreement
    assert (stats.claims, stats.pairs, stats.ordinal_claims) == (1, 1, 1)
    assert homes.speech.language == "en"


def test_a_withdrawn_check_shows_as_withdrawn_with_its_note(app: Flask, session: Session) -> None:
    demo(app)
    editor = session.scalar(select(User).where(User.email == "editor@example.org"))
    homes = session.get(Claim, claims(session)[0].id)
    publishing.withdraw(session, actor=editor, claim=homes, note="The table was revised.")
    session.commit()
    first = claims(session)[0]
    assert first.state == "withdrawn"
    assert first.withdrawn
    assert first.withdrawal_note == "The table was revised."
    assert first.rating.label == "Mostly true"  # as it was last published


def test_an_unpublished_check_is_left_out(app: Flask, session: Session) -> None:
    demo(app)
    editor = session.scalar(select(User).where(User.email == "editor@example.org"))
    rents = session.get(Claim, claims(session)[1].id)
    publishing.unpublish(session, actor=editor, claim=rents)
    session.commit()
    assert [c.id for c in claims(session)] == [claims(session)[0].id]


def test_hidden_staff_names_leave_published_exports_only(app: Flask, session: Session) -> None:
    demo(app)
    admin = session.scalar(select(User).where(User.email == "admin@example.org"))
    factories.setting(session, settings.SHOW_STAFF_NAMES, False, actor=admin)
    for item in claims(session):
        assert item.reviewer is None
        assert {v.reviewer for v in item.verdicts} == {None}
        assert {a.name for a in item.approvers} == {None}
    staff = claims(session, published_only=False)
    assert "Rita Reviewer" in {c.reviewer for c in staff}


def test_selections(app: Flask, session: Session) -> None:
    first = published_speech(app, 3, speaker="Jane Doe")
    second = published_speech(app, 2, speaker="John Roe")
    session.get(Speech, second).delivered_on = date(2024, 1, 5)
    session.commit()

    def ids(**fields) -> list[int]:
        return sorted({c.speech.id for c in claims(session, Selection(**fields))})

    assert ids() == [first, second]
    assert ids(speech_id=first) == [first]
    assert ids(speaker="jane doe") == [first]
    assert ids(since=date(2024, 1, 1), until=date(2024, 1, 31)) == [second]
    assert ids(until=date(2023, 12, 31)) == []
    assert len(claims(session, Selection(speech_id=first))) == 3


@pytest.mark.parametrize("published_only", [True, False])
def test_queries_per_batch_are_fixed(app: Flask, count_queries, published_only: bool) -> None:
    def counted(batch: int) -> tuple[int, int]:
        with app.app_context(), count_queries() as queries:
            read = list(
                export(
                    db.session,
                    Selection(),
                    published_only=published_only,
                    base_url=BASE,
                    batch=batch,
                )
            )
        return queries.count, len(read)

    published_speech(app, 2)
    few, read = counted(100)
    assert read == 2
    published_speech(app, 20)
    published_speech(app, 18)
    many, read = counted(100)
    assert read == 40
    assert many == few
    # In batches of 10: the header's two (settings, scale), at most the same queries again for
    # each batch (a speech read in the batch before is not read again), and one page found
    # empty after the last full batch.
    batched, read = counted(10)
    assert read == 40
    per_batch = few - 2
    assert per_batch == (4 if published_only else 8)
    reread = 0 if published_only else 2 * 2  # two batches find their speeches read already
    assert batched == 2 + 4 * per_batch - reread + 1
