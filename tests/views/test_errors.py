"""Error pages: an address that takes only forms, asked for the wrong way, gives away nothing to
those who may not use it (the same 404 as an address that does not exist)."""

from __future__ import annotations

import re

import pytest
from flask import Flask
from flask.testing import FlaskClient

from factcheck.models import User
from tests.helpers import login

# Addresses of the desk and the admin pages that only take some methods.
POST_ONLY = [
    "/desk/claims/1/merge",
    "/desk/claims/1/sources/1/remove",
    "/desk/admin/rating-scale/default",
]
GET_ONLY = ["/desk/", "/desk/speeches/1", "/desk/admin/"]


def _answer(client: FlaskClient, path: str, method: str) -> tuple[int, str]:
    """Status and page, but for the login link's way back (which names the address asked for)."""
    response = client.open(path, method=method)
    assert "Allow" not in response.headers
    return response.status_code, re.sub(r"next=[^\"]*", "", response.get_data(as_text=True))


def _desk_addresses(app: Flask) -> list[str]:
    """Every desk and admin address of the app, each id in it as 1."""
    return sorted(
        {
            re.sub(r"<[^>]+>", "1", rule.rule)
            for rule in app.url_map.iter_rules()
            if rule.rule.startswith("/desk")
        }
    )


@pytest.mark.parametrize("method", ["GET", "PUT", "DELETE", "PATCH", "POST", "OPTIONS"])
def test_anonymous_visitors_get_the_same_404_for_every_desk_address(
    app: Flask, client: FlaskClient, method: str
) -> None:
    expected = _answer(client, "/desk/no-such-page", method)
    assert expected[0] == 404
    for path in _desk_addresses(app):
        assert _answer(client, path, method) == expected, (method, path)


@pytest.mark.parametrize("path", POST_ONLY)
def test_the_wrong_method_as_anonymous_is_a_404(client: FlaskClient, path: str) -> None:
    assert client.get(path).status_code == 404
    assert client.put(path).status_code == 404


@pytest.mark.parametrize("path", GET_ONLY)
def test_posting_to_a_page_as_anonymous_is_a_404_that_says_nothing_was_saved(
    client: FlaskClient, path: str
) -> None:
    response = client.post(path, data={"body": "My note."})
    assert response.status_code == 404
    assert "Not saved" in response.get_data(as_text=True)


def test_staff_still_learn_that_an_address_only_takes_forms(as_reviewer: FlaskClient) -> None:
    response = as_reviewer.get("/desk/claims/1/merge")
    assert response.status_code == 405
    assert "has no page of its own" in response.get_data(as_text=True)


def test_an_admin_address_is_a_404_to_staff_who_are_not_admins(
    client: FlaskClient, users: dict[str, User]
) -> None:
    login(client, users["reviewer"].email)
    assert client.get("/desk/admin/rating-scale/default").status_code == 404
    assert client.put("/desk/admin/settings").status_code == 404
    login_admin = client.post("/logout")
    assert login_admin.status_code == 302
    login(client, users["admin"].email)
    assert client.get("/desk/admin/rating-scale/default").status_code == 405
