"""Benchmark: the desk in a real browser, for the demo speech and for a 1 MB transcript.

    .venv/bin/python benchmarks/browser.py [--size-mb 1.0] [--repeats 7]

Serves the app (threaded development server, SQLite file in a temporary folder) and drives Debian's
headless Chromium with Playwright, as the browser tests do. For each speech it measures, as the
median of the repeats:

- workspace usable: from navigation to the end of the load event (the deferred scripts have run, so
  the keys work), on a claim in the middle of the speech;
- speech page usable: the same for the speech page;
- j: from the key press to the next claim's panel shown (and the address changed).

Target (issue 11): the 1 MB figures within twice the demo speech's, and under one second.
"""

from __future__ import annotations

import argparse
import logging
import os
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

import sqlalchemy as sa
from werkzeug.serving import make_server

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from extraction import SHARED, build_transcript  # noqa: E402

from factcheck import create_app  # noqa: E402
from factcheck.extensions import db  # noqa: E402
from factcheck.models import Base, Claim, Role, User  # noqa: E402
from factcheck.services import demo, ratings, speeches  # noqa: E402

CHROMIUM = os.environ.get("FACTCHECK_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
EMAIL, PASSWORD = "bench@example.org", "benchmark password 1"


def synthetic_transcript(size_bytes: int) -> str:
    """Without ../shared: numbered sentences, about 55 bytes a claim."""
    lines, total, i = [], 0, 0
    while total < size_bytes:
        line = f"In {1950 + i % 70} the unemployment rate in region {i} was {i % 13}.{i % 10}%."
        lines.append(line)
        total += len(line) + 1
        i += 1
    return "\n".join(lines)


def seed(app, size_mb: float) -> dict[str, tuple[int, list[int]]]:
    """The demo speech and a big one; each with its claim ids in transcript order."""
    size = int(size_mb * 1_000_000)
    if (SHARED / "data/clef2019-task1/train").is_dir():
        text = build_transcript(size)
    else:
        text = synthetic_transcript(size)
    with app.app_context():
        Base.metadata.create_all(db.engine)
        user = User(email=EMAIL, display_name="Bench", role=Role.EDITOR)
        user.set_password(PASSWORD)
        db.session.add(user)
        ratings.ensure_default_scale(db.session)
        small, _ = demo.ensure_speech(db.session, user)
        big = speeches.import_speech(
            db.session,
            actor=user,
            details=speeches.SpeechDetails(title=f"A {size_mb:g} MB transcript", speaker="Many"),
            transcript=text,
        )
        db.session.commit()
        found = {}
        for name, speech in (("demo", small), ("big", big)):
            ids = db.session.scalars(
                sa.select(Claim.id).where(Claim.speech_id == speech.id).order_by(Claim.start)
            ).all()
            found[name] = (speech.id, list(ids))
        found["size"] = (len(text.encode("utf-8")), [])
        return found


def load_time(page, url: str) -> float:
    """Seconds from navigation to the end of the load event, as the browser counts them."""
    page.goto(url, wait_until="load")
    return page.evaluate(
        "() => { const n = performance.getEntriesByType('navigation')[0];"
        " return (n.loadEventEnd - n.startTime) / 1000; }"
    )


def j_time(page) -> float:
    """Seconds from pressing j to the next claim's panel in place."""
    before = page.get_attribute(".claim-panel", "data-claim")
    started = time.perf_counter()
    page.keyboard.press("j")
    page.wait_for_function(
        "(before) => { const p = document.querySelector('.claim-panel');"
        " return p && p.dataset.claim !== before && !document.body.classList.contains('moving')"
        " && location.search.includes('claim=' + p.dataset.claim); }",
        arg=before,
    )
    return time.perf_counter() - started


def measure(page, base: str, speech_id: int, ids: list[int], repeats: int) -> dict[str, float]:
    middle = len(ids) // 2
    work = f"{base}/desk/speeches/{speech_id}/work?claim={ids[middle]}"
    speech = f"{base}/desk/speeches/{speech_id}"
    load_time(page, work)  # templates compiled, caches warm
    load_time(page, speech)
    figures = {
        "workspace usable": statistics.median(load_time(page, work) for _ in range(repeats)),
        "speech page usable": statistics.median(load_time(page, speech) for _ in range(repeats)),
    }
    load_time(page, work)
    figures["j (next claim)"] = statistics.median(j_time(page) for _ in range(repeats))
    for name, url in (("HTML of the workspace", work), ("HTML of the speech page", speech)):
        page.goto(url, wait_until="load")
        figures[name] = page.evaluate(
            "() => performance.getEntriesByType('navigation')[0].decodedBodySize"
        )
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size-mb", type=float, default=1.0)
    parser.add_argument("--repeats", type=int, default=7)
    args = parser.parse_args()
    if not Path(CHROMIUM).exists():
        print(f"browser benchmark: skipped ({CHROMIUM} is absent)")
        return
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        os.environ["FACTCHECK_INSTANCE_PATH"] = str(tmp)
        app = create_app(
            {
                "SECRET_KEY": "bench",
                "DATABASE_URL": f"sqlite:///{tmp / 'bench.sqlite'}",
            }
        )
        seeded = seed(app, args.size_mb)
        logging.getLogger("werkzeug").setLevel(logging.ERROR)  # no line per request
        server = make_server("127.0.0.1", 0, app, threaded=True)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        base = f"http://127.0.0.1:{server.server_port}"
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                context = browser.new_context(viewport={"width": 1280, "height": 900})
                page = context.new_page()
                page.set_default_timeout(120_000)
                page.goto(f"{base}/login")
                page.get_by_label("E-mail").fill(EMAIL)
                page.get_by_label("Password").fill(PASSWORD)
                page.get_by_role("button", name="Log in").click()
                page.wait_for_url(f"{base}/desk/")
                results = {
                    name: measure(page, base, *seeded[name], args.repeats)
                    for name in ("demo", "big")
                }
                browser.close()
        finally:
            server.shutdown()
            thread.join(timeout=10)
            server.server_close()
            with app.app_context():
                db.engine.dispose()
    size = seeded["size"][0] / 1_000_000
    demo_label = f"demo ({len(seeded['demo'][1]):,} spans)"
    big_label = f"{size:.1f} MB ({len(seeded['big'][1]):,} spans)"
    print(f"browser, Chromium headless, median of {args.repeats}:")
    print(f"  {'':28}{demo_label:>22}{big_label:>24}{'ratio':>8}")
    for name in results["demo"]:
        small, big = results["demo"][name], results["big"][name]
        if name.startswith("HTML"):
            cells = f"{small / 1000:>19.0f} KB{big / 1000:>21.0f} KB"
        else:
            cells = f"{small * 1000:>19.0f} ms{big * 1000:>21.0f} ms"
        print(f"  {name:28}{cells}{big / small:>7.2f}x")


if __name__ == "__main__":
    main()
