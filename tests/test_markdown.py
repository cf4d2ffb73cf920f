"""Rendering user Markdown: the formatting reviewers need survives, every XSS vector does not."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from jinja2 import Environment
from markupsafe import Markup

from factcheck.markdown import render, sanitize

LINK_REL = 'rel="noopener noreferrer nofollow"'


ALLOWED_TAGS = {"p", "em", "strong", "a", "ul", "ol", "li", "blockquote", "code", "pre", "br"}
ALLOWED_TAGS |= {"h3", "h4"}


class Elements(HTMLParser):
    """Every element and attribute a browser would build from the HTML."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, dict(attrs)))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, dict(attrs)))


def hrefs(html: str) -> list[str | None]:
    return [attrs.get("href") for tag, attrs in Elements(html).elements if "href" in attrs]


def assert_inert(html: str) -> None:
    """Nothing in the output can run script, load content or carry an event handler."""
    for tag, attrs in Elements(html).elements:
        assert tag in ALLOWED_TAGS, tag
        allowed = {"href", "title", "rel"} if tag == "a" else set()
        assert set(attrs) <= allowed, attrs
        if tag == "a":
            assert attrs.get("rel") == "noopener noreferrer nofollow"
        href = attrs.get("href")
        if href is not None:
            assert href.startswith(("http://", "https://", "mailto:")), href
    assert "<!--" not in html


@pytest.mark.parametrize(
    "payload",
    [
        "<script>alert(1)</script>",
        "Hello <script src=https://evil.example/x.js></script> there",
        "<img src=x onerror=alert(1)>",
        '<a href="javascript:alert(1)">click</a>',
        "[click](javascript:alert(1))",
        "[click](JaVaScRiPt:alert(1))",
        "[click](  javascript:alert(1))",
        "[click](java\tscript:alert(1))",
        "[click](vbscript:msgbox(1))",
        "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
        "![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
        "![x](javascript:alert(1))",
        '![x](https://evil.example/pixel.png "t")',
        "<iframe src=https://evil.example></iframe>",
        "<svg onload=alert(1)>",
        '<p onclick="alert(1)">hi</p>',
        '<div style="background:url(javascript:alert(1))">x</div>',
        '[x](https://example.org" onmouseover="alert(1))',
        '[x](https://example.org "a\\" onmouseover=\\"alert(1)")',
        "<!-- <script>alert(1)</script> -->",
        "```html\n<script>alert(1)</script>\n```",
        "`<img src=x onerror=alert(1)>`",
        "<form action=https://evil.example><input name=x></form>",
        "<object data=x></object><embed src=x>",
        "[x](//evil.example/path)",
        "[x](/relative/path)",
        "<style>body{display:none}</style>",
        "<a href='https://ok.example' onclick='alert(1)' target=_blank>x</a>",
    ],
)
def test_xss_payloads_are_neutralised(payload: str) -> None:
    html = str(render(payload))
    assert_inert(html)


@pytest.mark.parametrize(
    "raw_html",
    [
        "<script>alert(1)</script><p>kept</p>",
        '<p><a href="javascript:alert(1)">x</a></p>',
        '<p><a href="data:text/html,<script>alert(1)</script>">x</a></p>',
        '<p><a href="//evil.example">x</a><a href="/local">y</a></p>',
        '<p><img src="x" onerror="alert(1)"></p>',
        '<p onclick="alert(1)" style="color:red" class="c" id="i">x</p>',
        '<a href="https://ok.example" rel="opener" target="_blank">x</a>',
        "<svg><script>alert(1)</script></svg><math><mi xlink:href='javascript:alert(1)'>x</mi></math>",
        "<iframe srcdoc='<script>alert(1)</script>'></iframe>",
        "<h1>big</h1><table><tr><td>t</td></tr></table>",
    ],
)
def test_the_sanitizer_alone_stops_raw_html(raw_html: str) -> None:
    """The second layer holds even if the Markdown renderer ever let HTML through."""
    cleaned = sanitize(raw_html)
    assert_inert(cleaned)


