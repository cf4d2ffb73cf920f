"""Logging in and out, and the account page."""

from __future__ import annotations

from wtforms import EmailField, HiddenField, PasswordField, StringField
from wtforms.validators import DataRequired, EqualTo, Length

from factcheck.forms.base import AppForm, no_bidi, no_nul


class LoginForm(AppForm):
    email = EmailField("E-mail", validators=[DataRequired(), Length(max=254), no_nul])
    password = PasswordField("Password", validators=[DataRequired(), Length(max=1024)])
    next = HiddenField()


class LogoutForm(AppForm):
    """Only carries the CSRF token: logging out is a POST."""


class LogoutEverywhereForm(AppForm):
    """Only carries the CSRF token: ends every session of the user, this one included."""


class ChangePasswordForm(AppForm):
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


class DisplayNameForm(AppForm):
    display_name = StringField(
        "Your name",
        validators=[DataRequired(), Length(max=120), no_nul, no_bidi],
        description="Shown to colleagues beside everything you change.",
    )


class SetPasswordForm(AppForm):
    """Through a one-time link: the policy is the service's, as for a change of password."""

    new_password = PasswordField(
        "New password",
        validators=[DataRequired(), Length(max=1024)],
        description="At least 12 characters. A few unrelated words make a strong one.",
    )
    confirm = PasswordField("New password again", validators=[DataRequired(), Length(max=1024)])
