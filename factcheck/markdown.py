"""User-written Markdown (verdict conclusions and explanations, staff notes) to safe HTML.

Two layers: markdown-it renders CommonMark with raw HTML switched off, then nh3 (a maintained
sanitizer) keeps only a small allow-list of tags, attributes and link schemes. Either layer alone
should be enough; both together mean a bug in one does not become a stored XSS.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import nh3
from markdown_it import MarkdownIt
from markdown_it.token import Token
from markupsafe import Markup

ALLOWED_TAGS = frozenset(
    {"p", "em", "strong", "a", "ul", "ol", "li", "blockquote", "code", "pre", "br", "h3", "h4"}
)
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
LINK_SCHEMES = frozenset({"http", "https", "mailto"})
LINK_REL = "noopener noreferrer nofollow"
# User headings sit inside a page that already has h1/h2: "#" becomes h3, anything deeper h4.
_HEADING_TAGS = {"h1": "h3", "h2": "h4", "h3": "h4", "h4": "h4", "h5": "h4", "h6": "h4"}

_md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})


def _absolute_link(tag: str, attribute: str, value: str) -> str | None:
    """Keep an href only when it is an absolute http(s) URL with a host, or a mailto: address;
    relative and protocol-relative links are dropped so a link always says where it goes."""
    if tag != "a" or attribute != "href":
        return value
    try:
        parts = urlsplit(value.strip())
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if scheme not in LINK_SCHEMES:
        return None
    if scheme != "mailto" and not parts.hostname:
        return None
    return value


def _image_as_link(image: Token) -> list[Token]:
    """An image would load third-party content in a reader's browser: link to it instead."""
    link_open = Token("link_open", "a", 1, attrs={"href": image.attrGet("src") or ""})
    if image.attrGet("title"):
        link_open.attrSet("title", image.attrGet("title"))
    text = Token("text", "", 0, content=image.content or str(image.attrGet("src") or ""))
    return [link_open, text, Token("link_close", "a", -1)]


def _unlinked(children: list[Token]) -> list[Token]:
    """Links whose address would be dropped (relative, protocol-relative, another scheme) become
    their plain text: never an empty link that goes nowhere."""
    kept: list[Token] = []
    dropped = 0  # nesting depth of links being unwrapped
    for child in children:
        if child.type == "link_open":
            href = str(child.attrGet("href") or "")
            if dropped or _absolute_link("a", "href", href) is None:
                dropped += 1
                continue
        elif child.type == "link_close" and dropped:
            dropped -= 1
            continue
        kept.append(child)
    return kept


def sanitize(html: str) -> str:
    """Keep only the allowed tags, attributes and absolute http(s)/mailto links."""
    return nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
        attribute_filter=_absolute_link,
        url_schemes=set(LINK_SCHEMES),
        link_rel=LINK_REL,
        strip_comments=True,
    ).strip()


def render(text: str | None) -> Markup:
    """Render Markdown to sanitized HTML that templates may output without escaping."""
    if not text or not text.strip():
        return Markup("")
    tokens = _md.parse(text)
    for token in tokens:
        if token.type in ("heading_open", "heading_close"):
            token.tag = _HEADING_TAGS.get(token.tag, "h4")
        elif token.type == "inline" and token.children:
            children: list[Token] = []
            for child in token.children:
                children.extend(_image_as_link(child) if child.type == "image" else [child])
            token.children = _unlinked(children)
    html = _md.renderer.render(tokens, _md.options, {})
    return Markup(sanitize(html))  # noqa: S704 - sanitized just above
