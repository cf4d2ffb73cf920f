"""The demo: three accounts (admin, editor, reviewer), a speech written for this project, and the
default rating scale so verdicts can be given straight away."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date
from importlib import resources

from sqlalchemy import select
from sqlalchemy.orm import Session

from factcheck.models import RatingScale, Role, Speech, User
from factcheck.services import ratings, users
from factcheck.services.speeches import SpeechDetails, import_speech

DEMO_ACCOUNTS = (
    ("admin@example.org", Role.ADMIN, "Ada Admin"),
    ("editor@example.org", Role.EDITOR, "Eddie Editor"),
    ("reviewer@example.org", Role.REVIEWER, "Rita Reviewer"),
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
