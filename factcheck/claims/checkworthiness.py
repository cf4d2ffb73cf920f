"""Explainable check-worthiness: interpretable features, a learned linear score, reasons, a claim type.

Pure standard-library Python. The weights come from ``checkworthiness_model.json`` (written by
``train_checkworthiness`` from the CLEF-2019 CheckThat! debates), read once and cached. A sentence's
score is the logistic of the summed weights of the binary features it fires: an estimate of the
chance that a fact-checking organisation would pick it, comparable across sentences (most sentences
score well below 0.5). Its reasons are the fired features with a reason phrase that raise the
score most, quoting the words that fired them; learned words are never reasons, as a word such as
'small' explains nothing. Its claim type comes from fixed rules over the same features, not the model.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache, cached_property
from itertools import repeat
from pathlib import Path
from typing import NamedTuple

from factcheck.claims.checkworthiness_features import (
    FILLER,
    WORD_PREFIX,
    Context,
    SentenceFeatures,
    document_contexts,
    extract_features,
    sentence_features,
)

__all__ = [
    "CLAIM_TYPES",
    "FILLER",
    "Assessment",
    "Context",
    "Model",
    "assess",
    "assess_document",
    "assess_many",
    "claim_type",
    "document_contexts",
    "extract_features",
    "load_model",
    "score_document",
    "score_many",
]

MODEL_PATH = Path(__file__).with_name("checkworthiness_model.json")
MODEL_FORMAT = "factcheck-checkworthiness/1"
CLAIM_TYPES = (
    "quantity",
    "comparison",
    "causal",
    "prediction",
    "law_or_rule",
    "personal_experience",
    "quotation",
    "opinion",
    "other",
)
MAX_REASONS = 4


class Assessment(NamedTuple):
    """How worth checking a sentence is, what kind of claim it makes, and why."""

    score: float
    claim_type: str
    reasons: tuple[str, ...]


# --- Model --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Model:
    """A linear model over ``extract_features`` names; 'bias' always fires."""

    weights: dict[str, float]
    metadata: dict[str, object]

    @classmethod
    def from_json(cls, data: dict) -> Model:
        if data.get("format") != MODEL_FORMAT:
            raise ValueError(f"not a check-worthiness model (format {data.get('format')!r})")
        weights = {str(name): float(weight) for name, weight in data["weights"].items()}
        return cls(weights, {key: value for key, value in data.items() if key != "weights"})

    def logit(self, features: Iterable[str]) -> float:
        get = self.weights.get
        return sum(get(name, 0.0) for name in features)

    def score(self, features: Iterable[str]) -> float:
        return _logistic(self.logit(features))

    @cached_property
    def word_weights(self) -> dict[str, float]:
        """The weights of the ``word:`` features, by word."""
        return {
            name.removeprefix(WORD_PREFIX): weight
            for name, weight in self.weights.items()
            if name.startswith(WORD_PREFIX)
        }

    @cached_property
    def reason_weights(self) -> dict[str, float]:
        """The weights of the structural features that raise a score and have a reason phrase."""
        return {name: self.weights[name] for name in _REASONS if self.weights.get(name, 0.0) > 0}

    def sentence_logit(self, features: SentenceFeatures) -> float:
        """``logit`` of the features of one sentence, adding in the same order as ``logit``."""
        get = self.weights.get
        return sum(
            [
                *map(get, features.found, _ZEROS),
                *map(get, features.phrases, _ZEROS),
                get(features.length, 0.0),
                *map(self.word_weights.get, features.distinct_words, _ZEROS),
                *map(get, features.extra, _ZEROS),
            ]
        )


_ZEROS = repeat(0.0)  # the default of each weight looked up


def _logistic(x: float) -> float:
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    z = math.exp(x)
    return z / (1.0 + z)


@cache
def load_model(path: Path = MODEL_PATH) -> Model:
    """The committed model (or the one at ``path``), parsed once per process."""
    with open(path, encoding="utf-8") as handle:
        return Model.from_json(json.load(handle))


# --- Scoring ------------------------------------------------------------------------------------


def assess(
    text: str,
    speaker: str | None = None,
    context: Context | None = None,
    *,
    model: Model | None = None,
) -> Assessment:
    """Score one sentence, name its claim type and explain the score."""
    return _assess(sentence_features(text, speaker, context), model or load_model())


def score_many(
    texts: Sequence[str],
    speakers: Sequence[str | None] | None = None,
    contexts: Sequence[Context | None] | None = None,
    *,
    model: Model | None = None,
) -> list[float]:
    """Scores only, without reasons: the fast path for ranking many sentences."""
    model = model or load_model()
    return [
        _logistic(model.sentence_logit(sentence_features(text, speaker, context)))
        for text, speaker, context in _aligned(texts, speakers, contexts)
    ]


def assess_many(
    texts: Sequence[str],
    speakers: Sequence[str | None] | None = None,
    contexts: Sequence[Context | None] | None = None,
    *,
    model: Model | None = None,
) -> list[Assessment]:
    """``assess`` over many sentences, loading the model once."""
    model = model or load_model()
    return [
        _assess(sentence_features(text, speaker, context), model)
        for text, speaker, context in _aligned(texts, speakers, contexts)
    ]


def score_document(
    texts: Sequence[str],
    speakers: Sequence[str | None] | None = None,
    *,
    model: Model | None = None,
) -> list[float]:
    """Scores of a document's sentences in order, with who speaks where as context."""
    speakers = list(speakers) if speakers is not None else [None] * len(texts)
    return score_many(texts, speakers, document_contexts(texts, speakers), model=model)


