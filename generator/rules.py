"""Rules that span fields and files: references, date order, ids (likely mistakes that
are only warnings, duplicates among them, are in likely_mistakes.py)."""

from __future__ import annotations

import dataclasses
import re
from typing import Any

from generator.content_files import Content
from generator.content_models import Citation, Event, InlineSource, Person, event_id
from generator.dates import PartialDate
from generator.entity_hints import EntityHints
from generator.errors import Location
from generator.field_errors import did_you_mean
from generator.limits import (
    MAX_APPEARANCES_PER_FILE,
    MAX_MARKDOWN_NESTING,
    MAX_TAGS_PER_FILE,
)
from generator.load import ParsedFile
from generator.markdown_check import MarkdownChecker
from generator.mentions import find_mentions, markdown_fields
from generator.paths import ID_RE, anchor_problem, heading_anchor

#: What `timeline new` writes as a summary (scaffold.py): never meant to be published.
PLACEHOLDER_SUMMARIES = frozenset(
    {"One line on who this is.", "One line on what this organization is."}
)


def _a(noun: str) -> str:
    return ("an " if noun[0] in "aeiou" else "a ") + noun


def _mention_location(src: ParsedFile, path: tuple[Any, ...], m: re.Match[str]) -> Location:
    """Where mention `m` (found in the value at `path`) stands in the file as written."""
    return text_location(src, path, m.string, m.start(), m.group())


def text_location(
    src: ParsedFile, path: tuple[Any, ...], text: str, start: int, needle: str
) -> Location:
    """Where `needle`, at offset `start` of the value `text` at `path`, stands in the file."""
    span = src.spans.get(path)
    if span and src.text and needle:
        # The n-th occurrence in the value is the n-th in the scalar as written (folded
        # and multi-line scalars lose their line breaks in the value).
        raw = src.text[span[0] : span[1]]
        pos = -1
        for _ in range(text.count(needle, 0, start) + 1):
            pos = raw.find(needle, pos + 1)
            if pos < 0:
                break
        if pos >= 0:
            return Location.of_offset(src.path, src.text, span[0] + pos)
    base = src.locate(path)
    lines_before = text.count("\n", 0, start)
    if src.styles.get(path) in ("|", ">"):
        return Location(base.path, base.line + 1 + lines_before, 1)
    return Location(base.path, base.line + lines_before, base.column if not lines_before else 1)


_NESTING_RE = re.compile(r"[ \t]*(?:[-+*>]|[0-9]{1,9}[.)])(?=[ \t]|$)[ \t]*")
#: A line one level deep or more: indented by 4 spaces, or starting with a marker.
_NESTED_LINE_RE = re.compile(r"^(?: {4}|[ \t]*(?:[-+*>]|[0-9]{1,9}[.)])(?=[ \t]|$))", re.M)


def markdown_nesting(text: str) -> tuple[int, int] | None:
    """(line index, levels) of the first line nesting lists or quotes deeper than
    MAX_MARKDOWN_NESTING (markers on the line, plus its indentation in steps of 4)."""
    if not _NESTED_LINE_RE.search(text):
        return None  # no line is nested at all
    for i, line in enumerate(text.split("\n")):
        indent = len(line) - len(line.lstrip(" "))
        levels, pos = indent // 4, 0
        while (m := _NESTING_RE.match(line, pos)) and m.end() > pos:
            levels += 1
            pos = m.end()
        if levels > MAX_MARKDOWN_NESTING:
            return i, levels
    return None


def _field_path(path: tuple[Any, ...]) -> str:
    return ".".join(str(p) for p in path)


