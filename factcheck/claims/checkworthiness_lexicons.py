"""The word lists of check-worthiness features, and named entities found by capitalisation.

Number words, months and the phrase lexicons feed ``checkworthiness_features``. Names need no
tagger: a run of capitalised words is a name unless grammar explains the capitals (the first word
of a sentence, 'I', weekdays ...); word lists say whether it is a country, an organisation or a
titled person. Pure Python.
"""

from __future__ import annotations

import re
from functools import lru_cache

__all__ = [
    "FRACTIONS",
    "LEXICONS",
    "LONGEST_PHRASE",
    "MONTHS",
    "NUMBER_WORDS",
    "PHRASES",
    "PHRASE_HEADS",
    "PHRASE_TRIGGERS",
    "entities",
    "names_a_number",
]


def _wordset(words: str) -> frozenset[str]:
    """A set from a space-separated list: keeps the lists below readable."""
    return frozenset(words.split())


# --- Quantities, dates and phrases --------------------------------------------------------------

NUMBER_WORDS = (
    "two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|"
    "seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|"
    "thousand|million|billion|trillion|dozens?|hundreds|thousands|millions|billions|trillions"
)
FRACTIONS = (
    "half|halves|thirds?|quarters?|fifths?|sixths?|tenths?|twice|double|doubled|tripled?|quadrupled"
)
MONTHS = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|March|April|May|June|July|Aug(?:ust)?|Sept?(?:ember)?|"
    r"Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)

# Word-list features, matched on lower-cased tokens: 'a_b' is the two-word phrase 'a b'.
LEXICONS: dict[str, str] = {
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
    "hedge": "maybe perhaps probably possibly likely seem seems apparently kind_of sort_of "
    "allegedly reportedly",
    # Where a figure comes from: checkable against the source it names.
    "attribution": "according_to study studies survey surveys poll polls report reports data "
    "statistics census estimate estimates estimated figures analysis",
    # What statistics are kept about: a sentence naming one can be checked against them.
    "topic:measured": "unemployment jobs wages wage salaries income incomes taxes tax deficit "
    "deficits debt gdp economy inflation prices price costs cost budget spending trade exports "
    "imports crime murders murder homicides deaths population poverty premiums "
    "emissions growth rate rates votes manufacturing factories workers employment "
    "insurance medicare medicaid revenue profits investment",
}


def _phrase_index(lexicons: dict[str, str]) -> dict[str, tuple[str, ...]]:
    """Each listed word or phrase -> the features it fires."""
    index: dict[str, tuple[str, ...]] = {}
    for name, entries in lexicons.items():
        for entry in entries.split():
            phrase = entry.replace("_", " ")
            index[phrase] = (*index.get(phrase, ()), name)
    return index


PHRASES = _phrase_index(LEXICONS)
PHRASE_HEADS = frozenset(phrase.split()[0] for phrase in PHRASES if " " in phrase)
# Words that fire a lexicon feature alone or may start a phrase that does.
PHRASE_TRIGGERS = PHRASE_HEADS | {phrase for phrase in PHRASES if " " not in phrase}
LONGEST_PHRASE = max(phrase.count(" ") + 1 for phrase in PHRASES)


# --- Names ---------------------------------------------------------------------------------------

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
_NOT_ORGS = _wordset(
    "AI AGI GPT LLM LLMs GDP CEO CEOs TV OK DNA HIV AIDS AM PM PhD ID IDs IQ COVID USMCA NAFTA DACA "
    "ICBM ICBMs CO2 PC PCs GPU GPUs CPU CPUs USB SUV SUVs"
)
# Organisations whose names have inner capitals, which otherwise name products as often.
_KNOWN_ORGS = _wordset(
    "OpenAI DeepMind YouTube PayPal LinkedIn FedEx JPMorgan BlackRock ExxonMobil SoftBank "
    "GlaxoSmithKline ByteDance McKinsey PricewaterhouseCoopers AstraZeneca BioNTech HarperCollins"
)
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

_NAME_WORD = r"(?:[A-Z][\w'.&-]*[\w.]|[A-Z])"
_CAPITALISED = re.compile(rf"{_NAME_WORD}(?:\s+(?:of\s+(?:the\s+)?)?{_NAME_WORD})*")
_INNER_CAPITAL = re.compile(r"^[A-Z]?[a-z]+[A-Z]")
_ACRONYM = re.compile(r"^(?:[A-Z]{2,6}|(?:[A-Z]\.){2,4})s?$")
_DOTTED = re.compile(r"^(?:[A-Z]\.)+$")
_POSSESSIVE = re.compile(r"\s*'\s*s$")
# What may precede a sentence-initial capital (or nothing but spaces: '' is in every string).
_SENTENCE_START = '.!?"“:—-'


