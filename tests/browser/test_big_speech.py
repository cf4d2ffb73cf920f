"""A long speech in Chromium: j/k move without reloading, windows load as one scrolls, the plain
links work without JavaScript, and a long import shows its progress (issue 11, section 1)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from factcheck.extensions import db
from factcheck.models import Claim
from factcheck.queries.workspace import QUEUE_WINDOW
from factcheck.services import demo
from tests import factories
from tests.browser.conftest import LiveServer


def add_speech(app, transcript: str, title: str = "A speech") -> int:
    with factories.seeding(app) as session:
        return factories.speech(session, transcript, title=title).id


def lines(count: int) -> str:
    return "\n".join(
        f"In {1950 + i % 70} the unemployment rate in region {i} was {i % 13}.{i % 10}%."
        for i in range(count)
    )


def seed(live_server: LiveServer, count: int) -> tuple[int, list[int]]:
    speech = add_speech(live_server.app, lines(count), title=f"{count:,} claims")
    with live_server.app.app_context():
        ids = db.session.scalars(
            select(Claim.id).where(Claim.speech_id == speech).order_by(Claim.start)
        ).all()
    return speech, list(ids)


def panel_claim(page) -> str | None:
    return page.locator(".claim-panel").get_attribute("data-claim")


def test_j_and_k_move_without_reloading_and_the_address_follows(
    live_server: LiveServer, page
) -> None:
    speech, ids = seed(live_server, 600)
    live_server.login(page, "reviewer@example.org")
    page.goto(f"{live_server.url}/desk/speeches/{speech}/work?claim={ids[300]}")
    expect(page.locator(".claim-panel h2")).to_contain_text(f"Claim #{ids[300]}")
    page.evaluate("() => { window.stillThisPage = true; }")  # gone if the page reloads

    page.keyboard.press("j")
    expect(page.locator(".claim-panel h2")).to_contain_text(f"Claim #{ids[301]}")
    expect(page).to_have_url(re.compile(rf"claim={ids[301]}$"))
    expect(page.locator(f'.queue a[data-claim="{ids[301]}"]')).to_have_attribute(
        "aria-current", "true"
    )
    expect(page.locator(f'#transcript mark[data-claim="{ids[301]}"]')).to_have_class(
        re.compile("selected")
    )
    assert page.locator(".queue [aria-current]").count() == 1
    assert page.locator("#transcript mark.selected").count() == 1
    page.keyboard.press("j")
    expect(page.locator(".claim-panel h2")).to_contain_text(f"Claim #{ids[302]}")
    page.keyboard.press("k")
    expect(page.locator(".claim-panel h2")).to_contain_text(f"Claim #{ids[301]}")
    assert page.evaluate("() => window.stillThisPage === true")
    # Applying a filter keeps the claim now in view.
    expect(page.locator('.filters input[name="claim"]')).to_have_value(str(ids[301]))

    # Back and forward walk the claims visited; a reload shows the claim in the address.
    page.go_back()
    expect(page.locator(".claim-panel h2")).to_contain_text(f"Claim #{ids[302]}")
    page.go_back()
    expect(page.locator(".claim-panel h2")).to_contain_text(f"Claim #{ids[301]}")
    page.go_forward()
    expect(page.locator(".claim-panel h2")).to_contain_text(f"Claim #{ids[302]}")
    assert page.evaluate("() => window.stillThisPage === true")
    page.reload()
    expect(page.locator(".claim-panel h2")).to_contain_text(f"Claim #{ids[302]}")
    assert page.evaluate("() => window.stillThisPage === undefined")

    # A claim clicked in the queue opens the same way; the forms in the swapped panel still work.
    page.locator(f'.queue a[data-claim="{ids[305]}"]').click()
    expect(page.locator(".claim-panel h2")).to_contain_text(f"Claim #{ids[305]}")
    page.get_by_role("heading", name="Fix the split").click()
    page.get_by_label("Claim as checked").fill("Region 305's rate")
    page.get_by_role("button", name="Save wording").click()
    expect(page.locator(".flash-success")).to_contain_text("Wording saved")
    expect(page.locator(".claim-panel h2")).to_contain_text(f"Claim #{ids[305]}")


def test_j_beyond_the_loaded_window_brings_the_window_along(live_server: LiveServer, page) -> None:
    speech, ids = seed(live_server, 600)
    live_server.login(page, "reviewer@example.org")
    # No window is loaded as one scrolls here: the claim after the last one sent is not on the page.
    page.route(re.compile(r"side=(before|after)"), lambda route: route.abort())
    page.goto(f"{live_server.url}/desk/speeches/{speech}/work?claim={ids[100]}&qfrom=61")
    last = page.locator(".queue li.q-item").last.locator("a").get_attribute("data-claim")
    assert last == str(ids[100])
    assert page.locator(f'.queue a[data-claim="{ids[101]}"]').count() == 0
    page.keyboard.press("j")
    expect(page.locator(".claim-panel h2")).to_contain_text(f"Claim #{ids[101]}")
    expect(page.locator(f'.queue a[data-claim="{ids[101]}"]')).to_have_attribute(
        "aria-current", "true"
    )
    expect(page.locator(f'#transcript mark[data-claim="{ids[101]}"]')).to_have_class(
        re.compile("selected")
    )


def test_scrolling_loads_the_rest_of_the_queue_and_the_transcript(
    live_server: LiveServer, page
) -> None:
    speech, ids = seed(live_server, 600)
    live_server.login(page, "reviewer@example.org")
    page.goto(f"{live_server.url}/desk/speeches/{speech}/work?claim={ids[300]}")
    place = {claim_id: n for n, claim_id in enumerate(ids, start=1)}
    queue_ids = (
        "() => [...document.querySelectorAll('.queue .num')].map(n => +n.textContent.slice(1))"
    )
    last = max(page.evaluate(queue_ids))
    page.locator(".queue").evaluate("q => { q.scrollTop = q.scrollHeight; }")
    page.wait_for_function(
        f"() => Math.max(...({queue_ids})()) >= {ids[place[last] - 1 + QUEUE_WINDOW]}"
    )
    numbers = [place[n] for n in page.evaluate(queue_ids)]
    assert numbers == list(range(numbers[0], numbers[0] + len(numbers)))
    assert 301 in numbers

    # Earlier text arrives above what is read, which stays where it was on the screen.
    column = page.locator(".ws-transcript")
    selected = page.locator("#transcript mark.selected")
    marks = page.locator("#transcript mark")
    top_mark = marks.first.get_attribute("data-num")
    column.evaluate("c => { c.scrollTop = 0; }")
    expect(marks.first).not_to_have_attribute("data-num", top_mark)
    box = column.bounding_box()
    shown = page.locator(f'#transcript mark[data-num="{top_mark}"]').bounding_box()
    assert box["y"] <= shown["y"] <= box["y"] + box["height"]
    expect(selected).to_have_count(1)
    # Numbers run on without a gap or a repeat.
    numbers = [place[int(n[1:])] for n in marks.evaluate_all("ms => ms.map(m => m.dataset.num)")]
    assert numbers == list(range(numbers[0], numbers[0] + len(numbers)))


def test_the_plain_links_work_without_javascript(live_server: LiveServer, browser) -> None:
    speech, ids = seed(live_server, 600)
    context = browser.new_context(
        java_script_enabled=False, viewport={"width": 1280, "height": 900}
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    try:
        live_server.login(page, "reviewer@example.org")
        page.goto(f"{live_server.url}/desk/speeches/{speech}/work?claim={ids[300]}")
        place = {claim_id: n for n, claim_id in enumerate(ids, start=1)}

        def first_in(selector: str, attribute: str | None = None) -> int:
            found = page.locator(selector).first
            label = found.get_attribute(attribute) if attribute else found.inner_text()
            return place[int(label.strip().lstrip("#"))]

        first = first_in(".queue .num")
        page.get_by_role("link", name=re.compile("Later in the queue")).click()
        expect(page.locator(".claim-panel h2")).to_contain_text(f"Claim #{ids[300]}")
        assert first_in(".queue .num") == first + QUEUE_WINDOW
        page.get_by_role("link", name=re.compile("Earlier in the transcript")).click()
        assert first_in("#transcript mark", "data-num") < 301
        page.get_by_role("link", name=re.compile("Next")).first.click()
        expect(page.locator(".claim-panel h2")).to_contain_text(f"Claim #{ids[301]}")
        expect(page).to_have_url(re.compile(rf"claim={ids[301]}$"))

        page.goto(f"{live_server.url}/desk/speeches/{speech}")
        pager = page.get_by_role("navigation", name="Pages of claims")
        pager.get_by_role("link", name="2", exact=True).click()
        expect(page.locator(".claim-list .num").first).to_have_text(f"#{ids[50]}")
        page.get_by_role("link", name=re.compile("Later in the transcript")).click()
        expect(page.locator(".transcript-text mark").first).to_have_attribute(
            "data-num", f"#{ids[100]}"
        )
    finally:
        context.close()


def test_a_long_import_shows_its_progress_then_the_speech(
    live_server: LiveServer, page, screenshot_dir
) -> None:
    live_server.login(page, "editor@example.org")
    page.goto(f"{live_server.url}/desk/speeches/new")
    page.get_by_label("Title").fill("A long debate")
    page.get_by_label("Speaker").fill("Many")
    page.get_by_label(re.compile("upload a UTF-8")).set_input_files(
        {"name": "debate.txt", "mimeType": "text/plain", "buffer": lines(3_000).encode()}
    )
    page.get_by_role("button", name=re.compile("Import")).click()
    page.wait_for_url(re.compile(r"/desk/(imports|speeches)/\d+$"))
    if "/imports/" in page.url:  # most likely: it takes a few seconds
        page.screenshot(path=str(screenshot_dir / "import-progress.png"))
    page.wait_for_url(re.compile(r"/desk/speeches/\d+$"), timeout=60_000)
    expect(page.locator(".flash-success")).to_contain_text(
        "Imported “A long debate”: 3,000 claims to check"
    )


@pytest.mark.parametrize("width", [1280, 390])
def test_screenshots_of_the_demo_and_a_ten_thousand_claim_speech(
    live_server: LiveServer, browser, screenshot_dir, width: int
) -> None:
    with live_server.app.app_context():
        speech, _ = demo.ensure_speech(db.session, None)
        db.session.commit()
        small = speech.id
        small_ids = db.session.scalars(
            select(Claim.id).where(Claim.speech_id == small).order_by(Claim.start)
        ).all()
    big, big_ids = seed(live_server, 10_000)
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    page.set_default_timeout(20_000)
    try:
        live_server.login(page, "reviewer@example.org")
        for name, speech_id, ids in (("demo", small, small_ids), ("big", big, big_ids)):
            middle = ids[len(ids) // 2]
            page.goto(f"{live_server.url}/desk/speeches/{speech_id}/work?claim={middle}")
            expect(page.locator(".claim-panel")).to_have_attribute("data-claim", str(middle))
            page.screenshot(path=str(screenshot_dir / f"scale-workspace-{name}-{width}.png"))
            page.goto(f"{live_server.url}/desk/speeches/{speech_id}")
            expect(page.locator(".claim-list li.claim-item").first).to_be_visible()
            page.screenshot(path=str(screenshot_dir / f"scale-speech-{name}-{width}.png"))
    finally:
        context.close()