def assess_document(
    texts: Sequence[str],
    speakers: Sequence[str | None] | None = None,
    *,
    model: Model | None = None,
) -> list[Assessment]:
    """Assessments of a document's sentences in order, with who speaks where as context."""
    speakers = list(speakers) if speakers is not None else [None] * len(texts)
    return assess_many(texts, speakers, document_contexts(texts, speakers), model=model)


def _aligned(
    texts: Sequence[str],
    speakers: Sequence[str | None] | None,
    contexts: Sequence[Context | None] | None,
) -> Iterable[tuple[str, str | None, Context | None]]:
    none = [None] * len(texts)
    return zip(texts, speakers if speakers is not None else none, contexts or none, strict=True)


# --- Explanations -------------------------------------------------------------------------------

# How each reason opens; the quoted evidence follows. Features without one never become reasons:
# a pronoun, a negation or a learned word is no evidence that a sentence can be checked.
_REASONS: dict[str, str] = {
    "quantity": "states a quantity: ",
    "quantity:percent": "gives a percentage: ",
    "quantity:money": "mentions money: ",
    "quantity:large": "mentions a large number: ",
    "quantity:times": "states a multiple: ",
    "quantity:counted": "counts or measures: ",
    "time:year": "refers to a year: ",
    "time:date": "refers to a date or period: ",
    "comparison:comparative": "makes a comparison: ",
    "comparison:superlative": "ranks something: ",
    "comparison:record": "claims a record or a first: ",
    "comparison:change": "describes a change: ",
    "comparison:countries": "compares countries: ",
    "causal": "asserts a cause: ",
    "prediction:will": "predicts or promises: ",
    "law_or_rule": "refers to a law, rule or vote: ",
    "reported_speech": "reports what someone said: ",
    "attribution": "cites a source: ",
    "topic:measured": "names something measured: ",
    "quotation:marks": "quotes someone: ",
    "entity:country": "names a country or region: ",
    "entity:organisation": "names an organisation: ",
    "entity:person": "names a person: ",
    "entity:name": "names someone or something: ",
}
# The first type whose features fired wins: a prediction with a number is still a prediction.
_TYPE_RULES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("quotation", ("quotation:marks",)),
    ("prediction", ("prediction:will",)),
    ("quantity", ("quantity", "quantity:percent", "quantity:money", "quantity:times")),
    (
        "comparison",
        (
            "comparison:comparative",
            "comparison:superlative",
            "comparison:record",
            "comparison:countries",
        ),
    ),
    ("causal", ("causal",)),
    ("law_or_rule", ("law_or_rule",)),
    ("personal_experience", ("personal_experience",)),
    ("opinion", ("opinion:stance", "opinion:evaluative")),
)
_SPECIFIC_QUANTITIES = frozenset(
    {"quantity:percent", "quantity:money", "quantity:large", "quantity:times", "quantity:counted"}
)
_TYPE_RANKS = {
    trigger: rank for rank, (_, triggers) in enumerate(_TYPE_RULES) for trigger in triggers
}


def claim_type(features: Iterable[str]) -> str:
    """The kind of claim, by fixed precedence over the fired features (not learned)."""
    ranks = _TYPE_RANKS.keys() & features
    return _TYPE_RULES[min(map(_TYPE_RANKS.__getitem__, ranks))][0] if ranks else "other"


def _assess(features: SentenceFeatures, model: Model) -> Assessment:
    score = _logistic(model.sentence_logit(features))
    if FILLER in features.extra:  # a greeting or agenda sentence claims nothing to explain
        return Assessment(score, "other", ())
    return Assessment(
        score, claim_type([*features.found, *features.phrases]), _reasons(features, model)
    )


def _reasons(features: SentenceFeatures, model: Model) -> tuple[str, ...]:
    """The fired features that raise the score most, as phrases quoting the text."""
    weights = model.reason_weights
    found, phrases = features.found, features.phrases
    names = [*filter(found.get, filter(weights.__contains__, found))]  # with evidence
    names += filter(weights.__contains__, phrases)
    if "quantity" in names and not _SPECIFIC_QUANTITIES.isdisjoint(names):
        names.remove("quantity")  # 'gives a percentage' says more than 'states a quantity'
    names.sort(key=weights.__getitem__, reverse=True)  # stable: ties keep the order they fired in
    reasons = []
    for name in names:
        evidence = found[name] if name in found else features.quote(*phrases[name])
        reasons.append(_REASONS[name] + _quote(evidence))
    return tuple(dict.fromkeys(reasons))[:MAX_REASONS]


def _quote(evidence: str) -> str:
    return "'" + " ".join(evidence.split()) + "'"
