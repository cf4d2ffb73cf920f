"""Interpretable features of a sentence for check-worthiness, each with the words that fired it.

What fires: quantities, percentages, money, years and dates, comparisons and rankings, causal
connectives, future and modal verbs, laws and votes, reported speech and quotation marks, first-,
second- and third-person pronouns, opinion and hedging words, named entities by capitalisation,
length, questions, and where the sentence sits among its speakers (``Context``). Every lower-cased
word fires ``word:<word>`` too; the model keeps the words it saw often enough. Pure Python.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

__all__ = ["STRUCTURAL_FEATURES", "WORD_PREFIX", "Context", "document_contexts", "extract_features"]

WORD_PREFIX = "word:"


@dataclass(frozen=True)
class Context:
    """Where a sentence sits in its document; ``document_contexts`` computes it from speakers."""

    speaker_share: float | None = None  # fraction of the document's sentences said by this speaker
    first_in_turn: bool = False
    after_question: bool = False  # another speaker's question came just before
    questioner: bool = False  # this speaker mostly asks questions: a moderator or interviewer
    turn_length: int | None = None  # sentences in this speaker's current turn


# --- Lexicons -----------------------------------------------------------------------------------


def _wordset(words: str) -> frozenset[str]:
    """A set from a space-separated list: keeps the lexicons below readable."""
    return frozenset(words.split())


def _words(alternatives: str) -> str:
    """Whole words or phrases from a regex alternation such as ``"law|laws|legal"``."""
    return rf"\b(?:{alternatives})\b"


_NUMBER_WORDS = (
    "two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|"
    "seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|"
    "thousand|million|billion|trillion|dozens?|hundreds|thousands|millions|billions|trillions"
)
_FRACTIONS = (
    "half|halves|thirds?|quarters?|fifths?|sixths?|tenths?|twice|double|doubled|tripled?|quadrupled"
)
# An approximator just before a quantity is quoted with it: 'about one-fifth'.
_APPROX_BEFORE = re.compile(
    r"\b(?:about|around|nearly|almost|over|under|more than|less than|fewer than|up to|at least|"
    r"roughly|approximately|some|only|just|close to|upwards of)\s+$",
    re.IGNORECASE,
)
_MONTHS = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|March|April|May|June|July|Aug(?:ust)?|Sept?(?:ember)?|"
    r"Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_COUNTRIES = {
    name.replace("_", " ")
    for name in _wordset(
        "Afghanistan Afghan Algeria America American Americans Argentina Australia Australian "
        "Austria Bangladesh Belgium Brazil Brazilian Britain British Canada Canadian Chile China "
        "Chinese Colombia Cuba Cuban Denmark Egypt Egyptian England English Europe European "
        "Finland France French Germany German Greece Greek Haiti Honduras Hungary India Indian "
        "Indonesia Iran Iranian Iraq Iraqi Ireland Irish Israel Israeli Italy Italian Japan "
        "Japanese Jordan Kenya Korea Korean Kuwait Lebanon Libya Libyan Mexico Mexican Netherlands "
        "Dutch Nigeria Norway Pakistan Pakistani Palestinian Palestinians Philippines Poland Polish "
        "Portugal Qatar Russia Russian Russians Saudi Saudi_Arabia Singapore Spain Spanish Sweden "
        "Swedish Switzerland Swiss Syria Syrian Taiwan Thailand Turkey Turkish Ukraine Ukrainian "
        "U.S. U.S U.K. UK USA United_States United_Kingdom Venezuela Vietnam Yemen Africa African "
        "Asia Asian Mideast Middle_East"
    )
}
_ORG_WORDS = _wordset(
    "Inc Inc. Corp Corp. Company Co. Corporation Association Foundation Institute University "
    "College Department Agency Administration Bureau Commission Committee Council Court Congress "
    "Senate House Party Bank Fund Group Times Post Journal News Network Organization Union "
    "Ministry Office Service Academy Center Centre Board Authority Reserve"
)
# Acronyms that name no organisation.
_NOT_ORGS = _wordset("AI GDP CEO CEOs TV OK DNA HIV AIDS AM PM PhD ID IDs IQ")
_TITLES = _wordset(
    "Mr. Mrs. Ms. Dr. Mr Mrs Ms Dr Senator Sen. Secretary President Governor Gov. Mayor "
    "Congressman Congresswoman Speaker Justice General Gen. Judge Minister Chairman Professor "
    "Prof. Pope King Queen Leader"
)
# Capitalised for grammar, not because they name anything.
_NOT_NAMES = _wordset(
    "The A An And But So Or Nor Yet In On At Of For From To By With As We I I'm I've I'll I'd "
    "He She They It It's This That These Those There Here When Where What Who Why How If Now "
    "Well Yes No Not Our My His Her Their Your You Let Thank Thanks Look Because Then Also Just "
    "Okay OK Oh Last Next Every All Some Many Most Both Each Any One First Second Third Let's "
    "Again Today Tonight Instead Frankly Believe Even Still After Before Over Under Do Does Did "
    "January February March April May June July August September October November December "
    "Monday Tuesday Wednesday Thursday Friday Saturday Sunday"
)

# --- Pattern features: name -> regex; the first match is the evidence ------------------------

_I = re.IGNORECASE
_SCALE = r"(?:\s+(?:hundred|thousand|million|billion|trillion))?"
_NUMBER = r"(?:\$\s?)?\d(?:[\d,]*\d)?(?:\.\d+)?(?:\s?%|\s+percent|\s+per\s?cent)?" + _SCALE
_NOT_YEAR = r"(?<![\w.])(?!(?:1[89]|20)\d\d\b)"
# Any one of these makes a sentence state a quantity; the earliest in the text is quoted.
_QUANTITIES = (
    re.compile(rf"{_NOT_YEAR}{_NUMBER}(?:\s+times)?", _I),
    re.compile(rf"\b(?:(?:one|a|two|three)[- ])?(?:{_FRACTIONS})\b", _I),
    re.compile(rf"\b(?:{_NUMBER_WORDS})(?:[- ](?:{_NUMBER_WORDS}))*\b(?:\s+percent)?", _I),
)
# Word-list features, matched on lower-cased tokens: 'a_b' is the two-word phrase 'a b'.
_LEXICONS: dict[str, str] = {
    "comparison:change": "increase increased increases increasing decrease decreased decreases "
    "rose risen rising fell fallen dropped doubled tripled grew grown growing decline declined "
    "soared plunged surged gained lost cut raised lowered created added went_up went_down "
    "gone_up gone_down",
    "causal": "because cause caused causes causing due_to led_to lead_to leads_to leading_to "
    "result_in results_in resulted_in as_a_result thanks_to therefore consequently "
    "responsible_for blame blamed that's_why which_is_why",
    "law_or_rule": "law laws legal illegal illegally legislation bill statute regulation "
    "regulations constitution constitutional unconstitutional court ruled ruling treaty amendment "
    "mandate mandates mandated banned ban prohibit prohibits prohibited executive_order veto "
    "vetoed voted_for voted_against signed passed enacted require requires rule rules",
    "reported_speech": "said says told claimed according_to stated announced reported",
    "person:first_plural": "we our us ours ourselves we're we've we'll we'd",
    "person:second": "you your yours you're you've you'll you'd",
    "person:third": "he she his her him they them their he's she's they're",
    "opinion:evaluative": "great terrible horrible wonderful amazing incredible tremendous "
    "beautiful disaster disastrous sad bad stupid ridiculous unfair wrong fantastic awful nice "
    "shame important good",
    "hedge": "maybe perhaps probably possibly likely seem seems apparently kind_of sort_of",
}


def _phrase_index(lexicons: dict[str, str]) -> dict[str, tuple[str, ...]]:
    """Each listed word or phrase -> the features it fires."""
    index: dict[str, tuple[str, ...]] = {}
    for name, entries in lexicons.items():
        for entry in entries.split():
            phrase = entry.replace("_", " ")
            index[phrase] = (*index.get(phrase, ()), name)
    return index


_PHRASES = _phrase_index(_LEXICONS)
_PHRASE_HEADS = frozenset(phrase.split()[0] for phrase in _PHRASES if " " in phrase)
_LONGEST_PHRASE = max(phrase.count(" ") + 1 for phrase in _PHRASES)

_PATTERNS: dict[str, re.Pattern[str]] = {
    "quantity:percent": re.compile(r"\d[\d,.]*\s?%|\b[\w.-]+[- ]?(?:percent|per cent)\b", _I),
    "quantity:money": re.compile(rf"[$€£]\s?\d[\d,.]*{_SCALE}|" + _words("dollars?|cents?"), _I),
    "quantity:large": re.compile(
        r"\b(?:[\d.,]+\s+)?(?:million|billion|trillion)s?\b|\b(?:thousands|hundreds of thousands)\b",
        _I,
    ),
    "quantity:times": re.compile(
        r"\b\w+\s+times\s+(?:more|less|as|higher|lower|larger|bigger)\b", _I
    ),
    "time:year": re.compile(r"\b(?:1[89]|20)\d\d\b|'\d0s\b|\b(?:19|20)\d0s\b"),
    "time:date": re.compile(
        rf"\b{_MONTHS}\s+\d{{1,2}}(?:st|nd|rd|th)?\b|\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTHS}"
        r"|\b(?:(?i:last|next|this|past)\s+(?i:year|month|week|decade|century|night))\b"
        r"|\b\w+\s+(?i:ago)\b|\b(?i:since)\s+(?:the\s+)?\w+|\b(?i:yesterday)\b"
    ),
    "comparison:comparative": re.compile(
        r"\b(?:more|less|fewer|\w{3,}er|worse|better)\s+than\b|\bcompared\s+(?:to|with)\b"
        r"|\bversus\b|\bas\s+\w+\s+as\b",
        _I,
    ),
    "comparison:superlative": re.compile(
        r"\b(?:the\s+)?(?:most|least|best|worst|highest|lowest|largest|biggest|greatest|smallest|"
        r"fastest|slowest|strongest|weakest|richest|poorest|longest|shortest|deadliest|safest|"
        r"oldest|youngest|cheapest|top|leading)\b(?:\s+\w+)?",
        _I,
    ),
    "comparison:record": re.compile(
        r"\b(?:record|ever|in (?:the )?history|all-time|never before|for the first time|"
        r"number one|no\. 1|unprecedented)\b",
        _I,
    ),
    "prediction:will": re.compile(
        r"\b(?:will|won't|shall|going to|gonna)\b|\w'll\b|\b(?:next|coming) (?:year|decade)\b", _I
    ),
    "prediction:conditional": re.compile(r"\b(?:[Ww]ould|[Cc]ould|[Mm]ight|may)\b"),
    "quotation:marks": re.compile(r"[\"“][^\"“”]{3,}[\"”]"),
    "person:first_singular": re.compile(r"\b(?:I|me|my|mine|myself)\b|\bI'(?:m|ve|ll|d)\b"),
    "opinion:stance": re.compile(
        r"\bI\s+(?:really\s+)?(?:think|believe|feel|hope|wish|guess|suppose|want|love|like|"
        r"agree|disagree)\b|\bin my (?:opinion|view)\b|\b(?:frankly|honestly|clearly)\b|\bI'm sure\b",
        _I,
    ),
    "personal_experience": re.compile(
        r"\bI\s+(?:was|grew up|went|met|saw|remember|worked|spent|visited|started|lived|had|built|"
        r"ran|served|traveled|travelled)\b|\bmy\s+(?:father|mother|dad|mom|family|wife|husband|son|"
        r"daughter|children|kids|parents|grandfather|grandmother|brother|sister)\b",
        _I,
    ),
    "negation": re.compile(r"\b(?:not|never|no|nobody|nothing)\b|n't\b", _I),
    "question": re.compile(r"\?"),
    "exclamation": re.compile(r"!"),
    "interrupted": re.compile(r"(?:--|—|–|\.\.\.|…)\s*$"),
    "reaction": re.compile(r"^\s*\([A-Z ,]+\)\s*$|^\s*\[[A-Za-z ,]+\]\s*$"),
}
_NORMALISE = str.maketrans({"’": "'", "‘": "'", "\u00a0": " "})
_TOKEN = re.compile(r"[a-z][a-z'-]*[a-z]|[a-z]|\d+", _I)
_NAME_WORD = r"(?:[A-Z][\w'.&-]*[\w.]|[A-Z])"
_CAPITALISED = re.compile(rf"{_NAME_WORD}(?:\s+(?:of\s+(?:the\s+)?)?{_NAME_WORD})*")
_INNER_CAPITAL = re.compile(r"^[A-Z]?[a-z]+[A-Z]")
_ACRONYM = re.compile(r"^(?:[A-Z]{2,6}|(?:[A-Z]\.){2,4})s?$")
_DOTTED = re.compile(r"^(?:[A-Z]\.)+$")
_POSSESSIVE = re.compile(r"\s*'\s*s$")
_LENGTH_BINS = ((4, "length:1-4"), (9, "length:5-9"), (19, "length:10-19"), (34, "length:20-34"))
_AUDIENCE = frozenset({"SYSTEM", "AUDIENCE"})


def extract_features(
    text: str, speaker: str | None = None, context: Context | None = None
) -> dict[str, str]:
    """Every feature the sentence fires, mapped to the words of ``text`` that fired it.

    All features are binary; this one definition serves training and scoring alike.
    """
    # Same-length normalisation, so that match offsets still index the original text.
    norm = text.translate(_NORMALISE)
    found: dict[str, str] = {"bias": ""}
    # A day of the month ('May 8') is a date, not a quantity.
    date = _PATTERNS["time:date"].search(norm)
    quantity = _earliest(_QUANTITIES, norm, skip=date.span() if date else (0, 0))
    if quantity:
        before = _APPROX_BEFORE.search(norm, max(0, quantity.start() - 20), quantity.start())
        found["quantity"] = text[before.start() if before else quantity.start() : quantity.end()]
    for name, pattern in _PATTERNS.items():
        match = pattern.search(norm)
        if match:
            found[name] = text[match.start() : match.end()].strip()
    found.update(_entities(norm))
    tokens = list(_TOKEN.finditer(norm))
    words = [token.group().lower() for token in tokens]
    for i, word in enumerate(words):
        for name in _PHRASES.get(word, ()):
            found.setdefault(name, text[tokens[i].start() : tokens[i].end()])
        if word in _PHRASE_HEADS:
            for end in range(i + 2, min(i + _LONGEST_PHRASE, len(words)) + 1):
                for name in _PHRASES.get(" ".join(words[i:end]), ()):
                    found.setdefault(name, text[tokens[i].start() : tokens[end - 1].end()])
    found[next((name for limit, name in _LENGTH_BINS if len(words) <= limit), "length:35+")] = ""
    for token, word in zip(tokens, words, strict=True):
        found.setdefault(WORD_PREFIX + word.replace("'", ""), text[token.start() : token.end()])
    if speaker is not None and speaker.strip().upper() in _AUDIENCE:
        found["speaker:audience"] = ""
    if context is not None:
        found.update(_context_features(context))
    return found


def _earliest(
    patterns: Iterable[re.Pattern[str]], text: str, skip: tuple[int, int]
) -> re.Match[str] | None:
    """The first match of any pattern that does not lie within ``skip``, longest on a tie."""
    matches = []
    for pattern in patterns:
        match = pattern.search(text)
        if match and skip[0] <= match.start() < skip[1]:
            match = pattern.search(text, skip[1])
        matches.append(match)
    return min(filter(None, matches), key=lambda m: (m.start(), -m.end()), default=None)


def _entities(text: str) -> dict[str, str]:
    """Named-entity features from capitalisation: {feature: the first such name}."""
    found: dict[str, str] = {}
    countries: list[str] = []
    for match in _CAPITALISED.finditer(text):
        words = _POSSESSIVE.sub("", match.group()).split()
        while words and words[0].rstrip(".,") in _NOT_NAMES:
            words.pop(0)
        if not words:
            continue
        bare = [_clean_word(w) for w in words]
        phrase = " ".join(bare)
        at_start = match.start() == 0 or text[: match.start()].rstrip()[-1:] in '.!?"“:—-'
        country = phrase if phrase in _COUNTRIES else next((w for w in bare if w in _COUNTRIES), "")
        if country:
            found.setdefault("entity:country", country)
            if country not in countries:
                countries.append(country)
        elif any(w in _ORG_WORDS for w in bare[1:]) or any(
            (_ACRONYM.match(w) and w not in _NOT_ORGS) or _INNER_CAPITAL.match(w) for w in bare
        ):
            found.setdefault("entity:organisation", phrase)
        elif bare[0] in _TITLES and len(bare) > 1:
            found.setdefault("entity:person", phrase)
        elif len(bare) > 1 or not at_start:
            found.setdefault("entity:name", phrase)
    if len(countries) > 1:
        found["comparison:countries"] = f"{countries[0]}, {countries[1]}"
    return found


def _clean_word(word: str) -> str:
    """Drop trailing punctuation, keeping the dots of abbreviations such as 'U.S.' and 'Dr.'."""
    word = word.rstrip(",;:")
    if word.endswith(".") and word not in _TITLES and not _DOTTED.match(word):
        word = word[:-1]
    return word


def _context_features(context: Context) -> dict[str, str]:
    found: dict[str, str] = {}
    share = context.speaker_share
    if share is not None:
        found["context:minor_speaker" if share < 0.1 else "context:major_speaker"] = ""
    if context.questioner:
        found["context:questioner"] = ""
    if context.turn_length is not None:
        found["context:short_turn" if context.turn_length <= 2 else "context:long_turn"] = ""
    if context.first_in_turn:
        found["context:first_in_turn"] = ""
    if context.after_question:
        found["context:after_question"] = ""
    return found


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
    contexts = []
    turn = -1
    for i, speaker in enumerate(speakers):
        new_turn = i == 0 or speakers[i - 1] != speaker
        turn += new_turn
        contexts.append(
            Context(
                speaker_share=said[speaker] / len(speakers),
                first_in_turn=new_turn,
                after_question=new_turn and i > 0 and texts[i - 1].rstrip().endswith("?"),
                questioner=said[speaker] >= 5 and asked[speaker] / said[speaker] >= 0.12,
                turn_length=turn_lengths[turn],
            )
        )
    return contexts


# Every feature name other than ``word:...`` that ``extract_features`` can fire.
STRUCTURAL_FEATURES = frozenset(
    {"bias", "quantity", "speaker:audience", "length:35+", *_PATTERNS, *_LEXICONS}
    | {name for _, name in _LENGTH_BINS}
    | {f"entity:{kind}" for kind in ("country", "organisation", "person", "name")}
    | {"comparison:countries"}
    | {f"context:{name}" for name in ("minor_speaker", "major_speaker", "questioner")}
    | {f"context:{name}" for name in ("short_turn", "long_turn", "first_in_turn", "after_question")}
)
