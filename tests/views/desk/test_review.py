"""The reviewer workspace through the client: the page, fixing the split, conflicts, who may act."""

from __future__ import annotations

import re
from itertools import pairwise

import pytest
from flask import Flask
from flask.testing import FlaskClient

from factcheck.models import ClaimStatus, User
from tests import factories
from tests.helpers import claim_rows, claim_starting, login


def test_workspace_shows_queue_transcript_and_selected_claim(
    app: Flask, as_reviewer: FlaskClient, speech_id: int
) -> None:
    claim = claim_starting(app, speech_id, "We built")
    page = as_reviewer.get(f"/desk/speeches/{speech_id}/work?claim={claim.id}").get_data(
        as_text=True
    )
    assert 'class="queue"' in page
    assert 'id="transcript"' in page
    assert f'<article class="claim-panel" id="claim-{claim.id}"' in page
    assert f"<h2>Claim #{claim.id}" in page
    # The quote with its surroundings.
    assert '<mark class="quote">We built 40,000 homes.</mark>' in page
    assert "Unemployment fell to 3.9% in 2023. " in page.split('class="in-context"')[1]
    # Every form posts with a CSRF token; those changing the claim, with the version seen.
    # (Adding a source, a note or a first verdict creates an object: there is no version yet.)
    panel = page.split('class="claim-panel"')[1]
    forms = re.findall(r'<form method="post".*?</form>', panel, re.S)
    claim_ops = "merge|split|bounds|restate|dismiss|restore"
    claim_forms = [
        f for f in forms if re.search(f'action="/desk/claims/{claim.id}/({claim_ops})', f)
    ]
    assert len(claim_forms) >= 5
    for form in forms:
        assert 'name="csrf_token"' in form
    for form in claim_forms:
        assert f'name="version" value="{claim.version}"' in form
    # Every visible control has a label.
    for control_id in re.findall(r'<(?:input|select|textarea) id="([^"]+)"', page):
        assert f'for="{control_id}"' in page, control_id


def test_queue_filters_and_orders(app: Flask, as_reviewer: FlaskClient, speech_id: int) -> None:
    dismissed = as_reviewer.get(f"/desk/speeches/{speech_id}/work?status=dismissed").get_data(
        as_text=True
    )
    queue = dismissed.split('class="queue"')[1].split("</nav>")[0]
    assert "Good morning." in queue
    assert "Thank you." in queue
    assert "Unemployment" not in queue
    # The machine's reason, as on the speech page ("salutation"), not only "not a claim".
    assert '<span class="badge muted" title="not a claim">salutation</span>' in queue
    ordered = as_reviewer.get(f"/desk/speeches/{speech_id}/work?status=open&order=checkworthiness")
    queue = ordered.get_data(as_text=True).split('class="queue"')[1].split("</nav>")[0]
    texts = re.findall(r'<span class="q-text">(.*?)</span>', queue)
    open_claims = [c for c in claim_rows(app, speech_id) if c.status is ClaimStatus.OPEN]
    expected = [c.text for c in sorted(open_claims, key=lambda c: -c.checkworthiness)]
    assert len({c.checkworthiness for c in open_claims}) == 3  # distinct, so the order is defined
    assert texts == expected
    # "No verdict yet" is what still needs one: open claims, not the dismissed spans.
    unchecked = as_reviewer.get(f"/desk/speeches/{speech_id}/work?verdict=none").get_data(
        as_text=True
    )
    queue = unchecked.split('class="queue"')[1].split("</nav>")[0]
    texts = re.findall(r'<span class="q-text">(.*?)</span>', queue)
    assert texts == [c.text for c in open_claims]


def test_merge_names_the_next_claim_of_the_transcript_whatever_the_queue_order(
    app: Flask, as_reviewer: FlaskClient, speech_id: int
) -> None:
    spans = claim_rows(app, speech_id)
    for claim, following in pairwise(spans):
        page = as_reviewer.get(
            f"/desk/speeches/{speech_id}/work?status=open&order=checkworthiness&claim={claim.id}"
        ).get_data(as_text=True)
        assert f"Next in the transcript: “{following.text}”" in page


