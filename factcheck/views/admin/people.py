"""People: the organisation's accounts, their roles, adding and deactivating them (admins only).

A deactivated account's sessions end at once; its work stays attributed to it. The last active
admin can be neither demoted nor deactivated. Every change is in the audit log.
"""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user
from sqlalchemy import select
from werkzeug.wrappers import Response

from factcheck import permissions
from factcheck.errors import Conflict, InvalidInput
from factcheck.extensions import db
from factcheck.forms.admin import ROLE_CHOICES, ActiveForm, NewPersonForm, RoleForm
from factcheck.models import User
from factcheck.services import account_links, users
from factcheck.views.admin.settings import bp
from factcheck.views.desk._helpers import form_problem


def _require_user_admin() -> None:
    if not permissions.can_manage_users(current_user):
        abort(404)


def _person_or_404(user_id: int) -> User:
    _require_user_admin()
    user = db.session.get(User, user_id)
    if user is None:
        abort(404)
    return user


def _page(
    status: int = 200,
    *,
    form: NewPersonForm | None = None,
    problem: str | None = None,
    new_link: account_links.NewLink | None = None,
):
    people = db.session.scalars(
        select(User).order_by(User.active.desc(), User.display_name, User.id)
    ).all()
    page = render_template(
        "admin/people.html",
        people=people,
        form=form or NewPersonForm(formdata=None),
        role_choices=ROLE_CHOICES,
        problem=problem,
        new_link=new_link,
        link_url=(
            url_for("auth.set_password_by_link", token=new_link.token, _external=True)
            if new_link
            else None
        ),
    )
    return page, status


@bp.get("/people")
def people() -> tuple[str, int]:
    _require_user_admin()
    return _page()


@bp.post("/people")
def add_person() -> Response | tuple[str, int]:
    _require_user_admin()
    form = NewPersonForm()
    if not form.validate_on_submit():
        return _page(400, form=form, problem=form_problem(form) or "The form was incomplete.")
    invited = None
    try:
        if form.password.data:
            user = users.create_user(
                db.session,
                actor=current_user,
                email=form.email.data or "",
                password=form.password.data,
                role=form.role.data,
                display_name=form.display_name.data,
            )
        else:
            invited = account_links.invite(
                db.session,
                actor=current_user,
                email=form.email.data or "",
                role=form.role.data,
                display_name=form.display_name.data,
            )
            user = invited.user
    except (InvalidInput, Conflict) as exc:
        db.session.rollback()
        target = getattr(form, exc.field or "", None)
        if target is not None:
            target.errors = [*target.errors, exc.message]
        return _page(409 if isinstance(exc, Conflict) else 400, form=form, problem=exc.message)
    db.session.commit()
    if invited is not None:
        # Shown once, on this page (not in a redirect's flash, which a cookie would carry).
        return _page(201, new_link=invited)
    flash(f"Added {user.display_name} ({user.email}) as {user.role.value}.", "success")
    return redirect(url_for("admin.people"))


@bp.post("/people/<id:user_id>/reset-link")
def reset_link(user_id: int) -> tuple[str, int]:
    user = _person_or_404(user_id)
    if not ActiveForm().validate_on_submit():
        return _page(400, problem="The form was incomplete.")
    try:
        made = account_links.reset_link(db.session, actor=current_user, user=user)
    except InvalidInput as exc:
        db.session.rollback()
        return _page(400, problem=exc.message)
    db.session.commit()
    return _page(201, new_link=made)


def _run(user_id: int, form, change, done: str) -> Response | tuple[str, int]:
    user = _person_or_404(user_id)
    if not form.validate_on_submit():
        return _page(400, problem=form_problem(form) or "The form was incomplete.")
    try:
        change(user, form)
    except (InvalidInput, Conflict) as exc:
        db.session.rollback()
        return _page(409 if isinstance(exc, Conflict) else 400, problem=exc.message)
    db.session.commit()
    flash(done.format(name=user.display_name, role=user.role.value), "success")
    return redirect(url_for("admin.people"))


@bp.post("/people/<id:user_id>/role")
def set_role(user_id: int) -> Response | tuple[str, int]:
    return _run(
        user_id,
        RoleForm(),
        lambda user, form: users.set_role(
            db.session, actor=current_user, user=user, role=form.role.data
        ),
        "{name} is now {role}.",
    )


@bp.post("/people/<id:user_id>/deactivate")
def deactivate(user_id: int) -> Response | tuple[str, int]:
    return _run(
        user_id,
        ActiveForm(),
        lambda user, form: users.set_active(
            db.session, actor=current_user, user=user, active=False
        ),
        "{name} is deactivated: their sessions have ended and their work keeps their name.",
    )


@bp.post("/people/<id:user_id>/reactivate")
def reactivate(user_id: int) -> Response | tuple[str, int]:
    return _run(
        user_id,
        ActiveForm(),
        lambda user, form: users.set_active(db.session, actor=current_user, user=user, active=True),
        "{name} can log in again.",
    )
