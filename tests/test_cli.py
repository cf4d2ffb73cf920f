"""The `flask` commands: import-speech, rescore-claims, create-user and demo, through Flask's CLI runner.

Errors must exit non-zero with exactly one line on stderr, starting with "Error:", and store nothing.
Click >= 8.2 always keeps stderr apart: `result.stdout` and `result.stderr` are separate streams.
"""

from __future__ import annotations

import re
import stat
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from click.testing import Result
from flask import Flask
from flask.testing import FlaskCliRunner
from sqlalchemy import select

from factcheck.extensions import db
from factcheck.models import (
    Assignment,
    AuditEvent,
    Claim,
    ClaimWorkflow,
    Publication,
    Role,
    Speech,
    User,
    Verdict,
    VerdictStatus,
)
from factcheck.services.demo import DEMO_DEBATE, DEMO_SPEECH
from tests.factories import PASSWORD
from tests.helpers import login, stored

TRANSCRIPT = (
    "Good morning, everyone.\n"
    "Unemployment fell to 4.2% in 2023, the lowest level since 1990. "
    "Exports to China doubled between 2015 and 2022.\n"
    "What does that mean?\n"
)
NEW_PASSWORD = "a brand new passphrase"
ACCOUNT_LINE = re.compile(r"^ {2}(\w+) +(\S+@\S+) +password: (\S+)$")


def assert_one_line_error(result: Result, *fragments: str) -> None:
    assert result.exit_code != 0
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("Error: ")
    for fragment in fragments:
        assert fragment in lines[0]
    assert "Traceback" not in result.output
    assert result.stdout == ""


def write(tmp_path: Path, content: bytes | str, name: str = "speech.txt") -> Path:
    path = tmp_path / name
    if isinstance(content, str):
        content = content.encode("utf-8")
    path.write_bytes(content)
    return path


def import_args(file: Path | str, *extra: str) -> list[str]:
    return [
        "import-speech",
        str(file),
        "--title",
        "Budget speech",
        "--speaker",
        "The Minister",
        *extra,
    ]


# --- import-speech --------------------------------------------------------------------------------


def test_import_speech_with_every_option(
    app: Flask, runner: FlaskCliRunner, users: dict[str, User], tmp_path: Path
) -> None:
    file = write(tmp_path, TRANSCRIPT)
    result = runner.invoke(
        args=import_args(
            file,
            "--date",
            "2024-05-08",
            "--occasion",
            "Parliament",
            "--source-url",
            "https://example.org/speech",
            "--language",
            "en-GB",
            "--as",
            "Editor@Example.org",
        )
    )
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    with app.app_context():
        speech = db.session.scalars(select(Speech)).one()
        assert result.stdout == (
            f"Imported speech {speech.id} “Budget speech” (plain): 2 claims, 2 other spans.\n"
        )
        assert (speech.title, speech.speaker, speech.delivered_on) == (
            "Budget speech",
            "The Minister",
            date(2024, 5, 8),
        )
        assert (speech.occasion, speech.source_url, speech.language) == (
            "Parliament",
            "https://example.org/speech",
            "en-GB",
        )
        assert speech.transcript == TRANSCRIPT
        assert speech.created_by_id == users["editor"].id
        event = db.session.scalars(select(AuditEvent)).one()
        assert (event.action, event.actor_id) == ("speech.import", users["editor"].id)
    assert stored(app) == {"speech": 1, "claim": 4, "audit_event": 1, "user": 3}


def test_import_speech_without_an_account_is_recorded_as_the_system(
    app: Flask, runner: FlaskCliRunner, tmp_path: Path
) -> None:
    file = write(tmp_path, "\ufeff" + TRANSCRIPT.replace("\n", "\r\n"))
    result = runner.invoke(args=import_args(file))
    assert result.exit_code == 0, result.output
    assert "2 claims, 2 other spans." in result.stdout
    with app.app_context():
        speech = db.session.scalars(select(Speech)).one()
        assert speech.created_by_id is None
        assert speech.language == "en"
        assert speech.transcript == TRANSCRIPT


