"""The rating scale: a sensible default, an ordering that can never be reversed, used ratings that
are retired rather than deleted, versions that refuse stale edits, past verdicts left untouched."""

from __future__ import annotations

from dataclasses import replace

import pytest
from sqlalchemy.orm import Session

from factcheck.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from factcheck.models import Claim, Rating, RatingScale, User, Verdict
from factcheck.services import ratings
from factcheck.services.ratings import (
    RatingInput,
    active_scale,
    ensure_default_scale,
    replace_ratings,
)
from tests import factories
from tests.services.support import audit_events, count


def as_inputs(scale: RatingScale) -> list[RatingInput]:
    """The scale as the admin's form would send it back unchanged."""
    return [
        RatingInput(r.label, r.definition, r.colour, r.value, r.retired, r.id)
        for r in scale.ratings
    ]


def save(
    session: Session, actor: User, scale: RatingScale, items: list[RatingInput]
) -> RatingScale:
    return replace_ratings(
        session, actor=actor, scale=scale, ratings=items, expected_version=scale.version
    )


def test_default_scale_is_ordered_most_true_first(session: Session) -> None:
    scale = ensure_default_scale(session)
    session.commit()
    rows = [(r.position, r.label, r.value, r.retired) for r in scale.ratings]
    assert rows == [
        (0, "True", 5, False),
        (1, "Mostly true", 4, False),
        (2, "Half true", 3, False),
        (3, "Misleading", 2, False),
        (4, "Mostly false", 1, False),
        (5, "False", 0, False),
        (6, "Unverifiable", None, False),
        (7, "Not checkable", None, False),
    ]
    for item in scale.ratings:
        assert ratings.COLOUR_RE.match(item.colour)
        assert item.definition.endswith(".")
        assert item.definition.count(". ") == 0
    assert [r.on_axis for r in scale.ratings] == [True] * 6 + [False] * 2
    # The default itself passes the rules admins' edits must pass.
    assert ratings._clean(as_inputs(scale)) == as_inputs(scale)
    [event] = audit_events(session, "rating_scale")
    assert event.action == "rating_scale.create"
    assert event.actor_id is None
    assert [r["label"] for r in event.after["ratings"]][:2] == ["True", "Mostly true"]


def test_ensure_default_scale_is_idempotent(session: Session) -> None:
    first = ensure_default_scale(session)
    session.commit()
    second = ensure_default_scale(session)
    assert second.id == first.id
    assert count(session, RatingScale) == 1
    assert count(session, Rating) == 8
    assert len(audit_events(session, "rating_scale")) == 1


def test_active_scale_is_not_found_before_one_exists(session: Session) -> None:
    with pytest.raises(NotFound):
        active_scale(session)
    scale = ensure_default_scale(session)
    assert active_scale(session).id == scale.id


def test_choosable_ratings_leave_out_retired_ones(
    session: Session, users: dict[str, User], scale: RatingScale
) -> None:
    items = as_inputs(scale)
    items[3] = replace(items[3], retired=True)
    save(session, users["admin"], scale, items)
    labels = [r.label for r in ratings.choosable_ratings(session)]
    assert "Misleading" not in labels
    assert labels[:3] == ["True", "Mostly true", "Half true"]


@pytest.mark.parametrize("role", ["editor", "reviewer"])
def test_only_admins_change_the_scale(
    session: Session, users: dict[str, User], scale: RatingScale, role: str
) -> None:
    before = scale.snapshot()
    items = as_inputs(scale)
    items[0] = replace(items[0], label="Correct")
    with pytest.raises(PermissionDenied):
        save(session, users[role], scale, items)
    session.rollback()
    assert session.get(RatingScale, scale.id).snapshot() == before


def test_admin_edits_reorders_and_adds_ratings(
    session: Session, users: dict[str, User], scale: RatingScale
) -> None:
    before = scale.snapshot()
    items = as_inputs(scale)
    items[0] = replace(items[0], label="Correct", colour="#00AA00", definition="Right.")
    new = RatingInput("Satire", "Not meant to be taken literally.", "#123456")
    # Off-axis ratings swap places and one is added between them.
    items = [*items[:6], items[7], new, items[6]]
    save(session, users["admin"], scale, items)
    session.commit()
    session.expire_all()
    stored = session.get(RatingScale, scale.id)
    assert stored.version == 2
    assert [r.label for r in stored.ratings] == [
        "Correct",
        "Mostly true",
        "Half true",
        "Misleading",
        "Mostly false",
        "False",
        "Not checkable",
        "Satire",
        "Unverifiable",
    ]
    assert [r.position for r in stored.ratings] == list(range(9))
    assert stored.ratings[0].colour == "#00aa00"
    assert stored.ratings[0].id == before["ratings"][0]["id"]
    event = audit_events(session, "rating_scale")[-1]
    assert event.action == "rating_scale.update"
    assert event.actor_id == users["admin"].id
    assert event.before == before
    assert event.after == stored.snapshot()


