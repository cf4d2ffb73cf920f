"""The records the exports read (`factcheck.exports.records`), built in batches as a format asks
for them: a fixed number of queries per batch of claims, however many speeches, sources, verdicts
or approvers the batch holds, and memory bounded by the batch, not the export.

Two modes. Published only: what readers were shown, nothing else: each claim's latest publication
(`Publication.content`, frozen when published) unless it was unpublished, a withdrawal shown as
withdrawn with its note; staff names left out when the settings hide them. Staff (editors and
admins): the live desk, every claim still to check with its state, submitted verdicts, private
sources and each speech's agreement statistics; drafts never.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Session

from factcheck.agreement import Rating, verdict_agreement
from factcheck.exports.records import (
    FIRST_REVIEW,
    SECOND_REVIEW,
    AgreementRecord,
    ApproverRecord,
    ClaimRecord,
    CorrectionRecord,
    Export,
    ExportHeader,
    Organisation,
    RatingRecord,
    SourceRecord,
    SpeechRecord,
    VerdictRecord,
)
from factcheck.models import (
    ApprovalVote,
    Claim,
    ClaimState,
    ClaimStatus,
    ClaimWorkflow,
    Publication,
    PublicationKind,
    RatingScale,
    Source,
    Speech,
    User,
    Verdict,
    VerdictStatus,
)
from factcheck.models import (
    Rating as ScaleRating,
)
from factcheck.services import settings

BATCH = 500
CONTEXT = 32  # characters of the transcript either side of a claim (prefix, suffix)
_NOTED = (PublicationKind.CORRECTION, PublicationKind.WITHDRAWAL)


@dataclass(frozen=True)
class Selection:
    """Which claims: one speech, or speeches by a speaker (the speech's or the claim's, any case)
    and delivered within a date range; everything when nothing is given."""

    speech_id: int | None = None
    speaker: str | None = None
    since: date | None = None
    until: date | None = None

    def describe(self) -> str:
        parts = []
        if self.speech_id is not None:
            parts.append(f"speech {self.speech_id}")
        if self.speaker:
            parts.append(f"speaker {self.speaker}")
        if self.since:
            parts.append(f"delivered from {self.since.isoformat()}")
        if self.until:
            parts.append(f"delivered until {self.until.isoformat()}")
        return ", ".join(parts) or "every speech"

    def where(self, query: sa.Select) -> sa.Select:
        """The query (joined to Speech and Claim) narrowed to the selection."""
        if self.speech_id is not None:
            query = query.where(Speech.id == self.speech_id)
        if self.speaker:
            name = self.speaker.strip().lower()
            query = query.where(
                sa.or_(sa.func.lower(Speech.speaker) == name, sa.func.lower(Claim.speaker) == name)
            )
        if self.since is not None:
            query = query.where(Speech.delivered_on >= self.since)
        if self.until is not None:
            query = query.where(Speech.delivered_on <= self.until)
        return query


def export(
    session: Session,
    selection: Selection,
    *,
    published_only: bool,
    base_url: str,
    batch: int = BATCH,
) -> Export:
    """The export's header now (two queries) and its claims read lazily, `batch` at a time."""
    base = base_url if base_url.endswith("/") else base_url + "/"
    values = settings.all_settings(session)
    header = ExportHeader(
        generated_at=datetime.now(UTC),
        published_only=published_only,
        organisation=Organisation(
            values[settings.ORGANISATION_NAME], values[settings.ORGANISATION_URL] or None
        ),
        base_url=base,
        description=("published checks of " if published_only else "the desk's work on ")
        + selection.describe(),
    )
    reader = _Published if published_only else _Staff
    names = values[settings.SHOW_STAFF_NAMES] or not published_only
    claims = reader(session, selection, base, batch, _scale_bounds(session), names).claims()
    return Export(header, claims)


def _scale_bounds(session: Session) -> tuple[int | None, int | None]:
    """The active scale's truest and falsest values on the axis (retired ratings count: past
    verdicts may carry them)."""
    first = sa.select(RatingScale.id).order_by(RatingScale.id).limit(1).scalar_subquery()
    best, worst = session.execute(
        sa.select(sa.func.max(ScaleRating.value), sa.func.min(ScaleRating.value)).where(
            ScaleRating.scale_id == first, ScaleRating.value.is_not(None)
        )
    ).one()
    return best, worst


