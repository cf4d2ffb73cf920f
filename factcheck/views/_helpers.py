"""What the blueprints share: the desk's one guard, and checking where a `next` link may lead."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import abort
from flask_login import current_user

from factcheck import permissions


def require_desk() -> None:
    """The before-request guard of every staff blueprint.

    Anonymous visitors and readers get the same 404 as for a page that does not exist: staff pages
    and unpublished objects are not to be discovered. The 404 page links to the log-in.
    """
    if not permissions.can_use_desk(current_user):
        abort(404)


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
