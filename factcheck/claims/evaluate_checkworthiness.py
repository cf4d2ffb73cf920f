"""Honest evaluation of check-worthiness ranking: three protocols, our model beside two baselines.

Every file is ranked by a model that never saw it, and its figures (AP, R-Precision, P@k, as
CLEF-2019 defines them) are averaged over the files ranked. The protocols differ in what else the
model did not see:

- **leave one file out**: each file, by a model of all the others. Files of one campaign share
  topics and names, so this flatters a model that memorises words.
- **chronological**: the files dated before ``SPLIT_DATE`` (the 2016 campaign) train one model
  that ranks every later file: the next season, as new material will be.
- **leave one event type out**: debates, speeches, and press conferences and other events
  (``event_type``), each ranked by a model of the other two types.

Beside our model: a plain TF-IDF word (1-2) and character (2-5) n-gram logistic regression at
fixed, untuned settings, and "lines with a digit or '%' first". Our model's regularisation is
chosen inside each fold (``choose_config``), on the training files only. Needs scikit-learn.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from factcheck.claims.train_checkworthiness import (
    METRICS,
    ClefLine,
    TrainConfig,
    digit_baseline,
    file_features,
    fit,
    mean_metrics,
    ranking_metrics,
)

__all__ = [
    "EVENT_TYPES",
    "SPLIT_DATE",
    "Fold",
    "choose_config",
    "chronological",
    "evaluation_report",
    "event_date",
    "event_type",
    "leave_one_file_out",
    "leave_one_type_out",
]

SPLIT_DATE = date(2017, 1, 1)
# The CLEF-2019 training files by the name after the date. Others are typed by ``_TYPE_RULES``.
EVENT_TYPES = {
    "msnbc_dem": "debate",
    "10_gop": "debate",
    "9dem": "debate",
    "1pres": "debate",
    "vice_pres": "debate",
    "2pres": "debate",
    "3pres": "debate",
    "trump_acceptance": "speech",  # the convention's acceptance speech
    "trump_address": "speech",  # to a joint session of Congress
    "nashville": "speech",  # a rally
    "paris_climate_n": "speech",  # leaving the Paris agreement
    "trump_tax": "speech",
    "trump_miami": "speech",  # a rally
    "trump_world": "speech",  # Davos, with a short conversation after
    "oval_office": "speech",  # an address to the nation
    "trump_press": "press/other",  # a press conference
    "un_press": "press/other",  # a press conference at the UN
    "trump_pelosi": "press/other",  # a meeting with Pelosi and Schumer before the press
    "medicare": "press/other",  # an op-ed, written rather than spoken
}
_TYPE_RULES = (
    (re.compile(r"press|conference|interview|meeting|op-?ed|town_?hall"), "press/other"),
    (re.compile(r"debate|dem\b|gop|(?:^|_|\d)pres\b"), "debate"),
)
_DATED = re.compile(r"^(\d{4})(\d{2})(\d{2})_(.+?)(?:\.tsv)?$")


def event_type(name: str) -> str:
    """'debate', 'speech' or 'press/other', by the file name (``EVENT_TYPES``, then rules)."""
    match = _DATED.match(name)
    event = match.group(4) if match else name.removesuffix(".tsv")
    if event in EVENT_TYPES:
        return EVENT_TYPES[event]
    return next((kind for rule, kind in _TYPE_RULES if rule.search(event.lower())), "speech")


def event_date(name: str) -> date | None:
    """The date a file name starts with: YYYYMMDD, or YYYYDDMM where that is the only reading.

    Two CLEF files put the day first: '20182601_trump_world' is Davos, 26 January 2018 (and
    '20181112_trump_pelosi', read as 12 November, was 11 December: a month off, a year kept).
    """
    match = _DATED.match(name)
    if not match:
        return None
    year, first, second = map(int, match.groups()[:3])
    for month, day in ((first, second), (second, first)):
        try:
            return date(year, month, day)
        except ValueError:
            continue
    return None


# --- Protocols ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Fold:
    """Train on ``train``, rank each file of ``test``."""

    train: tuple[str, ...]
    test: tuple[str, ...]


@dataclass(frozen=True)
class Protocol:
    title: str
    folds: tuple[Fold, ...]


def leave_one_file_out(names: Sequence[str]) -> Protocol:
    folds = tuple(Fold(tuple(n for n in names if n != name), (name,)) for name in names)
    return Protocol(
        f"leave one file out: {len(names)} folds, each file ranked by the others", folds
    )


def chronological(names: Sequence[str], split: date = SPLIT_DATE) -> Protocol | str:
    """One model of the files dated before ``split`` ranks every later file; or why not."""
    dates = {name: event_date(name) for name in names}
    if None in dates.values():
        return "chronological: skipped, a file name does not start with its date (YYYYMMDD_)"
    earlier = tuple(n for n in names if dates[n] < split)
    later = tuple(n for n in names if dates[n] >= split)
    if not earlier or not later:
        return f"chronological: skipped, no files on one side of {split}"
    title = (
        f"chronological: the {len(earlier)} files dated before {split} train, "
        f"the {len(later)} later ones are ranked"
    )
    return Protocol(title, (Fold(earlier, later),))


def leave_one_type_out(names: Sequence[str]) -> Protocol | str:
    """Each event type ranked by a model of the other types; or why not."""
    types: dict[str, list[str]] = {}
    for name in names:
        types.setdefault(event_type(name), []).append(name)
    if len(types) < 2:
        return "leave one event type out: skipped, every file is of one type"
    folds = tuple(
        Fold(tuple(n for n in names if n not in held_out), tuple(held_out))
        for held_out in types.values()
    )
    counts = ", ".join(f"{kind} {len(held_out)}" for kind, held_out in types.items())
    return Protocol(
        f"leave one event type out: {counts} files; each type ranked by the others", folds
    )


# --- Rankers ------------------------------------------------------------------------------------

# A ranker trains on some files and scores the lines of others: (files, train, test) -> scores.
Ranker = Callable[[Sequence[str], Sequence[str]], dict[str, list[float]]]

TUNING_GRID = (TrainConfig(C=0.02), TrainConfig(C=0.05), TrainConfig(C=0.2))
INNER_FOLDS = 3


class OurModel:
    """Our features and logistic regression, its C chosen on the training files of each fold."""

    def __init__(self, files: Mapping[str, Sequence[ClefLine]], grid=TUNING_GRID) -> None:
        self.files, self.grid = files, grid
        self.features = {name: file_features(lines) for name, lines in files.items()}
        self.chosen: list[TrainConfig] = []

    def _fit(self, train: Sequence[str], config: TrainConfig):
        x = [row for name in train for row in self.features[name]]
        y = [row.label for name in train for row in self.files[name]]
        return fit(x, y, config)

    def _score(self, train: Sequence[str], test: Sequence[str], config: TrainConfig):
        model = self._fit(train, config)
        return {name: [model.logit(row) for row in self.features[name]] for name in test}

    def __call__(self, train: Sequence[str], test: Sequence[str]) -> dict[str, list[float]]:
        config = choose_config(train, self.grid, self._score, self.files)
        self.chosen.append(config)
        return self._score(train, test, config)


def choose_config(
    train: Sequence[str],
    grid: Sequence[TrainConfig],
    score: Callable[[Sequence[str], Sequence[str], TrainConfig], dict[str, list[float]]],
    files: Mapping[str, Sequence[ClefLine]],
) -> TrainConfig:
    """The setting of ``grid`` with the best MAP over inner folds of the training files only.

    The inner folds deal the training files out in turn (``INNER_FOLDS`` groups); the first
    setting wins a tie, and with fewer than two training files it is taken as it is.
    """
    if len(grid) == 1 or len(train) < 2:
        return grid[0]
    groups = [tuple(train[i :: min(INNER_FOLDS, len(train))]) for i in range(INNER_FOLDS)]
    groups = [group for group in groups if group]
    best, best_map = grid[0], -1.0
    for config in grid:
        per_file = {}
        for group in groups:
            rest = [name for name in train if name not in group]
            for name, scores in score(rest, group, config).items():
                per_file[name] = ranking_metrics(scores, [row.label for row in files[name]])
        value = mean_metrics(per_file)["MAP"]
        if value > best_map:
            best, best_map = config, value
    return best


class TfidfBaseline:
    """TF-IDF word 1-2 and character 2-5 n-grams, logistic regression; sklearn's usual settings."""

    def __init__(self, files: Mapping[str, Sequence[ClefLine]]) -> None:
        self.files = files

    def __call__(self, train: Sequence[str], test: Sequence[str]) -> dict[str, list[float]]:
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import LogisticRegression
        from sklearn.pipeline import make_pipeline, make_union

        texts = [row.text for name in train for row in self.files[name]]
        labels = [row.label for name in train for row in self.files[name]]
        pipeline = make_pipeline(
            make_union(
                TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True),
                TfidfVectorizer(
                    analyzer="char_wb", ngram_range=(2, 5), min_df=2, sublinear_tf=True
                ),
            ),
            LogisticRegression(C=1.0, solver="liblinear", random_state=0),
        )
        pipeline.fit(texts, labels)
        return {
            name: list(pipeline.decision_function([row.text for row in self.files[name]]))
            for name in test
        }


