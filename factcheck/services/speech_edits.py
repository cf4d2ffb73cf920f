"""Correcting a speech after its import: its details, its speakers' names, archiving, deleting.

The transcript itself never changes (claims are exact spans of it); what changes is what is said
about it. Every change is versioned and recorded in the speech's history:

- details (title, date, speaker, occasion, source and media address) take the version the editor
  saw, like claims do; a change made meanwhile is a Conflict saying who made it;
- a speaker's name is renamed on every claim attributed to it in one statement ("CURZ" becomes
  "CRUZ"); renaming to a name already in the speech merges the two;
- an archived speech is out of the desk's list and read-only until it is brought back;
- deleting (admins only) removes the speech with its claims, sources, verdicts and notes; what
  went with it is in the audit log, which keeps the speech's id.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import flag_modified

from factcheck import permissions
from factcheck.errors import InvalidInput
from factcheck.limits import MAX_SPEAKER
from factcheck.models import (
    Claim,
    Note,
    Source,
    Speech,
    SpeechStatus,
    User,
    Verdict,
    VerdictStatus,
)
from factcheck.permissions import Permission
from factcheck.services import history, locks, versioning
from factcheck.services.history import AuditAction
from factcheck.services.speeches import SpeechDetails, validate_details
from factcheck.services.text import refuse_bidi_controls

log = logging.getLogger(__name__)


def update_details(
    session: Session,
    *,
    actor: User | None,
    speech: Speech,
    details: SpeechDetails,
    expected_version: int | None,
) -> Speech:
    """Correct what is known about the speech; its language and transcript stay as imported."""
    permissions.require(
        actor, Permission.EDIT_SPEECH, speech, message="You may not change this speech."
    )
    clean = validate_details(replace(details, language=speech.language))
    if not clean.speaker:
        raise InvalidInput("Say who gave the speech.", field="speaker")
    versioning.check_version(session, speech, expected_version)
    change = history.apply(
        speech,
        {
            "title": clean.title,
            "speaker": clean.speaker,
            "delivered_on": clean.delivered_on,
            "occasion": clean.occasion,
            "source_url": clean.source_url,
            "media_url": clean.media_url,
        },
    )
    if change:
        history.save(session, AuditAction.SPEECH_UPDATE, speech, change, actor=actor)
    return speech


@dataclass(frozen=True)
class SpeakerCount:
    name: str
    claims: int


def speakers(session: Session, speech: Speech) -> list[SpeakerCount]:
    """The names the speech's claims are attributed to, most spans first."""
    rows = session.execute(
        select(Claim.speaker, func.count())
        .where(Claim.speech_id == speech.id, Claim.speaker.is_not(None))
        .group_by(Claim.speaker)
        .order_by(func.count().desc(), Claim.speaker)
    )
    return [SpeakerCount(name, count) for name, count in rows]


def rename_speaker(
    session: Session,
    *,
    actor: User | None,
    speech: Speech,
    old: str | None,
    new: str | None,
    expected_version: int | None,
) -> int:
    """Attribute every claim of ``old`` to ``new`` (merging them if ``new`` is already there);
    returns how many spans changed. The speech's own speaker follows when it was ``old``."""
    permissions.require(
        actor, Permission.EDIT_SPEECH, speech, message="You may not change this speech."
    )
    old = (old or "").strip()
    name = " ".join((new or "").split())
    if not name:
        raise InvalidInput("Give the speaker's new name.", field="new")
    if len(name) > MAX_SPEAKER:
        raise InvalidInput(
            f"The speaker's name is longer than {MAX_SPEAKER} characters.", field="new"
        )
    refuse_bidi_controls(name, field="new", what="The speaker's name")
    # Serialised with splits and merges, which copy speakers onto new claims.
    locks.lock_speech(session, speech.id)
    versioning.check_version(session, speech, expected_version)
    known = {s.name: s.claims for s in speakers(session, speech)}
    if old not in known:
        raise InvalidInput(
            "No claim of this speech is attributed to that name; reload the page.", field="old"
        )
    if name == old:
        return 0
    merged = name in known
    changed = session.execute(
        update(Claim)
        .where(Claim.speech_id == speech.id, Claim.speaker == old)
        .values(speaker=name)
        .execution_options(synchronize_session="fetch")
    ).rowcount
    before = history.snapshot(speech)
    if speech.speaker == old:
        speech.speaker = name
    else:
        # The rename is a change of the speech even when its details stay: the version moves on.
        flag_modified(speech, "speaker")
    history.save(
        session,
        AuditAction.SPEECH_RENAME_SPEAKER,
        speech,
        history.since(speech, before),
        actor=actor,
        extra={"renamed": {"from": old, "to": name, "spans": changed, "merged": merged}},
    )
    log.info("speaker %r renamed %r in speech %s (%d spans)", old, name, speech.id, changed)
    return changed


