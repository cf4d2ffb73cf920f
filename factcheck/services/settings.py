"""Organisation settings that admins change at run time: defaults live here, changes in `Setting`."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from factcheck import permissions
from factcheck.errors import InvalidInput, PermissionDenied
from factcheck.models import Setting, User
from factcheck.services import history
from factcheck.services.history import AuditAction
from factcheck.services.speeches import check_http_url

log = logging.getLogger(__name__)

MIN_SOURCES_FOR_VERDICT = "min_sources_for_verdict"
APPROVAL_QUORUM = "approval_quorum"
ORGANISATION_NAME = "organisation_name"
ORGANISATION_URL = "organisation_url"
SHOW_STAFF_NAMES = "show_staff_names"

MAX_ORGANISATION_NAME = 200


def _count(limit: int, least: int = 0) -> Callable[[Any], int]:
    """A parser for a whole number from `least` to `limit`; form text such as " 2 " is accepted."""

    def parse(value: Any) -> int:
        if isinstance(value, str) and value.strip().isdigit():
            value = int(value.strip())
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValueError("Give a whole number.")
        if not least <= value <= limit:
            raise ValueError(f"Give a whole number from {least} to {limit}.")
        return value

    return parse


def _name(value: Any) -> str:
    """An organisation's name: one line of printable text, 1 to MAX_ORGANISATION_NAME long."""
    if not isinstance(value, str) or not value.strip():
        raise ValueError("Give the organisation's name.")
    value = " ".join(value.split())
    if len(value) > MAX_ORGANISATION_NAME:
        raise ValueError(f"Keep the name to {MAX_ORGANISATION_NAME} characters.")
    if any(not ch.isprintable() for ch in value):
        raise ValueError("The name may hold only printable characters.")
    return value


def _web_address(value: Any) -> str:
    """A full http(s) address, or "" for none."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return ""
    if not isinstance(value, str):
        raise ValueError("Give a web address.")
    try:
        return check_http_url(value) or ""
    except InvalidInput as exc:
        raise ValueError(exc.message) from exc


def _flag(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    raise ValueError("Give yes or no.")


@dataclass(frozen=True)
class SettingSpec:
    key: str
    default: Any
    label: str
    help: str
    parse: Callable[[Any], Any]  # returns the value to store, or raises ValueError with a message


SPECS: dict[str, SettingSpec] = {
    spec.key: spec
    for spec in (
        SettingSpec(
            key=MIN_SOURCES_FOR_VERDICT,
            default=1,
            label="Sources needed before a verdict is submitted",
            help="A reviewer may save a draft verdict with fewer; 0 turns the check off.",
            parse=_count(50),
        ),
        SettingSpec(
            key=APPROVAL_QUORUM,
            default=1,
            label="Editors' approvals a verdict needs",
            help="Each editor approves with a rationale; the verdict's own author is not counted.",
            parse=_count(5, least=1),
        ),
        SettingSpec(
            key=ORGANISATION_NAME,
            default="Our fact-checking desk",
            label="Organisation's name",
            help="Credited as the author of every published check in the exports (ClaimReview).",
            parse=_name,
        ),
        SettingSpec(
            key=ORGANISATION_URL,
            default="",
            label="Organisation's web address",
            help="Its home page, starting with https://; given with its name in the exports.",
            parse=_web_address,
        ),
        SettingSpec(
            key=SHOW_STAFF_NAMES,
            default=True,
            label="Show reviewers' and editors' names to readers",
            help="Off: published exports name nobody who checked or approved a claim.",
            parse=_flag,
        ),
    )
}


def get_setting(session: Session, key: str) -> Any:
    """The stored value of a known setting, or its default (also when the stored value is invalid)."""
    spec = SPECS[key]
    row = session.get(Setting, key)
    if row is None:
        return spec.default
    try:
        return spec.parse(row.value)
    except ValueError:
        log.warning("setting %s holds an invalid value %r; using the default", key, row.value)
        return spec.default


def all_settings(session: Session) -> dict[str, Any]:
    """Every known setting with its current value, in the order of `SPECS`."""
    stored = {row.key: row for row in session.scalars(select(Setting))}
    values: dict[str, Any] = {}
    for key, spec in SPECS.items():
        values[key] = spec.default
        if key in stored:
            try:
                values[key] = spec.parse(stored[key].value)
            except ValueError:
                log.warning("setting %s holds an invalid value; using the default", key)
    return values


def set_setting(session: Session, *, actor: User, key: str, value: Any) -> Any:
    """Validate and store a setting (admins only); returns the value stored."""
    if not permissions.can_manage_settings(actor):
        raise PermissionDenied("Only an administrator can change the organisation's settings.")
    spec = SPECS.get(key)
    if spec is None:
        raise InvalidInput("There is no such setting.", field="key")
    try:
        parsed = spec.parse(value)
    except ValueError as exc:
        raise InvalidInput(str(exc), field=key) from exc
    before = get_setting(session, key)
    row = session.get(Setting, key)
    if row is not None and row.value == parsed:
        return parsed
    if row is None:
        row = Setting(key=key, value=parsed)
        session.add(row)
    else:
        row.value = parsed
    session.flush()
    # Settings are keyed by name, not number: object_id 0, the key in the snapshots.
    history.record(
        session,
        AuditAction.SETTING_SET,
        actor=actor,
        object_type="setting",
        object_id=0,
        before={"key": key, "value": before},
        after={"key": key, "value": parsed},
    )
    log.info("setting %s set to %r by %s", key, parsed, actor.email)
    return parsed
