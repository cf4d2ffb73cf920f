"""The claim panel in a real browser: the verdict first and the tools to fix the split folded (a key
opens them, a refused change shows them open), the bar beside a selection in the transcript, and
single-key shortcuts that can be turned off or given other keys (WCAG 2.1.4)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from factcheck.extensions import db
from factcheck.models import Claim, Role
from tests import factories

pytestmark = pytest.mark.browser

CLAIM = "GPT-3 was released in 2020 and ChatGPT followed in 2022."


@pytest.fixture
def speech_id(live_server) -> int:
    with factories.seeding(live_server.app) as session:
        factories.rating_scale(session)
        return factories.demo_speech(session).id


def claim_ids(live_server, speech_id: int) -> list[int]:
    with live_server.app.app_context():
        return list(
            db.session.scalars(
                select(Claim.id).where(Claim.speech_id == speech_id).order_by(Claim.start)
            )
        )


def claim_id_of(live_server, text: str) -> int:
    with live_server.app.app_context():
        return db.session.scalar(select(Claim.id).where(Claim.text == text))


def open_claim(live_server, page: Page, speech_id: int, text: str = CLAIM) -> int:
    claim_id = claim_id_of(live_server, text)
    live_server.login(page, "reviewer@example.org")
    page.goto(f"{live_server.url}/desk/speeches/{speech_id}/work?claim={claim_id}")
    page.wait_for_load_state()  # the scripts run once the page is loaded
    return claim_id


def beside(page: Page, selected: dict) -> None:
    """The bar is just below the line where the selection ends, across from where it ends."""
    bar = box(page, "#selection-bar")
    assert 0 <= bar["y"] - (selected["y"] + selected["height"]) <= 24
    assert bar["x"] <= selected["end"] <= bar["x"] + bar["width"]


def box(page: Page, selector: str) -> dict:
    found = page.locator(selector).bounding_box()
    assert found is not None, f"{selector} is not displayed"
    return found


def select_in_claim(page: Page, words: str, length: int = 0) -> dict:
    """Select `length` characters of the selected claim in the transcript from `words` on (a click
    there when 0), as a reader's mouse would; return the box of its last line and where it ends."""
    return page.evaluate(
        """([words, length]) => {
            const mark = document.querySelector('#transcript mark.selected');
            const text = mark.firstChild;
            const at = text.data.indexOf(words);
            const range = document.createRange();
            range.setStart(text, at);
            range.setEnd(text, at + length);
            const selection = window.getSelection();
            selection.removeAllRanges();
            selection.addRange(range);
            mark.dispatchEvent(new MouseEvent('mouseup', {bubbles: true}));
            const rects = range.getClientRects();
            const r = rects[rects.length - 1];
            return {y: r.top, height: r.height, end: length ? r.right : r.left};
        }""",
        [words, length],
    )


def panel_h2(page: Page):
    return page.locator(".claim-panel h2")


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


