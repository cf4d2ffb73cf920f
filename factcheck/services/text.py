"""Rules for short labels that every service applies the same way."""

from __future__ import annotations

from factcheck.errors import InvalidInput

# Embeddings, overrides and isolates: invisible, they make a label read differently from what it
# holds ("Fal\u202eeurt" shows as "Falture"), in a list, a history or a published page.
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def refuse_bidi_controls(text: str | None, *, field: str, what: str = "This field") -> None:
    """Refuse ``text`` if it holds a character that reorders the text around it."""
    found = next((c for c in text or "" if c in BIDI_CONTROLS), None)
    if found is not None:
        raise InvalidInput(
            f"{what} contains an invisible character that changes the direction of the text "
            f"(U+{ord(found):04X}); remove it and try again.",
            field=field,
        )
