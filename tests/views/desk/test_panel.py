"""What the claim panel shows of sources, verdicts and notes: a history in words, user text made
harmless, a label for every control and a name for every button, forms with a working CSRF
token.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Any

from flask import Flask
from flask.testing import FlaskClient

from factcheck.models import Claim, Note, Source, User
from tests import factories
from tests.factories import PASSWORD
from tests.helpers import SOURCE_FORM, claim_state, count, csrf_token, rating_id, read

REVIEWER = "reviewer@example.org"


def test_the_history_reads_as_words_without_internal_ids(
    app: Flask, as_reviewer: FlaskClient, users: dict[str, User], speech_id: int, claim_id: int
) -> None:
    with factories.seeding(app) as session:
        claim = session.get(Claim, claim_id)
        factories.source(session, claim, users["reviewer"])
        factories.verdict(session, claim, users["reviewer"])
    page = as_reviewer.get(f"/desk/speeches/{speech_id}/work?claim={claim_id}").get_data(
        as_text=True
    )
    history = page.split('<ol class="history">')[1].split("</ol>")[0]
    fields = re.findall(r'<span class="field">([^<]*)</span>', history)
    assert "rating" in fields
    assert "public" in fields
    assert "kind" in fields
    assert not [f for f in fields if f.endswith(" id") or f in ("rating value", "rating label")]
    assert "<ins>Mostly true</ins>" in history
    assert "<ins>yes</ins>" in history
    assert "<ins>official record</ins>" in history
    assert "<ins>1</ins>" in history
    # A merge shows the absorbed claim's history too, without its internal id.
    version = read(app, lambda s: s.get(Claim, claim_id).version)
    assert (
        as_reviewer.post(f"/desk/claims/{claim_id}/merge", data={"version": version}).status_code
        == 302
    )
    page = as_reviewer.get(f"/desk/speeches/{speech_id}/work?claim={claim_id}").get_data(
        as_text=True
    )
    history = page.split('<ol class="history">')[1].split("</ol>")[0]
    assert "claim: merged into" in history.replace("_", " ")
    fields = re.findall(r'<span class="field">([^<]*)</span>', history)
    assert "id" not in fields
    assert not [f for f in fields if f.endswith(" id")]


XSS = "<script>alert(1)</script> [x](javascript:alert(1)) <img src=x onerror=alert(1)>"


def test_user_text_is_rendered_harmless(
    app: Flask, as_reviewer: FlaskClient, speech_id: int, claim_id: int
) -> None:
    base = f"/desk/claims/{claim_id}"
    assert as_reviewer.post(f"{base}/notes", data={"body": f"Note {XSS}"}).status_code == 302
    data = {
        "rating": rating_id(app, "False"),
        "conclusion": f"Conclusion {XSS}",
        "explanation": f"Explanation {XSS}",
        "intent": "draft",
        "claim_state": claim_state(app, claim_id),
    }
    assert as_reviewer.post(f"{base}/verdict", data=data).status_code == 302
    response = as_reviewer.post(
        f"{base}/sources", data={**SOURCE_FORM, "url": "javascript:alert(1)//https://x.org"}
    )
    assert response.status_code == 400
    assert count(app, Source, claim_id=claim_id) == 0
    page = as_reviewer.get(f"/desk/speeches/{speech_id}/work?claim={claim_id}").get_data(
        as_text=True
    )
    assert "Note " in page
    assert "Explanation " in page
    elements = Elements(page).elements
    scripts = [attrs.get("src") for tag, attrs in elements if tag == "script"]
    assert scripts == [
        "/static/js/window.js",
        "/static/js/shortcuts.js",
        "/static/js/selection.js",
        "/static/js/workspace.js",
    ]
    assert not [tag for tag, _ in elements if tag in ("img", "iframe", "object", "embed")]
    for tag, attrs in elements:
        assert not [name for name in attrs if name.startswith("on")], (tag, attrs)
        for name in ("href", "src", "action", "formaction"):
            value = (attrs.get(name) or "").strip().lower()
            assert not value.startswith(("javascript:", "data:", "vbscript:")), (tag, attrs)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page  # shown as text, not run


class Elements(HTMLParser):
    """Every element a browser would build from the page, with its attributes."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, dict(attrs)))


class Controls(HTMLParser):
    """Form controls, labels and buttons of a page, with the text inside each button."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.controls: list[dict[str, str | None]] = []
        self.label_for: list[str] = []
        self.buttons: list[dict[str, Any]] = []
        self._button: dict[str, Any] | None = None
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag in ("input", "select", "textarea") and found.get("type") != "hidden":
            self.controls.append(found)
        elif tag == "label" and found.get("for"):
            self.label_for.append(found["for"] or "")
        elif tag == "button":
            self._button = {"attrs": found, "text": ""}
            self.buttons.append(self._button)

    def handle_endtag(self, tag: str) -> None:
        if tag == "button":
            self._button = None

    def handle_data(self, data: str) -> None:
        if self._button is not None:
            self._button["text"] += data


def test_every_control_in_the_panel_has_a_label_and_every_button_a_name(
    app: Flask, as_reviewer: FlaskClient, users: dict[str, User], speech_id: int, claim_id: int
) -> None:
    with factories.seeding(app) as session:
        claim, reviewer = session.get(Claim, claim_id), users["reviewer"]
        factories.source(session, claim, reviewer, title="One")
        factories.source(session, claim, reviewer, title="Two")
        factories.verdict(session, claim, reviewer)
        factories.verdict(
            session, claim, reviewer, conclusion="Second thoughts.", expected_version=1
        )
        factories.note(session, claim, reviewer)
    page = as_reviewer.get(f"/desk/speeches/{speech_id}/work?claim={claim_id}").get_data(
        as_text=True
    )
    panel = page.split('<article class="claim-panel"')[1].split("</article>")[0]
    for marker in ('data-key="s"', 'data-key="v"', 'data-key="n"', "Restore this verdict"):
        assert marker in panel
    parsed = Controls(panel)
    ids = [c.get("id") for c in parsed.controls]
    assert len(ids) >= 25
    assert all(ids)
    assert len(set(ids)) == len(ids)
    for control_id in ids:
        assert control_id in parsed.label_for, control_id
    for button in parsed.buttons:
        assert button["text"].strip() or button["attrs"].get("aria-label"), button


def test_the_panel_forms_carry_a_working_csrf_token(
    app: Flask, client: FlaskClient, users: dict[str, User], speech_id: int, claim_id: int
) -> None:
    app.config["WTF_CSRF_ENABLED"] = True
    login_page = client.get("/login").get_data(as_text=True)
    data = {"email": REVIEWER, "password": PASSWORD, "csrf_token": csrf_token(login_page)}
    assert client.post("/login", data=data).status_code == 302
    path = f"/desk/claims/{claim_id}/notes"
    refused = client.post(path, data={"body": "No token."})
    assert refused.status_code == 400
    assert "The form expired" in refused.get_data(as_text=True)
    page = client.get(f"/desk/speeches/{speech_id}/work?claim={claim_id}").get_data(as_text=True)
    form = page.split(f'action="{path}"')[1].split("</form>")[0]
    token = re.search(r'name="csrf_token" value="([^"]+)"', form).group(1)
    assert client.post(path, data={"body": "With a token.", "csrf_token": token}).status_code == 302
    assert count(app, Note, claim_id=claim_id) == 1