def test_without_javascript_the_folded_tools_open_and_work(
    live_server, browser, speech_id: int
) -> None:
    context = browser.new_context(
        viewport={"width": 1280, "height": 800}, java_script_enabled=False
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    try:
        open_claim(live_server, page, speech_id)
        expect(page.locator("#selection-bar")).to_be_hidden()
        expect(page.get_by_role("button", name="Keyboard shortcuts")).to_be_hidden()
        page.get_by_role("heading", name="Fix the split").click()
        start = int(page.get_by_label("Start", exact=True).input_value())
        page.get_by_label("Split before character").fill(
            str(start + len("GPT-3 was released in 2020"))
        )
        page.get_by_role("button", name="Split", exact=True).click()
        expect(page.locator(".flash-success")).to_contain_text("Split in two")
        expect(page.locator(".claim-panel mark.quote")).to_have_text("GPT-3 was released in 2020")
    finally:
        context.close()


def test_a_refused_split_shows_the_tools_open_with_the_reason(
    live_server, page: Page, speech_id: int, screenshot_dir
) -> None:
    claim_id = claim_id_of(live_server, CLAIM)
    with factories.seeding(live_server.app) as session:
        editor = factories.user(session, "second-editor@example.org", Role.EDITOR)
        claim = session.get(Claim, claim_id)
        factories.source(session, claim, editor)
        factories.verdict(session, claim, editor, submit=True)
    open_claim(live_server, page, speech_id)
    select_in_claim(page, "and ChatGPT")
    page.locator("#selection-bar").get_by_role("button", name="Split here").click()

    fix = page.locator("details.fix-split")
    expect(fix).to_have_attribute("open", "")
    expect(fix.locator(".error")).to_contain_text("submitted verdict")
    split_at = page.get_by_label("Split before character")
    expect(split_at).to_be_visible()
    expect(split_at).to_be_focused()
    assert split_at.input_value() != ""  # what was sent is still there
    page.locator("#panel").screenshot(path=str(screenshot_dir / "panel-split-refused.png"))


def test_selecting_text_shows_what_it_would_do_beside_it(
    live_server, page: Page, speech_id: int, screenshot_dir
) -> None:
    open_claim(live_server, page, speech_id)
    bar = page.locator("#selection-bar")
    expect(bar).to_be_hidden()

    # A selection inside the claim: trim it to that, with the new claim beside the selection.
    selected = select_in_claim(page, "GPT-3 was released", len("GPT-3 was released in 2020"))
    expect(bar).to_be_visible()
    expect(bar).to_contain_text("New claim: “GPT-3 was released in 2020”")
    expect(bar.get_by_role("button", name="Trim to this")).to_be_visible()
    beside(page, selected)
    # Esc closes it; so does a click elsewhere in the transcript.
    page.keyboard.press("Escape")
    expect(bar).to_be_hidden()

    # A click inside the claim: split it there. Tab reaches the bar from the transcript.
    selected = select_in_claim(page, "and ChatGPT")
    expect(bar).to_contain_text("First part: “GPT-3 was released in 2020”")
    expect(bar).to_contain_text("second part: “and ChatGPT followed in 2022.”")
    beside(page, selected)
    page.screenshot(path=str(screenshot_dir / "panel-selection-bar.png"))
    page.locator(".ws-transcript").focus()
    page.keyboard.press("Tab")
    expect(bar.get_by_role("button", name="Split here")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator(".flash-success")).to_contain_text("Split in two")
    expect(page.locator(".claim-panel mark.quote")).to_have_text("GPT-3 was released in 2020")

    # "Adjust in the panel" opens the folded form, filled in and focused, in view.
    page.wait_for_load_state()
    select_in_claim(page, "released in")
    bar.get_by_role("button", name="Adjust in the panel").click()
    expect(bar).to_be_hidden()
    split_at = page.get_by_label("Split before character")
    expect(split_at).to_be_focused()
    expect(split_at).to_be_in_viewport()
    expect(page.locator('[data-preview="split"]')).to_contain_text(
        "second part: “released in 2020”"
    )


def test_shortcuts_can_be_turned_off(live_server, page: Page, speech_id: int) -> None:
    claim_id = open_claim(live_server, page, speech_id)
    page.locator("body").press("?")
    dialog = page.get_by_role("dialog")
    expect(dialog).to_contain_text("click or Enter on a highlighted claim")
    dialog.get_by_label("Single-key shortcuts on").uncheck()
    expect(dialog).to_contain_text("Shortcuts off.")
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()

    page.locator("body").press("j")
    page.locator("body").press("e")
    expect(panel_h2(page)).to_contain_text(f"Claim #{claim_id}")
    expect(page.locator("details.fix-split")).not_to_have_attribute("open", "")
    # No hint for a key that does nothing.
    expect(page.locator(".prev-next kbd").first).to_be_hidden()
    # Kept in this browser; the button still opens the list, to turn them on again.
    page.reload()
    page.wait_for_load_state()
    page.locator("body").press("j")
    expect(panel_h2(page)).to_contain_text(f"Claim #{claim_id}")
    page.get_by_role("button", name="Keyboard shortcuts").click()
    expect(dialog).to_contain_text("Single-key shortcuts are off")
    dialog.get_by_label("Single-key shortcuts on").check()
    page.keyboard.press("Escape")
    page.locator("body").press("j")
    expect(panel_h2(page)).not_to_contain_text(f"Claim #{claim_id}")


def test_a_key_can_be_changed_and_the_hints_show_it(
    live_server, page: Page, speech_id: int, screenshot_dir
) -> None:
    ids = claim_ids(live_server, speech_id)
    claim_id = open_claim(live_server, page, speech_id)
    page.locator("body").press("?")
    dialog = page.get_by_role("dialog")
    # One key for two things is refused, and says why.
    dialog.get_by_label("Next claim").fill("k")
    dialog.get_by_role("button", name="Save keys").click()
    expect(dialog.get_by_role("alert")).to_contain_text("same key")
    expect(dialog.get_by_label("Next claim")).to_be_focused()
    dialog.get_by_label("Next claim").fill("l")
    dialog.get_by_role("button", name="Save keys").click()
    expect(dialog).to_contain_text("Keys saved.")
    expect(dialog.locator("dl.keys kbd[data-shortcut='next']")).to_have_text("l")
    dialog.screenshot(path=str(screenshot_dir / "panel-shortcut-settings.png"))
    page.keyboard.press("Escape")

    expect(page.locator(".prev-next [rel='next']")).to_have_text("Next l →")
    page.locator("body").press("j")
    expect(panel_h2(page)).to_contain_text(f"Claim #{claim_id}")
    page.locator("body").press("l")
    following = ids[ids.index(claim_id) + 1]
    expect(panel_h2(page)).to_contain_text(f"Claim #{following}")
    # The panel swapped in shows the key in use too.
    expect(page.locator(".prev-next [rel='next']")).to_have_text("Next l →")


def test_shortcuts_never_act_while_typing(live_server, page: Page, speech_id: int) -> None:
    claim_id = open_claim(live_server, page, speech_id)
    conclusion = page.get_by_label("Conclusion")
    conclusion.click()
    page.keyboard.type("jkes?")
    expect(conclusion).to_have_value("jkes?")
    expect(panel_h2(page)).to_contain_text(f"Claim #{claim_id}")
    expect(page.locator("details.fix-split")).not_to_have_attribute("open", "")
    expect(page.get_by_role("dialog")).to_be_hidden()
