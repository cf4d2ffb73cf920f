"""One-time links to set a password: an admin invites a new person, or gives someone who lost
their password a way back, without any password being sent or shown.

The admin passes the link on (the desk sends no e-mail). Only a hash of its token is stored; a link
works once, before it expires, for an active account; making a new link for an account voids its
earlier ones. Using it sets the password (within the policy) and ends every session of the account.
"""

from __future__ import annotations

import logging
import secrets
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from factcheck import permissions
from factcheck.errors import InvalidInput
from factcheck.models import AccountLink, AccountLinkPurpose, Role, User
from factcheck.models.base import utcnow
from factcheck.permissions import Permission
from factcheck.services import history, locks, passwords, user_sessions, users
from factcheck.services.history import AuditAction

log = logging.getLogger(__name__)

LIFETIME = {
    AccountLinkPurpose.INVITE: timedelta(days=7),
    AccountLinkPurpose.RESET: timedelta(hours=24),
}
EXPIRED = "This link has expired or has already been used. Ask an administrator for a new one."


@dataclass(frozen=True)
class NewLink:
    """A link just made: the token is in the clear here, and only here."""

    user: User
    token: str
    purpose: AccountLinkPurpose
    expires_at: object


def _make(
    session: Session, *, actor: User | None, user: User, purpose: AccountLinkPurpose
) -> NewLink:
    now = utcnow()
    # Earlier links of this account stop working: only the newest one is out there.
    session.execute(
        update(AccountLink)
        .where(AccountLink.user_id == user.id, AccountLink.used_at.is_(None))
        .values(expires_at=now)
    )
    token = secrets.token_urlsafe(32)
    link = AccountLink(
        token_hash=user_sessions.token_hash(token),
        user_id=user.id,
        purpose=purpose,
        created_by_id=actor.id if actor is not None else None,
        created_at=now,
        expires_at=now + LIFETIME[purpose],
    )
    session.add(link)
    action = (
        AuditAction.USER_INVITE
        if purpose is AccountLinkPurpose.INVITE
        else AuditAction.USER_RESET_LINK
    )
    history.record(
        session,
        action,
        actor=actor,
        object_type="user",
        object_id=user.id,
        after={"expires_at": link.expires_at.isoformat()},
    )
    return NewLink(user, token, purpose, link.expires_at)


def invite(
    session: Session,
    *,
    actor: User | None,
    email: str,
    role: Role | str,
    display_name: str | None = None,
) -> NewLink:
    """Create an account that has no usable password yet, and the link that sets its first one."""
    permissions.require(
        actor, Permission.MANAGE_USERS, message="Only an administrator can add people."
    )
    # A random password nobody knows: the account opens only through the link.
    user = users.create_user(
        session,
        actor=actor,
        email=email,
        password=secrets.token_urlsafe(48),
        role=role,
        display_name=display_name,
    )
    made = _make(session, actor=actor, user=user, purpose=AccountLinkPurpose.INVITE)
    log.info("user %s invited by %s", user.email, actor or "system")
    return made


def reset_link(session: Session, *, actor: User | None, user: User) -> NewLink:
    """A link for ``user`` to choose a new password; their current one works until it is used."""
    permissions.require(
        actor, Permission.MANAGE_USERS, message="Only an administrator can make reset links."
    )
    if not user.active:
        raise InvalidInput("Reactivate the account first; a deactivated account cannot log in.")
    made = _make(session, actor=actor, user=user, purpose=AccountLinkPurpose.RESET)
    log.info("password reset link for %s made by %s", user.email, actor or "system")
    return made


def find(session: Session, token: str | None) -> AccountLink | None:
    """The link ``token`` opens, if it still works (unused, unexpired, account active)."""
    if not token or len(token) > 128:
        return None
    link = session.scalar(
        select(AccountLink).where(AccountLink.token_hash == user_sessions.token_hash(token))
    )
    if link is None or link.used_at is not None or link.expires_at <= utcnow():
        return None
    return link if link.user.active else None


def use(session: Session, *, token: str | None, password: str, confirm: str) -> User:
    """Set the account's password through the link, once; every session of the account ends."""
    link = find(session, token)
    if link is None:
        raise InvalidInput(EXPIRED, field="token")
    # Two uses of one link at once: the second waits here, then finds it used.
    locks.hold_on_sqlite(session, AccountLink.__table__, link.id)
    session.refresh(link, with_for_update=True)
    if link.used_at is not None or link.expires_at <= utcnow():
        raise InvalidInput(EXPIRED, field="token")
    if password != confirm:
        raise InvalidInput("The two passwords differ.", field="confirm")
    user = link.user
    passwords.check(password, user_inputs=(user.email, user.display_name))
    user.set_password(password)
    link.used_at = utcnow()
    user_sessions.end_all(session, user=user)
    history.record(
        session,
        AuditAction.USER_SET_PASSWORD,
        actor=user,
        object_type="user",
        object_id=user.id,
        after={"through": link.purpose.value},
    )
    log.info("password of %s set through a %s link", user.email, link.purpose.value)
    return user
