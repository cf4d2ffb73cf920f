"""The editorial process around a claim, each fact in a table of its own: the claim's state, who is
assigned to it, the editors' approval votes, and the versions published for readers.

A claim's state changes only through `services.workflow`, which holds the transitions; the audit
log records each one, and these tables hold what the desk and the reader site read.
"""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from factcheck.models.base import NO_ID_REUSE, Base, JSONType, UTCDateTime, str_enum, utcnow
from factcheck.models.history import Audited, AuditedField, HasHistory, as_words
from factcheck.models.user import User

if TYPE_CHECKING:
    from factcheck.models.speech import Claim


class ClaimState(enum.StrEnum):
    """Where a claim is in the desk's process (`services.workflow.TRANSITIONS` moves it)."""

    OPEN = "open"  # to check; no verdict yet
    IN_REVIEW = "in_review"  # a verdict in draft
    SUBMITTED = "submitted"  # a verdict submitted, waiting for editors
    SENT_BACK = "sent_back"  # an editor asked for changes (the comment says which)
    APPROVED = "approved"  # the quorum of editors approved the verdict
    PUBLISHED = "published"  # readers see its published version
    WITHDRAWN = "withdrawn"  # a published check found void, taken back with a public note
    DISMISSED = "dismissed"  # not a claim to check


class ClaimWorkflow(HasHistory, Base):
    """A claim's state; one row per claim, made with the claim."""

    __tablename__ = "claim_workflow"
    __table_args__ = (
        sa.CheckConstraint(
            "state <> 'sent_back' OR comment IS NOT NULL", name="sent_back_has_comment"
        ),
    )

    claim_id: Mapped[int] = mapped_column(
        sa.ForeignKey("claim.id", ondelete="CASCADE"), primary_key=True
    )
    speech_id: Mapped[int] = mapped_column(
        sa.ForeignKey("speech.id", ondelete="CASCADE"), index=True
    )
    state: Mapped[ClaimState] = mapped_column(
        str_enum(ClaimState, "state"), default=ClaimState.OPEN, index=True
    )
    # The editor's comment when sent back; the public note when withdrawn.
    comment: Mapped[str | None] = mapped_column(sa.Text)
    verdict_id: Mapped[int | None] = mapped_column(  # the verdict submitted for approval
        sa.ForeignKey("verdict.id", ondelete="SET NULL"), index=True
    )
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    changed_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user.id", ondelete="SET NULL"), index=True
    )
    # The editor's settlement of submitted verdicts that disagree, while it holds: cleared when a
    # verdict of the claim changes or the claim is sent back (the disagreement is then open again).
    resolution_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("resolution.id", ondelete="SET NULL"), index=True
    )
    version: Mapped[int] = mapped_column(default=1)

    claim: Mapped[Claim] = relationship()
    changed_by: Mapped[User | None] = relationship()

    @property
    def id(self) -> int:
        """The claim's id, which is this row's: the history files it under that."""
        return self.claim_id

    __mapper_args__ = {"version_id_col": version}
    __audited__ = Audited(
        "claim_workflow",
        "claim's state",
        (
            AuditedField("state", "state", shown_as=as_words),
            AuditedField("comment", "comment"),
            AuditedField("verdict_id", None),
        ),
    )


class Assignment(HasHistory, Base):
    """A reviewer asked to check a claim, or a whole speech (``claim_id`` None), by an editor;
    ``second`` asks for an independent second verdict, given without seeing the others."""

    __tablename__ = "assignment"
    __table_args__ = (
        sa.UniqueConstraint("speech_id", "claim_id", "reviewer_id"),
        # NULLs differ in a unique constraint: a whole speech's assignment needs its own index.
        sa.Index(
            "uq_assignment_whole_speech",
            "speech_id",
            "reviewer_id",
            unique=True,
            sqlite_where=sa.text("claim_id IS NULL"),
            postgresql_where=sa.text("claim_id IS NULL"),
        ),
        NO_ID_REUSE,
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    speech_id: Mapped[int] = mapped_column(
        sa.ForeignKey("speech.id", ondelete="CASCADE"), index=True
    )
    claim_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("claim.id", ondelete="CASCADE"), index=True
    )
    reviewer_id: Mapped[int] = mapped_column(
        sa.ForeignKey("user.id", ondelete="CASCADE"), index=True
    )
    assigned_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user.id", ondelete="SET NULL"), index=True
    )
    due_on: Mapped[date | None]
    second: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    reviewer: Mapped[User] = relationship(foreign_keys=[reviewer_id])
    assigned_by: Mapped[User | None] = relationship(foreign_keys=[assigned_by_id])

    __audited__ = Audited(
        "assignment",
        "assignment",
        (
            AuditedField("speech_id", None),
            AuditedField("claim_id", None),
            AuditedField("reviewer_id", None),
            AuditedField("reviewer", "reviewer", read=lambda a: a.reviewer.display_name),
            AuditedField("due_on", "due"),
            AuditedField("second", "independent second review"),
        ),
    )


