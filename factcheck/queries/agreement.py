"""How far reviewers agree: the statistics of `factcheck.agreement` over the claims that have two
or more submitted verdicts, per speech, per pair of reviewers and per month.

A rating is taken as the verdict copied it when given (label and ordinal value), so a scale edited
later does not rewrite past agreement; a label whose value changed counts as another label.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from itertools import combinations

from sqlalchemy import select
from sqlalchemy.orm import Session

from factcheck.agreement import Rating, VerdictAgreement, verdict_agreement
from factcheck.models import Claim, ClaimStatus, Speech, User, Verdict, VerdictStatus


@dataclass(frozen=True)
class Row:
    """The statistics of one group (a speech, a pair of reviewers, a month), labelled."""

    label: str
    stats: VerdictAgreement
    key: object = None  # the group's id: a speech id, a pair of user ids, "YYYY-MM"


@dataclass(frozen=True)
class Agreement:
    overall: VerdictAgreement | None
    by_speech: list[Row]
    by_pair: list[Row]
    by_month: list[Row]


@dataclass(frozen=True)
class _Given:
    claim_id: int
    speech_id: int
    author_id: int | None
    rating: Rating
    month: str


def _submitted(session: Session, speech_id: int | None) -> list[_Given]:
    """Submitted verdicts on claims to check that have at least two of them: one query."""
    query = (
        select(
            Verdict.claim_id,
            Claim.speech_id,
            Verdict.author_id,
            Verdict.rating_label,
            Verdict.rating_value,
            Verdict.updated_at,
        )
        .join(Claim, Claim.id == Verdict.claim_id)
        .where(Verdict.status == VerdictStatus.SUBMITTED, Claim.status == ClaimStatus.OPEN)
        .order_by(Verdict.claim_id, Verdict.id)
    )
    if speech_id is not None:
        query = query.where(Claim.speech_id == speech_id)
    given = [
        _Given(
            claim_id,
            speech,
            author,
            ((label, value), value),
            at.strftime("%Y-%m"),
        )
        for claim_id, speech, author, label, value, at in session.execute(query)
    ]
    per_claim: dict[int, int] = defaultdict(int)
    for item in given:
        per_claim[item.claim_id] += 1
    return [item for item in given if per_claim[item.claim_id] >= 2]


def _stats(groups: dict[object, dict[int, list[Rating]]]) -> dict[object, VerdictAgreement]:
    return {key: verdict_agreement(list(items.values())) for key, items in groups.items() if items}


def agreement(session: Session, speech_id: int | None = None) -> Agreement:
    """Agreement over every speech (or one), with its breakdowns. Three queries at most."""
    given = _submitted(session, speech_id)
    whole: dict[int, list[Rating]] = defaultdict(list)
    speeches: dict[object, dict[int, list[Rating]]] = defaultdict(lambda: defaultdict(list))
    months: dict[object, dict[int, list[Rating]]] = defaultdict(lambda: defaultdict(list))
    by_claim: dict[int, list[_Given]] = defaultdict(list)
    for item in given:
        whole[item.claim_id].append(item.rating)
        speeches[item.speech_id][item.claim_id].append(item.rating)
        by_claim[item.claim_id].append(item)
    for claim_items in by_claim.values():  # a claim counts in the month of its last verdict
        month = max(item.month for item in claim_items)
        months[month][claim_items[0].claim_id] = [item.rating for item in claim_items]
    pairs: dict[object, dict[int, list[Rating]]] = defaultdict(lambda: defaultdict(list))
    for claim_id, claim_items in by_claim.items():
        for first, second in combinations(claim_items, 2):
            key = tuple(sorted((first.author_id or 0, second.author_id or 0)))
            pairs[key][claim_id] = [first.rating, second.rating]

    speech_titles = dict(
        session.execute(select(Speech.id, Speech.title).where(Speech.id.in_(list(speeches)))).all()
    )
    people = {uid for pair in pairs for uid in pair}  # type: ignore[union-attr]
    names = dict(
        session.execute(select(User.id, User.display_name).where(User.id.in_(people))).all()
    )

    def pair_label(pair: tuple[int, int]) -> str:
        return " and ".join(names.get(uid, "a removed account") for uid in pair)

    return Agreement(
        overall=verdict_agreement(list(whole.values())) if whole else None,
        by_speech=[
            Row(speech_titles.get(key, "?"), stats, key)
            for key, stats in sorted(_stats(speeches).items(), key=lambda kv: kv[0])
        ],
        by_pair=[
            Row(pair_label(key), stats, key)  # type: ignore[arg-type]
            for key, stats in sorted(_stats(pairs).items(), key=lambda kv: kv[0])
        ],
        by_month=[
            Row(str(key), stats, key)
            for key, stats in sorted(_stats(months).items(), key=lambda kv: str(kv[0]))
        ],
    )
