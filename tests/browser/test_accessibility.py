"""axe-core (the npm package, injected by Playwright) on the staff pages: no serious or critical
WCAG 2.1 A/AA violation on the desk, the workspace, the import form, a speech's pages, the account
and the admin pages; and on every reader page type at phone and desktop widths, where nothing
may be wider than the screen (screenshots are left to look at)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import select

from factcheck.models import Claim, ClaimStatus, Role
from tests import factories
from tests.browser.test_reader_site import reader_paths
from tests.shared import in_ci

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
# Long enough that the queue, the transcript and the lists scroll: scrolling regions are checked.
TRANSCRIPT = "MODERATOR: Good evening.\n" + "".join(
    f"CANDIDATE: Unemployment fell to {n / 10:.1f}% in {1990 + n}, the lowest since 1974. "
    f"We built {n * 10} miles of new wall.\n"
    for n in range(1, 40)
)
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# The reader site at a small phone's width, a common phone's and a desktop's.
READER_WIDTHS = (360, 390, 1280)


@pytest.fixture(scope="module")
def axe_source() -> str:
    if not AXE.exists():
        message = f"{AXE} is absent: `make test` installs it with npm (package.json)"
        if in_ci():
            pytest.fail(message)
        pytest.skip(message)
    return AXE.read_text(encoding="utf-8")


def _violations(page, axe_source: str) -> list[dict]:
    page.evaluate(axe_source)
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_21_AA
    )
    return [v for v in result["violations"] if v["impact"] in ("serious", "critical")]


def _describe(path: str, violations: list[dict]) -> str:
    return "\n".join(
        f"{path}: {v['id']} ({v['impact']}): {v['help']} at "
        + json.dumps([n["target"] for n in v["nodes"]][:5])
        for v in violations
    )


def test_staff_pages_have_no_serious_accessibility_violation(
    live_server, browser, axe_source: str
) -> None:
    app = live_server.app
    with factories.seeding(app) as session:
        factories.user(session, "admin@example.org", Role.ADMIN)
        speech_id = factories.speech(session, TRANSCRIPT, title="Debate").id
        claim_id = session.scalar(
            select(Claim.id).where(Claim.speech_id == speech_id, Claim.status == ClaimStatus.OPEN)
        )
    paths = [
        "/desk/",
        "/desk/speeches/new",
        f"/desk/speeches/{speech_id}",
        f"/desk/speeches/{speech_id}/work?claim={claim_id}",
        f"/desk/speeches/{speech_id}/edit",
        f"/desk/speeches/{speech_id}/delete",
        f"/desk/speeches/{speech_id}/board",
        "/desk/queue",
        "/desk/admin/",
        "/desk/admin/rating-scale",
        "/desk/admin/settings",
        "/desk/admin/people",
        "/account/",
    ]
    # The page's CSP forbids injected scripts; axe is the test's, not the page's.
    context = browser.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True)
    page = context.new_page()
    failures = []
    try:
        page.goto(f"{live_server.url}/login")
        found = _violations(page, axe_source)
        if found:
            failures.append(_describe("/login", found))
        live_server.login(page, "admin@example.org")
        for path in paths:
            response = page.goto(f"{live_server.url}{path}")
            assert response is not None
            assert response.status == 200, path
            found = _violations(page, axe_source)
            if found:
                failures.append(_describe(path, found))
    finally:
        context.close()
    assert not failures, "\n".join(failures)


def test_reader_pages_are_accessible_at_every_width(
    live_server, browser, axe_source: str, screenshot_dir: Path
) -> None:
    paths = reader_paths(live_server)
    failures = []
    for width in READER_WIDTHS:
        context = browser.new_context(viewport={"width": width, "height": 900}, bypass_csp=True)
        page = context.new_page()
        try:
            for name, path in paths.items():
                response = page.goto(f"{live_server.url}{path}")
                assert response is not None
                assert response.status == (404 if name == "not-found" else 200), path
                found = _violations(page, axe_source)
                if found:
                    failures.append(f"{width}px " + _describe(path, found))
                overflow = page.evaluate(
                    "document.documentElement.scrollWidth - document.documentElement.clientWidth"
                )
                if overflow > 0:
                    failures.append(f"{width}px {path}: {overflow}px wider than the screen")
                if width != 360:
                    page.screenshot(
                        path=str(screenshot_dir / f"reader-{name}-{width}.png"), full_page=True
                    )
        finally:
            context.close()
    assert not failures, "\n".join(failures)