class ApprovalVote(HasHistory, Base):
    """One editor's approval of a submitted verdict, with their rationale. A verdict is approved
    when its votes reach the quorum; a vote counts only for the verdict and version voted on (an
    editor approving a later version of the same verdict updates their row; the history keeps
    every vote)."""

    __tablename__ = "approval_vote"
    __table_args__ = (
        sa.UniqueConstraint("verdict_id", "editor_id"),
        NO_ID_REUSE,
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    claim_id: Mapped[int] = mapped_column(sa.ForeignKey("claim.id", ondelete="CASCADE"), index=True)
    verdict_id: Mapped[int] = mapped_column(
        sa.ForeignKey("verdict.id", ondelete="CASCADE"), index=True
    )
    verdict_version: Mapped[int]
    editor_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user.id", ondelete="SET NULL"), index=True
    )
    rationale: Mapped[str] = mapped_column(sa.Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    editor: Mapped[User | None] = relationship()

    __audited__ = Audited(
        "approval_vote",
        "approval",
        (
            AuditedField("verdict_id", None),
            AuditedField("verdict_version", None),
            AuditedField("editor_id", None),
            AuditedField("rationale", "rationale"),
        ),
    )


class Resolution(HasHistory, Base):
    """An editor's settlement of submitted verdicts that disagree: which of them stands, and why.
    The verdicts stay as their reviewers submitted them (agreement is measured on them); the row
    keeps what each said when the disagreement was settled, so the record holds both verdicts and
    the resolution even if a verdict changes later."""

    __tablename__ = "resolution"
    __table_args__ = (NO_ID_REUSE,)

    id: Mapped[int] = mapped_column(primary_key=True)
    claim_id: Mapped[int] = mapped_column(sa.ForeignKey("claim.id", ondelete="CASCADE"), index=True)
    verdict_id: Mapped[int | None] = mapped_column(  # the verdict that stands
        sa.ForeignKey("verdict.id", ondelete="SET NULL"), index=True
    )
    rating_label: Mapped[str] = mapped_column(sa.String(60))  # the rating that stands
    # Each submitted verdict as it was: id, version, author (name), rating label and value.
    verdicts: Mapped[list[dict[str, Any]]] = mapped_column(JSONType)
    rationale: Mapped[str] = mapped_column(sa.Text)
    resolved_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    resolved_by: Mapped[User | None] = relationship()

    __audited__ = Audited(
        "resolution",
        "resolution of a disagreement",
        (
            AuditedField("verdict_id", None),
            AuditedField("rating_label", "rating that stands"),
            AuditedField("rationale", "rationale"),
        ),
    )


class PublicationKind(enum.StrEnum):
    FIRST = "first"  # published for the first time (or again after being unpublished)
    CORRECTION = "correction"  # the rating or conclusion changed, with a public note
    WITHDRAWAL = "withdrawal"  # taken back, with a public note


class Publication(Base):
    """A version of a claim's check as readers see it, frozen when published: later staff edits
    change nothing here until the claim is published again. The latest row of a claim that is
    not unpublished is what the reader site shows; earlier rows are its earlier versions."""

    __tablename__ = "publication"
    __table_args__ = (
        sa.UniqueConstraint("claim_id", "number"),
        sa.CheckConstraint("number >= 1", name="number_from_one"),
        sa.CheckConstraint("kind = 'first' OR note IS NOT NULL", name="correction_has_note"),
        NO_ID_REUSE,
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    claim_id: Mapped[int] = mapped_column(sa.ForeignKey("claim.id", ondelete="CASCADE"), index=True)
    speech_id: Mapped[int] = mapped_column(
        sa.ForeignKey("speech.id", ondelete="CASCADE"), index=True
    )
    number: Mapped[int]  # 1 for the first version of this claim's check, then 2, 3...
    kind: Mapped[PublicationKind] = mapped_column(str_enum(PublicationKind, "kind"))
    note: Mapped[str | None] = mapped_column(sa.Text)  # the public correction or withdrawal note
    # What readers see, as it was when published: the claim, the verdict and the public sources.
    content: Mapped[dict[str, Any]] = mapped_column(JSONType)
    published_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
    published_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user.id", ondelete="SET NULL"), index=True
    )
    unpublished_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    published_by: Mapped[User | None] = relationship(foreign_keys=[published_by_id])


# Full-text search of what readers were shown, in a table of its own with a row per publication,
# filled by triggers from the frozen content, so it holds nothing that was not published; the reader
# site's search joins it to the publications public now (`queries.public.search`). SQLite: an FTS5
# table (rowid = publication.id). PostgreSQL: the publication's tsvector under a GIN index, so a
# search neither parses nor re-reads every publication. Migrations 0013 and 0014 create the same.
PUBLICATION_SEARCH = "publication_search"
PUBLICATION_SEARCH_COLUMNS = {
    "claim": "'$.claim.text'",
    "restatement": "'$.claim.restatement'",
    "conclusion": "'$.verdict.conclusion'",
    "explanation": "'$.verdict.explanation'",
    "speech": "'$.speech.title'",
    "speaker": "'$.speech.speaker'",
}


def _search_values(row: str) -> str:
    return ", ".join(
        f"coalesce(json_extract({row}.content, {path}), '')"
        for path in PUBLICATION_SEARCH_COLUMNS.values()
    )


# Constants only: nothing a person typed reaches these statements.
PUBLICATION_SEARCH_DDL = [
    f"CREATE VIRTUAL TABLE {PUBLICATION_SEARCH} USING fts5("
    + ", ".join(PUBLICATION_SEARCH_COLUMNS)
    + ", tokenize = 'porter unicode61 remove_diacritics 2')",
    f"CREATE TRIGGER {PUBLICATION_SEARCH}_insert AFTER INSERT ON publication BEGIN "  # noqa: S608
    f"INSERT INTO {PUBLICATION_SEARCH} (rowid, {', '.join(PUBLICATION_SEARCH_COLUMNS)}) "
    f"VALUES (NEW.id, {_search_values('NEW')}); END",
    f"CREATE TRIGGER {PUBLICATION_SEARCH}_delete AFTER DELETE ON publication BEGIN "  # noqa: S608
    f"DELETE FROM {PUBLICATION_SEARCH} WHERE rowid = OLD.id; END",
]
for _statement in PUBLICATION_SEARCH_DDL:
    sa.event.listen(
        Publication.__table__, "after_create", sa.DDL(_statement).execute_if(dialect="sqlite")
    )

# PostgreSQL's text of a publication, as `to_tsvector` reads it: the same fields as SQLite's.
PUBLICATION_SEARCH_CONFIG = "english"
PUBLICATION_SEARCH_PATHS = (
    "{claim,text}",
    "{claim,restatement}",
    "{verdict,conclusion}",
    "{verdict,explanation}",
    "{speech,title}",
    "{speech,speaker}",
)


def publication_document(row: str) -> str:
    """SQL for the tsvector of the publication `row` (NEW in a trigger)."""
    fields = ", ".join(f"{row}.content #>> '{path}'" for path in PUBLICATION_SEARCH_PATHS)
    return f"to_tsvector('{PUBLICATION_SEARCH_CONFIG}', concat_ws(' ', {fields}))"


PUBLICATION_SEARCH_PG_DDL = [
    f"CREATE TABLE {PUBLICATION_SEARCH} ("
    "id INTEGER PRIMARY KEY REFERENCES publication (id) ON DELETE CASCADE, "
    "document TSVECTOR NOT NULL)",
    f"CREATE INDEX {PUBLICATION_SEARCH}_document ON {PUBLICATION_SEARCH} USING gin (document)",
    f"CREATE FUNCTION {PUBLICATION_SEARCH}_insert() RETURNS trigger LANGUAGE plpgsql AS $$ "  # noqa: S608
    f"BEGIN INSERT INTO {PUBLICATION_SEARCH} (id, document) "
    f"VALUES (NEW.id, {publication_document('NEW')}); RETURN NEW; END $$",
    f"CREATE TRIGGER {PUBLICATION_SEARCH}_insert AFTER INSERT ON publication "
    f"FOR EACH ROW EXECUTE FUNCTION {PUBLICATION_SEARCH}_insert()",
]
for _statement in PUBLICATION_SEARCH_PG_DDL:
    sa.event.listen(
        Publication.__table__, "after_create", sa.DDL(_statement).execute_if(dialect="postgresql")
    )
