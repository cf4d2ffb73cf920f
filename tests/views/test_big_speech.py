"""A three-hour debate costs the workspace and the speech page what a short speech does: they send a
window around the claim in view, with plain links and fragments for the rest (issue 11, section 1)."""

from __future__ import annotations

import html
import re
import time

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from factcheck.extensions import db
from factcheck.models import Claim, ImportState, Speech, SpeechImport
from factcheck.queries.speeches import SPEECH_PAGE
from factcheck.queries.workspace import QUEUE_WINDOW
from factcheck.services.imports import BACKGROUND_CHARACTERS
from tests import factories
from tests.helpers import login

BIG = 10_000
# Claims are labelled by id ("#5123"), which never changes; the tests turn ids into places.
QUEUE_NUMBERS = re.compile(
    r'<li class="q-item [^"]*">\s*<a [^>]*>\s*<span class="num">#(\d+)</span>'
)
MARK_NUMBERS = re.compile(r'<mark [^>]*data-num="#(\d+)"')
LIST_NUMBERS = re.compile(r'<li id="claim-\d+" class="claim-item [\w-]+"><span class="num">#(\d+)<')


def add_speech(app, transcript: str, title: str = "A speech") -> int:
    with factories.seeding(app) as session:
        return factories.speech(session, transcript, title=title).id


def lines(count: int) -> str:
    return "\n".join(
        f"In {1950 + i % 70} the unemployment rate in region {i} was {i % 13}.{i % 10}%."
        for i in range(count)
    )


def claim_ids(app: Flask, speech_id: int) -> list[int]:
    with app.app_context():
        return list(
            db.session.scalars(
                select(Claim.id).where(Claim.speech_id == speech_id).order_by(Claim.start)
            )
        )


def demo_speech(app: Flask) -> int:
    with factories.seeding(app) as session:
        return factories.demo_speech(session).id


def get(client: FlaskClient, path: str, status: int = 200) -> str:
    response = client.get(path)
    assert response.status_code == status, path
    return response.get_data(as_text=True)


def numbers(pattern: re.Pattern[str], page: str, ids: list[int]) -> list[int]:
    """The places in the transcript (from 1) of the claims a page labels, in the page's order."""
    place = {claim_id: n for n, claim_id in enumerate(ids, start=1)}
    return [place[int(n)] for n in pattern.findall(page)]


