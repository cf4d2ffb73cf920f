"""WTForms for the admin pages: people, the rating scale editor and the organisation's settings.

Input validation only: `services.ratings` and `services.settings` re-check every rule.
"""

from __future__ import annotations

from wtforms import (
    BooleanField,
    ColorField,
    EmailField,
    FieldList,
    Form,
    FormField,
    HiddenField,
    PasswordField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, Optional, Regexp
from wtforms.widgets import HiddenInput

from factcheck.forms.base import (
    AppForm,
    IdField,
    InRange,
    WholeNumberField,
    http_url,
    no_bidi,
    no_nul,
    version_range,
)
from factcheck.limits import COLOUR_RE, MAX_URL
from factcheck.services import ratings, settings

MAX_ROWS = 50


class RatingRowForm(Form):
    """One rating; a row left without label and definition is ignored (the spare "new" row)."""

    id = IdField(widget=HiddenInput(), validators=[Optional()])
    order = WholeNumberField(
        "Order", validators=[Optional(), InRange(min=0, max=1000)], render_kw={"min": 0}
    )
    label = StringField("Label", validators=[Length(max=ratings.MAX_LABEL), no_nul, no_bidi])
    definition = TextAreaField(
        "Public definition", validators=[Length(max=ratings.MAX_DEFINITION), no_nul]
    )
    colour = ColorField(
        "Colour",
        default="#777777",
        validators=[InputRequired(), Regexp(COLOUR_RE, message="Write it as #rrggbb.")],
    )
    value = WholeNumberField(
        "Value",
        validators=[Optional(), InRange(min=0, max=ratings.MAX_VALUE)],
        description="Blank: off the axis.",
        render_kw={"min": 0, "max": ratings.MAX_VALUE},
    )
    retired = BooleanField("Retired")
    delete = BooleanField("Delete")

    def is_blank(self) -> bool:
        return not (self.label.data or "").strip() and not (self.definition.data or "").strip()


class RatingScaleForm(AppForm):
    version = WholeNumberField(widget=HiddenInput(), validators=[InputRequired(), version_range()])
    ratings = FieldList(FormField(RatingRowForm), max_entries=MAX_ROWS)


class CreateScaleForm(AppForm):
    next = HiddenField()


_MIN_SOURCES = settings.SPECS[settings.MIN_SOURCES_FOR_VERDICT]
_QUORUM = settings.SPECS[settings.APPROVAL_QUORUM]
_ORG_NAME = settings.SPECS[settings.ORGANISATION_NAME]
_ORG_URL = settings.SPECS[settings.ORGANISATION_URL]
_STAFF_NAMES = settings.SPECS[settings.SHOW_STAFF_NAMES]


class SettingsForm(AppForm):
    min_sources_for_verdict = WholeNumberField(
        _MIN_SOURCES.label,
        description=_MIN_SOURCES.help,
        validators=[InputRequired(), InRange(min=0, max=50)],
        render_kw={"min": 0, "max": 50},
    )
    approval_quorum = WholeNumberField(
        _QUORUM.label,
        description=_QUORUM.help,
        validators=[InputRequired(), InRange(min=1, max=5)],
        render_kw={"min": 1, "max": 5},
    )
    organisation_name = StringField(
        _ORG_NAME.label,
        description=_ORG_NAME.help,
        validators=[
            DataRequired(),
            Length(max=settings.MAX_ORGANISATION_NAME),
            no_nul,
            no_bidi,
        ],
    )
    organisation_url = StringField(
        _ORG_URL.label,
        description=_ORG_URL.help,
        validators=[Optional(), Length(max=MAX_URL), no_nul, http_url],
    )
    show_staff_names = BooleanField(_STAFF_NAMES.label, description=_STAFF_NAMES.help)


ROLE_CHOICES = [
    SelectChoice("reviewer", "Reviewer: checks claims"),
    SelectChoice("editor", "Editor: also archives speeches and removes others' verdicts"),
    SelectChoice("admin", "Admin: also manages people, the rating scale and settings"),
]


class NewPersonForm(AppForm):
    email = EmailField("E-mail", validators=[DataRequired(), Length(max=254), no_nul])
    display_name = StringField("Name", validators=[Optional(), Length(max=120), no_nul, no_bidi])
    role = SelectField("Role", choices=ROLE_CHOICES, default="reviewer")
    password = PasswordField(
        "First password (optional)",
        validators=[Optional(), Length(max=1024)],
        description="Leave it empty to get an invitation link that lets them choose their own "
        "(it works once, for 7 days). A password you type is never shown again.",
    )


class RoleForm(AppForm):
    role = SelectField("Role", choices=ROLE_CHOICES)


class ActiveForm(AppForm):
    """Only the CSRF token: the address says what to do."""
