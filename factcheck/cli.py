"""`flask --app factcheck ...` commands: thin wrappers over services, one commit each."""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import with_appcontext
from flask_migrate import upgrade

from factcheck import MIGRATIONS_DIR
from factcheck.errors import DomainError
from factcheck.exports.formats import FORMATS
from factcheck.extensions import db
from factcheck.models import Role, Speech, TranscriptFormat
from factcheck.queries import exports as export_reads
from factcheck.queries import speeches as speech_reads
from factcheck.services import backup, demo, rescoring, restore, speeches, users
from factcheck.templating import counted


def _fail(message: str) -> None:
    db.session.rollback()
    click.echo(f"Error: {message}", err=True)
    sys.exit(1)


def _parse_date(value: str | None, option: str = "--date") -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        _fail(f"{option} must be a date such as 2024-05-08, not {value!r}.")
    return None


@click.command("import-speech")
# No dir_okay=False: click would print a multi-line usage error; reading a directory fails below.
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--title", required=True, help="Title of the speech.")
@click.option(
    "--speaker", default="", help="Who gave it (by default, the speakers the transcript labels)."
)
@click.option("--date", "delivered_on", help="When it was given (YYYY-MM-DD).")
@click.option("--occasion", help="Occasion or venue.")
@click.option("--source-url", help="Where the transcript was published.")
@click.option("--language", default="en", show_default=True, help="Language code.")
@click.option("--media-url", help="The video or audio of the speech.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["auto", *[f.value for f in TranscriptFormat]]),
    default="auto",
    show_default=True,
    help="Transcript format; auto detects it from the file name and contents.",
)
@click.option("--as", "as_email", help="E-mail of the staff account to record as importer.")
@with_appcontext
def import_speech_command(
    file: Path,
    title: str,
    speaker: str,
    delivered_on: str | None,
    occasion: str | None,
    source_url: str | None,
    language: str,
    media_url: str | None,
    fmt: str,
    as_email: str | None,
) -> None:
    """Import a UTF-8 transcript FILE (text, speaker lines, .srt or .vtt) and split it into claims."""
    actor = None
    if as_email:
        actor = users.find_by_email(db.session, as_email)
        if actor is None:
            _fail(f"No account with the e-mail {as_email}.")
    try:
        data = file.read_bytes()
    except OSError as exc:
        _fail(f"Cannot read {file}: {exc.strerror}.")
    limit = current_app.config["MAX_TRANSCRIPT_BYTES"]
    try:
        speech = speeches.import_speech(
            db.session,
            actor=actor,
            details=speeches.SpeechDetails(
                title=title,
                speaker=speaker,
                delivered_on=_parse_date(delivered_on),
                occasion=occasion,
                source_url=source_url,
                language=language,
                media_url=media_url,
            ),
            transcript=speeches.decode_upload(data, limit=limit),
            max_bytes=limit,
            fmt=None if fmt == "auto" else fmt,
            filename=file.name,
        )
    except DomainError as exc:
        _fail(exc.message)
    db.session.commit()
    open_claims, others = speech_reads.claim_counts(db.session, speech)
    click.echo(
        f"Imported speech {speech.id} “{speech.title}” ({speech.transcript_format.value}): "
        f"{counted(open_claims, 'claim')}, {counted(others, 'other span')}."
    )


@click.command("create-user")
@click.argument("email")
@click.option("--role", type=click.Choice([r.value for r in Role]), required=True)
@click.option("--name", "display_name", help="Display name (default: the part before @).")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
@with_appcontext
def create_user_command(
    email: str, role: str, display_name: str | None, password_stdin: bool
) -> None:
    """Create a staff account; the password is prompted for, or read from standard input."""
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    try:
        user = users.create_user(
            db.session,
            actor=None,
            email=email,
            password=password,
            role=Role(role),
            display_name=display_name,
        )
    except DomainError as exc:
        _fail(exc.message)
    db.session.commit()
    click.echo(f"Created {user.role.value} account {user.email}.")


def _set_active(email: str, active: bool) -> None:
    user = users.find_by_email(db.session, email)
    if user is None:
        _fail(f"No account with the e-mail {email}.")
    users.set_active(db.session, actor=None, user=user, active=active)
    db.session.commit()
    click.echo(f"{'Reactivated' if active else 'Deactivated'} {user.email}.")


@click.command("deactivate-user")
@click.argument("email")
@with_appcontext
def deactivate_user_command(email: str) -> None:
    """Stop an account from logging in and end all of its sessions (its work stays)."""
    _set_active(email, False)


@click.command("reactivate-user")
@click.argument("email")
@with_appcontext
def reactivate_user_command(email: str) -> None:
    """Let a deactivated account log in again."""
    _set_active(email, True)


def _demo_passwords_file() -> Path:
    return Path(current_app.instance_path) / "demo-accounts.json"


