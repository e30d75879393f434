"""Markdown fields and pages read as the renderer reads them, for `timeline check`.

The renderer (markup.py) keeps a mention literal when it stands inside a link or a tag,
and drops a link's target when the target is not an address it allows; both would lose
something silently, so check reports them here from the renderer's own reading.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from generator.limits import MAX_MARKDOWN_LINKS, MAX_MARKDOWN_TAGS
from generator.markup import MarkdownRenderer, href_kept
from generator.mentions import find_mentions

#: Only a field holding link syntax or HTML can hold a link or a misplaced mention
#: (`](`, `] [`, `][`, `]:`, `<`); the others are not read twice.
_LINKISH_RE = re.compile(r"\][ \t\n]?[(\[:]|<")
#: What MAX_MARKDOWN_LINKS and MAX_MARKDOWN_TAGS count: `](` and the start of a tag.
_COUNTED = (
    (re.compile(r"\]\("), MAX_MARKDOWN_LINKS, "links and images", "split it, or link less"),
    (re.compile(r"<[/!]?[A-Za-z]"), MAX_MARKDOWN_TAGS, "HTML tags", "use Markdown, or split it"),
)
_SCHEME_RE = re.compile(r"([a-zA-Z][a-zA-Z0-9+.-]*):")
#: A host written without a scheme: `www.` anything, or `a.b` followed by a path.
_HOST_RE = re.compile(r"www\.|[\w-]+(?:\.[\w-]+)+/", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class MarkdownProblem:
    """One problem of a Markdown text: where (an offset into the text) and what."""

    offset: int
    code: str
    message: str


class MarkdownChecker:
    """Reads Markdown texts with one renderer (reset per text, cheaply), made when the
    first text needs it: most hold no link or tag, and making it imports Markdown's
    extensions and Pygments."""

    def __init__(self) -> None:
        self._renderer: MarkdownRenderer | None = None

    def problems(self, text: str) -> Iterator[MarkdownProblem]:
        """Texts over the limits, mentions that would stay literal and links that
        would lose their target (a text over a limit is not read further)."""
        over = list(limit_problems(text))
        if over:
            yield from over
            return
        if not _LINKISH_RE.search(text):
            return
        if self._renderer is None:
            self._renderer = MarkdownRenderer()
        reading = self._renderer.read(text, links=True)
        if reading.misplaced:
            found = find_mentions(text)
            for i in reading.misplaced:
                yield MarkdownProblem(
                    found[i].start(),
                    "mention-in-link",
                    f"mention {found[i][0]} stands inside a link or an HTML tag (its "
                    "address, title or text), where it would stay literal text: move it "
                    "out of the link, or write the name without [[ ]]",
                )
        cursor = 0
        for target in reading.link_targets:
            if href_kept(target):
                continue
            at = text.find(target, cursor) if target else -1
            if at >= 0:
                cursor = at + len(target)
            yield MarkdownProblem(max(at, 0), "link-target", link_target_problem(target))


def limit_problems(text: str) -> Iterator[MarkdownProblem]:
    """The first link or tag over its limit, each counted by a linear scan."""
    for pattern, limit, what, fix in _COUNTED:
        for i, m in enumerate(pattern.finditer(text)):
            if i == limit:
                yield MarkdownProblem(
                    m.start(),
                    "too-long",
                    f"more than {limit} {what} in one text: {fix}",
                )
                break


def link_target_problem(target: str) -> str:
    """Why the renderer drops a link to `target`, and what to write instead."""
    shown = f"link target '{target}'"
    if not target.strip():
        return "a link with an empty target: give it an address (https://...)"
    scheme = _SCHEME_RE.match(target)
    if target.startswith("//"):
        return f"{shown} has no scheme: write 'https:{target}'"
    if scheme and scheme[1].lower() in ("http", "https", "mailto"):
        return f"{shown} is not a complete address: write it as https://host/path"
    if scheme:
        return (
            f"{shown} uses '{scheme[1]}:': links may go to https://, http:// or mailto: "
            "addresses, or to pages of this site (../about/)"
        )
    if _HOST_RE.match(target):
        return f"{shown} has no scheme, so it would be read as a page of this site: write 'https://{target}'"
    return (
        f"{shown} is neither an address (https://...) nor a page of this site in the "
        "form ../about/ or ../people/ada-lovelace/#an-event (not a file name such as "
        "about.md): write one of those"
    )
