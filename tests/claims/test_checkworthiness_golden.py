"""Scores, claim types and reasons stay exactly what they were when the golden file was written.

``data/checkworthiness_golden.json`` holds 320 sentences (CLEF-2019 debate lines and sentences of
the shared speech, chosen to fire every feature, type and reason, plus hand-written edge cases:
case folding, Unicode digits and spaces, curly quotes) with a speaker, a context and what the
scorer said before it was optimised. After a deliberate change of scores, such as a retrained
model, rewrite the expectations with ``python -m tests.claims.test_checkworthiness_golden``.
"""

import json
from pathlib import Path

import pytest

from factcheck.claims.checkworthiness import (
    Context,
    assess,
    assess_many,
    extract_features,
    load_model,
    score_many,
)

GOLDEN = Path(__file__).with_name("data") / "checkworthiness_golden.json"
CASES = json.loads(GOLDEN.read_text(encoding="utf-8"))


def context_of(case: dict) -> Context | None:
    return Context(**case["context"]) if case["context"] is not None else None


@pytest.mark.parametrize("case", CASES, ids=range(len(CASES)))
def test_assessment_is_unchanged(case):
    assessment = assess(case["text"], case["speaker"], context_of(case))
    assert assessment.score == pytest.approx(case["score"], rel=0, abs=1e-12)
    assert assessment.claim_type == case["claim_type"]
    assert list(assessment.reasons) == case["reasons"]


def test_batches_score_as_single_sentences_do():
    texts = [case["text"] for case in CASES]
    speakers = [case["speaker"] for case in CASES]
    contexts = [context_of(case) for case in CASES]
    singles = [assess(*args) for args in zip(texts, speakers, contexts, strict=True)]
    assert assess_many(texts, speakers, contexts) == singles
    assert score_many(texts, speakers, contexts) == [a.score for a in singles]


def test_scores_are_the_model_applied_to_the_training_features():
    model = load_model()
    for case in CASES:
        features = extract_features(case["text"], case["speaker"], context_of(case))
        assert assess(case["text"], case["speaker"], context_of(case)).score == model.score(
            features
        )


def _rewrite() -> None:
    for case in CASES:
        assessment = assess(case["text"], case["speaker"], context_of(case))
        case.update(
            score=assessment.score,
            claim_type=assessment.claim_type,
            reasons=list(assessment.reasons),
        )
    lines = ",\n".join(json.dumps(case, ensure_ascii=False) for case in CASES)
    GOLDEN.write_text(f"[\n{lines}\n]\n", encoding="utf-8")


if __name__ == "__main__":
    _rewrite()
