"""Benchmark: backup and restore of a desk with 1,000 and 10,000 published claims.

    .venv/bin/python benchmarks/backup.py [--claims 1000,10000] [--postgres-url URL]

Each claim of one imported speech has a source, a submitted verdict, an editor's approval, a
published version and their audit events (the first one made through the services, the rest
copied from it in bulk). On SQLite (a file in a temporary folder) and on a fresh PostgreSQL schema:
the time of `backup` and of `restore` into an empty database of the same kind, then their peak
Python memory (tracemalloc, in a second run: tracing slows Python down), and whether a backup of
the restored database is the same archive. Target (issue 13): each under 10 s at 10,000 claims,
with a peak that does not grow with the number of claims.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
import tracemalloc
import uuid
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import sqlalchemy as sa

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks._common import add_postgres_option, postgres_schema  # noqa: E402
from factcheck import create_app  # noqa: E402
from factcheck.extensions import db  # noqa: E402
from factcheck.models import (  # noqa: E402
    ApprovalVote,
    AuditEvent,
    Base,
    Claim,
    ClaimWorkflow,
    Publication,
    Role,
    Source,
    User,
    Verdict,
)
from factcheck.services import (  # noqa: E402
    approvals,
    backup,
    bulk,
    publishing,
    ratings,
    restore,
    speeches,
    verdicts,
    workflow,
)
from factcheck.services.sources import SourceInput, add_source  # noqa: E402

PASSWORD = "benchmark password"  # noqa: S105 - a throwaway account in a temporary database
NOW = datetime(2024, 6, 1, 12, 0, tzinfo=UTC)


def transcript(claims: int) -> str:
    return "\n".join(
        f"In {1950 + i % 70} the unemployment rate in region {i} was {i % 13}.{i % 10}%."
        for i in range(claims)
    )


@contextmanager
def database(kind: str, folder: Path, postgres_url: str) -> Iterator[Any]:
    """An app on an empty database with every table: a new SQLite file or PostgreSQL schema."""
    with ExitStack() as stack:
        if kind == "SQLite":
            url, options = f"sqlite:///{folder / f'{uuid.uuid4().hex[:8]}.sqlite'}", {}
        else:
            schema = stack.enter_context(postgres_schema(postgres_url))
            url, options = schema.url, schema.engine_options
        yield from _app(url, options)


def _app(url: str, options: dict[str, Any]) -> Iterator[Any]:
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "bench",
            "DATABASE_URL": url,
            "SQLALCHEMY_ENGINE_OPTIONS": options,
        }
    )
    try:
        with app.app_context():
            Base.metadata.create_all(db.engine)
        yield app
    finally:
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


def audit(action: str, kind: str, object_id: int, claim: Claim, after: dict, actor: int) -> dict:
    return {
        "created_at": NOW,
        "actor_id": actor,
        "action": action,
        "object_type": kind,
        "object_id": object_id,
        "speech_id": claim.speech_id,
        "claim_id": claim.id,
        "before": None,
        "after": after,
    }


def fill(claims: int) -> None:
    """A speech of ``claims`` claims, every one checked, approved and published."""
    session = db.session
    reviewer = User(email="reviewer@example.org", display_name="Rita", role=Role.REVIEWER)
    editor = User(email="editor@example.org", display_name="Eddie", role=Role.EDITOR)
    for person in (reviewer, editor):
        person.set_password(PASSWORD)
    session.add_all([reviewer, editor])
    rating = ratings.ensure_default_scale(session).ratings[1]
    speech = speeches.import_speech(
        session,
        actor=editor,
        details=speeches.SpeechDetails(
            title="Bench", speaker="Bench", delivered_on=date(2024, 5, 31)
        ),
        transcript=transcript(claims),
    )
    every = session.scalars(
        sa.select(Claim).where(Claim.speech_id == speech.id).order_by(Claim.start)
    ).all()
    source = SourceInput(
        url="https://example.org/labour-force-survey",
        title="Labour force survey",
        accessed_on=date(2024, 6, 1),
        stance="supports",
        kind="primary_data",
        quote="The rate was as stated, within the survey's margin of error.",
    )
    first = every[0]
    add_source(session, actor=reviewer, claim=first, data=source)
    verdicts.set_verdict(
        session,
        actor=reviewer,
        claim=first,
        rating_id=rating.id,
        conclusion="The survey gives this figure.",
        explanation=None,
        submit=True,
        expected_version=None,
    )
    approvals.approve(
        session,
        actor=editor,
        claim=first,
        rationale="Checked against the survey.",
        expected_version=workflow.row_of(session, first).version,
    )
    template = publishing.publish(session, actor=editor, claim=first).content
    rest = every[1:]
    bulk.insert_rows(
        session,
        Source.__table__,
        [
            {
                "claim_id": c.id,
                "position": 0,
                "url": source.url,
                "title": source.title,
                "publisher": None,
                "published_on": None,
                "accessed_on": source.accessed_on,
                "quote": source.quote,
                "stance": "supports",
                "kind": "primary_data",
                "is_public": True,
                "created_by_id": reviewer.id,
                "created_at": NOW,
                "updated_at": NOW,
                "version": 1,
            }
            for c in rest
        ],
    )
    bulk.insert_rows(
        session,
        Verdict.__table__,
        [
            {
                "claim_id": c.id,
                "author_id": reviewer.id,
                "rating_id": rating.id,
                "rating_label": rating.label,
                "rating_value": rating.value,
                "conclusion": f"The survey gives {c.text[-6:-1]} for that year.",
                "explanation": None,
                "status": "submitted",
                "claim_start": c.start,
                "claim_end": c.end,
                "claim_text": c.text,
                "claim_restatement": None,
                "created_at": NOW,
                "updated_at": NOW,
                "version": 1,
            }
            for c in rest
        ],
    )
    verdict_of = dict(session.execute(sa.select(Verdict.claim_id, Verdict.id)).all())
    bulk.insert_rows(
        session,
        ApprovalVote.__table__,
        [
            {
                "claim_id": c.id,
                "verdict_id": verdict_of[c.id],
                "verdict_version": 1,
                "editor_id": editor.id,
                "rationale": "Checked against the survey.",
                "created_at": NOW,
            }
            for c in rest
        ],
    )
    bulk.insert_rows(
        session,
        ClaimWorkflow.__table__,
        [
            {
                "claim_id": c.id,
                "speech_id": c.speech_id,
                "state": "published",
                "comment": None,
                "verdict_id": verdict_of[c.id],
                "changed_at": NOW,
                "changed_by_id": editor.id,
                "version": 4,
            }
            for c in rest
        ],
    )

    def content(c: Claim) -> dict:
        return {**template, "claim": {**template["claim"], "id": c.id, "text": c.text}}

    bulk.insert_rows(
        session,
        Publication.__table__,
        [
            {
                "claim_id": c.id,
                "speech_id": c.speech_id,
                "number": 1,
                "kind": "first",
                "note": None,
                "content": content(c),
                "published_at": NOW,
                "published_by_id": editor.id,
                "unpublished_at": None,
            }
            for c in rest
        ],
    )
    events = []
    for c in rest:
        events += [
            audit("source.add", "source", c.id, c, {"url": source.url}, reviewer.id),
            audit(
                "verdict.create",
                "verdict",
                verdict_of[c.id],
                c,
                {"status": "submitted"},
                reviewer.id,
            ),
            audit("claim.publish", "claim_workflow", c.id, c, {"state": "published"}, editor.id),
        ]
    bulk.insert_rows(session, AuditEvent.__table__, events)
    session.commit()


def timed(work: Callable[[], object]) -> float:
    t0 = time.perf_counter()
    work()
    return time.perf_counter() - t0


def peak(work: Callable[[], object]) -> float:
    """Peak Python memory allocated while ``work`` runs, in MB."""
    tracemalloc.start()
    try:
        work()
        return tracemalloc.get_traced_memory()[1] / 1e6
    finally:
        tracemalloc.stop()


def restore_into(app: Any, path: Path) -> None:
    with app.app_context():
        restore.restore(db.session, path)
        db.session.commit()


def backup_of(app: Any, path: Path) -> None:
    with app.app_context():
        backup.backup(db.session, path)


def run(kind: str, claims: int, folder: Path, postgres_url: str) -> None:
    path, again = folder / "bench.zip", folder / "again.zip"
    with database(kind, folder, postgres_url) as app:
        with app.app_context():
            fill(claims)
            rows = sum(
                db.session.scalar(sa.select(sa.func.count()).select_from(t))
                for t in Base.metadata.sorted_tables
            )
        backup_time = timed(lambda: backup_of(app, path))
        backup_peak = peak(lambda: backup_of(app, path))
    with database(kind, folder, postgres_url) as target:
        restore_time = timed(lambda: restore_into(target, path))
        backup_of(target, again)
    with database(kind, folder, postgres_url) as target:
        restore_peak = peak(lambda: restore_into(target, path))
    same = "the same archive" if again.read_bytes() == path.read_bytes() else "A DIFFERENT ARCHIVE"
    print(
        f"{kind}, {claims:,} published claims ({rows:,} rows, archive "
        f"{path.stat().st_size / 1e6:.1f} MB): backup {backup_time:.2f} s, "
        f"peak {backup_peak:.1f} MB; restore {restore_time:.2f} s, peak {restore_peak:.1f} MB; "
        f"backup after restore: {same}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--claims", default="1000,10000", help="comma-separated sizes")
    add_postgres_option(parser)
    args = parser.parse_args()
    sizes = [int(size) for size in args.claims.split(",")]
    with tempfile.TemporaryDirectory() as folder:
        os.environ["FACTCHECK_INSTANCE_PATH"] = folder
        for kind in ("SQLite", "PostgreSQL"):
            for claims in sizes:
                try:
                    run(kind, claims, Path(folder), args.postgres_url)
                except sa.exc.OperationalError as exc:
                    print(f"{kind}: skipped ({str(exc.orig).strip().splitlines()[0]})")
                    break


if __name__ == "__main__":
    main()
