"""Reading ids: ASCII digits within the databases' INTEGER range, nothing else."""

from __future__ import annotations

import pytest

from factcheck.ids import MAX_ID, is_id, parse_id


@pytest.mark.parametrize("text", ["1", "42", str(MAX_ID)])
def test_an_id_in_range_is_read(text: str) -> None:
    assert parse_id(text) == int(text)


@pytest.mark.parametrize(
    "text",
    [None, "", "0", "-1", "+1", " 1", "1 ", "1.0", "1_0", "١٢", "²", "１", "1\x00",
     str(MAX_ID + 1), str(2**63), "9" * 40, "0" * 11 + "1"],
)  # fmt: skip
def test_anything_else_is_not_an_id(text: str | None) -> None:
    assert parse_id(text) is None


def test_is_id_wants_an_int_in_range() -> None:
    assert is_id(1)
    assert is_id(MAX_ID)
    assert not any(is_id(v) for v in (0, -1, MAX_ID + 1, 2**63, True, "1", 1.0, None))
