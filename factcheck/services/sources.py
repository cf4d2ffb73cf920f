"""A claim's sources: add, edit, remove and reorder them, each change versioned and audited.

A source has its own version counter; changing one never bumps the claim's, so two reviewers can
work on different sources of one claim. `position` orders a claim's sources as readers see them;
a removal leaves a gap (so no other source changes under someone editing it), a move renumbers.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from factcheck import limits, permissions
from factcheck.errors import InvalidInput, NotFound, PermissionDenied
from factcheck.models import Claim, Source, SourceKind, SourceStance, User
from factcheck.services import claims as claim_ops
from factcheck.services import history, versioning
from factcheck.services.history import AuditAction
from factcheck.services.speeches import check_http_url
from factcheck.services.text import refuse_bidi_controls

log = logging.getLogger(__name__)

MAX_TITLE = limits.MAX_SOURCE_TITLE
MAX_PUBLISHER = limits.MAX_PUBLISHER

MAX_QUOTE = 5000
# "Today" somewhere on Earth: a reviewer in UTC+14 may give a date that is still tomorrow in UTC.
_EARLIEST_TIMEZONE = timedelta(hours=14)


@dataclass(frozen=True)
class SourceInput:
    """What a reviewer types about a source; checked by `clean_source`."""

    url: str
    title: str
    accessed_on: date | None
    stance: SourceStance | str
    kind: SourceKind | str
    publisher: str | None = None
    published_on: date | None = None
    quote: str | None = None
    is_public: bool = True


def latest_allowed_date() -> date:
    return (datetime.now(UTC) + _EARLIEST_TIMEZONE).date()


def _enum(enum_cls: type[SourceStance] | type[SourceKind], value: Any, field: str, what: str):
    try:
        return enum_cls(value)
    except ValueError:
        choices = ", ".join(m.value.replace("_", " ") for m in enum_cls)
        raise InvalidInput(f"Choose the {what}: {choices}.", field=field) from None


def clean_source(data: SourceInput) -> SourceInput:
    """Validate a source; return it stripped, with blanks as None and enums as members."""
    url = check_http_url(data.url, field="url")
    if url is None:
        raise InvalidInput("Give the source's web address.", field="url")
    title = (data.title or "").strip()
    if not title:
        raise InvalidInput("Give the source's title.", field="title")
    if len(title) > MAX_TITLE:
        raise InvalidInput(f"The title is longer than {MAX_TITLE} characters.", field="title")
    refuse_bidi_controls(title, field="title", what="The title")
    publisher = (data.publisher or "").strip() or None
    refuse_bidi_controls(publisher, field="publisher", what="The publisher's name")
    if publisher and len(publisher) > MAX_PUBLISHER:
        raise InvalidInput(
            f"The publisher's name is longer than {MAX_PUBLISHER} characters.", field="publisher"
        )
    if data.accessed_on is None:
        raise InvalidInput("Give the date you read the source.", field="accessed_on")
    if data.accessed_on > latest_allowed_date():
        raise InvalidInput("The date you read the source is in the future.", field="accessed_on")
    if data.published_on is not None and data.published_on > data.accessed_on:
        raise InvalidInput(
            "The publication date is after the date you read the source.", field="published_on"
        )
    quote = (data.quote or "").replace("\r\n", "\n").strip() or None
    if quote and len(quote) > MAX_QUOTE:
        raise InvalidInput(f"The quote is longer than {MAX_QUOTE:,} characters.", field="quote")
    return SourceInput(
        url=url,
        title=title,
        accessed_on=data.accessed_on,
        stance=_enum(SourceStance, data.stance, "stance", "source's stance"),
        kind=_enum(SourceKind, data.kind, "kind", "kind of source"),
        publisher=publisher,
        published_on=data.published_on,
        quote=quote,
        is_public=bool(data.is_public),
    )


def _require_reviewer(actor: User) -> None:
    if not permissions.can_review(actor):
        raise PermissionDenied("You may not change the sources of claims.")


def count_sources(session: Session, claim: Claim, only_by: int | None = None) -> int:
    """The claim's sources (those user ``only_by`` added, when given)."""
    mine = [Source.created_by_id == only_by] if only_by is not None else []
    return session.scalar(
        select(func.count()).select_from(Source).where(Source.claim_id == claim.id, *mine)
    )


def same_address(session: Session, source: Source, only_by: int | None = None) -> Source | None:
    """Another source of the same claim with the same web address, if there is one (among those
    user ``only_by`` added, when given: a reviewer working blind sees no other's)."""
    mine = [Source.created_by_id == only_by] if only_by is not None else []
    return session.scalars(
        select(Source)
        .where(
            Source.claim_id == source.claim_id,
            Source.url == source.url,
            Source.id != source.id,
            *mine,
        )
        .order_by(Source.position, Source.id)
        .limit(1)
    ).first()