def test_merge_then_split_through_forms(
    app: Flask, as_reviewer: FlaskClient, speech_id: int
) -> None:
    claim = claim_starting(app, speech_id, "Unemployment")
    absorbed = claim_starting(app, speech_id, "We built")
    response = as_reviewer.post(f"/desk/claims/{claim.id}/merge", data={"version": claim.version})
    assert response.status_code == 302
    assert f"claim={claim.id}" in response.headers["Location"]
    merged = claim_starting(app, speech_id, "Unemployment")
    assert merged.text == "Unemployment fell to 3.9% in 2023. We built 40,000 homes."
    # A link to the claim merged away opens the one that holds its text, and says so.
    page = as_reviewer.get(f"/desk/speeches/{speech_id}/work?claim={absorbed.id}")
    page = page.get_data(as_text=True)
    assert "has been merged into this one" in page
    assert f'<article class="claim-panel" id="claim-{claim.id}"' in page
    # A claim that is not in this speech at all is said to be missing, not silently ignored.
    page = as_reviewer.get(f"/desk/speeches/{speech_id}/work?claim=999999").get_data(as_text=True)
    assert "is not in this speech" in page
    assert 'class="claim-panel"' not in page
    at = factories.TRANSCRIPT.index("We built")
    response = as_reviewer.post(
        f"/desk/claims/{claim.id}/split", data={"version": merged.version, "at": at}
    )
    assert response.status_code == 302
    assert [c.text for c in claim_rows(app, speech_id)][1:3] == [
        "Unemployment fell to 3.9% in 2023.",
        "We built 40,000 homes.",
    ]
    history = as_reviewer.get(response.headers["Location"]).get_data(as_text=True)
    assert "claim: split" in history
    assert "claim: merge" in history


def test_a_stale_form_is_a_409_showing_the_other_change(
    app: Flask, client: FlaskClient, users: dict[str, User], speech_id: int
) -> None:
    claim = claim_starting(app, speech_id, "Prices rose")
    editor, reviewer = app.test_client(), client
    login(editor, users["editor"].email)
    login(reviewer, users["reviewer"].email)
    seen = claim.version
    assert (
        editor.post(
            f"/desk/claims/{claim.id}/restate", data={"version": seen, "restatement": "Prices +2%"}
        ).status_code
        == 302
    )
    response = reviewer.post(
        f"/desk/claims/{claim.id}/restate", data={"version": seen, "restatement": "Mine"}
    )
    assert response.status_code == 409
    page = response.get_data(as_text=True)
    conflict = page.split('id="conflict"')[1].split("</div>")[0]
    assert "Not saved" in conflict
    assert "editor" in conflict
    assert "Prices +2%" in conflict
    assert claim_starting(app, speech_id, "Prices rose").restatement == "Prices +2%"
    # The reviewer's own typing is still in the form, to compare with theirs and save again.
    assert 'name="restatement" value="Mine"' in page
    # So is a refused dismissal's reason and note.
    response = reviewer.post(
        f"/desk/claims/{claim.id}/dismiss",
        data={"version": seen, "reason": "opinion", "note": "Just a view"},
    )
    assert response.status_code == 409
    page = response.get_data(as_text=True)
    assert '<option value="opinion" selected>' in page
    assert 'value="Just a view"' in page


