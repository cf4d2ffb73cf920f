"""Benchmark: the reader site. Server time of a speech page with 500 published checks, a search
and a claim's permalink (Flask test client, no network), then requests per second of the claim's
permalink under gunicorn on loopback beside a trivial Flask endpoint served the same way in the
same run: the ceiling of this machine. Target: the permalink reaches half the ceiling.

    .venv/bin/python benchmarks/reader.py [--claims 500] [--repeats 20] [--seconds 5] [--clients 8]
                                          [--postgres-url URL]

Each on a SQLite file in a temporary folder (the search uses its FTS5 table) and then on
PostgreSQL (a schema made for the run and dropped after), which is how the README deploys it;
gunicorn with gunicorn.conf.py and its worker count (2 x cores + 1), access log discarded. The load comes from threads of this
process, which share the machine's cores with the server: compare the two figures, not either
alone with another machine's.
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

import sqlalchemy as sa
from flask import Flask

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks._common import add_postgres_option, postgres_schema  # noqa: E402
from factcheck import create_app  # noqa: E402
from factcheck.extensions import db  # noqa: E402
from factcheck.models import Base, Claim, Publication, PublicationKind  # noqa: E402
from factcheck.services import ratings, speeches  # noqa: E402


def trivial() -> Flask:
    """The ceiling: a Flask app that answers a constant, served by the same gunicorn."""
    app = Flask(__name__)

    @app.get("/")
    def hello() -> str:
        return "hello"

    return app


def transcript(claims: int) -> str:
    return "\n".join(
        f"In {1950 + i % 70} the unemployment rate in region {i} was {i % 13}.{i % 10}%."
        for i in range(claims)
    )


def seed(url: str, claims: int) -> tuple[int, int]:
    """A speech of `claims` claims, each published with a rating and a source: (speech, claim)."""
    app = create_app({"SECRET_KEY": "bench", "DATABASE_URL": url})
    with app.app_context():
        Base.metadata.create_all(db.engine)
        scale = ratings.ensure_default_scale(db.session)
        speech = speeches.import_speech(
            db.session,
            actor=None,
            details=speeches.SpeechDetails(title="Bench", speaker="A speaker"),
            transcript=transcript(claims),
        )
        db.session.flush()
        rows = db.session.scalars(sa.select(Claim).where(Claim.speech_id == speech.id)).all()
        for n, claim in enumerate(rows):
            rating = scale.ratings[n % 5]
            content = {
                "claim": {"id": claim.id, "text": claim.text, "start": claim.start,
                          "end": claim.end, "restatement": None, "speaker": None,
                          "media_start_ms": None, "media_end_ms": None},
                "speech": {"id": speech.id, "title": speech.title, "delivered_on": "2024-05-01",
                           "speaker": speech.speaker, "source_url": None},
                "verdict": {"id": n + 1, "version": 1,
                            "rating": {"label": rating.label, "value": rating.value,
                                       "colour": rating.colour, "definition": rating.definition},
                            "conclusion": f"The survey gives {n % 13}.{n % 10}% for that year.",
                            "explanation": "The labour force survey, table 3.",
                            "reviewer": "A reviewer"},
                "approvers": [{"name": "An editor", "approved_at": "2024-05-02T10:00:00+00:00"}],
                "sources": [{"url": "https://example.org/survey", "title": "Labour force survey",
                             "publisher": "Statistics office", "quote": "Table 3.",
                             "published_on": None, "accessed_on": "2024-05-02",
                             "stance": "supports"}],
            }  # fmt: skip
            db.session.add(
                Publication(
                    claim_id=claim.id,
                    speech_id=speech.id,
                    number=1,
                    kind=PublicationKind.FIRST,
                    content=content,
                )
            )
        db.session.commit()
        found = speech.id, rows[claims // 2].id
        db.engine.dispose()
    return found


def server_times(url: str, speech_id: int, claim_id: int, repeats: int) -> str:
    app = create_app({"SECRET_KEY": "bench", "DATABASE_URL": url})
    client = app.test_client()
    permalink = client.get(f"/claims/{claim_id}").headers["Location"]
    lines = []
    for what, path in (
        ("speech page, all checks", f"/speeches/{speech_id}"),
        ("search, 20 results", "/search?q=unemployment+rate"),
        ("claim permalink", permalink),
    ):
        assert client.get(path).status_code == 200, path
        times = []
        for _ in range(repeats):
            t0 = time.perf_counter()
            assert client.get(path).status_code == 200
            times.append((time.perf_counter() - t0) * 1000)
        ordered = sorted(times)
        p90 = ordered[min(len(ordered) - 1, round(0.9 * (len(ordered) - 1)))]
        lines.append(f"{what}: median {statistics.median(times):.1f} ms, p90 {p90:.1f} ms")
    with app.app_context():
        db.engine.dispose()
    return permalink, "\n".join(lines)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def throughput(target: str, path: str, env: dict[str, str], seconds: float, clients: int) -> float:
    """Requests per second of `path` from `clients` threads against gunicorn serving `target`."""
    bind = f"127.0.0.1:{free_port()}"
    command = [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "--bind", bind, target]
    server = subprocess.Popen(  # noqa: S603 - our own gunicorn command
        command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    url = f"http://{bind}{path}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                urllib.request.urlopen(url, timeout=5).read()
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise SystemExit(f"gunicorn did not serve {target}") from None
                time.sleep(0.2)
        counts = [0] * clients
        stop = time.monotonic() + seconds

        def hammer(i: int) -> None:
            while time.monotonic() < stop:
                with urllib.request.urlopen(url, timeout=10) as response:
                    response.read()
                counts[i] += 1

        threads = [threading.Thread(target=hammer, args=(i,)) for i in range(clients)]
        started = time.monotonic()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        return sum(counts) / (time.monotonic() - started)
    finally:
        server.terminate()
        server.wait(timeout=30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--claims", type=int, default=500)
    parser.add_argument("--repeats", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--clients", type=int, default=8)
    add_postgres_option(parser)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        os.environ["FACTCHECK_INSTANCE_PATH"] = folder
        bench("SQLite", f"sqlite:///{Path(folder) / 'bench.sqlite'}", folder, args)
        try:
            with postgres_schema(args.postgres_url) as schema:
                # The schema in the URL itself, so that gunicorn's workers connect to it too.
                bench("PostgreSQL", schema.url_with_schema, folder, args)
        except sa.exc.OperationalError as exc:
            print(f"PostgreSQL: skipped ({exc.orig})")


def bench(label: str, url: str, folder: str, args: argparse.Namespace) -> None:
    speech_id, claim_id = seed(url, args.claims)
    permalink, times = server_times(url, speech_id, claim_id, args.repeats)
    print(f"{label}, {args.claims:,} published checks (server time):\n{times}")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("FACTCHECK_", "GUNICORN_"))}
    env |= {
        "FACTCHECK_SECRET_KEY": "bench",
        "FACTCHECK_DATABASE_URL": url,
        "FACTCHECK_INSTANCE_PATH": folder,
    }
    ceiling = throughput("benchmarks.reader:trivial()", "/", env, args.seconds, args.clients)
    claim = throughput("factcheck:create_app()", permalink, env, args.seconds, args.clients)
    print(
        f"{label}, gunicorn on loopback, {args.clients} clients: trivial Flask endpoint "
        f"{ceiling:,.0f} req/s; claim permalink {claim:,.0f} req/s "
        f"({claim / ceiling:.0%} of the ceiling; target 50%)"
    )


if __name__ == "__main__":
    main()
