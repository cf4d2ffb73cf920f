"""The regular expressions of check-worthiness features, each with its cues.

``QUANTITIES`` say that a sentence states a quantity (the earliest match is quoted);
``PATTERNS`` are the other features found by a regex. ``checkworthiness_features`` searches them,
using the cues to skip sentences that cannot match. Pure Python.
"""

from __future__ import annotations

import re

from factcheck.claims.checkworthiness_lexicons import FRACTIONS, MONTHS, NUMBER_WORDS

__all__ = ["APPROX_BEFORE", "PATTERNS", "QUANTITIES"]

# --- Pattern features: name -> (regex, cues); the first match is the evidence ----------------
#
# Cues make scoring fast without changing what fires: every match of a regex contains one of its
# cues, so a sentence without any is not searched. A cue is
#   word     a whole word, in any case ('won' in "won't" and 'top' in 'top-tier' are whole words),
#   ~text    text anywhere, in any case (a symbol such as '%' needs no '~'),
#   ^text    text that starts the sentence, or text$ text that ends it (spaces aside),
#   \d       any decimal digit;
# and '@N' with word cues says that every match starts at most N characters before a word cue it
# contains, so that searching starts there. tests/claims/test_checkworthiness_cues.py checks the
# cues of each regex on strings it matches.


def _words(alternatives: str) -> str:
    """Whole words or phrases from a regex alternation such as ``"law|laws|legal"``."""
    return rf"\b(?:{alternatives})\b"


def _spelled_out(alternatives: str) -> str:
    """The words of an alternation such as ``"half|thirds?"`` as cues: ``"half third thirds"``."""
    words = []
    for word in alternatives.split("|"):
        words += [word[:-2], word[:-1]] if word.endswith("?") else [word]
    return " ".join(words)


