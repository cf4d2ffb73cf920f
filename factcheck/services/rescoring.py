"""Scoring stored claims again with the current check-worthiness model, after it is retrained.

A claim's score, type and reasons are stored at import (and when its words change); a new model
changes none of them until ``rescore_speech`` runs (``flask rescore-claims``). Each claim is scored
in its place among all the spans of its speech, as an import scores it. Spans dismissed at import
keep their zero score: restoring one scores it.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from factcheck.claims.checkworthiness import assess_many, document_contexts
from factcheck.models import Claim
from factcheck.services import locks


def rescore_speech(session: Session, speech_id: int) -> int:
    """Score the claims of a speech again; how many changed (0 for a speech that is gone)."""
    if not locks.lock_speech(session, speech_id):
        return 0
    spans = session.scalars(
        select(Claim).where(Claim.speech_id == speech_id).order_by(Claim.start)
    ).all()
    contexts = document_contexts([c.text for c in spans], [c.speaker for c in spans])
    claims = [i for i, span in enumerate(spans) if span.is_claim]
    assessments = assess_many(
        [spans[i].text for i in claims],
        [spans[i].speaker for i in claims],
        [contexts[i] for i in claims],
    )
    changed = 0
    for i, assessment in zip(claims, assessments, strict=True):
        claim = spans[i]
        new = (assessment.score, assessment.claim_type, list(assessment.reasons))
        if (claim.checkworthiness, claim.claim_type, claim.checkworthiness_reasons) != new:
            claim.checkworthiness, claim.claim_type, claim.checkworthiness_reasons = new
            changed += 1
    session.flush()
    return changed
