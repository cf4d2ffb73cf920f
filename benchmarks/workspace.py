"""Benchmark: the reviewer workspace for a speech of 1,000 claims, and saving a verdict.

    .venv/bin/python benchmarks/workspace.py [--claims 1000] [--repeats 20] [--postgres-url URL]

Server time through the Flask test client (no network), SQLite file in a temporary folder, and the
same on a fresh PostgreSQL schema. Prints the median and 90th percentile of each.
Targets (issue 4, SQLite on this machine): workspace < 150 ms, saving a verdict < 30 ms.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

import sqlalchemy as sa

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from factcheck import create_app  # noqa: E402
from factcheck.config import normalise_database_url  # noqa: E402
from factcheck.extensions import db  # noqa: E402
from factcheck.models import Base, Claim, Role, User  # noqa: E402
from factcheck.services import ratings, speeches  # noqa: E402
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
        db.session.add(user)
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
        from datetime import date

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
        db.session.commit()
        speech_id, claim_id = speech.id, selected.id
        rating_id = ratings.choosable_ratings(db.session)[0].id
    client = app.test_client()
    client.post("/login", data={"email": "bench@example.org", "password": PASSWORD})
    page = f"/desk/speeches/{speech_id}/work?claim={claim_id}"
    assert client.get(page).status_code == 200
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        response = client.get(page)
        times.append((time.perf_counter() - t0) * 1000)
        assert response.status_code == 200
    print(
        f"{label}: workspace, {claims:,} claims: median {statistics.median(times):.1f} ms, "
        f"p90 {percentile(times, 0.9):.1f} ms"
    )
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
        print(
            f"{label}: saving a verdict: median {statistics.median(times):.1f} ms, "
            f"p90 {percentile(times, 0.9):.1f} ms"
        )
    with app.app_context():
        db.engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--claims", type=int, default=1000)
    parser.add_argument("--repeats", type=int, default=20)
    parser.add_argument(
        "--postgres-url",
        default=os.environ.get(
            "FACTCHECK_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test"
        ),
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        os.environ["FACTCHECK_INSTANCE_PATH"] = folder
        run("SQLite", f"sqlite:///{Path(folder) / 'bench.sqlite'}", {}, args.claims, args.repeats)
        url = normalise_database_url(args.postgres_url)
        schema = f"fc_bench_{uuid.uuid4().hex[:8]}"
        engine = sa.create_engine(url)
        try:
            with engine.begin() as conn:
                conn.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
            options = {"connect_args": {"options": f"-csearch_path={schema}"}}
            run("PostgreSQL", url, options, args.claims, args.repeats)
        except sa.exc.OperationalError as exc:
            print(f"PostgreSQL: skipped ({exc.orig})")
        finally:
            with engine.begin() as conn:
                conn.execute(sa.text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
            engine.dispose()


if __name__ == "__main__":
    main()
