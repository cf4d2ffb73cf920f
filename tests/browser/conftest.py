"""A live server on a migrated SQLite database, and Debian's Chromium driven by Playwright.

The database is migrated and given its two accounts once per run; each test's server gets a copy of
that file, the same database the migrations and the factories would make for it.
"""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from flask import Flask
from flask_migrate import upgrade
from werkzeug.serving import make_server

from factcheck import MIGRATIONS_DIR
from factcheck.extensions import db
from factcheck.models import Role
from tests import factories
from tests.conftest import Backend, make_app
from tests.factories import PASSWORD
from tests.shared import in_ci

CHROMIUM = os.environ.get("FACTCHECK_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@dataclass
class LiveServer:
    app: Flask
    url: str

    def login(self, page, email: str, password: str = PASSWORD) -> None:
        page.goto(f"{self.url}/login")
        page.get_by_label("E-mail").fill(email)
        page.get_by_label("Password").fill(password)
        page.get_by_role("button", name="Log in").click()
        page.wait_for_url(f"{self.url}/desk/")


@pytest.fixture(scope="session")
def migrated_database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated SQLite file with an editor and a reviewer (the live server's `test.sqlite`)."""
    folder = tmp_path_factory.mktemp("migrated")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("FACTCHECK_INSTANCE_PATH", str(folder / "instance"))
        app = make_app(Backend("sqlite"), folder)
        with app.app_context():
            upgrade(directory=str(MIGRATIONS_DIR))
        with factories.seeding(app) as session:
            factories.user(session, "editor@example.org", Role.EDITOR)
            factories.user(session, "reviewer@example.org", Role.REVIEWER)
        with app.app_context():
            db.engine.dispose()
    return folder / "test.sqlite"


@pytest.fixture
def live_server(
    migrated_database: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[LiveServer]:
    monkeypatch.setenv("FACTCHECK_INSTANCE_PATH", str(tmp_path / "instance"))
    shutil.copyfile(migrated_database, tmp_path / "test.sqlite")
    app = make_app(Backend("sqlite"), tmp_path)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield LiveServer(app, f"http://127.0.0.1:{server.server_port}")
    finally:
        server.shutdown()
        thread.join(timeout=10)
        server.server_close()
        with app.app_context():
            db.engine.dispose()


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        message = f"{CHROMIUM} is absent: install Debian's chromium package to run browser tests"
        if in_ci():
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    tab.set_default_timeout(10_000)
    yield tab
    context.close()


@pytest.fixture
def screenshot_dir() -> Path:
    """Where journeys leave screenshots for people to look at (git-ignored)."""
    folder = Path(
        os.environ.get("FACTCHECK_SCREENSHOTS", Path(__file__).resolve().parents[2] / "screenshots")
    )
    folder.mkdir(exist_ok=True)
    return folder
