"""The transcript in a real browser: claims coloured by their verdict's rating, with the label
beside it, and every claim reachable by keyboard."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from factcheck.extensions import db
from factcheck.models import Claim, Rating, User
from tests import factories

pytestmark = pytest.mark.browser


@pytest.fixture
def judged(live_server) -> tuple[int, dict[str, int]]:
    """The demo speech with a submitted "False", a draft "Mostly true" and a claim with no verdict."""
    with factories.seeding(live_server.app) as session:
        factories.rating_scale(session)
        speech = factories.demo_speech(session)
        reviewer = session.scalar(select(User).where(User.email == "reviewer@example.org"))

        def claim(text: str) -> Claim:
            return session.scalar(
                select(Claim).where(Claim.speech_id == speech.id, Claim.text.startswith(text))
            )

        released, followed = claim("GPT-3 was released"), claim("Within two years")
        factories.source(session, released, reviewer)
        factories.verdict(session, released, reviewer, "False", submit=True)
        factories.verdict(session, followed, reviewer, "Mostly true")
        ids = {"false": released.id, "draft": followed.id}
        ids["open"] = session.scalar(
            select(Claim.id)
            .where(Claim.speech_id == speech.id, Claim.start > followed.end)
            .order_by(Claim.start)
            .limit(1)
        )
        return speech.id, ids


def colour_of(page: Page, claim_id: int) -> str:
    return page.locator(f'#transcript mark[data-claim="{claim_id}"]').evaluate(
        "m => getComputedStyle(m).textDecorationColor"
    )


def test_the_transcript_shows_verdicts_by_rating_and_opens_claims_by_keyboard(
    live_server, page: Page, judged, screenshot_dir
) -> None:
    speech, ids = judged
    with live_server.app.app_context():
        false = db.session.scalar(select(Rating.colour).where(Rating.label == "False"))
        mostly = db.session.scalar(select(Rating.colour).where(Rating.label == "Mostly true"))
    live_server.login(page, "reviewer@example.org")
    page.goto(f"{live_server.url}/desk/speeches/{speech}/work?claim={ids['false']}")
    page.wait_for_load_state()

    def rgb(hex_colour: str) -> str:
        r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
        return f"rgb({r}, {g}, {b})"

    # The rating's own colour underlines the claim, and its label stands beside it.
    assert colour_of(page, ids["false"]) == rgb(false)
    assert colour_of(page, ids["draft"]) == rgb(mostly)
    label = page.locator(f'#transcript a.t-num[data-claim="{ids["false"]}"]')
    expect(label).to_have_text(f"#{ids['false']}False")
    expect(page.locator(f'#transcript a.t-num[data-claim="{ids["draft"]}"]')).to_contain_text(
        "Mostly true (draft)"
    )
    draft_style = page.locator(f'#transcript mark[data-claim="{ids["draft"]}"]').evaluate(
        "m => getComputedStyle(m).textDecorationStyle"
    )
    assert draft_style == "dashed"
    unjudged = page.locator(f'#transcript mark[data-claim="{ids["open"]}"]')
    assert "rated" not in (unjudged.get_attribute("class") or "")
    page.locator(".ws-transcript").screenshot(path=str(screenshot_dir / "transcript-verdicts.png"))

    # Tab reaches a claim's label in the transcript; Enter opens it, without reloading the page.
    page.evaluate("() => { window.stillThisPage = true; }")
    label.focus()
    page.keyboard.press("Tab")
    focused = page.evaluate("() => document.activeElement.dataset.claim")
    assert focused == str(ids["draft"])
    page.keyboard.press("Enter")
    expect(page.locator(".claim-panel")).to_have_attribute("data-claim", str(ids["draft"]))
    expect(page.locator(".claim-panel h2")).to_contain_text(f"Claim #{ids['draft']}")
    assert page.evaluate("() => window.stillThisPage === true")
    expect(page.locator(f'#transcript mark[data-claim="{ids["draft"]}"]')).to_have_class(
        re.compile(r"\brated\b.*\bselected\b")
    )
