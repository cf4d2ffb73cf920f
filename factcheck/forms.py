"""WTForms: input validation only. Services re-check every rule that matters."""

from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import DateField, EmailField, HiddenField, PasswordField, StringField, TextAreaField
from wtforms.validators import URL, DataRequired, Length, Optional, ValidationError

LANGUAGES = [("en", "English")]


def no_nul(form: FlaskForm, field: StringField) -> None:
    """PostgreSQL text cannot hold NUL characters: refuse them here instead of failing in the database."""
    if field.data and "\x00" in field.data:
        raise ValidationError("This field contains a NUL character (\\0); remove it and try again.")


class LoginForm(FlaskForm):
    email = EmailField("E-mail", validators=[DataRequired(), Length(max=254), no_nul])
    password = PasswordField("Password", validators=[DataRequired(), Length(max=1024)])
    next = HiddenField()


class LogoutForm(FlaskForm):
    """Only carries the CSRF token: logging out is a POST."""


class ImportSpeechForm(FlaskForm):
    title = StringField("Title", validators=[DataRequired(), Length(max=300), no_nul])
    speaker = StringField("Speaker", validators=[DataRequired(), Length(max=200), no_nul])
    delivered_on = DateField("Date given", validators=[Optional()])
    occasion = StringField("Occasion or venue", validators=[Optional(), Length(max=300), no_nul])
    source_url = StringField(
        "Source URL",
        validators=[Optional(), Length(max=2000), no_nul, URL(message="Give a full web address.")],
        description="Where the transcript was published (http:// or https://).",
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
    upload = FileField("…or upload a UTF-8 .txt file")

    def validate_source_url(self, field: StringField) -> None:
        if field.data and not field.data.strip().lower().startswith(("http://", "https://")):
            raise ValidationError("Give a full web address starting with http:// or https://.")

    def validate_transcript(self, field: TextAreaField) -> None:
        has_upload = bool(self.upload.data and getattr(self.upload.data, "filename", ""))
        if not has_upload and not (field.data or "").strip():
            raise ValidationError("Paste a transcript or upload a .txt file.")
        if has_upload and (field.data or "").strip():
            raise ValidationError("Paste a transcript or upload a file, not both.")
