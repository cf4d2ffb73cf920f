"""A claim's sources: validated, ordered, versioned apart from the claim, audited, and never
silently overwritten by a second person's save."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest
from flask_login import AnonymousUserMixin
from sqlalchemy import select
from sqlalchemy.orm import Session

from factcheck.errors import Conflict, InvalidInput, PermissionDenied
from factcheck.models import Claim, Source, SourceKind, SourceStance, User
from factcheck.services import sources, versioning
from factcheck.services.sources import (
    SourceInput,
    add_source,
    move_source,
    remove_source,
    update_source,
)
from tests.services.support import TODAY, audit_events, count, sources_of

ONS = SourceInput(
    url="https://www.ons.gov.uk/employment",
    title="Labour market overview",
    accessed_on=date(2024, 5, 9),
    stance=SourceStance.REFUTES,
    kind=SourceKind.OFFICIAL_RECORD,
    publisher="Office for National Statistics",
    published_on=date(2024, 4, 16),
    quote="The unemployment rate was estimated at 4.3%.",
    is_public=True,
)


def add(session: Session, actor: User, claim: Claim, **changes: object) -> Source:
    source = add_source(session, actor=actor, claim=claim, data=replace(ONS, **changes))
    session.commit()
    return source


def titles(session: Session, claim: Claim) -> list[str]:
    session.expire_all()
    return [s.title for s in sources_of(session, claim)]


def test_add_stores_the_source_at_the_end_and_audits_it(
    session: Session, users: dict[str, User], claim: Claim
) -> None:
    claim_version = claim.version
    first = add(session, users["reviewer"], claim, title="First")
    second = add(session, users["editor"], claim, title="Second", stance="context", kind="expert")
    session.expire_all()
    assert [(s.title, s.position) for s in sources_of(session, claim)] == [
        ("First", 0),
        ("Second", 1),
    ]
    stored = session.get(Source, second.id)
    assert stored.stance is SourceStance.CONTEXT
    assert stored.kind is SourceKind.EXPERT
    assert stored.created_by_id == users["editor"].id
    assert stored.version == 1
    assert session.get(Claim, claim.id).version == claim_version
    events = audit_events(session, "source")
    assert [(e.action, e.object_id, e.actor_id) for e in events] == [
        ("source.add", first.id, users["reviewer"].id),
        ("source.add", second.id, users["editor"].id),
    ]
    assert events[0].claim_id == claim.id
    assert events[0].speech_id == claim.speech_id
    assert events[0].before is None
    assert events[0].after == {
        "url": "https://www.ons.gov.uk/employment",
        "title": "First",
        "publisher": "Office for National Statistics",
        "published_on": "2024-04-16",
        "accessed_on": "2024-05-09",
        "quote": "The unemployment rate was estimated at 4.3%.",
        "stance": "refutes",
        "kind": "official_record",
        "is_public": True,
        "position": 0,
    }


def test_input_is_stripped_and_blank_optionals_are_none(
    session: Session, users: dict[str, User], claim: Claim
) -> None:
    source = add(
        session,
        users["reviewer"],
        claim,
        url="  https://example.org/a  ",
        title="  A title ",
        publisher="   ",
        quote=" \r\n ",
        published_on=None,
        is_public=False,
    )
    assert (source.url, source.title, source.publisher, source.quote) == (
        "https://example.org/a",
        "A title",
        None,
        None,
    )
    assert source.is_public is False


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"url": ""}, "url"),
        ({"url": "   "}, "url"),
        ({"url": "ftp://example.org/file"}, "url"),
        ({"url": "javascript:alert(1)"}, "url"),
        ({"url": "data:text/html,hi"}, "url"),
        ({"url": "https://"}, "url"),
        ({"url": "example.org/no-scheme"}, "url"),
        ({"url": "https://exa mple.org"}, "url"),
        ({"url": "https://example.org/" + "a" * 2000}, "url"),
        ({"url": "http://["}, "url"),  # urlsplit's ValueError, once a 500
        ({"url": "http://[::1"}, "url"),
        ({"url": "http://example.org:99999999/"}, "url"),  # a port out of range
        ({"url": "https://ons.gov.uk@evil.example/"}, "url"),  # reads as one host, goes to another
        ({"url": "https://user:pw@example.org/"}, "url"),
        ({"url": "https://example.org/\u202egnp.exe"}, "url"),
        ({"url": "https://example.org/\x07"}, "url"),
        ({"title": "Report\u202e"}, "title"),
        ({"publisher": "\u2068ONS"}, "publisher"),
        ({"title": ""}, "title"),
        ({"title": "  \t"}, "title"),
        ({"title": "t" * 301}, "title"),
        ({"publisher": "p" * 201}, "publisher"),
        ({"accessed_on": None}, "accessed_on"),
        ({"accessed_on": TODAY + timedelta(days=2), "published_on": None}, "accessed_on"),
        ({"published_on": date(2024, 5, 10)}, "published_on"),
        ({"stance": "agrees"}, "stance"),
        ({"stance": None}, "stance"),
        ({"kind": "blog"}, "kind"),
        ({"quote": "q" * 5001}, "quote"),
    ],
)
def test_bad_sources_are_refused_and_nothing_is_stored(
    session: Session, users: dict[str, User], claim: Claim, changes: dict, field: str
) -> None:
    with pytest.raises(InvalidInput) as caught:
        add_source(session, actor=users["reviewer"], claim=claim, data=replace(ONS, **changes))
    assert caught.value.field == field
    assert caught.value.message
    session.rollback()
    assert count(session, Source) == 0
    assert audit_events(session, "source") == []


def test_dates_at_the_limits_are_accepted(
    session: Session, users: dict[str, User], claim: Claim
) -> None:
    add(session, users["reviewer"], claim, accessed_on=TODAY, published_on=TODAY)
    # "Today" for a reviewer east of UTC can be tomorrow in UTC: the limit is today in UTC+14.
    latest = sources.latest_allowed_date()
    assert TODAY <= latest <= TODAY + timedelta(days=1)
    add(session, users["reviewer"], claim, accessed_on=latest, published_on=None)
    with pytest.raises(InvalidInput, match="future"):
        add(session, users["reviewer"], claim, accessed_on=latest + timedelta(days=1))
    session.rollback()
    assert count(session, Source) == 2


def test_mailto_and_other_schemes_are_not_sources(
    session: Session, users: dict[str, User], claim: Claim
) -> None:
    with pytest.raises(InvalidInput, match="http"):
        add_source(
            session, actor=users["reviewer"], claim=claim, data=replace(ONS, url="mailto:a@b.org")
        )


def test_update_changes_the_source_bumps_its_version_and_not_the_claims(
    session: Session, users: dict[str, User], claim: Claim
) -> None:
    source = add(session, users["reviewer"], claim)
    claim_version = session.get(Claim, claim.id).version
    update_source(
        session,
        actor=users["editor"],
        source=source,
        data=replace(ONS, title="Labour market, May", is_public=False),
        expected_version=1,
    )
    session.commit()
    session.expire_all()
    stored = session.get(Source, source.id)
    assert (stored.title, stored.is_public, stored.version) == ("Labour market, May", False, 2)
    assert stored.created_by_id == users["reviewer"].id
    assert session.get(Claim, claim.id).version == claim_version
    event = audit_events(session, "source")[-1]
    assert event.action == "source.update"
    assert event.actor_id == users["editor"].id
    assert (event.claim_id, event.speech_id) == (claim.id, claim.speech_id)
    assert event.before["title"] == "Labour market overview"
    assert event.before["is_public"] is True
    assert event.after["title"] == "Labour market, May"
    assert event.after["is_public"] is False


def test_an_unchanged_save_writes_nothing(
    session: Session, users: dict[str, User], claim: Claim
) -> None:
    source = add(session, users["reviewer"], claim)
    update_source(session, actor=users["reviewer"], source=source, data=ONS, expected_version=1)
    session.commit()
    assert session.get(Source, source.id).version == 1
    assert len(audit_events(session, "source")) == 1


def test_an_invalid_update_changes_nothing(
    session: Session, users: dict[str, User], claim: Claim
) -> None:
    source = add(session, users["reviewer"], claim)
    with pytest.raises(InvalidInput):
        update_source(
            session,
            actor=users["reviewer"],
            source=source,
            data=replace(ONS, url="javascript:alert(1)"),
            expected_version=1,
        )
    session.rollback()
    session.expire_all()
    assert session.get(Source, source.id).snapshot() == source.snapshot()
    assert session.get(Source, source.id).url == ONS.url


def test_a_stale_update_is_a_conflict_naming_who_changed_it(
    session: Session, users: dict[str, User], claim: Claim
) -> None:
    source = add(session, users["reviewer"], claim)
    update_source(
        session,
        actor=users["editor"],
        source=source,
        data=replace(ONS, title="Editor's title"),
        expected_version=1,
    )
    session.commit()
    with pytest.raises(Conflict) as caught:
        update_source(
            session,
            actor=users["reviewer"],
            source=source,
            data=replace(ONS, title="Reviewer's title"),
            expected_version=1,
        )
    assert caught.value.current == session.get(Source, source.id).snapshot()
    assert caught.value.current["title"] == "Editor's title"
    assert caught.value.changed_by == users["editor"].display_name
    assert caught.value.changed_at is not None
    assert caught.value.status_code == 409
    session.rollback()
    assert titles(session, claim) == ["Editor's title"]
    assert len(audit_events(session, "source")) == 2


@pytest.mark.parametrize("version", [None, "1", True])
def test_an_update_without_a_version_is_refused(
    session: Session, users: dict[str, User], claim: Claim, version: object
) -> None:
    source = add(session, users["reviewer"], claim)
    with pytest.raises(InvalidInput) as caught:
        update_source(
            session,
            actor=users["reviewer"],
            source=source,
            data=replace(ONS, title="New"),
            expected_version=version,  # type: ignore[arg-type]
        )
    assert caught.value.field == "version"


def test_two_sessions_second_save_is_refused_and_the_first_is_kept(
    session: Session, other_session: Session, users: dict[str, User], claim: Claim
) -> None:
    """Two people open version 1 of a source; the first saves, the second is told and refused."""
    source = add(session, users["reviewer"], claim)
    mine = session.get(Source, source.id)
    theirs = other_session.get(Source, source.id)
    assert mine.version == theirs.version == 1

    update_source(
        other_session,
        actor=users["editor"],
        source=theirs,
        data=replace(ONS, title="Theirs", quote="Their quote."),
        expected_version=theirs.version,
    )
    other_session.commit()

    with pytest.raises(Conflict) as caught:
        update_source(
            session,
            actor=users["reviewer"],
            source=mine,
            data=replace(ONS, title="Mine"),
            expected_version=1,
        )
    assert caught.value.current["title"] == "Theirs"
    assert caught.value.current["quote"] == "Their quote."
    assert caught.value.changed_by == users["editor"].display_name
    session.rollback()
    session.expire_all()
    stored = session.get(Source, source.id)
    assert (stored.title, stored.version) == ("Theirs", 2)
    assert [e.action for e in audit_events(session, "source")] == ["source.add", "source.update"]


def test_a_save_racing_past_the_check_still_cannot_overwrite(
    session: Session, other_session: Session, users: dict[str, User], claim: Claim
) -> None:
    """The version is also checked in the UPDATE itself, for a save landing after the check."""
    source = add(session, users["reviewer"], claim)
    mine = session.get(Source, source.id)
    theirs = other_session.get(Source, source.id)
    theirs.title = "Theirs"
    other_session.commit()
    mine.title = "Mine"  # this session still believes the row is at version 1
    with pytest.raises(Conflict, match="at the same moment"):
        versioning.flush(session, what="source")
    session.rollback()
    assert session.get(Source, source.id).title == "Theirs"


def test_remove_deletes_leaves_the_others_alone_and_audits(
    session: Session, users: dict[str, User], claim: Claim
) -> None:
    _, b, _ = (add(session, users["reviewer"], claim, title=t) for t in "ABC")
    remove_source(session, actor=users["editor"], source=b, expected_version=1)
    session.commit()
    session.expire_all()
    # No one editing A or C meanwhile gets a conflict from this removal.
    assert [(s.title, s.version) for s in sources_of(session, claim)] == [
        ("A", 1),
        ("C", 1),
    ]
    assert session.get(Source, b.id) is None
    event = audit_events(session, "source")[-1]
    assert (event.action, event.object_id, event.actor_id) == (
        "source.remove",
        b.id,
        users["editor"].id,
    )
    assert event.before["title"] == "B"
    assert event.after is None
    assert event.claim_id == claim.id
    add(session, users["reviewer"], claim, title="D")
    assert titles(session, claim) == ["A", "C", "D"]


def test_a_stale_remove_is_a_conflict_and_keeps_the_source(
    session: Session, users: dict[str, User], claim: Claim
) -> None:
    source = add(session, users["reviewer"], claim)
    update_source(
        session,
        actor=users["editor"],
        source=source,
        data=replace(ONS, title="New"),
        expected_version=1,
    )
    session.commit()
    with pytest.raises(Conflict) as caught:
        remove_source(session, actor=users["reviewer"], source=source, expected_version=1)
    assert caught.value.current["title"] == "New"
    session.rollback()
    assert count(session, Source) == 1


def test_editing_a_source_someone_removed_is_a_conflict(
    session: Session, other_session: Session, users: dict[str, User], claim: Claim
) -> None:
    source = add(session, users["reviewer"], claim)
    mine = session.get(Source, source.id)
    theirs = other_session.get(Source, source.id)
    remove_source(other_session, actor=users["editor"], source=theirs, expected_version=1)
    other_session.commit()
    with pytest.raises(Conflict, match="removed") as caught:
        update_source(session, actor=users["reviewer"], source=mine, data=ONS, expected_version=1)
    assert caught.value.changed_by == users["editor"].display_name
    session.rollback()
    assert count(session, Source) == 0


@pytest.mark.parametrize(
    ("title", "how", "expected"),
    [
        ("C", {"by": -1}, "ACBD"),
        ("B", {"by": 1}, "ACBD"),
        ("A", {"by": -1}, "ABCD"),
        ("D", {"by": 1}, "ABCD"),
        ("D", {"to": 0}, "DABC"),
        ("A", {"to": 3}, "BCDA"),
        ("A", {"to": 99}, "BCDA"),
        ("C", {"to": -5}, "CABD"),
        ("B", {"to": 1}, "ABCD"),
    ],
)
def test_move_reorders(
    session: Session, users: dict[str, User], claim: Claim, title: str, how: dict, expected: str
) -> None:
    added = {t: add(session, users["reviewer"], claim, title=t) for t in "ABCD"}
    move_source(session, actor=users["reviewer"], source=added[title], **how)
    session.commit()
    session.expire_all()
    listed = sources_of(session, claim)
    assert "".join(s.title for s in listed) == expected
    assert [s.position for s in listed] == [0, 1, 2, 3]
    moves = [e for e in audit_events(session, "source") if e.action == "source.move"]
    if expected == "ABCD":
        assert moves == []
        assert all(s.version == 1 for s in listed)
    else:
        [event] = moves
        assert event.object_id == added[title].id
        assert event.after == {"position": expected.index(title)}
        assert event.before == {"position": "ABCD".index(title)}
        assert event.claim_id == claim.id


def test_move_checks_the_moved_sources_version_when_given(
    session: Session, users: dict[str, User], claim: Claim
) -> None:
    a = add(session, users["reviewer"], claim, title="A")
    b = add(session, users["reviewer"], claim, title="B")
    move_source(session, actor=users["reviewer"], source=b, by=-1, expected_version=1)
    session.commit()
    assert titles(session, claim) == ["B", "A"]
    # Moving bumped both versions (the position is part of each source's state).
    assert (session.get(Source, a.id).version, session.get(Source, b.id).version) == (2, 2)
    with pytest.raises(Conflict):
        move_source(session, actor=users["reviewer"], source=b, by=1, expected_version=1)
    session.rollback()
    assert titles(session, claim) == ["B", "A"]


def test_move_needs_exactly_one_direction(
    session: Session, users: dict[str, User], claim: Claim
) -> None:
    source = add(session, users["reviewer"], claim)
    for how in ({}, {"to": 0, "by": 1}):
        with pytest.raises(InvalidInput):
            move_source(session, actor=users["reviewer"], source=source, **how)


def test_positions_keep_to_each_claim(
    session: Session, users: dict[str, User], claim: Claim, dismissed_claim: Claim
) -> None:
    add(session, users["reviewer"], claim, title="A")
    other = add(session, users["reviewer"], dismissed_claim, title="Z")
    assert other.position == 0
    assert titles(session, claim) == ["A"]
    assert sources.count_sources(session, claim) == 1


def test_someone_without_a_staff_role_is_refused(
    session: Session, users: dict[str, User], claim: Claim
) -> None:
    source = add(session, users["reviewer"], claim)
    anonymous = AnonymousUserMixin()
    calls = [
        lambda: add_source(session, actor=anonymous, claim=claim, data=ONS),
        lambda: update_source(
            session, actor=anonymous, source=source, data=ONS, expected_version=1
        ),
        lambda: remove_source(session, actor=anonymous, source=source, expected_version=1),
        lambda: move_source(session, actor=anonymous, source=source, to=0),
    ]
    for call in calls:
        with pytest.raises(PermissionDenied):
            call()
    session.rollback()
    assert session.scalars(select(Source)).one().version == 1


def test_a_move_after_a_removal_renumbers_the_list(
    session: Session, users: dict[str, User], claim: Claim
) -> None:
    added = {t: add(session, users["reviewer"], claim, title=t) for t in "ABCD"}
    remove_source(session, actor=users["reviewer"], source=added["B"], expected_version=1)
    session.commit()
    move_source(session, actor=users["reviewer"], source=added["D"], by=-1)
    session.commit()
    session.expire_all()
    assert [(s.title, s.position) for s in sources_of(session, claim)] == [
        ("A", 0),
        ("D", 1),
        ("C", 2),
    ]
    [event] = [e for e in audit_events(session, "source") if e.action == "source.move"]
    assert (event.before, event.after) == ({"position": 2}, {"position": 1})
