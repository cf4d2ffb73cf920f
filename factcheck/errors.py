"""Domain errors raised by services; the errors blueprint maps each to one HTTP status."""

from __future__ import annotations

from datetime import datetime
from typing import Any


class DomainError(Exception):
    """Base class: a business rule refused the operation; the message is safe to show to the user."""

    status_code = 400

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class InvalidInput(DomainError):
    status_code = 400


class PermissionDenied(DomainError):
    status_code = 403


class NotFound(DomainError):
    status_code = 404


class Conflict(DomainError):
    """Someone else saved first. `current` is what they saved (a snapshot of a `current_type`
    object, as `models.history` declares it), for the user to compare;
    `changed_by` (`changed_by_id`) and `changed_at` say who and when, where known; `moved_to` is
    the claim that took over a claim merged away."""

    status_code = 409

    def __init__(
        self,
        message: str,
        *,
        field: str | None = None,
        current: dict[str, Any] | None = None,
        current_type: str | None = None,
        changed_by: str | None = None,
        changed_at: datetime | None = None,
        changed_by_id: int | None = None,
        message_if_yours: str | None = None,
        moved_to: int | None = None,
    ) -> None:
        super().__init__(message, field=field)
        self.current = current
        self.current_type = current_type  # the kind of object `current` is a snapshot of
        self.changed_by = changed_by
        self.changed_at = changed_at
        self.changed_by_id = changed_by_id
        self.message_if_yours = message_if_yours  # for a user who made the other change
        self.moved_to = moved_to  # the claim that now holds the text of one merged away

    def told_to(self, user_id: int | None) -> str:
        """The message, worded for ``user_id``: the other change may be theirs, from another tab."""
        if self.message_if_yours and user_id is not None and user_id == self.changed_by_id:
            return self.message_if_yours
        return self.message
