"""Contributor Markdown to safe HTML, and plain text to safe Markdown.

Contributor text is untrusted. Markdown fields are rendered here (not by MkDocs), with
no extension that reads attributes or files, then sanitized by nh3 against an
allowlist; the result is embedded in pages as raw HTML, which MkDocs passes through
untouched. `[[id]]` mentions become links after sanitizing, from validated ids only.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable

import markdown
import nh3
from markupsafe import Markup

from generator.mentions import replace_mentions
from generator.paths import URL_SCHEMES

_MENTION_MARK = "\ue001{}\ue002"
_MENTION_MARK_RE = re.compile("\ue001([0-9]+)\ue002")
#: Private-use characters the generator uses as marks (anchors.ROOT is U+E000); never
#: taken from contributor text.
_PRIVATE_RE = re.compile("[\ue000-\ue002]")

ALLOWED_TAGS = {
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "a",
    "abbr",
    "b",
    "blockquote",
    "br",
    "code",
    "del",
    "em",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    "li",
    "ol",
    "p",
    "pre",
    "q",
    "s",
    "strong",
    "sub",
    "sup",
    "ul",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "ol": {"start"}}
_ABSOLUTE_RE = re.compile(r"(?:https?://|mailto:)", re.IGNORECASE)
#: Relative links to the site's own pages ("../contributing/", "#dates"): no scheme, no
#: colon, no backslash, nothing but path characters.
_RELATIVE_RE = re.compile(r"(?:\.\./|\./)*[a-z0-9][a-z0-9/-]*/?(?:#[a-z0-9-]+)?|#[a-z0-9-]+")


def _keep_attribute(tag: str, attr: str, value: str) -> str | None:
    # nh3 already dropped disallowed schemes; keep relative links only in the plain
    # shape of our own URLs (the link check over the built site verifies they resolve).
    if attr == "href" and not (_ABSOLUTE_RE.match(value) or _RELATIVE_RE.fullmatch(value)):
        return None
    return value


_CLEANER = nh3.Cleaner(
    tags=ALLOWED_TAGS,
    clean_content_tags={"script", "style", "textarea", "title", "noscript", "iframe", "object"},
    attributes=ALLOWED_ATTRIBUTES,
    attribute_filter=_keep_attribute,
    url_schemes=set(URL_SCHEMES),
    link_rel="nofollow noopener noreferrer ugc",
    strip_comments=True,
)


class MarkdownRenderer:
    """Renders contributor Markdown; one instance reused (Python-Markdown resets cheaply)."""

    def __init__(self) -> None:
        # Core syntax, lists, fenced code, tables: no attr_list, md_in_html, snippets, toc.
        self._md = markdown.Markdown(
            extensions=["sane_lists", "fenced_code", "tables"], output_format="html"
        )

    def render(self, text: str, link: Callable[[str, str | None], str]) -> Markup:
        """Safe HTML for `text`; `link(id, label)` gives the HTML of a mention."""
        text = _PRIVATE_RE.sub("\ufffd", text)
        mentions: list[tuple[str, str | None]] = []

        def stash(m: re.Match[str]) -> str:
            mentions.append((m[1].strip(), m[2]))
            return _MENTION_MARK.format(len(mentions) - 1)

        text = replace_mentions(text, stash)
        if not _needs_markdown(text):
            out = "".join(
                f"<p>{html.escape(p.strip(), quote=False)}</p>"
                for p in re.split(r"\n\s*\n", text.strip())
                if p.strip()
            )
        else:
            self._md.reset()
            out = _HEADING_RE.sub(r"<\1h4>", self._md.convert(text))
            out = _CLEANER.clean(out)
        if mentions:
            out = _MENTION_MARK_RE.sub(lambda m: link(*mentions[int(m[1])]), out)
        return Markup(out)


_HEADING_RE = re.compile(r"<(/?)h[1-3]>")
# Characters that can start Markdown or HTML syntax; text without them is plain prose.
_SYNTAX_RE = re.compile(
    # [ \t], never \s: \s spans line breaks, and `^\s*` over many blank lines backtracked
    # quadratically (120 KB of whitespace lines: 67 s).
    r"[\\`*_\[\]<>&#!|~]|^[ \t]*(?:[-+]|[0-9]+[.)])(?:[ \t]|$)|^ {4}|^\t|^=+[ \t]*$|^-+[ \t]*$|  $",
    re.M,
)


def _needs_markdown(text: str) -> bool:
    """Whether `text` may contain Markdown; plain prose skips the (slow) Markdown parser."""
    return bool(_SYNTAX_RE.search(text))


#: Exactly the characters Python-Markdown can backslash-escape (with `tables`: "|"); a
#: backslash before any other character (":" in "12:30") would show in the page.
_MD_ESCAPE_RE = re.compile(r"([\\`*_{}\[\]()#+\-.!|])")


def md_text(text: str) -> Markup:
    """Plain text made safe inside generated Markdown (headings): HTML-escaped once,
    Markdown syntax backslash-escaped so it renders literally."""
    return Markup(_MD_ESCAPE_RE.sub(r"\\\1", html.escape(text, quote=False)))
