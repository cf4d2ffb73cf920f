"""CLEF reading, the CLEF-2019 ranking metrics, and fitting on tiny synthetic debates."""

import pytest

from factcheck.claims.train_checkworthiness import (
    ClefLine,
    TrainConfig,
    average_precision,
    digit_baseline,
    mean_metrics,
    precision_at,
    r_precision,
    ranked_labels,
    ranking_metrics,
    read_clef,
    read_clef_dir,
)


def test_ties_keep_file_order():
    assert ranked_labels([0.5, 0.9, 0.5, 0.1], [0, 1, 1, 0]) == [1, 0, 1, 0]
    assert ranked_labels([0.5, 0.9, 0.5, 0.1], [1, 1, 0, 0]) == [1, 1, 0, 0]


def test_average_precision_by_hand():
    # Positives at ranks 1 and 3: (1/1 + 2/3) / 2.
    assert average_precision([1, 0, 1, 0, 0]) == pytest.approx(5 / 6)
    # Positives at ranks 2 and 4: (1/2 + 2/4) / 2.
    assert average_precision([0, 1, 0, 1]) == pytest.approx(0.5)
    assert average_precision([1, 1, 1]) == 1.0
    assert average_precision([0, 0, 0]) == 0.0


def test_precision_at_k_by_hand():
    ranked = [1, 0, 1, 0, 0, 0, 1]
    assert precision_at(ranked, 1) == 1.0
    assert precision_at(ranked, 5) == pytest.approx(2 / 5)
    # Fewer lines than k still divides by k.
    assert precision_at(ranked, 10) == pytest.approx(3 / 10)


def test_r_precision_by_hand():
    assert r_precision([1, 0, 1, 0, 0, 0, 1]) == pytest.approx(2 / 3)
    assert r_precision([0, 1]) == 0.0
    assert r_precision([0, 0]) == 0.0


def test_ranking_metrics_and_macro_mean():
    first = ranking_metrics([0.9, 0.8, 0.7, 0.1], [0, 1, 0, 1])
    # Ranked [0, 1, 0, 1]: AP (1/2 + 2/4) / 2; R = 2 so P@2 = 1/2.
    assert first == pytest.approx({"MAP": 0.5, "R-P": 0.5, "P@5": 2 / 5, "P@10": 2 / 10})
    second = ranking_metrics([1.0, 0.0], [1, 0])
    assert second == pytest.approx({"MAP": 1.0, "R-P": 1.0, "P@5": 1 / 5, "P@10": 1 / 10})
    mean = mean_metrics({"a": first, "b": second})
    assert mean == pytest.approx({"MAP": 0.75, "R-P": 0.75, "P@5": 0.3, "P@10": 0.15})


def test_digit_baseline():
    lines = [ClefLine(1, "A", "Hello.", 0), ClefLine(2, "A", "We won 55%", 1)]
    assert digit_baseline(lines) == [0.0, 1.0]
    assert digit_baseline([ClefLine(1, "A", "Up 4 points", 0)]) == [1.0]


def test_read_clef_handles_crlf_and_missing_final_newline(tmp_path):
    path = tmp_path / "debate.tsv"
    path.write_bytes(b"1\tHOLT\tGood evening.\t0\r\n2\tTRUMP\tWe lost 70,000 factories.\t1")
    assert read_clef(path) == [
        ClefLine(1, "HOLT", "Good evening.", 0),
        ClefLine(2, "TRUMP", "We lost 70,000 factories.", 1),
    ]


def test_read_clef_labels_are_optional_unless_required(tmp_path):
    path = tmp_path / "debate.tsv"
    path.write_text("1\tHOLT\tGood evening.\n", encoding="utf-8")
    assert read_clef(path) == [ClefLine(1, "HOLT", "Good evening.", None)]
    with pytest.raises(ValueError, match="no label"):
        read_clef(path, require_labels=True)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("1\tHOLT\n", r"debate.tsv:1: expected line<TAB>speaker<TAB>text"),
        ("one\tHOLT\tHi.\n", r"debate.tsv:1: expected"),
        ("1\tHOLT\tHi.\t0\n2\tHOLT\tYes.\tmaybe\n", r"debate.tsv:2: label must be 0 or 1"),
        ("\n\n", r"no lines"),
    ],
)
def test_read_clef_rejects_malformed_files(tmp_path, content, message):
    path = tmp_path / "debate.tsv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ValueError, match=message):
        read_clef(path)


def test_read_clef_dir_needs_tsv_files(tmp_path):
    with pytest.raises(ValueError, match=r"no \.tsv files"):
        read_clef_dir(tmp_path)


def synthetic_debate(seed: int) -> list[ClefLine]:
    """A made-up debate: statistics by the candidate are the check-worthy lines."""
    lines = []
    for i in range(12):
        lines.append(ClefLine(len(lines) + 1, "HOST", f"Question {seed} for you, what now?", 0))
        lines.append(ClefLine(len(lines) + 1, "CAND", "Thank you, it is good to be here.", 0))
        lines.append(ClefLine(len(lines) + 1, "CAND", f"Jobs grew by {seed + i} percent.", 1))
    return lines


def test_fit_learns_and_rounds_weights():
    pytest.importorskip("sklearn")
    from factcheck.claims.train_checkworthiness import file_features, fit

    lines = synthetic_debate(3) + synthetic_debate(4)
    model = fit(file_features(lines), [row.label for row in lines], TrainConfig(C=1.0))
    assert model.weights["quantity"] > 0
    assert all(round(weight, 4) == weight for weight in model.weights.values())
    assert model.metadata["config"]["C"] == 1.0


def test_cross_validation_ranks_the_held_out_file():
    pytest.importorskip("sklearn")
    from factcheck.claims.train_checkworthiness import cross_validate

    files = {f"d{seed}.tsv": synthetic_debate(seed) for seed in (1, 2, 3)}
    results = cross_validate(files, TrainConfig(C=1.0))
    assert set(results) == set(files)
    assert all(row["MAP"] == 1.0 for row in results.values())
