"""The base form and the fields and validators every form shares: input validation only;
services re-check every rule that matters."""

from __future__ import annotations

import re

from flask import request
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from werkzeug.datastructures import CombinedMultiDict, MultiDict
from wtforms import Field, IntegerField, StringField
from wtforms.validators import InputRequired, NumberRange, ValidationError
from wtforms.widgets import HiddenInput

from factcheck.errors import InvalidInput
from factcheck.ids import MAX_ID
from factcheck.services.speeches import check_http_url
from factcheck.services.text import refuse_bidi_controls

_WHOLE_NUMBER = re.compile(r"[+-]?[0-9]+")


class AppForm(FlaskForm):
    """The base of every form: it reads what a browser's form sends, and only that. Flask-WTF
    would also hand a file posted under a text field's name to that field, and read a JSON body;
    either gave a text field a value that is not text (a 500)."""

    class Meta(FlaskForm.Meta):
        def wrap_formdata(self, form: FlaskForm, formdata: object) -> object:
            data = super().wrap_formdata(form, formdata)
            if data is None or data is request.form:
                return data
            if request.is_json:
                return request.form  # empty: the form is incomplete, and says so
            if isinstance(data, CombinedMultiDict):
                takes_files = {n for n, f in form._fields.items() if isinstance(f, FileField)}
                files = MultiDict(
                    [(k, v) for k, v in request.files.items(multi=True) if k in takes_files]
                )
                return CombinedMultiDict((files, request.form))
            return data


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


def no_bidi(form: FlaskForm, field: StringField) -> None:
    """Short labels may not hold the characters that reorder text (U+202A-U+202E, U+2066-U+2069)."""
    try:
        refuse_bidi_controls(field.data, field=field.name)
    except InvalidInput as exc:
        raise ValidationError(exc.message) from exc


class WholeNumberField(IntegerField):
    """``IntegerField`` that reads only the digits 0-9: ``int()`` also takes '١٢', '１' and '1_0'."""

    def process_formdata(self, valuelist: list) -> None:
        if not valuelist:
            return
        text = valuelist[0].strip() if isinstance(valuelist[0], str) else ""
        if _WHOLE_NUMBER.fullmatch(text):
            super().process_formdata([text])
            return
        self.data = None
        if any(c.isdigit() and c not in "0123456789" for c in text):  # other scripts, superscripts
            raise ValueError("Write the number with the digits 0 to 9.")
        raise ValueError(self.invalid_value_message or self.gettext("Not a valid integer value."))


class IdField(WholeNumberField):
    """The id of a stored row: a whole number in the databases' INTEGER range (beyond it, a
    query would overflow). ``message`` says what to do about one that is out of range."""

    def __init__(self, label=None, validators=None, *, message: str | None = None, **kwargs):
        in_range = InRange(min=1, max=MAX_ID, message=message or "No such item; reload the page.")
        super().__init__(label, [*(validators or []), in_range], **kwargs)


def version_range() -> InRange:
    """A version as the form carries it: within the INTEGER range of the column it is checked against."""
    return InRange(min=1, max=MAX_ID, message="Not a version of this item; reload the page.")


def http_url(form: FlaskForm, field: StringField) -> None:
    """The same rule the services apply: a full http(s) address with a host."""
    try:
        check_http_url(field.data)
    except InvalidInput as exc:
        raise ValidationError(exc.message) from exc


class VersionedForm(AppForm):
    """Every change carries the version of the object the person saw (no lost updates)."""

    version = WholeNumberField(widget=HiddenInput(), validators=[InputRequired(), version_range()])
