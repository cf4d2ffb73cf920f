"""Row locks that serialise the writes that must not interleave, on PostgreSQL and SQLite alike.

Two rules, used by every service that changes a speech's claims or what hangs on a claim:

- ``lock_speech``: a change to the claim structure of a speech (merge, split, new bounds) holds the
  speech's row, so two such changes of one speech never read each other's neighbours half-done.
- ``lock_claim_id``: adding to, moving within or taking over what a claim holds (sources, verdicts,
  notes) holds the claim's row, so a merge that absorbs the claim waits for the add, or the add
  finds the claim gone and says where its text went, instead of being deleted with it.

PostgreSQL takes row locks (``FOR NO KEY UPDATE`` on the speech, which still lets new claims point
at it; ``FOR UPDATE`` on the claim). SQLite has one writer at a time: a no-op write takes that
database-wide lock at once, so what the transaction reads after it is current until commit.
Take the locks in this order (speech, then claims by position, then a claim's items) to avoid
deadlocks.
"""

from __future__ import annotations

from sqlalchemy import Table, select, update
from sqlalchemy.orm import Session

from factcheck.models import Claim, Speech


def _sqlite(session: Session) -> bool:
    return session.get_bind().dialect.name == "sqlite"


def _hold_sqlite_row(session: Session, table: Table, row_id: int) -> bool:
    """SQLite's write lock, taken by a write that changes nothing (columns with an `onupdate`,
    the timestamps, keep their value); False if the row does not exist."""
    # By the primary key, whatever it is called (a claim's workflow row is keyed by claim_id).
    (key,) = table.primary_key.columns
    unchanged = {column.name: column for column in table.columns if column.onupdate is not None}
    result = session.execute(
        update(table).where(key == row_id).values({key.name: key, **unchanged})
    )
    return result.rowcount == 1  # type: ignore[attr-defined]


def _lock_row(
    session: Session, model: type[Speech] | type[Claim], row_id: int, *, key_share: bool
) -> bool:
    if _sqlite(session):
        return _hold_sqlite_row(session, model.__table__, row_id)
    found = session.execute(
        select(model.id).where(model.id == row_id).with_for_update(key_share=key_share)
    ).first()
    return found is not None


def lock_speech(session: Session, speech_id: int) -> bool:
    """Hold the speech's row until commit; False if the speech no longer exists."""
    return _lock_row(session, Speech, speech_id, key_share=True)


def lock_claim_id(session: Session, claim_id: int) -> bool:
    """Hold the claim's row until commit; False if the claim no longer exists (merged away)."""
    return _lock_row(session, Claim, claim_id, key_share=False)


def hold_on_sqlite(session: Session, table: Table, row_id: int) -> bool:
    """On SQLite, take the write lock before a row is re-read and checked, so that nothing can
    change between the check and the write (PostgreSQL locks the row as it re-reads it). False
    if the row no longer exists; always True elsewhere."""
    return _hold_sqlite_row(session, table, row_id) if _sqlite(session) else True
