"""Command line for the claims package: ``python -m factcheck.claims COMMAND ...``.

Each command is a ``_add_<name>`` function that registers its sub-parser and handler; add new
commands the same way. Handlers return an exit status; bad input raises OSError or ValueError,
which ``main`` turns into one line on stderr and exit status 1.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from factcheck.claims.checkworthiness import score_document
from factcheck.claims.evaluate_checkworthiness import SPLIT_DATE, evaluation_report
from factcheck.claims.train_checkworthiness import read_clef, read_clef_dir


def _rank(args: argparse.Namespace) -> int:
    lines = read_clef(args.file)
    scores = score_document([row.text for row in lines], [row.speaker for row in lines])
    sys.stdout.writelines(
        f"{row.line}\t{score:.6f}\n" for row, score in zip(lines, scores, strict=True)
    )
    return 0


def _add_rank(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "rank",
        help="score every line of a CLEF-format file",
        description="Print line_number<TAB>score for every line of FILE, in input order. FILE is "
        "tab-separated: line<TAB>speaker<TAB>text, optionally <TAB>label.",
    )
    parser.add_argument("file", type=Path, metavar="FILE.tsv")
    parser.set_defaults(handler=_rank)


def _evaluate(args: argparse.Namespace) -> int:
    files = read_clef_dir(args.directory)
    try:
        report = evaluation_report(files, split=args.split_date, per_file=args.per_file)
    except ImportError as error:
        raise ValueError(
            f"evaluate needs scikit-learn ({error.name} is missing): "
            "pip install 'factcheck-desk[train]'"
        ) from error
    print(report)
    return 0


def _add_evaluate(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "evaluate",
        help="evaluate check-worthiness ranking on labelled CLEF files",
        description="Rank each labelled *.tsv file of DIR by models that never saw it, under "
        "three protocols (leave one file out; train on files dated before the split date, rank "
        "the later ones; leave one event type out): mean MAP, R-Precision, P@5 and P@10 of our "
        "model beside a TF-IDF word+char n-gram logistic regression and the 'contains a digit' "
        "baseline. Needs scikit-learn.",
    )
    parser.add_argument("directory", type=Path, metavar="DIR")
    parser.add_argument(
        "--split-date",
        type=date.fromisoformat,
        default=SPLIT_DATE,
        metavar="YYYY-MM-DD",
        help="the chronological protocol trains on files dated before it (default: %(default)s)",
    )
    parser.add_argument("--per-file", action="store_true", help="also print MAP per file")
    parser.set_defaults(handler=_evaluate)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m factcheck.claims", description="Claim tools: check-worthiness ranking."
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    _add_rank(commands)
    _add_evaluate(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.handler(args)
    except OSError as error:
        print(
            f"error: {error.filename or args.command}: {error.strerror or error}", file=sys.stderr
        )
    except ValueError as error:
        print(f"error: {error}", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
