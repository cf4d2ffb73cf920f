"""The records' own rules: grouping a stream by speech, the claim as checked."""

from __future__ import annotations

from dataclasses import replace

from tests.exports import records


def test_claims_group_by_speech_in_order_even_when_a_group_is_left_unread() -> None:
    first, second = records.speech(1), records.speech(2)
    claims = [records.claim(1, first), records.claim(2, first), records.claim(3, second)]
    seen = []
    for number, (speech, group) in enumerate(records.export(claims).by_speech()):
        if number == 0:
            next(group)  # leave the second claim unread
            seen.append((speech.id, None))
        else:
            seen.append((speech.id, [c.id for c in group]))
    assert seen == [(1, None), (2, [3])]


def test_the_claim_as_checked_is_its_wording_else_the_quote() -> None:
    item = records.claim()
    assert item.as_checked == "Unemployment fell to 3.9%"
    assert replace(item, restatement=None).as_checked == item.text


def test_only_public_sources_are_public() -> None:
    item = records.claim()
    hidden = replace(item.sources[0], is_public=False)
    assert replace(item, sources=(hidden, *item.sources)).public_sources == item.sources