def test_script_bodies_are_dropped_not_just_their_tags() -> None:
    assert "alert" not in sanitize("<script>alert(1)</script>")
    assert "display" not in sanitize("<style>body{display:none}</style>")


def test_raw_html_in_markdown_is_shown_as_text() -> None:
    assert str(render("<b>bold</b>")) == "<p>&lt;b&gt;bold&lt;/b&gt;</p>"


def test_formatting_reviewers_use_survives() -> None:
    text = (
        "# Heading\n\n## Sub\n\n*em* **strong** `code`  \nnext line\n\n"
        "> quoted\n\n- one\n- two\n\n1. first\n\n```\npre block\n```\n"
    )
    html = str(render(text))
    assert "<h3>Heading</h3>" in html
    assert "<h4>Sub</h4>" in html
    assert "<em>em</em>" in html
    assert "<strong>strong</strong>" in html
    assert "<code>code</code>" in html
    assert "<br>" in html
    assert "<blockquote>" in html
    assert "<ul>" in html
    assert "<li>one</li>" in html
    assert "<ol>" in html
    assert "<li>first</li>" in html
    assert "<pre><code>pre block\n</code></pre>" in html
    assert "<h1" not in html
    assert "<h2" not in html


@pytest.mark.parametrize(
    ("text", "href"),
    [
        ('[ONS](https://www.ons.gov.uk/ "Statistics")', "https://www.ons.gov.uk/"),
        ("[site](http://example.org/a?b=1&c=2)", "http://example.org/a?b=1&c=2"),
        ("<mailto:desk@example.org>", "mailto:desk@example.org"),
    ],
)
def test_safe_links_keep_their_address_and_get_rel(text: str, href: str) -> None:
    html = str(render(text))
    assert hrefs(html) == [href]
    assert LINK_REL in html


def test_link_title_is_kept() -> None:
    assert 'title="Statistics"' in str(render('[ONS](https://www.ons.gov.uk/ "Statistics")'))


def test_an_image_becomes_a_link_to_it() -> None:
    html = str(render("![the chart](https://example.org/chart.png)"))
    assert "<img" not in html
    assert hrefs(html) == ["https://example.org/chart.png"]
    assert ">the chart</a>" in html


def test_bare_urls_are_not_linked() -> None:
    assert "<a" not in str(render("see https://example.org for more"))


@pytest.mark.parametrize("text", [None, "", "   \n\t"])
def test_empty_input_renders_nothing(text: str | None) -> None:
    assert render(text) == Markup("")


def test_result_is_markup_and_is_not_escaped_again_by_jinja() -> None:
    out = render("*hi* & <b>")
    assert isinstance(out, Markup)
    rendered = Environment(autoescape=True).from_string("{{ body }}").render(body=out)
    assert rendered == "<p><em>hi</em> &amp; &lt;b&gt;</p>"


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("See [the report](/reports/2024).", "See the report."),
        ("See [the report](reports/2024.pdf).", "See the report."),
        ("See [the report](//evil.example/x).", "See the report."),
        ("See [the report](javascript:alert(1)).", "the report"),  # not a link at all
        ("See ![chart](charts/unemployment.png).", "See chart."),
        ("[**bold** words](#anchor) here", "<strong>bold</strong> words here"),
    ],
)
def test_a_link_that_cannot_go_anywhere_is_plain_text_not_an_empty_link(
    text: str, shown: str
) -> None:
    html = str(render(text))
    assert "<a" not in html
    assert shown in html


def test_a_good_link_beside_a_dropped_one_keeps_its_address() -> None:
    html = str(render("[here](/x) and [there](https://example.org/there)"))
    assert html.count("<a ") == 1
    assert 'href="https://example.org/there"' in html
    assert "here and " in html
