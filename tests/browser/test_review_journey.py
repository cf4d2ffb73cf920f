"""The reviewer's day in a real browser: fix the split, add a source, give a verdict with the
keyboard, see it in the history; and two people editing the same claim."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from factcheck.extensions import db
from factcheck.models import Claim, Source, Verdict, VerdictStatus
from tests import factories
from tests.browser.support import claim_id_starting

pytestmark = pytest.mark.browser


@pytest.fixture
def speech_id(live_server) -> int:
    with factories.seeding(live_server.app) as session:
        factories.rating_scale(session)
        return factories.demo_speech(session).id


def panel_quote(page: Page):
    return page.locator(".claim-panel mark.quote")


def test_fix_the_split_add_a_source_and_give_a_verdict_with_the_keyboard(
    live_server, page: Page, speech_id: int, screenshot_dir
) -> None:
    live_server.login(page, "reviewer@example.org")
    page.goto(f"{live_server.url}/desk/speeches/{speech_id}")
    page.get_by_role("link", name="Open the workspace").click()
    expect(page.locator(".queue")).to_be_visible()

    # Choose claim 6 from the queue, then merge it with the next one ("e" unfolds the tools).
    page.locator(".queue a", has_text="GPT-3 was released in 2020").click()
    expect(panel_quote(page)).to_have_text(
        "GPT-3 was released in 2020 and ChatGPT followed in 2022."
    )
    page.keyboard.press("e")
    page.get_by_role("button", name="Merge with the next claim").click()
    expect(panel_quote(page)).to_contain_text("followed in 2022. Within two years of each release")

    # Split it back where the second sentence starts, by clicking into the transcript there.
    page.wait_for_load_state()  # the merge reloaded the page: its script listens once loaded
    page.evaluate(
        """() => {
            const mark = document.querySelector('#transcript mark.selected');
            const text = mark.firstChild;
            const at = text.data.indexOf('Within two years');
            const range = document.createRange();
            range.setStart(text, at);
            range.collapse(true);
            const selection = window.getSelection();
            selection.removeAllRanges();
            selection.addRange(range);
            mark.dispatchEvent(new MouseEvent('mouseup', {bubbles: true}));
        }"""
    )
    split_at = page.get_by_label("Split before character")
    expect(split_at).to_have_class(re.compile("filled"))
    # Before submitting, the reviewer sees what the two parts would be, beside the text (and in
    # the folded form).
    bar = page.locator("#selection-bar")
    for preview in (bar, page.locator('[data-preview="split"]')):
        expect(preview).to_contain_text("First part: “GPT-3 was released in 2020")
        expect(preview).to_contain_text("second part: “Within two years")
    expect(bar).to_be_visible()
    bar.screenshot(path=str(screenshot_dir / "split-preview.png"))
    bar.get_by_role("button", name="Split here").click()
    expect(panel_quote(page)).to_have_text(
        "GPT-3 was released in 2020 and ChatGPT followed in 2022."
    )
    expect(page.locator(".flash-success")).to_contain_text("Split in two")

    # Add a source: "s" jumps to its URL field.
    page.wait_for_load_state()  # the shortcuts exist once the scripts have run
    page.locator("body").press("s")
    expect(page.locator('[data-key="s"]')).to_be_focused()
    page.keyboard.type("https://openai.com/index/chatgpt/")
    page.get_by_label("Title").last.fill("Introducing ChatGPT")
    page.get_by_label("Publisher").last.fill("OpenAI")
    page.get_by_label("Quoted excerpt").last.fill("We’ve trained a model called ChatGPT")
    # Nothing is chosen for the reviewer: without a stance the browser keeps the form.
    page.get_by_role("button", name="Add source").click()
    expect(page.locator(".claim-panel")).not_to_contain_text("Introducing ChatGPT")
    page.get_by_label("Stance").last.select_option("supports")
    page.get_by_label("Kind").last.select_option("primary_data")
    page.get_by_role("button", name="Add source").click()
    expect(page.locator(".claim-panel")).to_contain_text("Introducing ChatGPT")

    # A verdict with the keyboard only: v, arrow to a rating, tab to the conclusion, submit.
    page.wait_for_load_state()  # the shortcuts exist once the scripts have run
    page.locator("body").press("v")
    rating = page.locator('[data-key="v"]')
    expect(rating).to_be_focused()
    rating.press("ArrowDown")
    page.keyboard.press("Tab")  # past "What the ratings mean"
    page.keyboard.press("Tab")
    expect(page.get_by_label("Conclusion")).to_be_focused()
    page.keyboard.type("Both launch years match the companies' own announcements.")
    submit = page.get_by_role("button", name="Submit verdict")
    submit.focus()
    page.keyboard.press("Enter")
    verdicts = page.locator(".claim-panel").get_by_text(
        "Both launch years match the companies' own announcements."
    )
    expect(verdicts.first).to_be_visible()

    # The history tells the story of the claim.
    history = page.locator(".history")
    expect(history).to_contain_text("claim: merge")
    expect(history).to_contain_text("claim: split")
    expect(history).to_contain_text("source")
    expect(history).to_contain_text("verdict")
    page.screenshot(path=str(screenshot_dir / "workspace-journey.png"), full_page=True)

    claim_id = claim_id_starting(live_server, "GPT-3 was released")
    with live_server.app.app_context():
        verdict = db.session.scalars(select(Verdict).where(Verdict.claim_id == claim_id)).one()
        assert verdict.status is VerdictStatus.SUBMITTED
        assert verdict.conclusion.startswith("Both launch years")
        sources = db.session.scalars(select(Source).where(Source.claim_id == claim_id)).all()
        assert [s.title for s in sources] == ["Introducing ChatGPT"]


def test_keyboard_moves_through_the_queue_and_shows_the_shortcuts(
    live_server, page: Page, speech_id: int
) -> None:
    with live_server.app.app_context():
        ids = db.session.scalars(
            select(Claim.id).where(Claim.speech_id == speech_id).order_by(Claim.start)
        ).all()
    live_server.login(page, "reviewer@example.org")
    page.goto(f"{live_server.url}/desk/speeches/{speech_id}/work")
    # The first span is the greeting: j starts at the first claim to check.
    page.wait_for_load_state()  # the shortcuts exist once the scripts have run
    page.locator("body").press("j")
    expect(page.locator(".claim-panel h2")).to_contain_text(f"Claim #{ids[1]}")
    page.locator("body").press("j")
    expect(page.locator(".claim-panel h2")).to_contain_text(f"Claim #{ids[2]}")
    page.locator("body").press("k")
    expect(page.locator(".claim-panel h2")).to_contain_text(f"Claim #{ids[1]}")
    page.locator("body").press("k")
    expect(page.locator(".claim-panel h2")).to_contain_text(f"Claim #{ids[0]}")
    # At either end of the queue, a key that cannot move says so.
    page.locator("body").press("k")
    expect(page.get_by_role("status").filter(has_text="first claim")).to_be_visible()
    page.locator("body").press("?")
    expect(page.get_by_role("dialog")).to_be_visible()
    expect(page.get_by_role("dialog")).to_contain_text("next / previous claim")
    expect(page.get_by_role("dialog")).to_contain_text("click or Enter on a highlighted claim")


def test_two_people_edit_the_same_claim_and_the_second_sees_a_conflict(
    live_server, browser, speech_id: int, screenshot_dir
) -> None:
    claim_id = claim_id_starting(live_server, "Look at the money.")
    url = f"{live_server.url}/desk/speeches/{speech_id}/work?claim={claim_id}"
    contexts = [browser.new_context(viewport={"width": 1280, "height": 900}) for _ in range(2)]
    try:
        rita, eddie = (context.new_page() for context in contexts)
        live_server.login(rita, "reviewer@example.org")
        live_server.login(eddie, "editor@example.org")
        for tab in (rita, eddie):
            tab.goto(url)
            expect(panel_quote(tab)).to_have_text("Look at the money.")

        for tab in (rita, eddie):
            tab.get_by_role("heading", name="Fix the split").click()
        rita.get_by_label("Claim as checked").fill("US private AI investment vs the EU")
        rita.get_by_role("button", name="Save wording").click()
        expect(rita.locator(".claim-panel")).to_contain_text("US private AI investment vs the EU")

        eddie.get_by_label("Claim as checked").fill("Money")
        eddie.get_by_role("button", name="Save wording").click()
        conflict = eddie.locator("#conflict")
        expect(conflict).to_be_visible()
        expect(conflict).to_contain_text("Not saved")
        expect(conflict).to_contain_text("US private AI investment vs the EU")
        expect(conflict).to_contain_text("reviewer")
        eddie.screenshot(path=str(screenshot_dir / "workspace-conflict.png"), full_page=True)
        # The address bar shows the workspace, not the form's address: reloading sends nothing.
        assert "/restate" not in eddie.url
        assert f"/work?claim={claim_id}" in eddie.url
        eddie.reload()
        expect(eddie.locator("#conflict")).to_have_count(0)
        expect(eddie.locator(".claim-panel")).to_contain_text("US private AI investment vs the EU")
    finally:
        for context in contexts:
            context.close()
    with live_server.app.app_context():
        assert db.session.get(Claim, claim_id).restatement == "US private AI investment vs the EU"


def test_a_verdict_is_not_saved_on_words_its_author_did_not_see(
    live_server, browser, speech_id: int, screenshot_dir
) -> None:
    claim_id = claim_id_starting(live_server, "GPT-3 was released")
    url = f"{live_server.url}/desk/speeches/{speech_id}/work?claim={claim_id}"
    contexts = [browser.new_context(viewport={"width": 1280, "height": 900}) for _ in range(2)]
    try:
        rita, eddie = (context.new_page() for context in contexts)
        live_server.login(rita, "reviewer@example.org")
        live_server.login(eddie, "editor@example.org")
        for tab in (rita, eddie):
            tab.goto(url)
        # Rita saves a draft; Eddie, from a page opened before, trims the claim to its first part.
        rita.wait_for_load_state()  # the shortcuts exist once the scripts have run
        rita.locator("body").press("v")
        rita.locator('[data-key="v"]').press("ArrowDown")
        rita.get_by_label("Conclusion").fill("Released in 2020: right.")
        rita.get_by_role("button", name="Save draft").click()
        expect(rita.locator(".verdict-card")).to_contain_text("Released in 2020: right.")
        eddie.get_by_role("heading", name="Fix the split").click()
        start = eddie.get_by_label("Start", exact=True)
        end = eddie.get_by_label("End", exact=True)
        end.fill(str(int(start.input_value()) + len("GPT-3 was released in 2020")))
        eddie.get_by_role("button", name="Trim or extend").click()
        expect(panel_quote(eddie)).to_have_text("GPT-3 was released in 2020")

        # Rita's draft now says the claim changed; submitting from her old page is refused.
        rita.get_by_label("Conclusion").fill("Submitted on the old words.")
        rita.get_by_role("button", name="Submit verdict").click()
        conflict = rita.locator("#conflict")
        expect(conflict).to_contain_text("changed the claim's words after you opened it")
        expect(rita.locator(".changed-since")).to_contain_text(
            "Was: GPT-3 was released in 2020 and ChatGPT followed in 2022."
        )
        rita.screenshot(path=str(screenshot_dir / "workspace-verdict-words.png"), full_page=True)
        # The page shows the new words now: saving again stamps them, and the notice goes.
        rita.get_by_role("button", name="Save draft").click()
        expect(rita.locator(".verdict-card")).to_contain_text("Submitted on the old words.")
        expect(rita.locator(".changed-since")).to_have_count(0)
    finally:
        for context in contexts:
            context.close()
    with live_server.app.app_context():
        verdict = db.session.scalar(select(Verdict).where(Verdict.claim_id == claim_id))
        assert verdict.claim_text == "GPT-3 was released in 2020"
        assert verdict.conclusion == "Submitted on the old words."


def test_withdrawing_a_verdict_asks_first(live_server, page: Page, speech_id: int) -> None:
    live_server.login(page, "reviewer@example.org")
    claim_id = claim_id_starting(live_server, "GPT-3 was released")
    page.goto(f"{live_server.url}/desk/speeches/{speech_id}/work?claim={claim_id}")
    page.locator("body").press("v")
    page.locator('[data-key="v"]').press("ArrowDown")
    page.get_by_label("Conclusion").fill("A draft to take back.")
    page.get_by_role("button", name="Save draft").click()
    withdraw = page.get_by_role("button", name="Withdraw my verdict")
    expect(withdraw).to_be_visible()
    page.wait_for_load_state()  # the new page's scripts ask before withdrawing

    asked: list[str] = []
    page.once("dialog", lambda dialog: (asked.append(dialog.message), dialog.dismiss()))
    withdraw.click()
    expect(withdraw).to_be_visible()  # said no: nothing happened
    assert asked
    assert asked[0].startswith("Withdraw your verdict?")
    page.once("dialog", lambda dialog: dialog.accept())
    withdraw.click()
    expect(page.get_by_role("button", name="Withdraw my verdict")).to_have_count(0)
    expect(page.locator(".history")).to_contain_text("verdict: withdraw")
    with live_server.app.app_context():
        assert not db.session.scalars(select(Verdict).where(Verdict.claim_id == claim_id)).all()


@pytest.mark.parametrize("width", [375, 1280])
def test_after_a_change_its_message_and_the_claim_are_in_view(
    live_server, browser, speech_id: int, width: int, screenshot_dir
) -> None:
    context = browser.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    page.set_default_timeout(10_000)
    try:
        live_server.login(page, "reviewer@example.org")
        claim_id = claim_id_starting(live_server, "GPT-3 was released in 2020")
        page.goto(f"{live_server.url}/desk/speeches/{speech_id}/work?claim={claim_id}")
        # Nothing is wider than the screen (the header wraps on a phone).
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        page.get_by_label("Add a note").fill("Compare with the release dates on openai.com.")
        page.get_by_role("button", name="Add note").click()
        message = page.locator(".flash", has_text="Note added")
        expect(message).to_be_in_viewport()
        # On a phone the selected claim comes before the queue, not thousands of pixels below it.
        expect(page.locator(".claim-panel h2")).to_be_in_viewport()
        page.screenshot(path=str(screenshot_dir / f"workspace-after-a-note-{width}.png"))
    finally:
        context.close()


def test_a_skip_link_leads_the_keyboard_to_the_selected_claim(
    live_server, page: Page, speech_id: int
) -> None:
    live_server.login(page, "reviewer@example.org")
    claim_id = claim_id_starting(live_server, "GPT-3 was released in 2020")
    page.goto(f"{live_server.url}/desk/speeches/{speech_id}/work?claim={claim_id}")
    page.keyboard.press("Tab")  # Skip to content
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to the selected claim")
    expect(skip).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("#panel")).to_be_focused()
    page.keyboard.press("Tab")  # the next stop is inside the panel
    assert page.evaluate("document.activeElement.closest('#panel') !== null")
