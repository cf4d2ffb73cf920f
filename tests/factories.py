"""Test data: each factory makes real rows through the services (or the model, where a service would
do more than the test wants), with defaults a test overrides only where they matter.

Factories take the session to work in and commit, as the request that made the rows would have: other
sessions see them and a test's rollback leaves them. Client tests hold no session while the client
runs requests, so they make their rows inside `seeding(app)`.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from typing import Any

from flask import Flask
from sqlalchemy import select
from sqlalchemy.orm import Session

from factcheck.extensions import db
from factcheck.models import (
    Assignment,
    Claim,
    Note,
    Publication,
    RatingScale,
    Role,
    Source,
    SourceKind,
    SourceStance,
    Speech,
    SpeechStatus,
    User,
    Verdict,
)
from factcheck.queries.speeches import claims_of
from factcheck.services import (
    account_links,
    approvals,
    assignments,
    demo,
    imports,
    login_throttle,
    notes,
    publishing,
    ratings,
    settings,
    sources,
    speech_edits,
    user_sessions,
    users,
    verdicts,
    workflow,
)
from factcheck.services import claims as claim_ops
from factcheck.services.demo import DEMO_SPEECH, demo_transcript
from factcheck.services.speeches import SpeechDetails, import_speech

PASSWORD = "correct horse battery staple"
TRANSCRIPT = (
    "Good morning.\n"
    "Unemployment fell to 3.9% in 2023. We built 40,000 homes. Prices rose by 2%.\n"
    "Thank you."
)
SOURCE = sources.SourceInput(
    url="https://www.ons.gov.uk/employment",
    title="Labour market overview",
    accessed_on=date(2024, 5, 9),
    stance="supports",
    kind="official_record",
)

_numbers = itertools.count(1)


@contextmanager
def seeding(app: Flask) -> Iterator[Session]:
    """A session in an app context of its own, committed at the end; the rows made in it keep
    their loaded values afterwards (ids, e-mails, versions) for the test to use."""
    with app.app_context():
        session = db.session()
        session.expire_on_commit = False
        yield session
        session.commit()


def user(
    session: Session,
    email: str | None = None,
    role: Role = Role.REVIEWER,
    *,
    active: bool = True,
    display_name: str | None = None,
    password: str = PASSWORD,
) -> User:
    """A staff account, named after its e-mail address unless told otherwise.

    Made with the model: `users.create_user` would also audit it and check the password policy,
    and tests count audit events.
    """
    address = email or f"{role.value}{next(_numbers)}@example.org"
    person = User(
        email=address,
        display_name=display_name or address.split("@", 1)[0],
        role=role,
        active=active,
    )
    person.set_password(password)
    session.add(person)
    session.commit()
    return person


def speech(
    session: Session,
    transcript: str = TRANSCRIPT,
    *,
    actor: User | None = None,
    status: SpeechStatus | None = None,
    fmt: str | None = None,
    **details: Any,
) -> Speech:
    """An imported speech, its claims found; `details` are SpeechDetails fields (title, speaker...),
    `fmt` the transcript's format (found from the text when None)."""
    fields = {"title": "A speech", "speaker": "A speaker", **details}
    item = import_speech(
        session, actor=actor, details=SpeechDetails(**fields), transcript=transcript, fmt=fmt
    )
    if status is not None:
        item.status = status  # no service publishes or archives yet
    session.commit()
    return item


def demo_speech(session: Session, *, actor: User | None = None) -> Speech:
    """The demo speech, imported as `flask demo` does."""
    item = import_speech(session, actor=actor, details=DEMO_SPEECH, transcript=demo_transcript())
    session.commit()
    return item


def numbered_transcript(lines: int) -> str:
    """A transcript of `lines` lines, each one claim."""
    return "\n".join(f"In {1900 + i % 100} the rate was {i}% of the total." for i in range(lines))


def rating_scale(session: Session, actor: User | None = None) -> RatingScale:
    """The active rating scale: the shipped default, created when there is none."""
    scale = ratings.ensure_default_scale(session, actor)
    session.commit()
    return scale


def setting(session: Session, key: str, value: Any, *, actor: User) -> Any:
    """An organisation setting changed by `actor` (an admin)."""
    stored = settings.set_setting(session, actor=actor, key=key, value=value)
    session.commit()
    return stored


def source(session: Session, claim: Claim, author: User, **fields: Any) -> Source:
    """A source added to the end of the claim's list; `fields` are SourceInput fields."""
    item = sources.add_source(session, actor=author, claim=claim, data=replace(SOURCE, **fields))
    session.commit()
    return item


