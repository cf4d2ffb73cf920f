"""Security headers on every response; what the HTTPS and PROXY_COUNT settings turn on."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from flask import Flask, request

from factcheck import create_app
from factcheck.extensions import db
from factcheck.models import Base
from factcheck.security import CONTENT_SECURITY_POLICY


def make(tmp_path: Path, **config: Any) -> Flask:
    """An app on an empty SQLite database: the headers do not depend on the backend."""
    app = create_app(
        {"SECRET_KEY": "x", "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite'}", **config}
    )
    with app.app_context():
        Base.metadata.create_all(db.engine)
        db.engine.dispose()
    return app


@pytest.fixture(autouse=True)
def _instance(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FACTCHECK_INSTANCE_PATH", str(tmp_path / "instance"))
    for name in ("FACTCHECK_HTTPS", "FACTCHECK_PROXY_COUNT"):
        monkeypatch.delenv(name, raising=False)


def test_the_policy_allows_nothing_inline_and_no_framing() -> None:
    directives = dict(d.split(" ", 1) for d in CONTENT_SECURITY_POLICY.split("; "))
    assert directives["script-src"] == directives["style-src"] == "'self'"
    assert "unsafe" not in CONTENT_SECURITY_POLICY
    assert directives["frame-ancestors"] == "'none'"
    assert directives["object-src"] == directives["base-uri"] == "'none'"


@pytest.mark.parametrize(
    ("path", "status"),
    [("/", 200), ("/login", 200), ("/static/css/app.css", 200), ("/nowhere", 404), ("/desk/", 404)],
)
def test_every_response_carries_the_security_headers(
    tmp_path: Path, path: str, status: int
) -> None:
    with make(tmp_path).test_client().get(path) as response:  # a static file must be closed
        assert response.status_code == status
        headers = response.headers
    assert headers["Content-Security-Policy"] == CONTENT_SECURITY_POLICY
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    assert "Strict-Transport-Security" not in headers  # plain HTTP by default


def test_an_error_page_carries_them_too(tmp_path: Path) -> None:
    app = make(tmp_path)

    @app.get("/boom")
    def boom() -> str:
        raise RuntimeError("boom")

    app.logger.disabled = True
    response = app.test_client().get("/boom")
    assert response.status_code == 500
    assert response.headers["Content-Security-Policy"] == CONTENT_SECURITY_POLICY


def test_https_sends_hsts_and_secure_cookies(tmp_path: Path) -> None:
    app = make(tmp_path, HTTPS=True)
    response = app.test_client().get("/login")
    assert response.headers["Strict-Transport-Security"] == "max-age=31536000"
    assert "Secure" in response.headers["Set-Cookie"]
    assert app.config["REMEMBER_COOKIE_SECURE"] is True
    assert app.config["PREFERRED_URL_SCHEME"] == "https"


def test_without_https_cookies_are_not_secure(tmp_path: Path) -> None:
    response = make(tmp_path).test_client().get("/login")
    assert "Secure" not in response.headers["Set-Cookie"]


def test_https_can_be_set_in_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FACTCHECK_HTTPS", "true")
    monkeypatch.setenv("FACTCHECK_PROXY_COUNT", "1")
    app = make(tmp_path)
    assert app.config["HTTPS"] is True
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["PROXY_COUNT"] == 1


def _seen(app: Flask) -> dict[str, str]:
    @app.get("/seen")
    def seen() -> dict[str, str]:
        return {"addr": request.remote_addr or "", "scheme": request.scheme, "host": request.host}

    forwarded = {
        "X-Forwarded-For": "203.0.113.9, 198.51.100.7",
        "X-Forwarded-Proto": "https",
        "X-Forwarded-Host": "desk.example.org",
    }
    return app.test_client().get("/seen", headers=forwarded).get_json()


def test_forwarded_headers_are_ignored_without_a_proxy(tmp_path: Path) -> None:
    assert _seen(make(tmp_path)) == {"addr": "127.0.0.1", "scheme": "http", "host": "localhost"}


def test_one_trusted_proxy_gives_the_client_the_proxy_saw(tmp_path: Path) -> None:
    # Only the last hop's entry is believed: the client could have written the first itself.
    assert _seen(make(tmp_path, PROXY_COUNT=1)) == {
        "addr": "198.51.100.7",
        "scheme": "https",
        "host": "desk.example.org",
    }


@pytest.mark.parametrize("value", [-1, "two", 1.5, True])
def test_a_bad_proxy_count_stops_the_app_from_starting(tmp_path: Path, value: object) -> None:
    with pytest.raises(RuntimeError, match="PROXY_COUNT"):
        make(tmp_path, PROXY_COUNT=value)
