"""The demo: four accounts (admin, editor, two reviewers), a speech written for this project, the
default rating scale so verdicts can be given straight away, and a debate with work in every state
of the editor's desk."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date, timedelta
from importlib import resources

from sqlalchemy import select
from sqlalchemy.orm import Session

from factcheck.models import Claim, RatingScale, Role, Speech, User
from factcheck.services import (
    approvals,
    assignments,
    publishing,
    ratings,
    sources,
    users,
    verdicts,
    workflow,
)
from factcheck.services.speeches import SpeechDetails, import_speech

DEMO_ACCOUNTS = (
    ("admin@example.org", Role.ADMIN, "Ada Admin"),
    ("editor@example.org", Role.EDITOR, "Eddie Editor"),
    ("reviewer@example.org", Role.REVIEWER, "Rita Reviewer"),
    ("second@example.org", Role.REVIEWER, "Sam Second"),
)
DEMO_SPEECH = SpeechDetails(
    title="Closing the AI gap: research, talent and compute",
    speaker="Minister Mara Lindqvist (fictional)",
    delivered_on=date(2024, 6, 12),
    occasion="Keynote, Nordic Innovation Forum (a demo speech written for factcheck)",
    source_url=None,
    language="en",
)


@dataclass(frozen=True)
class DemoAccount:
    email: str
    role: Role
    password: str
    changed: bool  # created, or its password was reset


def demo_transcript() -> str:
    return resources.files("factcheck.demo").joinpath("speech.txt").read_text(encoding="utf-8")


def ensure_accounts(session: Session, known_passwords: dict[str, str]) -> list[DemoAccount]:
    """Create the demo accounts, or reset a password we no longer know; never duplicate one."""
    accounts = []
    for email, role, name in DEMO_ACCOUNTS:
        password = known_passwords.get(email)
        user = users.find_by_email(session, email)
        if user is None:
            password = password or secrets.token_urlsafe(12)
            users.create_user(
                session, actor=None, email=email, password=password, role=role, display_name=name
            )
            accounts.append(DemoAccount(email, role, password, changed=True))
        elif password is None or not user.check_password(password):
            password = secrets.token_urlsafe(12)
            users.set_password(session, actor=None, user=user, password=password)
            user.active = True
            accounts.append(DemoAccount(email, role, password, changed=True))
        else:
            accounts.append(DemoAccount(email, user.role, password, changed=False))
    return accounts


def ensure_speech(session: Session, actor: User | None) -> tuple[Speech, bool]:
    """Import the demo speech unless it is already there; returns (speech, created)."""
    existing = session.scalar(select(Speech).where(Speech.title == DEMO_SPEECH.title).limit(1))
    if existing is not None:
        return existing, False
    speech = import_speech(session, actor=actor, details=DEMO_SPEECH, transcript=demo_transcript())
    return speech, True


def ensure_rating_scale(session: Session) -> RatingScale:
    """The organisation's rating scale, the shipped default if there was none."""
    return ratings.ensure_default_scale(session)


DEMO_DEBATE = SpeechDetails(
    title="City debate on housing and transport",
    speaker="Councillor Ada Okafor and Jonas Brandt (fictional)",
    delivered_on=date(2024, 10, 3),
    occasion="Candidates' debate, City Hall (a demo debate written for factcheck)",
    source_url=None,
    language="en",
)


def demo_debate() -> str:
    return resources.files("factcheck.demo").joinpath("debate.txt").read_text(encoding="utf-8")


def _source(session: Session, actor: User, claim: Claim, n: int, public: bool = True) -> None:
    sources.add_source(
        session,
        actor=actor,
        claim=claim,
        data=sources.SourceInput(
            url=f"https://example.org/city-statistics/table-{n}",
            title=f"City statistics, table {n}",
            publisher="City Statistics Office (fictional)",
            accessed_on=date(2024, 10, 4),
            stance="supports",
            kind="official_record",
            quote="The figures for the year, as published.",
            is_public=public,
        ),
    )


