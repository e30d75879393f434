"""A generated page's headings carried past Markdown: the HTML, the table of contents
and the anchors that Python-Markdown's `toc` extension would make of them.

Why: once our plugin has taken the fragments out, an entity page is its title and about
35 headings (the years); Python-Markdown then spent most of MkDocs' time per page on
them (block parsing, inline patterns and the table of contents). The generator writes
those headings as plain words, so their HTML is known without a parser.

Only a page of that exact shape is taken (its title, then blank-line separated headings
of plain words and fragment placeholders) and only with the Markdown configuration whose
output is reproduced here (`toc` with `permalink: true` and extensions that leave
headings alone); anything else goes through Markdown as before. Markdown still renders
the title (it may hold any text) and so gives the page its title and first id.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from markdown.extensions.toc import nest_toc_tokens, slugify, unique
from mkdocs.structure.toc import AnchorLink, TableOfContents, get_toc

#: What Markdown is given in place of the headings and placeholders after the title.
BODY_MARK = "<!--tl:body-->"

#: Extensions that leave an ATX heading of plain words as `toc` makes it.
_HEADING_NEUTRAL = frozenset({"toc", "tables", "fenced_code", "admonition"})
_TOC_CONFIG = {"permalink": True}

_TITLE_RE = re.compile(r"# [^\n]*")
_PLAIN_HEADING_RE = re.compile(r"(#{2,6}) ([A-Za-z0-9]+(?: [A-Za-z0-9]+)*)")
_PLACEHOLDER_LINE_RE = re.compile(r"<!--tl:[0-9]+-->")


@dataclass(frozen=True, slots=True)
class Skeleton:
    """A page after its title: headings as (level, text), placeholders as their text."""

    items: tuple[tuple[int, str] | str, ...]


def supported(extensions: Sequence[Any], configs: Mapping[str, Any]) -> bool:
    """Whether this Markdown configuration renders plain headings as `render` does."""
    names = {e if isinstance(e, str) else None for e in extensions}
    toc = configs.get("toc") or {}
    return names <= _HEADING_NEUTRAL and "toc" in names and dict(toc) == _TOC_CONFIG


def split(markdown: str) -> tuple[str, Skeleton] | None:
    """(the Markdown to convert: the title and `BODY_MARK`, the rest) or None when the
    page is not of the shape this module reproduces."""
    lines = markdown.split("\n")
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first is None or not _TITLE_RE.fullmatch(lines[first]):
        return None
    items: list[tuple[int, str] | str] = []
    previous_blank = False
    for line in lines[first + 1 :]:
        if not line.strip():
            previous_blank = True
            continue
        if not previous_blank:
            return None  # two lines in one block: Markdown must read them
        previous_blank = False
        if _PLACEHOLDER_LINE_RE.fullmatch(line):
            items.append(line)
        elif heading := _PLAIN_HEADING_RE.fullmatch(line):
            items.append((len(heading[1]), heading[2]))
        else:
            return None
    if not items:
        return None
    head = "\n".join(lines[: first + 1])
    return f"{head}\n\n{BODY_MARK}\n", Skeleton(tuple(items))


@functools.lru_cache(maxsize=4096)
def _slug(text: str) -> str:
    """toc's id for a heading's text, kept: the same few (the years) on every page."""
    return slugify(text, "-")


def _flat(toc: TableOfContents) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    stack: list[AnchorLink] = list(reversed(list(toc)))
    while stack:
        item = stack.pop()
        out.append({"level": item.level, "id": item.id, "name": item.title})
        stack.extend(reversed(item.children))
    return out


def render(
    html: str, toc: TableOfContents, skeleton: Skeleton
) -> tuple[str, TableOfContents, set[str]]:
    """The page's HTML with the headings in place of `BODY_MARK`, its whole table of
    contents, and the ids the headings added (for MkDocs' anchor validation)."""
    tokens = _flat(toc)
    used = {t["id"] for t in tokens}
    added: set[str] = set()
    parts: list[str] = []
    for item in skeleton.items:
        if isinstance(item, str):
            parts.append(f"{item}\n\n")
            continue
        level, text = item
        anchor = unique(_slug(text), used)
        added.add(anchor)
        tokens.append({"level": level, "id": anchor, "name": text})
        parts.append(
            f'<h{level} id="{anchor}">{text}<a class="headerlink" href="#{anchor}" '
            f'title="Permanent link">&para;</a></h{level}>\n'
        )
    body = "".join(parts).rstrip("\n")
    return html.replace(BODY_MARK, body, 1), get_toc(nest_toc_tokens(tokens)), added
