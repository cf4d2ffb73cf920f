"""The organisation's rating scale: the shipped default, and admins replacing its ratings.

Rules a scale always obeys: ratings are listed most true first; every on-axis rating has a value
smaller than the on-axis rating listed before it (so the value grows toward "most true" and no export
can publish a reversed scale); labels are unique whatever their case; a rating a verdict uses is
relabelled or retired, never deleted. Verdicts keep their own copy of the label and value, so none of
this rewrites a past verdict.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from itertools import pairwise

from sqlalchemy import func, select
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import flag_modified

from factcheck import limits, permissions
from factcheck.errors import InvalidInput, NotFound, PermissionDenied
from factcheck.models import Rating, RatingScale, User, Verdict
from factcheck.services import history, versioning
from factcheck.services.history import AuditAction
from factcheck.services.text import refuse_bidi_controls

log = logging.getLogger(__name__)

DEFAULT_SCALE_NAME = "Default"
COLOUR_RE = limits.COLOUR_RE
MAX_LABEL = limits.MAX_RATING_LABEL
MAX_DEFINITION = limits.MAX_RATING_DEFINITION
MAX_VALUE = limits.MAX_RATING_VALUE

# Labels never contain control characters, so this prefix cannot clash with a real label.
_TEMPORARY_LABEL = "\x1f"


@dataclass(frozen=True)
class RatingInput:
    """One rating as an admin lists it; `id` names an existing rating to keep, None adds one.
    `value` None puts the rating off the true-to-false axis."""

    label: str
    definition: str
    colour: str
    value: int | None = None
    retired: bool = False
    id: int | None = None


DEFAULT_RATINGS = (
    RatingInput(
        "True",
        "The claim is accurate and nothing significant is missing.",
        "#1a7f37",
        5,
    ),
    RatingInput(
        "Mostly true",
        "The claim is accurate but needs a clarification or a detail it leaves out.",
        "#57a639",
        4,
    ),
    RatingInput(
        "Half true",
        "The claim is partly accurate but leaves out important context or takes facts out of it.",
        "#c9a400",
        3,
    ),
    RatingInput(
        "Misleading",
        "The claim uses accurate facts in a way that gives a false impression.",
        "#e07b00",
        2,
    ),
    RatingInput(
        "Mostly false",
        "The claim contains an element of truth but ignores facts that change its meaning.",
        "#d1495b",
        1,
    ),
    RatingInput(
        "False",
        "The claim is not accurate.",
        "#a4161a",
        0,
    ),
    RatingInput(
        "Unverifiable",
        "The evidence available is not enough to show whether the claim is accurate or not.",
        "#6e7781",
    ),
    RatingInput(
        "Not checkable",
        "The claim is an opinion, a prediction or a promise, which facts cannot confirm or refute.",
        "#8c959f",
    ),
)


def active_scale(session: Session) -> RatingScale:
    """The scale verdicts are given on: the organisation's first scale."""
    scale = session.scalars(select(RatingScale).order_by(RatingScale.id).limit(1)).first()
    if scale is None:
        raise NotFound("No rating scale has been set up yet.")
    return scale


def choosable_ratings(session: Session) -> list[Rating]:
    """The ratings a reviewer may pick: the active scale's, not retired, most true first."""
    return [r for r in active_scale(session).ratings if not r.retired]


def ensure_default_scale(session: Session, actor: User | None = None) -> RatingScale:
    """Return the active scale, creating the shipped default when there is none (by ``actor``)."""
    existing = session.scalars(select(RatingScale).order_by(RatingScale.id).limit(1)).first()
    if existing is not None:
        return existing
    scale = RatingScale(name=DEFAULT_SCALE_NAME)
    for position, item in enumerate(DEFAULT_RATINGS):
        scale.ratings.append(
            Rating(
                position=position,
                label=item.label,
                definition=item.definition,
                colour=item.colour,
                value=item.value,
                retired=False,
            )
        )
    session.add(scale)
    history.save(
        session, AuditAction.RATING_SCALE_CREATE, scale, history.created(scale), actor=actor
    )
    log.info("default rating scale created")
    return scale


def _clean(items: list[RatingInput]) -> list[RatingInput]:
    """Validate an admin's list of ratings; return it stripped and with colours lower-cased."""
    cleaned: list[RatingInput] = []
    seen_labels: set[str] = set()
    seen_ids: set[int] = set()
    for index, item in enumerate(items):
        field = f"ratings-{index}"
        label = _clean_label(item.label, index, seen_labels)
        seen_labels.add(label.casefold())
        definition = (item.definition or "").strip()
        if not definition:
            raise InvalidInput(
                f"“{label}” needs a public definition: readers see it beside the rating.",
                field=f"{field}-definition",
            )
        if len(definition) > MAX_DEFINITION:
            raise InvalidInput(
                f"The definition of “{label}” is longer than {MAX_DEFINITION:,} characters.",
                field=f"{field}-definition",
            )
        colour = (item.colour or "").strip()
        if not COLOUR_RE.match(colour):
            raise InvalidInput(
                f"The colour of “{label}” must be written as #rrggbb, for example #1a7f37.",
                field=f"{field}-colour",
            )
        _check_value(item.value, label, field)
        if item.id is not None:
            if item.id in seen_ids:
                raise InvalidInput("A rating is listed twice.", field=f"{field}-label")
            seen_ids.add(item.id)
        cleaned.append(
            RatingInput(label, definition, colour.lower(), item.value, bool(item.retired), item.id)
        )
    _check_axis(cleaned)
    return cleaned


