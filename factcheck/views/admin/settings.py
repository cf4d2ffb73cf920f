"""Administration: the organisation's rating scale and its settings. Admins only; a 404 to others."""

from __future__ import annotations

import re
from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from factcheck import permissions
from factcheck.errors import Conflict, InvalidInput, NotFound
from factcheck.extensions import db
from factcheck.forms.admin import (
    MAX_ROWS,
    CreateScaleForm,
    RatingRowForm,
    RatingScaleForm,
    SettingsForm,
)
from factcheck.models import RatingScale
from factcheck.services import ratings, settings
from factcheck.views._helpers import safe_next

bp = Blueprint("admin", __name__, url_prefix="/desk/admin")

# "ratings-3-label": the service's name for a field of the fourth rating it was given.
_RATING_FIELD = re.compile(r"^ratings-(\d+)-(\w+)$")


@bp.before_request
def require_admin() -> None:
    if not (
        permissions.can_manage_rating_scale(current_user)
        or permissions.can_manage_settings(current_user)
    ):
        abort(404)


def _scale() -> RatingScale | None:
    try:
        return ratings.active_scale(db.session)
    except NotFound:
        return None


@bp.get("/")
def index() -> str:
    return render_template("admin/index.html")


# --- rating scale ----------------------------------------------------------------------------------


def _row(rating: Any) -> dict[str, Any]:
    return {
        "id": rating.id,
        "order": rating.position + 1,
        "label": rating.label,
        "definition": rating.definition,
        "colour": rating.colour,
        "value": rating.value,
        "retired": rating.retired,
    }


def _scale_page(
    form: RatingScaleForm | None, scale: RatingScale | None, status: int = 200, **extra: Any
) -> tuple[str, int]:
    return render_template(
        "admin/rating_scale.html",
        form=form,
        scale=scale,
        create_form=CreateScaleForm(formdata=None),
        **extra,
    ), status


def _listed(form: RatingScaleForm) -> list[tuple[int, RatingRowForm]]:
    """The rows to save, as (row index, row), in the order the admin asked for."""
    rows = [
        (index, entry.form)
        for index, entry in enumerate(form.ratings.entries)
        if not entry.form.delete.data and not (entry.form.id.data is None and entry.form.is_blank())
    ]
    far = MAX_ROWS * 1000
    rows.sort(key=lambda item: item[1].order.data if item[1].order.data is not None else far)
    return rows


def _mark(form: RatingScaleForm, rows: list[tuple[int, RatingRowForm]], exc: InvalidInput) -> bool:
    """Show a refusal beside the field it concerns; False when it concerns the whole list."""
    found = _RATING_FIELD.match(exc.field or "")
    if not found or int(found.group(1)) >= len(rows):
        return False
    row = rows[int(found.group(1))][1]
    field = getattr(row, found.group(2), None)
    if field is None:
        return False
    field.errors = [*field.errors, exc.message]
    return True


@bp.route("/rating-scale", methods=["GET", "POST"])
def rating_scale() -> str | Response | tuple[str, int]:
    if not permissions.can_manage_rating_scale(current_user):
        abort(404)
    scale = _scale()
    if scale is None:
        return _scale_page(None, None)
    if request.method == "GET":
        form = RatingScaleForm(
            formdata=None,
            data={"version": scale.version, "ratings": [_row(r) for r in scale.ratings]},
        )
        form.ratings.append_entry()
        return _scale_page(form, scale)

    form = RatingScaleForm()
    if request.form.get("intent") == "add-row":
        if len(form.ratings.entries) < MAX_ROWS:
            form.ratings.append_entry()
        return _scale_page(form, scale)
    if not form.validate_on_submit():
        return _scale_page(form, scale, 400, problem="Fix the fields marked below.")
    rows = _listed(form)
    items = [
        ratings.RatingInput(
            label=row.label.data or "",
            definition=row.definition.data or "",
            colour=row.colour.data or "",
            value=row.value.data,
            retired=bool(row.retired.data),
            id=row.id.data,
        )
        for _, row in rows
    ]
    try:
        ratings.replace_ratings(
            db.session,
            actor=current_user,
            scale=scale,
            ratings=items,
            expected_version=form.version.data,
        )
    except InvalidInput as exc:
        db.session.rollback()
        marked = _mark(form, rows, exc)
        return _scale_page(
            form, scale, 400, problem="Fix the field marked below." if marked else exc.message
        )
    except Conflict as exc:
        db.session.rollback()
        # Keep the admin's rows, now against the version they have just been shown.
        form.version.data = scale.version
        form.version.raw_data = [str(scale.version)]
        return _scale_page(form, scale, 409, conflict=exc)
    db.session.commit()
    flash("The rating scale is saved. Past verdicts keep the label they were given.", "success")
    return redirect(url_for("admin.rating_scale"))


@bp.post("/rating-scale/default")
def create_default_scale() -> Response:
    if not permissions.can_manage_rating_scale(current_user):
        abort(404)
    form = CreateScaleForm()
    if not form.validate_on_submit():
        abort(400)
    created = _scale() is None
    ratings.ensure_default_scale(db.session, current_user)
    db.session.commit()
    if created:
        flash("The default rating scale is ready; admins can change it under Admin.", "success")
    return redirect(safe_next(form.next.data) or url_for("admin.rating_scale"))


# --- settings --------------------------------------------------------------------------------------


@bp.route("/settings", methods=["GET", "POST"])
def organisation_settings() -> str | Response | tuple[str, int]:
    if not permissions.can_manage_settings(current_user):
        abort(404)
    if request.method == "GET":
        form = SettingsForm(formdata=None, data=settings.all_settings(db.session))
        return render_template("admin/settings.html", form=form)
    form = SettingsForm()
    if not form.validate_on_submit():
        return render_template("admin/settings.html", form=form), 400
    for key in (
        settings.MIN_SOURCES_FOR_VERDICT,
        settings.APPROVAL_QUORUM,
        settings.ORGANISATION_NAME,
        settings.ORGANISATION_URL,
        settings.SHOW_STAFF_NAMES,
    ):
        try:
            settings.set_setting(db.session, actor=current_user, key=key, value=form[key].data)
        except InvalidInput as exc:
            db.session.rollback()
            form[key].errors = [exc.message]
            return render_template("admin/settings.html", form=form), 400
    db.session.commit()
    flash("Settings saved.", "success")
    return redirect(url_for("admin.organisation_settings"))
