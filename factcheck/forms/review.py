"""WTForms for the reviewer workspace's claim operations (sources, verdicts and notes have theirs)."""

from __future__ import annotations

from wtforms import SelectChoice, SelectField, StringField
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from factcheck.forms.base import (
    IdField,
    InRange,
    VersionedForm,
    WholeNumberField,
    no_bidi,
    no_nul,
)
from factcheck.limits import MAX_RESTATEMENT
from factcheck.models import DismissReason


class MergeForm(VersionedForm):
    pass


class RestoreForm(VersionedForm):
    pass


class RestoreWordingForm(VersionedForm):
    event_id = IdField(validators=[InputRequired()])


class SplitForm(VersionedForm):
    at = WholeNumberField(
        "Split before character",
        validators=[InputRequired()],  # the service says which characters lie inside the claim
        description="A position in the transcript; select text in the transcript to fill it in.",
    )


class BoundsForm(VersionedForm):
    start = WholeNumberField("Start", validators=[InputRequired(), InRange(min=0)])
    end = WholeNumberField("End", validators=[InputRequired(), InRange(min=1)])


class RestateForm(VersionedForm):
    restatement = StringField(
        "Claim as checked",
        validators=[Optional(), Length(max=MAX_RESTATEMENT), no_nul, no_bidi],
        description="A short wording of what you check; under 75 characters reads best in search results.",
    )


DISMISS_CHOICES = [
    SelectChoice(DismissReason.NOT_A_CLAIM.value, "Not a claim"),
    SelectChoice(DismissReason.OPINION.value, "Opinion"),
    SelectChoice(DismissReason.NOT_CHECKWORTHY.value, "Not worth checking"),
    SelectChoice(DismissReason.DUPLICATE.value, "Duplicate"),
]


class DismissForm(VersionedForm):
    reason = SelectField("Dismiss as", choices=DISMISS_CHOICES, validators=[DataRequired()])
    note = StringField("Note", validators=[Optional(), Length(max=500), no_nul])
