"""The admin pages through the client: the rating scale editor, the default scale, the settings, and
that nobody but an admin can even see them."""

from __future__ import annotations

import re
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from factcheck.extensions import db
from factcheck.models import AuditEvent, Claim, Rating, RatingScale, Role, User
from factcheck.services import settings
from tests import factories
from tests.helpers import login

ADMIN = "admin@example.org"


def stored_ratings(app: Flask) -> list[tuple[str, int | None, bool, str]]:
    with app.app_context():
        return [
            (r.label, r.value, r.retired, r.colour)
            for r in db.session.scalars(select(Rating).order_by(Rating.position))
        ]


def scale_version(app: Flask) -> int:
    with app.app_context():
        return db.session.scalar(select(RatingScale.version))


def editor_form(client: FlaskClient) -> dict[str, str]:
    """The scale editor's fields as the page fills them in (unticked checkboxes are not sent)."""
    page = client.get("/desk/admin/rating-scale").get_data(as_text=True)
    data: dict[str, str] = {}
    for tag in re.findall(r"<(?:input|textarea)[^>]*>(?:[^<]*</textarea>)?", page):
        name = re.search(r'name="([^"]+)"', tag)
        if not name:
            continue
        if 'type="checkbox"' in tag and "checked" not in tag:
            continue
        if tag.startswith("<textarea"):
            value = tag.split(">", 1)[1].removesuffix("</textarea>").strip()
        else:
            found = re.search(r'value="([^"]*)"', tag)
            value = found.group(1) if found else ""
        data[name.group(1)] = value
    return data


def row_of(data: dict[str, str], label: str) -> str:
    return next(
        k.removesuffix("-label") for k, v in data.items() if k.endswith("-label") and v == label
    )


ADMIN_PAGES: list[tuple[str, str, dict[str, Any]]] = [
    ("GET", "/desk/admin/", {}),
    ("GET", "/desk/admin/rating-scale", {}),
    ("POST", "/desk/admin/rating-scale", {"version": "1", "ratings-0-label": "Only"}),
    ("POST", "/desk/admin/rating-scale/default", {}),
    ("GET", "/desk/admin/settings", {}),
    ("POST", "/desk/admin/settings", {"min_sources_for_verdict": "5", "approval_quorum": "2"}),
]


@pytest.mark.parametrize("role", ["admin", "editor", "reviewer", None])
def test_only_admins_see_the_admin_pages(
    app: Flask, client: FlaskClient, users: dict[str, User], scale: None, role: str | None
) -> None:
    if role is not None:
        login(client, users[role].email)
    before = (stored_ratings(app), scale_version(app))
    for method, path, data in ADMIN_PAGES:
        response = client.open(path, method=method, data=data)
        if role == "admin":
            assert response.status_code in (200, 302, 400), (path, response.status_code)
        else:
            assert response.status_code == 404, path
    nav = client.get("/desk/" if role else "/").get_data(as_text=True).split("</nav>")[0]
    assert ('href="/desk/admin/"' in nav) == (role == "admin")
    if role != "admin":
        assert (stored_ratings(app), scale_version(app)) == before
        with app.app_context():
            assert settings.get_setting(db.session, settings.MIN_SOURCES_FOR_VERDICT) == 1


def test_the_editor_lists_the_scale_with_a_label_for_every_control(
    as_admin: FlaskClient, scale: None
) -> None:
    page = as_admin.get("/desk/admin/rating-scale").get_data(as_text=True)
    for label in ("True", "Mostly false", "Not checkable"):
        assert f'value="{label}"' in page
    assert 'type="color"' in page
    assert 'value="#1a7f37"' in page
    controls = re.findall(r"<(?:input|select|textarea)\b[^>]*>", page)
    visible = [c for c in controls if 'type="hidden"' not in c]
    assert len(visible) > 8 * 6
    for control in visible:
        control_id = re.search(r'id="([^"]+)"', control).group(1)
        assert f'for="{control_id}"' in page, control_id
    assert 'aria-describedby="None"' not in page
    assert 'aria-invalid="None"' not in page