def entities(text: str) -> dict[str, str]:
    """Named-entity features from capitalisation: {feature: the first such name}."""
    found: dict[str, str] = {}
    countries: list[str] = []
    end = 0
    for run in _CAPITALISED.findall(text):
        # Where findall found it: _CAPITALISED has no context assertions, so it matches wherever its
        # match occurs, and findall takes the leftmost match after the previous one.
        run_start = text.find(run, end)
        end = run_start + len(run)
        for offset, capitalised in _split_at_sentence_ends(run):
            start = run_start + offset
            _add_entity(found, countries, text, start, capitalised)
    if len(countries) > 1:
        found["comparison:countries"] = f"{countries[0]}, {countries[1]}"
    return found


def _split_at_sentence_ends(run: str) -> list[tuple[int, str]]:
    """A run of capitalised words cut after a full stop that ends a sentence, with offsets:
    'President Trump. TRUMP And' is two runs; 'Mr. Trump' and 'U.S. Senate' are one."""
    if "." not in run[:-1]:
        return [(0, run)]
    pieces, first = [], 0
    for word in re.finditer(r"\S+", run):
        token = word.group()
        ends = token.endswith(".") and token not in _TITLES and not _DOTTED.match(token)
        if ends and word.end() < len(run):
            pieces.append((first, run[first : word.end()]))
            first = len(run) - len(run[word.end() :].lstrip())  # the next word's start
    pieces.append((first, run[first:]))
    return pieces


def _add_entity(
    found: dict[str, str], countries: list[str], text: str, start: int, capitalised: str
) -> None:
    """Record the entity feature of the capitalised run at ``start`` of ``text``."""
    kind, phrase = _classify(capitalised)
    if kind == "entity:country":
        found.setdefault(kind, phrase)
        if phrase not in countries:
            countries.append(phrase)
    elif kind == "single":
        # One capitalised word is a name unless it merely starts a sentence.
        if start and text[:start].rstrip()[-1:] not in _SENTENCE_START:
            found.setdefault("entity:name", phrase)
    elif kind:
        found.setdefault(kind, phrase)


# Words that start a sentence before a figure: 'Only 3 people', 'Nearly 40 percent'.
_BEFORE_FIGURES = _wordset(
    "Only About Nearly Almost Roughly Around Approximately Exactly Just Some Another More Less "
    "Fewer Since Until Between Within Up Top Barely Perhaps Maybe Probably"
)
_WORD_BEFORE = re.compile(r"([A-Za-z][\w'.&-]*)[ -]$")
_NAME_FIGURE = re.compile(r"^(?:[A-Z]{2,6}|[A-Z]?[a-z]+[A-Z][\w-]*)$")  # 'GPT 4', 'iPhone 15'


def names_a_number(before: str) -> bool:
    """Whether a number that follows ``before`` is part of a name: 'AlphaFold 3', 'Windows 11',
    'Section 230', but not 'In 2018', 'Only 3' at a sentence's start, nor "China's 3 percent"."""
    match = _WORD_BEFORE.search(before[-40:])
    if not match:
        return False
    word = match.group(1)
    if word.endswith(("'s", "s'")) or word in _NOT_NAMES:
        return False
    if not word[0].isupper() and not _NAME_FIGURE.match(word):
        return False
    if _NAME_FIGURE.match(word) and word not in _NOT_ORGS:
        return True
    # Mid-sentence, a capitalised word names something; at the start, unless it says how many.
    rest = before[-40:][: match.start()].rstrip()
    return (bool(rest) and rest[-1] not in _SENTENCE_START) or word not in _BEFORE_FIGURES


@lru_cache(maxsize=8192)
def _classify(capitalised: str) -> tuple[str, str]:
    """(feature, name) for a run of capitalised words; ('single', word) for a lone plain word.

    A country is named by the country it mentions; a feature of '' means no name. Cached: the same
    runs ('The', 'I', 'Mr. Trump') recur throughout a transcript.
    """
    words = _POSSESSIVE.sub("", capitalised).split()
    while words and _POSSESSIVE.sub("", words[0]).rstrip(".,") in _NOT_NAMES:  # "Today's"
        words.pop(0)
    if not words:
        return "", ""
    bare = [_clean_word(w) for w in words]
    phrase = " ".join(bare)
    country = phrase if phrase in _COUNTRIES else next((w for w in bare if w in _COUNTRIES), "")
    if country:
        return "entity:country", country
    if (
        any(w in _ORG_WORDS for w in bare[1:])
        or any(w in _KNOWN_ORGS for w in bare)
        or any(_ACRONYM.match(w) and w not in _NOT_ORGS for w in bare)
    ):
        return "entity:organisation", phrase
    if any(_INNER_CAPITAL.match(w) for w in bare):  # 'ChatGPT', 'iPhone': a product or a name
        return "entity:name", phrase
    if bare[0] in _TITLES and len(bare) > 1:
        return "entity:person", phrase
    return ("entity:name" if len(bare) > 1 else "single"), phrase


def _clean_word(word: str) -> str:
    """Drop trailing punctuation, keeping the dots of abbreviations such as 'U.S.' and 'Dr.'."""
    word = word.rstrip(",;:")
    if word.endswith(".") and word not in _TITLES and not _DOTTED.match(word):
        word = word[:-1]
    return word
