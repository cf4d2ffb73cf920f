"""Logging staff in and out."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required, login_user, logout_user
from werkzeug.wrappers import Response

from factcheck.extensions import db
from factcheck.forms import LoginForm, LogoutForm
from factcheck.services import users

bp = Blueprint("auth", __name__)

LOGIN_FAILED = "That e-mail and password do not match an active account."


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
        user = users.authenticate(db.session, form.email.data or "", form.password.data or "")
        if user is None:
            flash(LOGIN_FAILED, "error")
            return render_template("auth/login.html", form=form), 401
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
