"""Logging staff in and out."""

from __future__ import annotations

import math
from urllib.parse import urlsplit

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required, login_user, logout_user
from werkzeug.wrappers import Response

from factcheck.extensions import db
from factcheck.forms import LoginForm, LogoutForm
from factcheck.models.base import utcnow
from factcheck.services import login_throttle, users
from factcheck.templating import counted

bp = Blueprint("auth", __name__)

LOGIN_FAILED = "That e-mail and password do not match an active account."
LOCKED = "Too many failed log-ins for this e-mail address. For safety, try again in {minutes}."


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


@bp.route("/login", methods=["GET", "POST"])
def login() -> str | Response | tuple[str, int]:
    if current_user.is_authenticated:
        return redirect(url_for("desk.index"))
    form = LoginForm(next=request.args.get("next", ""))
    if form.validate_on_submit():
        email = form.email.data or ""
        locked = login_throttle.locked_until(db.session, email)
        if locked is not None:
            minutes = max(1, math.ceil((locked - utcnow()).total_seconds() / 60))
            flash(LOCKED.format(minutes=counted(minutes, "minute")), "error")
            return render_template("auth/login.html", form=form), 429
        user = users.authenticate(db.session, email, form.password.data or "")
        if user is None:
            login_throttle.record_failure(db.session, email)
            db.session.commit()
            flash(LOGIN_FAILED, "error")
            return render_template("auth/login.html", form=form), 401
        login_throttle.record_success(db.session, email)
        db.session.commit()
        login_user(user)
        return redirect(safe_next(form.next.data) or url_for("desk.index"))
    return render_template("auth/login.html", form=form), 400 if form.is_submitted() else 200


@bp.post("/logout")
@login_required
def logout() -> Response:
    form = LogoutForm()
    if form.validate_on_submit():
        logout_user()
        flash("You are logged out.", "info")
    return redirect(url_for("public.index"))
