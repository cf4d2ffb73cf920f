"""`flask export`: every format on the command line, to standard output or a file."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from flask.testing import FlaskCliRunner

from factcheck.exports.csv_format import BOM
from tests.exports.support import demo
from tests.exports.validate import json_export_errors


@pytest.fixture
def desk(app, runner: FlaskCliRunner) -> FlaskCliRunner:
    demo(app)
    return runner


def test_csv_to_standard_output_published_only(desk: FlaskCliRunner) -> None:
    result = desk.invoke(args=["export", "--format", "csv", "--published-only"])
    assert result.exit_code == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [r["state"] for r in rows] == ["published", "published"]
    assert rows[0]["permalink"].startswith("http://127.0.0.1:5000/claims/")


def test_the_staff_export_holds_unpublished_work(desk: FlaskCliRunner) -> None:
    result = desk.invoke(args=["export", "--format", "csv", "--base-url", "https://x.example/"])
    states = {r["state"] for r in csv.DictReader(io.StringIO(result.stdout))}
    assert {"approved", "submitted", "published"} <= states
    assert "https://x.example/claims/" in result.stdout


def test_json_to_a_file_validates(desk: FlaskCliRunner, tmp_path: Path) -> None:
    target = tmp_path / "export.json"
    result = desk.invoke(args=["export", "--format", "json", "--output", str(target)])
    assert result.exit_code == 0, result.stderr
    assert f"Exported json to {target}" in result.stderr
    document = json.loads(target.read_text(encoding="utf-8"))
    assert json_export_errors(document) == []
    assert len(document["speeches"]) == 2


def test_claimreview_is_published_checks_even_without_the_flag(desk: FlaskCliRunner) -> None:
    result = desk.invoke(args=["export", "--format", "claimreview", "--speech", "2"])
    assert result.exit_code == 0, result.stderr
    assert len(json.loads(result.stdout)["@graph"]) == 2


def test_webanno_and_a_bom(desk: FlaskCliRunner) -> None:
    result = desk.invoke(args=["export", "--format", "webanno", "--published-only"])
    [collection] = [json.loads(line) for line in result.stdout.splitlines()]
    assert collection["total"] == 2
    marked = desk.invoke(args=["export", "--format", "csv", "--bom"])
    assert marked.stdout_bytes.startswith(BOM)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--since", "yesterday"], "--since must be a date"),
        (["--speech", "999"], "No speech with the id 999."),
    ],
)
def test_bad_options_are_one_line_errors(desk: FlaskCliRunner, args, message) -> None:
    result = desk.invoke(args=["export", "--format", "csv", *args])
    assert result.exit_code != 0
    assert result.stderr.splitlines() == [f"Error: {result.stderr[7:].strip()}"]
    assert message in result.stderr