def text_of(fragment: str) -> str:
    """The transcript text of pieces: their tags, the claims' labels and the links to the rest
    taken away."""
    fragment = re.sub(
        r'<span class="more[^"]*" data-more-item>.*?</span>', "", fragment, flags=re.S
    )
    fragment = re.sub(r'<a class="t-num[^"]*"[^>]*>.*?</a>', "", fragment, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", "", fragment))


def test_a_big_speech_costs_what_the_demo_costs(
    app: Flask, as_reviewer: FlaskClient, count_queries
) -> None:
    small = demo_speech(app)
    big = add_speech(app, lines(BIG), title="Ten thousand claims")
    small_ids, big_ids = claim_ids(app, small), claim_ids(app, big)
    assert len(big_ids) == BIG
    sizes, queries = {}, {}
    for name, path in {
        "demo workspace": f"/desk/speeches/{small}/work?claim={small_ids[len(small_ids) // 2]}",
        "big workspace": f"/desk/speeches/{big}/work?claim={big_ids[BIG // 2]}",
        "demo speech": f"/desk/speeches/{small}",
        "big speech": f"/desk/speeches/{big}",
        "demo panel": f"/desk/speeches/{small}/work/panel?claim={small_ids[1]}",
        "big panel": f"/desk/speeches/{big}/work/panel?claim={big_ids[BIG - 2]}",
    }.items():
        with count_queries() as counted:
            sizes[name] = len(get(as_reviewer, path))
        queries[name] = counted.count
    # The 2 MB transcript of the issue made a 21 MB workspace and a 28.6 MB speech page.
    assert sizes["big workspace"] < 3 * sizes["demo workspace"]
    assert sizes["big speech"] < 4 * sizes["demo speech"]
    assert sizes["big panel"] < 2 * sizes["demo panel"]
    assert sizes["big workspace"] < 100_000
    assert queries["big workspace"] == queries["demo workspace"]
    assert queries["big speech"] == queries["demo speech"]
    assert queries["big panel"] == queries["demo panel"]


def test_the_workspace_shows_windows_around_the_claim_with_links_to_the_rest(
    app: Flask, as_reviewer: FlaskClient
) -> None:
    speech = add_speech(app, lines(1_000))
    ids = claim_ids(app, speech)
    page = get(as_reviewer, f"/desk/speeches/{speech}/work?claim={ids[499]}")
    assert f"<h2>Claim #{ids[499]}" in page
    queue = numbers(QUEUE_NUMBERS, page, ids)
    assert len(queue) == QUEUE_WINDOW
    assert 500 in queue
    assert queue == list(range(queue[0], queue[0] + QUEUE_WINDOW))
    assert 'aria-current="true"' in page.split(f'data-claim="{ids[499]}"')[1][:20]
    marks = numbers(MARK_NUMBERS, page, ids)
    assert 500 in marks
    assert len(marks) < 100
    # Plain links to the windows before and after, which work without a script.
    earlier = re.search(
        r'href="([^"]*qfrom=(\d+)[^"]*)" data-more="[^"]*" data-side="before"', page
    )
    later = re.search(r'href="([^"]*qfrom=(\d+)[^"]*)" data-more="[^"]*" data-side="after"', page)
    assert earlier
    assert later
    assert int(later.group(2)) == queue[-1]  # the next window starts after this one (from 0)
    before = numbers(QUEUE_NUMBERS, get(as_reviewer, html.unescape(earlier.group(1))), ids)
    assert before == list(range(queue[0] - QUEUE_WINDOW, queue[0]))
    after = numbers(QUEUE_NUMBERS, get(as_reviewer, html.unescape(later.group(1))), ids)
    assert after[0] == queue[-1] + 1
    # The panel stays on the claim while the queue shows another window.
    assert f"<h2>Claim #{ids[499]}" in get(as_reviewer, html.unescape(later.group(1)))
    transcript_later = re.search(
        r'href="([^"]*tfrom=\d+[^"]*)" data-more="[^"]*"', page.split('id="transcript"')[1]
    )
    assert transcript_later
    shifted = numbers(MARK_NUMBERS, get(as_reviewer, html.unescape(transcript_later.group(1))), ids)
    assert shifted[0] != marks[0]


def test_queue_fragments_continue_the_window_in_the_queue_order(
    app: Flask, as_reviewer: FlaskClient
) -> None:
    speech = add_speech(app, lines(300))
    ids = claim_ids(app, speech)
    base = f"/desk/speeches/{speech}/work/queue"
    first = numbers(QUEUE_NUMBERS, get(as_reviewer, f"{base}?start=0&count=30&side=after"), ids)
    second = numbers(QUEUE_NUMBERS, get(as_reviewer, f"{base}?start=30&count=30&side=after"), ids)
    assert first + second == list(range(1, 61))
    # Around a claim when no start is given, as the page would show it.
    around = get(as_reviewer, f"{base}?claim={ids[199]}")
    assert 200 in numbers(QUEUE_NUMBERS, around, ids)
    assert 'data-side="before"' in around
    assert 'data-side="after"' in around
    # A window never sends more than its size, whatever is asked.
    whole = get(as_reviewer, f"{base}?start=0&count=99999")
    assert len(numbers(QUEUE_NUMBERS, whole, ids)) == QUEUE_WINDOW
    # Ordered by check-worthiness, the window follows that order (claims numbered as ever).
    by_score = numbers(
        QUEUE_NUMBERS, get(as_reviewer, f"{base}?start=0&order=checkworthiness"), ids
    )
    with app.app_context():
        scores = dict(
            db.session.execute(
                select(Claim.id, Claim.checkworthiness).where(Claim.speech_id == speech)
            ).all()
        )
    expected = sorted(range(1, 301), key=lambda n: (-scores[ids[n - 1]], n))[:QUEUE_WINDOW]
    assert by_score == expected


def test_transcript_windows_tile_the_transcript_exactly(
    app: Flask, as_reviewer: FlaskClient
) -> None:
    text = "Good evening.\n\n" + lines(250) + "\n\nThank you.\n"
    speech = add_speech(app, text)
    ids = claim_ids(app, speech)
    total = len(ids)
    for base in (f"/desk/speeches/{speech}/work/transcript", f"/desk/speeches/{speech}/transcript"):
        pieces, start = [], 0
        while start < total:
            pieces.append(get(as_reviewer, f"{base}?start={start}&count=40&side=after"))
            start += 40
        assert text_of("".join(pieces)) == text
        assert numbers(MARK_NUMBERS, "".join(pieces), ids) == list(range(1, total + 1))


def test_the_panel_fragment_is_the_claim_alone(app: Flask, as_reviewer: FlaskClient) -> None:
    speech = add_speech(app, lines(120))
    other = add_speech(app, lines(3), title="Another")
    ids, other_ids = claim_ids(app, speech), claim_ids(app, other)
    fragment = get(as_reviewer, f"/desk/speeches/{speech}/work/panel?claim={ids[59]}")
    assert "<html" not in fragment
    assert f"<h2>Claim #{ids[59]}" in fragment
    assert f'data-url="/desk/speeches/{speech}/work?claim={ids[59]}"' in fragment
    assert f'data-next="/desk/speeches/{speech}/work?claim={ids[60]}"' in fragment
    assert f'data-prev="/desk/speeches/{speech}/work?claim={ids[58]}"' in fragment
    assert 'name="csrf_token"' in fragment
    get(as_reviewer, f"/desk/speeches/{speech}/work/panel?claim={other_ids[0]}", 404)
    get(as_reviewer, f"/desk/speeches/{speech}/work/panel", 404)


def test_the_speech_page_lists_a_page_of_claims_with_page_links(
    app: Flask, as_reviewer: FlaskClient
) -> None:
    speech = add_speech(app, lines(250))
    ids = claim_ids(app, speech)
    first = get(as_reviewer, f"/desk/speeches/{speech}")
    assert numbers(LIST_NUMBERS, first, ids) == list(range(1, SPEECH_PAGE + 1))
    assert numbers(MARK_NUMBERS, first, ids) == list(range(1, SPEECH_PAGE + 1))
    assert "<strong>250 claims</strong> to check" in first
    assert 'aria-label="Pages of claims"' in first
    assert f'href="/desk/speeches/{speech}?page=3"' in first
    second = get(as_reviewer, f"/desk/speeches/{speech}?page=2")
    page_two = list(range(SPEECH_PAGE + 1, 2 * SPEECH_PAGE + 1))
    assert numbers(LIST_NUMBERS, second, ids) == page_two
    assert numbers(MARK_NUMBERS, second, ids) == page_two  # the same part of the text
    assert '<strong aria-current="page">2</strong>' in second
    # Beyond the last page is the last page; nonsense is the first.
    last = get(as_reviewer, f"/desk/speeches/{speech}?page=99")
    assert numbers(LIST_NUMBERS, last, ids)[-1] == 250
    assert numbers(LIST_NUMBERS, last, ids)[0] == 250 - (250 - 1) % SPEECH_PAGE
    assert numbers(LIST_NUMBERS, get(as_reviewer, f"/desk/speeches/{speech}?page=x"), ids)[0] == 1
    # The script's fragment continues the list.
    more = get(as_reviewer, f"/desk/speeches/{speech}/claims?start={SPEECH_PAGE}&side=after")
    assert numbers(LIST_NUMBERS, more, ids) == page_two
    assert 'data-side="after"' in more
    assert 'data-side="before"' not in more


# --- a long import in the background ---------------------------------------------------------------


def wait_for(client: FlaskClient, location: str) -> dict:
    for _ in range(600):  # a bound, not a timing: the import normally ends in seconds
        progress = client.get(f"{location}/progress").get_json()
        if progress["finished"]:
            return progress
        time.sleep(0.1)
    pytest.fail("the import did not finish")


def test_a_long_import_answers_at_once_and_shows_its_progress(
    app: Flask, as_editor: FlaskClient
) -> None:
    text = lines(2_500)
    assert len(text) >= BACKGROUND_CHARACTERS
    response = as_editor.post(
        "/desk/speeches/new",
        data={"title": "A long debate", "speaker": "Many", "language": "en", "transcript": text},
    )
    assert response.status_code == 303
    location = response.headers["Location"]
    assert re.fullmatch(r"/desk/imports/\d+", location)
    status = as_editor.get(location)
    if status.status_code == 200:  # still running: a light page that follows it
        page = status.get_data(as_text=True)
        assert "Importing “A long debate”" in page
        assert '<noscript><meta http-equiv="refresh" content="2"></noscript>' in page
        assert "<progress" in page
    progress = wait_for(as_editor, location)
    assert progress["failed"] is False
    assert progress["percent"] == 100
    done = as_editor.get(location)
    assert done.status_code == 302
    speech_page = as_editor.get(done.headers["Location"]).get_data(as_text=True)
    assert "Imported “A long debate”: 2,500 claims to check" in speech_page
    with app.app_context():
        job = db.session.scalar(select(SpeechImport))
        assert job.state is ImportState.DONE
        assert job.transcript == ""  # kept in the speech only
        assert db.session.get(Speech, job.speech_id).transcript == text
        assert db.session.scalar(select(func.count()).select_from(Claim)) == 2_500


def test_a_long_import_that_fails_says_why_and_stores_nothing(
    app: Flask, as_editor: FlaskClient, users
) -> None:
    text = lines(2_500)
    response = as_editor.post(
        "/desk/speeches/new",
        data={"title": "Nobody's", "speaker": "", "language": "en", "transcript": text},
    )
    location = response.headers["Location"]
    assert wait_for(as_editor, location)["failed"] is True
    page = get(as_editor, location)
    assert "Not imported: Say who gave the speech" in page
    assert "Nothing was stored." in page
    assert "http-equiv" not in page  # finished: no more reloading
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Speech)) == 0
        assert db.session.scalar(select(SpeechImport.transcript)) == ""
    # Another member of staff does not see someone else's import.
    other = app.test_client()
    login(other, users["reviewer"].email)
    assert other.get(location).status_code == 404
    assert other.get(f"{location}/progress").status_code == 404


def test_a_long_import_is_checked_before_it_is_queued(app: Flask, as_editor: FlaskClient) -> None:
    response = as_editor.post(
        "/desk/speeches/new",
        data={"title": "", "speaker": "Many", "language": "en", "transcript": lines(2_500)},
    )
    assert response.status_code == 400
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(SpeechImport)) == 0
