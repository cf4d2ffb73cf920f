"""Train and evaluate the check-worthiness model on CLEF-2019 CheckThat! Task 1 files.

Reading the CLEF format and the ranking metrics are plain Python; fitting needs scikit-learn (the
"train" extra), imported only when a model is fitted. The figures stored with the model are
leave-one-file-out; ``evaluate_checkworthiness`` adds the protocols that resemble new material.

    python -m factcheck.claims.train_checkworthiness [DIR] [--out PATH]   # fit and write the JSON
    python -m factcheck.claims.train_checkworthiness [DIR] --search       # compare settings
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

from factcheck.claims.checkworthiness import (
    FILLER,
    MODEL_FORMAT,
    MODEL_PATH,
    Model,
    document_contexts,
    extract_features,
)

DEFAULT_DIR = Path(__file__).resolve().parents[2].parent / "shared/data/clef2019-task1/train"
METRICS = ("MAP", "R-P", "P@5", "P@10")


# Weights set by rule, not learned: filler sinks below every sentence with evidence of a claim,
# however often a debate's filler and its claims share words.
RULE_WEIGHTS = {FILLER: -4.0}


@dataclass(frozen=True)
class ClefLine:
    """One line of a CLEF file; ``label`` is None in an unlabelled file."""

    line: int
    speaker: str
    text: str
    label: int | None


@dataclass(frozen=True)
class TrainConfig:
    """Training settings; the defaults are the best of ``SEARCH_GRID`` by cross-validated MAP."""

    C: float = 0.05  # inverse L2 strength
    balanced: bool = False  # True weights classes inversely to frequency (scores centre on 0.5)
    min_df: int = 3  # a word must occur in this many training lines to get a weight
    use_context: bool = True
    use_words: bool = True


SEARCH_GRID = (
    TrainConfig(),
    TrainConfig(C=0.02),
    TrainConfig(C=0.1),
    TrainConfig(C=0.3),
    TrainConfig(C=0.005, balanced=True),
    TrainConfig(C=0.01, balanced=True),
    TrainConfig(C=0.05, balanced=True),
    TrainConfig(min_df=2),
    TrainConfig(min_df=5),
    TrainConfig(use_context=False),
    TrainConfig(C=0.3, use_words=False),
)

# --- CLEF files ---------------------------------------------------------------------------------


def read_clef(path: str | Path, *, require_labels: bool = False) -> list[ClefLine]:
    """Parse ``line<TAB>speaker<TAB>text[<TAB>label]``; ValueError names the first bad line."""
    rows = []
    with open(path, encoding="utf-8", newline="") as handle:
        for number, raw in enumerate(handle, start=1):
            raw = raw.rstrip("\r\n")
            if not raw.strip():
                continue
            fields = raw.split("\t")
            if len(fields) not in (3, 4) or not fields[0].strip().isdigit():
                raise ValueError(
                    f"{path}:{number}: expected line<TAB>speaker<TAB>text[<TAB>label], "
                    f"got {len(fields)} field(s)"
                )
            label = None
            if len(fields) == 4:
                if fields[3].strip() not in ("0", "1"):
                    raise ValueError(f"{path}:{number}: label must be 0 or 1, got {fields[3]!r}")
                label = int(fields[3])
            elif require_labels:
                raise ValueError(f"{path}:{number}: no label")
            rows.append(ClefLine(int(fields[0]), fields[1], fields[2], label))
    if not rows:
        raise ValueError(f"{path}: no lines")
    return rows


def read_clef_dir(directory: str | Path) -> dict[str, list[ClefLine]]:
    """All labelled ``*.tsv`` files of a directory, by file name, in name order."""
    paths = sorted(Path(directory).glob("*.tsv"))
    if not paths:
        raise ValueError(f"{directory}: no .tsv files")
    return {path.name: read_clef(path, require_labels=True) for path in paths}


def file_features(lines: Sequence[ClefLine], *, use_context: bool = True) -> list[dict[str, str]]:
    """The features of each line of one file, with its position in the debate as context."""
    texts = [row.text for row in lines]
    speakers = [row.speaker for row in lines]
    contexts = document_contexts(texts, speakers) if use_context else [None] * len(lines)
    return [
        extract_features(text, speaker, context)
        for text, speaker, context in zip(texts, speakers, contexts, strict=True)
    ]


# --- Metrics (as defined by the CLEF-2019 Task 1 README) ------------------------------------------


def ranked_labels(scores: Sequence[float], labels: Sequence[int]) -> list[int]:
    """Labels in ranking order: score descending, ties in file order (a stable sort)."""
    order = sorted(range(len(scores)), key=lambda i: -scores[i])
    return [labels[i] for i in order]


def average_precision(ranked: Sequence[int]) -> float:
    """Mean of precision@i over the ranks i holding a positive; 0 when there are none."""
    hits, total = 0, 0.0
    for i, label in enumerate(ranked, start=1):
        if label:
            hits += 1
            total += hits / i
    return total / hits if hits else 0.0


def precision_at(ranked: Sequence[int], k: int) -> float:
    """Positives among the top ``k``, divided by ``k``."""
    return sum(ranked[:k]) / k if k > 0 else 0.0


def r_precision(ranked: Sequence[int]) -> float:
    """Precision at R, R being the number of positives."""
    return precision_at(ranked, sum(ranked))


def ranking_metrics(scores: Sequence[float], labels: Sequence[int]) -> dict[str, float]:
    ranked = ranked_labels(scores, labels)
    return {
        "MAP": average_precision(ranked),
        "R-P": r_precision(ranked),
        "P@5": precision_at(ranked, 5),
        "P@10": precision_at(ranked, 10),
    }


def mean_metrics(per_file: Mapping[str, Mapping[str, float]]) -> dict[str, float]:
    """Macro average over files."""
    return {m: sum(row[m] for row in per_file.values()) / len(per_file) for m in METRICS}


# --- Fitting ------------------------------------------------------------------------------------

_DIGIT = re.compile(r"[\d%]")


def digit_baseline(lines: Sequence[ClefLine]) -> list[float]:
    """The trivial ranking: lines containing a digit or '%' first, in file order."""
    return [1.0 if _DIGIT.search(row.text) else 0.0 for row in lines]


def fit(features: Sequence[Mapping[str, str]], labels: Sequence[int], config: TrainConfig) -> Model:
    """Fit an L2 logistic regression on binary features; the intercept becomes weight 'bias'."""
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    df: dict[str, int] = {}
    for row in features:
        for name in row:
            df[name] = df.get(name, 0) + 1
    keep = {
        name
        for name, count in df.items()
        if name != "bias"
        and name not in RULE_WEIGHTS
        and (not name.startswith("word:") or (config.use_words and count >= config.min_df))
    }

    rows = [{name: 1 for name in row if name in keep} for row in features]
    vectorizer = DictVectorizer()
    matrix = vectorizer.fit_transform(rows).tocsr()
    # liblinear accepts only 32-bit sparse indices; recent SciPy builds 64-bit ones.
    matrix.indices = matrix.indices.astype("int32")
    matrix.indptr = matrix.indptr.astype("int32")
    classifier = LogisticRegression(
        C=config.C,
        class_weight="balanced" if config.balanced else None,
        solver="liblinear",
        max_iter=1000,
        random_state=0,  # liblinear shuffles: fix it so that retraining gives the same JSON
    )
    classifier.fit(matrix, list(labels))
    weights = {"bias": round(float(classifier.intercept_[0]), 4), **RULE_WEIGHTS}
    for name, weight in zip(vectorizer.feature_names_, classifier.coef_[0], strict=True):
        if abs(weight) >= 5e-4:
            weights[name] = round(float(weight), 4)
    return Model(weights=weights, metadata={"config": asdict(config)})


def cross_validate(
    files: Mapping[str, Sequence[ClefLine]], config: TrainConfig
) -> dict[str, dict[str, float]]:
    """Leave-one-file-out: train on all other files, rank the held-out one, score its ranking."""
    features = {
        name: file_features(lines, use_context=config.use_context) for name, lines in files.items()
    }
    results = {}
    for held_out, lines in files.items():
        train_x = [row for name in files if name != held_out for row in features[name]]
        train_y = [row.label for name in files if name != held_out for row in files[name]]
        model = fit(train_x, train_y, config)
        scores = [model.logit(row) for row in features[held_out]]
        results[held_out] = ranking_metrics(scores, [row.label for row in lines])
    return results


def baseline_metrics(files: Mapping[str, Sequence[ClefLine]]) -> dict[str, dict[str, float]]:
    return {
        name: ranking_metrics(digit_baseline(lines), [row.label for row in lines])
        for name, lines in files.items()
    }


def train(files: Mapping[str, Sequence[ClefLine]], config: TrainConfig) -> Model:
    """The model on all files, with its cross-validated figures in the metadata."""
    features = [
        row
        for lines in files.values()
        for row in file_features(lines, use_context=config.use_context)
    ]
    labels = [row.label for lines in files.values() for row in lines]
    model = fit(features, labels, config)
    cv = mean_metrics(cross_validate(files, config))
    baseline = mean_metrics(baseline_metrics(files))
    model.metadata.update(
        {
            "trained_on": {
                "files": len(files),
                "lines": len(labels),
                "positives": sum(labels),
                "data": "CLEF-2019 CheckThat! Task 1 (English) training split",
            },
            "cross_validation": {
                "method": "leave-one-file-out, macro average over files",
                "model": {k: round(v, 4) for k, v in cv.items()},
                "digit_baseline": {k: round(v, 4) for k, v in baseline.items()},
            },
        }
    )
    return model


def model_json(model: Model) -> str:
    data = {
        "format": MODEL_FORMAT,
        **model.metadata,
        "weights": dict(sorted(model.weights.items())),
    }
    return json.dumps(data, indent=1, ensure_ascii=False) + "\n"


# --- Command line -------------------------------------------------------------------------------


def format_table(rows: Mapping[str, Mapping[str, float]], first: str = "file") -> str:
    width = max(len(first), *(len(name) for name in rows))
    lines = [f"{first:<{width}}  " + "  ".join(f"{m:>6}" for m in METRICS)]
    for name, row in rows.items():
        lines.append(f"{name:<{width}}  " + "  ".join(f"{row[m]:6.4f}" for m in METRICS))
    return "\n".join(lines)


def search_report(files: Mapping[str, Sequence[ClefLine]]) -> str:
    """Cross-validated means of every setting in ``SEARCH_GRID``, best MAP first."""
    rows = {
        _describe(config): mean_metrics(cross_validate(files, config)) for config in SEARCH_GRID
    }
    ranked = dict(sorted(rows.items(), key=lambda item: -item[1]["MAP"]))
    return format_table(ranked, first="setting")


def _describe(config: TrainConfig) -> str:
    default = TrainConfig()
    changed = [f"{k}={v}" for k, v in asdict(config).items() if v != getattr(default, k)]
    return ", ".join(changed) or "default"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m factcheck.claims.train_checkworthiness",
        description="Fit the check-worthiness model on CLEF-2019 Task 1 files and write it as JSON.",
    )
    parser.add_argument("directory", nargs="?", type=Path, default=DEFAULT_DIR)
    parser.add_argument("--out", type=Path, default=MODEL_PATH, help="default: %(default)s")
    parser.add_argument("--C", type=float, default=TrainConfig.C, help="inverse L2 strength")
    parser.add_argument(
        "--search", action="store_true", help="print the cross-validated settings; write nothing"
    )
    args = parser.parse_args(argv)
    try:
        files = read_clef_dir(args.directory)
    except (OSError, ValueError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    if args.search:
        print(search_report(files))
        return 0
    model = train(files, TrainConfig(C=args.C))
    args.out.write_text(model_json(model), encoding="utf-8")
    cv = model.metadata["cross_validation"]
    print(f"wrote {args.out} ({len(model.weights)} weights); leave-one-file-out: {cv}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
