"""WTForms: input validation only. Services re-check every rule that matters."""

from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (
    DateField,
    EmailField,
    Field,
    HiddenField,
    PasswordField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import (
    DataRequired,
    EqualTo,
    Length,
    NumberRange,
    Optional,
    ValidationError,
)

from factcheck.errors import InvalidInput
from factcheck.services.speeches import check_http_url


def no_nul(form: FlaskForm, field: StringField) -> None:
    """PostgreSQL text cannot hold NUL characters: refuse them here instead of failing in the database."""
    if field.data and "\x00" in field.data:
        raise ValidationError("This field contains a NUL character (\\0); remove it and try again.")


class InRange(NumberRange):
    """``NumberRange`` that leaves what is not a number at all to the field's own message, so that
    "abc" is told "Not a valid integer value.", not that and "Number must be at least 0." too."""

    def __call__(self, form: FlaskForm, field: Field) -> None:
        if field.data is None and field.process_errors:
            return
        super().__call__(form, field)


def http_url(form: FlaskForm, field: StringField) -> None:
    """The same rule the services apply: a full http(s) address with a host."""
    try:
        check_http_url(field.data)
    except InvalidInput as exc:
        raise ValidationError(exc.message) from exc


FORMAT_CHOICES = [
    SelectChoice("", "Detect from the file"),
    SelectChoice("plain", "Plain text"),
    SelectChoice("speakers", "Speaker-labelled lines (NAME: text)"),
    SelectChoice("srt", "SubRip captions (.srt)"),
    SelectChoice("vtt", "WebVTT captions (.vtt)"),
]


class LoginForm(FlaskForm):
    email = EmailField("E-mail", validators=[DataRequired(), Length(max=254), no_nul])
    password = PasswordField("Password", validators=[DataRequired(), Length(max=1024)])
    next = HiddenField()


class LogoutForm(FlaskForm):
    """Only carries the CSRF token: logging out is a POST."""


class LogoutEverywhereForm(FlaskForm):
    """Only carries the CSRF token: ends every session of the user, this one included."""


class ChangePasswordForm(FlaskForm):
    """The policy itself is the service's (services/passwords.py); its refusals land on new_password."""

    current_password = PasswordField(
        "Current password", validators=[DataRequired(), Length(max=1024)]
    )
    new_password = PasswordField(
        "New password",
        validators=[DataRequired(), Length(max=1024)],
        description="At least 12 characters. A few unrelated words make a strong one.",
    )
    confirm = PasswordField(
        "New password again",
        validators=[
            DataRequired(),
            EqualTo("new_password", message="The two new passwords differ."),
        ],
    )


class ImportSpeechForm(FlaskForm):
    title = StringField("Title", validators=[DataRequired(), Length(max=300), no_nul])
    speaker = StringField(
        "Speaker",
        validators=[Optional(), Length(max=200), no_nul],
        description="Who gave the speech. Leave it empty for a transcript that labels its speakers.",
    )
    delivered_on = DateField("Date given", validators=[Optional()])
    occasion = StringField("Occasion or venue", validators=[Optional(), Length(max=300), no_nul])
    source_url = StringField(
        "Source URL",
        validators=[Optional(), Length(max=2000), no_nul, http_url],
        description="Where the transcript was published (http:// or https://).",
    )
    media_url = StringField(
        "Media URL",
        validators=[Optional(), Length(max=2000), no_nul, http_url],
        description="The video or audio of the speech, if there is one.",
    )
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