def set_archived(
    session: Session,
    *,
    actor: User | None,
    speech: Speech,
    archived: bool,
    expected_version: int | None,
) -> Speech:
    """Archive a speech (out of the desk's list, read-only) or bring it back into review."""
    permissions.require(
        actor, Permission.ARCHIVE_SPEECH, speech, message="Only an editor can archive speeches."
    )
    versioning.check_version(session, speech, expected_version)
    if speech.status is SpeechStatus.PUBLISHED and archived:
        raise InvalidInput("A published speech cannot be archived.")
    target = SpeechStatus.ARCHIVED if archived else SpeechStatus.IN_REVIEW
    if speech.status is target:
        return speech
    before = history.snapshot(speech)
    speech.status = target
    action = AuditAction.SPEECH_ARCHIVE if archived else AuditAction.SPEECH_UNARCHIVE
    history.save(session, action, speech, history.since(speech, before), actor=actor)
    return speech


@dataclass(frozen=True)
class WhatGoes:
    """What deleting a speech deletes with it."""

    claims: int
    sources: int
    verdicts: int
    submitted_verdicts: int
    notes: int

    def as_dict(self) -> dict[str, int]:
        return {
            "claims": self.claims,
            "sources": self.sources,
            "verdicts": self.verdicts,
            "submitted_verdicts": self.submitted_verdicts,
            "notes": self.notes,
        }


def what_goes(session: Session, speech: Speech) -> WhatGoes:
    def count(model: type[Source] | type[Verdict] | type[Note], *where) -> int:
        return session.scalar(
            select(func.count())
            .select_from(model)
            .join(Claim, Claim.id == model.claim_id)
            .where(Claim.speech_id == speech.id, *where)
        )

    claims = session.scalar(
        select(func.count()).select_from(Claim).where(Claim.speech_id == speech.id)
    )
    return WhatGoes(
        claims=claims,
        sources=count(Source),
        verdicts=count(Verdict),
        submitted_verdicts=count(Verdict, Verdict.status == VerdictStatus.SUBMITTED),
        notes=count(Note),
    )


def delete_speech(
    session: Session, *, actor: User | None, speech: Speech, confirm_title: str | None
) -> WhatGoes:
    """Delete the speech and everything attached to it; the person confirms by typing its title."""
    permissions.require(
        actor,
        Permission.DELETE_SPEECH,
        speech,
        message="Only an administrator can delete speeches.",
    )
    if " ".join((confirm_title or "").split()) != " ".join(speech.title.split()):
        raise InvalidInput(
            "Type the speech's title exactly to confirm that it is to be deleted.",
            field="confirm_title",
        )
    if speech.status is SpeechStatus.PUBLISHED:
        raise InvalidInput("A published speech cannot be deleted; unpublish it first.")
    locks.lock_speech(session, speech.id)
    gone = what_goes(session, speech)
    history.delete(
        session, AuditAction.SPEECH_DELETE, speech, actor=actor, extra={"deleted": gone.as_dict()}
    )
    log.info("speech %s deleted by %s with %s", speech.id, actor.email if actor else "system", gone)
    return gone