def _context(transcript: str, start: int, end: int) -> tuple[str, str]:
    """The CONTEXT characters of the transcript before `start` and after `end`."""
    return transcript[max(start - CONTEXT, 0) : start], transcript[end : end + CONTEXT]


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _moment(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


@dataclass
class _Reader:
    session: Session
    selection: Selection
    base: str
    batch: int
    bounds: tuple[int | None, int | None]
    names: bool  # whether staff names may be shown

    def _among(self, column: Any, ids: Sequence[int] | set[int]) -> sa.ColumnElement[bool]:
        """`column` is one of `ids`. On PostgreSQL as one array parameter (`= ANY`): a batch's
        IN list of 500 parameters made every query's text new to psycopg, which parsed it again,
        a tenth of a long export's time."""
        if self.session.get_bind().dialect.name == "postgresql":
            return column == sa.any_(sa.bindparam(None, list(ids), type_=ARRAY(sa.Integer)))
        return column.in_(ids)

    def claims(self) -> Iterator[ClaimRecord]:
        after: tuple[int, int] | None = None
        while True:
            rows = self.session.execute(self._page(after).limit(self.batch)).all()
            if not rows:
                return
            yield from self._records(rows)
            last = rows[-1]
            after = (last.speech_id, last.start)
            if len(rows) < self.batch:
                return

    def _page(self, after: tuple[int, int] | None) -> sa.Select:
        raise NotImplementedError

    def _records(self, rows: Sequence[Any]) -> Iterator[ClaimRecord]:
        raise NotImplementedError

    def _after(self, query: sa.Select, after: tuple[int, int] | None) -> sa.Select:
        query = self.selection.where(query).order_by(Claim.speech_id, Claim.start)
        if after is None:
            return query
        speech_id, start = after
        # Spelled out rather than a row-value comparison, which SQLite's planner does not take to
        # the (speech_id, start) index.
        return query.where(
            sa.or_(
                Claim.speech_id > speech_id,
                sa.and_(Claim.speech_id == speech_id, Claim.start > start),
            )
        )

    def _rating(self, label: str, value: int | None, definition: str | None) -> RatingRecord:
        best, worst = self.bounds
        return RatingRecord(label, value, best, worst, definition)

    def _name(self, name: str | None) -> str | None:
        return name if self.names else None

    def _transcripts(self, speech_ids: set[int]) -> dict[int, str]:
        """The batch's speeches' transcripts, for the words around each claim: one query. A
        transcript is read once a batch; slicing it in Python is what makes long speeches cheap
        (a database's substr walks the text from its start for every claim)."""
        return dict(
            self.session.execute(
                sa.select(Speech.id, Speech.transcript).where(self._among(Speech.id, speech_ids))
            ).all()
        )

    def _history(self, claim_ids: list[int]) -> dict[int, list[Any]]:
        """Each claim's publications on the public record (not unpublished), oldest first,
        without their content: one query."""
        rows = self.session.execute(
            sa.select(
                Publication.claim_id, Publication.kind, Publication.note, Publication.published_at
            )
            .where(
                self._among(Publication.claim_id, claim_ids), Publication.unpublished_at.is_(None)
            )
            .order_by(Publication.claim_id, Publication.number)
        ).all()
        found: dict[int, list[Any]] = defaultdict(list)
        for row in rows:
            found[row.claim_id].append(row)
        return found

    @staticmethod
    def _dates(
        history: list[Any],
    ) -> tuple[datetime | None, datetime | None, tuple[CorrectionRecord, ...]]:
        noted = tuple(
            CorrectionRecord(p.kind.value, p.note or "", p.published_at)
            for p in history
            if p.kind in _NOTED
        )
        first = history[0].published_at if history else None
        return first, (noted[-1].published_at if noted else None), noted


class _Published(_Reader):
    """Each claim as readers see it: its latest publication, from the frozen content only."""

    def _page(self, after: tuple[int, int] | None) -> sa.Select:
        later = sa.orm.aliased(Publication)
        query = (
            sa.select(
                Publication.id,
                Publication.claim_id,
                Publication.kind,
                Claim.speech_id,
                Claim.start,
            )
            .join(Claim, Claim.id == Publication.claim_id)
            .join(Speech, Speech.id == Claim.speech_id)
            .where(
                Publication.unpublished_at.is_(None),
                ~sa.exists().where(
                    later.claim_id == Publication.claim_id, later.number > Publication.number
                ),
            )
        )
        return self._after(query, after)

    def _records(self, rows: Sequence[Any]) -> Iterator[ClaimRecord]:
        history = self._history([row.claim_id for row in rows])
        transcripts = self._transcripts({row.speech_id for row in rows})
        # The content apart from the page's query, which sorts: sorting it would carry every
        # publication's JSON through each batch's sort.
        contents = dict(
            self.session.execute(
                sa.select(Publication.id, Publication.content).where(
                    self._among(Publication.id, [row.id for row in rows])
                )
            ).all()
        )
        speech: SpeechRecord | None = None
        for row in rows:
            content = contents[row.id]
            shown = content["speech"]
            if speech is None or speech.id != row.speech_id:
                speech = SpeechRecord(
                    id=row.speech_id,
                    title=shown.get("title") or "",
                    speaker=shown.get("speaker") or "",
                    delivered_on=_day(shown.get("delivered_on")),
                    occasion=None,
                    source_url=shown.get("source_url"),
                    media_url=None,
                    language=None,
                    permalink=f"{self.base}speeches/{row.speech_id}",
                    agreement=None,
                )
            yield self._claim(
                row, content, speech, history.get(row.claim_id, []), transcripts[row.speech_id]
            )

    def _claim(
        self,
        row: Any,
        content: dict[str, Any],
        speech: SpeechRecord,
        history: list[Any],
        transcript: str,
    ) -> ClaimRecord:
        claim, verdict = content["claim"], content["verdict"]
        prefix, suffix = _context(transcript, claim["start"], claim["end"])
        shown = verdict["rating"]
        rating = self._rating(shown["label"], shown.get("value"), shown.get("definition"))
        reviewer = self._name(verdict.get("reviewer"))
        first, corrected, noted = self._dates(history)
        return ClaimRecord(
            id=row.claim_id,
            speech=speech,
            text=claim["text"],
            start=claim["start"],
            end=claim["end"],
            prefix=prefix,
            suffix=suffix,
            restatement=claim.get("restatement"),
            speaker=claim.get("speaker"),
            media_start_ms=claim.get("media_start_ms"),
            media_end_ms=claim.get("media_end_ms"),
            state="withdrawn" if row.kind is PublicationKind.WITHDRAWAL else "published",
            rating=rating,
            conclusion=verdict.get("conclusion"),
            explanation=verdict.get("explanation"),
            reviewer=reviewer,
            sources=tuple(
                SourceRecord(
                    url=s["url"],
                    title=s["title"],
                    publisher=s.get("publisher"),
                    quote=s.get("quote"),
                    published_on=_day(s.get("published_on")),
                    accessed_on=_day(s.get("accessed_on")),
                    stance=s.get("stance") or "",
                    is_public=True,
                )
                for s in content.get("sources", [])
            ),
            # Readers were shown the one verdict published; when it was submitted is not on record.
            verdicts=(
                VerdictRecord(
                    verdict["id"], reviewer, rating, verdict.get("conclusion") or "", None, "first"
                ),
            ),
            approvers=tuple(
                ApproverRecord(self._name(a.get("name")), datetime.fromisoformat(a["approved_at"]))
                for a in content.get("approvers", [])
            ),
            published_at=first,
            corrected_at=corrected,
            corrections=noted,
            permalink=f"{self.base}claims/{row.claim_id}",
        )


class _Staff(_Reader):
    """The live desk: every claim to check, with its state, verdicts, sources and approvals."""

    def _page(self, after: tuple[int, int] | None) -> sa.Select:
        query = (
            sa.select(
                Claim.id,
                Claim.speech_id,
                Claim.start,
                Claim.end,
                Claim.text,
                Claim.restatement,
                Claim.speaker,
                Claim.media_start_ms,
                Claim.media_end_ms,
                ClaimWorkflow.state,
                ClaimWorkflow.verdict_id,
            )
            .join(Speech, Speech.id == Claim.speech_id)
            .outerjoin(ClaimWorkflow, ClaimWorkflow.claim_id == Claim.id)
            .where(Claim.status == ClaimStatus.OPEN)
        )
        return self._after(query, after)

    def _records(self, rows: Sequence[Any]) -> Iterator[ClaimRecord]:
        ids = [row.id for row in rows]
        speeches = self._speeches(sorted({row.speech_id for row in rows}))
        transcripts = self._transcripts(set(speeches))
        verdicts = self._verdicts(ids)
        sources = self._sources(ids)
        votes = self._votes(ids)
        history = self._history(ids)
        for row in rows:
            given = verdicts.get(row.id, [])
            chosen = _chosen(given, row.verdict_id)
            first, corrected, noted = self._dates(history.get(row.id, []))
            prefix, suffix = _context(transcripts[row.speech_id], row.start, row.end)
            yield ClaimRecord(
                id=row.id,
                speech=speeches[row.speech_id],
                text=row.text,
                start=row.start,
                end=row.end,
                prefix=prefix,
                suffix=suffix,
                restatement=row.restatement,
                speaker=row.speaker,
                media_start_ms=row.media_start_ms,
                media_end_ms=row.media_end_ms,
                state=(row.state or ClaimState.OPEN).value,
                rating=chosen[1].rating if chosen else None,
                conclusion=chosen[1].conclusion if chosen else None,
                explanation=chosen[0] if chosen else None,
                reviewer=chosen[1].reviewer if chosen else None,
                sources=tuple(sources.get(row.id, [])),
                verdicts=tuple(record for _, record in given),
                approvers=tuple(
                    ApproverRecord(name, at)
                    for verdict_id, name, at in votes.get(row.id, [])
                    if chosen and verdict_id == chosen[1].id
                ),
                published_at=first,
                corrected_at=corrected,
                corrections=noted,
                permalink=f"{self.base}claims/{row.id}",
            )

    def _speeches(self, speech_ids: list[int]) -> dict[int, SpeechRecord]:
        """The batch's speeches with their agreement statistics: two queries, none when the
        previous batch read them all already (a long speech spans batches; its statistics are
        worked out once). Only the previous batch's are kept, so memory stays bounded."""
        known = getattr(self, "_known", {})
        found = {i: known[i] for i in speech_ids if i in known}
        missing = [i for i in speech_ids if i not in known]
        if missing:
            found.update(self._read_speeches(missing))
        self._known = found
        return found

    def _read_speeches(self, speech_ids: list[int]) -> dict[int, SpeechRecord]:
        agreement = self._agreement(speech_ids)
        rows = self.session.execute(
            sa.select(
                Speech.id,
                Speech.title,
                Speech.speaker,
                Speech.delivered_on,
                Speech.occasion,
                Speech.source_url,
                Speech.media_url,
                Speech.language,
            ).where(self._among(Speech.id, speech_ids))
        ).all()
        return {
            row.id: SpeechRecord(
                **row._asdict(),
                permalink=f"{self.base}speeches/{row.id}",
                agreement=agreement.get(row.id),
            )
            for row in rows
        }

    def _agreement(self, speech_ids: list[int]) -> dict[int, AgreementRecord]:
        """As `queries.agreement` counts it: submitted verdicts on claims to check, per speech."""
        given: dict[int, dict[int, list[Rating]]] = defaultdict(lambda: defaultdict(list))
        for speech_id, claim_id, label, value in self.session.execute(
            sa.select(Claim.speech_id, Verdict.claim_id, Verdict.rating_label, Verdict.rating_value)
            .join(Claim, Claim.id == Verdict.claim_id)
            .where(
                self._among(Claim.speech_id, speech_ids),
                Claim.status == ClaimStatus.OPEN,
                Verdict.status == VerdictStatus.SUBMITTED,
            )
            .order_by(Verdict.claim_id, Verdict.id)
        ):
            given[speech_id][claim_id].append(((label, value), value))
        found = {}
        for speech_id, claims in given.items():
            items = [ratings for ratings in claims.values() if len(ratings) >= 2]
            if not items:
                continue
            stats = verdict_agreement(items)
            found[speech_id] = AgreementRecord(
                claims=stats.items,
                pairs=stats.pairs,
                ordinal_claims=stats.ordinal_items,
                raw_agreement=stats.raw_agreement,
                kappa=stats.kappa,
                alpha_ordinal=stats.alpha_ordinal,
            )
        return found

    def _verdicts(self, claim_ids: list[int]) -> dict[int, list[tuple[str | None, VerdictRecord]]]:
        """Submitted verdicts per claim, earliest first, each with its explanation: one query."""
        rows = self.session.execute(
            sa.select(
                Verdict.id,
                Verdict.claim_id,
                Verdict.rating_label,
                Verdict.rating_value,
                Verdict.conclusion,
                Verdict.explanation,
                Verdict.updated_at,
                User.display_name,
                ScaleRating.definition,
            )
            .outerjoin(User, User.id == Verdict.author_id)
            .outerjoin(ScaleRating, ScaleRating.id == Verdict.rating_id)
            .where(
                self._among(Verdict.claim_id, claim_ids), Verdict.status == VerdictStatus.SUBMITTED
            )
            .order_by(Verdict.claim_id, Verdict.created_at, Verdict.id)
        ).all()
        found: dict[int, list[tuple[str | None, VerdictRecord]]] = defaultdict(list)
        for row in rows:
            review = SECOND_REVIEW if found[row.claim_id] else FIRST_REVIEW
            record = VerdictRecord(
                id=row.id,
                reviewer=row.display_name,
                rating=self._rating(row.rating_label, row.rating_value, row.definition),
                conclusion=row.conclusion,
                submitted_at=row.updated_at,
                review=review,
            )
            found[row.claim_id].append((row.explanation, record))
        return found

    def _sources(self, claim_ids: list[int]) -> dict[int, list[SourceRecord]]:
        found: dict[int, list[SourceRecord]] = defaultdict(list)
        # Columns, not entities: a long export must not fill the session's identity map.
        for source in self.session.execute(
            sa.select(
                Source.claim_id,
                Source.url,
                Source.title,
                Source.publisher,
                Source.quote,
                Source.published_on,
                Source.accessed_on,
                Source.stance,
                Source.is_public,
            )
            .where(self._among(Source.claim_id, claim_ids))
            .order_by(Source.claim_id, Source.position, Source.id)
        ):
            fields = source._asdict()
            del fields["claim_id"]
            fields["stance"] = source.stance.value
            found[source.claim_id].append(SourceRecord(**fields))
        return found

    def _votes(self, claim_ids: list[int]) -> dict[int, list[tuple[int, str | None, datetime]]]:
        found: dict[int, list[tuple[int, str | None, datetime]]] = defaultdict(list)
        for claim_id, verdict_id, name, at in self.session.execute(
            sa.select(
                ApprovalVote.claim_id,
                ApprovalVote.verdict_id,
                User.display_name,
                ApprovalVote.created_at,
            )
            .outerjoin(User, User.id == ApprovalVote.editor_id)
            .where(self._among(ApprovalVote.claim_id, claim_ids))
            .order_by(ApprovalVote.claim_id, ApprovalVote.created_at, ApprovalVote.id)
        ):
            found[claim_id].append((verdict_id, name, at))
        return found


def _chosen(
    given: list[tuple[str | None, VerdictRecord]], verdict_id: int | None
) -> tuple[str | None, VerdictRecord] | None:
    """The claim's verdict as checked: the one up for approval (or published), else the
    latest submitted."""
    for item in given:
        if item[1].id == verdict_id:
            return item
    if not given:
        return None
    return max(given, key=lambda item: item[1].submitted_at or datetime.min.replace(tzinfo=UTC))
