"""Accounts: creating staff users, their roles and passwords, deactivating them. Every change
is an administrator's (or the command line's), and the last active admin always stays one."""

from __future__ import annotations

import logging

from email_validator import EmailNotValidError, validate_email
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash, generate_password_hash

from factcheck import permissions
from factcheck.errors import Conflict, InvalidInput
from factcheck.models import Role, User
from factcheck.models.base import utcnow
from factcheck.permissions import Permission
from factcheck.services import history, locks, passwords, user_sessions
from factcheck.services.history import AuditAction
from factcheck.services.text import refuse_bidi_controls

log = logging.getLogger(__name__)

# Checked when the e-mail is unknown, so an unknown e-mail costs the same time as a wrong password.
_DUMMY_HASH = generate_password_hash("not a real password")


def normalise_email(email: str) -> str:
    """Validate the syntax (no DNS look-up) and return the address lower-cased."""
    try:
        checked = validate_email(email.strip(), check_deliverability=False)
    except EmailNotValidError as exc:
        raise InvalidInput(f"That is not a valid e-mail address: {exc}", field="email") from exc
    return checked.normalized.lower()


def find_by_email(session: Session, email: str) -> User | None:
    return session.scalar(select(User).where(User.email == email.strip().lower()))


def create_user(
    session: Session,
    *,
    actor: User | None,
    email: str,
    password: str,
    role: Role,
    display_name: str | None = None,
) -> User:
    """Create a staff account; refuses a duplicate e-mail or a password against the policy."""
    permissions.require(
        actor, Permission.MANAGE_USERS, message="Only an administrator can add people."
    )
    address = normalise_email(email)
    name = (display_name or "").strip() or address.split("@", 1)[0]
    passwords.check(password, user_inputs=(address, name))
    if find_by_email(session, address) is not None:
        raise Conflict(f"An account for {address} already exists.", field="email")
    user = User(email=address, display_name=name[:120], role=Role(role), active=True)
    user.set_password(password)
    session.add(user)
    history.save(session, AuditAction.USER_CREATE, user, history.created(user), actor=actor)
    log.info("user %s created with role %s by %s", user.email, user.role.value, actor or "system")
    return user


def set_password(
    session: Session, *, actor: User | None, user: User, password: str, field: str = "password"
) -> None:
    """Give ``user`` a new password (within the policy) and end all of their sessions."""
    passwords.check(password, field=field, user_inputs=(user.email, user.display_name))
    user.set_password(password)
    user_sessions.end_all(session, user=user)
    # That it changed, by whom and when; never the password or its hash.
    history.record(
        session, AuditAction.USER_SET_PASSWORD, actor=actor, object_type="user", object_id=user.id
    )
    log.info("password of user %s set by %s", user.email, actor or "system")


MAX_DISPLAY_NAME = 120


def set_display_name(session: Session, *, user: User, name: str | None) -> bool:
    """A user's own display name, as their colleagues see it on every change they made; returns
    whether it changed."""
    clean = " ".join((name or "").split())
    if not clean:
        raise InvalidInput("Give the name your colleagues know you by.", field="display_name")
    if len(clean) > MAX_DISPLAY_NAME:
        raise InvalidInput(
            f"Keep your name under {MAX_DISPLAY_NAME} characters.", field="display_name"
        )
    refuse_bidi_controls(clean, field="display_name", what="Your name")
    change = history.apply(user, {"display_name": clean})
    if change:
        history.save(session, AuditAction.USER_RENAME, user, change, actor=user)
    return bool(change)


def change_own_password(session: Session, *, user: User, current: str, new: str) -> None:
    """A user's own change: the current password first; then as ``set_password``."""
    if not user.check_password(current):
        raise InvalidInput("That is not your current password.", field="current_password")
    if new == current:
        raise InvalidInput("The new password is the same as the current one.", field="new_password")
    set_password(session, actor=user, user=user, password=new, field="new_password")


def _lock_for_change(session: Session, user: User) -> None:
    """Hold the active admins' rows, in id order, then ``user``'s, until commit (PostgreSQL; SQLite
    takes its write lock), and re-read ``user``. Every change of role or state takes them in the
    same order, so two admins demoting each other at once queue instead of deadlocking."""
    locks.hold_on_sqlite(session, User.__table__, user.id)
    session.scalars(
        select(User.id)
        .where(User.role == Role.ADMIN, User.active.is_(True))
        .order_by(User.id)
        .with_for_update()
    ).all()
    session.refresh(user, with_for_update=True)


def _keep_an_admin(session: Session, user: User, *, role: Role, active: bool) -> None:
    """Refuse a change that would leave no active administrator (call after `_lock_for_change`)."""
    if user.role is not Role.ADMIN or not user.active or (role is Role.ADMIN and active):
        return
    others = session.scalar(
        select(func.count())
        .select_from(User)
        .where(User.role == Role.ADMIN, User.active.is_(True), User.id != user.id)
    )
    if not others:
        raise InvalidInput(
            f"{user.display_name} is the last active administrator: make someone else an "
            "administrator first, so that the organisation is never locked out of its settings.",
            field="role",
        )


def set_role(session: Session, *, actor: User | None, user: User, role: Role | str) -> None:
    """Make ``user`` an admin, editor or reviewer (admins only); never the last admin's demotion."""
    permissions.require(
        actor, Permission.MANAGE_USERS, message="Only an administrator can change roles."
    )
    try:
        new_role = Role(role)
    except ValueError:
        raise InvalidInput("Choose admin, editor or reviewer.", field="role") from None
    _lock_for_change(session, user)
    _keep_an_admin(session, user, role=new_role, active=user.active)
    change = history.apply(user, {"role": new_role})
    if change:
        history.save(session, AuditAction.USER_SET_ROLE, user, change, actor=actor)
        log.info("user %s is now %s (by %s)", user.email, new_role.value, actor or "system")


def set_active(session: Session, *, actor: User | None, user: User, active: bool) -> None:
    """Deactivate (ending all of the user's sessions) or reactivate an account (admins only);
    their work stays attributed to them. The last active admin cannot be deactivated."""
    permissions.require(
        actor, Permission.MANAGE_USERS, message="Only an administrator can deactivate accounts."
    )
    _lock_for_change(session, user)
    _keep_an_admin(session, user, role=user.role, active=active)
    change = history.apply(user, {"active": active})
    if not change:
        return
    if not active:
        user_sessions.end_all(session, user=user)
    action = AuditAction.USER_ACTIVATE if active else AuditAction.USER_DEACTIVATE
    history.save(session, action, user, change, actor=actor)
    log.info(
        "user %s %s by %s",
        user.email,
        "reactivated" if active else "deactivated",
        actor or "system",
    )


def authenticate(session: Session, email: str, password: str) -> User | None:
    """Return the active user with these credentials, or None without saying which part was wrong."""
    user = find_by_email(session, email)
    if user is None:
        check_password_hash(_DUMMY_HASH, password)
        return None
    if not user.check_password(password) or not user.active:
        return None
    user.last_login_at = utcnow()
    return user
