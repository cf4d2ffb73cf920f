"""The 48 English Golden Rules of sentence boundary disambiguation, run through split_claims.

Only the span texts are compared; whether a span is a claim does not matter here. See the pass count
with ``pytest tests/claims/test_golden_rules.py -rP``.
"""

import json

import pytest

from factcheck.claims.segment import split_claims
from tests.shared import shared_file

RULE_COUNT = 48
MINIMUM_PASSING = 45
# Rule id -> why we split it differently. xfail(strict=True): a fix shows up as a failure here.
KNOWN_FAILURES: dict[int, str] = {}


@pytest.fixture(scope="module")
def rules() -> dict[int, dict]:
    path = shared_file("data/golden_rules_en.json")
    return {rule["id"]: rule for rule in json.loads(path.read_text(encoding="utf-8"))}


def segmented(rule: dict) -> list[str]:
    return [span.text for span in split_claims(rule["input"])]


def expected(rule: dict) -> list[str]:
    return [sentence.strip() for sentence in rule["expected"]]


def test_the_file_holds_the_rules_we_parametrize(rules):
    assert sorted(rules) == list(range(1, RULE_COUNT + 1))


@pytest.mark.parametrize(
    "rule_id",
    [
        pytest.param(i, marks=pytest.mark.xfail(strict=True, reason=KNOWN_FAILURES[i]))
        if i in KNOWN_FAILURES
        else i
        for i in range(1, RULE_COUNT + 1)
    ],
)
def test_golden_rule(rules, rule_id):
    rule = rules[rule_id]
    assert segmented(rule) == expected(rule), rule["rule"]


def test_golden_rules_pass_count(rules):
    failing = [i for i, rule in rules.items() if segmented(rule) != expected(rule)]
    passing = len(rules) - len(failing)
    print(f"Golden Rules: {passing}/{len(rules)} pass; failing: {failing or 'none'}")
    assert sorted(failing) == sorted(KNOWN_FAILURES)
    assert passing >= MINIMUM_PASSING
