"""From a reviewer's verdict to a published correction, in a real browser: the reviewer submits;
an editor sends it back with a comment; the reviewer reads it, fixes the verdict and submits
again; two editors approve (the quorum is two); the check is published, then corrected with a
public note, and the corrections log lists it. The decision section is checked with axe and left
as screenshots at a desktop's and a phone's width."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from factcheck.extensions import db
from factcheck.models import (
    ApprovalVote,
    Claim,
    ClaimState,
    Publication,
    PublicationKind,
    Role,
    User,
)
from factcheck.services import settings, workflow
from tests import factories
from tests.browser.support import decision, submit_verdict
from tests.browser.test_accessibility import AXE, _describe, _violations

pytestmark = pytest.mark.browser

CLAIM = "Look at the money."


@pytest.fixture
def journey(live_server) -> tuple[int, int]:
    """The demo speech with a source on its claim, two editors, and a quorum of two."""
    with factories.seeding(live_server.app) as session:
        admin = factories.user(session, "admin@example.org", Role.ADMIN)
        factories.user(session, "second.editor@example.org", Role.EDITOR, display_name="Sam")
        factories.rating_scale(session)
        factories.setting(session, settings.APPROVAL_QUORUM, 2, actor=admin)
        speech = factories.demo_speech(session)
        claim = session.scalar(select(Claim).where(Claim.text.startswith(CLAIM)))
        reviewer = session.scalar(select(User).where(User.email == "reviewer@example.org"))
        factories.source(session, claim, reviewer, title="AI Index Report")
        return speech.id, claim.id


def test_send_back_resubmit_approve_twice_publish_and_correct(
    live_server, browser, journey: tuple[int, int], screenshot_dir
) -> None:
    speech_id, claim_id = journey
    url = f"{live_server.url}/desk/speeches/{speech_id}/work?claim={claim_id}"
    contexts = [browser.new_context(viewport={"width": 1280, "height": 900}) for _ in range(3)]
    try:
        rita, eddie, sam = (context.new_page() for context in contexts)
        for tab, email in (
            (rita, "reviewer@example.org"),
            (eddie, "editor@example.org"),
            (sam, "second.editor@example.org"),
        ):
            tab.set_default_timeout(10_000)
            live_server.login(tab, email)

        # The reviewer submits a verdict; she sees its state, and no decision to take.
        rita.goto(url)
        expect(decision(rita)).to_contain_text("open")
        submit_verdict(rita, "Mostly true", "US private investment was far larger.")
        expect(decision(rita)).to_contain_text("submitted")
        expect(decision(rita).get_by_role("button", name="Approve")).to_have_count(0)

        # An editor sends it back, saying what to fix.
        eddie.goto(url)
        expect(decision(eddie)).to_contain_text("0 of 2")
        decision(eddie).get_by_text("Send back to the reviewer").click()
        eddie.get_by_label("What the reviewer should change").fill(
            "Give the figures: how much larger, and in which year?"
        )
        decision(eddie).get_by_role("button", name="Send back").click()
        expect(eddie.locator(".flash-success")).to_contain_text("Sent back")
        expect(decision(eddie)).to_contain_text("sent back")

        # The reviewer reads the comment, fixes her verdict and submits it again.
        rita.goto(url)
        note = decision(rita).locator(".sent-back")
        expect(note).to_contain_text("Sent back by editor")
        expect(note).to_contain_text("how much larger, and in which year?")
        rita.set_viewport_size({"width": 390, "height": 844})
        decision(rita).screenshot(path=str(screenshot_dir / "decision-sent-back-390.png"))
        rita.set_viewport_size({"width": 1280, "height": 900})
        expect(rita.locator(".verdict-form")).to_contain_text("draft")
        submit_verdict(rita, "Mostly true", "In 2023 US private AI investment was $67bn.")
        expect(decision(rita)).to_contain_text("submitted")
        expect(decision(rita).locator(".sent-back")).to_have_count(0)

        # Two editors approve: the first vote waits for the second.
        eddie.goto(url)
        decision(eddie).get_by_text("Send back to the reviewer").click()
        decision(eddie).screenshot(path=str(screenshot_dir / "decision-submitted-1280.png"))
        eddie.set_viewport_size({"width": 390, "height": 844})
        decision(eddie).screenshot(path=str(screenshot_dir / "decision-submitted-390.png"))
        eddie.set_viewport_size({"width": 1280, "height": 900})
        eddie.get_by_label("Why you approve").fill("The AI Index gives $67.2bn for 2023.")
        decision(eddie).get_by_role("button", name="Approve").click()
        expect(eddie.locator(".flash-success")).to_contain_text("1 of 2; 1 more editor")
        expect(decision(eddie)).to_contain_text("You have approved this version")
        sam.goto(url)
        expect(decision(sam)).to_contain_text("1 of 2")
        sam.get_by_label("Why you approve").fill("Checked against the report's chapter 4.")
        decision(sam).get_by_role("button", name="Approve").click()
        expect(sam.locator(".flash-success")).to_contain_text("Approved (2 of 2)")
        expect(decision(sam)).to_contain_text("approved")
        expect(decision(sam).locator(".votes li")).to_have_count(2)
        decision(sam).screenshot(path=str(screenshot_dir / "decision-approved-1280.png"))

        # Published; the reviewer then changes the rating, and an editor publishes a correction.
        decision(sam).get_by_role("button", name="Publish this check").click()
        expect(sam.locator(".flash-success")).to_contain_text("Published as version 1")
        rita.goto(url)
        expect(decision(rita)).to_contain_text("published")
        submit_verdict(
            rita, "True", "In 2023 US private AI investment was $67.2bn, 12 times the EU's."
        )
        eddie.goto(url)
        decision(eddie).get_by_text("Publish a correction").click()
        eddie.get_by_label("Public correction note").fill(
            "We rated this Mostly true; the figures bear it out in full, so it is now True."
        )
        decision(eddie).get_by_role("button", name="Publish the correction").click()
        expect(eddie.locator(".flash-success")).to_contain_text("Correction published as version 2")
        versions = decision(eddie).locator(".publication")
        expect(versions).to_have_count(2)
        expect(versions.first).to_contain_text("Corrected on")
        expect(versions.first).to_contain_text("so it is now True.")
        decision(eddie).screenshot(path=str(screenshot_dir / "decision-corrected-1280.png"))

        # The same section on a phone.
        eddie.set_viewport_size({"width": 390, "height": 844})
        eddie.reload()
        section = decision(eddie)
        expect(section).to_be_visible()
        width = section.evaluate("node => node.scrollWidth - node.clientWidth")
        assert width <= 0, "the decision section scrolls sideways on a phone"
        section.screenshot(path=str(screenshot_dir / "decision-corrected-390.png"))

        # The corrections log lists it, for every member of staff.
        rita.goto(f"{live_server.url}/desk/corrections")
        log = rita.locator("table.corrections")
        expect(log).to_contain_text("so it is now True.")
        expect(log).to_contain_text("Look at the money.")
        rita.set_viewport_size({"width": 390, "height": 844})
        rita.screenshot(path=str(screenshot_dir / "corrections-log-390.png"), full_page=True)
    finally:
        for context in contexts:
            context.close()

    with live_server.app.app_context():
        claim = db.session.get(Claim, claim_id)
        assert workflow.current_state(db.session, claim) is ClaimState.PUBLISHED
        kinds = db.session.scalars(
            select(Publication.kind)
            .where(Publication.claim_id == claim_id)
            .order_by(Publication.number)
        ).all()
        assert kinds == [PublicationKind.FIRST, PublicationKind.CORRECTION]
        assert len(db.session.scalars(select(ApprovalVote)).all()) == 2


def test_the_decision_section_has_no_serious_accessibility_violation(
    live_server, browser, journey: tuple[int, int]
) -> None:
    if not AXE.exists():
        pytest.skip(f"{AXE} is absent: `make test` installs it with npm (package.json)")
    speech_id, claim_id = journey
    with factories.seeding(live_server.app) as session:
        claim = session.get(Claim, claim_id)
        reviewer = session.scalar(select(User).where(User.email == "reviewer@example.org"))
        editors = session.scalars(select(User).where(User.role == Role.EDITOR)).all()
        factories.verdict(session, claim, reviewer, "False", submit=True)
        factories.approval(session, claim, editors[0])
        factories.approval(session, claim, editors[1])
        factories.publication(session, claim, editors[0])
    context = browser.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True)
    page = context.new_page()
    try:
        live_server.login(page, "editor@example.org")
        failures = []
        for path in (f"/desk/speeches/{speech_id}/work?claim={claim_id}", "/desk/corrections"):
            page.goto(f"{live_server.url}{path}")
            failures.append(_describe(path, _violations(page, AXE.read_text(encoding="utf-8"))))
        assert not "".join(failures), "\n".join(failures)
    finally:
        context.close()
