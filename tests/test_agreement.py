"""Agreement statistics: published worked examples, reference packages, edge cases, verdicts."""

import math
import random

import krippendorff
import pytest
from hypothesis import given
from hypothesis import strategies as st
from sklearn.metrics import cohen_kappa_score

from factcheck.agreement import (
    VerdictAgreement,
    cohen_kappa,
    krippendorff_alpha,
    raw_agreement,
    verdict_agreement,
)

# Krippendorff, K. (2011). "Computing Krippendorff's Alpha-Reliability", Annenberg School for
# Communication, Departmental Papers (ASC) 43, section C, "Nominal data, any number of observers,
# missing data": 4 observers (rows) by 12 units (columns), None where an observer gave no value.
KRIPPENDORFF_2011_C = [
    [1, 2, 3, 3, 2, 1, 4, 1, 2, None, None, None],
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, None, 3],
    [None, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, None],
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, None],
]
KRIPPENDORFF_2011_UNITS = list(zip(*KRIPPENDORFF_2011_C, strict=True))

# Wikipedia, "Cohen's kappa", section "Simple example": readers A and B say yes or no to 50 grant
# proposals; both yes 20, A yes and B no 5, A no and B yes 10, both no 15. p_o = 0.7, p_e = 0.5.
WIKIPEDIA_GRANTS = (
    [("yes", "yes")] * 20 + [("yes", "no")] * 5 + [("no", "yes")] * 10 + [("no", "no")] * 15
)

# Worked by hand, 3-point scale 0 < 1 < 2. Rater A: three 0s, two 1s, one 2; rater B: one 0, two 1s,
# three 2s. Linear: observed |a-b| sums to 4 over 6 pairs, expected sum_ab n_a n_b |a-b| = 36 over
# 36, kappa = 1 - (4/6) / 1 = 1/3. Quadratic: 6/6 against 56/36, kappa = 1 - 36/56 = 5/14.
# Unweighted: p_o = 3/6, p_e = (3*1 + 2*2 + 1*3) / 36 = 10/36, kappa = (8/36) / (26/36) = 4/13.
SMALL_SCALE = [(0, 0), (0, 1), (1, 1), (1, 2), (2, 2), (0, 2)]


def test_krippendorff_2011_section_c_nominal():
    assert round(krippendorff_alpha(KRIPPENDORFF_2011_UNITS, "nominal"), 3) == 0.743


@pytest.mark.parametrize(("level", "published"), [("ordinal", 0.815), ("interval", 0.849)])
def test_krippendorff_2011_section_c_other_levels(level, published):
    # The paper's figures for the same data under the other metrics, as the krippendorff package
    # (its doctests cite the same paper) also computes them.
    assert round(krippendorff_alpha(KRIPPENDORFF_2011_UNITS, level), 3) == published


def test_wikipedia_grant_proposals():
    assert raw_agreement(WIKIPEDIA_GRANTS) == pytest.approx(0.7, abs=1e-12)
    assert cohen_kappa(WIKIPEDIA_GRANTS) == pytest.approx(0.4, abs=1e-12)


@pytest.mark.parametrize(
    ("weights", "expected"), [(None, 4 / 13), ("linear", 1 / 3), ("quadratic", 5 / 14)]
)
def test_small_scale_by_hand_and_by_scikit_learn(weights, expected):
    first, second = zip(*SMALL_SCALE, strict=True)
    assert cohen_kappa(SMALL_SCALE, weights=weights) == pytest.approx(expected, abs=1e-12)
    assert cohen_kappa_score(first, second, weights=weights) == pytest.approx(expected, abs=1e-12)


def test_order_gives_labels_their_positions():
    scale = ["False", "Half true", "True"]
    labelled = [(scale[a], scale[b]) for a, b in SMALL_SCALE]
    assert cohen_kappa(labelled, weights="linear", order=scale) == pytest.approx(1 / 3, abs=1e-12)
    assert cohen_kappa(labelled) == pytest.approx(4 / 13, abs=1e-12)


def test_weighted_kappa_without_an_order_measures_by_the_values():
    # Ratings 0, 1 and 3 (2 unused). By value: observed |a-b| sums to 7 over 7 pairs, expected 63
    # over 49, kappa = 1 - 49/63 = 2/9. By rank (3 counted as 2), as an order of the used values
    # gives and scikit-learn does without `labels`: 1 - 35/43 = 8/43.
    pairs = [(0, 0), (0, 1), (1, 1), (1, 3), (3, 3), (3, 0), (1, 0)]
    first, second = zip(*pairs, strict=True)
    assert cohen_kappa(pairs, weights="linear") == pytest.approx(2 / 9, abs=1e-12)
    assert cohen_kappa(pairs, weights="linear", order=[0, 1, 3]) == pytest.approx(8 / 43, abs=1e-12)
    assert cohen_kappa_score(first, second, weights="linear") == pytest.approx(8 / 43, abs=1e-12)


