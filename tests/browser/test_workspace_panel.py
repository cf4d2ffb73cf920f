"""The claim panel in a real browser: the verdict first, and the tools to fix the split folded until a
key opens them."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from factcheck.extensions import db
from factcheck.models import Claim
from tests import factories

pytestmark = pytest.mark.browser

CLAIM = "GPT-3 was released in 2020 and ChatGPT followed in 2022."


@pytest.fixture
def speech_id(live_server) -> int:
    with factories.seeding(live_server.app) as session:
        factories.rating_scale(session)
        return factories.demo_speech(session).id


def claim_id_of(live_server, text: str) -> int:
    with live_server.app.app_context():
        return db.session.scalar(select(Claim.id).where(Claim.text == text))


def open_claim(live_server, page: Page, speech_id: int, text: str = CLAIM) -> int:
    claim_id = claim_id_of(live_server, text)
    live_server.login(page, "reviewer@example.org")
    page.goto(f"{live_server.url}/desk/speeches/{speech_id}/work?claim={claim_id}")
    page.wait_for_load_state()  # the scripts run once the page is loaded
    return claim_id


def box(page: Page, selector: str) -> dict:
    found = page.locator(selector).bounding_box()
    assert found is not None, f"{selector} is not displayed"
    return found


@pytest.mark.parametrize("width", [1280, 390])
def test_the_verdict_comes_before_the_tools_to_fix_the_split(
    live_server, browser, speech_id: int, width: int, screenshot_dir
) -> None:
    context = browser.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    page.set_default_timeout(10_000)
    try:
        open_claim(live_server, page, speech_id)
        verdict = box(page, "section[aria-labelledby^='verdicts-']")
        sources = box(page, "section[aria-labelledby^='sources-']")
        fix = box(page, "details.fix-split")
        assert verdict["y"] < sources["y"] < fix["y"]
        if width == 1280:
            # The rating is chosen without scrolling: it is above the fold of the window.
            rating = box(page, "[data-key='v']")
            assert rating["y"] + rating["height"] <= 800
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        # Folded: nothing of the five forms shows until asked for.
        expect(page.locator("details.fix-split")).not_to_have_attribute("open", "")
        expect(page.get_by_label("Split before character")).to_be_hidden()
        expect(page.get_by_role("button", name="Merge with the next claim")).to_be_hidden()
        page.screenshot(path=str(screenshot_dir / f"panel-verdict-first-{width}.png"))
        page.locator("#panel").screenshot(path=str(screenshot_dir / f"panel-{width}.png"))

        # "e" unfolds them, in view, its heading focused.
        page.keyboard.press("e")
        expect(page.locator("details.fix-split")).to_have_attribute("open", "")
        expect(page.locator("details.fix-split summary")).to_be_focused()
        expect(page.get_by_label("Split before character")).to_be_visible()
        expect(page.locator("details.fix-split summary")).to_be_in_viewport()
        page.screenshot(path=str(screenshot_dir / f"panel-fix-open-{width}.png"))
    finally:
        context.close()
