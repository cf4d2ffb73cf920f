"""The password policy: length, nothing that could never log in, nothing easy to guess."""

from __future__ import annotations

import secrets

import pytest

from factcheck.errors import InvalidInput
from factcheck.services import passwords


@pytest.mark.parametrize(
    "password",
    [
        "correct horse battery staple",
        "a brand new passphrase",
        "  spaces around are kept  ",
        "Ünïcödé is welcome here ☕",
        "x7#Lq9!vR2@m",  # twelve random characters
        # As `flask demo` makes them; named, so that every xdist worker collects the same test.
        pytest.param(secrets.token_urlsafe(12), id="token_urlsafe(12)"),
        "an unusual phrase " * 10,  # long: only its first 72 characters are estimated
        "y" * 3 + secrets.token_urlsafe(800)[: passwords.MAX_LENGTH - 3],
    ],
)
def test_good_passwords_pass(password: str) -> None:
    passwords.check(password)


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("", "at least 12"),
        ("eleven char", "at least 12"),
        (" " * 10, "at least 12"),
        (" " * 12, "only spaces"),
        ("\u3000" * 12, "only spaces"),  # ideographic spaces
        ("a good long\npassphrase", "control characters"),
        ("a good long passphrase\x00", "control characters"),
        ("x" * (passwords.MAX_LENGTH + 1), "too long"),
        ("password1234", "too easy to guess"),
        ("qwertyuiopasdf", "too easy to guess"),
        ("123456789012", "too easy to guess"),
        ("aaaaaaaaaaaa", "too easy to guess"),
        ("iloveyou1234", "too easy to guess"),
        ("passwordpassword", "too easy to guess"),
        ("factcheck2024!", "too easy to guess"),  # the desk's own name
        ("a" * 80 + secrets.token_urlsafe(20), "too easy to guess"),
    ],
)
def test_bad_passwords_are_refused_with_a_reason(password: str, message: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        passwords.check(password, field="new_password")
    assert message in refused.value.message
    assert refused.value.field == "new_password"


def test_the_accounts_own_words_are_easy_to_guess() -> None:
    account = ["m.okonkwo@example.org", "Margarethe Okonkwo"]
    for password in ("OkonkwoMargarethe", "m.okonkwo@example.org"):
        passwords.check(password)
        with pytest.raises(InvalidInput, match="too easy to guess"):
            passwords.check(password, user_inputs=account)