def test_saving_an_unchanged_scale_changes_nothing(
    session: Session, users: dict[str, User], scale: RatingScale
) -> None:
    save(session, users["admin"], scale, as_inputs(scale))
    session.commit()
    assert session.get(RatingScale, scale.id).version == 1
    assert len(audit_events(session, "rating_scale")) == 1


def test_two_labels_can_be_swapped(
    session: Session, users: dict[str, User], scale: RatingScale
) -> None:
    items = as_inputs(scale)
    items[6], items[7] = (
        replace(items[6], label="Not checkable"),
        replace(items[7], label="Unverifiable"),
    )
    save(session, users["admin"], scale, items)
    session.commit()
    session.expire_all()
    assert [r.label for r in session.get(RatingScale, scale.id).ratings][6:] == [
        "Not checkable",
        "Unverifiable",
    ]


def test_a_deleted_ratings_label_can_be_reused_at_once(
    session: Session, users: dict[str, User], scale: RatingScale
) -> None:
    items = as_inputs(scale)
    items[7] = RatingInput("Not checkable", "Opinion or prediction.", "#000000")
    save(session, users["admin"], scale, items)
    session.commit()
    session.expire_all()
    assert count(session, Rating) == 8
    last = session.get(RatingScale, scale.id).ratings[7]
    assert (last.label, last.definition, last.colour) == (
        "Not checkable",
        "Opinion or prediction.",
        "#000000",
    )


def test_an_unused_rating_can_be_deleted(
    session: Session, users: dict[str, User], scale: RatingScale
) -> None:
    items = as_inputs(scale)
    removed = items.pop(3)
    save(session, users["admin"], scale, items)
    session.commit()
    assert session.get(Rating, removed.id) is None
    assert count(session, Rating) == 7


def test_a_used_rating_cannot_be_deleted_but_can_be_retired_or_relabelled(
    session: Session, users: dict[str, User], scale: RatingScale, claim: Claim
) -> None:
    verdict = factories.verdict(session, claim, users["reviewer"], "Misleading")
    items = as_inputs(scale)
    without = items[:3] + items[4:]
    with pytest.raises(InvalidInput, match="retire it instead") as caught:
        save(session, users["admin"], scale, without)
    assert "1 verdict " in caught.value.message
    session.rollback()
    assert count(session, Rating) == 8
    assert session.get(RatingScale, scale.id).version == 1

    items[3] = replace(items[3], label="Deceptive", retired=True)
    save(session, users["admin"], session.get(RatingScale, scale.id), items)
    session.commit()
    session.expire_all()
    used = session.get(Rating, items[3].id)
    assert (used.label, used.retired) == ("Deceptive", True)
    # The verdict still says what it said when it was given.
    stored = session.get(Verdict, verdict.id)
    assert (stored.rating_label, stored.rating_value, stored.rating_id) == (
        "Misleading",
        2,
        used.id,
    )


def test_changing_values_never_rewrites_past_verdicts(
    session: Session, users: dict[str, User], scale: RatingScale, claim: Claim
) -> None:
    verdict = factories.verdict(session, claim, users["reviewer"], "True")
    items = [
        replace(item, value=item.value * 10) if item.value else item for item in as_inputs(scale)
    ]
    save(session, users["admin"], scale, items)
    session.commit()
    session.expire_all()
    assert session.get(Rating, verdict.rating_id).value == 50
    assert session.get(Verdict, verdict.id).rating_value == 5


def valid() -> list[RatingInput]:
    return [
        RatingInput("True", "Accurate.", "#00aa00", 2),
        RatingInput("Half true", "Partly accurate.", "#aaaa00", 1),
        RatingInput("False", "Inaccurate.", "#aa0000", 0),
        RatingInput("Satire", "A joke.", "#777777"),
    ]


def changed(index: int, **changes: object) -> list[RatingInput]:
    items = valid()
    items[index] = replace(items[index], **changes)
    return items


