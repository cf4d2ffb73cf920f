"""Logging staff in and out."""

from __future__ import annotations

import math
from urllib.parse import urlsplit

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required, login_user, logout_user
from werkzeug.wrappers import Response

from factcheck.extensions import db
from factcheck.forms import LoginForm, LogoutForm
from factcheck.models.base import utcnow
from factcheck.services import login_throttle, users
from factcheck.templating import counted

bp = Blueprint("auth", __name__)

LOGIN_FAILED = "That e-mail and password do not match an active account."
LOCKED = (
    "Too many failed log-ins for this e-mail address. For safety, try again in {minutes}, "
    "or from a browser you have logged in with before."
)
# Marks a browser that has logged in to an account before; see services/login_throttle.py.
DEVICE_COOKIE = "factcheck_device"


def safe_next(target: str | None) -> str | None:
    """Accept only a path on this site: no scheme, no host, no protocol-relative or backslash tricks."""
    if not target:
        return None
    target = target.strip()
    if not target.startswith("/") or target.startswith(("//", "/\\")) or "\\" in target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or any(ord(c) < 32 for c in target):
        return None
    return target


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
    devices = _device_cookies()
    key = devices.key_for(db.session, email, request.cookies.get(DEVICE_COOKIE))
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
    db.session.commit()
    login_user(user)
    response = redirect(safe_next(form.next.data) or url_for("desk.index"))
    _set_device_cookie(response, devices.issue(user))
    return response


def _set_device_cookie(response: Response, value: str) -> None:
    response.set_cookie(
        DEVICE_COOKIE,
        value,
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
        logout_user()
        flash("You are logged out.", "info")
    return redirect(url_for("public.index"))
