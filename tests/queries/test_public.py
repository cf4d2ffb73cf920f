"""The reader site's reads: each claim's latest publication that stands, nothing else."""

from __future__ import annotations

from flask import Flask
from sqlalchemy import select
from sqlalchemy.orm import Session

from factcheck.models import Claim, Speech, User
from factcheck.queries.public import reads as public
from factcheck.queries.public.records import slugify
from factcheck.services import publishing, settings
from factcheck.services.demo import DEMO_DEBATE
from tests.exports.support import demo


def person(session: Session, email: str) -> User:
    return session.scalars(select(User).where(User.email == email)).one()


def claim(session: Session, start: str) -> Claim:
    return session.scalars(select(Claim).where(Claim.text.startswith(start))).one()


def debate(session: Session) -> Speech:
    return session.scalars(select(Speech).where(Speech.title == DEMO_DEBATE.title)).one()


def test_slugs_are_short_lower_case_ascii_words() -> None:
    assert slugify("Rents rose by 3% last year, half the national rise.") == (
        "rents-rose-by-3-last-year-half-the-national-rise"
    )
    assert slugify("Ça coûte 12 €") == "ca-coute-12"
    assert slugify("¿?") == "claim"
    assert len(slugify("word " * 40)) <= 60


def test_the_home_page_lists_the_demo_debate_with_its_ratings(app: Flask, session: Session) -> None:
    demo(app)
    cards, more = public.speeches(session)
    assert [card.head.title for card in cards] == [DEMO_DEBATE.title]
    assert not more
    assert sorted((r.label, n) for r, n in cards[0].ratings) == [("Mostly true", 2)]
    assert public.speakers(session) == [(DEMO_DEBATE.speaker, 1)]
    assert public.speeches(session, speaker="Nobody")[0] == []


def test_a_speech_shows_its_published_checks_only(app: Flask, session: Session) -> None:
    demo(app)
    page = public.speech(session, debate(session).id)
    assert page is not None
    assert [c.text[:15] for c in page.checks] == ["Since I took of", "Rents rose by 3"]
    assert all(c.reviewer is None for c in page.checks)  # the speech page names nobody
    shown = [check.id for _, check in page.pieces() if check is not None]
    assert shown == [c.id for c in page.checks]
    assert "".join(text for text, _ in page.pieces()) == page.transcript
    assert public.speech(session, 10**6) is None
    assert public.speech(session, session.scalars(select(Speech.id)).first()) is None  # demo AI


def test_a_claim_shows_its_corrections_and_earlier_versions(app: Flask, session: Session) -> None:
    demo(app)
    page = public.claim(session, claim(session, "Rents rose").id)
    assert page is not None
    check = page.check
    assert check.rating.label == "Mostly true"
    assert [n.kind for n in check.notices] == ["correction"]
    assert [(v.rating, v.number) for v in check.earlier] == [("True", 1)]
    assert check.reviewer == "Rita Reviewer"
    assert page.check.text in (page.before + page.check.text + page.after)


def test_unpublished_withdrawn_and_hidden_names(app: Flask, session: Session) -> None:
    demo(app)
    editor, admin = person(session, "editor@example.org"), person(session, "admin@example.org")
    homes, rents = claim(session, "Since I took office"), claim(session, "Rents rose")
    assert public.claim(session, claim(session, "The councillor forgets").id) is None
    publishing.unpublish(session, actor=editor, claim=homes)
    publishing.withdraw(session, actor=editor, claim=rents, note="The index was revised.")
    settings.set_setting(session, actor=admin, key=settings.SHOW_STAFF_NAMES, value=False)
    session.commit()
    assert public.claim(session, homes.id) is None
    page = public.claim(session, rents.id)
    assert page is not None
    assert page.check.withdrawn
    assert page.check.withdrawal_note == "The index was revised."
    assert page.check.reviewer is None
    assert page.check.approvers == ()
    assert [e.kind for e in public.corrections(session)] == ["withdrawal", "correction"]
    assert {e.claim_id for e in public.feed(session)} == {rents.id}
    [card] = public.speeches(session)[0]
    assert [(r.label, n) for r, n in card.ratings] == [("Withdrawn", 1)]