@pytest.mark.parametrize(
    ("items", "field", "message"),
    [
        (changed(0, label="   "), "ratings-0-label", "needs a label"),
        (changed(1, label="x" * 61), "ratings-1-label", "longer than 60"),
        (changed(1, label="Half\ttrue"), "ratings-1-label", "control character"),
        # Shown as "Falture": an override reverses what follows it.
        (changed(2, label="Fal\u202eeurt"), "ratings-2-label", "U+202E"),
        (changed(2, label="\u2067False\u2069"), "ratings-2-label", "direction of the text"),
        (changed(2, label="TRUE"), "ratings-2-label", "each label must be different"),
        (changed(2, label=" true "), "ratings-2-label", "each label must be different"),
        (changed(0, definition=" "), "ratings-0-definition", "public definition"),
        (changed(0, definition="d" * 1001), "ratings-0-definition", "longer than 1,000"),
        (changed(0, colour="green"), "ratings-0-colour", "#rrggbb"),
        (changed(0, colour="#0a0"), "ratings-0-colour", "#rrggbb"),
        (changed(0, colour="#00aa0g"), "ratings-0-colour", "#rrggbb"),
        (changed(0, colour="#00aa000"), "ratings-0-colour", "#rrggbb"),
        (changed(0, value=-1), "ratings-0-value", "whole number"),
        (changed(0, value=101), "ratings-0-value", "whole number"),
        (changed(0, value=True), "ratings-0-value", "whole number"),
        (changed(0, value=1.5), "ratings-0-value", "whole number"),
        # Reversed: the value must grow toward "most true".
        (
            [
                replace(item, value=i) if item.value is not None else item
                for i, item in enumerate(valid())
            ],
            "ratings",
            "larger value always means truer",
        ),
        (changed(1, value=2), "ratings", "listed below “True”"),
        (changed(2, value=5), "ratings", "listed below “Half true”"),
        # Too few ratings on the axis, or on it but retired.
        (changed(0, value=None)[:1] + valid()[3:], "ratings", "at least two"),
        (
            [*changed(0, retired=True)[:1], *changed(1, retired=True)[1:2], *valid()[2:]],
            "ratings",
            "at least two",
        ),
        ([], "ratings", "at least two"),
    ],
)
def test_bad_scales_are_refused_and_nothing_changes(
    session: Session,
    users: dict[str, User],
    scale: RatingScale,
    items: list[RatingInput],
    field: str,
    message: str,
) -> None:
    before = scale.snapshot()
    with pytest.raises(InvalidInput) as caught:
        save(session, users["admin"], scale, items)
    assert caught.value.field == field
    assert message in caught.value.message
    session.rollback()
    session.expire_all()
    stored = session.get(RatingScale, scale.id)
    assert stored.snapshot() == before
    assert stored.version == 1
    assert len(audit_events(session, "rating_scale")) == 1


def test_a_reversed_scale_message_names_both_ratings(
    session: Session, users: dict[str, User], scale: RatingScale
) -> None:
    items = valid()
    items[0], items[2] = replace(items[0], value=0), replace(items[2], value=2)
    with pytest.raises(InvalidInput) as caught:
        save(session, users["admin"], scale, items)
    assert "“Half true” (value 1) is listed below “True” (value 0)" in caught.value.message
    assert "most true to least true" in caught.value.message


def test_off_axis_ratings_may_sit_anywhere_and_retired_ones_still_keep_the_order(
    session: Session, users: dict[str, User], scale: RatingScale
) -> None:
    items = valid()
    items.insert(1, RatingInput("Opinion", "Not a fact.", "#888888"))
    save(session, users["admin"], scale, items)
    session.commit()
    scale = session.get(RatingScale, scale.id)
    items = as_inputs(scale)
    # A retired on-axis rating still has to respect the order.
    items[0] = replace(items[0], retired=True, value=0)
    with pytest.raises(InvalidInput, match="listed below"):
        save(session, users["admin"], scale, items)


def test_ratings_from_elsewhere_or_listed_twice_are_refused(
    session: Session, users: dict[str, User], scale: RatingScale
) -> None:
    items = as_inputs(scale)
    twice = [*items, replace(items[0], label="Again")]
    with pytest.raises(InvalidInput, match="listed twice"):
        save(session, users["admin"], scale, twice)
    session.rollback()
    stranger = [*items[:-1], replace(items[-1], id=999_999)]
    with pytest.raises(InvalidInput, match="not a rating of this scale"):
        save(session, users["admin"], session.get(RatingScale, scale.id), stranger)


def test_a_stale_scale_edit_is_a_conflict(
    session: Session, users: dict[str, User], scale: RatingScale
) -> None:
    items = as_inputs(scale)
    first = list(items)
    first[0] = replace(first[0], label="Accurate")
    replace_ratings(session, actor=users["admin"], scale=scale, ratings=first, expected_version=1)
    session.commit()
    second = list(items)
    second[0] = replace(second[0], label="Correct")
    with pytest.raises(Conflict) as caught:
        replace_ratings(
            session, actor=users["admin"], scale=scale, ratings=second, expected_version=1
        )
    assert caught.value.current["ratings"][0]["label"] == "Accurate"
    assert caught.value.changed_by == users["admin"].display_name
    assert caught.value.changed_at is not None
    session.rollback()
    assert session.get(RatingScale, scale.id).ratings[0].label == "Accurate"
    assert session.get(RatingScale, scale.id).version == 2
