"""Error pages and the one mapping from domain errors to HTTP statuses."""

from __future__ import annotations

import logging
import re
from urllib.parse import urlsplit

from flask import Blueprint, current_app, render_template, request
from flask_login import current_user
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.exceptions import HTTPException, MethodNotAllowed, NotFound

from factcheck.errors import DomainError
from factcheck.extensions import db
from factcheck.views._helpers import safe_next

bp = Blueprint("errors", __name__)
log = logging.getLogger(__name__)


# Form fields that carry no writing of the user's.
_NOT_WRITING = frozenset({"csrf_token", "version", "next"})
# Never shown back, whatever the form: anything named like a password or another secret.
_SECRET_NAME = re.compile(r"pass|pwd|secret|token|credential", re.IGNORECASE)
# Forms about logging in and accounts: nothing of theirs is shown back at all.
_NO_WRITING_BLUEPRINTS = frozenset({"auth", "account"})
# What the workspace's and the import's fields are called on their forms, by field name.
_FIELD_LABELS = {
    "body": "Note",
    "url": "Web address",
    "quote": "Quoted excerpt",
    "restatement": "Claim as checked",
    "reason": "Dismiss as",
    "note": "Note",
    "at": "Split before character",
    "rating": "Rating",
}


def _page(status: int, title: str, message: str) -> tuple[str, int]:
    page = render_template(
        "errors/error.html",
        status=status,
        title=title,
        message=message,
        login_next=_login_next(),
        writing=_writing(),
    )
    return page, status


def _login_next() -> str | None:
    """Where logging in from this page should lead: back here, or, for a form sent without a
    login, to the page the form was on (the address it was sent to only takes forms)."""
    if request.method in ("GET", "HEAD"):
        return request.full_path if request.query_string else request.path
    referrer = urlsplit(request.referrer or "")
    if referrer.netloc != request.host:
        return None
    return safe_next(referrer.path + (f"?{referrer.query}" if referrer.query else ""))


def _writing() -> list[tuple[str, str]]:
    """What the user wrote in a form that was refused, so that it can be copied, not lost; never a
    password."""
    if request.method != "POST" or request.blueprint in _NO_WRITING_BLUEPRINTS:
        return []
    try:
        fields = request.form.items(multi=True)
    except HTTPException:  # a body too large to read, or malformed: nothing to give back
        return []
    return [
        (_FIELD_LABELS.get(name, name.replace("_", " ").capitalize()), value)
        for name, value in fields
        if name not in _NOT_WRITING and not _SECRET_NAME.search(name) and value.strip()
    ]


def _not_logged_in() -> bool:
    return request.method not in ("GET", "HEAD") and not current_user.is_authenticated


def _hidden_from_user(exc: MethodNotAllowed) -> bool:
    """Whether the address that refused the method belongs to a blueprint whose own check (a
    404 to those who may not see it) refuses this user. Routing raises a 405 before that check
    runs, so without this an anonymous visitor could tell which desk addresses exist."""
    adapter = current_app.create_url_adapter(request)
    for method in exc.valid_methods or ():
        try:
            endpoint, _ = adapter.match(method=method)
        except HTTPException:
            continue
        for check in current_app.before_request_funcs.get(endpoint.rpartition(".")[0], ()):
            try:
                check()
            except NotFound:
                return True
        return False
    return False


@bp.app_errorhandler(CSRFError)
def csrf_error(exc: CSRFError) -> tuple[str, int]:
    return _page(
        400, "The form expired", "Nothing was saved. Go back, reload the page and try again."
    )


@bp.app_errorhandler(DomainError)
def domain_error(exc: DomainError) -> tuple[str, int]:
    db.session.rollback()
    return _page(exc.status_code, "That did not work", exc.message)


@bp.app_errorhandler(HTTPException)
def http_error(exc: HTTPException) -> tuple[str, int]:
    titles = {404: "Not found", 403: "Not allowed", 413: "Too large"}
    code = exc.code or 500
    if isinstance(exc, MethodNotAllowed) and _hidden_from_user(exc):
        return http_error(NotFound())
    if code == 405 and request.method in ("GET", "HEAD"):  # an address that only takes forms
        return _page(
            405,
            "Nothing to show here",
            "This address is where a form is sent; it has no page of its own. "
            "Go back to the page the form was on.",
        )
    if code == 404 and _not_logged_in():  # the same for what exists and what does not
        return _page(
            404,
            "Not saved",
            "You are not logged in: your session ended, or you logged out in another tab. "
            "Nothing was saved. Log in, then make the change again.",
        )
    return _page(code, titles.get(code, exc.name), exc.description or "")


# What the database says when two writes met and one had to give way: PostgreSQL's deadlock,
# serialisation failure, lock timeout and exclusion violation (the claim overlap guard), SQLite's
# busy database; and an UPDATE that found its row changed (`StaleDataError`). The services lock
# what they change so these should not happen; if one does, nothing was saved and a retry works.
_CONTENTION_SQLSTATES = frozenset({"40P01", "40001", "55P03", "23P01"})
_CONTENTION_MESSAGES = ("database is locked", "ex_claim_spans_do_not_overlap")


def _is_contention(exc: Exception) -> bool:
    if isinstance(exc, StaleDataError):
        return True
    if not isinstance(exc, DBAPIError):
        return False
    if getattr(exc.orig, "sqlstate", None) in _CONTENTION_SQLSTATES:
        return True
    return any(message in str(exc.orig) for message in _CONTENTION_MESSAGES)


@bp.app_errorhandler(DBAPIError)
@bp.app_errorhandler(StaleDataError)
def database_contention(exc: Exception) -> tuple[str, int]:
    if not _is_contention(exc):
        return unexpected_error(exc)
    db.session.rollback()
    log.warning("a write gave way to another: %s", exc)
    return _page(
        409,
        "Someone else was saving",
        "Someone else saved a change here at the same moment; nothing of yours was saved. "
        "Go back, reload the page and try again.",
    )


@bp.app_errorhandler(Exception)
def unexpected_error(exc: Exception) -> tuple[str, int]:
    db.session.rollback()
    log.exception("unhandled error")
    return _page(500, "Something went wrong", "The error has been logged. Nothing was saved.")
