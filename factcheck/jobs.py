"""Work done after the response: a long import runs in a thread of the process that took it.

The thread is not a daemon, so a worker told to stop (gunicorn's graceful restart) finishes the
import first; an import cut off all the same stays unfinished, and its page says it stopped
(`queries.imports.STALLED_AFTER`).
"""

from __future__ import annotations

import logging
import threading

from flask import Flask
from sqlalchemy import update
from sqlalchemy.orm import Session

from factcheck.errors import InvalidInput
from factcheck.extensions import db
from factcheck.models import ImportState, SpeechImport
from factcheck.models.base import utcnow
from factcheck.services import imports

log = logging.getLogger(__name__)

UNEXPECTED = "An unexpected error stopped the import. Try again, or tell an administrator."


def start_import(app: Flask, job_id: int) -> threading.Thread:
    thread = threading.Thread(target=run_import, args=(app, job_id), name=f"import-{job_id}")
    thread.start()
    return thread


def run_import(app: Flask, job_id: int) -> None:
    with app.app_context():
        session = db.session
        try:
            job = session.get(SpeechImport, job_id)
            if job is None:
                return
            imports.begin(session, job)
            session.commit()

            def split(spans: int) -> None:
                # Said in a transaction of its own: the import has written nothing yet, so this
                # takes no lock it would wait for, on SQLite or PostgreSQL.
                with Session(db.engine) as other:
                    other.execute(
                        update(SpeechImport)
                        .where(SpeechImport.id == job_id)
                        .values(state=ImportState.STORING, spans=spans, updated_at=utcnow())
                    )
                    other.commit()

            imports.run_import(session, job, on_split=split)
            session.commit()
        except InvalidInput as exc:
            _fail(job_id, exc.message)
        except Exception:
            log.exception("import %s failed", job_id)
            _fail(job_id, UNEXPECTED)
        finally:
            db.session.remove()


def _fail(job_id: int, message: str) -> None:
    db.session.rollback()
    job = db.session.get(SpeechImport, job_id)
    if job is not None:
        imports.fail(db.session, job, message)
        db.session.commit()
