"""Layered configuration and the refusal to start without a secret key."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from factcheck import create_app
from factcheck.config import env_overrides, init_instance, normalise_database_url


@pytest.fixture
def instance(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "instance"
    folder.mkdir()
    monkeypatch.setenv("FACTCHECK_INSTANCE_PATH", str(folder))
    for name in (
        "FACTCHECK_SECRET_KEY",
        "FACTCHECK_DATABASE_URL",
        "FACTCHECK_MAX_TRANSCRIPT_BYTES",
    ):
        monkeypatch.delenv(name, raising=False)
    return folder


def test_refuses_to_start_without_a_secret_key(instance: Path) -> None:
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app()


def test_instance_config_then_environment_then_test_mapping(
    instance: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (instance / "config.py").write_text(
        "SECRET_KEY = 'from-instance'\nMAX_TRANSCRIPT_BYTES = 1000\nORGANISATION_NAME = 'Desk'\n"
    )
    app = create_app()
    assert app.config["SECRET_KEY"] == "from-instance"
    assert app.config["MAX_TRANSCRIPT_BYTES"] == 1000
    assert app.config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{instance / 'factcheck.sqlite'}"

    monkeypatch.setenv("FACTCHECK_MAX_TRANSCRIPT_BYTES", "2000")
    monkeypatch.setenv("FACTCHECK_DATABASE_URL", "postgresql://u@db.internal/fc")
    app = create_app()
    assert app.config["MAX_TRANSCRIPT_BYTES"] == 2000
    assert app.config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://u@db.internal/fc"
    assert app.config["ORGANISATION_NAME"] == "Desk"

    app = create_app({"MAX_TRANSCRIPT_BYTES": 3000})
    assert app.config["MAX_TRANSCRIPT_BYTES"] == 3000
    # Request bodies may carry a transcript at the limit plus the rest of the form.
    assert app.config["MAX_FORM_MEMORY_SIZE"] > 3000


def test_session_cookies_are_httponly_and_samesite(instance: Path) -> None:
    app = create_app({"SECRET_KEY": "x"})
    assert app.config["SESSION_COOKIE_HTTPONLY"] is True
    assert app.config["SESSION_COOKIE_SAMESITE"] == "Lax"
    assert app.config["REMEMBER_COOKIE_HTTPONLY"] is True


def test_env_overrides_types_numbers_and_booleans_only() -> None:
    values = env_overrides(
        {
            "FACTCHECK_A": "12",
            "FACTCHECK_B": "true",
            "FACTCHECK_C": '{"not": "a dict"}',
            "FACTCHECK_D": "plain",
            "OTHER": "1",
            "FACTCHECK_INSTANCE_PATH": "/x",
        }
    )
    assert values == {"A": 12, "B": True, "C": '{"not": "a dict"}', "D": "plain"}


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("postgresql://a@h/db", "postgresql+psycopg://a@h/db"),
        ("postgres://a@h/db", "postgresql+psycopg://a@h/db"),
        ("postgresql+psycopg://a@h/db", "postgresql+psycopg://a@h/db"),
        ("sqlite:////tmp/x.sqlite", "sqlite:////tmp/x.sqlite"),
    ],
)
def test_database_urls_use_psycopg3(url: str, expected: str) -> None:
    assert normalise_database_url(url) == expected


def test_init_instance_writes_a_private_random_key_once(tmp_path: Path) -> None:
    config = init_instance(tmp_path / "inst")
    first = config.read_text()
    assert "SECRET_KEY = '" in first
    assert stat.S_IMODE(config.stat().st_mode) == 0o600
    assert init_instance(tmp_path / "inst").read_text() == first
    other = init_instance(tmp_path / "other").read_text()
    assert other != first
