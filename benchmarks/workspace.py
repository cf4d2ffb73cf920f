"""Benchmark: the reviewer workspace for a speech of 1,000 claims, saving a verdict, a reviewer's
queue and the editor's board of that speech.

    .venv/bin/python benchmarks/workspace.py [--claims 1000] [--repeats 20] [--postgres-url URL]

Server time through the Flask test client (no network), SQLite file in a temporary folder, and the
same on a fresh PostgreSQL schema. Prints the median and 90th percentile of each.
Targets (SQLite on this machine): workspace < 150 ms, saving a verdict < 30 ms (issue 4); my queue
and the board < 100 ms (the editor's desk). The reviewer is assigned the whole speech, and a tenth
of its claims one by one with due dates (some past), half of those as second reviews.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

import sqlalchemy as sa

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks._common import add_postgres_option, postgres_schema  # noqa: E402
from factcheck import create_app  # noqa: E402
from factcheck.extensions import db  # noqa: E402
from factcheck.models import Assignment, Base, Claim, Role, User  # noqa: E402
from factcheck.services import assignments, ratings, speeches  # noqa: E402
from factcheck.services.sources import SourceInput, add_source  # noqa: E402

PASSWORD = "benchmark password"  # noqa: S105 - a throwaway account in a temporary database


def transcript(claims: int) -> str:
    return "\n".join(
        f"In {1950 + i % 70} the unemployment rate in region {i} was {i % 13}.{i % 10}%."
        for i in range(claims)
    )


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def timed(client, path: str, repeats: int) -> list[float]:
    assert client.get(path).status_code == 200, path
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        response = client.get(path)
        times.append((time.perf_counter() - t0) * 1000)
        assert response.status_code == 200, path
    return times


def report(label: str, what: str, times: list[float]) -> None:
    print(
        f"{label}: {what}: median {statistics.median(times):.1f} ms, "
        f"p90 {percentile(times, 0.9):.1f} ms"
    )


def run(label: str, url: str, options: dict, claims: int, repeats: int) -> None:
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "bench",
            "WTF_CSRF_ENABLED": False,
            "DATABASE_URL": url,
            "SQLALCHEMY_ENGINE_OPTIONS": options,
        }
    )
    with app.app_context():
        Base.metadata.create_all(db.engine)
        user = User(email="bench@example.org", display_name="Bench", role=Role.REVIEWER)
        user.set_password(PASSWORD)
        editor = User(email="editor@example.org", display_name="Editor", role=Role.EDITOR)
        editor.set_password(PASSWORD)
        db.session.add_all([user, editor])
        ratings.ensure_default_scale(db.session)
        speech = speeches.import_speech(
            db.session,
            actor=user,
            details=speeches.SpeechDetails(title="Bench", speaker="Bench"),
            transcript=transcript(claims),
        )
        db.session.flush()
        selected = db.session.scalars(
            sa.select(Claim).where(Claim.speech_id == speech.id).order_by(Claim.start)
        ).all()[claims // 2]
        add_source(
            db.session,
            actor=user,
            claim=selected,
            data=SourceInput(
                url="https://example.org/stats",
                title="Labour force survey",
                accessed_on=date(2024, 6, 1),
                stance="supports",
                kind="primary_data",
            ),
        )
        assignments.assign(db.session, actor=editor, speech=speech, reviewers=[user])
        every = db.session.scalars(
            sa.select(Claim).where(Claim.speech_id == speech.id).order_by(Claim.start)
        ).all()
        for n, due in enumerate((date(2020, 1, 1), date(2999, 1, 1))):
            for second in (False, True):
                part = every[n * 2 + second :: 40]
                assignments.assign(
                    db.session,
                    actor=editor,
                    speech=speech,
                    reviewers=[user],
                    claims=part,
                    due_on=None if due.year == 2020 else due,
                    second=second,
                )
                if due.year == 2020:  # a due date in the past: as if assigned long ago
                    db.session.execute(
                        sa.update(Assignment)
                        .where(Assignment.claim_id.in_([c.id for c in part]))
                        .values(due_on=due)
                    )
        db.session.commit()
        speech_id, claim_id = speech.id, selected.id
        rating_id = ratings.choosable_ratings(db.session)[0].id
    client = app.test_client()
    client.post("/login", data={"email": "bench@example.org", "password": PASSWORD})
    page = f"/desk/speeches/{speech_id}/work?claim={claim_id}"
    report(label, f"workspace, {claims:,} claims", timed(client, page, repeats))
    report(label, "my queue", timed(client, "/desk/queue", repeats))
    editors = app.test_client()
    editors.post("/login", data={"email": "editor@example.org", "password": PASSWORD})
    report(label, "board", timed(editors, f"/desk/speeches/{speech_id}/board", repeats))
    save = f"/desk/claims/{claim_id}/verdict"
    with app.app_context():
        state = db.session.get(Claim, claim_id).words_token
    version = None
    times = []
    for i in range(repeats):
        data = {
            "rating": rating_id,
            "conclusion": f"Checked against the survey ({i}).",
            "intent": "submit",
            "claim_state": state,
        }
        if version is not None:
            data["version"] = version
        t0 = time.perf_counter()
        response = client.post(save, data=data)
        times.append((time.perf_counter() - t0) * 1000)
        if response.status_code != 302:
            print(f"{label}: saving a verdict failed with HTTP {response.status_code}")
            break
        with app.app_context():
            version = db.session.scalar(sa.text("SELECT max(version) FROM verdict"))
    else:
        report(label, "saving a verdict", times)
    with app.app_context():
        db.engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--claims", type=int, default=1000)
    parser.add_argument("--repeats", type=int, default=20)
    add_postgres_option(parser)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        os.environ["FACTCHECK_INSTANCE_PATH"] = folder
        run("SQLite", f"sqlite:///{Path(folder) / 'bench.sqlite'}", {}, args.claims, args.repeats)
        try:
            with postgres_schema(args.postgres_url) as schema:
                run("PostgreSQL", schema.url, schema.engine_options, args.claims, args.repeats)
        except sa.exc.OperationalError as exc:
            print(f"PostgreSQL: skipped ({exc.orig})")


if __name__ == "__main__":
    main()
