"""WTForms for what reviewers attach to a claim: sources, verdicts and notes.

Input validation only: the services re-check every rule (and own the long-text limits, whose
messages say how long the text is).
"""

from __future__ import annotations

from wtforms import (
    BooleanField,
    DateField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import AnyOf, DataRequired, InputRequired, Length, Optional, Regexp
from wtforms.widgets import HiddenInput

from factcheck.forms.base import (
    AppForm,
    IdField,
    WholeNumberField,
    http_url,
    no_bidi,
    no_nul,
    version_range,
)
from factcheck.forms.review import VersionedForm
from factcheck.limits import MAX_PUBLISHER, MAX_URL
from factcheck.limits import MAX_SOURCE_TITLE as MAX_TITLE
from factcheck.models import SourceKind, SourceStance

STANCE_CHOICES = [
    SelectChoice(SourceStance.SUPPORTS.value, "Supports the claim"),
    SelectChoice(SourceStance.REFUTES.value, "Refutes the claim"),
    SelectChoice(SourceStance.CONTEXT.value, "Gives context"),
]
KIND_CHOICES = [
    SelectChoice(SourceKind.PRIMARY_DATA.value, "Primary data"),
    SelectChoice(SourceKind.OFFICIAL_RECORD.value, "Official record"),
    SelectChoice(SourceKind.EXPERT.value, "Expert"),
    SelectChoice(SourceKind.NEWS_REPORT.value, "News report"),
    SelectChoice(SourceKind.OTHER.value, "Other"),
]


class SourceForm(AppForm):
    url = StringField(
        "URL",
        validators=[
            DataRequired("Give the source's web address."),
            Length(max=MAX_URL),
            no_nul,
            http_url,
        ],
    )
    title = StringField(
        "Title",
        validators=[
            DataRequired("Give the source's title."),
            Length(max=MAX_TITLE),
            no_nul,
            no_bidi,
        ],
    )
    publisher = StringField(
        "Publisher", validators=[Optional(), Length(max=MAX_PUBLISHER), no_nul, no_bidi]
    )
    published_on = DateField("Published", validators=[Optional()])
    accessed_on = DateField(
        "Accessed", validators=[InputRequired("Give the date you read the source.")]
    )
    quote = TextAreaField("Quoted excerpt", validators=[no_nul])
    # No default: a hurried reviewer must say what the source does and is, not accept a guess.
    stance = SelectField(
        "Stance",
        choices=[SelectChoice("", "Choose…"), *STANCE_CHOICES],
        validate_choice=False,
        validators=[
            AnyOf(
                [c.value for c in STANCE_CHOICES],
                message="Choose whether the source supports the claim, refutes it or gives context.",
            )
        ],
    )
    kind = SelectField(
        "Kind",
        choices=[SelectChoice("", "Choose…"), *KIND_CHOICES],
        validate_choice=False,
        validators=[AnyOf([c.value for c in KIND_CHOICES], message="Choose the kind of source.")],
    )
    # Unticked (or missing from the post) withholds the source: the safe side for a protected one.
    is_public = BooleanField("Public")


class EditSourceForm(SourceForm, VersionedForm):
    pass


class RemoveSourceForm(VersionedForm):
    pass


class WithdrawVerdictForm(VersionedForm):
    pass


class MoveSourceForm(VersionedForm):
    by = WholeNumberField("Move", validators=[InputRequired(), AnyOf([-1, 1])])


class VerdictForm(AppForm):
    rating = IdField(
        "Rating",
        validators=[InputRequired("Choose a rating.")],
        message="That rating is not on the rating scale.",
    )
    conclusion = TextAreaField(
        "Conclusion", validators=[DataRequired("Write the conclusion readers will see."), no_nul]
    )
    explanation = TextAreaField("Explanation", validators=[no_nul])
    # The version of the reviewer's own verdict as they saw it; empty when they had none yet.
    version = WholeNumberField(widget=HiddenInput(), validators=[Optional(), version_range()])
    # The claim's words as the reviewer read them (`Claim.words_token`): a verdict is never
    # saved on words its author did not see.
    claim_state = StringField(
        "The claim's words",
        widget=HiddenInput(),
        validators=[
            InputRequired("The form did not say which words of the claim you judged; reload it."),
            Regexp(r"^[0-9a-f]{16}$", message="The form is damaged; reload it."),
        ],
    )
    # Which button was pressed; Enter in a field presses the first, "Save draft".
    intent = StringField(validators=[Optional(), AnyOf(["draft", "submit"])])


class RestoreVerdictForm(VersionedForm):
    event_id = IdField(validators=[InputRequired()])


class NoteForm(AppForm):
    body = TextAreaField("Note", validators=[DataRequired("Write something in the note."), no_nul])


class EditNoteForm(NoteForm, VersionedForm):
    pass


class DeleteNoteForm(VersionedForm):
    pass
