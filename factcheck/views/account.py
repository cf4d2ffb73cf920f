"""A user's own account: their name, the password, the sessions, logging out everywhere."""

from __future__ import annotations

import math

from flask import Blueprint, flash, redirect, render_template, session, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from factcheck.errors import InvalidInput
from factcheck.extensions import db
from factcheck.forms.auth import ChangePasswordForm, DisplayNameForm, LogoutEverywhereForm
from factcheck.models.base import utcnow
from factcheck.services import login_throttle, user_sessions, users
from factcheck.templating import counted
from factcheck.views import auth
from factcheck.views._helpers import require_desk

bp = Blueprint("account", __name__, url_prefix="/account")

TOO_MANY = "Too many wrong current passwords. For safety, try again in {minutes}."


bp.before_request(require_desk)


def _page(
    form: ChangePasswordForm, status: int = 200, *, name_form: DisplayNameForm | None = None
) -> tuple[str, int]:
    live = user_sessions.live_sessions(db.session, user=current_user, lifetimes=auth.lifetimes())
    token = session.get(auth.SESSION_ID_ENTRY)
    this = user_sessions.token_hash(token) if isinstance(token, str) else None
    return render_template(
        "auth/account.html",
        form=form,
        sessions=live,
        this_session=this,
        everywhere_form=LogoutEverywhereForm(formdata=None),
        name_form=name_form or DisplayNameForm(formdata=None, obj=current_user),
    ), status


@bp.get("/")
def index() -> tuple[str, int]:
    return _page(ChangePasswordForm(formdata=None))


@bp.post("/password")
def change_password() -> Response | tuple[str, int]:
    form = ChangePasswordForm()
    if not form.validate_on_submit():
        return _page(form, 400)
    user = current_user._get_current_object()
    attempt = login_throttle.begin_attempt(db.session, login_throttle.password_change_key(user.id))
    # As at log-in: the attempt is counted for every other request before the password is checked.
    db.session.commit()
    if not attempt.allowed:
        until = attempt.locked_until or utcnow() + login_throttle.LOCK
        minutes = max(1, math.ceil((until - utcnow()).total_seconds() / 60))
        form.current_password.errors = [TOO_MANY.format(minutes=counted(minutes, "minute"))]
        return _page(form, 429)
    try:
        users.change_own_password(
            db.session,
            user=user,
            current=form.current_password.data or "",
            new=form.new_password.data or "",
        )
    except InvalidInput as exc:
        db.session.rollback()
        if exc.field == "current_password":
            login_throttle.failed(db.session, attempt)
        else:
            login_throttle.succeeded(db.session, attempt)
        db.session.commit()
        field = getattr(form, exc.field or "new_password", form.new_password)
        field.errors = [*field.errors, exc.message]
        return _page(form, 400)
    login_throttle.succeeded(db.session, attempt)
    auth.start_session(user)  # every session ended with the old password; this browser goes on
    db.session.commit()
    flash("Your password is changed, and every other browser is logged out.", "info")
    response = redirect(url_for("account.index"))
    auth.set_device_cookie(response, user)
    return response


@bp.post("/name")
def change_name() -> Response | tuple[str, int]:
    form = DisplayNameForm()
    if not form.validate_on_submit():
        return _page(ChangePasswordForm(formdata=None), 400, name_form=form)
    try:
        changed = users.set_display_name(
            db.session, user=current_user._get_current_object(), name=form.display_name.data
        )
    except InvalidInput as exc:
        db.session.rollback()
        form.display_name.errors = [*form.display_name.errors, exc.message]
        return _page(ChangePasswordForm(formdata=None), 400, name_form=form)
    db.session.commit()
    flash("Your name is changed." if changed else "Nothing to save: that is your name.", "info")
    return redirect(url_for("account.index"))


@bp.post("/logout-everywhere")
def logout_everywhere() -> Response:
    form = LogoutEverywhereForm()
    if form.validate_on_submit():
        user_sessions.end_all(db.session, user=current_user)
        auth.end_session()
        db.session.commit()
        flash("You are logged out everywhere, this browser included.", "info")
    return redirect(url_for("auth.login"))