def test_relabel_retire_add_and_delete_ratings(
    app: Flask, as_admin: FlaskClient, scale: None
) -> None:
    data = editor_form(as_admin)
    half, unverifiable = row_of(data, "Half true"), row_of(data, "Unverifiable")
    data[f"{half}-label"] = "Half-true"
    data[f"{half}-retired"] = "y"
    data[f"{unverifiable}-delete"] = "y"
    spare = row_of(data, "")
    data.update(
        {
            f"{spare}-label": "Satire",
            f"{spare}-definition": "Meant as a joke.",
            f"{spare}-colour": "#123ABC",
            f"{spare}-order": "0",
        }
    )
    response = as_admin.post("/desk/admin/rating-scale", data=data)
    assert response.status_code == 302
    assert "The rating scale is saved" in as_admin.get(response.headers["Location"]).get_data(
        as_text=True
    )
    stored = stored_ratings(app)
    assert stored[0] == ("Satire", None, False, "#123abc")  # order 0 puts it first
    assert ("Half-true", 3, True, "#c9a400") in stored
    assert "Unverifiable" not in [label for label, *_ in stored]
    assert len(stored) == 8
    assert scale_version(app) == 2


def test_add_a_row_shows_one_more_without_saving(
    app: Flask, as_admin: FlaskClient, scale: None
) -> None:
    data = editor_form(as_admin)
    response = as_admin.post("/desk/admin/rating-scale", data={**data, "intent": "add-row"})
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert page.count("<legend>New rating</legend>") == 2
    assert scale_version(app) == 1


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d.update({f"{row_of(d, 'Mostly true')}-value": "9"}), "is listed below"),
        (lambda d: d.update({f"{row_of(d, 'False')}-label": "True"}), "Two ratings are labelled"),
        (
            lambda d: d.update({f"{row_of(d, 'False')}-definition": " "}),
            "needs a public definition",
        ),
        (lambda d: d.update({f"{row_of(d, 'False')}-colour": "red"}), "Write it as #rrggbb."),
        (lambda d: d.update({f"{row_of(d, 'False')}-value": "-1"}), "Number must be between"),
        (lambda d: d.update({"version": ""}), "Fix the fields marked below."),
    ],
)
def test_a_bad_scale_is_a_400_and_changes_nothing(
    app: Flask, as_admin: FlaskClient, scale: None, change, message: str
) -> None:
    before = stored_ratings(app)
    data = editor_form(as_admin)
    change(data)
    response = as_admin.post("/desk/admin/rating-scale", data=data)
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert message in page.replace("&#34;", '"').replace("&#39;", "'")
    assert "Nothing was saved." in page
    assert stored_ratings(app) == before
    assert scale_version(app) == 1


def test_a_refused_colour_never_reaches_the_markup_as_a_colour(
    app: Flask, as_admin: FlaskClient, scale: None
) -> None:
    data = editor_form(as_admin)
    evil = "#000000; background:url(https://evil.example/x)"
    data[f"{row_of(data, 'False')}-colour"] = evil
    response = as_admin.post("/desk/admin/rating-scale", data=data)
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "style=" not in page  # the Content-Security-Policy allows no inline style anyway
    fills = re.findall(r'fill="([^"]*)"', page)
    assert fills
    assert all(re.fullmatch(r"#[0-9a-fA-F]{6}", f) for f in fills), fills
    assert "evil.example" in page  # still shown to the admin, in the field to correct


def test_deleting_a_rating_in_use_is_refused(
    app: Flask, as_admin: FlaskClient, users: dict[str, User], scale: None
) -> None:
    with factories.seeding(app) as session:
        speech = factories.speech(session, "Unemployment fell to 3.9% in 2023.")
        claim = session.scalar(select(Claim).where(Claim.speech_id == speech.id))
        factories.verdict(session, claim, users["reviewer"], "False", conclusion="No.")
    data = editor_form(as_admin)
    data[f"{row_of(data, 'False')}-delete"] = "y"
    response = as_admin.post("/desk/admin/rating-scale", data=data)
    assert response.status_code == 400
    assert "is used by 1 verdict and cannot be deleted" in response.get_data(as_text=True)
    assert "False" in [label for label, *_ in stored_ratings(app)]


def test_a_scale_changed_meanwhile_is_a_409_showing_the_other_change(
    app: Flask, client: FlaskClient, users: dict[str, User], scale: None
) -> None:
    with factories.seeding(app) as session:
        factories.user(session, "other@example.org", Role.ADMIN, display_name="Otto")
    mine, theirs = client, app.test_client()
    login(mine, ADMIN)
    login(theirs, "other@example.org")
    seen_mine, seen_theirs = editor_form(mine), editor_form(theirs)
    seen_theirs[f"{row_of(seen_theirs, 'Misleading')}-label"] = "Deceptive"
    assert theirs.post("/desk/admin/rating-scale", data=seen_theirs).status_code == 302
    seen_mine[f"{row_of(seen_mine, 'False')}-label"] = "Wrong"
    response = mine.post("/desk/admin/rating-scale", data=seen_mine)
    assert response.status_code == 409
    page = response.get_data(as_text=True)
    shown = page.split('id="conflict"')[1].split("</div>")[0]
    assert "Not saved" in shown
    assert "Otto" in shown
    assert "Deceptive" in shown
    assert 'value="Wrong"' in page
    assert 'name="version" type="hidden" value="2"' in page
    labels = [label for label, *_ in stored_ratings(app)]
    assert "Deceptive" in labels
    assert "Wrong" not in labels


