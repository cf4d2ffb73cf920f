"""What the history records about each kind of object: its audited fields, their labels, and the
actions that change it.

Each audited model declares ``__audited__``: an `Audited` naming its fields once, with the label
people read beside each one (``None`` for what only the software reads: ids, copies, offsets).
A snapshot of an object is the JSON-ready values of those fields; the audit log stores one before
and one after every change, and the history, conflicts and restores read them back.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any


class AuditAction(enum.StrEnum):
    """Every kind of change the audit log records (stored as the value: "claim.merge")."""

    SPEECH_IMPORT = "speech.import"
    SPEECH_UPDATE = "speech.update"
    SPEECH_RENAME_SPEAKER = "speech.rename_speaker"
    SPEECH_ARCHIVE = "speech.archive"
    SPEECH_UNARCHIVE = "speech.unarchive"
    SPEECH_DELETE = "speech.delete"
    CLAIM_MERGE = "claim.merge"
    CLAIM_MERGED_INTO = "claim.merged_into"
    CLAIM_SPLIT = "claim.split"
    CLAIM_SPLIT_OFF = "claim.split_off"
    CLAIM_BOUNDS = "claim.bounds"
    CLAIM_RESTATE = "claim.restate"
    CLAIM_DISMISS = "claim.dismiss"
    CLAIM_RESTORE = "claim.restore"
    SOURCE_ADD = "source.add"
    SOURCE_UPDATE = "source.update"
    SOURCE_REMOVE = "source.remove"
    SOURCE_MOVE = "source.move"
    VERDICT_CREATE = "verdict.create"
    VERDICT_UPDATE = "verdict.update"
    VERDICT_RESTORE = "verdict.restore"
    VERDICT_WITHDRAW = "verdict.withdraw"
    NOTE_ADD = "note.add"
    NOTE_EDIT = "note.edit"
    NOTE_DELETE = "note.delete"
    CLAIM_START_REVIEW = "claim.start_review"
    CLAIM_SUBMIT = "claim.submit"
    CLAIM_SEND_BACK = "claim.send_back"
    CLAIM_APPROVE = "claim.approve"
    CLAIM_REOPEN = "claim.reopen"
    CLAIM_PUBLISH = "claim.publish"
    CLAIM_UNPUBLISH = "claim.unpublish"
    CLAIM_CORRECT = "claim.correct"
    CLAIM_WITHDRAW = "claim.withdraw"
    APPROVAL_VOTE = "approval.vote"
    DISAGREEMENT_RESOLVE = "disagreement.resolve"
    ASSIGNMENT_ADD = "assignment.add"
    ASSIGNMENT_REMOVE = "assignment.remove"
    RATING_SCALE_CREATE = "rating_scale.create"
    RATING_SCALE_UPDATE = "rating_scale.update"
    SETTING_SET = "setting.set"
    USER_CREATE = "user.create"
    USER_SET_ROLE = "user.set_role"
    USER_RENAME = "user.rename"
    USER_INVITE = "user.invite"
    USER_RESET_LINK = "user.reset_link"
    USER_SET_PASSWORD = "user.set_password"  # noqa: S105 (an action's name, not a password)
    USER_ACTIVATE = "user.activate"
    USER_DEACTIVATE = "user.deactivate"


def as_words(value: Any) -> Any:
    """A stored code as words: "not_a_claim" -> "not a claim"."""
    return value.replace("_", " ") if isinstance(value, str) else value


def counted_from_one(value: Any) -> Any:
    """A position as people count: the first is 1."""
    return value + 1 if isinstance(value, int) and not isinstance(value, bool) else value


def jsonable(value: Any) -> Any:
    """A column's value as the audit log stores it: enums by value, dates in ISO 8601."""
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, date | datetime):
        return value.isoformat()
    return value


@dataclass(frozen=True)
class AuditedField:
    """One field of a snapshot. ``label`` None: kept in the log, not shown to people."""

    key: str
    label: str | None
    attr: str | None = None  # the model's attribute, when it is not ``key``
    shown_as: Callable[[Any], Any] | None = None  # a stored value as a reader expects it
    read: Callable[[Any], Any] | None = None  # how to take the value from the object

    def value_of(self, obj: Any) -> Any:
        if self.read is not None:
            return self.read(obj)
        return jsonable(getattr(obj, self.attr or self.key))

    def display(self, value: Any) -> Any:
        if isinstance(value, bool):
            return "yes" if value else "no"
        return self.shown_as(value) if self.shown_as is not None and value is not None else value


# Every audited kind of object, by its ``object_type`` in the audit log.
REGISTRY: dict[str, Audited] = {}


@dataclass(frozen=True)
class Audited:
    """The audited fields of one model, and what it is called in the log and in messages."""

    object_type: str
    what: str  # in messages: "Someone changed this {what}"
    fields: tuple[AuditedField, ...]
    by_key: dict[str, AuditedField] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "by_key", {f.key: f for f in self.fields})
        REGISTRY[self.object_type] = self

    def snapshot(self, obj: Any) -> dict[str, Any]:
        return {f.key: f.value_of(obj) for f in self.fields}

    def attribute(self, key: str) -> str:
        """The model attribute behind a snapshot key."""
        return self.by_key[key].attr or key


class HasHistory:
    """A model with audited fields: it declares ``__audited__`` and gives its snapshot."""

    __audited__: Audited

    def snapshot(self) -> dict[str, Any]:
        return self.__audited__.snapshot(self)


def snapshot(obj: Any) -> dict[str, Any]:
    """The audited fields of ``obj`` (a model that declares ``__audited__``), JSON-ready."""
    return obj.__audited__.snapshot(obj)


def shown_fields(object_type: str | None, values: dict[str, Any] | None) -> list[tuple[str, Any]]:
    """The fields of a stored snapshot a person reads: labelled, formatted, in declared order.

    Keys the declaration does not know (extras such as "absorbed", fields since removed) are not
    shown."""
    spec = REGISTRY.get(object_type or "")
    if spec is None or not values:
        return []
    return [(f.label, f.display(values[f.key])) for f in spec.fields if f.label and f.key in values]


def shown_changes(
    object_type: str | None, before: dict[str, Any] | None, after: dict[str, Any] | None
) -> list[tuple[str, Any, Any]]:
    """What a change did, field by field, as a person reads it: (label, was, now)."""
    spec = REGISTRY.get(object_type or "")
    if spec is None:
        return []
    before, after = before or {}, after or {}
    return [
        (f.label, f.display(before.get(f.key)), f.display(after.get(f.key)))
        for f in spec.fields
        if f.label and (f.key in before or f.key in after) and before.get(f.key) != after.get(f.key)
    ]