def verdict(
    session: Session,
    claim: Claim,
    author: User,
    label: str = "Mostly true",
    *,
    conclusion: str = "It was 4.0%.",
    explanation: str | None = None,
    submit: bool = False,
    expected_version: int | None = None,
    claim_seen: str | None = None,
) -> Verdict:
    """The author's verdict on the claim, rated `label` on the active scale (the default scale,
    made if there is none); with `expected_version`, the author's existing verdict changed."""
    scale = ratings.ensure_default_scale(session)
    item = verdicts.set_verdict(
        session,
        actor=author,
        claim=claim,
        rating_id=next(r.id for r in scale.ratings if r.label == label),
        conclusion=conclusion,
        explanation=explanation,
        submit=submit,
        expected_version=expected_version,
        claim_seen=claim_seen,
    )
    session.commit()
    return item


def note(
    session: Session, claim: Claim, author: User, body: str = "Ask the ONS press office."
) -> Note:
    """A note in the claim's thread."""
    item = notes.add_note(session, actor=author, claim=claim, body=body)
    session.commit()
    return item


def items_on_every_claim(session: Session, speech: Speech, author: User) -> list[Claim]:
    """A source, a verdict (rated with the first rating of the scale, made if there is none) and a
    note on each claim of the speech, in one commit; the claims, in order.

    Made with the models: through the services, 300 claims' worth takes some fifteen seconds, and
    the tests that need this many (query-count guards) are about reading them.
    """
    rating = ratings.ensure_default_scale(session).ratings[0]
    claims = claims_of(session, speech)
    for claim in claims:
        session.add_all(
            [
                Source(
                    claim_id=claim.id,
                    url="https://example.org/",
                    title="A source",
                    accessed_on=SOURCE.accessed_on,
                    stance=SourceStance.SUPPORTS,
                    kind=SourceKind.OTHER,
                    created_by_id=author.id,
                ),
                Verdict(
                    claim_id=claim.id,
                    author_id=author.id,
                    rating_id=rating.id,
                    rating_label=rating.label,
                    rating_value=rating.value,
                    conclusion="Right.",
                    claim_start=claim.start,
                    claim_end=claim.end,
                    claim_text=claim.text,
                ),
                Note(claim_id=claim.id, author_id=author.id, body="*Checked*."),
            ]
        )
    session.commit()
    return claims


def assignment(
    session: Session,
    speech: Speech,
    reviewer: User,
    *,
    actor: User,
    claims: list[Claim] | None = None,
    due_on: date | None = None,
    second: bool = False,
) -> list[Assignment]:
    """``reviewer`` assigned ``claims`` of the speech (None: all of it) by ``actor``, an editor."""
    made = assignments.assign(
        session,
        actor=actor,
        speech=speech,
        reviewers=[reviewer],
        claims=claims,
        due_on=due_on,
        second=second,
    ).made
    session.commit()
    return made


def overdue(session: Session, items: list[Assignment], days: int = 1) -> None:
    """The assignments' due date ``days`` ago, as time passing would make it: no service sets
    a past date."""
    for item in items:
        item.due_on = datetime.now(UTC).date() - timedelta(days=days)
    session.commit()


def submitted_verdict(
    session: Session, claim: Claim, author: User, label: str = "False", **fields: Any
) -> Verdict:
    """A source and the author's submitted verdict on the claim: the claim is up for approval."""
    source(session, claim, author)
    return verdict(session, claim, author, label, submit=True, **fields)


def approval(
    session: Session, claim: Claim, editor: User, rationale: str = "The sources bear it out."
) -> approvals.Approval:
    """The editor's vote for the claim's submitted verdict, on the state as it is now."""
    seen = workflow.row_of(session, claim)
    vote = approvals.approve(
        session,
        actor=editor,
        claim=claim,
        rationale=rationale,
        expected_version=seen.version if seen is not None else None,
    )
    session.commit()
    return vote


def publication(session: Session, claim: Claim, editor: User) -> Publication:
    """The approved claim published by the editor."""
    item = publishing.publish(session, actor=editor, claim=claim)
    session.commit()
    return item


def sent_back(
    session: Session, claim: Claim, editor: User, comment: str = "Check the year."
) -> None:
    """The claim's submitted verdict sent back to its author by ``editor``, with a comment."""
    workflow.transition(
        session, actor=editor, claim=claim, action=workflow.Action.SEND_BACK, comment=comment
    )
    session.commit()