def test_create_the_default_scale(app: Flask, as_admin: FlaskClient) -> None:
    page = as_admin.get("/desk/admin/rating-scale").get_data(as_text=True)
    assert "No rating scale has been set up yet" in page
    response = as_admin.post("/desk/admin/rating-scale/default", data={"next": "//evil.example"})
    assert response.status_code == 302
    assert response.headers["Location"] == "/desk/admin/rating-scale"
    assert [label for label, *_ in stored_ratings(app)][:2] == ["True", "Mostly true"]
    with app.app_context():
        event = db.session.scalars(
            select(AuditEvent).where(AuditEvent.action == "rating_scale.create")
        ).one()
        assert event.actor is not None
        assert event.actor.role == Role.ADMIN
    # A second press changes nothing.
    with app.app_context():
        before = db.session.scalar(select(func.count()).select_from(AuditEvent))
    assert as_admin.post("/desk/admin/rating-scale/default").status_code == 302
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(AuditEvent)) == before
        assert db.session.scalar(select(func.count()).select_from(RatingScale)) == 1


ORG = {"organisation_name": "Example Checks", "show_staff_names": "y"}


def test_settings(app: Flask, as_admin: FlaskClient) -> None:
    page = as_admin.get("/desk/admin/settings").get_data(as_text=True)
    assert "Sources needed before a verdict is submitted" in page
    assert "Editors&#39; approvals a verdict needs" in page
    assert 'id="min_sources_for_verdict"' in page
    assert 'id="approval_quorum"' in page
    assert 'value="1"' in page
    for bad in ("-1", "51", "two", ""):
        response = as_admin.post(
            "/desk/admin/settings",
            data={**ORG, "min_sources_for_verdict": bad, "approval_quorum": "1"},
        )
        assert response.status_code == 400, bad
        assert 'class="error"' in response.get_data(as_text=True)
    for bad in ("0", "6", "two", ""):
        response = as_admin.post(
            "/desk/admin/settings",
            data={**ORG, "min_sources_for_verdict": "1", "approval_quorum": bad},
        )
        assert response.status_code == 400, bad
        assert 'class="error"' in response.get_data(as_text=True)
    response = as_admin.post(
        "/desk/admin/settings",
        data={**ORG, "min_sources_for_verdict": "3", "approval_quorum": "2"},
    )
    assert response.status_code == 302
    with app.app_context():
        assert settings.get_setting(db.session, settings.MIN_SOURCES_FOR_VERDICT) == 3
        assert settings.get_setting(db.session, settings.APPROVAL_QUORUM) == 2
    page = as_admin.get(response.headers["Location"]).get_data(as_text=True)
    assert "Settings saved." in page
    assert 'value="3"' in page
    assert 'value="2"' in page


def test_publishing_settings_are_validated_and_saved(app: Flask, as_admin: FlaskClient) -> None:
    page = as_admin.get("/desk/admin/settings").get_data(as_text=True)
    assert 'id="organisation_name"' in page
    assert 'id="show_staff_names"' in page
    base = {"min_sources_for_verdict": "1", "approval_quorum": "1"}
    for bad in (
        {"organisation_name": ""},
        {"organisation_name": "x" * 201},
        {"organisation_name": "Checks", "organisation_url": "javascript:alert(1)"},
        {"organisation_name": "Checks", "organisation_url": "example.org"},
    ):
        response = as_admin.post("/desk/admin/settings", data={**base, **bad})
        assert response.status_code == 400, bad
    response = as_admin.post(
        "/desk/admin/settings",
        data={
            **base,
            "organisation_name": "  Example   Checks ",
            "organisation_url": "https://checks.example.org/",
        },
    )
    assert response.status_code == 302
    with app.app_context():
        values = settings.all_settings(db.session)
    assert values[settings.ORGANISATION_NAME] == "Example Checks"
    assert values[settings.ORGANISATION_URL] == "https://checks.example.org/"
    assert values[settings.SHOW_STAFF_NAMES] is False  # the box left unticked
