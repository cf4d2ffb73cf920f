"""Assigning work in a real browser: an editor assigns a claim with a due date from the board; the
reviewer finds it in their queue, counted in the header, and opens it in the workspace. Leaves
screenshots of the board and the queues at a laptop's and a phone's width."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from factcheck.extensions import db
from factcheck.models import Assignment, Claim, ClaimStatus, Role, User
from tests import factories
from tests.browser.support import claim_id_starting

pytestmark = pytest.mark.browser

WIDTHS = (1280, 390)


@pytest.fixture
def speech_id(live_server) -> int:
    """The demo speech with work under way: a colleague assigned all of it (overdue), one of
    their verdicts sent back, and a claim on which two reviewers disagree."""
    with factories.seeding(live_server.app) as session:
        factories.rating_scale(session)
        speech = factories.demo_speech(session)
        editor = session.scalar(select(User).where(User.role == Role.EDITOR))
        bo = factories.user(session, "bo@example.org", display_name="Bo Colleague")
        cy = factories.user(session, "cy@example.org", display_name="Cy Second")
        claims = session.scalars(
            select(Claim)
            .where(Claim.speech_id == speech.id, Claim.status == ClaimStatus.OPEN)
            .order_by(Claim.start)
        ).all()
        whole = factories.assignment(
            session, speech, bo, actor=editor, due_on=datetime.now(UTC).date()
        )
        factories.overdue(session, whole, days=3)
        factories.submitted_verdict(session, claims[0], bo)
        factories.sent_back(session, claims[0], editor, "Say which benchmarks, and cite them.")
        factories.submitted_verdict(session, claims[2], bo, "Mostly true")
        factories.assignment(session, speech, cy, actor=editor, claims=[claims[2]], second=True)
        factories.submitted_verdict(session, claims[2], cy, "False")
        return speech.id


def test_an_editor_assigns_a_claim_and_the_reviewer_finds_it_in_their_queue(
    live_server, browser, page: Page, speech_id: int, screenshot_dir
) -> None:
    claim_id = claim_id_starting(live_server, "Look at the money.")
    due = (datetime.now(UTC).date() + timedelta(days=2)).isoformat()

    live_server.login(page, "editor@example.org")
    expect(page.get_by_role("link", name="Waiting for approval (1)")).to_be_visible()
    page.goto(f"{live_server.url}/desk/speeches/{speech_id}")
    page.get_by_role("link", name="Board and assignments").click()
    expect(page.get_by_role("heading", name="Board")).to_be_visible()
    expect(page.locator(".tile.alert")).to_contain_text("overdue")
    expect(page.locator("#disagreements").locator("..")).to_contain_text("Cy Second: False")

    page.get_by_label(f"Choose claim #{claim_id}").check()
    page.get_by_label("reviewer", exact=True).check()
    page.get_by_label("Due (optional)").fill(due)
    page.get_by_role("button", name="Assign", exact=True).click()
    expect(page.locator(".flash-success")).to_have_text(
        f"Assigned claim #{claim_id} to reviewer, due {due}."
    )
    row = page.locator(f"#claim-{claim_id}")
    expect(row).to_contain_text("reviewer")
    expect(row).to_contain_text(f"due {due}")
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(screenshot_dir / f"board-{width}.png"), full_page=True)
    with live_server.app.app_context():
        made = db.session.scalars(select(Assignment).where(Assignment.claim_id == claim_id)).one()
        assert (made.reviewer.email, made.due_on.isoformat()) == ("reviewer@example.org", due)

    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        reviewer = context.new_page()
        reviewer.set_default_timeout(10_000)
        live_server.login(reviewer, "reviewer@example.org")
        reviewer.get_by_role("link", name="My queue (1)").click()
        expect(reviewer.get_by_role("heading", name="My queue")).to_be_visible()
        item = reviewer.locator(".work-item")
        expect(item).to_have_count(1)
        expect(item).to_contain_text("Look at the money.")
        expect(item).to_contain_text(f"due {due}")
        expect(item).not_to_contain_text("False")  # nobody's verdict shows in a queue
        for width in WIDTHS:
            reviewer.set_viewport_size({"width": width, "height": 900})
            reviewer.screenshot(path=str(screenshot_dir / f"queue-{width}.png"), full_page=True)
        reviewer.set_viewport_size({"width": 1280, "height": 900})
        item.get_by_role("link", name="Open in the workspace").click()
        expect(reviewer.locator(".claim-panel mark.quote")).to_contain_text("Look at the money.")
        expect(reviewer).to_have_url(
            f"{live_server.url}/desk/speeches/{speech_id}/work?claim={claim_id}"
        )
    finally:
        context.close()


def test_a_busy_reviewers_queue_at_both_widths(
    live_server, page: Page, speech_id: int, screenshot_dir
) -> None:
    live_server.login(page, "bo@example.org")
    page.get_by_role("link", name="My queue").click()
    expect(page.locator("#overdue")).to_be_visible()
    expect(page.locator(".sent-back-note")).to_contain_text("Say which benchmarks")
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(screenshot_dir / f"queue-busy-{width}.png"), full_page=True)