def test_rescore_claims_scores_stored_claims_again(
    app: Flask, runner: FlaskCliRunner, tmp_path: Path
) -> None:
    assert runner.invoke(args=import_args(write(tmp_path, TRANSCRIPT))).exit_code == 0
    with app.app_context():
        claims = [c for c in db.session.scalars(select(Claim)) if c.is_claim]
        imported = {c.id: (c.checkworthiness, c.checkworthiness_reasons) for c in claims}
        claims[0].checkworthiness, claims[0].checkworthiness_reasons = 0.5, ["an old reason"]
        db.session.commit()
    result = runner.invoke(args=["rescore-claims"])
    assert result.exit_code == 0, result.output
    assert result.stdout == "Rescored 1 speech: 1 claim changed.\n"
    with app.app_context():
        claims = [c for c in db.session.scalars(select(Claim)) if c.is_claim]
        assert {c.id: (c.checkworthiness, c.checkworthiness_reasons) for c in claims} == imported
    result = runner.invoke(args=["rescore-claims", "--speech", "999999"])
    assert result.stdout == "Rescored 1 speech: 0 claims changed.\n"


FUTURE = (datetime.now(UTC).date() + timedelta(days=3)).isoformat()
IMPORT_ERRORS = {
    "missing file": (None, [], "Cannot read"),
    "directory": ("DIR", [], "Cannot read"),
    "non-UTF-8 file": ("Caf\u00e9 prices rose 5% in 2023.".encode("latin-1"), [], "UTF-8"),
    "binary file": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", [], "binary"),
    "empty file": (b"", [], "empty"),
    "blank file": (b" \n\t\r\n", [], "empty"),
    "bad date": (TRANSCRIPT, ["--date", "08/05/2024"], "--date"),
    "impossible date": (TRANSCRIPT, ["--date", "2024-02-30"], "--date"),
    "future date": (TRANSCRIPT, ["--date", FUTURE], "future"),
    "unknown account": (TRANSCRIPT, ["--as", "nobody@example.org"], "nobody@example.org"),
    "text as URL": (TRANSCRIPT, ["--source-url", "not a url"], "http"),
    "ftp URL": (TRANSCRIPT, ["--source-url", "ftp://x"], "http"),
    "bad language": (TRANSCRIPT, ["--language", "english!"], "language"),
    "blank title": (TRANSCRIPT, ["--title", "   "], "title"),
}


@pytest.mark.parametrize(
    ("content", "extra", "message"), IMPORT_ERRORS.values(), ids=IMPORT_ERRORS.keys()
)
def test_import_speech_errors_are_one_line_and_store_nothing(
    app: Flask,
    runner: FlaskCliRunner,
    users: dict[str, User],
    tmp_path: Path,
    content: bytes | str | None,
    extra: list[str],
    message: str,
) -> None:
    if content is None:
        file = tmp_path / "missing.txt"
    elif content == "DIR":
        file = tmp_path
    else:
        file = write(tmp_path, content)
    result = runner.invoke(args=import_args(file, *extra))
    assert_one_line_error(result, message)
    assert stored(app) == {"speech": 0, "claim": 0, "audit_event": 0, "user": 3}


def test_import_speech_over_the_size_limit_is_refused(
    app: Flask, runner: FlaskCliRunner, tmp_path: Path
) -> None:
    app.config["MAX_TRANSCRIPT_BYTES"] = 100
    file = write(tmp_path, "Exports doubled between 2015 and 2022. " * 3)
    result = runner.invoke(args=import_args(file))
    assert_one_line_error(result, "100")
    assert stored(app)["speech"] == 0


def test_import_speech_needs_a_title(app: Flask, runner: FlaskCliRunner, tmp_path: Path) -> None:
    file = write(tmp_path, TRANSCRIPT)
    result = runner.invoke(args=["import-speech", str(file), "--speaker", "The Minister"])
    assert result.exit_code == 2
    assert "--title" in result.stderr
    assert stored(app)["speech"] == 0


# --- create-user ----------------------------------------------------------------------------------


def user_rows(app: Flask) -> list[tuple[str, Role, bool]]:
    with app.app_context():
        return [
            (u.email, u.role, u.active) for u in db.session.scalars(select(User).order_by(User.id))
        ]


def can_log_in(app: Flask, email: str, password: str) -> bool:
    response = login(app.test_client(), email, password)
    assert response.status_code in (302, 401)
    return response.status_code == 302


def test_create_user_reads_the_password_from_stdin(app: Flask, runner: FlaskCliRunner) -> None:
    result = runner.invoke(
        args=["create-user", "New.Editor@Example.org", "--role", "editor", "--password-stdin"],
        input=f"{NEW_PASSWORD}\n",
    )
    assert result.exit_code == 0, result.output
    assert result.stdout == "Created editor account new.editor@example.org.\n"
    assert result.stderr == ""
    assert user_rows(app) == [("new.editor@example.org", Role.EDITOR, True)]
    with app.app_context():
        event = db.session.scalars(select(AuditEvent)).one()
        assert event.action == "user.create"
    assert can_log_in(app, "new.editor@example.org", NEW_PASSWORD)
    assert not can_log_in(app, "new.editor@example.org", NEW_PASSWORD + "\n")


