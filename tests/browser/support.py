"""Helpers that more than one browser journey uses."""

from __future__ import annotations

from playwright.sync_api import Locator, Page, expect
from sqlalchemy import select

from factcheck.extensions import db
from factcheck.models import Claim


def claim_id_starting(live_server, text: str) -> int:
    with live_server.app.app_context():
        return db.session.scalar(select(Claim.id).where(Claim.text.startswith(text)))


def decision(page: Page) -> Locator:
    """The Decision section of the claim open in the workspace."""
    return page.locator(".claim-panel .decision")


def submit_verdict(page: Page, label: str, conclusion: str) -> None:
    page.locator('select[name="rating"]').select_option(label=label)
    page.get_by_label("Conclusion").fill(conclusion)
    page.get_by_role("button", name="Submit verdict").click()
    expect(page.locator(".flash-success")).to_contain_text("Verdict submitted.")
