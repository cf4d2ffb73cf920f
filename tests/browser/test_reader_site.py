"""The reader site in a real browser: selecting a claim shows its check in place, Esc puts the
focus back, and without our script the claim is a link to its permalink. (Its accessibility is
checked in test_accessibility.)"""

from __future__ import annotations

import re
from pathlib import Path

from sqlalchemy import select

from factcheck.models import Claim, Speech
from factcheck.services.demo import DEMO_DEBATE
from tests import factories


def reader_paths(live_server) -> dict[str, str]:
    """`flask demo` on the live server; an address of each reader page type."""
    result = live_server.app.test_cli_runner().invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    with factories.seeding(live_server.app) as session:
        speech_id = session.scalars(
            select(Speech.id).where(Speech.title == DEMO_DEBATE.title)
        ).one()
        rents = session.scalars(select(Claim.id).where(Claim.text.startswith("Rents rose"))).one()
    return {
        "home": "/",
        "speech": f"/speeches/{speech_id}",
        "claim": f"/claims/{rents}",
        "methodology": "/methodology",
        "corrections": "/corrections",
        "search": "/search?q=rents+rose",
        "not-found": "/claims/999999",
    }


def test_a_claim_shows_its_check_in_place(live_server, page, screenshot_dir: Path) -> None:
    paths = reader_paths(live_server)
    page.goto(f"{live_server.url}{paths['speech']}")
    claim = page.locator("a.check").nth(1)
    href = claim.get_attribute("href")
    assert href is not None
    assert re.fullmatch(r"/claims/\d+-rents-rose-[a-z0-9-]+", href)
    claim.focus()
    page.keyboard.press("Enter")
    shown = page.locator(".check-pop")
    shown.wait_for()
    assert page.url.endswith(paths["speech"])  # shown in place, not followed
    assert "Rents rose 3% here and 5% nationally" in shown.inner_text()
    assert claim.get_attribute("aria-expanded") == "true"
    page.screenshot(path=str(screenshot_dir / "reader-speech-in-place-1280.png"))
    page.keyboard.press("Escape")
    assert page.locator(".check-pop").count() == 0
    assert page.evaluate("document.activeElement.getAttribute('href')") == href
    claim.click(modifiers=["Control"])  # a new tab's click is the browser's, not ours
    assert page.locator(".check-pop").count() == 0
    page.locator(".check-list a", has_text="The full check").nth(1).click()
    page.wait_for_url(f"{live_server.url}{href}")
    assert page.locator("h1").inner_text().startswith("Rents rose")