@pytest.mark.parametrize(
    ("path", "data"),
    [
        ("split", {"at": "0"}),
        ("split", {"at": "-5"}),
        ("split", {"at": str(10**30)}),
        ("split", {"at": "not a number"}),
        ("bounds", {"start": "0", "end": "99999"}),
        ("bounds", {"start": "abc", "end": "30"}),
        ("bounds", {"start": "5", "end": "30"}),
        ("dismiss", {"reason": "boring"}),
        ("restate", {"restatement": "x" * 400}),
        ("merge", {"version": ""}),
    ],
)
def test_bad_input_is_a_400_and_changes_nothing(
    app: Flask, as_reviewer: FlaskClient, speech_id: int, path: str, data: dict[str, str]
) -> None:
    claim = claim_starting(app, speech_id, "Unemployment")
    before = [
        (c.start, c.end, c.status, c.restatement, c.version) for c in claim_rows(app, speech_id)
    ]
    response = as_reviewer.post(
        f"/desk/claims/{claim.id}/{path}", data={"version": claim.version, **data}
    )
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert 'id="problem"' in page
    assert "Nothing was changed." in page
    assert "Traceback" not in page
    if path == "split" and data["at"].lstrip("-").isdigit():
        assert "Choose a split point inside the claim (characters" in page
    if data.get("start") == "abc":  # one message, not "not a number" and "must be at least 0"
        assert "Not a valid integer value" in page
        assert "Number must be" not in page
    if data.get("start") == "5":  # where the neighbour ends, "Good morning." of 0-13
        assert "overlaps the claim before, which ends at character 13" in page
    after = [
        (c.start, c.end, c.status, c.restatement, c.version) for c in claim_rows(app, speech_id)
    ]
    assert after == before


@pytest.mark.parametrize("role", ["admin", "editor", "reviewer", None])
@pytest.mark.parametrize(
    ("path", "data"),
    [
        ("merge", {}),
        ("split", {"at": "25"}),
        ("bounds", {"start": "14", "end": "30"}),
        ("restate", {"restatement": "Jobless rate 3.9%"}),
        ("dismiss", {"reason": "opinion"}),
    ],
)
def test_each_action_as_each_role(
    app: Flask,
    client: FlaskClient,
    users: dict[str, User],
    speech_id: int,
    role: str | None,
    path: str,
    data: dict[str, str],
) -> None:
    if role is not None:
        login(client, users[role].email)
    claim = claim_starting(app, speech_id, "Unemployment")
    before = [(c.start, c.end, c.status, c.restatement) for c in claim_rows(app, speech_id)]
    response = client.post(
        f"/desk/claims/{claim.id}/{path}", data={"version": claim.version, **data}
    )
    after = [(c.start, c.end, c.status, c.restatement) for c in claim_rows(app, speech_id)]
    if role is None:
        assert response.status_code == 404
        assert after == before
    else:
        assert response.status_code == 302
        assert after != before


def test_unknown_claim_is_404(as_reviewer: FlaskClient) -> None:
    assert as_reviewer.post("/desk/claims/999999/merge", data={"version": 1}).status_code == 404
    assert as_reviewer.get("/desk/speeches/999999/work").status_code == 404


def test_saving_what_is_already_there_says_nothing_changed(
    app: Flask, as_reviewer: FlaskClient, speech_id: int
) -> None:
    claim = claim_starting(app, speech_id, "We built")
    response = as_reviewer.post(
        f"/desk/claims/{claim.id}/bounds",
        data={"version": claim.version, "start": claim.start, "end": claim.end},
        follow_redirects=True,
    )
    page = response.get_data(as_text=True)
    assert "Nothing to save: the claim was already like that." in page
    assert "New bounds saved" not in page
    assert claim_starting(app, speech_id, "We built").version == claim.version


def test_a_conflict_with_your_own_other_tab_says_it_was_you(
    app: Flask, as_reviewer: FlaskClient, speech_id: int
) -> None:
    claim = claim_starting(app, speech_id, "We built")
    path = f"/desk/claims/{claim.id}/restate"
    first = as_reviewer.post(path, data={"version": claim.version, "restatement": "Homes built"})
    assert first.status_code == 302
    # The same reviewer, from a tab opened before that save.
    second = as_reviewer.post(path, data={"version": claim.version, "restatement": "40k homes"})
    assert second.status_code == 409
    page = second.get_data(as_text=True)
    assert "You changed this claim in another tab or window after this page was opened" in page
    assert "Changed by <strong>you</strong>" in page