@click.command("demo")
@with_appcontext
def demo_command() -> None:
    """Load the demo speeches and demo accounts (idempotent) and print the accounts."""
    path = _demo_passwords_file()
    try:
        known = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    except ValueError:
        known = {}
    if not isinstance(known, dict):
        known = {}
    accounts = demo.ensure_accounts(db.session, {str(k): str(v) for k, v in known.items()})
    editor = users.find_by_email(db.session, demo.DEMO_ACCOUNTS[1][0])
    speech, created = demo.ensure_speech(db.session, editor)
    scale = demo.ensure_rating_scale(db.session)
    debate, debate_created = demo.ensure_editors_desk(db.session)
    db.session.commit()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({a.email: a.password for a in accounts}, indent=2), encoding="utf-8")
    path.chmod(0o600)
    click.echo(
        f"Demo speech {'loaded' if created else 'already present'}: “{speech.title}” (id {speech.id})."
    )
    click.echo(
        f"Editor's desk demo {'loaded' if debate_created else 'already present'}: "
        f"“{debate.title}” (id {debate.id}), with work in every state."
    )
    click.echo(f"Rating scale: {scale.name}, {len(scale.ratings)} ratings.")
    click.echo("Demo accounts (kept in instance/demo-accounts.json):")
    for account in accounts:
        click.echo(f"  {account.role.value:<9} {account.email:<22} password: {account.password}")


@click.command("export")
@click.option(
    "--format", "fmt", type=click.Choice(sorted(FORMATS)), required=True, help="What to write."
)
@click.option("--speech", "speech_id", type=int, help="Only this speech (its id).")
@click.option("--published-only", is_flag=True, help="Only what readers were shown.")
@click.option("--speaker", help="Only speeches or claims by this speaker (any case).")
@click.option("--since", help="Only speeches delivered on or after this date (YYYY-MM-DD).")
@click.option("--until", help="Only speeches delivered on or before this date (YYYY-MM-DD).")
@click.option("--bom", is_flag=True, help="CSV: start with a UTF-8 byte-order mark, for Excel.")
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path), help="File to write.")
@click.option("--base-url", help="The site's address for permalinks (default: PUBLIC_URL).")
@with_appcontext
def export_command(
    fmt: str,
    speech_id: int | None,
    published_only: bool,
    speaker: str | None,
    since: str | None,
    until: str | None,
    bom: bool,
    output: Path | None,
    base_url: str | None,
) -> None:
    """Export checked claims (the desk's live work, or only what was published), streamed to
    standard output unless --output names a file."""
    chosen = FORMATS[fmt]
    if speech_id is not None and db.session.get(Speech, speech_id) is None:
        _fail(f"No speech with the id {speech_id}.")
    selection = export_reads.Selection(
        speech_id=speech_id,
        speaker=speaker or None,
        since=_parse_date(since, "--since"),
        until=_parse_date(until, "--until"),
    )
    export = export_reads.export(
        db.session,
        selection,
        published_only=published_only or chosen.published_only,
        base_url=base_url or current_app.config["PUBLIC_URL"],
    )
    chunks = chosen.write(export, bom=bom)
    if output is None:
        stream = sys.stdout.buffer
        for chunk in chunks:
            stream.write(chunk)
        stream.flush()
        return
    try:
        with output.open("wb") as target:
            for chunk in chunks:
                target.write(chunk)
    except OSError as exc:
        _fail(f"Cannot write {output}: {exc.strerror}.")
    click.echo(f"Exported {fmt} to {output}.", err=True)


@click.command("backup")
@click.argument("file", type=click.Path(path_type=Path))
@with_appcontext
def backup_command(file: Path) -> None:
    """Write the whole database to one archive FILE, for `restore` (see docs/backup-format.md)."""
    try:
        summary = backup.backup(db.session, file)
    except DomainError as exc:
        _fail(exc.message)
    db.session.rollback()
    click.echo(
        f"Backed up {counted(summary.rows, 'row')} of {counted(summary.tables, 'table')} "
        f"(schema revision {summary.schema_revision}) to {file}."
    )


@click.command("restore")
@click.argument("file", type=click.Path(path_type=Path))
@with_appcontext
def restore_command(file: Path) -> None:
    """Load a backup FILE into an empty database, keeping every id; a database without tables is
    migrated first."""
    try:
        if not restore.has_tables(db.session):
            restore.verify(file)  # before migrating: a refused archive leaves no tables behind
            db.session.rollback()
            upgrade(directory=str(MIGRATIONS_DIR))
        summary = restore.restore(db.session, file)
    except DomainError as exc:
        _fail(exc.message)
    db.session.commit()
    click.echo(
        f"Restored {counted(summary.rows, 'row')} of {counted(summary.tables, 'table')} "
        f"from {file}."
    )


@click.command("rescore-claims")
@click.option("--speech", "speech_id", type=int, help="Only this speech (by default, every one).")
@with_appcontext
def rescore_claims_command(speech_id: int | None) -> None:
    """Score stored claims again with the current check-worthiness model (after retraining it)."""
    ids = [speech_id] if speech_id is not None else speech_reads.speech_ids(db.session)
    changed = 0
    for one in ids:  # one transaction a speech: reviewers wait for one speech at most
        changed += rescoring.rescore_speech(db.session, one)
        db.session.commit()
    click.echo(
        f"Rescored {counted(len(ids), 'speech', 'speeches')}: {counted(changed, 'claim')} changed."
    )


def register(app: Flask) -> None:
    for command in (
        import_speech_command,
        create_user_command,
        deactivate_user_command,
        reactivate_user_command,
        demo_command,
        export_command,
        backup_command,
        restore_command,
        rescore_claims_command,
    ):
        app.cli.add_command(command)