def test_create_user_prompts_twice_for_the_password(app: Flask, runner: FlaskCliRunner) -> None:
    result = runner.invoke(
        args=["create-user", "admin2@example.org", "--role", "admin"],
        input=f"{NEW_PASSWORD}\n{NEW_PASSWORD}\n",
    )
    assert result.exit_code == 0, result.output
    assert "Created admin account admin2@example.org." in result.stdout
    # The prompt hides what is typed.
    assert NEW_PASSWORD not in result.output
    assert user_rows(app) == [("admin2@example.org", Role.ADMIN, True)]
    assert can_log_in(app, "admin2@example.org", NEW_PASSWORD)


def test_create_user_stops_when_the_two_passwords_differ(
    app: Flask, runner: FlaskCliRunner
) -> None:
    result = runner.invoke(
        args=["create-user", "admin2@example.org", "--role", "admin"],
        input=f"{NEW_PASSWORD}\n{NEW_PASSWORD}!\n",
    )
    assert result.exit_code != 0
    assert "do not match" in result.output
    assert user_rows(app) == []


@pytest.mark.parametrize(
    ("email", "password", "message"),
    [
        ("editor@example.org", NEW_PASSWORD, "already exists"),
        ("EDITOR@Example.org", NEW_PASSWORD, "already exists"),
        ("new@example.org", "short", "at least 12"),
        ("new@example.org", "", "at least 12"),
        ("new@example.org", " " * 10, "at least 12"),
        ("new@example.org", " " * 12, "only spaces"),
        ("new@example.org", "\t" * 12, "only spaces"),
        ("new@example.org", "a good long\tpassphrase", "control characters"),
        ("new@example.org", "password1234", "too easy to guess"),
        ("new@example.org", "new@example.org!", "too easy to guess"),
        ("new@example.org", "x" * 1025, "too long"),
        ("not-an-email", NEW_PASSWORD, "not a valid e-mail"),
        ("two@@example.org", NEW_PASSWORD, "not a valid e-mail"),
        ("", NEW_PASSWORD, "not a valid e-mail"),
    ],
)
def test_create_user_errors_are_one_line_and_store_nothing(
    app: Flask,
    runner: FlaskCliRunner,
    users: dict[str, User],
    email: str,
    password: str,
    message: str,
) -> None:
    before = user_rows(app)
    result = runner.invoke(
        args=["create-user", email, "--role", "editor", "--password-stdin"], input=f"{password}\n"
    )
    assert_one_line_error(result, message)
    assert user_rows(app) == before
    assert stored(app)["audit_event"] == 0
    # The existing account keeps its password.
    assert can_log_in(app, "editor@example.org", PASSWORD)


def test_create_user_refuses_an_unknown_role(app: Flask, runner: FlaskCliRunner) -> None:
    result = runner.invoke(
        args=["create-user", "new@example.org", "--role", "superuser", "--password-stdin"],
        input=f"{NEW_PASSWORD}\n",
    )
    assert result.exit_code == 2
    assert "superuser" in result.stderr
    assert user_rows(app) == []


# --- demo -----------------------------------------------------------------------------------------


def demo_accounts(result: Result) -> dict[str, tuple[str, str]]:
    """e-mail -> (role, password) as printed by `flask demo`."""
    found = [ACCOUNT_LINE.match(line) for line in result.stdout.splitlines()]
    return {m.group(2): (m.group(1), m.group(3)) for m in found if m}


DEMO_PEOPLE = {
    "admin@example.org": Role.ADMIN,
    "editor@example.org": Role.EDITOR,
    "reviewer@example.org": Role.REVIEWER,
    "second@example.org": Role.REVIEWER,
}


