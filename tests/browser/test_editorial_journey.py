"""The whole editorial process in a real browser, each step taken by the right person in a browser
of their own: the admin invites a reviewer, who chooses a password and logs in; an editor assigns
her a claim, which she finds in her queue; she submits a verdict with a source; an editor sends it
back and she fixes it; a second reviewer gives an independent verdict without seeing hers; two
editors approve; the check is published, then corrected, and the corrections log lists it. After
each step the page and the database are checked, and screenshots are left of the key pages."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Locator, Page, expect
from sqlalchemy import select

from factcheck.extensions import db
from factcheck.models import (
    AccountLink,
    AccountLinkPurpose,
    ApprovalVote,
    Assignment,
    Claim,
    ClaimState,
    Note,
    Publication,
    PublicationKind,
    Role,
    Source,
    User,
    Verdict,
    VerdictStatus,
)
from factcheck.queries.blind import blind_to
from factcheck.services import settings, workflow
from tests import factories
from tests.browser.support import claim_id_starting, decision, submit_verdict

pytestmark = pytest.mark.browser

CLAIM = "Private investment in AI in the United States was more than eight times higher"
NOVA = "nova@example.org"
NOVA_PASSWORD = "seven lanterns over the quiet harbour"

# What the first reviewer leaves on the claim, which the second must not see before submitting.
FIRST_SOURCE = "AI Index Report 2024, chapter 4"
FIRST_NOTE = "The Index counts private investment only; state funding is elsewhere."
FIRST_CONCLUSION = "In 2023 US private AI investment was $67.2bn against the EU's $11bn or so."
SENT_BACK = "Say which year, and whether the EU figure includes the United Kingdom."


@pytest.fixture
def speech_id(live_server) -> int:
    """The demo speech, the rating scale, an admin, a second editor and a second reviewer; the
    editors' quorum is two."""
    with factories.seeding(live_server.app) as session:
        admin = factories.user(session, "admin@example.org", Role.ADMIN, display_name="Ada Admin")
        factories.user(session, "second.editor@example.org", Role.EDITOR, display_name="Sam")
        factories.user(session, "cy@example.org", display_name="Cy Second")
        factories.rating_scale(session)
        factories.setting(session, settings.APPROVAL_QUORUM, 2, actor=admin)
        return factories.demo_speech(session).id


@pytest.fixture
def tabs(browser: Browser) -> Iterator[Callable[[], Page]]:
    """Opens a tab in a browser context of its own: one per person, as on their own machines."""
    contexts: list[BrowserContext] = []

    def open_tab() -> Page:
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        contexts.append(context)
        tab = context.new_page()
        tab.set_default_timeout(10_000)
        return tab

    yield open_tab
    for context in contexts:
        context.close()


def add_source(page: Page, url: str, title: str) -> None:
    form = page.locator(".claim-panel details.add")
    form.get_by_label("URL").fill(url)
    form.get_by_label("Title").fill(title)
    form.get_by_label("Stance").select_option("supports")
    form.get_by_label("Kind").select_option("primary_data")
    form.get_by_role("button", name="Add source").click()
    expect(page.locator(".flash-success")).to_contain_text("Source added.")


def panel(page: Page) -> Locator:
    return page.locator(".claim-panel")


def panel_screenshot(page: Page, path: Path) -> None:
    """The whole claim panel: the workspace's panes scroll inside a window's height, so the window
    is made tall enough for all of it first."""
    page.set_viewport_size({"width": 1280, "height": 3200})
    panel(page).screenshot(path=str(path))
    page.set_viewport_size({"width": 1280, "height": 900})


def state(live_server, claim_id: int) -> ClaimState:
    with live_server.app.app_context():
        return workflow.current_state(db.session, db.session.get(Claim, claim_id))


def verdicts(live_server, claim_id: int) -> dict[str, tuple[str, str, VerdictStatus]]:
    """The claim's verdicts by their author's e-mail: rating, conclusion, status."""
    with live_server.app.app_context():
        return {
            v.author.email: (v.rating_label, v.conclusion, v.status)
            for v in db.session.scalars(select(Verdict).where(Verdict.claim_id == claim_id))
        }


