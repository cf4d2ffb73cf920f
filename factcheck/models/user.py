"""Staff accounts. Readers have no account."""

from __future__ import annotations

import enum
from datetime import datetime

import sqlalchemy as sa
from flask_login import UserMixin
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from factcheck.models.base import NO_ID_REUSE, Base, UTCDateTime, str_enum, utcnow
from factcheck.models.history import Audited, AuditedField, HasHistory

# Werkzeug's scrypt (memory-hard). The test suite swaps in a cheap method for speed; see tests/conftest.py.
PASSWORD_HASH_METHOD = "scrypt"  # noqa: S105 - a method name, not a password


class Role(enum.StrEnum):
    ADMIN = "admin"
    EDITOR = "editor"
    REVIEWER = "reviewer"


class User(UserMixin, HasHistory, Base):
    __tablename__ = "user"
    __table_args__ = (
        sa.CheckConstraint("email = lower(email)", name="email_lowercase"),
        NO_ID_REUSE,
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(sa.String(254), unique=True)
    display_name: Mapped[str] = mapped_column(sa.String(120))
    password_hash: Mapped[str] = mapped_column(sa.String(255))
    role: Mapped[Role] = mapped_column(str_enum(Role, "role"))
    active: Mapped[bool] = mapped_column(default=True, server_default=sa.true())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    # Never the password hash: the log says that a password changed, not what it is.
    __audited__ = Audited(
        "user",
        "account",
        (
            AuditedField("email", "e-mail"),
            AuditedField("display_name", "name"),
            AuditedField("role", "role"),
            AuditedField("active", "active"),
        ),
    )

    @property
    def is_active(self) -> bool:  # read by Flask-Login
        return self.active

    def set_password(self, password: str) -> None:
        self.password_hash = generate_password_hash(password, method=PASSWORD_HASH_METHOD)

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

    def __repr__(self) -> str:
        return f"<User {self.id} {self.email} {self.role.value}>"


class LoginThrottle(Base):
    """Log-in attempts counted under one key, to slow down password guessing: an e-mail address
    (known or not) for browsers it has not logged in from, or one trusted browser.

    ``key`` is a hash (of the address as typed, lower-cased, or of the device cookie's nonce), so
    that no guessed address is stored. See services/login_throttle.py for the rule.
    """

    __tablename__ = "login_throttle"

    key: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    failures: Mapped[int] = mapped_column(default=0)
    window_start: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime())


class UserSession(Base):
    """One log-in on one browser, checked on every request so that it can be ended server-side.

    The browser holds a random token in its (signed) session cookie; only a hash of it is stored, so
    that a copy of the database opens no sessions.
    """

    __tablename__ = "user_session"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    user_agent: Mapped[str] = mapped_column(sa.String(200), default="", server_default="")

    user: Mapped[User] = relationship()


class AccountLinkPurpose(enum.StrEnum):
    INVITE = "invite"  # a new account's first password
    RESET = "reset"  # a new password for an account whose owner lost theirs


class AccountLink(Base):
    """A one-time link, made by an admin, to set an account's password: no password is ever sent
    or shown. Only a hash of its token is stored; it works once, before it expires."""

    __tablename__ = "account_link"
    __table_args__ = (NO_ID_REUSE,)

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id", ondelete="CASCADE"), index=True)
    purpose: Mapped[AccountLinkPurpose] = mapped_column(str_enum(AccountLinkPurpose, "purpose"))
    created_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    user: Mapped[User] = relationship(foreign_keys=[user_id])
