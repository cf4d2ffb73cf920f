"""A staff member logs in, imports a speech by pasting it, and sees it split into claims."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

TRANSCRIPT = """Good evening, friends.
Part 1: The economy
Unemployment fell to 3.9% in 2023, the lowest figure in fifty years. We built 40,000 homes.
Is that enough? No.
The U.S. spends about twice as much on health care per person as Canada."""


def test_log_in_import_by_pasting_and_see_claims(live_server, page, screenshot_dir) -> None:
    live_server.login(page, "reviewer@example.org")
    page.get_by_role("link", name="Import a speech").first.click()
    page.get_by_label("Title").fill("Budget speech")
    page.get_by_label("Speaker").fill("A. Minister")
    page.get_by_label("Date given").fill("2024-03-01")
    page.get_by_label("Source URL").fill("https://example.org/budget")
    page.get_by_label("Transcript").fill(TRANSCRIPT)
    page.get_by_role("button", name=re.compile("Import")).click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Budget speech")
    expect(page.locator(".flash-success")).to_contain_text("Imported")
    items = page.locator("ol.claim-list > li")
    texts = [t.strip() for t in items.locator(".quote").all_inner_texts()]
    assert "Unemployment fell to 3.9% in 2023, the lowest figure in fifty years." in texts
    assert "We built 40,000 homes." in texts
    assert any(t.startswith("The U.S. spends about twice") for t in texts)
    # Headings and greetings are spans too, but shown as not claims, with the reason.
    heading = items.filter(has_text="Part 1: The economy")
    expect(heading).to_have_class(re.compile("not-claim"))
    expect(heading.locator(".badge")).to_have_text("heading")
    # Each item shows its number inside its own box (content-visibility clips what lies outside).
    assert page.evaluate(
        """() => [...document.querySelectorAll('ol.claim-list > li')].every(li => {
            const num = li.querySelector('.num').getBoundingClientRect();
            const box = li.getBoundingClientRect();
            return num.width > 0 && num.left >= box.left && num.right <= box.right;
        })"""
    )
    # The transcript is highlighted span by span, numbered like the list.
    marks = page.locator(".transcript-text mark")
    expect(marks).to_have_count(items.count())
    assert page.locator(".transcript-text").inner_text().replace("\u00a0", " ").count("40,000") == 1
    page.screenshot(path=str(screenshot_dir / "speech-imported.png"), full_page=True)


def test_import_form_shows_errors_and_keeps_input(live_server, page) -> None:
    live_server.login(page, "editor@example.org")
    page.goto(f"{live_server.url}/desk/speeches/new")
    page.get_by_label("Speaker").fill("Someone")
    page.get_by_label("Source URL").fill("not a url")
    page.get_by_role("button", name=re.compile("Import")).click()
    expect(page.locator(".form-errors")).to_be_visible()
    expect(page.locator("#title-error")).to_be_visible()
    expect(page.locator("#source_url-error")).to_contain_text("web address")
    expect(page.get_by_label("Speaker")).to_have_value("Someone")
