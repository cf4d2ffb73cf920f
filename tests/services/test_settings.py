"""Organisation settings: defaults in code, validated changes by admins only, each audited."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from factcheck.errors import InvalidInput, PermissionDenied
from factcheck.models import Setting, User
from factcheck.services import settings
from factcheck.services.settings import (
    APPROVAL_QUORUM,
    MIN_SOURCES_FOR_VERDICT,
    get_setting,
    set_setting,
)
from tests.services.support import audit_events, count


def test_default_applies_until_an_admin_sets_a_value(session: Session) -> None:
    assert get_setting(session, MIN_SOURCES_FOR_VERDICT) == 1
    assert settings.all_settings(session) == {
        MIN_SOURCES_FOR_VERDICT: 1,
        APPROVAL_QUORUM: 1,
        settings.ORGANISATION_NAME: "Our fact-checking desk",
        settings.ORGANISATION_URL: "",
        settings.SHOW_STAFF_NAMES: True,
    }
    assert count(session, Setting) == 0


def test_admin_sets_a_value_which_is_stored_and_audited(
    session: Session, users: dict[str, User]
) -> None:
    assert set_setting(session, actor=users["admin"], key=MIN_SOURCES_FOR_VERDICT, value=3) == 3
    session.commit()
    session.expire_all()
    assert get_setting(session, MIN_SOURCES_FOR_VERDICT) == 3
    assert settings.all_settings(session)[MIN_SOURCES_FOR_VERDICT] == 3
    [event] = audit_events(session, "setting")
    assert event.action == "setting.set"
    assert event.actor_id == users["admin"].id
    assert event.before == {"key": MIN_SOURCES_FOR_VERDICT, "value": 1}
    assert event.after == {"key": MIN_SOURCES_FOR_VERDICT, "value": 3}


def test_changing_again_updates_the_row_and_records_the_old_value(
    session: Session, users: dict[str, User]
) -> None:
    set_setting(session, actor=users["admin"], key=MIN_SOURCES_FOR_VERDICT, value=2)
    set_setting(session, actor=users["admin"], key=MIN_SOURCES_FOR_VERDICT, value=0)
    session.commit()
    assert count(session, Setting) == 1
    assert get_setting(session, MIN_SOURCES_FOR_VERDICT) == 0
    assert [(e.before["value"], e.after["value"]) for e in audit_events(session, "setting")] == [
        (1, 2),
        (2, 0),
    ]


def test_setting_the_same_value_again_writes_no_history(
    session: Session, users: dict[str, User]
) -> None:
    set_setting(session, actor=users["admin"], key=MIN_SOURCES_FOR_VERDICT, value=2)
    set_setting(session, actor=users["admin"], key=MIN_SOURCES_FOR_VERDICT, value="2")
    assert len(audit_events(session, "setting")) == 1


def test_form_text_is_accepted_as_a_number(session: Session, users: dict[str, User]) -> None:
    assert set_setting(session, actor=users["admin"], key=MIN_SOURCES_FOR_VERDICT, value=" 4 ") == 4
    assert get_setting(session, MIN_SOURCES_FOR_VERDICT) == 4


@pytest.mark.parametrize("role", ["editor", "reviewer"])
def test_only_admins_change_settings(session: Session, users: dict[str, User], role: str) -> None:
    with pytest.raises(PermissionDenied):
        set_setting(session, actor=users[role], key=MIN_SOURCES_FOR_VERDICT, value=3)
    assert count(session, Setting) == 0
    assert audit_events(session, "setting") == []


@pytest.mark.parametrize("value", [-1, 51, 1.5, "1.5", "two", "", None, True, [1], "-1"])
def test_invalid_values_are_refused(
    session: Session, users: dict[str, User], value: object
) -> None:
    with pytest.raises(InvalidInput) as caught:
        set_setting(session, actor=users["admin"], key=MIN_SOURCES_FOR_VERDICT, value=value)
    assert caught.value.field == MIN_SOURCES_FOR_VERDICT
    assert "whole number" in caught.value.message
    assert count(session, Setting) == 0
    assert get_setting(session, MIN_SOURCES_FOR_VERDICT) == 1


@pytest.mark.parametrize("value", [0, 6, -1, "0", 1.5, "two", None, True])
def test_the_approval_quorum_is_one_to_five_editors(
    session: Session, users: dict[str, User], value: object
) -> None:
    with pytest.raises(InvalidInput, match="whole number") as caught:
        set_setting(session, actor=users["admin"], key=APPROVAL_QUORUM, value=value)
    assert caught.value.field == APPROVAL_QUORUM
    assert get_setting(session, APPROVAL_QUORUM) == 1
    assert set_setting(session, actor=users["admin"], key=APPROVAL_QUORUM, value=" 3 ") == 3
    assert get_setting(session, APPROVAL_QUORUM) == 3


def test_unknown_setting_is_refused(session: Session, users: dict[str, User]) -> None:
    with pytest.raises(InvalidInput) as caught:
        set_setting(session, actor=users["admin"], key="no_such_thing", value=1)
    assert caught.value.field == "key"


def test_an_invalid_stored_value_falls_back_to_the_default(
    session: Session, caplog: pytest.LogCaptureFixture
) -> None:
    session.add(Setting(key=MIN_SOURCES_FOR_VERDICT, value="lots"))
    session.flush()
    assert get_setting(session, MIN_SOURCES_FOR_VERDICT) == 1
    assert settings.all_settings(session) == {
        MIN_SOURCES_FOR_VERDICT: 1,
        APPROVAL_QUORUM: 1,
        settings.ORGANISATION_NAME: "Our fact-checking desk",
        settings.ORGANISATION_URL: "",
        settings.SHOW_STAFF_NAMES: True,
    }
    assert "invalid value" in caplog.text


@pytest.mark.parametrize(
    ("key", "bad"),
    [
        (settings.ORGANISATION_NAME, ""),
        (settings.ORGANISATION_NAME, "a\u0000b"),
        (settings.ORGANISATION_NAME, "x" * 201),
        (settings.ORGANISATION_URL, "ftp://example.org/"),
        (settings.ORGANISATION_URL, 5),
        (settings.SHOW_STAFF_NAMES, "yes"),
    ],
)
def test_publishing_settings_refuse_bad_values(
    session: Session, users: dict[str, User], key: str, bad: object
) -> None:
    with pytest.raises(InvalidInput):
        set_setting(session, actor=users["admin"], key=key, value=bad)


def test_publishing_settings_are_cleaned(session: Session, users: dict[str, User]) -> None:
    admin = users["admin"]
    assert (
        set_setting(session, actor=admin, key=settings.ORGANISATION_NAME, value=" A  B ") == "A B"
    )
    assert set_setting(session, actor=admin, key=settings.ORGANISATION_URL, value=" ") == ""
    assert set_setting(session, actor=admin, key=settings.SHOW_STAFF_NAMES, value=False) is False