def add_source(session: Session, *, actor: User, claim: Claim, data: SourceInput) -> Source:
    """Attach a new source to the end of the claim's list."""
    _require_reviewer(actor)
    data = clean_source(data)
    claim_ops.lock(session, claim)  # one add at a time per claim: positions stay distinct
    last = session.scalar(select(func.max(Source.position)).where(Source.claim_id == claim.id))
    source = Source(
        claim_id=claim.id,
        position=0 if last is None else last + 1,
        url=data.url,
        title=data.title,
        publisher=data.publisher,
        published_on=data.published_on,
        accessed_on=data.accessed_on,
        quote=data.quote,
        stance=data.stance,
        kind=data.kind,
        is_public=data.is_public,
        created_by_id=actor.id,
    )
    session.add(source)
    history.save(
        session, AuditAction.SOURCE_ADD, source, history.created(source), actor=actor, claim=claim
    )
    log.info("source %s added to claim %s by %s", source.id, claim.id, actor.email)
    return source


def update_source(
    session: Session, *, actor: User, source: Source, data: SourceInput, expected_version: int
) -> Source:
    """Save a reviewer's edit of a source, unless someone else changed it since they opened it."""
    _require_reviewer(actor)
    data = clean_source(data)
    versioning.check_version(session, source, expected_version)
    change = history.apply(
        source,
        {
            "url": data.url,
            "title": data.title,
            "publisher": data.publisher,
            "published_on": data.published_on,
            "accessed_on": data.accessed_on,
            "quote": data.quote,
            "stance": SourceStance(data.stance),
            "kind": SourceKind(data.kind),
            "is_public": data.is_public,
        },
    )
    if not change:
        return source  # nothing changed: no UPDATE, no new version, no history entry
    history.save(session, AuditAction.SOURCE_UPDATE, source, change, actor=actor)
    log.info("source %s updated by %s", source.id, actor.email)
    return source


def remove_source(session: Session, *, actor: User, source: Source, expected_version: int) -> None:
    """Delete a source. The others keep their positions (and versions): a gap orders the same."""
    _require_reviewer(actor)
    versioning.check_version(session, source, expected_version)
    claim = source.claim
    history.delete(session, AuditAction.SOURCE_REMOVE, source, actor=actor, claim=claim)
    log.info("source %s removed from claim %s by %s", source.id, claim.id, actor.email)


def _locked_sources(session: Session, claim: Claim) -> list[Source]:
    """The claim's sources freshly read, their rows locked until commit on PostgreSQL."""
    return list(
        session.scalars(
            select(Source)
            .where(Source.claim_id == claim.id)
            .order_by(Source.position, Source.id)
            .with_for_update()
            .execution_options(populate_existing=True)
        )
    )


def _renumber(ordered: list[Source]) -> None:
    for position, item in enumerate(ordered):
        if item.position != position:
            item.position = position


def move_source(
    session: Session,
    *,
    actor: User,
    source: Source,
    to: int | None = None,
    by: int | None = None,
    expected_version: int | None = None,
) -> Source:
    """Reorder: `by=-1` moves the source up one place, `by=1` down, `to=0` to the top.

    Positions outside the list are clamped to its ends. The sources whose place changes get a new
    version (their snapshot includes the position); `expected_version`, when given, is checked for
    the source being moved.
    """
    _require_reviewer(actor)
    if (to is None) == (by is None):
        raise InvalidInput("Say where to move the source.", field="position")
    # The claim first, then its sources in order: two moves at once queue instead of deadlocking.
    claim_ops.lock(session, source.claim)
    if expected_version is not None:
        versioning.check_version(session, source, expected_version)
    claim = source.claim
    ordered = _locked_sources(session, claim)
    if source not in ordered:  # moved to another claim by a merge since the page was opened
        raise NotFound("No such source.")
    old_index = ordered.index(source)
    target = to if to is not None else old_index + (by or 0)
    target = max(0, min(len(ordered) - 1, target))
    if target == old_index:
        return source
    ordered.insert(target, ordered.pop(old_index))
    _renumber(ordered)
    # Only the place is recorded: the sources that made room keep their own histories.
    moved = history.Diff({"position": old_index}, {"position": target})
    history.save(session, AuditAction.SOURCE_MOVE, source, moved, actor=actor, claim=claim)
    log.info("source %s moved to place %d by %s", source.id, target, actor.email)
    return source
