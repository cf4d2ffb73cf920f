"""Every table of the staff pages, at a phone's width and a laptop's: no word broken in two and
nothing wider than the screen."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from playwright.sync_api import Page

from factcheck.models import Role
from tests import factories

pytestmark = pytest.mark.browser

# The words of each cell whose box spans more than one line: broken mid-word. A long address may
# break after a hyphen, "@", "." or "/", so the parts between those count as words; a date or a
# time ("2026-12-03", "15:37") counts as one word and must not break at all.
BROKEN_WORDS = """() => {
  const broken = [];
  for (const cell of document.querySelectorAll('table th, table td')) {
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (node.parentElement.closest('[hidden], option, select')) continue;
      for (const match of node.data.matchAll(/\\d[\\d:-]*\\d|[^\\s@.\\/-]+/g)) {
        const range = document.createRange();
        range.setStart(node, match.index);
        range.setEnd(node, match.index + match[0].length);
        const tops = new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top)));
        if (tops.size > 1) broken.push(match[0]);
      }
    }
  }
  return broken;
}"""


@pytest.fixture
def staff_pages(live_server) -> list[str]:
    with factories.seeding(live_server.app) as session:
        admin = factories.user(session, "admin@example.org", Role.ADMIN)
        long_name = factories.user(
            session, "maximilian.oberhausen-wittgenstein@example.org", Role.REVIEWER
        )
        speech = factories.speech(
            session,
            "MODERATOR: Good evening.\nCANDIDATE: Unemployment fell to 3.9% in 2023.\n",
            title="Presidential candidates' debate on unemployment, immigration and taxes",
            speaker="Candidates",
        )
        factories.assignment(
            session, speech, long_name, actor=admin, due_on=datetime.now(UTC).date()
        )
    return [
        "/desk/",
        "/desk/admin/people",
        "/account/",
        f"/desk/speeches/{speech.id}/edit",
        f"/desk/speeches/{speech.id}/board",
    ]


@pytest.mark.parametrize("width", [390, 1280])
def test_tables_break_no_word_and_fit_the_screen(
    live_server, page: Page, staff_pages: list[str], width: int, screenshot_dir
) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    live_server.login(page, "admin@example.org")
    problems = []
    for path in staff_pages:
        page.goto(live_server.url + path)
        name = path.strip("/").replace("/", "-") or "home"
        page.screenshot(path=str(screenshot_dir / f"table-{name}-{width}.png"), full_page=True)
        assert page.locator("table").count() > 0, path
        broken = page.evaluate(BROKEN_WORDS)
        if broken:
            problems.append(f"{path}: broken words {broken}")
        overflow = page.evaluate(
            "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        if overflow > 0:
            problems.append(f"{path} is {overflow}px wider than the screen")
    assert problems == []