def _digits(files: Mapping[str, Sequence[ClefLine]]) -> Ranker:
    return lambda train, test: {name: digit_baseline(files[name]) for name in test}


# --- Running and reporting ----------------------------------------------------------------------


def run(
    protocol: Protocol, files: Mapping[str, Sequence[ClefLine]], ranker: Ranker
) -> dict[str, dict[str, float]]:
    """Per-file metrics of every file the protocol ranks, in file order."""
    results = {}
    for fold in protocol.folds:
        for name, scores in ranker(fold.train, fold.test).items():
            results[name] = ranking_metrics(scores, [row.label for row in files[name]])
    return {name: results[name] for name in files if name in results}


def protocols(names: Sequence[str], split: date = SPLIT_DATE) -> list[Protocol | str]:
    return [leave_one_file_out(names), chronological(names, split), leave_one_type_out(names)]


def evaluation_report(
    files: Mapping[str, Sequence[ClefLine]],
    *,
    split: date = SPLIT_DATE,
    per_file: bool = False,
    grid: Sequence[TrainConfig] = TUNING_GRID,
) -> str:
    """Every protocol: mean figures of our model, the TF-IDF baseline and the digit baseline."""
    ours = OurModel(files, grid)
    rankers: dict[str, Ranker] = {
        "ours": ours,
        "TF-IDF word+char LR": TfidfBaseline(files),
        "digit or '%' first": _digits(files),
    }
    out = [
        f"{len(files)} files; each ranked by models that never saw it. Means over the files ranked "
        "(MAP: mean average precision per file, the CLEF measure).",
    ]
    for protocol in protocols(list(files), split):
        out.append("")
        if isinstance(protocol, str):
            out.append(protocol)
            continue
        before = len(ours.chosen)
        results = {label: run(protocol, files, ranker) for label, ranker in rankers.items()}
        chosen = sorted({config.C for config in ours.chosen[before:]})
        out.append(f"{protocol.title} (ours: C chosen in each fold, {_values(chosen)})")
        out.append(_table({label: mean_metrics(rows) for label, rows in results.items()}, "ranker"))
        if per_file:
            out.append(_per_file_table(results))
    return "\n".join(out)


def _values(values: Sequence[float]) -> str:
    return ("C=" if len(values) == 1 else "C in ") + ", ".join(f"{v:g}" for v in values)


def _table(rows: Mapping[str, Mapping[str, float]], first: str) -> str:
    width = max(len(first), *map(len, rows))
    lines = [f"{first:<{width}}  " + "  ".join(f"{m:>6}" for m in METRICS)]
    lines += [
        f"{name:<{width}}  " + "  ".join(f"{row[m]:6.4f}" for m in METRICS)
        for name, row in rows.items()
    ]
    return "\n".join(lines)


def _per_file_table(results: Mapping[str, Mapping[str, Mapping[str, float]]]) -> str:
    """MAP per file, one column per ranker."""
    labels = list(results)
    names = list(next(iter(results.values())))
    width = max(len("file"), *map(len, names))
    heads = [label.split()[0] for label in labels]
    lines = [f"{'file':<{width}}  " + "  ".join(f"{h:>8}" for h in heads) + "  (MAP)"]
    for name in names:
        row = "  ".join(f"{results[label][name]['MAP']:8.4f}" for label in labels)
        lines.append(f"{name:<{width}}  {row}")
    return "\n".join(lines)
