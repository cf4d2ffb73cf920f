"""Command line for the claims package: ``python -m factcheck.claims COMMAND ...``.

Each command is a ``_add_<name>`` function that registers its sub-parser and handler; add new
commands the same way. Handlers return an exit status; bad input raises OSError or ValueError,
which ``main`` turns into one line on stderr and exit status 1.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from factcheck.claims.checkworthiness import score_document
from factcheck.claims.train_checkworthiness import (
    TrainConfig,
    evaluation_report,
    read_clef,
    read_clef_dir,
)


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
        report = evaluation_report(files, TrainConfig())
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
        help="cross-validate the check-worthiness model on labelled CLEF files",
        description="Leave-one-file-out cross-validation over the labelled *.tsv files of DIR: "
        "MAP, R-Precision, P@5 and P@10 per file and averaged, beside the 'contains a digit' "
        "baseline. Needs scikit-learn.",
    )
    parser.add_argument("directory", type=Path, metavar="DIR")
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
