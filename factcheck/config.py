"""Configuration: code defaults, then instance/config.py, then FACTCHECK_* environment variables."""

from __future__ import annotations

import json
import os
import secrets
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_INSTANCE_PATH = PROJECT_ROOT / "instance"


class Defaults:
    """Code defaults; every key can be overridden in instance/config.py or as FACTCHECK_<KEY>."""

    SECRET_KEY: str | None = None
    DATABASE_URL: str | None = None  # None: SQLite file in the instance folder
    MAX_TRANSCRIPT_BYTES = 5 * 1024 * 1024
    HTTPS = False  # served over HTTPS: HSTS, Secure cookies and https:// links (factcheck.security)
    PROXY_COUNT = 0  # reverse proxies in front whose X-Forwarded-* headers are trusted
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = False
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    WTF_CSRF_TIME_LIMIT = None  # a reviewer's tab may stay open all day
    # Server-side sessions (NIST SP 800-63B-4, AAL2): ended after an hour unused, a day after log-in.
    SESSION_IDLE_MINUTES = 60
    SESSION_MAX_HOURS = 24
    SQLALCHEMY_ENGINE_OPTIONS: dict = {}
    ORGANISATION_NAME = "factcheck"
    # A claim's permalink, once rendered, is served again for this long without asking the
    # database whether it changed (views/public/_http.py: PageCache); then checked with one query.
    PUBLIC_PAGE_TRUST_SECONDS = 1.0
    # The site's address, for permalinks in exports made on the command line (the web uses its own).
    PUBLIC_URL = "http://127.0.0.1:5000/"


def env_overrides(environ: os._Environ[str] | dict[str, str]) -> dict[str, object]:
    """Read FACTCHECK_* variables; values that parse as JSON (numbers, true/false) are typed."""
    out: dict[str, object] = {}
    for name, raw in environ.items():
        if not name.startswith("FACTCHECK_") or name == "FACTCHECK_INSTANCE_PATH":
            continue
        key = name.removeprefix("FACTCHECK_")
        try:
            value: object = json.loads(raw)
        except ValueError:
            value = raw
        if not isinstance(value, int | float | bool):
            value = raw
        out[key] = value
    return out


def normalise_database_url(url: str) -> str:
    """Route plain postgres URLs to the psycopg 3 driver we ship."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url.removeprefix(prefix)
    return url


def sqlite_url(instance_path: str | Path) -> str:
    return f"sqlite:///{Path(instance_path) / 'factcheck.sqlite'}"


def init_instance(instance_path: str | Path = DEFAULT_INSTANCE_PATH) -> Path:
    """Create the instance folder and a config.py with a random SECRET_KEY, unless it exists."""
    folder = Path(instance_path)
    folder.mkdir(parents=True, exist_ok=True)
    config = folder / "config.py"
    if not config.exists():
        config.write_text(
            "# Written by `python -m factcheck.setup_instance`; keep it out of version control.\n"
            f"SECRET_KEY = {secrets.token_hex(32)!r}\n",
            encoding="utf-8",
        )
        config.chmod(0o600)
    return config
