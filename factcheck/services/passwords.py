"""The password policy for every new password: length and guessability, not composition rules.

Following NIST SP 800-63B and OWASP: at least MIN_LENGTH characters, at most MAX_LENGTH (which bounds
the cost of hashing), any characters a person can type (spaces and all of Unicode, but not only
spaces and no control characters, which no log-in form can send), and not a common or expected
password. "Common or expected" is zxcvbn's estimate, which knows 30,000 passwords from breach
frequency data, common words and names, keyboard patterns, repeats, sequences and dates, and is told
the account's own address and name and the desk's name: a password it reckons could be found in
fewer than 10^10 guesses (its score below 3) is refused, with its reason.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from zxcvbn import zxcvbn

from factcheck.errors import InvalidInput

MIN_LENGTH = 12
MAX_LENGTH = 1024
MIN_SCORE = 3  # zxcvbn: 3 is "safely unguessable", 10^8 to 10^10 guesses
ESTIMATE_LENGTH = 72  # zxcvbn's own limit; the rest of a longer password only adds to its strength
CONTEXT_WORDS = ("factcheck", "fact check", "fact-check")


def _context(user_inputs: Iterable[str]) -> list[str]:
    words: list[str] = list(CONTEXT_WORDS)
    for value in user_inputs:
        value = value.strip().lower()
        if value:
            words.append(value)
            words.extend(part for part in re.split(r"[@.\s_+-]+", value) if len(part) >= 3)
    return words


def check(password: str, *, field: str = "password", user_inputs: Iterable[str] = ()) -> None:
    """Refuse a password that could never log in or is easy to guess; ``user_inputs`` are the
    account's own words (e-mail, name) that a guesser would try first."""
    if len(password) < MIN_LENGTH:
        raise InvalidInput(
            f"The password must be at least {MIN_LENGTH} characters long. "
            "A few unrelated words make a strong one that is easy to remember.",
            field=field,
        )
    if len(password) > MAX_LENGTH:
        raise InvalidInput(
            f"The password is too long: at most {MAX_LENGTH} characters.", field=field
        )
    if not password.strip():
        raise InvalidInput("The password cannot be only spaces.", field=field)
    if any(unicodedata.category(c) == "Cc" for c in password):
        raise InvalidInput(
            "The password cannot contain control characters such as tabs or line breaks: "
            "a log-in form cannot send them.",
            field=field,
        )
    estimate = zxcvbn(password[:ESTIMATE_LENGTH], user_inputs=_context(user_inputs))
    if estimate["score"] < MIN_SCORE:
        reason = estimate["feedback"]["warning"] or "it is made of common words or patterns."
        raise InvalidInput(
            f"That password is too easy to guess: {_sentence(reason)} "
            "Add another word or two that are not about you or the desk.",
            field=field,
        )


def _sentence(text: str) -> str:
    text = text.strip()
    return text if text.endswith((".", "!", "?")) else text + "."
