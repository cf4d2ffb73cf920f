"""``python -m factcheck.claims``: rank and evaluate."""

import subprocess
import sys
from pathlib import Path

import pytest

from factcheck.claims.__main__ import main
from factcheck.claims.checkworthiness import score_document
from factcheck.claims.train_checkworthiness import average_precision, ranked_labels, read_clef
from tests.shared import shared_file

ROOT = Path(__file__).resolve().parents[2]
LINES = [
    ("7", "HOLT", "Good evening from Hofstra University."),
    ("3", "TRUMP", "Our jobs are fleeing the country, we lost 70,000 factories."),
    ("12", "CLINTON", "Thank you, Lester."),
    ("4", "TRUMP", "Unemployment is at 5 percent, and it will go higher."),
]


def write_tsv(path: Path, rows, labels=None) -> Path:
    rows = [(*row, str(label)) for row, label in zip(rows, labels, strict=True)] if labels else rows
    path.write_text("\n".join("\t".join(row) for row in rows) + "\n", encoding="utf-8")
    return path


def rank_output(capsys, path: Path) -> list[str]:
    assert main(["rank", str(path)]) == 0
    captured = capsys.readouterr()
    assert captured.err == ""
    return captured.out.splitlines()


def test_rank_prints_every_line_in_input_order(tmp_path, capsys):
    output = rank_output(capsys, write_tsv(tmp_path / "debate.tsv", LINES))
    expected = score_document([text for _, _, text in LINES], [speaker for _, speaker, _ in LINES])
    assert len(output) == len(LINES)
    for printed, (line, _, _), score in zip(output, LINES, expected, strict=True):
        number, value = printed.split("\t")
        assert number == line
        assert value == f"{score:.6f}"
        assert 0.0 <= float(value) <= 1.0
    scores = {line.split("\t")[0]: float(line.split("\t")[1]) for line in output}
    assert scores["3"] > scores["12"]


def test_rank_accepts_labelled_files(tmp_path, capsys):
    unlabelled = rank_output(capsys, write_tsv(tmp_path / "a.tsv", LINES))
    labelled = rank_output(capsys, write_tsv(tmp_path / "b.tsv", LINES, labels=[0, 1, 0, 1]))
    assert labelled == unlabelled


def test_rank_a_real_clef_file(capsys):
    path = shared_file("data/clef2019-task1/train/20170228_trump_address.tsv")
    rows = read_clef(path)
    output = rank_output(capsys, path)
    assert [line.split("\t")[0] for line in output] == [str(row.line) for row in rows]
    scores = [float(line.split("\t")[1]) for line in output]
    assert all(0.0 <= score <= 1.0 for score in scores)
    labels = [row.label for row in rows]
    # Well above chance, which is the share of positives (the model has seen this file: a sanity
    # check only; `evaluate` gives the honest cross-validated figures).
    assert average_precision(ranked_labels(scores, labels)) > 2 * sum(labels) / len(labels)


def test_rank_missing_file(tmp_path, capsys):
    assert main(["rank", str(tmp_path / "absent.tsv")]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.count("\n") == 1
    assert captured.err.startswith("error: ")
    assert "absent.tsv" in captured.err


def test_rank_malformed_file(tmp_path, capsys):
    path = tmp_path / "bad.tsv"
    path.write_text("1\tHOLT\tGood evening.\n2\tno text here\n", encoding="utf-8")
    assert main(["rank", str(path)]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == (
        f"error: {path}:2: expected line<TAB>speaker<TAB>text[<TAB>label], got 2 field(s)\n"
    )


def test_a_command_is_required(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main([])
    assert exit_info.value.code == 2
    assert "COMMAND" in capsys.readouterr().err


def test_evaluate_a_small_directory(tmp_path, capsys):
    pytest.importorskip("sklearn")
    names = ["20160101_1pres", "20160301_rally", "20170301_press_conference"]
    for n, name in enumerate(names):
        rows = []
        labels = []
        for i in range(10):
            rows.append((str(2 * i + 1), "HOST", f"Debate {n}, what is your plan?"))
            rows.append((str(2 * i + 2), "CAND", f"Wages grew {n + i} percent last year."))
            labels += [0, 1]
        write_tsv(tmp_path / f"{name}.tsv", rows, labels)
    assert main(["evaluate", str(tmp_path), "--per-file"]) == 0
    out = capsys.readouterr().out
    assert "leave one file out: 3 folds" in out
    assert "the 2 files dated before 2017-01-01 train, the 1 later ones are ranked" in out
    assert "leave one event type out: debate 1, speech 1, press/other 1 files" in out
    # Per-file MAP under each protocol: every file in the first and last, the later one in all.
    assert out.count("20160101_1pres.tsv") == 2
    assert out.count("20170301_press_conference.tsv") == 3
    headers = [line for line in out.splitlines() if line.startswith("ranker")]
    assert len(headers) == 3
    assert all(line.split()[1:] == ["MAP", "R-P", "P@5", "P@10"] for line in headers)
    ours = [line for line in out.splitlines() if line.startswith("ours ")]
    assert all(line.split()[1:] == ["1.0000"] * 4 for line in ours)
    assert sum(line.startswith("TF-IDF word+char LR") for line in out.splitlines()) == 3
    assert sum(line.startswith("digit or '%' first") for line in out.splitlines()) == 3


def test_evaluate_skips_protocols_the_file_names_cannot_serve(tmp_path, capsys):
    pytest.importorskip("sklearn")
    for n in range(2):
        rows = [("1", "HOST", "What now?"), ("2", "CAND", f"Jobs grew {n + 2} percent.")]
        rows += [("3", "HOST", "And then?"), ("4", "CAND", f"Wages grew {n + 3} percent.")]
        write_tsv(tmp_path / f"debate{n}.tsv", rows, [0, 1, 0, 1])
    assert main(["evaluate", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "chronological: skipped, a file name does not start with its date" in out
    assert "leave one event type out: skipped, every file is of one type" in out


def test_evaluate_needs_labels(tmp_path, capsys):
    write_tsv(tmp_path / "debate.tsv", LINES)
    assert main(["evaluate", str(tmp_path)]) == 1
    assert capsys.readouterr().err.startswith("error: ")


def test_runs_as_a_module(tmp_path):
    path = write_tsv(tmp_path / "debate.tsv", LINES)
    result = subprocess.run(
        [sys.executable, "-m", "factcheck.claims", "rank", str(path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert [line.split("\t")[0] for line in result.stdout.splitlines()] == ["7", "3", "12", "4"]
