"""Logging staff in and out, and the server-side session behind every logged-in request."""

from __future__ import annotations

import logging
import math
from datetime import datetime, timedelta

from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import current_user, login_required, login_user, logout_user
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session
from werkzeug.wrappers import Response

from factcheck.errors import InvalidInput
from factcheck.extensions import db
from factcheck.forms.auth import LoginForm, LogoutForm, SetPasswordForm
from factcheck.models import User
from factcheck.models.base import utcnow
from factcheck.services import account_links, login_throttle, user_sessions, users
from factcheck.templating import counted
from factcheck.views._helpers import safe_next

bp = Blueprint("auth", __name__)
log = logging.getLogger(__name__)

LOGIN_FAILED = "That e-mail and password do not match an active account."
LOCKED = (
    "Too many failed log-ins for this e-mail address. For safety, try again in {minutes}, "
    "or from a browser you have logged in with before."
)
# Marks a browser that has logged in to an account before; see services/login_throttle.py.
DEVICE_COOKIE = "factcheck_device"
# The key in Flask's session cookie that holds the server-side session's token.
SESSION_ID_ENTRY = "sid"


def lifetimes() -> user_sessions.Lifetimes:
    return user_sessions.Lifetimes(
        idle=timedelta(minutes=float(current_app.config["SESSION_IDLE_MINUTES"])),
        absolute=timedelta(hours=float(current_app.config["SESSION_MAX_HOURS"])),
    )


def load_user(user_id: str) -> User | None:
    """Flask-Login's loader: the user, only while the session in the cookie is live server-side."""
    token = session.get(SESSION_ID_ENTRY)
    if not (user_id.isascii() and user_id.isdigit()) or not isinstance(token, str):
        return None
    now = utcnow()
    live = user_sessions.find_live(
        db.session, token=token, user_id=int(user_id), lifetimes=lifetimes(), now=now
    )
    if live is None:
        return None
    if user_sessions.needs_touch(live, now):
        _touch(live.id, now)
    return live.user


def _touch(session_id: int, now: datetime) -> None:
    """Record the session's use in a transaction of its own: bookkeeping, not part of whatever the
    request changes, and never a reason to fail the request."""
    try:
        with Session(db.engine) as own, own.begin():
            user_sessions.touch(own, session_id=session_id, now=now)
    except SQLAlchemyError:
        log.warning("could not record the use of session %s", session_id, exc_info=True)


@bp.before_app_request
def load_user_first() -> None:
    """Check the session before the view runs, so the touch above never waits on the view's writes.
    A request without cookies has no session to check (log-ins live in cookies only)."""
    if request.endpoint != "static" and request.cookies:
        _ = current_user.is_authenticated


def start_session(user: User) -> None:
    """Open a server-side session for ``user`` in this browser; the caller commits."""
    token = user_sessions.start(
        db.session,
        user=user,
        user_agent=request.user_agent.string,
        lifetimes=lifetimes(),
    )
    session[SESSION_ID_ENTRY] = token
    login_user(user)


def end_session() -> None:
    """Log this browser out: its server-side session is revoked; the caller commits."""
    token = session.pop(SESSION_ID_ENTRY, None)
    if isinstance(token, str):
        user_sessions.end(db.session, token=token)
    logout_user()


def _device_cookies() -> login_throttle.DeviceCookies:
    return login_throttle.DeviceCookies(current_app.config["SECRET_KEY"])


def _locked(attempt: login_throttle.Attempt, form: LoginForm) -> tuple[str, int]:
    until = attempt.locked_until or utcnow() + login_throttle.LOCK
    minutes = max(1, math.ceil((until - utcnow()).total_seconds() / 60))
    flash(LOCKED.format(minutes=counted(minutes, "minute")), "error")
    return render_template("auth/login.html", form=form), 429


@bp.route("/login", methods=["GET", "POST"])
def login() -> str | Response | tuple[str, int]:
    if current_user.is_authenticated:
        return redirect(url_for("desk.index"))
    form = LoginForm(next=request.args.get("next", ""))
    if not form.validate_on_submit():
        return render_template("auth/login.html", form=form), 400 if form.is_submitted() else 200
    email = form.email.data or ""
    key = _device_cookies().key_for(db.session, email, request.cookies.get(DEVICE_COOKIE))
    attempt = login_throttle.begin_attempt(db.session, key)
    # Committed before the password is checked: every other request must see this attempt counted.
    db.session.commit()
    if not attempt.allowed:
        return _locked(attempt, form)
    user = users.authenticate(db.session, email, form.password.data or "")
    if user is None:
        login_throttle.failed(db.session, attempt)
        db.session.commit()
        flash(LOGIN_FAILED, "error")
        return render_template("auth/login.html", form=form), 401
    login_throttle.succeeded(db.session, attempt)
    start_session(user)
    db.session.commit()
    response = redirect(safe_next(form.next.data) or url_for("desk.index"))
    set_device_cookie(response, user)
    return response


def set_device_cookie(response: Response, user: User) -> None:
    """Mark this browser as one that has logged in to ``user``'s account (with its password now)."""
    response.set_cookie(
        DEVICE_COOKIE,
        _device_cookies().issue(user),
        max_age=int(login_throttle.DEVICE_COOKIE_MAX_AGE.total_seconds()),
        path=url_for("auth.login"),
        secure=bool(current_app.config["SESSION_COOKIE_SECURE"]),
        httponly=True,
        samesite="Lax",
    )


@bp.post("/logout")
@login_required
def logout() -> Response:
    form = LogoutForm()
    if form.validate_on_submit():
        end_session()
        db.session.commit()
        flash("You are logged out.", "info")
    return redirect(url_for("public.index"))


@bp.route("/password/<token>", methods=["GET", "POST"])
def set_password_by_link(token: str) -> str | Response | tuple[str, int]:
    """Where an invitation or a reset link leads: choose a password, once."""
    link = account_links.find(db.session, token)
    if link is None:
        return render_template("auth/set_password.html", form=None, expired=True), 404
    form = SetPasswordForm()
    if form.validate_on_submit():
        try:
            user = account_links.use(
                db.session,
                token=token,
                password=form.new_password.data or "",
                confirm=form.confirm.data or "",
            )
        except InvalidInput as exc:
            db.session.rollback()
            if exc.field == "token":
                return render_template("auth/set_password.html", form=None, expired=True), 404
            field = getattr(form, exc.field or "new_password", form.new_password)
            field.errors = [*field.errors, exc.message]
        else:
            db.session.commit()
            flash(f"Your password is set, {user.display_name}. Log in with it now.", "success")
            return redirect(url_for("auth.login"))
    status = 400 if form.is_submitted() else 200
    page = render_template("auth/set_password.html", form=form, link=link, expired=False)
    return page, status
