"""Benchmark: claim extraction and speech import on a ~1 MB transcript.

    .venv/bin/python benchmarks/extraction.py [--size-mb 1] [--postgres-url URL]

Builds the transcript from the shared speech and the CLEF-2019 debates (as "SPEAKER: text" lines),
then prints: extraction throughput (format parsing + segmentation + offsets + scoring) in MB/s, as
an import runs it (in two processes where a second core is free) and in one process; where the time
goes; one process against two on shorter transcripts; the end-to-end time of an import POSTed
through the web form (Flask test client, CSRF off) into a fresh SQLite file and a fresh PostgreSQL
schema; and the peak memory of the process and of its forked child.
Targets (issue 3): extraction >= 2 MB/s, import of 1 MB < 3 s on either database, memory < 300 MB.
"""

from __future__ import annotations

import argparse
import gc
import os
import resource
import statistics
import sys
import tempfile
import time
from itertools import pairwise
from pathlib import Path

import sqlalchemy as sa

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks._common import add_postgres_option, postgres_schema  # noqa: E402
from factcheck import create_app  # noqa: E402
from factcheck.claims.extract import Extraction, extract  # noqa: E402
from factcheck.claims.second_process import MIN_CHARACTERS, can_fork, worth_forking  # noqa: E402
from factcheck.extensions import db  # noqa: E402
from factcheck.models import Base, Claim, ImportState, Role, SpeechImport, User  # noqa: E402

SHARED = Path(os.environ.get("FACTCHECK_SHARED_DIR", ROOT.parent / "shared"))


def build_transcript(size_bytes: int) -> str:
    speech = (SHARED / "data/speeches/tmtpost-ai-misconceptions.txt").read_text(encoding="utf-8")
    debates = []
    for path in sorted((SHARED / "data/clef2019-task1/train").glob("*.tsv")):
        rows = [line.split("\t") for line in path.read_text(encoding="utf-8").splitlines() if line]
        debates.append("\n".join(f"{r[1]}: {r[2]}" for r in rows if len(r) >= 3))
    pieces, total = [], 0
    # Speaker-labelled throughout, the speech as one speaker's long turn, so one format fits all.
    sources = [f"ZHAO: {line}" for line in speech.splitlines() if line.strip()]
    sources = ["\n".join(sources), *debates]
    i = 0
    while total < size_bytes:
        chunk = sources[i % len(sources)]
        pieces.append(chunk)
        total += len(chunk.encode("utf-8")) + 1
        i += 1
    text = "\n".join(pieces)
    return text.encode("utf-8")[:size_bytes].decode("utf-8", "ignore").rsplit("\n", 1)[0]


def peak_rss_mb() -> tuple[float, float]:
    """The peak resident memory of this process and of its largest child, in MB."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return own, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def timed(text: str, repeats: int, **options) -> tuple[float, float, Extraction]:
    """The best and median seconds of ``extract(text, **options)``, and its result."""
    times = []
    for _ in range(repeats):
        gc.collect()
        t0 = time.perf_counter()
        result = extract(text, **options)
        times.append(time.perf_counter() - t0)
    return min(times), statistics.median(times), result


def bench_extraction(text: str, repeats: int) -> None:
    size_mb = len(text.encode("utf-8")) / 1e6
    extract(text[:20000])  # load the model once
    mode = "two processes" if worth_forking(len(text)) else "one process"
    best, median, result = timed(text, repeats)
    claims = sum(1 for s in result.spans if s.is_claim)
    print(
        f"transcript: {size_mb:.2f} MB, {len(result.spans):,} spans ({claims:,} claims), format {result.format}"
    )
    print(
        f"extraction ({mode}, as an import runs it): best {best:.3f} s = {size_mb / best:.2f} MB/s; "
        f"median {median:.3f} s = {size_mb / median:.2f} MB/s"
    )
    best, median, serial = timed(text, repeats, second_process=False)
    print(
        f"extraction (one process): best {best:.3f} s = {size_mb / best:.2f} MB/s; "
        f"median {median:.3f} s = {size_mb / median:.2f} MB/s"
    )
    if serial != result:
        print("  MISMATCH: one process and two give different results")


def bench_break_even(text: str, repeats: int) -> None:
    """Extraction of the transcript's start in one process and in two, around MIN_CHARACTERS."""
    if not can_fork():
        return
    figures = []
    for size in (50_000, 100_000, 200_000, 400_000):
        part = text[:size]
        one = timed(part, repeats, second_process=False)[0]
        two = timed(part, repeats, second_process=True)[0]
        figures.append(f"{size // 1000}k chars {one * 1000:.0f}/{two * 1000:.0f} ms")
    print(
        f"one process / two (forking from {MIN_CHARACTERS // 1000}k characters): "
        + ", ".join(figures)
    )


