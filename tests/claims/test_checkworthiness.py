"""Check-worthiness scoring: scores, claim types, reasons, contexts and the committed model."""

import json

import pytest

from factcheck.claims.checkworthiness import (
    CLAIM_TYPES,
    MODEL_FORMAT,
    MODEL_PATH,
    Assessment,
    Context,
    Model,
    assess,
    assess_document,
    assess_many,
    document_contexts,
    extract_features,
    load_model,
    score_document,
    score_many,
)
from factcheck.claims.checkworthiness_features import STRUCTURAL_FEATURES

AI_CLAIM = "The number of China’s top-tier AI researchers is about one-fifth that of the U.S."
SENTENCES = [
    AI_CLAIM,
    "Since the election, we have created 2.4 million new jobs, including —",
    "Thank you very much.",
    "What do you think about that?",
    "(APPLAUSE)",
    "",
    "I think this is a wonderful country.",
    "China ’ s output is 60 times more than that of Japan.",
]


def test_scores_are_deterministic_and_in_unit_interval():
    first = [assess(text) for text in SENTENCES]
    again = [assess(text) for text in SENTENCES]
    assert first == again
    for assessment in first:
        assert isinstance(assessment, Assessment)
        assert 0.0 <= assessment.score <= 1.0
        assert assessment.claim_type in CLAIM_TYPES


def test_assessment_is_frozen():
    with pytest.raises(AttributeError):
        assess(AI_CLAIM).score = 1.0  # type: ignore[misc]


def test_statistic_outranks_pleasantries():
    claim, thanks, question = (
        assess(text).score for text in (AI_CLAIM, SENTENCES[2], SENTENCES[3])
    )
    assert claim > thanks
    assert claim > question


def test_quantity_reason_quotes_the_text():
    assessment = assess(AI_CLAIM)
    assert assessment.claim_type == "quantity"
    assert "states a quantity: 'about one-fifth'" in assessment.reasons


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Unemployment fell to 3.7 percent in 2018.", "gives a percentage: '3.7 percent'"),
        (
            "Since the election, we have created 2.4 million new jobs.",
            "describes a change: 'created'",
        ),
        ("OpenAI released the model last week.", "names an organisation: 'OpenAI'"),
        ("America has the highest corporate tax rate in the world.", "ranks something"),
    ],
)
def test_reasons_quote_their_triggers(text, expected):
    reasons = assess(text).reasons
    assert any(reason.startswith(expected) for reason in reasons), reasons


def test_every_reason_quotes_words_of_the_sentence():
    for text in SENTENCES:
        for reason in assess(text).reasons:
            quoted = reason.split(": ", 1)[1]
            for part in quoted.split("', '"):
                assert part.strip("'") in text


def test_pleasantries_have_no_reasons():
    assert assess("Thank you very much.").reasons == ()


@pytest.mark.parametrize(
    ("text", "claim_type"),
    [
        (AI_CLAIM, "quantity"),
        ("Household incomes are down more than $4,000 since the year 2000.", "quantity"),
        ("America has the highest corporate tax rate in the world.", "comparison"),
        ("Our economy is stronger than China's economy.", "comparison"),
        ("Crime went up because of the new policy.", "causal"),
        ("We will build a wall and Mexico will pay for it.", "prediction"),
        ("It is illegal under federal law to hire undocumented workers.", "law_or_rule"),
        ("When I was a child, my father worked in a steel mill.", "personal_experience"),
        ('As Churchill said, "never give in".', "quotation"),
        ("I think this is a wonderful country.", "opinion"),
        ("Thank you very much.", "other"),
    ],
)
def test_claim_types(text, claim_type):
    assert assess(text).claim_type == claim_type


def test_a_day_of_the_month_is_a_date_not_a_quantity():
    features = extract_features("OpenAI released its model on May 8.")
    assert features["time:date"] == "May 8"
    assert "quantity" not in features


@pytest.mark.parametrize(
    ("text", "quantity"),
    [
        ("OpenAI released GPT-3 in 2020.", None),  # a model's name, and a year
        ("COVID-19 closed the schools.", None),
        ("The F-35 programme is over budget.", None),
        ("GPT-4 cost over 100 million dollars to train.", "over 100 million"),
        ("The vote was 3-2 in favour.", "3"),
        ("Temperatures fell to -3 degrees.", "3"),
    ],
)
def test_a_number_in_a_name_is_no_quantity(text, quantity):
    assert extract_features(text).get("quantity") == quantity


