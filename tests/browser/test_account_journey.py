"""Sessions in a real browser: a copy of the session cookie stops working once its owner logs out
everywhere; changing the password keeps this browser logged in."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser


def test_log_out_everywhere_ends_a_copied_session(
    live_server, browser, page: Page, screenshot_dir
) -> None:
    live_server.login(page, "editor@example.org")
    copy = browser.new_context()
    try:
        copy.add_cookies(page.context.cookies())
        other = copy.new_page()
        other.goto(f"{live_server.url}/desk/")
        expect(other.get_by_role("heading", name="Not found")).to_have_count(0)

        page.get_by_title("Your account").click()
        expect(page.get_by_role("heading", name="Your account")).to_be_visible()
        expect(page.locator("tbody tr")).to_have_count(1)
        expect(page.get_by_text("(this browser)")).to_be_visible()
        page.screenshot(path=screenshot_dir / "account.png", full_page=True)
        page.get_by_role("button", name="Log out everywhere").click()
        expect(page.get_by_text("You are logged out everywhere")).to_be_visible()

        other.reload()
        expect(other.get_by_role("heading", name="Not found")).to_be_visible()
        expect(other.get_by_role("link", name="Staff log in")).to_be_visible()
    finally:
        copy.close()


def test_changing_the_password_keeps_this_browser_logged_in(live_server, page: Page) -> None:
    live_server.login(page, "reviewer@example.org")
    page.goto(f"{live_server.url}/account/")
    page.get_by_label("Current password").fill("correct horse battery staple")
    page.get_by_label("New password", exact=True).fill("qwertyuiop12")
    page.get_by_label("New password again").fill("qwertyuiop12")
    page.get_by_role("button", name="Change password").click()
    expect(page.get_by_text("too easy to guess")).to_be_visible()
    page.get_by_label("Current password").fill("correct horse battery staple")
    page.get_by_label("New password", exact=True).fill("seven lanterns over the harbour")
    page.get_by_label("New password again").fill("seven lanterns over the harbour")
    page.get_by_role("button", name="Change password").click()
    expect(page.get_by_text("Your password is changed")).to_be_visible()
    page.get_by_role("link", name="Desk").click()
    expect(page).to_have_url(f"{live_server.url}/desk/")
