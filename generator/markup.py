"""Contributor Markdown to safe HTML, and plain text to safe Markdown.

Contributor text is untrusted. Markdown fields are rendered here (not by MkDocs), with
no extension that reads attributes or files, then sanitized by nh3 against an
allowlist; the result is embedded in pages as raw HTML, which MkDocs passes through
untouched.

A `[[id]]` mention is found once (mentions.find_mentions, the finder check uses) and
stands through Markdown and nh3 as a private-use mark holding its number. In the
sanitized HTML, which html5ever serialized (every `<` and `>` of an attribute value
escaped), a mark is either text outside any link, and becomes the mention's link, or
it is inside a tag (a link's URL or title, `<abbr title>`), inside a link's text or
gone: then it stays literal text, and `timeline check` reports it (`Reading.misplaced`).
Nothing is ever substituted into an attribute value. The links are put in after nh3
because nh3 would mark every link `nofollow ugc`, and would have to let contributors
write `class="tl-mention"` on links of their own.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass
from html.parser import HTMLParser

import markdown
import nh3
from markupsafe import Markup

from generator.limits import MARKDOWN_LINK_WINDOW
from generator.mentions import replace_mentions
from generator.paths import URL_SCHEMES

_MENTION_MARK = "\ue001{}\ue002"
_MENTION_MARK_RE = re.compile("\ue001([0-9]+)\ue002")
#: Private-use characters the generator uses as marks (anchors.ROOT is U+E000); never
#: taken from contributor text.
_PRIVATE_RE = re.compile("[\ue000-\ue002]")
_STRAY_MARK_RE = re.compile("[\ue001\ue002]")

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


def href_kept(value: str) -> bool:
    """Whether the sanitizer keeps a link to `value`: a web or mail address (nh3 allows
    only those schemes), or a relative link in the plain shape of our own URLs (the link
    check over the built site verifies they resolve). Check reports every other target."""
    return bool(_ABSOLUTE_RE.match(value) or _RELATIVE_RE.fullmatch(value))


def _keep_attribute(tag: str, attr: str, value: str) -> str | None:
    return None if attr == "href" and not href_kept(value) else value


_CLEANER = nh3.Cleaner(
    tags=ALLOWED_TAGS,
    clean_content_tags={"script", "style", "textarea", "title", "noscript", "iframe", "object"},
    attributes=ALLOWED_ATTRIBUTES,
    attribute_filter=_keep_attribute,
    url_schemes=set(URL_SCHEMES),
    link_rel="nofollow noopener noreferrer ugc",
    strip_comments=True,
)


Mention = tuple[str, str | None]


@dataclass(frozen=True, slots=True)
class Reading:
    """A Markdown field read once: sanitized HTML with a mark per mention (see the
    module's docstring), and what check needs to know about it."""

    html: str
    #: (id, label) of every mention, in the order of find_mentions(text)
    mentions: tuple[Mention, ...]
    #: numbers of the mentions not standing in text outside a link (they stay literal)
    misplaced: tuple[int, ...]
    #: targets of the links in the field, before sanitizing (only when asked for)
    link_targets: tuple[str, ...] = ()


class MarkdownRenderer:
    """Renders contributor Markdown; one instance reused (Python-Markdown resets cheaply)."""

    def __init__(self) -> None:
        # Core syntax, lists, fenced code, tables: no attr_list, md_in_html, snippets, toc.
        self._md = markdown.Markdown(
            extensions=["sane_lists", "fenced_code", "tables"], output_format="html"
        )
        _bound_link_parsing(self._md)

    def read(self, text: str, *, links: bool = False) -> Reading:
        """`text` read as the renderer reads it; `links` also collects link targets."""
        text = _PRIVATE_RE.sub("\ufffd", text)
        mentions: list[Mention] = []

        def stash(m: re.Match[str]) -> str:
            mentions.append((m[1].strip(), m[2]))
            return _MENTION_MARK.format(len(mentions) - 1)

        text = replace_mentions(text, stash)
        targets: tuple[str, ...] = ()
        if not _needs_markdown(text):
            out = "".join(
                f"<p>{html.escape(p.strip(), quote=False)}</p>"
                for p in re.split(r"\n\s*\n", text.strip())
                if p.strip()
            )
        else:
            self._md.reset()
            out = _HEADING_RE.sub(r"<\1h4>", self._md.convert(text))
            if links:
                targets = tuple(
                    _MENTION_MARK_RE.sub(lambda m: _literal(mentions[int(m[1])]), t)
                    for t in _link_targets(out)
                )
            out = _CLEANER.clean(out)
        placed = _placed_marks(out) if mentions else set()
        misplaced = tuple(i for i in range(len(mentions)) if i not in placed)
        return Reading(out, tuple(mentions), misplaced, targets)

    def render(self, text: str, link: Callable[[str, str | None], str]) -> Markup:
        """Safe HTML for `text`; `link(id, label)` gives the HTML of a mention."""
        return Markup(resolve(self.read(text), link))


_LINK_PROCESSORS = (
    "reference",
    "link",
    "image_link",
    "image_reference",
    "short_reference",
    "short_image_ref",
)
_BRACKET_RE = re.compile(r"[\[\]]")


def _bound_link_parsing(md: markdown.Markdown) -> None:
    """Python-Markdown's link processors read a link's text and target by stepping
    through the characters from each `[` (and `](`) to the end of the paragraph:
    20,000 `[` took 35 s. Here the text's closing bracket is looked up in a table made
    once per string (the same nesting rule, linear), and a target is read within
    MARKDOWN_LINK_WINDOW characters; MAX_MARKDOWN_LINKS bounds how many are read."""
    table: dict[str, dict[int, int]] = {}

    def closes(data: str) -> dict[int, int]:
        found = table.get(data)
        if found is None:
            found, opened = {}, []
            for m in _BRACKET_RE.finditer(data):
                if m[0] == "[":
                    opened.append(m.start())
                elif opened:
                    found[opened.pop()] = m.start()
            table.clear()  # one string at a time: the processors retry on the same one
            table[data] = found
        return found

    for name in _LINK_PROCESSORS:
        processor = md.inlinePatterns[name]
        get_link = processor.getLink

        def get_text(data: str, index: int) -> tuple[str, int, bool]:
            end = closes(data).get(index - 1) if data[index - 1 : index] == "[" else None
            if end is None:
                return "", len(data), False
            return data[index:end], end + 1, True

        def bounded_link(data: str, index: int, get_link=get_link):  # type: ignore[no-untyped-def]
            window = data[: index + MARKDOWN_LINK_WINDOW]
            if ")" not in window[index:] and data[index : index + 1] == "(":
                return "", None, index, False  # a target never closed: not a link
            return get_link(window, index)

        processor.getText = get_text
        processor.getLink = bounded_link


#: A tag of html5ever's serialization: attribute values are quoted, their `<` and `>`
#: escaped, so the first `>` ends the tag; text holds no raw `<`.
_TAG_RE = re.compile(r"<[^>]*>")


def _marks_in_text(out: str) -> list[tuple[int, int, int]]:
    """(start, end, number) of the marks standing in text outside any link."""
    found: list[tuple[int, int, int]] = []
    depth, last = 0, 0
    for tag in [*_TAG_RE.finditer(out), None]:
        stop = tag.start() if tag else len(out)
        if depth == 0:
            found += [
                (m.start(), m.end(), int(m[1])) for m in _MENTION_MARK_RE.finditer(out, last, stop)
            ]
        if tag:
            name = (tag[0][1:-1].split(None, 1) or [""])[0].lower()
            if name == "a":
                depth += 1
            elif name == "/a":
                depth = max(0, depth - 1)
            last = tag.end()
    return found


def _placed_marks(out: str) -> set[int]:
    return {number for _, _, number in _marks_in_text(out)}


def resolve(reading: Reading, link: Callable[[str, str | None], str]) -> str:
    """The reading's HTML with each mention in text made a link and every other mark
    put back as the mention's literal text (escaped for where it stands)."""
    out, mentions = reading.html, reading.mentions
    if not mentions:
        return out
    parts, last = [], 0
    for start, end, number in _marks_in_text(out):
        parts += [out[last:start], link(*mentions[number])]
        last = end
    parts.append(out[last:])
    out = _MENTION_MARK_RE.sub(lambda m: html.escape(_literal(mentions[int(m[1])])), "".join(parts))
    return _STRAY_MARK_RE.sub("", out)  # halves of a mark a tag split (a link's href ran on)


def _literal(mention: Mention) -> str:
    target, label = mention
    return f"[[{target}|{label}]]" if label is not None else f"[[{target}]]"


class _LinkTargets(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.targets: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            self.targets += [v or "" for k, v in attrs if k == "href"]


def _link_targets(out: str) -> tuple[str, ...]:
    """The `href` of every link in Python-Markdown's output (its links and raw HTML)."""
    parser = _LinkTargets()
    parser.feed(out)
    parser.close()
    return tuple(parser.targets)


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
