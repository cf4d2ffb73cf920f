"""The claim panel's order through the client: the claim, its verdict, sources, notes, then the tools
to fix the split folded in a <details> (open when a change to them was refused), then the history."""

from __future__ import annotations

import re

import pytest
from flask import Flask
from flask.testing import FlaskClient

from factcheck.models import Claim
from tests.helpers import claim_starting, claim_state, get, rating_id

FIX = re.compile(r'<details class="panel-section fix-split" id="fix-split-(\d+)"( open)?>')


def fix_section(page: str) -> tuple[bool, str]:
    """Whether the tools to fix the split are open, and their markup."""
    found = FIX.search(page)
    assert found is not None, "no fix-the-split section"
    return found.group(2) is not None, page[found.start() : page.index("</details>", found.end())]


def in_order(page: str, *markers: str) -> None:
    places = [page.find(marker) for marker in markers]
    assert -1 not in places, [m for m, p in zip(markers, places, strict=True) if p == -1]
    assert places == sorted(places), sorted(zip(places, markers, strict=True))


@pytest.mark.parametrize("part", ["work", "work/panel"])
def test_the_verdict_comes_first_and_the_split_tools_last_folded(
    app: Flask, as_reviewer: FlaskClient, speech_id: int, claim_id: int, part: str
) -> None:
    page = as_reviewer.get(f"/desk/speeches/{speech_id}/{part}?claim={claim_id}").get_data(
        as_text=True
    )
    panel = page[page.index('class="claim-panel"') :]
    in_order(
        panel,
        f"<h2>Claim #{claim_id}",
        'class="in-context"',
        'class="worthiness"',
        f'aria-labelledby="verdicts-{claim_id}"',
        f'aria-labelledby="sources-{claim_id}"',
        f'aria-labelledby="notes-{claim_id}"',
        'class="panel-section fix-split"',
        f'aria-labelledby="history-{claim_id}"',
    )
    is_open, fix = fix_section(panel)
    assert not is_open
    assert '<details class="worthiness">' in panel  # the reasons fold too, under their score
    # All five forms that change the claim's words are in the folded section, with its key.
    for action in ("restate", "merge", "split", "bounds", "dismiss"):
        assert f'action="/desk/claims/{claim_id}/{action}' in fix, action
    assert '<kbd data-shortcut="fix">e</kbd>' in fix
    claim = get(app, Claim, claim_id)
    assert f"characters {claim.start}–{claim.end}" in fix  # the offsets the forms speak of


@pytest.mark.parametrize(
    ("path", "data", "status", "focused"),
    [
        ("split", {"at": "0"}, 400, "at"),
        ("bounds", {"start": "5", "end": "30"}, 400, "start"),
        ("restate", {"restatement": "x" * 400}, 400, "restatement"),
        ("dismiss", {"reason": "boring"}, 400, "reason"),
        ("merge", {"version": ""}, 400, None),
        ("restate", {"version": "99", "restatement": "Jobless rate 3.9%"}, 409, None),
    ],
)
def test_a_refused_change_to_the_split_shows_the_tools_open_with_the_reason(
    app: Flask,
    as_reviewer: FlaskClient,
    claim_id: int,
    path: str,
    data: dict[str, str],
    status: int,
    focused: str | None,
) -> None:
    version = get(app, Claim, claim_id).version
    response = as_reviewer.post(
        f"/desk/claims/{claim_id}/{path}", data={"version": version, **data}
    )
    assert response.status_code == status
    is_open, fix = fix_section(response.get_data(as_text=True))
    assert is_open
    form = fix[fix.index(f'action="/desk/claims/{claim_id}/{path}') :].split("</form>")[0]
    assert '<p class="error">' in form  # the reason beside the form, not only at the page's top
    autofocused = re.findall(r'name="(\w+)"[^>]* autofocus', form)
    assert autofocused == ([focused] if focused else [])
    if path == "restate":
        assert data["restatement"] in form  # what was typed is still there


def test_a_refused_verdict_or_note_leaves_the_split_tools_folded(
    app: Flask, as_reviewer: FlaskClient, claim_id: int
) -> None:
    refused_verdict = as_reviewer.post(
        f"/desk/claims/{claim_id}/verdict",
        data={
            "rating": rating_id(app, "False"),
            "conclusion": "",
            "intent": "draft",
            "claim_state": claim_state(app, claim_id),
        },
    )
    assert refused_verdict.status_code == 400
    assert fix_section(refused_verdict.get_data(as_text=True))[0] is False
    refused_note = as_reviewer.post(f"/desk/claims/{claim_id}/notes", data={"body": ""})
    assert refused_note.status_code == 400
    assert fix_section(refused_note.get_data(as_text=True))[0] is False


def test_a_dismissed_span_offers_its_restoration_first(
    app: Flask, as_reviewer: FlaskClient, speech_id: int
) -> None:
    greeting = claim_starting(app, speech_id, "Good morning")
    page = as_reviewer.get(f"/desk/speeches/{speech_id}/work?claim={greeting.id}").get_data(
        as_text=True
    )
    panel = page[page.index('class="claim-panel"') :]
    restore = f'action="/desk/claims/{greeting.id}/restore'
    in_order(panel, 'class="in-context"', restore, f'aria-labelledby="verdicts-{greeting.id}"')
    is_open, fix = fix_section(panel)
    assert not is_open
    assert restore not in fix
    assert f'action="/desk/claims/{greeting.id}/dismiss' not in fix
    # Refused, it says why beside the button; the split tools stay folded.
    response = as_reviewer.post(f"/desk/claims/{greeting.id}/restore", data={"version": "99"})
    assert response.status_code == 409
    page = response.get_data(as_text=True)
    form = page[page.index(restore) :].split("</form>")[0]
    assert '<p class="error">' in form
    assert fix_section(page)[0] is False
