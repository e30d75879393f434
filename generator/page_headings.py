"""A hand-written page read at its headings: the one reading that `check` validates and
the renderer puts into the page, and the rule that titles and headings are plain text."""

from __future__ import annotations

from dataclasses import dataclass

from generator.characters import describe, invisible
from generator.paths import anchor_problem, heading_anchor


@dataclass(frozen=True, slots=True)
class Heading:
    """An ATX heading of a hand-written page; `offset` is where its text starts."""

    level: int
    text: str
    offset: int


@dataclass(frozen=True, slots=True)
class PageParts:
    """A hand-written page split at its headings outside fenced code.

    The one reading of a page: `check` validates exactly the title and headings that
    the renderer then puts into the page (text arrives with LF line breaks only).
    """

    title: Heading | None
    #: (heading or None for the text before the first one, lines of its body)
    sections: list[tuple[Heading | None, list[str]]]


def _heading(line: str, offset: int) -> Heading | None:
    """The ATX heading on `line`, by a linear scan (a backtracking pattern on a long line
    of trailing spaces took minutes)."""
    hashes = len(line) - len(line.lstrip("#"))
    if not 1 <= hashes <= 6 or line[hashes : hashes + 1] not in (" ", "\t"):
        return None
    body = line[hashes:]
    start = len(body) - len(body.lstrip(" \t"))
    text = body.rstrip(" \t")
    closing = text.rstrip("#")
    if closing != text and (not closing or closing[-1] in " \t"):
        text = closing.rstrip(" \t")  # a closing sequence of '#'
    text = text[start:]
    if not text:
        return None
    return Heading(hashes, text, offset + hashes + start)


def split_page(text: str) -> PageParts:
    title: Heading | None = None
    sections: list[tuple[Heading | None, list[str]]] = [(None, [])]
    fence: str | None = None
    offset = 0
    for line in text.split("\n"):
        stripped = line.lstrip()
        if stripped.startswith(("```", "~~~")):
            fence = None if fence and stripped.startswith(fence) else (fence or stripped[:3])
        heading = None if fence else _heading(line, offset)
        offset += len(line) + 1
        if heading is None:
            sections[-1][1].append(line)
        elif (
            heading.level == 1
            and title is None
            and len(sections) == 1
            and not any(s.strip() for s in sections[0][1])
        ):
            title = heading
        else:
            sections.append((heading, []))
    return PageParts(title, sections)


#: Material puts the title through `striptags`, which un-escapes: no markup may reach it.
_HEADING_FORBIDDEN = "<>"


def page_problem(parts: PageParts) -> tuple[int, str] | None:
    """(offset, message) of the first title or heading that is not plain text."""
    headings = [parts.title, *(h for h, _ in parts.sections)]
    for h in headings:
        if h is None:
            continue
        what = "page title" if h is parts.title else "heading"
        for i, char in enumerate(h.text):
            if char in _HEADING_FORBIDDEN:
                return h.offset + i, (
                    f"{what}: plain text may not contain {char!r} "
                    "(headings go into the page's <title>, navigation and search)"
                )
        bad = invisible(h.text)
        if bad:
            return h.offset + bad.start(), (
                f"{what}: invisible or direction-changing character {describe(bad.group())}"
            )
        anchor = heading_anchor(h.text)
        why = anchor_problem(anchor)
        if why:
            return h.offset, f"{what}: its anchor '#{anchor}' {why}"
    return None
