"""Interpretable features of a sentence for check-worthiness, each with the words that fired it.

What fires: quantities (and what they count), percentages, money, years and dates, comparisons
and rankings, causal connectives, future and modal verbs, laws and votes, reported speech,
attribution and quotation marks, topics that statistics are kept about, first-, second- and
third-person pronouns, opinion and hedging words, greetings and agenda ('filler' when nothing else
is claimed), named entities by capitalisation, length, questions, and where the sentence sits among
its speakers (``Context``). The regexes live in ``checkworthiness_patterns``, the word lists in
``checkworthiness_lexicons``. Every lower-cased word fires ``word:<word>`` too; the model keeps
the words it saw often enough. Pure Python.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache
from itertools import compress, count
from typing import NamedTuple

from factcheck.claims.checkworthiness_lexicons import (
    LEXICONS,
    LONGEST_PHRASE,
    PHRASE_HEADS,
    PHRASE_TRIGGERS,
    PHRASES,
    entities,
    names_a_number,
)
from factcheck.claims.checkworthiness_patterns import APPROX_BEFORE as _APPROX_BEFORE
from factcheck.claims.checkworthiness_patterns import PATTERNS as _PATTERNS
from factcheck.claims.checkworthiness_patterns import QUANTITIES as _QUANTITIES

__all__ = [
    "FILLER",
    "STRUCTURAL_FEATURES",
    "WORD_PREFIX",
    "Context",
    "SentenceFeatures",
    "document_contexts",
    "extract_features",
    "sentence_features",
]

WORD_PREFIX = "word:"


@dataclass(frozen=True)
class Context:
    """Where a sentence sits in its document; ``document_contexts`` computes it from speakers."""

    speaker_share: float | None = None  # fraction of the document's sentences said by this speaker
    first_in_turn: bool = False
    after_question: bool = False  # another speaker's question came just before
    questioner: bool = False  # this speaker mostly asks questions: a moderator or interviewer
    turn_length: int | None = None  # sentences in this speaker's current turn
    figure_nearby: bool = False  # the sentence before or after, in the same turn, has a digit

    @cached_property
    def features(self) -> tuple[str, ...]:
        """The features this context fires, worked out once per context."""
        found = []
        if self.speaker_share is not None:
            found.append(
                "context:minor_speaker" if self.speaker_share < 0.1 else "context:major_speaker"
            )
        if self.questioner:
            found.append("context:questioner")
        if self.turn_length is not None:
            found.append("context:short_turn" if self.turn_length <= 2 else "context:long_turn")
        if self.first_in_turn:
            found.append("context:first_in_turn")
        if self.after_question:
            found.append("context:after_question")
        if self.figure_nearby:
            found.append("context:figure_nearby")
        return tuple(found)


# Pattern features whose numbers are not figures when they are part of a name ('AlphaFold 3').
_FIGURES = frozenset({"quantity:counted"})
_FIGURE_STARTS = frozenset("$0123456789")  # 'AlphaFold 3', but never 'AlphaFold three'
FILLER = "filler"  # a greeting, thanks or agenda sentence with no evidence of a claim
# What makes a procedural sentence a claim after all: 'Thank you: we cut taxes by 20 percent.'
# Names of people are not ('Thank you, Senator Kaine.'), nor topics ('Let's turn to the economy.').
_EVIDENCE = frozenset(
    {"quantity", "quantity:percent", "quantity:money", "quantity:large", "quantity:counted"}
    | {"time:year", "time:date", "entity:country", "entity:organisation", "comparison:countries"}
    | {"comparison:comparative", "comparison:superlative", "comparison:record"}
    | {"comparison:change", "causal", "law_or_rule", "attribution", "quotation:marks"}
)
_TOKEN = re.compile(r"[a-z][a-z'-]*[a-z]|[a-z]|\d+", re.IGNORECASE)
# In lower-cased ASCII text, _TOKEN's tokens lower-cased, found faster.
_LOWER_TOKEN = re.compile(_TOKEN.pattern)
_LENGTH_BINS = ((4, "length:1-4"), (9, "length:5-9"), (19, "length:10-19"), (34, "length:20-34"))
# The length feature of a sentence of n tokens, for n up to 35 (and above).
_LENGTHS = tuple(
    next((name for limit, name in _LENGTH_BINS if n <= limit), "length:35+") for n in range(36)
)
_AUDIENCE = frozenset({"SYSTEM", "AUDIENCE"})


# --- Cues -----------------------------------------------------------------------------------------


class _Cues(NamedTuple):
    """The cues of the regexes, each cue -> the regexes it cues as a bit set over ``_CUED``."""

    words: dict[str, int]
    strings: dict[str, int]
    starts: dict[str, int]
    ends: dict[str, int]
    digit: int  # the regexes cued by any digit
    always: int  # the regexes without cues
    hints: dict[str, tuple[frozenset[str], int]]  # regex -> (its word cues, most characters before)


def _cue_index(cued: dict[str, tuple[re.Pattern[str], str]]) -> _Cues:
    index = _Cues({}, {}, {}, {}, 0, 0, {})
    digit = always = 0
    for i, (key, (_, cues)) in enumerate(cued.items()):
        bit = 1 << i
        always |= 0 if cues else bit
        for cue in cues.split():
            if cue.startswith("@"):
                index.hints[key] = (frozenset(cues.split()[:-1]), int(cue[1:]))
            elif cue == r"\d":
                digit |= bit
            else:
                kind, cue = _cue_kind(cue)
                cues_of_kind = getattr(index, kind)
                cues_of_kind[cue] = cues_of_kind.get(cue, 0) | bit
    return index._replace(digit=digit, always=always)


def _cue_kind(cue: str) -> tuple[str, str]:
    """Which ``_Cues`` index a cue belongs in, and the cue as looked up there."""
    if cue.isalnum():
        return "words", cue
    if len(cue) > 1 and cue.startswith("^"):
        return "starts", cue[1:]
    if len(cue) > 1 and cue.endswith("$"):
        return "ends", cue[:-1]
    return "strings", cue.removeprefix("~")


_CUED = {**_QUANTITIES, **_PATTERNS}
_CUES = _cue_index(_CUED)
_STARTS, _ENDS = tuple(_CUES.starts), tuple(_CUES.ends)
# Lower-casing these does not give what IGNORECASE matches (İ becomes two characters; ı and ſ match
# 'i' and 's'): a sentence with any is searched for every regex. The cue tests check all of Unicode.
_UNFOLDABLE = re.compile("[\u0130\u0131\u017f]")


_ALL_CUED = (1 << len(_CUED)) - 1


def _cued(norm: str, folded: str, tokens: list[str]) -> tuple[int, set[str] | None]:  # noqa: C901 - one pass over the cue bits, kept flat for speed (benchmarks/extraction.py)
    """The regexes of ``_CUED`` that may match ``norm`` (those whose cues it has) as a bit set, and
    which word cues it has (None: not looked for).

    ``folded`` is ``norm`` lower-cased and ``tokens`` its lower-cased tokens. A whole word of
    ``norm`` is a token, or a part of one between apostrophes and hyphens ('won't', 'top-tier').
    """
    if not norm.isascii() and _UNFOLDABLE.search(norm):
        return _ALL_CUED, None
    words = tokens
    if "'" in folded or "-" in folded:
        words = " ".join(tokens).replace("'", " ").replace("-", " ").split()
    present = _CUE_WORDS.keys() & words
    cued = _CUES.always
    for cue in present:
        cued |= _CUE_WORDS[cue]
    for cue, regexes in _CUE_STRINGS:
        if cue in folded:
            cued |= regexes
    stripped = folded.strip()
    if stripped.startswith(_STARTS):
        for cue, regexes in _CUES.starts.items():
            if stripped.startswith(cue):
                cued |= regexes
    if stripped.endswith(_ENDS):
        for cue, regexes in _CUES.ends.items():
            if stripped.endswith(cue):
                cued |= regexes
    # Every decimal digit is in a token, and none is a letter.
    if not "".join(words).isalpha():
        cued |= _CUES.digit
    return cued, present


_CUE_WORDS = _CUES.words
_CUE_STRINGS = tuple(_CUES.strings.items())


@lru_cache(maxsize=1024)
def _cued_keys(cued: int) -> tuple[tuple[str, ...], tuple[tuple[str, Callable, tuple | None], ...]]:
    """The quantity regexes in a bit set, and its pattern features with ``search`` and hints."""
    keys = [key for i, key in enumerate(_CUED) if cued >> i & 1]
    return tuple(key for key in keys if key in _QUANTITIES), tuple(
        (key, _PATTERNS[key][0].search, _CUES.hints.get(key)) for key in keys if key in _PATTERNS
    )


# --- Extraction -----------------------------------------------------------------------------------


class SentenceFeatures:
    """The features one sentence fires, in ``extract_features`` order, kept apart for fast scoring.

    ``found`` maps the features from regexes and names to their evidence; ``phrases`` maps lexicon
    features to the tokens that fired them; ``words`` holds the word of each token's ``word:``
    feature, ``distinct_words`` each once in order; ``extra`` the speaker and context features.
    Tokens are quoted only on demand.
    """

    __slots__ = (
        "_spans",
        "distinct_words",
        "extra",
        "found",
        "length",
        "norm",
        "phrases",
        "text",
        "tokens",
        "words",
    )

    def __init__(
        self,
        text: str,
        norm: str,
        found: dict[str, str],
        phrases: dict[str, tuple[int, int]],
        tokens: list[str],
        extra: tuple[str, ...],
    ) -> None:
        self.text, self.norm, self.found, self.phrases = text, norm, found, phrases
        self.length = _LENGTHS[min(len(tokens), len(_LENGTHS) - 1)]
        self.tokens, self.extra = tokens, extra  # tokens lower-cased
        # A word is its token without apostrophes; no token holds a NUL to split the tokens at.
        self.words = "\0".join(tokens).replace("'", "").split("\0") if "'" in norm else tokens
        self.distinct_words = dict.fromkeys(self.words)
        self._spans: list[tuple[int, int]] = []  # where the first tokens are, found on demand

    def quote(self, first: int, end: int) -> str:
        """The original text of tokens ``first`` to ``end - 1``."""
        spans = self._spans
        if len(spans) < end:
            _find_tokens(self.norm, self.tokens, spans, end)
        return self.text[spans[first][0] : spans[end - 1][1]]

    def as_dict(self) -> dict[str, str]:
        """Every feature mapped to its evidence: what ``extract_features`` returns."""
        features = dict(self.found)
        for name, (first, end) in self.phrases.items():
            features[name] = self.quote(first, end)
        features[self.length] = ""
        for i, word in enumerate(self.words):
            features.setdefault(WORD_PREFIX + word, self.quote(i, i + 1))
        features.update(dict.fromkeys(self.extra, ""))
        return features


def extract_features(
    text: str, speaker: str | None = None, context: Context | None = None
) -> dict[str, str]:
    """Every feature the sentence fires, mapped to the words of ``text`` that fired it.

    All features are binary; this one definition (``sentence_features``) serves training and
    scoring alike.
    """
    return sentence_features(text, speaker, context).as_dict()


def sentence_features(
    text: str, speaker: str | None = None, context: Context | None = None
) -> SentenceFeatures:
    """The features of one sentence, as ``SentenceFeatures``."""
    # Same-length normalisation, so that match offsets still index the original text.
    norm = text if text.isascii() else _normalise(text)
    folded = norm.lower()
    if norm.isascii():
        tokens = _LOWER_TOKEN.findall(folded)
    else:
        tokens = [token.lower() for token in _TOKEN.findall(norm)]
    found = _pattern_features(text, norm, folded, *_cued(norm, folded, tokens))
    found.update(entities(norm))
    extra = _placement_features(speaker, context)
    phrases = _phrases(tokens)
    if "procedural" in found and not (_EVIDENCE & found.keys() or _EVIDENCE & phrases.keys()):
        extra = (*extra, FILLER)
    return SentenceFeatures(text, norm, found, phrases, tokens, extra)


def _pattern_features(
    text: str, norm: str, folded: str, cued: int, present: set[str] | None
) -> dict[str, str]:
    """'bias', 'quantity' and the pattern features of ``_PATTERNS`` that fire, with their evidence.

    Only the regexes in ``cued`` (a bit set over ``_CUED``) are searched, from where the word cues
    in ``present`` allow; with every bit set and no cues this searches every regex from the start.
    """
    quantities, patterns = _cued_keys(cued)
    found: dict[str, str] = {"bias": ""}
    if quantities:
        found["quantity"] = ""  # holds its place: the quantity fires before the patterns
    date = None
    for name, search, hint in patterns:
        start = 0
        if hint and present:  # every match starts at most hint[1] characters before a cue
            cues = hint[0] & present
            if cues:
                start = max(0, min(map(folded.find, cues)) - hint[1])
        match = search(norm, start)
        while match and name in _FIGURES and names_a_number(norm[: match.start()]):
            match = search(norm, match.end())
        if match:
            found[name] = text[match.start() : match.end()].strip()
            if name == "time:date":
                date = match
    if quantities:
        quantity = _earliest_quantity(norm, quantities, date)
        if quantity:
            start = quantity.start()
            before = _APPROX_BEFORE.search(norm, max(0, start - 20), start)
            found["quantity"] = text[before.start() if before else start : quantity.end()]
        else:
            del found["quantity"]
    return found


def _placement_features(speaker: str | None, context: Context | None) -> tuple[str, ...]:
    """The features of who says a sentence and where it sits, apart from its words."""
    extra = () if context is None else context.features
    if speaker is not None and speaker.strip().upper() in _AUDIENCE:
        extra = ("speaker:audience", *extra)
    return extra


def _phrases(words: list[str]) -> dict[str, tuple[int, int]]:
    """The lexicon features the words fire, each with the first words that fire it."""
    phrases: dict[str, tuple[int, int]] = {}
    triggers = PHRASE_TRIGGERS.intersection(words)
    if not triggers:
        return phrases
    for i in compress(count(), map(triggers.__contains__, words)):
        word = words[i]
        for name in PHRASES.get(word, ()):
            phrases.setdefault(name, (i, i + 1))
        if word in PHRASE_HEADS:
            for end in range(i + 2, min(i + LONGEST_PHRASE, len(words)) + 1):
                for name in PHRASES.get(" ".join(words[i:end]), ()):
                    phrases.setdefault(name, (i, end))
    return phrases


def _find_tokens(norm: str, tokens: list[str], spans: list[tuple[int, int]], end: int) -> None:
    """Extend ``spans``, where the first tokens are in ``norm``, to the first ``end`` tokens."""
    if not norm.isascii():
        spans[:] = [match.span() for match in _TOKEN.finditer(norm)]
        return
    # A token starts where its text first occurs after the previous token: findall takes the
    # leftmost match each time, and _LOWER_TOKEN (no context assertions) matches wherever its
    # match occurs.
    find = norm.lower().find
    start = spans[-1][1] if spans else 0
    for token in tokens[len(spans) : end]:
        start = find(token, start)
        spans.append((start, start + len(token)))
        start += len(token)


def _normalise(text: str) -> str:
    """Curly apostrophes and no-break spaces as plain ones, one character for one."""
    return text.replace("’", "'").replace("‘", "'").replace("\u00a0", " ")


def _earliest_quantity(
    norm: str, keys: tuple[str, ...], date: re.Match[str] | None
) -> re.Match[str] | None:
    """The first match of the quantity regexes ``keys``, longest on a tie, not within ``date``."""
    # A day of the month ('May 8') is a date, not a quantity.
    skip = date.span() if date else (0, 0)
    earliest = None
    for key in keys:
        pattern = _QUANTITIES[key][0]
        match = pattern.search(norm)
        while match and (
            skip[0] <= match.start() < skip[1]
            or (match[0][0] in _FIGURE_STARTS and names_a_number(norm[: match.start()]))
        ):
            match = pattern.search(norm, max(match.end(), skip[1]))
        if match and (
            earliest is None or (match.start(), -match.end()) < (earliest.start(), -earliest.end())
        ):
            earliest = match
    return earliest


_HAS_DIGIT = re.compile(r"\d").search


def document_contexts(texts: Sequence[str], speakers: Sequence[str | None]) -> list[Context]:
    """The context of each sentence of a document given in order, with one speaker per sentence."""
    said: dict[str | None, int] = {}
    asked: dict[str | None, int] = {}
    for text, speaker in zip(texts, speakers, strict=True):
        said[speaker] = said.get(speaker, 0) + 1
        asked[speaker] = asked.get(speaker, 0) + text.rstrip().endswith("?")
    starts = [i for i in range(len(speakers)) if i == 0 or speakers[i - 1] != speakers[i]]
    turn_lengths = [
        end - start for start, end in zip(starts, [*starts[1:], len(speakers)], strict=True)
    ]
    figures = [_HAS_DIGIT(text) is not None for text in texts]
    contexts = []
    alike: dict[tuple, Context] = {}  # one Context for all the sentences placed alike
    turn = -1
    for i, speaker in enumerate(speakers):
        new_turn = i == 0 or speakers[i - 1] != speaker
        turn += new_turn
        fields = (
            said[speaker] / len(speakers),
            new_turn,
            new_turn and i > 0 and texts[i - 1].rstrip().endswith("?"),
            said[speaker] >= 5 and asked[speaker] / said[speaker] >= 0.12,
            turn_lengths[turn],
            (i > 0 and figures[i - 1] and speakers[i - 1] == speaker)
            or (i + 1 < len(texts) and figures[i + 1] and speakers[i + 1] == speaker),
        )
        context = alike.get(fields)
        if context is None:
            context = alike[fields] = Context(*fields)
        contexts.append(context)
    return contexts


# Every feature name other than ``word:...`` that ``extract_features`` can fire.
STRUCTURAL_FEATURES = frozenset(
    {"bias", "quantity", "speaker:audience", FILLER, "length:35+", *_PATTERNS, *LEXICONS}
    | {name for _, name in _LENGTH_BINS}
    | {f"entity:{kind}" for kind in ("country", "organisation", "person", "name")}
    | {"comparison:countries"}
    | {f"context:{name}" for name in ("minor_speaker", "major_speaker", "questioner")}
    | {f"context:{name}" for name in ("short_turn", "long_turn", "first_in_turn", "after_question")}
    | {"context:figure_nearby"}
)
