"""Inter-rater agreement on verdicts: raw agreement, Cohen's kappa, Krippendorff's alpha.

Pure Python, no Flask or database: callers hand in ratings and get numbers back. A statistic that
is undefined returns None, never NaN: no pairable ratings, or no disagreement expected by chance
(every pairable rating is the same value, so agreement cannot be told apart from chance).

Verdict scales are partly ordinal (False < Mostly false < ... < True) and partly off the axis
("Unverifiable", "Satire"). In `verdict_agreement` off-axis ratings count as labels like any other
in the nominal statistics (raw agreement, kappa, alpha nominal) and are left out of the ordinal ones
(weighted kappa, alpha ordinal): those measure how far apart raters placed a claim on the axis.
Raw agreement and the kappas compare two raters, so they use the items rated exactly twice.
"""

import math
from collections import Counter
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass
from itertools import combinations
from typing import Literal, get_args

Weights = Literal["linear", "quadratic"]
Level = Literal["nominal", "ordinal", "interval"]
Distance = Callable[[Hashable, Hashable], float]
# A verdict as one rater gave it: its label, and its position on the ordinal axis (None if off it).
Rating = tuple[Hashable, float | None]


def raw_agreement(pairs: Iterable[tuple[Hashable, Hashable]]) -> float | None:
    """Share of pairs whose two ratings are equal; None for no pairs."""
    total = agreed = 0
    for first, second in pairs:
        total += 1
        agreed += first == second
    return agreed / total if total else None


def cohen_kappa(
    pairs: Iterable[tuple[Hashable, Hashable]],
    weights: Weights | None = None,
    order: Sequence[Hashable] | None = None,
) -> float | None:
    """Cohen's kappa of two raters, weighted if `weights` is given; None when undefined."""
    # As 1 - observed/expected disagreement: Cohen's (1960) kappa for 0/1 distances, his weighted
    # kappa (1968) for distances between positions in `order` (lowest first) or, without an order,
    # between the ratings themselves as numbers. The distances' scale cancels out.
    distance = _kappa_distance(weights, order)
    pairs = list(pairs)
    if not pairs:
        return None
    first = Counter(a for a, _ in pairs)
    second = Counter(b for _, b in pairs)
    observed = math.fsum(distance(a, b) for a, b in pairs) * len(pairs)
    expected = math.fsum(
        count_a * count_b * distance(a, b)
        for a, count_a in first.items()
        for b, count_b in second.items()
    )
    # Distances are 0 only between equal ratings, so this is exactly 0 when both raters used one
    # and the same rating throughout: chance agreement is then 1 and kappa is 0/0.
    if expected == 0:
        return None
    return 1 - observed / expected


def krippendorff_alpha(
    units: Iterable[Iterable[Hashable | None]], level: Level = "nominal"
) -> float | None:
    """Krippendorff's alpha over units rated by any number of raters; None or NaN is missing."""
    # Units with fewer than two ratings cannot be paired and drop out, as in Krippendorff's
    # coincidence matrix. alpha = 1 - (n - 1) * sum_u(sum_pairs(d) / (m_u - 1)) / sum_pairs_all(d).
    if level not in get_args(Level):
        raise ValueError(f"unknown level {level!r}: use 'nominal', 'ordinal' or 'interval'")
    pairable = []
    for unit in units:
        counts = Counter(value for value in unit if not _missing(value))
        if counts.total() >= 2:
            pairable.append(counts)
    totals: Counter[Hashable] = Counter()
    for counts in pairable:
        totals.update(counts)
    if len(totals) < 2:  # no pairable values, or one value only: no disagreement is expected
        return None
    distance = _alpha_distance(level, totals)
    observed = math.fsum(
        _pair_disagreement(counts, distance) / (counts.total() - 1) for counts in pairable
    )
    expected = _pair_disagreement(totals, distance)
    return 1 - (totals.total() - 1) * observed / expected


@dataclass(frozen=True, slots=True)
class VerdictAgreement:
    """Agreement among reviewers' verdicts on a set of items; None where a figure is undefined."""

    items: int  # items rated, each at least twice
    pairs: int  # items rated exactly twice: raw agreement and kappa
    ordinal_items: int  # items with at least two ratings on the axis: alpha ordinal
    ordinal_pairs: int  # items rated exactly twice, both on the axis: weighted kappa
    raw_agreement: float | None
    kappa: float | None
    weighted_kappa: float | None  # linear weights on the ordinal values
    alpha_nominal: float | None
    alpha_ordinal: float | None


