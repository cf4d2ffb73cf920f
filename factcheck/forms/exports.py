"""The export page's filters, read from the query string (a download changes nothing)."""

from __future__ import annotations

from wtforms import BooleanField, DateField, Form, SelectChoice, SelectField, StringField
from wtforms.validators import InputRequired, Length, Optional

from factcheck.exports.formats import FORMATS
from factcheck.forms.base import IdField, no_bidi, no_nul
from factcheck.limits import MAX_SPEAKER


class ExportForm(Form):
    format = SelectField(
        "Format",
        choices=[SelectChoice(name, f.label) for name, f in FORMATS.items()],
        validators=[InputRequired()],
    )
    published = BooleanField(
        "Only what readers were shown",
        description="Unticked: the desk's live work too, unpublished checks and private sources "
        "included (editors only).",
    )
    speech = IdField("Speech", validators=[Optional()])
    speaker = StringField(
        "Speaker",
        validators=[Optional(), Length(max=MAX_SPEAKER), no_nul, no_bidi],
        description="The speech's or the claim's speaker, in any case.",
    )
    since = DateField("Delivered from", validators=[Optional()])
    until = DateField("Delivered until", validators=[Optional()])
    bom = BooleanField("Byte-order mark for Excel (CSV)")