_I = re.IGNORECASE
_SCALE = r"(?:\s+(?:hundred|thousand|million|billion|trillion))?"
_NUMBER = r"(?:\$\s?)?\d(?:[\d,]*\d)?(?:\.\d+)?(?:\s?%|\s+percent|\s+per\s?cent)?" + _SCALE
# Not part of a word or a decimal, nor of a name such as 'GPT-3', 'COVID-19' or 'F-35', nor a year or a decade ('1990s').
_NOT_YEAR = r"(?<![\w.])(?<![^\W\d_]-)(?!(?:1[89]|20)\d\ds?\b)"
# Words after a number that say it counts nothing: 'the 3 of us', '5 and 6', 'Windows 11 is'.
_NOT_COUNTED = (
    r"(?:and|or|to|of|the|a|an|in|on|at|for|from|by|with|is|are|was|were|be|has|have|had|that|"
    r"this|it|he|she|we|they|you|i|percent|per|times|am|pm|a\.m|p\.m|or|nor|but|if|so|as|than|"
    r"hundred|thousand|million|billion|trillion)"
)
# An approximator just before a quantity is quoted with it: 'about one-fifth'.
APPROX_BEFORE = re.compile(
    r"\b(?:about|around|nearly|almost|over|under|more than|less than|fewer than|up to|at least|"
    r"roughly|approximately|some|only|just|close to|upwards of)\s+$",
    re.IGNORECASE,
)
# Any one of these makes a sentence state a quantity; the earliest in the text is quoted.
QUANTITIES: dict[str, tuple[re.Pattern[str], str]] = {
    "number": (re.compile(rf"{_NOT_YEAR}{_NUMBER}(?:\s+times)?", _I), r"\d"),
    "fraction": (
        re.compile(rf"\b(?:(?:one|a|two|three)[- ])?(?:{FRACTIONS})\b", _I),
        _spelled_out(FRACTIONS),
    ),
    "number words": (
        re.compile(rf"\b(?:{NUMBER_WORDS})(?:[- ](?:{NUMBER_WORDS}))*\b(?:\s+percent)?", _I),
        _spelled_out(NUMBER_WORDS) + " @0",
    ),
}
PATTERNS: dict[str, tuple[re.Pattern[str], str]] = {
    "quantity:percent": (
        re.compile(r"\d[\d,.]*\s?%|\b[\w.-]+[- ]?(?:percent|per cent)\b", _I),
        "% ~per",
    ),
    "quantity:money": (
        re.compile(rf"[$€£]\s?\d[\d,.]*{_SCALE}|" + _words("dollars?|cents?"), _I),
        "$ € £ dollar dollars cent cents",
    ),
    "quantity:large": (
        re.compile(
            r"\b(?:[\d.,]+\s+)?(?:million|billion|trillion)s?\b"
            r"|\b(?:thousands|hundreds of thousands)\b",
            _I,
        ),
        "million millions billion billions trillion trillions thousands hundreds",
    ),
    "quantity:times": (
        re.compile(r"\b\w+\s+times\s+(?:more|less|as|higher|lower|larger|bigger)\b", _I),
        "times",
    ),
    # A number with what it counts or measures: '400 miles', '2.4 million new jobs'.
    "quantity:counted": (
        re.compile(
            rf"{_NOT_YEAR}\$?\d(?:[\d,]*\d)?(?:\.\d+)?{_SCALE}\s+(?:(?:new|more|additional|"
            rf"extra|fewer|american|illegal|full-time)\s+)?(?!{_NOT_COUNTED}\b)[a-z][a-z-]{{2,}}",
            _I,
        ),
        r"\d",
    ),
    "time:year": (re.compile(r"\b(?:1[89]|20)\d\d\b|'\d0s\b|\b(?:19|20)\d0s\b"), r"\d"),
    "time:date": (
        re.compile(
            rf"\b{MONTHS}\s+\d{{1,2}}(?:st|nd|rd|th)?\b|\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?"
            rf"{MONTHS}|\b(?:(?i:last|next|this|past)\s+(?i:year|month|week|decade|century|night))\b"
            r"|\b\w+\s+(?i:ago)\b|\b(?i:since)\s+(?:the\s+)?\w+|\b(?i:yesterday)\b"
        ),
        r"\d year month week decade century night ago since yesterday",
    ),
    "comparison:comparative": (
        re.compile(
            r"\b(?:more|less|fewer)\s+(?:\w+\s+){0,2}?than\b|\b(?:\w{3,}er|worse|better)\s+than\b"
            r"|\bcompared\s+(?:to|with)\b"
            r"|\bversus\b|\bas\s+\w+\s+as\b",
            _I,
        ),
        "than compared versus as",
    ),
    "comparison:superlative": (
        re.compile(
            r"\b(?:the\s+)?(?:most|least|best|worst|highest|lowest|largest|biggest|greatest|"
            r"smallest|fastest|slowest|strongest|weakest|richest|poorest|longest|shortest|"
            r"deadliest|safest|oldest|youngest|cheapest|top|leading)\b(?:\s+\w+)?",
            _I,
        ),
        "most least best worst highest lowest largest biggest greatest smallest fastest slowest "
        "strongest weakest richest poorest longest shortest deadliest safest oldest youngest "
        "cheapest top leading",
    ),
    "comparison:record": (
        re.compile(
            r"\b(?:record|ever|in (?:the )?history|all-time|never before|for the first time|"
            r"number one|no\. 1|unprecedented)\b",
            _I,
        ),
        "record ever history time never number 1 unprecedented @14",
    ),
    "prediction:will": (
        re.compile(
            r"\b(?:will|won't|shall|going to|gonna)\b|\w'll\b|\b(?:next|coming) (?:year|decade)\b",
            _I,
        ),
        "will won shall going gonna ll year decade @7",
    ),
    "prediction:conditional": (
        re.compile(r"\b(?:[Ww]ould|[Cc]ould|[Mm]ight|may)\b"),
        "would could might may",
    ),
    "quotation:marks": (re.compile(r"[\"“][^\"“”]{3,}[\"”]"), '" “'),
    "person:first_singular": (
        re.compile(r"\b(?:I|me|my|mine|myself)\b|\bI'(?:m|ve|ll|d)\b"),
        "i me my mine myself",
    ),
    "opinion:stance": (
        re.compile(
            r"\bI\s+(?:really\s+)?(?:think|believe|feel|hope|wish|guess|suppose|want|love|like|"
            r"agree|disagree)\b|\bin my (?:opinion|view)\b|\b(?:frankly|honestly|clearly)\b"
            r"|\bI'm sure\b",
            _I,
        ),
        "think believe feel hope wish guess suppose want love like agree disagree opinion view "
        "frankly honestly clearly sure",
    ),
    "personal_experience": (
        re.compile(
            r"\bI\s+(?:was|grew up|went|met|saw|remember|worked|spent|visited|started|lived|had|"
            r"built|ran|served|traveled|travelled)\b|\bmy\s+(?:father|mother|dad|mom|family|wife|"
            r"husband|son|daughter|children|kids|parents|grandfather|grandmother|brother|sister)\b",
            _I,
        ),
        "was grew went met saw remember worked spent visited started lived had built ran served "
        "traveled travelled father mother dad mom family wife husband son daughter children kids "
        "parents grandfather grandmother brother sister",
    ),
    "negation": (
        re.compile(r"\b(?:not|never|no|nobody|nothing)\b|n't\b", _I),
        "not never no nobody nothing t @2",
    ),
    # Greetings, thanks and the running of the event, at the start of a sentence: never a claim
    # by themselves ('So let's get started.', 'Here is our commitment.', 'Look at the money.').
    "procedural": (
        re.compile(
            r"^\W*(?:(?:so|and|now|well|okay|ok|but|all right|alright)\W+)*(?:"
            r"let(?:'s|\s+me|\s+us)\s+(?:get\s+started|begin|start|turn|move|go|talk|take|hear|"
            r"bring|welcome|thank|introduce|continue|ask|get\s+to|now|just|be\s+clear|tell|say)"
            r"|here(?:'s|\s+is|\s+are)\s+(?:our|my|the|what|how|a)\b"
            r"|good\s+(?:morning|afternoon|evening|night)|hello|hi\b|welcome|thank\s+you|thanks"
            r"|ladies\s+and\s+gentlemen|congratulations|god\s+bless|look\s+at|listen\s+to"
            r"|next\s+question|we(?:'ll|\s+will)\s+be\s+right\s+back|it(?:'s|\s+is)\s+(?:a|an)\s+"
            r"(?:great\s+|real\s+|tremendous\s+|big\s+)?(?:honor|honour|pleasure|privilege)|i\s+(?:want|would\s+like|'d\s+like)\s+to\s+"
            r"(?:thank|welcome|introduce|begin|start))\b",
            _I,
        ),
        "let here good hello hi welcome thank thanks ladies congratulations bless look listen "
        "next back honor honour pleasure privilege introduce begin start",
    ),
    "question": (re.compile(r"\?"), "?"),
    "exclamation": (re.compile(r"!"), "!"),
    "interrupted": (re.compile(r"(?:--|—|–|\.\.\.|…)\s*$"), "--$ —$ –$ ...$ …$"),
    "reaction": (re.compile(r"^\s*\([A-Z ,]+\)\s*$|^\s*\[[A-Za-z ,]+\]\s*$"), "^( ^["),
}
