"""Error pages and the one mapping from domain errors to HTTP statuses."""

from __future__ import annotations

import logging

from flask import Blueprint, render_template
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from factcheck.errors import DomainError
from factcheck.extensions import db

bp = Blueprint("errors", __name__)
log = logging.getLogger(__name__)


def _page(status: int, title: str, message: str) -> tuple[str, int]:
    return render_template("errors/error.html", status=status, title=title, message=message), status


@bp.app_errorhandler(CSRFError)
def csrf_error(exc: CSRFError) -> tuple[str, int]:
    return _page(400, "The form expired", "Go back, reload the page and try again.")


@bp.app_errorhandler(DomainError)
def domain_error(exc: DomainError) -> tuple[str, int]:
    db.session.rollback()
    return _page(exc.status_code, "That did not work", exc.message)


@bp.app_errorhandler(HTTPException)
def http_error(exc: HTTPException) -> tuple[str, int]:
    titles = {404: "Not found", 403: "Not allowed", 413: "Too large"}
    code = exc.code or 500
    return _page(code, titles.get(code, exc.name), exc.description or "")


@bp.app_errorhandler(Exception)
def unexpected_error(exc: Exception) -> tuple[str, int]:
    db.session.rollback()
    log.exception("unhandled error")
    return _page(500, "Something went wrong", "The error has been logged. Nothing was saved.")
