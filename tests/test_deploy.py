"""The app as the README's deployment section runs it: gunicorn with gunicorn.conf.py, on a
migrated database (SQLite and PostgreSQL), configured only through FACTCHECK_* variables."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from flask_migrate import upgrade

from factcheck import MIGRATIONS_DIR, create_app
from factcheck.config import PROJECT_ROOT
from factcheck.extensions import db
from tests.conftest import create_schema, drop_schema, postgres_url
from tests.shared import in_ci

pytest.importorskip("gunicorn")  # the test extra installs it; a bare checkout may not have it

OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # never an http_proxy


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def get(url: str) -> tuple[int, Any]:
    try:
        with OPENER.open(url, timeout=5) as response:
            return response.status, response.headers
    except urllib.error.HTTPError as error:
        error.close()
        return error.code, error.headers


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'factcheck.sqlite'}"
        return
    server = postgres_url()
    try:
        schema = create_schema(server, prefix="fc_deploy")
    except sa.exc.OperationalError as exc:
        message = f"PostgreSQL is not reachable ({str(exc.orig).strip().splitlines()[0]})"
        if in_ci():
            pytest.fail(message)
        pytest.skip(message)
    try:
        yield f"{server}?options=-csearch_path%3D{schema}"
    finally:
        drop_schema(server, schema)


@pytest.fixture
def served(database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """gunicorn serving the app on a free loopback port; its base URL."""
    inherited = ("FACTCHECK_", "GUNICORN_", "WEB_CONCURRENCY")  # only what the test sets counts
    env = {key: value for key, value in os.environ.items() if not key.startswith(inherited)} | {
        "FACTCHECK_SECRET_KEY": "deploy test secret",
        "FACTCHECK_DATABASE_URL": database_url,
        "FACTCHECK_INSTANCE_PATH": str(tmp_path / "instance"),
        "FACTCHECK_HTTPS": "true",
        "FACTCHECK_PROXY_COUNT": "1",
        "WEB_CONCURRENCY": "2",
        "GUNICORN_BIND": f"127.0.0.1:{free_port()}",
    }
    monkeypatch.setenv("FACTCHECK_INSTANCE_PATH", env["FACTCHECK_INSTANCE_PATH"])
    app = create_app({"SECRET_KEY": "x", "DATABASE_URL": database_url})
    with app.app_context():  # "migrations on deploy"
        upgrade(directory=str(MIGRATIONS_DIR))
        db.engine.dispose()

    command = [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "factcheck:create_app()"]
    log = (tmp_path / "gunicorn.log").open("w+")
    server = subprocess.Popen(command, cwd=PROJECT_ROOT, env=env, stdout=log, stderr=log)
    url = f"http://{env['GUNICORN_BIND']}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                get(f"{url}/login")
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    log.seek(0)
                    pytest.fail(f"gunicorn did not answer:\n{log.read()}")
                time.sleep(0.2)
        yield url
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        log.close()


def test_gunicorn_serves_the_app_with_its_security_headers(served: str) -> None:
    status, headers = get(f"{served}/login")
    assert status == 200
    assert "script-src 'self'" in headers["Content-Security-Policy"]
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["X-Content-Type-Options"] == "nosniff"
    # FACTCHECK_HTTPS=true, as behind a proxy that ends TLS.
    assert headers["Strict-Transport-Security"] == "max-age=31536000"
    assert "Secure" in headers["Set-Cookie"]
    # The database is reached (the front page lists published speeches) and the desk is hidden.
    assert get(f"{served}/")[0] == 200
    assert get(f"{served}/desk/")[0] == 404
    with OPENER.open(f"{served}/static/css/app.css", timeout=5) as css:
        assert css.headers["Content-Type"].startswith("text/css")


def test_gunicorn_serves_the_reader_site_cacheable(served: str) -> None:
    """Two workers, the migrated database (PostgreSQL's full text, SQLite's FTS5 table)."""
    for path in ("/", "/search?q=unemployment", "/methodology", "/corrections", "/feed.atom"):
        status, headers = get(f"{served}{path}")
        assert status == 200, path
        assert headers["Cache-Control"] == "public, max-age=60", path
        assert "Cookie" in headers["Vary"], path
        assert headers["ETag"], path
    assert get(f"{served}/claims/1")[0] == 404
