"""Warnings for content that is valid but probably not what the editor meant.

Each is a warning (`--strict` fails on it): a value YAML cut at ` #`, a role without a
source, and two events that look like one written twice. Run by check.check_content
after the per-file checks, on the files as loaded (places come from load.ParsedFile).
"""

from __future__ import annotations

import difflib
import re
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from generator.content_files import Content, EntityFile
from generator.content_models import Event, Person
from generator.errors import Location
from generator.limits import DUPLICATE_WINDOW
from generator.load import ParsedFile

#: After a plain scalar: spaces, then `#` (YAML ends the value there: a comment).
_COMMENT_AFTER_RE = re.compile(r"([ \t]+)#([^\n]*)")
#: Titles or descriptions at least this alike (difflib ratio) read as the same text.
_ALIKE = 0.8


def _dotted(path: tuple[Any, ...]) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else ("." if out else "") + str(part)
    return out


def cut_by_comment(content: Content, src: ParsedFile) -> None:
    """Warn about an unquoted value followed by ` #` on its line: YAML reads the rest as a
    comment, so `title: Reports on Karpathy #departure story` keeps "Reports on Karpathy".

    A comment written as comments are (two spaces or more before `# `, the convention
    yamllint holds, and the Contributing page's examples use) is left alone."""
    text = src.text
    # Few files have a `#` after a value: find where one could start (any place in a
    # run of blanks before a `#`) once, and look only at the scalars ending there.
    before_hash: set[int] = set()
    at = text.find("#")
    while at >= 0:
        i = at
        while i > 0 and text[i - 1] in " \t":
            i -= 1
            before_hash.add(i)
        at = text.find("#", at + 1)
    if not before_hash:
        return
    for path, (start, end) in src.spans.items():
        if end not in before_hash or src.styles.get(path) != "":
            continue
        m = _COMMENT_AFTER_RE.match(text, end)
        if not m or (len(m.group(1)) >= 2 and m.group(2)[:1] in (" ", "\t")):
            continue
        value = text[start:end]
        rest = m.group(2).rstrip()
        whole = f"{value} #{rest}".replace("\\", "\\\\").replace('"', '\\"')
        content.add(
            Location.of_offset(src.path, text, m.end(1)),
            "cut-by-comment",
            f"{_dotted(path)} ends before ' #' (YAML reads the rest of the line as a "
            f"comment), so its value is '{value}': if '#{rest}' is part of the text, put "
            f'the whole value in quotes: "{whole}"; if it is a comment, put it on '
            "a line of its own (or two spaces before '# ')",
            warning=True,
        )


def unsourced_roles(content: Content, ent: EntityFile) -> None:
    """Warn about a role without sources: every claim on the site is sourced."""
    if not isinstance(ent.model, Person):
        return
    for i, role in enumerate(ent.model.roles):
        if role.sources or ("roles", i) in ent.skipped:
            continue
        what = f"{role.title} at {role.organization}" if role.title else role.organization
        content.add(
            ent.parsed.locate(("roles", i)),
            "unsourced-role",
            f"roles[{i}] ({what}) has no sources: add `sources:` with where this role is "
            "stated (a source id from sources.yaml, or {title, url})",
            warning=True,
        )


def _alike(a: str | None, b: str | None) -> bool:
    if not a or not b:
        return False
    return difflib.SequenceMatcher(None, a.lower(), b.lower()).ratio() >= _ALIKE


def _twice(a: Event, b: Event) -> str | None:
    """Why two events with one date and the same participants look like one event, or
    None when their texts tell them apart."""
    if a.title == b.title or _alike(a.title, b.title):
        return "similar titles"
    if _alike(a.description, b.description):
        return "similar descriptions"
    if not a.description and not b.description:
        return "no description to tell them apart"
    return None


_TELL_APART = {
    "similar titles": "say in its title what sets it apart",
    "similar descriptions": "say in its description what sets it apart",
    "no description to tell them apart": "add a description saying what sets it apart",
}


def duplicate_events(content: Content, entities: Iterable[EntityFile]) -> None:
    """Warn about events that look written twice: same date, same participants (the
    file's entity and `with`), and either alike titles or alike (or no) descriptions."""
    groups: dict[tuple[Any, ...], list[tuple[EntityFile, int, Event]]] = defaultdict(list)
    for ent in entities:
        for i, ev in enumerate(ent.model.events):
            if ("events", i) not in ent.skipped:
                groups[(ev.date, frozenset((ent.id, *ev.with_)))].append((ent, i, ev))
    for items in groups.values():
        for b in range(1, len(items)):
            for a in range(max(0, b - DUPLICATE_WINDOW), b):
                (ea, ia, va), (eb, ib, vb) = items[a], items[b]
                why = _twice(va, vb)
                if why is None:
                    continue
                fix = _TELL_APART[why]
                first = ea.parsed.locate(("events", ia))
                content.add(
                    eb.parsed.locate(("events", ib)),
                    "possible-duplicate",
                    f"events[{ib}] ('{vb.title}') may be the event at "
                    f"{first.path}:{first.line} ('{va.title}') written twice: same date "
                    f"{vb.date} and participants, {why}. Keep one (it shows on every "
                    f"participant's timeline), or {fix}",
                    warning=True,
                )
                break
