"""WTForms for the editors' decisions on a claim: approve, send back, settle a disagreement,
publish, unpublish, correct and withdraw, and publishing a whole speech. Input only: the services say what a rationale, a
comment or a note must be (and how long it may be)."""

from __future__ import annotations

from wtforms import TextAreaField

from factcheck.forms.base import AppForm, IdField, VersionedForm, no_nul


class ApproveForm(VersionedForm):
    rationale = TextAreaField("Why you approve", validators=[no_nul])


class SendBackForm(VersionedForm):
    comment = TextAreaField("What the reviewer should change", validators=[no_nul])


class ResolveForm(VersionedForm):
    verdict = IdField(
        "The verdict that stands",
        message="Choose one of the submitted verdicts; reload the page if it changed.",
        invalid_value_message="Choose one of the submitted verdicts.",
    )
    rationale = TextAreaField("Why this verdict stands", validators=[no_nul])


class PublishForm(VersionedForm):
    pass


class UnpublishForm(VersionedForm):
    pass


class CorrectForm(VersionedForm):
    note = TextAreaField("Public correction note", validators=[no_nul])


class WithdrawForm(VersionedForm):
    note = TextAreaField("Public note on the withdrawal", validators=[no_nul])


class PublishSpeechForm(AppForm):
    pass