@pytest.mark.parametrize("seed", range(20))
@pytest.mark.parametrize("weights", [None, "linear", "quadratic"])
def test_cohen_kappa_matches_scikit_learn_on_random_pairs(seed, weights):
    rng = random.Random(seed)
    scale = rng.randint(2, 6)
    first = [rng.randrange(scale) for _ in range(rng.randint(5, 60))]
    second = [a if rng.random() < 0.5 else rng.randrange(scale) for a in first]
    ours = cohen_kappa(zip(first, second, strict=True), weights=weights)
    reference = cohen_kappa_score(first, second, labels=list(range(scale)), weights=weights)
    if ours is None:  # both raters used one same rating: scikit-learn says NaN
        assert math.isnan(reference)
    else:
        assert ours == pytest.approx(reference, abs=1e-9)


def _random_reliability_data(rng, level):
    """A raters-by-units matrix with None for missing ratings, some units left with one or none."""
    raters, units, values = rng.randint(2, 6), rng.randint(3, 40), rng.randint(2, 7)
    missing = rng.uniform(0, 0.5)

    def draw():
        return rng.uniform(-5, 5) if level == "interval" else rng.randint(1, values)

    return [
        [None if rng.random() < missing else draw() for _ in range(units)] for _ in range(raters)
    ]


@pytest.mark.parametrize("seed", range(30))
@pytest.mark.parametrize("level", ["nominal", "ordinal", "interval"])
def test_krippendorff_alpha_matches_the_krippendorff_package(seed, level):
    rng = random.Random(seed)
    data = _random_reliability_data(rng, level)
    while krippendorff_alpha(zip(*data, strict=True), level) is None:  # the package would say NaN
        data = _random_reliability_data(rng, level)
    reference = krippendorff.alpha(
        [[math.nan if value is None else value for value in row] for row in data],
        level_of_measurement=level,
    )
    assert krippendorff_alpha(zip(*data, strict=True), level) == pytest.approx(reference, abs=1e-9)


def test_nan_is_missing_like_none():
    with_nan = [
        [math.nan if value is None else value for value in unit] for unit in KRIPPENDORFF_2011_UNITS
    ]
    assert krippendorff_alpha(with_nan) == krippendorff_alpha(KRIPPENDORFF_2011_UNITS)


@given(st.lists(st.lists(st.integers(0, 4), min_size=2, max_size=4), min_size=2, max_size=20))
def test_ordinal_alpha_sees_only_the_order(units):
    # Krippendorff's ordinal metric uses ranks: any increasing relabelling leaves alpha unchanged.
    stretched = [[value**3 + 100 for value in unit] for unit in units]
    before, after = krippendorff_alpha(units, "ordinal"), krippendorff_alpha(stretched, "ordinal")
    assert before == after or before == pytest.approx(after, abs=1e-12)


@given(st.lists(st.tuples(st.integers(0, 3), st.integers(0, 3)), max_size=30))
def test_kappa_does_not_care_which_rater_is_first(pairs):
    swapped = [(b, a) for a, b in pairs]
    for weights in (None, "linear", "quadratic"):
        forward, backward = cohen_kappa(pairs, weights), cohen_kappa(swapped, weights)
        assert forward == backward or forward == pytest.approx(backward, abs=1e-12)


# Degenerate cases: None means undefined, never NaN.


def test_empty_input_is_undefined():
    assert raw_agreement([]) is None
    assert cohen_kappa([]) is None
    assert cohen_kappa([], weights="linear") is None
    for level in ("nominal", "ordinal", "interval"):
        assert krippendorff_alpha([], level) is None


def test_one_category_only_agrees_fully_but_kappa_and_alpha_are_undefined():
    pairs = [("True", "True")] * 5
    assert raw_agreement(pairs) == 1.0
    assert cohen_kappa(pairs) is None
    assert cohen_kappa([(3, 3)] * 5, weights="quadratic") is None
    assert krippendorff_alpha([[2, 2, 2], [2, None, 2]], "interval") is None


def test_raters_each_stuck_on_a_different_category_get_kappa_zero():
    # p_o = 0 and p_e = 0: defined, and no better than chance.
    assert cohen_kappa([("True", "False")] * 4) == 0.0


def test_full_agreement_over_several_categories_is_one():
    pairs = [("True", "True"), ("False", "False"), ("Satire", "Satire")]
    assert raw_agreement(pairs) == 1.0
    assert cohen_kappa(pairs) == 1.0
    units = [[1, 1, 1], [2, 2, None], [5, 5]]
    for level in ("nominal", "ordinal", "interval"):
        assert krippendorff_alpha(units, level) == 1.0