def ensure_editors_desk(session: Session) -> tuple[Speech, bool]:
    """A second speech with work in every state of the editor's desk: assigned, in review,
    submitted, sent back, two independent verdicts that disagree, approved, published, and a
    published check corrected. Made once, by the demo accounts, through the services."""
    existing = session.scalar(select(Speech).where(Speech.title == DEMO_DEBATE.title).limit(1))
    if existing is not None:
        return existing, False
    people = {email: users.find_by_email(session, email) for email, _, _ in DEMO_ACCOUNTS}
    editor, rita, sam = (
        people["editor@example.org"],
        people["reviewer@example.org"],
        people["second@example.org"],
    )
    if editor is None or rita is None or sam is None:
        raise RuntimeError("the demo accounts come first (ensure_accounts)")
    scale = ratings.ensure_default_scale(session)
    rating = {r.label: r.id for r in scale.ratings}
    speech = import_speech(session, actor=editor, details=DEMO_DEBATE, transcript=demo_debate())

    _work_in_every_state(session, speech, editor, rita, sam, rating)
    return speech, True


def _work_in_every_state(
    session: Session, speech: Speech, editor: User, rita: User, sam: User, rating: dict[str, int]
) -> None:
    """The debate's claims taken through the desk, one state each, as people would."""

    def claim(start: str) -> Claim:
        found = session.scalar(
            select(Claim).where(Claim.speech_id == speech.id, Claim.text.startswith(start))
        )
        assert found is not None, start
        return found

    def judge(author: User, item: Claim, label: str, conclusion: str, submit: bool = True) -> None:
        mine = verdicts.own_verdict(session, item, author)
        verdicts.set_verdict(
            session,
            actor=author,
            claim=item,
            rating_id=rating[label],
            conclusion=conclusion,
            explanation=None,
            submit=submit,
            expected_version=mine.version if mine else None,
        )

    def approve(item: Claim, why: str) -> None:
        row = workflow.row_of(session, item)
        approvals.approve(
            session, actor=editor, claim=item, rationale=why, expected_version=row.version
        )

    homes, rents = claim("Since I took office"), claim("Rents rose")
    tram, buses = claim("We opened the new tram"), claim("The councillor forgets")
    young, cost = claim("One in five young"), claim("The tram line cost")
    air, waiting = claim("The city's air quality"), claim("Our waiting list")
    assignments.assign(session, actor=editor, speech=speech, reviewers=[rita])

    # Published: checked, approved, published; one public and one private source.
    _source(session, rita, homes, 1)
    _source(session, rita, homes, 2, public=False)
    judge(rita, homes, "Mostly true", "4,150 homes were completed; the ten years before saw 3,900.")
    approve(homes, "The completion figures match the statistics office's table.")
    publishing.publish(session, actor=editor, claim=homes)
    # Published, then corrected: the national rise was 5%, not 6%.
    _source(session, rita, rents, 3)
    judge(rita, rents, "True", "Rents rose 3% here and 6% nationally.")
    approve(rents, "Both figures are in the statistics office's rent index.")
    publishing.publish(session, actor=editor, claim=rents)
    judge(rita, rents, "Mostly true", "Rents rose 3% here and 5% nationally, not 6%.")
    publishing.correct(
        session,
        actor=editor,
        claim=rents,
        note="The national rise was 5%, not 6% as first stated; the rating is now Mostly true.",
    )
    # Approved, waiting to be published.
    _source(session, rita, tram, 4)
    judge(rita, tram, "Half true", "On time, but 12% over the budget set in 2019.")
    approve(tram, "The audit report says so in its summary.")
    # Submitted, waiting for an editor.
    _source(session, rita, buses, 5)
    judge(rita, buses, "Mostly true", "Journeys fell by 23% between 2021 and 2023.")
    # Sent back with a comment.
    _source(session, rita, young, 6)
    judge(rita, young, "True", "One in five, according to the census.")
    row = workflow.row_of(session, young)
    approvals.send_back(
        session,
        actor=editor,
        claim=young,
        comment="The census counts 25-34 year-olds, not those past thirty: check the age band.",
        expected_version=row.version,
    )
    # Two independent verdicts that disagree: Sam gave his blind, as a second review.
    _source(session, rita, cost, 7)
    judge(rita, cost, "False", "The overrun was 12 million, not 40.")
    assignments.assign(
        session, actor=editor, speech=speech, reviewers=[sam], claims=[cost], second=True
    )
    _source(session, sam, cost, 8)
    judge(sam, cost, "Mostly false", "The overrun was 12 million, or 31 million with the depot.")
    # In review and assigned with a due date.
    judge(rita, air, "Mostly true", "Improved in four of five years.", submit=False)
    assignments.assign(
        session,
        actor=editor,
        speech=speech,
        reviewers=[sam],
        claims=[waiting],
        due_on=assignments.today() + timedelta(days=3),
    )
