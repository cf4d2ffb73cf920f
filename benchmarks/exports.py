"""Benchmark: every export format over 1,000 and 10,000 published claims, on SQLite and PostgreSQL.

    .venv/bin/python benchmarks/exports.py [--speeches 10] [--claims 1000] [--postgres-url URL]
                                           [--formats csv json ...]

Ten speeches of 1,000 published claims each (a source, a submitted verdict, an editor's approval
and a frozen publication per claim), inserted in bulk. For each format, published-only and the
staff's live desk, prints the time to write the whole export (chunks read and dropped, as a
streamed response would) and, in a second run under tracemalloc, its peak memory. One speech is
1,000 claims, all ten are 10,000. Targets (issue 13): CSV, JSON, ClaimReview and Web Annotation
each under 1 s at 10,000 claims, peak memory the same at 1,000 and 10,000. The reports (Markdown,
HTML) hold one speech's claims at a time; the PDF, laid out whole, is measured on one speech.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
import tracemalloc
from datetime import UTC, date, datetime
from pathlib import Path

import sqlalchemy as sa

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks._common import add_postgres_option, postgres_schema  # noqa: E402
from factcheck import create_app  # noqa: E402
from factcheck.exports.formats import FORMATS  # noqa: E402
from factcheck.extensions import db  # noqa: E402
from factcheck.models import (  # noqa: E402
    ApprovalVote,
    Base,
    Claim,
    ClaimState,
    ClaimWorkflow,
    Publication,
    PublicationKind,
    Role,
    Source,
    SourceKind,
    SourceStance,
    Speech,
    User,
    Verdict,
    VerdictStatus,
)
from factcheck.queries.exports import Selection, export  # noqa: E402
from factcheck.services import ratings  # noqa: E402

BASE = "https://desk.example.org/"


def line(i: int) -> str:
    return f"In {1950 + i % 70} the unemployment rate in region {i} was {i % 13}.{i % 10}%."


def seed(session, speeches: int, claims: int) -> list[int]:
    """`speeches` speeches of `claims` published claims each, in bulk; their ids."""
    scale = ratings.ensure_default_scale(session)
    rating = scale.ratings[1]
    reviewer = User(email="r@example.org", display_name="Rita Reviewer", role=Role.REVIEWER)
    editor = User(email="e@example.org", display_name="Eddie Editor", role=Role.EDITOR)
    for person in (reviewer, editor):
        person.set_password("benchmark password")
    session.add_all([reviewer, editor])
    session.flush()
    now = datetime.now(UTC)
    ids = []
    for number in range(speeches):
        lines = [line(i) for i in range(claims)]
        speech = Speech(
            title=f"Speech {number}",
            speaker="Jane Doe",
            delivered_on=date(2024, 1, 1 + number % 28),
            source_url="https://example.org/speech",
            transcript="\n".join(lines),
        )
        session.add(speech)
        session.flush()
        ids.append(speech.id)
        rows, start = [], 0
        for text in lines:
            rows.append(
                {"speech_id": speech.id, "start": start, "end": start + len(text), "text": text}
            )
            start += len(text) + 1
        session.execute(sa.insert(Claim), rows)
        made = session.execute(
            sa.select(Claim.id, Claim.start, Claim.end, Claim.text)
            .where(Claim.speech_id == speech.id)
            .order_by(Claim.start)
        ).all()
        common = {"accessed_on": date(2024, 5, 9), "created_by_id": reviewer.id}
        session.execute(
            sa.insert(Source),
            [
                {
                    "claim_id": c.id,
                    "url": f"https://example.org/source/{c.id}",
                    "title": "A source",
                    "stance": SourceStance.SUPPORTS,
                    "kind": SourceKind.OTHER,
                    **common,
                }
                for c in made
            ],
        )
        session.execute(
            sa.insert(Verdict),
            [
                {
                    "claim_id": c.id,
                    "author_id": reviewer.id,
                    "rating_id": rating.id,
                    "rating_label": rating.label,
                    "rating_value": rating.value,
                    "conclusion": "Right, as the source says.",
                    "status": VerdictStatus.SUBMITTED,
                    "claim_start": c.start,
                    "claim_end": c.end,
                    "claim_text": c.text,
                }
                for c in made
            ],
        )
        verdict_of = dict(
            session.execute(
                sa.select(Verdict.claim_id, Verdict.id)
                .join(Claim, Claim.id == Verdict.claim_id)
                .where(Claim.speech_id == speech.id)
            ).all()
        )
        session.execute(
            sa.insert(ApprovalVote),
            [
                {
                    "claim_id": c.id,
                    "verdict_id": verdict_of[c.id],
                    "verdict_version": 1,
                    "editor_id": editor.id,
                    "rationale": "Fine.",
                }
                for c in made
            ],
        )
        session.execute(
            sa.insert(ClaimWorkflow),
            [
                {
                    "claim_id": c.id,
                    "speech_id": speech.id,
                    "state": ClaimState.PUBLISHED,
                    "verdict_id": verdict_of[c.id],
                }
                for c in made
            ],
        )
        session.execute(
            sa.insert(Publication),
            [
                {
                    "claim_id": c.id,
                    "speech_id": speech.id,
                    "number": 1,
                    "kind": PublicationKind.FIRST,
                    "published_by_id": editor.id,
                    "content": content(speech, c, verdict_of[c.id], rating, now),
                }
                for c in made
            ],
        )
        session.commit()
    return ids


def content(speech: Speech, claim, verdict_id: int, rating, now: datetime) -> dict:
    """What `publishing.reader_view` freezes, built without its queries."""
    return {
        "claim": {
            "id": claim.id,
            "text": claim.text,
            "start": claim.start,
            "end": claim.end,
            "restatement": None,
            "speaker": None,
            "media_start_ms": None,
            "media_end_ms": None,
        },
        "speech": {
            "id": speech.id,
            "title": speech.title,
            "delivered_on": speech.delivered_on.isoformat(),
            "speaker": speech.speaker,
            "source_url": speech.source_url,
        },
        "verdict": {
            "id": verdict_id,
            "version": 1,
            "rating": {
                "label": rating.label,
                "value": rating.value,
                "colour": rating.colour,
                "definition": rating.definition,
            },
            "conclusion": "Right, as the source says.",
            "explanation": None,
            "reviewer": "Rita Reviewer",
        },
        "approvers": [{"name": "Eddie Editor", "approved_at": now.isoformat()}],
        "sources": [
            {
                "url": f"https://example.org/source/{claim.id}",
                "title": "A source",
                "publisher": None,
                "quote": None,
                "published_on": None,
                "accessed_on": "2024-05-09",
                "stance": "supports",
            }
        ],
    }


def measure(
    name: str, selection: Selection, published_only: bool
) -> tuple[float, float, float, int]:
    """Seconds to write the export, best of three (wall clock and this process's CPU: on a shared
    machine the CPU time is the steadier figure), its peak memory in MB (a run traced), its bytes."""

    def write() -> int:
        db.session.expire_all()
        result = export(db.session, selection, published_only=published_only, base_url=BASE)
        return sum(len(chunk) for chunk in FORMATS[name].write(result))

    runs = []  # the best of three: this machine's other work makes any one run noisy
    for _ in range(1 if name == "pdf" else 3):
        t0, c0 = time.perf_counter(), time.process_time()
        size = write()
        runs.append((time.perf_counter() - t0, time.process_time() - c0))
    seconds, cpu = min(runs)
    tracemalloc.start()
    try:
        write()
        peak = tracemalloc.get_traced_memory()[1] / 1e6
    finally:
        tracemalloc.stop()
    return seconds, cpu, peak, size


def run(
    label: str, url: str, options: dict, speeches: int, claims: int, formats: list[str]
) -> None:
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "bench",
            "DATABASE_URL": url,
            "SQLALCHEMY_ENGINE_OPTIONS": options,
        }
    )
    with app.app_context():
        Base.metadata.create_all(db.engine)
        t0 = time.perf_counter()
        ids = seed(db.session, speeches, claims)
        print(
            f"{label}: {speeches * claims:,} published claims inserted in {time.perf_counter() - t0:.1f} s"
        )
        if db.engine.dialect.name == "postgresql":
            with db.engine.begin() as conn:
                conn.execute(sa.text("ANALYZE"))
        for published_only in (True, False):
            mode = "published" if published_only else "staff"
            for name in formats:
                cells = []
                for selection, count in (
                    (Selection(speech_id=ids[0]), claims),
                    (Selection(), speeches * claims),
                ):
                    if name == "pdf" and count > claims:
                        cells.append(f"{count:>6,}: not measured (a PDF is laid out whole)")
                        continue
                    seconds, cpu, peak, size = measure(name, selection, published_only)
                    cells.append(
                        f"{count:>6,}: {seconds:5.2f} s (CPU {cpu:4.2f} s), peak {peak:4.1f} MB, "
                        f"{size / 1e6:4.1f} MB out"
                    )
                print(f"{label} {mode:9} {name:11} " + " | ".join(cells))
        db.session.remove()
        db.engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--speeches", type=int, default=10)
    parser.add_argument("--claims", type=int, default=1000, help="claims per speech")
    add_postgres_option(parser)
    parser.add_argument(
        "--formats",
        nargs="+",
        choices=list(FORMATS),
        default=list(FORMATS),
        help="the formats to measure (the PDF takes minutes)",
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        os.environ["FACTCHECK_INSTANCE_PATH"] = folder
        run(
            "SQLite",
            f"sqlite:///{Path(folder) / 'bench.sqlite'}",
            {},
            args.speeches,
            args.claims,
            args.formats,
        )
        try:
            with postgres_schema(args.postgres_url) as schema:
                run(
                    "PostgreSQL",
                    schema.url,
                    schema.engine_options,
                    args.speeches,
                    args.claims,
                    args.formats,
                )
        except sa.exc.OperationalError as exc:
            print(f"PostgreSQL: skipped ({exc.orig})")


if __name__ == "__main__":
    main()