def test_features_quote_the_original_characters():
    features = extract_features("China’s share fell by half, America’s rose.")
    assert features["entity:country"] == "China"
    assert features["quantity"] == "half"
    assert features["word:americas"] == "America’s"


def test_batch_matches_single_sentence_scoring():
    assert score_many(SENTENCES) == [assess(text).score for text in SENTENCES]
    assert assess_many(SENTENCES) == [assess(text) for text in SENTENCES]


def test_batch_checks_lengths():
    with pytest.raises(ValueError, match="shorter"):
        score_many(["one", "two"], speakers=["A"])


def test_document_contexts_follow_the_speakers():
    texts = ["Welcome.", "Why?", "Because.", "Jobs grew.", "Thanks.", "Next?", "Yes?", "Ok?"]
    speakers = ["MOD", "MOD", "CAND", "CAND", "CAND", "MOD", "MOD", "MOD"]
    contexts = document_contexts(texts, speakers)
    assert [c.first_in_turn for c in contexts] == [
        True,
        False,
        True,
        False,
        False,
        True,
        False,
        False,
    ]
    assert [c.turn_length for c in contexts] == [2, 2, 3, 3, 3, 3, 3, 3]
    assert contexts[2].after_question
    assert not contexts[5].after_question
    assert contexts[0].speaker_share == pytest.approx(5 / 8)
    assert contexts[0].questioner
    assert not contexts[2].questioner


def test_a_figure_nearby_counts_within_a_turn_only():
    texts = ["Jobs grew by 300,000.", "That is a lot.", "And wages rose.", "Is it 3%?", "No."]
    speakers = ["CAND", "CAND", "CAND", "MOD", "CAND"]
    nearby = [c.figure_nearby for c in document_contexts(texts, speakers)]
    # The first has no figure beside it; the question's figure is another speaker's.
    assert nearby == [False, True, False, False, False]
    assert "context:figure_nearby" in document_contexts(texts, speakers)[1].features


def test_document_scoring_uses_context():
    texts = ["What is the unemployment rate?", "Unemployment fell to 3.7 percent last year."]
    speakers = ["HOST", "SENATOR"]
    with_context = assess_document(texts, speakers)
    assert [a.score for a in with_context] == score_document(texts, speakers)
    contexts = document_contexts(texts, speakers)
    assert with_context == assess_many(texts, speakers, contexts)
    assert assess(texts[1], "SENATOR", contexts[1]) == with_context[1]
    assert assess(texts[1], "SENATOR", Context()) == assess(texts[1], "SENATOR")


def test_audience_reactions_score_low():
    assert assess("(APPLAUSE)", "SYSTEM").score < assess("(APPLAUSE)").score < 0.1


def test_committed_model_structure():
    data = json.loads(MODEL_PATH.read_text(encoding="utf-8"))
    assert data["format"] == MODEL_FORMAT
    assert MODEL_PATH.stat().st_size < 500_000
    weights = data["weights"]
    assert all(isinstance(value, float) for value in weights.values())
    structural = {name for name in weights if not name.startswith("word:")}
    # The code and the model agree on every structural feature: a rename needs a retrain.
    assert structural == STRUCTURAL_FEATURES
    assert weights["quantity"] > 0 > weights["question"]
    assert {"C", "balanced", "min_df", "use_context", "use_words"} <= set(data["config"])
    assert data["trained_on"]["files"] == 19
    cv = data["cross_validation"]
    assert cv["model"]["MAP"] > cv["digit_baseline"]["MAP"]


def test_model_is_loaded_once():
    assert load_model() is load_model()


def test_model_rejects_another_format():
    with pytest.raises(ValueError, match="not a check-worthiness model"):
        Model.from_json({"format": "something-else", "weights": {}})


def test_a_custom_model_scores_by_its_weights():
    model = Model.from_json({"format": MODEL_FORMAT, "weights": {"bias": 0.0, "quantity": 2.0}})
    assert assess("Nothing here.", model=model).score == pytest.approx(0.5)
    counted = assess("We hired 40 people.", model=model)
    assert counted.score == pytest.approx(1 / (1 + 2.718281828459045**-2))
    assert counted.reasons == ("states a quantity: '40'",)