def verdict_agreement(items: Iterable[Sequence[Rating]]) -> VerdictAgreement:
    """Nominal and ordinal agreement over items each rated two or more times as (label, value)."""
    items = [list(ratings) for ratings in items]
    _check_ratings(items)
    twice = [ratings for ratings in items if len(ratings) == 2]
    label_pairs = [(first[0], second[0]) for first, second in twice]
    value_pairs = [
        (first[1], second[1])
        for first, second in twice
        if first[1] is not None and second[1] is not None
    ]
    # Off the axis is missing on the ordinal variable: None drops out of the units.
    value_units = [[value for _, value in ratings] for ratings in items]
    return VerdictAgreement(
        items=len(items),
        pairs=len(label_pairs),
        ordinal_items=sum(1 for unit in value_units if sum(v is not None for v in unit) >= 2),
        ordinal_pairs=len(value_pairs),
        raw_agreement=raw_agreement(label_pairs),
        kappa=cohen_kappa(label_pairs),
        weighted_kappa=cohen_kappa(value_pairs, weights="linear"),
        alpha_nominal=krippendorff_alpha(
            ([label for label, _ in ratings] for ratings in items), "nominal"
        ),
        alpha_ordinal=krippendorff_alpha(value_units, "ordinal"),
    )


def _check_ratings(items: list[list[Rating]]) -> None:
    """Refuse items rated fewer than twice and a label given two ordinal values."""
    values: dict[Hashable, float | None] = {}
    for number, ratings in enumerate(items):
        if len(ratings) < 2:
            raise ValueError(f"item {number} has {len(ratings)} rating(s); agreement needs two")
        for label, value in ratings:
            if values.setdefault(label, value) != value:
                raise ValueError(
                    f"label {label!r} has two ordinal values: {values[label]}, {value}"
                )


def _missing(value: object) -> bool:
    """None, or a float NaN as spreadsheets and numpy write a blank."""
    return value is None or (isinstance(value, float) and math.isnan(value))


def _pair_disagreement(counts: Counter[Hashable], distance: Distance) -> float:
    """Sum of distances over the ordered pairs of different values among counted ratings."""
    return 2 * math.fsum(
        count_c * count_k * distance(c, k)
        for (c, count_c), (k, count_k) in combinations(counts.items(), 2)
    )


def _nominal(a: Hashable, b: Hashable) -> float:
    return 0.0 if a == b else 1.0


def _number(value: Hashable) -> float:
    """A rating as a number, for the distances that need one."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TypeError(f"rating {value!r} is not a number; give an order or numeric ratings")
    return float(value)


def _kappa_distance(weights: Weights | None, order: Sequence[Hashable] | None) -> Distance:
    """0/1 for plain kappa, else |i - j| or (i - j)^2 between positions on the scale."""
    if weights is None:
        return _nominal
    if weights not in get_args(Weights):
        raise ValueError(f"unknown weights {weights!r}: use 'linear', 'quadratic' or None")
    if order is None:
        position = _number
    else:
        positions = {label: float(index) for index, label in enumerate(order)}
        if len(positions) != len(order):
            raise ValueError("order lists a rating twice")

        def position(label: Hashable) -> float:
            if label not in positions:
                raise ValueError(f"rating {label!r} is not in the order")
            return positions[label]

    power = 1 if weights == "linear" else 2
    return lambda a, b: abs(position(a) - position(b)) ** power


def _alpha_distance(level: Level, totals: Counter[Hashable]) -> Distance:
    """Krippendorff's squared difference for the level, from the pairable values' frequencies."""
    if level == "nominal":
        return _nominal
    if level == "ordinal":
        # Krippendorff's ordinal difference (sum of n_g for g from c to k, less (n_c + n_k) / 2)^2
        # is the interval one between mid-ranks: n_g summed below a value plus half its own n.
        midrank: dict[Hashable, float] = {}
        below = 0
        for value in sorted(totals):  # type: ignore[type-var]  # ordinal values are ordered
            midrank[value] = below + totals[value] / 2
            below += totals[value]
        return lambda c, k: (midrank[c] - midrank[k]) ** 2
    return lambda c, k: (_number(c) - _number(k)) ** 2