def test_invite_assign_review_send_back_second_review_approve_publish_correct(
    live_server, tabs, speech_id: int, screenshot_dir
) -> None:
    claim_id = claim_id_starting(live_server, CLAIM)
    work_url = f"{live_server.url}/desk/speeches/{speech_id}/work?claim={claim_id}"
    board_url = f"{live_server.url}/desk/speeches/{speech_id}/board"
    admin, nova, eddie, sam, cy = (tabs() for _ in range(5))

    # 1. The admin invites a reviewer from Admin -> People, leaving the password empty.
    live_server.login(admin, "admin@example.org")
    admin.get_by_role("link", name="Admin", exact=True).click()
    admin.get_by_role("link", name="People", exact=True).click()
    admin.get_by_label("E-mail", exact=True).fill(NOVA)
    admin.get_by_label("Name", exact=True).fill("Nova Reviewer")
    admin.get_by_label("Role", exact=True).select_option("reviewer")
    admin.get_by_role("button", name="Add", exact=True).click()
    shown = admin.locator("#new-link")
    expect(shown).to_contain_text("Invitation for Nova Reviewer")
    expect(shown).to_contain_text("expires")
    link = admin.get_by_label("Link").input_value()
    assert link.startswith(f"{live_server.url}/password/")
    admin.screenshot(path=str(screenshot_dir / "editorial-1-invitation.png"), full_page=True)
    with live_server.app.app_context():
        person = db.session.scalar(select(User).where(User.email == NOVA))
        assert (person.role, person.active) == (Role.REVIEWER, True)
        invitation = db.session.scalars(
            select(AccountLink).where(AccountLink.user_id == person.id)
        ).one()
        assert invitation.purpose is AccountLinkPurpose.INVITE
        assert invitation.used_at is None
        assert invitation.expires_at - invitation.created_at == timedelta(days=7)
        assert link.rsplit("/", 1)[1] != invitation.token_hash  # only a hash is stored

    # The reviewer opens the link in her own browser, chooses a password and logs in with it.
    nova.goto(link)
    expect(nova.get_by_role("heading", name="Welcome, Nova Reviewer")).to_be_visible()
    nova.get_by_label("New password", exact=True).fill(NOVA_PASSWORD)
    nova.get_by_label("New password again").fill(NOVA_PASSWORD)
    nova.screenshot(path=str(screenshot_dir / "editorial-1-set-password.png"), full_page=True)
    nova.get_by_role("button", name="Set the password").click()
    expect(nova.locator(".flash-success")).to_contain_text("Your password is set, Nova Reviewer.")
    live_server.login(nova, NOVA, NOVA_PASSWORD)
    expect(nova.get_by_title("Your account")).to_contain_text("Nova Reviewer")
    with live_server.app.app_context():
        assert db.session.get(AccountLink, invitation.id).used_at is not None
        assert db.session.get(User, person.id).last_login_at is not None
    nova.goto(link)  # the link works once
    expect(nova.get_by_role("heading", name="This link no longer works")).to_be_visible()

    # 2. An editor assigns her the claim from the speech's board; she finds it in her queue.
    live_server.login(eddie, "editor@example.org")
    eddie.goto(f"{live_server.url}/desk/speeches/{speech_id}")
    eddie.get_by_role("link", name="Board and assignments").click()
    eddie.get_by_label(f"Choose claim #{claim_id}").check()
    eddie.get_by_label("Nova Reviewer", exact=True).check()
    eddie.get_by_role("button", name="Assign", exact=True).click()
    expect(eddie.locator(".flash-success")).to_have_text(
        f"Assigned claim #{claim_id} to Nova Reviewer."
    )
    expect(eddie.locator(f"#claim-{claim_id}")).to_contain_text("Nova Reviewer")
    with live_server.app.app_context():
        made = db.session.scalars(select(Assignment).where(Assignment.claim_id == claim_id)).one()
        assert (made.reviewer.email, made.second) == (NOVA, False)

    nova.goto(f"{live_server.url}/desk/")
    nova.get_by_role("link", name="My queue (1)").click()
    item = nova.locator(".work-item")
    expect(item).to_have_count(1)
    expect(item).to_contain_text(CLAIM)
    nova.screenshot(path=str(screenshot_dir / "editorial-2-queue.png"), full_page=True)
    item.get_by_role("link", name="Open in the workspace").click()
    expect(nova).to_have_url(work_url)
    expect(panel(nova).locator("mark.quote")).to_contain_text(CLAIM)

    # 3. She adds a source (one is needed before submitting) and a note, and submits a verdict.
    expect(panel(nova)).to_contain_text("Submitting needs at least 1 source; this claim has 0.")
    add_source(nova, "https://aiindex.stanford.edu/report/", FIRST_SOURCE)
    nova.get_by_label("Add a note").fill(FIRST_NOTE)
    nova.get_by_role("button", name="Add note").click()
    expect(nova.locator(".flash-success")).to_contain_text("Note added.")
    submit_verdict(nova, "Mostly true", "US private investment in AI was far larger.")
    expect(decision(nova)).to_contain_text("submitted")
    expect(decision(nova).get_by_role("button", name="Approve")).to_have_count(0)
    assert state(live_server, claim_id) is ClaimState.SUBMITTED
    assert verdicts(live_server, claim_id) == {
        NOVA: (
            "Mostly true",
            "US private investment in AI was far larger.",
            VerdictStatus.SUBMITTED,
        )
    }
    with live_server.app.app_context():
        assert db.session.scalars(
            select(Source.title).where(Source.claim_id == claim_id)
        ).all() == [FIRST_SOURCE]
        assert db.session.scalars(select(Note.body).where(Note.claim_id == claim_id)).all() == [
            FIRST_NOTE
        ]

    # 4. An editor sends it back with a comment; she reads it, fixes the verdict, submits again.
    eddie.goto(work_url)
    expect(decision(eddie)).to_contain_text("0 of 2")
    decision(eddie).get_by_text("Send back to the reviewer").click()
    eddie.get_by_label("What the reviewer should change").fill(SENT_BACK)
    decision(eddie).get_by_role("button", name="Send back").click()
    expect(eddie.locator(".flash-success")).to_contain_text("Sent back")
    assert state(live_server, claim_id) is ClaimState.SENT_BACK
    assert verdicts(live_server, claim_id)[NOVA][2] is VerdictStatus.DRAFT

    nova.goto(f"{live_server.url}/desk/queue")
    expect(nova.locator(".sent-back-note")).to_contain_text(SENT_BACK)
    nova.locator(".work-item").get_by_role("link", name="Open in the workspace").click()
    note = decision(nova).locator(".sent-back")
    expect(note).to_contain_text("Sent back by editor")
    expect(note).to_contain_text(SENT_BACK)
    panel_screenshot(nova, screenshot_dir / "editorial-4-sent-back.png")
    expect(nova.locator(".verdict-form")).to_contain_text("draft")
    submit_verdict(nova, "Mostly true", FIRST_CONCLUSION)
    expect(decision(nova)).to_contain_text("submitted")
    expect(decision(nova).locator(".sent-back")).to_have_count(0)
    assert state(live_server, claim_id) is ClaimState.SUBMITTED
    assert verdicts(live_server, claim_id) == {
        NOVA: ("Mostly true", FIRST_CONCLUSION, VerdictStatus.SUBMITTED)
    }

    # 5. An editor asks a second reviewer for an independent second review.
    eddie.goto(board_url)
    eddie.get_by_label(f"Choose claim #{claim_id}").check()
    eddie.get_by_label("Cy Second", exact=True).check()
    eddie.get_by_label("Independent second review").check()
    eddie.get_by_role("button", name="Assign", exact=True).click()
    expect(eddie.locator(".flash-success")).to_have_text(
        f"Assigned claim #{claim_id} to Cy Second for an independent second review."
    )
    expect(eddie.locator(f"#claim-{claim_id} .badge.second")).to_have_text("second review")
    eddie.screenshot(path=str(screenshot_dir / "editorial-5-board.png"), full_page=True)
    with live_server.app.app_context():
        second = db.session.scalars(
            select(Assignment).where(Assignment.claim_id == claim_id, Assignment.second)
        ).one()
        assert second.reviewer.email == "cy@example.org"

    # The second reviewer works blind: nothing of the first verdict, its sources or notes.
    live_server.login(cy, "cy@example.org")
    cy.get_by_role("link", name="My queue (1)").click()
    expect(cy.locator(".work-item .badge.second")).to_have_text("independent second review")
    cy.locator(".work-item").get_by_role("link", name="Open in the workspace").click()
    expect(cy).to_have_url(work_url)
    cy.wait_for_load_state()
    expect(panel(cy).locator(".notice.blind")).to_be_visible()
    hidden = (FIRST_CONCLUSION, FIRST_SOURCE, FIRST_NOTE, SENT_BACK, "Nova Reviewer")
    for text in hidden:
        expect(cy.locator("body")).not_to_contain_text(text)
    expect(cy.locator(".verdict-card")).to_have_count(0)
    expect(decision(cy)).to_have_count(0)  # it would show the verdict up for approval
    expect(cy.locator(f'a.t-num[data-claim="{claim_id}"] .t-rating')).to_have_count(0)
    expect(cy.locator('select[name="rating"]')).to_have_value("")
    expect(panel(cy).locator(".sources .source")).to_have_count(0)
    panel_screenshot(cy, screenshot_dir / "editorial-5-blind.png")
    add_source(cy, "https://oecd.ai/en/data", "OECD.AI venture capital investments in AI")
    for text in hidden:
        expect(cy.locator("body")).not_to_contain_text(text)
    expect(panel(cy).locator(".sources .source")).to_have_count(1)
    with live_server.app.app_context():
        assert blind_to(db.session, second.reviewer_id, [claim_id]) == {claim_id}

    # Once submitted, the first verdict, its source and the note are in view.
    submit_verdict(cy, "Mostly true", "About eight times: $67.2bn against some $8bn in 2023.")
    expect(panel(cy).locator(".notice.blind")).to_have_count(0)
    cards = cy.locator(".verdict-card")
    expect(cards).to_have_count(2)
    expect(cards.filter(has_text="Nova Reviewer")).to_contain_text(FIRST_CONCLUSION)
    expect(cards.filter(has_text="Nova Reviewer")).to_contain_text("Mostly true")
    expect(panel(cy).locator(".sources")).to_contain_text(FIRST_SOURCE)
    expect(panel(cy).locator(".notes")).to_contain_text(FIRST_NOTE)
    expect(decision(cy)).to_contain_text("Up for approval")
    panel_screenshot(cy, screenshot_dir / "editorial-5-after-submitting.png")
    with live_server.app.app_context():
        assert blind_to(db.session, second.reviewer_id, [claim_id]) == set()
    assert {email: v[0] for email, v in verdicts(live_server, claim_id).items()} == {
        NOVA: "Mostly true",
        "cy@example.org": "Mostly true",
    }
    assert state(live_server, claim_id) is ClaimState.SUBMITTED

    # 6. Two editors approve (the verdicts agree), and the check is published.
    live_server.login(sam, "second.editor@example.org")
    eddie.goto(work_url)
    expect(decision(eddie)).to_contain_text("0 of 2")
    expect(decision(eddie).locator(".notice")).to_have_count(0)  # no disagreement
    eddie.get_by_label("Why you approve").fill("Both reviewers find about eight times, for 2023.")
    decision(eddie).get_by_role("button", name="Approve").click()
    expect(eddie.locator(".flash-success")).to_contain_text("1 of 2; 1 more editor")
    assert state(live_server, claim_id) is ClaimState.SUBMITTED
    sam.goto(work_url)
    expect(decision(sam)).to_contain_text("1 of 2")
    sam.get_by_label("Why you approve").fill("The AI Index and the OECD figures agree.")
    decision(sam).get_by_role("button", name="Approve").click()
    expect(sam.locator(".flash-success")).to_contain_text("Approved (2 of 2)")
    expect(decision(sam).locator(".votes li")).to_have_count(2)
    decision(sam).screenshot(path=str(screenshot_dir / "editorial-6-approved.png"))
    assert state(live_server, claim_id) is ClaimState.APPROVED
    decision(sam).get_by_role("button", name="Publish this check").click()
    expect(sam.locator(".flash-success")).to_contain_text("Published as version 1")
    assert state(live_server, claim_id) is ClaimState.PUBLISHED

    # Corrected: the published verdict's author fixes its conclusion; an editor publishes that.
    cy.goto(work_url)
    expect(decision(cy)).to_contain_text("published")
    submit_verdict(cy, "Mostly true", "About eight times: $67.2bn against $8.0bn in 2023.")
    eddie.goto(work_url)
    decision(eddie).get_by_text("Publish a correction").click()
    eddie.get_by_label("Public correction note").fill(
        "We gave the EU's 2023 figure as some $8bn; it was $8.0bn."
    )
    decision(eddie).get_by_role("button", name="Publish the correction").click()
    expect(eddie.locator(".flash-success")).to_contain_text("Correction published as version 2")
    expect(decision(eddie).locator(".publication").first).to_contain_text("Corrected on")

    # The corrections log lists it, for every member of staff.
    nova.goto(f"{live_server.url}/desk/corrections")
    log = nova.locator("table.corrections")
    expect(log).to_contain_text("it was $8.0bn.")
    expect(log).to_contain_text(CLAIM)
    nova.screenshot(path=str(screenshot_dir / "editorial-6-corrections.png"), full_page=True)

    with live_server.app.app_context():
        claim = db.session.get(Claim, claim_id)
        assert workflow.current_state(db.session, claim) is ClaimState.PUBLISHED
        published = db.session.scalars(
            select(Publication).where(Publication.claim_id == claim_id).order_by(Publication.number)
        ).all()
        assert [p.kind for p in published] == [PublicationKind.FIRST, PublicationKind.CORRECTION]
        assert published[1].note == "We gave the EU's 2023 figure as some $8bn; it was $8.0bn."
        assert published[1].content["verdict"]["conclusion"].endswith("$8.0bn in 2023.")
        voters = db.session.scalars(
            select(User.email).join(ApprovalVote, ApprovalVote.editor_id == User.id)
        ).all()
        assert sorted(voters) == ["editor@example.org", "second.editor@example.org"]