def _clean_label(text: str | None, index: int, seen: set[str]) -> str:
    """The label of rating ``index``, stripped; ``seen`` holds the casefolded labels before it."""
    field = f"ratings-{index}-label"
    label = (text or "").strip()
    if not label:
        raise InvalidInput(f"Rating {index + 1} needs a label.", field=field)
    if len(label) > MAX_LABEL:
        raise InvalidInput(
            f"The label “{label[:20]}…” is longer than {MAX_LABEL} characters.", field=field
        )
    if any(ord(c) < 32 or ord(c) == 127 for c in label):
        raise InvalidInput(
            f"The label of rating {index + 1} contains a control character.", field=field
        )
    refuse_bidi_controls(label, field=field, what=f"The label of rating {index + 1}")
    if label.casefold() in seen:
        raise InvalidInput(
            f"Two ratings are labelled “{label}”; each label must be different "
            "(capital letters do not count as a difference).",
            field=field,
        )
    return label


def _check_value(value: object, label: str, field: str) -> None:
    if value is not None and (
        isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_VALUE
    ):
        raise InvalidInput(
            f"The value of “{label}” must be a whole number from 0 to {MAX_VALUE}, "
            "or empty for a rating off the true-to-false axis.",
            field=f"{field}-value",
        )


def _check_axis(items: list[RatingInput]) -> None:
    on_axis = [item for item in items if item.value is not None]
    if sum(1 for item in on_axis if not item.retired) < 2:
        raise InvalidInput(
            "A scale needs at least two ratings in use on the true-to-false axis (with a value).",
            field="ratings",
        )
    for above, below in pairwise(on_axis):
        assert above.value is not None
        assert below.value is not None
        if below.value >= above.value:
            raise InvalidInput(
                f"“{below.label}” (value {below.value}) is listed below “{above.label}” "
                f"(value {above.value}). List ratings from most true to least true, each on-axis "
                "value smaller than the one above it: a larger value always means truer.",
                field="ratings",
            )


def _as_input(rating: Rating) -> RatingInput:
    return RatingInput(
        rating.label, rating.definition, rating.colour, rating.value, rating.retired, rating.id
    )


def _verdict_counts(session: Session, rating_ids: list[int]) -> dict[int, int]:
    if not rating_ids:
        return {}
    rows = session.execute(
        select(Verdict.rating_id, func.count())
        .where(Verdict.rating_id.in_(rating_ids))
        .group_by(Verdict.rating_id)
    ).all()
    return {rating_id: n for rating_id, n in rows}


def replace_ratings(
    session: Session,
    *,
    actor: User,
    scale: RatingScale,
    ratings: list[RatingInput],
    expected_version: int,
) -> RatingScale:
    """Make `ratings`, in this order, the scale's ratings (admins only).

    Listed ids are updated in place, new items added, unlisted ratings deleted unless a verdict
    uses them. Past verdicts keep their copied label and value.
    """
    if not permissions.can_manage_rating_scale(actor):
        raise PermissionDenied("Only an administrator can change the rating scale.")
    items = _clean(list(ratings))
    versioning.check_version(session, scale, expected_version)
    existing = {
        r.id: r
        for r in session.scalars(
            select(Rating)
            .where(Rating.scale_id == scale.id)
            .execution_options(populate_existing=True)
        )
    }
    before = scale.snapshot()
    for index, item in enumerate(items):
        if item.id is not None and item.id not in existing:
            raise InvalidInput(
                f"“{item.label}” is not a rating of this scale; reload the page and try again.",
                field=f"ratings-{index}-label",
            )
    kept = {item.id for item in items if item.id is not None}
    removed = [r for rid, r in existing.items() if rid not in kept]
    if not removed and all(
        item.id is not None
        and _as_input(existing[item.id]) == item
        and existing[item.id].position == i
        for i, item in enumerate(items)
    ):
        return scale
    used = _verdict_counts(session, [r.id for r in removed])
    for rating in removed:
        if used.get(rating.id):
            n = used[rating.id]
            raise InvalidInput(
                f"“{rating.label}” is used by {n} verdict{'s' if n != 1 else ''} and cannot be "
                "deleted; retire it instead, so no one can choose it any more.",
                field="ratings",
            )

    # Unique labels are checked row by row, so deletions go first, then renamed rows step aside
    # under temporary labels: swapping two labels, or reusing a deleted one, never collides.
    for rating in removed:
        session.delete(rating)
    session.flush()
    session.expire(scale, ["ratings"])
    renamed = [
        existing[item.id]
        for item in items
        if item.id is not None and existing[item.id].label != item.label
    ]
    for rating in renamed:
        rating.label = f"{_TEMPORARY_LABEL}{rating.id}"
    session.flush()
    for position, item in enumerate(items):
        rating = existing[item.id] if item.id is not None else Rating(scale_id=scale.id)
        rating.position = position
        rating.label = item.label
        rating.definition = item.definition
        rating.colour = item.colour
        rating.value = item.value
        rating.retired = item.retired
        session.add(rating)
    # The scale row is what carries the version: touch it so this save bumps it (and is checked).
    flag_modified(scale, "name")
    versioning.flush(session, what="rating scale")
    session.expire(scale, ["ratings"])
    history.save(
        session, AuditAction.RATING_SCALE_UPDATE, scale, history.since(scale, before), actor=actor
    )
    log.info("rating scale %s changed by %s", scale.id, actor.email)
    return scale
