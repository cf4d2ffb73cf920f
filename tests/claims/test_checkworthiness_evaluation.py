"""The evaluation protocols: dates and event types from file names, folds, nested choice."""

from datetime import date

import pytest

from factcheck.claims.evaluate_checkworthiness import (
    EVENT_TYPES,
    choose_config,
    chronological,
    event_date,
    event_type,
    leave_one_file_out,
    leave_one_type_out,
)
from factcheck.claims.train_checkworthiness import ClefLine, TrainConfig
from tests.shared import shared_file


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("20160926_1pres.tsv", date(2016, 9, 26)),
        ("20182601_trump_world.tsv", date(2018, 1, 26)),  # day first: the only reading
        ("20190108_oval_office", date(2019, 1, 8)),
        ("debate.tsv", None),
        ("20191399_nonsense.tsv", None),
    ],
)
def test_event_date(name, expected):
    assert event_date(name) == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("20161019_3pres.tsv", "debate"),
        ("20161005_vice_pres.tsv", "debate"),
        ("20170216_trump_press.tsv", "press/other"),
        ("20181010_medicare.tsv", "press/other"),
        ("20170315_nashville.tsv", "speech"),
        # Files outside the CLEF list are typed by their names.
        ("20200929_1st_debate.tsv", "debate"),
        ("20200301_press_conference.tsv", "press/other"),
        ("20200301_rally_tulsa.tsv", "speech"),
    ],
)
def test_event_type(name, expected):
    assert event_type(name) == expected


def test_every_clef_training_file_has_a_listed_type_and_a_date():
    directory = shared_file("data/clef2019-task1/train")
    names = sorted(path.name for path in directory.glob("*.tsv"))
    assert len(names) == 19
    assert {name[9:].removesuffix(".tsv") for name in names} == set(EVENT_TYPES)
    assert all(event_date(name) for name in names)


NAMES = ["20160101_1pres.tsv", "20160601_rally.tsv", "20170101_press.tsv", "20170601_2pres.tsv"]


def test_no_fold_trains_on_what_it_ranks():
    for protocol in (leave_one_file_out(NAMES), chronological(NAMES), leave_one_type_out(NAMES)):
        for fold in protocol.folds:
            assert not set(fold.train) & set(fold.test)
            assert fold.train
            assert fold.test


def test_chronological_trains_on_the_earlier_files():
    (fold,) = chronological(NAMES).folds
    assert fold.train == ("20160101_1pres.tsv", "20160601_rally.tsv")
    assert fold.test == ("20170101_press.tsv", "20170601_2pres.tsv")
    assert "skipped" in chronological(NAMES, date(2015, 1, 1))


def test_leave_one_type_out_holds_out_whole_types():
    folds = leave_one_type_out(NAMES).folds
    assert [fold.test for fold in folds] == [
        ("20160101_1pres.tsv", "20170601_2pres.tsv"),
        ("20160601_rally.tsv",),
        ("20170101_press.tsv",),
    ]


def test_choose_config_sees_only_the_training_files():
    files = {name: [ClefLine(1, "A", "x", 1), ClefLine(2, "A", "y", 0)] for name in NAMES}
    seen = []
    good, bad = TrainConfig(C=1.0), TrainConfig(C=2.0)

    def score(train, test, config):
        seen.extend([*train, *test])
        # The good setting ranks the positive first, the bad one last.
        return {name: [1.0, 0.0] if config == good else [0.0, 1.0] for name in test}

    assert choose_config(NAMES[:3], (bad, good), score, files) == good
    assert set(seen) == set(NAMES[:3])
