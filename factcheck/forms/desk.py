"""Importing a speech, and correcting one: its details, its speakers, archiving, deleting; and
assigning its claims to reviewers."""

from __future__ import annotations

from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    DateField,
    Field,
    RadioField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from factcheck.forms.base import (
    AppForm,
    VersionedForm,
    WholeNumberField,
    http_url,
    no_bidi,
    no_nul,
)
from factcheck.ids import parse_id
from factcheck.limits import MAX_OCCASION, MAX_SPEAKER, MAX_SPEECH_TITLE, MAX_URL

FORMAT_CHOICES = [
    SelectChoice("", "Detect from the file"),
    SelectChoice("plain", "Plain text"),
    SelectChoice("speakers", "Speaker-labelled lines (NAME: text)"),
    SelectChoice("srt", "SubRip captions (.srt)"),
    SelectChoice("vtt", "WebVTT captions (.vtt)"),
]


class SpeechDetailsForm(AppForm):
    """What is said about a speech: the same fields on the import and on the edit page."""

    title = StringField(
        "Title", validators=[DataRequired(), Length(max=MAX_SPEECH_TITLE), no_nul, no_bidi]
    )
    speaker = StringField(
        "Speaker",
        validators=[Optional(), Length(max=MAX_SPEAKER), no_nul, no_bidi],
        description="Who gave the speech. Leave it empty for a transcript that labels its speakers.",
    )
    delivered_on = DateField("Date given", validators=[Optional()])
    occasion = StringField(
        "Occasion or venue", validators=[Optional(), Length(max=MAX_OCCASION), no_nul, no_bidi]
    )
    source_url = StringField(
        "Source URL",
        validators=[Optional(), Length(max=MAX_URL), no_nul, http_url],
        description="Where the transcript was published (http:// or https://).",
    )
    media_url = StringField(
        "Media URL",
        validators=[Optional(), Length(max=MAX_URL), no_nul, http_url],
        description="The video or audio of the speech, if there is one.",
    )


class ImportSpeechForm(SpeechDetailsForm):
    language = StringField(
        "Language",
        default="en",
        validators=[DataRequired(), Length(max=16)],
        description="A language code such as en.",
    )
    transcript = TextAreaField(
        "Transcript",
        validators=[no_nul],
        description="Paste the transcript here, or upload a file.",
    )
    upload = FileField("…or upload a UTF-8 .txt, .srt or .vtt file")
    transcript_format = SelectField(
        "Format",
        choices=FORMAT_CHOICES,
        default="",
        description="Speaker labels, stage directions and caption timings are recognised.",
    )

    def validate_transcript(self, field: TextAreaField) -> None:
        has_upload = bool(self.upload.data and getattr(self.upload.data, "filename", ""))
        if not has_upload and not (field.data or "").strip():
            raise ValidationError("Paste a transcript or upload a file (.txt, .srt or .vtt).")
        if has_upload and (field.data or "").strip():
            raise ValidationError("Paste a transcript or upload a file, not both.")


class EditSpeechForm(SpeechDetailsForm, VersionedForm):
    speaker = StringField(
        "Speaker",
        validators=[DataRequired(), Length(max=MAX_SPEAKER), no_nul, no_bidi],
        description="Who gave the speech.",
    )


class RenameSpeakerForm(VersionedForm):
    old = StringField("Speaker", validators=[DataRequired(), Length(max=MAX_SPEAKER)])
    new = StringField(
        "New name",
        validators=[DataRequired(), Length(max=MAX_SPEAKER), no_nul, no_bidi],
        description="Give a name already in the list to merge the two.",
    )


class ArchiveSpeechForm(VersionedForm):
    pass


class DeleteSpeechForm(AppForm):
    confirm_title = StringField(
        "Type the speech's title to confirm",
        validators=[DataRequired(), Length(max=MAX_SPEECH_TITLE), no_nul],
    )


class IdListField(Field):
    """The ids of the boxes ticked in a list (one name, many values): each ASCII digits within
    the id range. The page draws the boxes; the service says what an id that is not there is."""

    def __init__(self, label=None, validators=None, *, message: str, **kwargs):
        super().__init__(label, validators, default=list, **kwargs)
        self.message = message

    def process_formdata(self, valuelist: list) -> None:
        ids = [parse_id(v.strip()) if isinstance(v, str) else None for v in valuelist]
        if any(i is None for i in ids):
            self.data = []
            raise ValueError(self.message)
        self.data = list(dict.fromkeys(ids))


SCOPE_CHOICES = [
    SelectChoice("claims", "The claims ticked in the list"),
    SelectChoice("speech", "The whole speech"),
    SelectChoice("sample", "A random sample of its claims, for second review"),
]


class AssignForm(AppForm):
    reviewers = IdListField("Reviewers", message="No such person; reload the page.")
    scope = RadioField("Assign", choices=SCOPE_CHOICES, default="claims")
    claims = IdListField("Claims", message="No such claim; reload the page.")
    sample_size = WholeNumberField(
        "Claims in the sample",
        validators=[Optional()],
        description="For a random sample: how many claims, each given a second review.",
    )
    due_on = DateField("Due (optional)", validators=[Optional()])
    second = BooleanField(
        "Independent second review",
        description="They give their own verdict without seeing the others' until they submit.",
    )


class UnassignForm(AppForm):
    """Only the CSRF token: the address names the assignment."""
