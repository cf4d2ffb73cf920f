"""Full-text search of the published checks, each database's own way: SQLite's FTS5 table of
publications (`models.workflow.PUBLICATION_SEARCH`, bm25 rank, `highlight()`), PostgreSQL's
table of the same name holding each publication's tsvector under a GIN index (`ts_rank`,
`ts_headline`). Only publications public now are found; the
matching words come back marked, for the page to escape and highlight.

The reader's words are never query syntax: each word becomes a quoted term and all must match.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from factcheck.models.workflow import PUBLICATION_SEARCH, PUBLICATION_SEARCH_CONFIG
from factcheck.queries.public._common import Scale, as_check, current
from factcheck.queries.public.records import Check, ScaleStep

PAGE = 20
MAX_WORDS = 12
# Marks around a matching word in highlighted text: characters of Unicode's private use area, which
# no transcript holds, so the page can escape everything and then put <mark> where they stand.
START, STOP = "\ue000", "\ue001"
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Query:
    words: str = ""
    rating: str | None = None
    speaker: str | None = None
    since: date | None = None
    until: date | None = None
    page: int = 1

    @property
    def terms(self) -> list[str]:
        return _WORD.findall(self.words.lower())[:MAX_WORDS]


@dataclass(frozen=True)
class Hit:
    check: Check
    quote: list[tuple[str, bool]]  # the claim's words, each piece marked if it matched
    conclusion: list[tuple[str, bool]]


@dataclass(frozen=True)
class Results:
    hits: list[Hit]
    more: bool
    ratings: tuple[ScaleStep, ...]  # for the filter


def marked(text: str | None) -> list[tuple[str, bool]]:
    """Highlighted text as pieces, each with whether it is a matching word."""
    pieces: list[tuple[str, bool]] = []
    for i, part in enumerate(re.split(f"[{START}{STOP}]", text or "")):
        if part:
            pieces.append((part, i % 2 == 1))
    return pieces


def search(session: Session, query: Query) -> Results:
    """A page of the public checks matching every word and the filters, best first (two
    queries); no words, no results."""
    scale = Scale(session)
    terms = query.terms
    if not terms:
        return Results([], False, scale.steps())
    live = current()
    if session.get_bind().dialect.name == "sqlite":
        found, quote, conclusion, rank = _sqlite(live, terms)
    else:
        found, quote, conclusion, rank = _postgresql(live, terms)
    select = (
        found.add_columns(
            live.c.claim_id,
            live.c.kind,
            live.c.published_at,
            live.c.content,
            quote.label("quote"),
            conclusion.label("conclusion"),
        )
        .order_by(rank, live.c.published_at.desc(), live.c.id.desc())
        .limit(PAGE + 1)
        .offset((query.page - 1) * PAGE)
    )
    rows = session.execute(_filtered(select, live, query)).all()
    hits = [
        Hit(
            check=as_check(
                row.claim_id, row.kind, row.published_at, row.content, scale, names=False
            ),
            quote=marked(row.quote),
            conclusion=marked(row.conclusion),
        )
        for row in rows[:PAGE]
    ]
    return Results(hits, len(rows) > PAGE, scale.steps())


def _filtered(select: sa.Select, live: Any, query: Query) -> sa.Select:
    content = live.c.content
    if query.rating:
        select = select.where(content[("verdict", "rating", "label")].as_string() == query.rating)
    if query.speaker:
        select = select.where(
            sa.or_(
                content[("speech", "speaker")].as_string() == query.speaker,
                content[("claim", "speaker")].as_string() == query.speaker,
            )
        )
    day = content[("speech", "delivered_on")].as_string()
    if query.since:
        select = select.where(day >= query.since.isoformat())
    if query.until:
        select = select.where(day <= query.until.isoformat())
    return select


def _sqlite(live: Any, terms: list[str]) -> tuple[sa.Select, Any, Any, Any]:
    table = sa.table(PUBLICATION_SEARCH, sa.column("rowid"))
    match = " ".join('"' + term.replace('"', '""') + '"' for term in terms)
    found = (
        sa.select()
        .select_from(table)
        .join(live, live.c.id == table.c.rowid)
        .where(sa.text(f"{PUBLICATION_SEARCH} MATCH :match").bindparams(match=match))
    )

    def highlight(column: int) -> Any:
        return sa.func.highlight(sa.literal_column(PUBLICATION_SEARCH), column, START, STOP)

    return found, highlight(0), highlight(2), sa.func.bm25(sa.literal_column(PUBLICATION_SEARCH))


def _postgresql(live: Any, terms: list[str]) -> tuple[sa.Select, Any, Any, Any]:
    content = live.c.content
    table = sa.table(PUBLICATION_SEARCH, sa.column("id"), sa.column("document"))
    config = sa.literal_column(f"'{PUBLICATION_SEARCH_CONFIG}'::regconfig")
    wanted = sa.func.plainto_tsquery(config, " ".join(terms))
    found = (
        sa.select()
        .select_from(table)
        .join(live, live.c.id == table.c.id)
        .where(table.c.document.op("@@")(wanted))
    )
    options = f"StartSel={START}, StopSel={STOP}, HighlightAll=true"

    def headline(value: Any) -> Any:
        return sa.func.ts_headline(config, sa.func.coalesce(value, ""), wanted, options)

    quote = headline(content[("claim", "text")].as_string())
    conclusion = headline(content[("verdict", "conclusion")].as_string())
    return found, quote, conclusion, sa.func.ts_rank(table.c.document, wanted).desc()