def test_demo_loads_two_speeches_and_prints_four_accounts_that_work(
    app: Flask, runner: FlaskCliRunner
) -> None:
    result = runner.invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    assert f"Demo speech loaded: “{DEMO_SPEECH.title}”" in result.stdout
    assert f"Editor's desk demo loaded: “{DEMO_DEBATE.title}”" in result.stdout
    accounts = demo_accounts(result)
    assert {email: role for email, (role, _) in accounts.items()} == {
        email: role.value for email, role in DEMO_PEOPLE.items()
    }
    assert len({password for _, password in accounts.values()}) == 4
    for email, (_, password) in accounts.items():
        assert can_log_in(app, email, password)
    with app.app_context():
        assert {(u.email, u.role) for u in db.session.scalars(select(User))} == set(
            DEMO_PEOPLE.items()
        )
        speeches = {s.title: s for s in db.session.scalars(select(Speech))}
        assert set(speeches) == {DEMO_SPEECH.title, DEMO_DEBATE.title}
        assert speeches[DEMO_SPEECH.title].created_by.email == "editor@example.org"
        # The debate has work in every state of the editor's desk.
        debate = speeches[DEMO_DEBATE.title].id
        states = set(
            db.session.scalars(select(ClaimWorkflow.state).where(ClaimWorkflow.speech_id == debate))
        )
        assert {s.value for s in states} >= {
            "in_review",
            "submitted",
            "sent_back",
            "approved",
            "published",
        }
        kinds = db.session.scalars(select(Publication.kind).where(Publication.speech_id == debate))
        assert sorted(k.value for k in kinds) == ["correction", "first", "first"]
        seconds = db.session.scalars(select(Assignment).where(Assignment.second.is_(True))).all()
        assert len(seconds) == 1
        disputed = db.session.scalars(
            select(Verdict.rating_label).where(
                Verdict.claim_id == seconds[0].claim_id, Verdict.status == VerdictStatus.SUBMITTED
            )
        ).all()
        assert len(set(disputed)) == 2  # two independent verdicts that disagree
    assert stored(app)["claim"] > 5
    kept = Path(app.instance_path) / "demo-accounts.json"
    assert stat.S_IMODE(kept.stat().st_mode) == 0o600


def test_demo_twice_duplicates_nothing_and_prints_the_same_passwords(
    app: Flask, runner: FlaskCliRunner
) -> None:
    first = runner.invoke(args=["demo"])
    assert first.exit_code == 0, first.output
    after_first = stored(app)
    second = runner.invoke(args=["demo"])
    assert second.exit_code == 0, second.output
    assert f"Demo speech already present: “{DEMO_SPEECH.title}”" in second.stdout
    assert demo_accounts(second) == demo_accounts(first)
    assert len(demo_accounts(second)) == 4
    # Nothing new: the same speeches, claims, users, and no audit rows for password resets.
    assert stored(app) == after_first
    for email, (_, password) in demo_accounts(second).items():
        assert can_log_in(app, email, password)


def test_demo_resets_passwords_it_no_longer_knows(app: Flask, runner: FlaskCliRunner) -> None:
    first = demo_accounts(runner.invoke(args=["demo"]))
    (Path(app.instance_path) / "demo-accounts.json").unlink()
    result = runner.invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    second = demo_accounts(result)
    assert set(second) == set(DEMO_PEOPLE)
    for email, (_, password) in second.items():
        assert password != first[email][1]
        assert can_log_in(app, email, password)
        assert not can_log_in(app, email, first[email][1])
    assert stored(app)["user"] == 4
    assert stored(app)["speech"] == 2


# --- deactivate-user, reactivate-user -------------------------------------------------------------


def test_deactivating_a_user_logs_them_out_everywhere_until_reactivated(
    app: Flask, runner: FlaskCliRunner, users: dict[str, User]
) -> None:
    browsers = [app.test_client(), app.test_client()]
    for browser in browsers:
        assert login(browser, "editor@example.org").status_code == 302
    result = runner.invoke(args=["deactivate-user", "Editor@Example.org"])
    assert result.exit_code == 0, result.output
    assert result.stdout == "Deactivated editor@example.org.\n"
    assert all(browser.get("/desk/").status_code == 404 for browser in browsers)
    assert not can_log_in(app, "editor@example.org", PASSWORD)
    result = runner.invoke(args=["reactivate-user", "editor@example.org"])
    assert result.stdout == "Reactivated editor@example.org.\n"
    # The old sessions stay ended; a new log-in works.
    assert all(browser.get("/desk/").status_code == 404 for browser in browsers)
    assert can_log_in(app, "editor@example.org", PASSWORD)
    with app.app_context():
        actions = db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)).all()
    assert actions == ["user.deactivate", "user.activate"]


def test_deactivating_an_unknown_user_is_a_one_line_error(
    app: Flask, runner: FlaskCliRunner
) -> None:
    assert_one_line_error(
        runner.invoke(args=["deactivate-user", "nobody@example.org"]), "No account"
    )
