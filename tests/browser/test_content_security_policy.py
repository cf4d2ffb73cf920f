"""The pages under the real Content-Security-Policy in Chromium: nothing refused (no inline style or
script is left), and the rating colours, painted without inline styles, still show."""

from __future__ import annotations

import pytest
from playwright.sync_api import ConsoleMessage, Page, expect
from sqlalchemy import select

from factcheck.models import Claim, ClaimStatus, Role
from tests import factories

pytestmark = pytest.mark.browser


@pytest.fixture
def workspace_url(live_server) -> str:
    """A speech with a verdict given on one claim; the workspace address with that claim open."""
    with factories.seeding(live_server.app) as session:
        admin = factories.user(session, "admin@example.org", Role.ADMIN)
        speech = factories.demo_speech(session)
        claim = session.scalars(
            select(Claim)
            .where(Claim.speech_id == speech.id, Claim.status == ClaimStatus.OPEN)
            .order_by(Claim.start)
        ).first()
        factories.verdict(session, claim, admin, "False", conclusion="Not so.")
        return f"/desk/speeches/{speech.id}/work?claim={claim.id}"


def test_no_page_breaks_the_content_security_policy(
    live_server, page: Page, workspace_url: str, screenshot_dir
) -> None:
    refused: list[str] = []

    def watch(message: ConsoleMessage) -> None:
        if "Content Security Policy" in message.text or "Content-Security-Policy" in message.text:
            refused.append(f"{page.url}: {message.text}")

    page.on("console", watch)
    page.on("pageerror", lambda error: refused.append(f"{page.url}: {error}"))

    response = page.goto(f"{live_server.url}/")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    page.goto(f"{live_server.url}/login")
    page.screenshot(path=str(screenshot_dir / "csp-login.png"))
    live_server.login(page, "admin@example.org")
    pages = {
        "desk": "/desk/",
        "import": "/desk/speeches/new",
        "speech": workspace_url.split("/work")[0],
        "workspace": workspace_url,
        "admin": "/desk/admin/",
        "rating-scale": "/desk/admin/rating-scale",
        "settings": "/desk/admin/settings",
        "not-found": "/desk/speeches/2147483647",
    }
    for name, path in pages.items():
        page.goto(f"{live_server.url}{path}")
        page.wait_for_load_state("load")
        page.screenshot(path=str(screenshot_dir / f"csp-{name}.png"), full_page=True)
        assert not refused, "\n".join(refused)

        if name == "workspace":
            # The keyboard shortcuts (static/js/workspace.js) still run: "?" opens their list.
            page.keyboard.press("?")
            expect(page.get_by_role("dialog")).to_be_visible()
            page.keyboard.press("Escape")
            # The verdict's colour, painted by an SVG: the chip is red (#a4161a), not unstyled.
            chip = page.locator(".verdict-card .rating-chip").first
            expect(chip).to_have_text("False")
            fill = chip.locator("rect").evaluate("rect => getComputedStyle(rect).fill")
            assert fill == "rgb(164, 22, 26)", fill
            # ...and so is the stripe down the card's left edge.
            card = page.locator(".verdict-card").first
            card_box, stripe_box = card.bounding_box(), card.locator(".card-stripe").bounding_box()
            assert card_box is not None
            assert stripe_box is not None
            assert stripe_box["width"] == 4
            assert stripe_box["height"] >= card_box["height"] - 2
            assert abs(stripe_box["x"] - card_box["x"]) <= 1, (stripe_box, card_box)
            page.locator(".verdict-card").first.screenshot(
                path=str(screenshot_dir / "csp-verdict-card.png")
            )
        if name == "rating-scale":
            swatches = page.locator(".rating-row legend svg.swatch")
            expect(swatches.first).to_be_visible()
            box = swatches.first.bounding_box()
            assert box is not None
            assert box["width"] > 8, box
            assert box["height"] > 8, box
            page.locator(".rating-row").nth(1).screenshot(
                path=str(screenshot_dir / "csp-rating-row.png")
            )

    assert not refused, "\n".join(refused)