class Checker:
    """The cross-file rules, applied one entity at a time (see check.check_content)."""

    def __init__(self, content: Content):
        self.c = content
        #: id -> kind of every entity file, the ones that failed their checks included
        #: (a reference to one is not "no entity": the file reports its own problems)
        self.kinds = {**content.failed, **{i: e.kind for i, e in content.entities.items()}}
        self.ids = set(self.kinds)
        self.hints = EntityHints(content)
        self.markdown = MarkdownChecker()
        #: former id -> live id, as validate.collect_former_ids made it (first claim wins)
        self.former = content.former_ids
        claimed: set[str] = set()
        for ent in content.entities.values():
            for j, old in enumerate(ent.model.former_ids):
                where = ent.parsed.locate(("former_ids", j))
                if old in self.ids:
                    self.error(where, "former-id-collision", f"former id '{old}' is a live id")
                elif old in claimed:
                    self.error(
                        where,
                        "former-id-collision",
                        f"former id '{old}' is also claimed by '{self.former[old]}'",
                    )
                claimed.add(old)

    def error(self, location: Location, code: str, message: str) -> None:
        self.c.add(location, code, message)

    def ref(
        self,
        src: ParsedFile,
        path: tuple[Any, ...],
        target: str,
        what: str,
        kinds: tuple[str, ...] = ("person", "organization"),
    ) -> None:
        """Check that `target` names a live entity of one of `kinds`."""
        kind = self.kinds.get(target)
        if kind is not None:
            if kind not in kinds:
                self.error(
                    src.locate(path),
                    "wrong-kind",
                    f"{what}: '{target}' is {_a(kind)}, not {_a(kinds[0])}",
                )
        elif target in self.former:
            self.error(
                src.locate(path),
                "former-id",
                f"{what}: '{target}' was renamed; use '{self.former[target]}'",
            )
        else:
            self.error(
                src.locate(path),
                "unknown-id",
                f"{what}: no entity '{target}'" + self.hints.hint(target, kinds),
            )

    def name_references(self) -> None:
        """Add "did you mean" to each reference the schema refused as an id (a name where
        the id belongs): only now is every entity's name known."""
        at = {(p.location, p.code): k for k, p in enumerate(self.c.problems)}
        for ref in self.c.name_references:
            k = at.get((ref.location, "invalid-id"))
            hint = self.hints.hint(ref.value, ref.kinds) if k is not None else ""
            if hint:
                p = self.c.problems[k]
                self.c.problems[k] = dataclasses.replace(p, message=p.message + hint)

    def sources(self, src: ParsedFile, path: tuple[Any, ...], items: list[Any]) -> None:
        for j, item in enumerate(items):
            if isinstance(item, InlineSource):
                continue
            sid = item.id if isinstance(item, Citation) else item
            if sid not in self.c.sources and sid not in self.c.failed_sources:
                p = (*path, j, "id") if isinstance(item, Citation) else (*path, j)
                self.error(
                    src.locate(p),
                    "unknown-source",
                    f"no source '{sid}' in sources.yaml" + did_you_mean(sid, self.c.sources),
                )

    def order(
        self,
        src: ParsedFile,
        path: tuple[Any, ...],
        start: PartialDate,
        end: PartialDate | None,
        what: str,
    ) -> None:
        if end is not None and end.upper() < start.lower():
            self.error(src.locate(path), "date-order", f"{what} {end} is before its start {start}")

    def mentions(self, src: ParsedFile) -> None:
        for path, text in markdown_fields(src.data):
            deep = markdown_nesting(text)
            if deep:
                line_no, levels = deep
                base = src.locate(path)
                block = 1 if src.styles.get(path) in ("|", ">") else 0
                self.error(
                    Location(base.path, base.line + block + line_no, 1),
                    "too-deep",
                    f"{_field_path(path)}: lists or quotes nested {levels} levels deep; "
                    f"at most {MAX_MARKDOWN_NESTING}",
                )
                continue
            for m in find_mentions(text):
                target = m[1].strip()
                if not ID_RE.fullmatch(target) or target not in self.kinds:
                    self.unknown_mention(_mention_location(src, path, m), target)
            for p in self.markdown.problems(text):
                where = text_location(src, path, text, p.offset, text[p.offset : p.offset + 8])
                self.error(where, p.code, f"{_field_path(path)}: {p.message}")

    def unknown_mention(self, where: Location, target: str) -> None:
        """A mention of no live entity, in an entity file or a page: the same message
        (a former id gets "was renamed", anything else the closest id)."""
        hint = (
            f"; '{target}' was renamed to '{self.former[target]}'"
            if target in self.former
            else self.hints.hint(target)
        )
        self.error(where, "unknown-mention", f"mention [[{target}]]: no such entity{hint}")

    def page_mentions(self, page: Any) -> None:
        for m in find_mentions(page.text):
            target = m[1].strip()
            if target not in self.kinds:
                self.unknown_mention(Location.of_offset(page.path, page.text, m.start()), target)
        for p in self.markdown.problems(page.text):
            self.error(Location.of_offset(page.path, page.text, p.offset), p.code, p.message)

    def corrections(self, src: ParsedFile, path: tuple[Any, ...], items: list[Any]) -> None:
        for k, corr in enumerate(items):
            self.sources(src, (*path, k, "sources"), corr.sources)

    def entity(self, ent: Any) -> None:
        src, m = ent.parsed, ent.model
        if m.summary in PLACEHOLDER_SUMMARIES:
            self.c.add(
                src.locate(("summary",)),
                "placeholder-text",
                "summary is still the text `timeline new` wrote: write one line of your own",
                warning=True,
            )
        self.corrections(src, ("corrections",), m.corrections)
        if isinstance(m, Person):
            self.order(src, ("died",), m.born, m.died, "death date") if m.born else None
            self.roles(src, m, ent.skipped)
        elif m.founded:
            self.order(src, ("dissolved",), m.founded, m.dissolved, "dissolution date")
        self.file_caps(src, m)
        seen: dict[str, int] = {}
        name_anchor = heading_anchor(m.name)
        for i, ev in enumerate(m.events):
            if ("events", i) in ent.skipped:  # a placeholder for a refused event
                continue
            self.event_id(src, i, ev, seen, name_anchor)
            self.event(src, i, ev, ent.id, ent.skipped)
        self.mentions(src)

    def roles(self, src: ParsedFile, m: Person, skipped: frozenset[tuple[str, int]]) -> None:
        for i, role in enumerate(m.roles):
            if ("roles", i) in skipped:
                continue
            self.ref(
                src,
                ("roles", i, "organization"),
                role.organization,
                f"roles[{i}].organization",
                ("organization",),
            )
            self.order(src, ("roles", i, "end"), role.start, role.end, f"roles[{i}].end")
            self.sources(src, ("roles", i, "sources"), role.sources)
            self.corrections(src, ("roles", i, "corrections"), role.corrections)

    def file_caps(self, src: ParsedFile, m: Any) -> None:
        """Per-file caps on what multiplies across the site: tags and participants."""
        tags = {t for ev in m.events for t in ev.tags}
        if len(tags) > MAX_TAGS_PER_FILE:
            self.error(
                src.locate(("events",)),
                "too-long",
                f"events: {len(tags):,} distinct tags; at most {MAX_TAGS_PER_FILE} per file",
            )
        appearances = sum(len(ev.with_) for ev in m.events)
        if appearances > MAX_APPEARANCES_PER_FILE:
            self.error(
                src.locate(("events",)),
                "too-long",
                f"events: {appearances:,} participants in all (each a copy of an event on "
                f"another page); at most {MAX_APPEARANCES_PER_FILE:,} per file",
            )

    def event_id(
        self, src: ParsedFile, i: int, ev: Event, seen: dict[str, int], name_anchor: str
    ) -> None:
        """An event's anchor is free on its page: not the site's, the heading's or another
        event's (`seen`: anchor -> first event index)."""
        eid = event_id(ev)
        why = anchor_problem(eid, site_anchors=True) or (
            "is also the anchor of the page's heading (the entity's name)"
            if eid == name_anchor
            else None
        )
        if why:
            self.error(
                src.locate(("events", i, "id") if ev.id else ("events", i)),
                "reserved-id",
                f"events[{i}]: id '{eid}' {why}; give the event another id",
            )
        if eid in seen:
            self.error(
                src.locate(("events", i, "id") if ev.id else ("events", i)),
                "duplicate-event-id",
                f"events[{i}]: id '{eid}' is also used by events[{seen[eid]}]",
            )
        seen.setdefault(eid, i)

    def event(
        self, src: ParsedFile, i: int, ev: Event, home: str, skipped: frozenset = frozenset()
    ) -> None:
        """An event's dates, tags, participants and sources (`skipped`: placeholders of
        a file that failed its schema, see salvage.py)."""
        self.order(src, ("events", i, "end"), ev.date, ev.end, f"events[{i}].end")
        for j, tag in enumerate(ev.tags):
            if tag == "index":  # tags/index.md is the list of all tags
                self.error(
                    src.locate(("events", i, "tags", j)),
                    "invalid-id",
                    f"events[{i}].tags: 'index' is reserved for the list of tags",
                )
        for j, target in enumerate(ev.with_):
            if skipped and ("events", i, "with", j) in skipped:
                continue
            if target == home:
                self.error(
                    src.locate(("events", i, "with", j)),
                    "self-reference",
                    f"events[{i}].with: an event is already on its own entity's timeline",
                )
            else:
                self.ref(src, ("events", i, "with", j), target, f"events[{i}].with")
        self.sources(src, ("events", i, "sources"), ev.sources)
        self.corrections(src, ("events", i, "corrections"), ev.corrections)
        for j, other in enumerate(ev.other_dates):
            if other.date == ev.date:
                self.error(
                    src.locate(("events", i, "other_dates", j, "date")),
                    "same-date",
                    f"events[{i}].other_dates[{j}]: same as the event's date",
                )
            self.sources(src, ("events", i, "other_dates", j, "sources"), other.sources)

    def source_ids(self) -> None:
        """Source ids are anchors on the sources page: none may take one of its own."""
        if self.c.sources_file is None:
            return
        for sid in self.c.sources:
            why = anchor_problem(sid, site_anchors=True)
            if why:
                self.error(
                    self.c.sources_file.locate((sid,), key=True),
                    "reserved-id",
                    f"source id '{sid}' {why} (on the sources page); choose another id",
                )
