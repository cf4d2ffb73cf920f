"""Reasons that are right and filler that sinks: golden examples written for issue 15.

Every reason must quote words that fire its feature on their own; product names are not
quantities nor organisations; greetings, thanks and agenda sentences score below every factual
claim, alone and inside a speech.
"""

import json
from pathlib import Path

import pytest

from factcheck.claims.checkworthiness import (
    _REASONS,
    assess,
    assess_document,
    extract_features,
)
from factcheck.claims.train_checkworthiness import read_clef
from tests.shared import shared_file

GOLDEN = Path(__file__).with_name("data") / "checkworthiness_golden.json"
PHRASE_FEATURES = {phrase: name for name, phrase in _REASONS.items()}

FACTUAL = [
    "We have built 400 miles of new wall.",
    "Unemployment fell to 3.9 percent last spring.",
    "The county spent $2 million on the new bridge.",
    "Violent crime doubled in our city between 2010 and 2020.",
    "According to the census, the town lost a quarter of its people.",
    "Germany emits more carbon per person than France.",
    "The Senate passed the bill by two votes.",
    "Our state has the lowest tax rate in the region.",
    "Wages grew faster than prices for the first time in a decade.",
    "The mayor said the hospital would close because of the budget cuts.",
]
FILLER = [
    "So let's get started.",
    "So here is our commitment.",
    "Look at the money.",
    "Good evening, and welcome to the town hall.",
    "Thank you all so much for coming tonight.",
    "Let me turn now to the next topic.",
    "It's a great honor to be with you.",
    "Ladies and gentlemen, thank you.",
    "Okay, let's move on.",
    "Thank you, Senator.",
]


def reason_parts(reason: str) -> tuple[str, list[str]]:
    """The feature a reason names and the pieces of text it quotes."""
    opening, quoted = reason.split(": ", 1)
    return PHRASE_FEATURES[opening + ": "], [part.strip("'") for part in quoted.split("', '")]


def assert_reasons_carry_their_evidence(text: str, reasons) -> None:
    for reason in reasons:
        feature, parts = reason_parts(reason)
        for part in parts:
            # Quoted as normalised for matching: curly apostrophes straight, spaces single.
            straight = " ".join(text.replace("’", "'").split())
            assert part.replace("’", "'") in straight, (text, reason)
            # The quoted words fire the feature on their own, at the start or mid-sentence.
            alone = extract_features(part).keys() | extract_features(f"and {part}").keys()
            assert feature in alone, (text, reason)


@pytest.mark.parametrize("text", FACTUAL + FILLER)
def test_every_reason_quotes_text_that_carries_it(text):
    assert_reasons_carry_their_evidence(text, assess(text).reasons)


def test_every_reason_of_the_golden_sentences_carries_its_evidence():
    for case in json.loads(GOLDEN.read_text(encoding="utf-8")):
        assert_reasons_carry_their_evidence(case["text"], case["reasons"])


def test_every_reason_on_the_clef_debates_carries_its_evidence():
    directory = shared_file("data/clef2019-task1/train")
    for path in sorted(directory.glob("*.tsv")):
        lines = read_clef(path)
        texts = [row.text for row in lines]
        assessed = assess_document(texts, [row.speaker for row in lines])
        for text, assessment in zip(texts, assessed, strict=True):
            assert_reasons_carry_their_evidence(text, assessment.reasons)


def test_the_evidence_check_can_fail():
    with pytest.raises(AssertionError):
        assert_reasons_carry_their_evidence("Look at the money.", ["mentions money: 'money'"])


@pytest.mark.parametrize(
    "text",
    [
        "AlphaFold 3 predicts how proteins fold.",
        "She trained GPT 4 on public text.",
        "Many offices still run Windows 11 today.",
        "The new iPhone 15 sold out.",
    ],
)
def test_a_number_in_a_product_name_is_no_quantity(text):
    features = extract_features(text)
    assert not {"quantity", "quantity:counted"} & features.keys()
    assert not any("quantity" in reason or "counts" in reason for reason in assess(text).reasons)


def test_a_figure_after_a_word_that_says_how_many_is_still_a_quantity():
    assert extract_features("Only 3 people came.")["quantity:counted"] == "3 people"
    assert extract_features("China's 3 percent growth is slowing.")["quantity"] == "3 percent"


@pytest.mark.parametrize("product", ["ChatGPT", "iPhone", "AlphaFold", "PlayStation"])
def test_a_product_with_inner_capitals_is_not_an_organisation(product):
    text = f"Last year {product} changed how students work."
    assert "entity:organisation" not in extract_features(text)
    assert not any("organisation" in reason for reason in assess(text).reasons)


@pytest.mark.parametrize("org", ["OpenAI", "YouTube", "NATO", "Harvard University"])
def test_organisations_are_still_organisations(org):
    assert extract_features(f"Last year {org} changed its rules.")["entity:organisation"] == org


@pytest.mark.parametrize("text", ["The market is small.", "Look at the money.", *FACTUAL])
def test_no_reason_quotes_a_bare_learned_word(text):
    for reason in assess(text).reasons:
        assert not reason.startswith("uses wording"), reason
        reason_parts(reason)  # every reason opens with a feature's phrase


def test_wall_claim_scores_well_above_a_bare_exclamation():
    wall, money = assess(FACTUAL[0]).score, assess("Look at the money.").score
    assert wall > 5 * money


def test_filler_sinks_below_every_factual_claim():
    lowest_claim = min(assess(text).score for text in FACTUAL)
    highest_filler = max(assess(text).score for text in FILLER)
    assert highest_filler < lowest_claim


def test_filler_sinks_inside_a_speech_too():
    texts = [*FILLER[:5], *FACTUAL, *FILLER[5:]]
    assessed = assess_document(texts, ["MAYOR"] * len(texts))
    claims = assessed[5 : 5 + len(FACTUAL)]
    filler = assessed[:5] + assessed[5 + len(FACTUAL) :]
    assert max(a.score for a in filler) < min(a.score for a in claims)


@pytest.mark.parametrize("text", FILLER)
def test_filler_has_no_reasons_and_no_claim_type(text):
    assessment = assess(text)
    assert assessment.reasons == ()
    assert assessment.claim_type == "other"


@pytest.mark.parametrize(
    "text",
    [
        "Thank you, and unemployment fell to 3.9 percent.",
        "Let me be clear: the plant closed and 300 jobs went to Mexico.",
        "Here is the truth: Canada taxes gasoline more than we do.",
    ],
)
def test_a_claim_after_a_greeting_is_not_filler(text):
    assert "filler" not in extract_features(text)
    assert assess(text).reasons
