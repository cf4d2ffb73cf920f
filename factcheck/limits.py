"""The limits and patterns that forms and services both apply, written once.

Forms use them to answer beside the field; services re-check them, as every rule that matters.
Column sizes in the models match these.
"""

from __future__ import annotations

import re

# A speech
MAX_SPEECH_TITLE = 300
MAX_SPEAKER = 200
MAX_OCCASION = 300
MAX_URL = 2000

# A claim
MAX_RESTATEMENT = 300
RESTATEMENT_ADVICE = 75  # ClaimReview consumers truncate longer "claim as checked" wordings
MAX_DISMISS_NOTE = 500

# An editor's comment when sending back, a vote's rationale, a public correction or withdrawal note
MAX_COMMENT = 2_000

# A source
MAX_SOURCE_TITLE = 300
MAX_PUBLISHER = 200

# A rating
MAX_RATING_LABEL = 60
MAX_RATING_DEFINITION = 1000
MAX_RATING_VALUE = 100
COLOUR_PATTERN = r"#[0-9a-fA-F]{6}"
COLOUR_RE = re.compile(f"^{COLOUR_PATTERN}$")
