"""Slowing down password guessing without letting anyone lock a colleague out.

The rule (OWASP's "device cookies"): a browser that has logged in to an account before carries a
signed device cookie for it. Attempts are counted per *key*: from a trusted device, per device; from
anywhere else, per e-mail address as typed (whether or not it has an account, so a lock says nothing
about which addresses exist). MAX_FAILURES attempts within WINDOW lock that key for LOCK; a lock
refuses even the right password, so guessing on learns nothing. Someone typing wrong passwords for a
colleague's address from their own browser locks out only browsers that have never logged in to that
account: the colleague's own browser keeps its own count and keeps working.

Each attempt is reserved with one atomic statement *before* the password is checked (and committed
by the caller before the check), so at most MAX_FAILURES passwords are checked per key and window
however many requests arrive at once. A success forgets its key's count.

Counts live in the database so that every web process sees them. Addresses, not network addresses:
behind a reverse proxy every user shares one, and a limit per network address belongs in the proxy.
"""

from __future__ import annotations

import hashlib
import logging
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from itsdangerous import BadData, URLSafeTimedSerializer
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from factcheck.models import LoginThrottle, User
from factcheck.models.base import UTCDateTime, utcnow
from factcheck.services import users

log = logging.getLogger(__name__)

MAX_FAILURES = 5  # attempts within WINDOW that lock the key
WINDOW = timedelta(minutes=15)
LOCK = timedelta(minutes=15)
DEVICE_COOKIE_MAX_AGE = timedelta(days=365)  # a device unused for a year is a stranger again
CLEANUP_BATCH = 200  # spent counts cleared per failed log-in


def address_key(email: str) -> str:
    """The count for untrusted devices: a hash of the address, so no guessed address is stored."""
    return hashlib.sha256(email.strip().lower().encode("utf-8")).hexdigest()


def device_key(nonce: str) -> str:
    return hashlib.sha256(f"device\0{nonce}".encode()).hexdigest()


def password_change_key(user_id: int) -> str:
    """The count for the current password asked when a logged-in user changes it."""
    return hashlib.sha256(f"password-change\0{user_id}".encode()).hexdigest()


@dataclass(frozen=True)
class Attempt:
    key: str
    allowed: bool
    locked_until: datetime | None  # when refused: when the key may try again


def _spent(now: datetime) -> sa.ColumnElement[bool]:
    """A count that no longer matters: its window has passed and it holds no lock, or its lock has."""
    t = LoginThrottle.__table__.c
    at = sa.bindparam("now_spent", now, type_=UTCDateTime())
    window_start = sa.bindparam("window_start_spent", now - WINDOW, type_=UTCDateTime())
    return sa.or_(
        sa.and_(t.locked_until.is_(None), t.window_start <= window_start), t.locked_until <= at
    )


def begin_attempt(session: Session, key: str, *, now: datetime | None = None) -> Attempt:
    """Reserve one password check for ``key``, atomically; refused once the key has had its share.

    One INSERT ... ON CONFLICT DO UPDATE ... RETURNING, so that simultaneous attempts each get their
    own number. The caller commits before checking the password, so that others see the reservation.
    """
    now = now or utcnow()
    t = LoginThrottle.__table__.c
    at = sa.bindparam("now", now, type_=UTCDateTime())
    locks_at = sa.bindparam("locks_at", now + LOCK, type_=UTCDateTime())
    first_lock = now + LOCK if MAX_FAILURES <= 1 else None
    spent = _spent(now)
    insert = postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
    statement = (
        insert(LoginThrottle)
        .values(key=key, failures=1, window_start=now, locked_until=first_lock)
        .on_conflict_do_update(
            index_elements=[t.key],
            set_={
                "failures": sa.case((spent, 1), else_=t.failures + 1),
                "window_start": sa.case((spent, at), else_=t.window_start),
                "locked_until": sa.case(
                    (spent, sa.bindparam("first_lock", first_lock, type_=UTCDateTime())),
                    (t.locked_until.is_not(None), t.locked_until),
                    (t.failures + 1 >= MAX_FAILURES, locks_at),
                    else_=sa.null(),
                ),
            },
        )
        .returning(t.failures, t.locked_until)
    )
    failures, locked_until = session.execute(statement).one()
    if failures == MAX_FAILURES:
        log.warning("log-ins locked until %s after %d attempts", locked_until, MAX_FAILURES)
    if failures <= MAX_FAILURES:
        return Attempt(key, allowed=True, locked_until=None)
    return Attempt(key, allowed=False, locked_until=locked_until or now + LOCK)


def succeeded(session: Session, attempt: Attempt) -> None:
    """The password was right: forget the count of the key it was checked under."""
    session.execute(sa.delete(LoginThrottle).where(LoginThrottle.key == attempt.key))


def failed(session: Session, attempt: Attempt, *, now: datetime | None = None) -> None:
    """The password was wrong: the reservation stands as the failure. Clear some spent counts (guessed
    addresses would pile up otherwise), skipping rows another request holds, so this never waits."""
    now = now or utcnow()
    spent = (
        sa.select(LoginThrottle.key)
        .where(_spent(now), LoginThrottle.key != attempt.key)
        .limit(CLEANUP_BATCH)
        .with_for_update(skip_locked=True)
    )
    session.execute(sa.delete(LoginThrottle).where(LoginThrottle.key.in_(spent)))


def locked_until(session: Session, key: str, *, now: datetime | None = None) -> datetime | None:
    """When ``key`` may try again, if it is locked now."""
    row = session.get(LoginThrottle, key, populate_existing=True)
    now = now or utcnow()
    if row is not None and row.locked_until is not None and row.locked_until > now:
        return row.locked_until
    return None


class DeviceCookies:
    """Signed device cookies: 'this browser has logged in to account N before'.

    The cookie holds the account's id, a random nonce (the key of the device's own count) and a
    fingerprint of the password hash, so that a new password makes old devices strangers again.
    """

    def __init__(self, secret_key: str) -> None:
        self._signer = URLSafeTimedSerializer(secret_key, salt="factcheck.device-cookie")

    @staticmethod
    def _fingerprint(user: User) -> str:
        return hashlib.sha256(user.password_hash.encode("utf-8")).hexdigest()[:16]

    def issue(self, user: User) -> str:
        """A new cookie value for a device that has just logged in as ``user``."""
        payload = {"u": user.id, "n": secrets.token_urlsafe(16), "p": self._fingerprint(user)}
        return self._signer.dumps(payload)

    def key_for(self, session: Session, email: str, cookie: str | None) -> str:
        """The key to count an attempt at ``email`` under: the device's if it is trusted for the
        account with that address, else the address's."""
        if cookie:
            try:
                payload = self._signer.loads(
                    cookie, max_age=int(DEVICE_COOKIE_MAX_AGE.total_seconds())
                )
            except BadData:
                payload = None
            if isinstance(payload, dict) and isinstance(payload.get("n"), str):
                user = users.find_by_email(session, email)
                if (
                    user is not None
                    and user.id == payload.get("u")
                    and self._fingerprint(user) == payload.get("p")
                ):
                    return device_key(payload["n"])
        return address_key(email)