# Text that breaks careless serialisers: quotes of every kind, backslashes, control characters a
# transcript may hold, characters outside the BMP, a zero-width joiner sequence, a line separator.
HOSTILE = (
    "He said \"it's 'fine'\" — `really`? «Oui» „ja“ \\n is not a newline, \\\\ neither;\n"
    "tab\there, carriage\rreturn, emoji 🧪🇪🇺👩🏽‍🔬, Ω≈ç√ ٣٤٥ 漢字, zero\u200bwidth, line\u2028sep, "
    "<b>&amp;</b> ${x} %s {0} NULL null \\u0000 ''; DROP TABLE claim; --"
)


def hostile_transcript(claims: int = 500) -> str:
    """A long transcript (some 100,000 characters) of claims holding `HOSTILE` text."""
    line = HOSTILE.replace("\n", " ").replace("\r", " ")
    return "\n".join(f"In {1900 + i} the rate was {i}%. {line}" for i in range(claims))


def every_kind_of_row(session: Session) -> None:
    """A row in every table: the demo (`flask demo`: two speeches, work in every state of the desk,
    publications and a correction) with its disagreement settled, a speech of hostile text with a note, a private source, a
    merge and a withdrawn verdict, a deactivated account, an invitation, a log-in session, a failed
    log-in, a setting, a queued import, and a deleted speech (so ids have been handed out that no
    row holds). Committed."""
    demo.ensure_accounts(session, {})
    admin, editor, rita = (
        users.find_by_email(session, email) for email, _, _ in demo.DEMO_ACCOUNTS[:3]
    )
    assert admin is not None
    assert editor is not None
    assert rita is not None
    demo.ensure_speech(session, editor)
    demo.ensure_rating_scale(session)
    demo.ensure_editors_desk(session)
    # The demo leaves its disagreement for editors to settle; settle it here, for its row.
    tram = session.scalars(select(Claim).where(Claim.text.startswith("The tram line cost"))).one()
    approvals.resolve(
        session,
        actor=admin,
        claim=tram,
        verdict_id=approvals.submitted_verdicts(session, tram)[0].id,
        rationale=HOSTILE,
        expected_version=workflow.row_of(session, tram).version,
    )

    gone = users.create_user(
        session,
        actor=admin,
        email="zoe@example.org",
        password=PASSWORD,
        role=Role.REVIEWER,
        display_name='Zoë "Z" O\'Brien 🧪',
    )
    users.set_active(session, actor=admin, user=gone, active=False)
    account_links.invite(session, actor=admin, email="new@example.org", role=Role.REVIEWER)
    user_sessions.start(
        session,
        user=editor,
        user_agent='Mozilla/5.0 "quoted" ✓',
        lifetimes=user_sessions.Lifetimes(idle=timedelta(hours=1), absolute=timedelta(days=1)),
    )
    login_throttle.failed(
        session, login_throttle.begin_attempt(session, login_throttle.address_key("x@example.org"))
    )
    settings.set_setting(session, actor=admin, key=settings.APPROVAL_QUORUM, value=2)

    hostile = import_speech(
        session,
        actor=editor,
        details=SpeechDetails(title='A "hostile" speech 🧪', speaker="O'Brien \\ Ünal"),
        transcript=hostile_transcript(),
    )
    first, second = claims_of(session, hostile)[:2]
    notes.add_note(session, actor=rita, claim=first, body=HOSTILE)
    sources.add_source(
        session,
        actor=rita,
        claim=first,
        data=replace(SOURCE, quote=HOSTILE, title="Private 🧪 source", is_public=False),
    )
    claim_ops.merge_with_next(session, actor=rita, claim=second, expected_version=second.version)
    withdrawn = verdicts.set_verdict(
        session,
        actor=rita,
        claim=first,
        rating_id=ratings.ensure_default_scale(session).ratings[0].id,
        conclusion=HOSTILE,
        explanation=HOSTILE,
        submit=False,
        expected_version=None,
    )
    verdicts.withdraw_verdict(
        session, actor=rita, verdict=withdrawn, expected_version=withdrawn.version
    )
    imports.queue_import(
        session,
        actor=editor,
        details=SpeechDetails(title="Queued", speaker="Someone"),
        transcript="A long transcript waits here.",
    )
    doomed = import_speech(
        session,
        actor=editor,
        details=SpeechDetails(title="Deleted", speaker="Someone"),
        transcript=TRANSCRIPT,
    )
    speech_edits.delete_speech(session, actor=admin, speech=doomed, confirm_title="Deleted")
    session.commit()