def test_units_with_fewer_than_two_ratings_are_dropped():
    units = [[1, 2], [2, 2], [3, 1, 3]]
    alpha = krippendorff_alpha(units, "ordinal")
    assert krippendorff_alpha([*units, [5], [None, 4, None], []], "ordinal") == alpha
    assert krippendorff_alpha([[1], [2, None], [None, None]]) is None


def test_bad_arguments_are_refused():
    with pytest.raises(ValueError, match="not in the order"):
        cohen_kappa([("True", "Satire")], weights="linear", order=["False", "True"])
    with pytest.raises(ValueError, match="twice"):
        cohen_kappa([("True", "True")], weights="linear", order=["True", "True"])
    with pytest.raises(TypeError, match="not a number"):
        cohen_kappa([("True", "False")], weights="linear")
    with pytest.raises(ValueError, match="unknown weights"):
        cohen_kappa([(1, 2)], weights="cubic")
    with pytest.raises(ValueError, match="unknown level"):
        krippendorff_alpha([], "ratio")
    with pytest.raises(ValueError, match="unknown weights"):
        cohen_kappa([], weights="cubic")


# Verdicts: labels with an ordinal value, or None off the axis.

FALSE, HALF, TRUE = ("False", 0), ("Half true", 2), ("True", 4)
MOSTLY_TRUE = ("Mostly true", 3)
UNVERIFIABLE, SATIRE = ("Unverifiable", None), ("Satire", None)


def test_off_axis_verdicts_count_as_labels_but_not_on_the_axis():
    items = [
        [TRUE, TRUE],
        [FALSE, FALSE],
        [HALF, MOSTLY_TRUE],
        [UNVERIFIABLE, UNVERIFIABLE],
        [SATIRE, FALSE],
        [TRUE, UNVERIFIABLE, MOSTLY_TRUE],
    ]
    result = verdict_agreement(items)
    # Two-rater items: 3 of 5 agree. Kappa: p_e = (1*1 + 1*2 + 1*1) / 25 (True, False and
    # Unverifiable), (3/5 - 4/25) / (21/25) = 11/21. Weighted on (4, 4), (0, 0), (2, 3): observed
    # 1/3, expected 17/9, 1 - 3/17 = 14/17. Alpha ordinal on units 44, 00, 23, 43: n = 8,
    # mid-ranks 0:1, 2:2.5, 3:4, 4:6.5, observed 2*(1.5^2 + 2.5^2) = 17, expected 624,
    # 1 - 7*17/624 = 505/624. Alpha nominal on all labels: n = 13, observed 2 + 2 + 6/2 = 7,
    # expected 169 - 33, 1 - 12*7/136 = 13/34.
    assert result == VerdictAgreement(
        items=6,
        pairs=5,
        ordinal_items=4,  # the three two-rater items on the axis, and True/Mostly true of the last
        ordinal_pairs=3,
        raw_agreement=pytest.approx(3 / 5),
        kappa=pytest.approx(11 / 21),
        weighted_kappa=pytest.approx(14 / 17),
        alpha_nominal=pytest.approx(13 / 34),
        alpha_ordinal=pytest.approx(505 / 624),
    )


def test_off_axis_disagreement_leaves_the_ordinal_figures_alone():
    on_axis = [[TRUE, TRUE], [FALSE, HALF], [MOSTLY_TRUE, TRUE]]
    with_off_axis = [*on_axis, [SATIRE, UNVERIFIABLE], [TRUE, SATIRE], [UNVERIFIABLE, FALSE, FALSE]]
    plain, mixed = verdict_agreement(on_axis), verdict_agreement(with_off_axis)
    assert mixed.weighted_kappa == plain.weighted_kappa
    assert mixed.ordinal_pairs == plain.ordinal_pairs == 3
    assert mixed.ordinal_items == 4  # False/False of the three-rater item joins alpha ordinal
    assert mixed.alpha_nominal < plain.alpha_nominal
    assert mixed.raw_agreement == 1 / 5


def test_verdicts_all_off_the_axis_have_no_ordinal_figures():
    result = verdict_agreement([[SATIRE, SATIRE], [UNVERIFIABLE, SATIRE]])
    assert (result.ordinal_items, result.ordinal_pairs) == (0, 0)
    assert result.weighted_kappa is None
    assert result.alpha_ordinal is None
    assert result.raw_agreement == 0.5


def test_no_verdicts():
    assert verdict_agreement([]) == VerdictAgreement(0, 0, 0, 0, None, None, None, None, None)


def test_verdicts_must_be_paired_and_consistent():
    with pytest.raises(ValueError, match="needs two"):
        verdict_agreement([[TRUE, TRUE], [FALSE]])
    with pytest.raises(ValueError, match="two ordinal values"):
        verdict_agreement([[TRUE, ("True", 5)]])
