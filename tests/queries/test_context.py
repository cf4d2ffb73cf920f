"""The words around a claim in the panel: never a word cut in two, an ellipsis only where the
transcript goes on."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from factcheck.queries.workspace import context_around

TEXT = "Good evening. Unemployment fell to 3.9% in 2023. We built 40,000 homes. Thank you."


def around(claim: str, chars: int):
    start = TEXT.index(claim)
    return context_around(TEXT, start, start + len(claim), chars)


def test_a_cut_word_is_left_out_on_either_side() -> None:
    # 8 characters before "We built" start inside "in"; 8 after end inside "you.".
    found = around("We built 40,000 homes.", 8)
    assert (found.before, found.after) == ("2023. ", " Thank")
    assert found.cut_before
    assert found.cut_after
    # One more each side: "in" is whole, "you." still is not.
    found = around("We built 40,000 homes.", 9)
    assert (found.before, found.after) == ("in 2023. ", " Thank")


def test_whole_words_stay_and_the_ends_of_the_transcript_have_no_ellipsis() -> None:
    found = around("Unemployment fell to 3.9% in 2023.", 200)
    assert found.before == "Good evening. "
    assert found.after == " We built 40,000 homes. Thank you."
    assert not found.cut_before
    assert not found.cut_after
    # A cut that falls between two words keeps both.
    found = around("Thank you.", len(" homes. "))
    assert found.before == "homes. "
    assert found.cut_before


def test_a_word_longer_than_the_context_leaves_none() -> None:
    text = "Supercalifragilistic claim."
    found = context_around(text, 21, len(text), 5)
    assert found.before == ""
    assert found.cut_before


words = st.lists(st.text("abcdé", min_size=1, max_size=12), min_size=1, max_size=30)


@given(words, st.data(), st.integers(0, 40), st.sampled_from([" ", "\n", "  "]))
def test_context_is_whole_words_of_the_transcript_next_to_the_claim(
    parts: list[str], data: st.DataObject, chars: int, gap: str
) -> None:
    text = gap.join(parts)
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, len(text)))
    found = context_around(text, start, end, chars)
    assert text[:start].rstrip().endswith(found.before.rstrip())
    assert text[end:].lstrip().startswith(found.after.lstrip())
    assert len(found.before) <= chars
    assert len(found.after) <= chars
    assert found.cut_before == (start > chars)
    assert found.cut_after == (end + chars < len(text))
    # Each word shown is a whole word of the transcript (or the claim's own word, cut by it).
    shown_before = found.before.split()
    if shown_before and start - len(found.before.lstrip()) > 0:
        first = start - len(found.before.lstrip())
        assert text[first - 1].isspace()
    shown_after = found.after.split()
    if shown_after:
        last = end + len(found.after.rstrip())
        assert last == len(text) or text[last].isspace()