def bench_stages(text: str, repeats: int) -> None:
    """Where extraction's time goes: the best of ``repeats`` runs of each stage."""
    from factcheck.claims.checkworthiness import assess_many, document_contexts
    from factcheck.claims.extract import spans_of
    from factcheck.claims.formats import parse_transcript

    best: dict[str, float] = {}
    for _ in range(repeats):
        gc.collect()
        marks = [("start", time.perf_counter())]
        parsed = parse_transcript(text)
        marks.append(("parse", time.perf_counter()))
        spans = spans_of(parsed)
        marks.append(("segmentation", time.perf_counter()))
        contexts = document_contexts([s.text for s in spans], [s.speaker for s in spans])
        marks.append(("contexts", time.perf_counter()))
        claims = [i for i, s in enumerate(spans) if s.is_claim]
        assess_many(
            [spans[i].text for i in claims],
            [spans[i].speaker for i in claims],
            [contexts[i] for i in claims],
        )
        marks.append(("scoring", time.perf_counter()))
        for (_, before), (stage, after) in pairwise(marks):
            best[stage] = min(best.get(stage, float("inf")), after - before)
    rate = len(claims) / best["scoring"]
    print(
        "stages (best of each): "
        + ", ".join(f"{stage} {seconds:.3f} s" for stage, seconds in best.items())
        + f"; scoring {rate:,.0f} sentences/s"
    )


def bench_import(label: str, url: str, engine_options: dict, text: str, tmp: Path) -> None:
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "bench",
            "WTF_CSRF_ENABLED": False,
            "DATABASE_URL": url,
            "SQLALCHEMY_ENGINE_OPTIONS": engine_options,
        }
    )
    with app.app_context():
        Base.metadata.create_all(db.engine)
        user = User(email="bench@example.org", display_name="bench", role=Role.EDITOR)
        user.set_password("bench password 123")
        db.session.add(user)
        db.session.commit()
    client = app.test_client()
    client.post("/login", data={"email": "bench@example.org", "password": "bench password 123"})
    form = {"title": "Benchmark", "speaker": "Many", "language": "en", "transcript": text}
    t0 = time.perf_counter()
    response = client.post("/desk/speeches/new", data=form)
    answered = time.perf_counter() - t0
    # A long transcript is imported in the background after a 303 to its progress page: the
    # figure is the time until it is stored (or failed), as the person waiting sees it.
    state = None
    while response.status_code == 303 and time.perf_counter() - t0 < 300:
        with app.app_context():
            state = db.session.scalar(
                sa.select(SpeechImport.state).order_by(SpeechImport.id.desc()).limit(1)
            )
            db.session.remove()
        if state in (ImportState.DONE, ImportState.FAILED):
            break
        time.sleep(0.02)
    elapsed = time.perf_counter() - t0
    with app.app_context():
        stored = db.session.scalar(sa.select(sa.func.count()).select_from(Claim))
        db.engine.dispose()
    if response.status_code == 302:
        status = "ok"
    elif response.status_code == 303:
        status = f"in the background: answered in {answered:.2f} s, {state or 'unfinished'}"
    else:
        status = f"HTTP {response.status_code}"
    print(f"import via web form, {label}: {elapsed:.2f} s, {stored:,} spans stored ({status})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size-mb", type=float, default=1.0)
    parser.add_argument("--repeats", type=int, default=5)
    add_postgres_option(parser)
    args = parser.parse_args()
    text = build_transcript(int(args.size_mb * 1_000_000))
    bench_extraction(text, args.repeats)
    bench_stages(text, args.repeats)
    bench_break_even(text, args.repeats)
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        os.environ["FACTCHECK_INSTANCE_PATH"] = str(tmp)
        bench_import("SQLite", f"sqlite:///{tmp / 'bench.sqlite'}", {}, text, tmp)
        try:
            with postgres_schema(args.postgres_url) as schema:
                bench_import("PostgreSQL", schema.url, schema.engine_options, text, tmp)
        except sa.exc.OperationalError as exc:
            print(f"import via web form, PostgreSQL: skipped ({exc.orig})")
    own, child = peak_rss_mb()
    print(f"peak memory (max RSS): this process {own:.0f} MB, its largest child {child:.0f} MB")


if __name__ == "__main__":
    main()
