"""Where an entity's id is written, and the exact text edits that change it (`timeline rename`).

Every edit replaces only the id's own characters at the place the loader recorded
(ParsedFile.spans), so comments, quoting, indentation and line breaks everywhere else
stay byte for byte. (A ruamel.yaml round trip, measured on a file written in mixed
styles, re-indented 12 lines that held no reference and respaced flow lists and
comments; the edits here change the one line holding it.) Each edited file is parsed
again and must hold exactly the data the rename means, else nothing is written.
"""

from __future__ import annotations

import bisect
import copy
import json
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from generator.errors import Location, UserError
from generator.load import ParsedFile, decode, load_text
from generator.mentions import MENTION_RE, code_ranges, find_mentions, markdown_fields
from generator.mentions import replace_mentions as _replace_mentions

Path_ = tuple[str | int, ...]


@dataclass(frozen=True, slots=True)
class Edit:
    """Replace characters `start:end` of a file's decoded text with `text`."""

    start: int
    end: int
    text: str


@dataclass(slots=True)
class FileEdits:
    """The edits of one file and what they change, counted by kind ('reference', ...)."""

    edits: list[Edit] = field(default_factory=list)
    counts: Counter[str] = field(default_factory=Counter)

    def record(self, edit: Edit, kind: str) -> None:
        self.edits.append(edit)
        self.counts[kind] += 1


def _sources(path: Path_, items: Any) -> Iterator[tuple[Path_, Any]]:
    for j, item in enumerate(items if isinstance(items, list) else []):
        yield (*path, j), item


def _source_lists(data: dict[str, Any]) -> Iterator[tuple[Path_, Any]]:
    """(path, value) of every list of sources in an entity file."""

    def with_corrections(path: Path_, item: dict[str, Any]) -> Iterator[tuple[Path_, Any]]:
        yield (*path, "sources"), item.get("sources")
        for k, corr in enumerate(item.get("corrections") or []):
            yield (*path, "corrections", k, "sources"), corr.get("sources")

    yield from with_corrections((), data)
    for key in ("events", "roles"):
        for i, item in enumerate(data.get(key) or []):
            yield from with_corrections((key, i), item)
            for j, other in enumerate(item.get("other_dates") or []):
                yield (key, i, "other_dates", j, "sources"), other.get("sources")


def reference_sites(data: dict[str, Any], person: bool) -> Iterator[tuple[Path_, str]]:
    """(path, kind) of every scalar of an entity file that may name an entity by id:
    'reference' (`with`, a role's organization) or 'publisher' (an inline source's)."""
    for i, event in enumerate(data.get("events") or []):
        for j, _ in enumerate(event.get("with") or []):
            yield ("events", i, "with", j), "reference"
    if person:
        for i, _ in enumerate(data.get("roles") or []):
            yield ("roles", i, "organization"), "reference"
    for path, items in _source_lists(data):
        for item_path, item in _sources(path, items):
            if isinstance(item, dict) and "id" not in item and "publisher" in item:
                yield (*item_path, "publisher"), "publisher"


def get(data: Any, path: Path_) -> Any:
    for part in path:
        data = data[part]
    return data


def put(data: Any, path: Path_, value: Any) -> None:
    get(data, path[:-1])[path[-1]] = value


def renamed_mentions(text: str, old: str, new: str) -> str:
    """`text` with every mention of `old` outside code naming `new` (spacing and label kept)."""

    def repl(m: re.Match[str]) -> str:
        if m[1].strip() != old:
            return m[0]
        return m[0].replace(old, new, 1)

    return _replace_mentions(text, repl)


def scalar_edit(src: ParsedFile, path: Path_, new: str) -> Edit:
    """Replace the whole value of scalar `path` (an id) with `new`, keeping its quotes."""
    start, end = src.spans[path]
    raw = src.text[start:end]
    value = get(src.data, path)
    if raw == value:
        return Edit(start, end, new)
    if raw[:1] in "'\"" and raw[1:-1] == value:
        return Edit(start + 1, end - 1, new)
    return Edit(start, end, f'"{new}"')  # escapes: write the id plainly quoted


def mention_edits(src: ParsedFile, path: Path_, old: str, new: str) -> list[Edit] | None:
    """The edits of the mentions of `old` in Markdown scalar `path`, or None when the
    scalar as written cannot be matched to its value (escapes, odd folding)."""
    value = get(src.data, path)
    code = code_ranges(value)
    wanted = [
        not any(a <= m.start() < b for a, b in code)
        for m in MENTION_RE.finditer(value)
        if m[1].strip() == old
    ]
    if not any(wanted):
        return []
    start, end = src.spans[path]
    pattern = re.compile(r"\[\[\s*(" + re.escape(old) + r")\s*(?=\||\]\])")
    found = list(pattern.finditer(src.text, start, end))
    if len(found) != len(wanted):
        return None
    return [Edit(m.start(1), m.end(1), new) for m, w in zip(found, wanted, strict=True) if w]


def address_re(folder: str, old: str) -> re.Pattern[str]:
    """The entity's page in a relative link address (`../people/<old>/#event`,
    `/people/<old>/`), not in another site's (`https://example.org/people/<old>/`)."""
    return re.compile(
        rf"(?:(?<=[\s(<\"'=])|^)(?:\.{{1,2}}/|/)*{re.escape(folder)}/({re.escape(old)})(?=/)",
        re.MULTILINE,
    )


def _outside_code(text: str, matches: list[re.Match[str]]) -> list[bool]:
    code = code_ranges(text)
    return [not any(a <= m.start() < b for a, b in code) for m in matches]


def renamed_addresses(text: str, folder: str, old: str, new: str) -> str:
    """`text` with every link address of `old`'s page outside code naming `new`'s."""
    found = list(address_re(folder, old).finditer(text))
    out, last = [], 0
    for m, outside in zip(found, _outside_code(text, found), strict=True):
        if outside:
            out += [text[last : m.start(1)], new]
            last = m.end(1)
    return "".join(out) + text[last:]


def address_edits(
    src: ParsedFile, path: Path_, folder: str, old: str, new: str
) -> list[Edit] | None:
    """The edits of link addresses of `old`'s page in Markdown scalar `path` (None as
    for `mention_edits`)."""
    value = get(src.data, path)
    pattern = address_re(folder, old)
    wanted = _outside_code(value, list(pattern.finditer(value)))
    if not any(wanted):
        return []
    start, end = src.spans[path]
    found = list(pattern.finditer(src.text, start, end))
    if len(found) != len(wanted):
        return None
    return [Edit(m.start(1), m.end(1), new) for m, w in zip(found, wanted, strict=True) if w]


def entity_edits(
    src: ParsedFile, person: bool, old: str, new: str, folder: str
) -> tuple[FileEdits, Any]:
    """The edits renaming `old` (an entity in `folder`) to `new` in one entity file, and
    the data they must give."""
    out = FileEdits()
    expected = copy.deepcopy(src.data)
    for path, kind in reference_sites(src.data, person):
        if get(src.data, path) == old:
            out.record(scalar_edit(src, path, new), kind)
            put(expected, path, new)
    for path, text in markdown_fields(src.data):
        after = renamed_addresses(renamed_mentions(text, old, new), folder, old, new)
        if after == text:
            continue
        put(expected, path, after)
        mentions = mention_edits(src, path, old, new)
        links = address_edits(src, path, folder, old, new)
        if mentions is None or links is None:
            # Rewrite the whole value, double-quoted (a JSON string is YAML).
            start, end = src.spans[path]
            tail = "\n" if src.text[end - 1 : end] == "\n" else ""
            out.record(Edit(start, end, _quoted(after) + tail), "rewritten value")
            continue
        for edit in mentions:
            out.record(edit, "mention")
        for edit in links:
            out.record(edit, "link")
    return out, expected


def _quoted(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def former_id_edit(src: ParsedFile, old: str, new: str) -> Edit:
    """Record `old` in the file's `former_ids` (or, renaming back to a former id `new`,
    put `old` in its place), written in the list's own style."""
    items = src.data.get("former_ids")
    text = src.text
    if isinstance(items, list) and new in items:
        return scalar_edit(src, ("former_ids", items.index(new)), old)
    if isinstance(items, list):
        at = offset_of(text, src.positions[("former_ids",)])
        if text[at] == "[":
            if not items:
                return Edit(at + 1, at + 1, old)
            end = src.spans[("former_ids", len(items) - 1)][1]
            return Edit(end, end, f", {old}")
        start, end = src.spans[("former_ids", len(items) - 1)]
        prefix = text[text.rfind("\n", 0, start) + 1 : start]
        return _line_after(text, end, prefix + old)
    col = src.key_positions[("name",)][1]
    return _line_after(text, src.spans[("name",)][1], " " * (col - 1) + f"former_ids: [{old}]")


def _line_after(text: str, end: int, line: str) -> Edit:
    """Insert `line` as a line of its own after the line where offset `end` is."""
    if end and text[end - 1] == "\n":
        return Edit(end, end, line + "\n")
    nl = text.find("\n", end)
    if nl < 0:
        return Edit(len(text), len(text), "\n" + line)
    return Edit(nl + 1, nl + 1, line + "\n")


def offset_of(text: str, place: tuple[int, int]) -> int:
    """The offset of 1-based (line, column) `place` in `text`."""
    line, col = place
    pos = 0
    for _ in range(line - 1):
        pos = text.index("\n", pos) + 1
    return pos + col - 1


def page_edits(text: str, old: str, new: str, folder: str) -> FileEdits:
    """The edits of the mentions of `old`, and of link addresses of its page, in a
    hand-written page's text."""
    out = FileEdits()
    for m in find_mentions(text):
        if m[1].strip() == old:
            lead = len(m[1]) - len(m[1].lstrip())
            out.record(Edit(m.start(1) + lead, m.start(1) + lead + len(old), new), "mention")
    found = list(address_re(folder, old).finditer(text))
    for m, outside in zip(found, _outside_code(text, found), strict=True):
        if outside:
            out.record(Edit(m.start(1), m.end(1), new), "link")
    return out


def apply(raw: bytes, text: str, edits: list[Edit]) -> bytes:
    """`raw` (a file's bytes, whose decoded text is `text`) with `edits` applied, every
    other byte kept: a BOM, CR LF line ends and the file's Unicode form included."""
    bom = b"\xef\xbb\xbf" if raw.startswith(b"\xef\xbb\xbf") else b""
    base = unicodedata.normalize("NFC", raw[len(bom) :].decode("utf-8"))
    newline = "\r\n" if "\r\n" in base else "\r" if "\r" in base else "\n"
    crlf = [m.start() - k for k, m in enumerate(re.finditer("\r\n", base))]
    out, last = [], 0
    for edit in sorted(edits, key=lambda e: (e.start, e.end)):
        start = edit.start + _before(crlf, edit.start)
        end = edit.end + _before(crlf, edit.end)
        if start < last:
            raise UserError("rename: two edits overlap (a bug in timeline)")
        out += [base[last:start], edit.text.replace("\n", newline)]
        last = end
    out.append(base[last:])
    result = "".join(out)
    if result.replace("\r\n", "\n").replace("\r", "\n") != _applied(text, edits):
        raise UserError("rename: the file's text does not match what was read (changed?)")
    return bom + result.encode("utf-8")


def _before(crlf: list[int], offset: int) -> int:
    """How many CR LF pairs stand before `offset` of the LF-only text."""
    return bisect.bisect_left(crlf, offset)


def _applied(text: str, edits: list[Edit]) -> str:
    out, last = [], 0
    for edit in sorted(edits, key=lambda e: (e.start, e.end)):
        out += [text[last : edit.start], edit.text]
        last = edit.end
    return "".join([*out, text[last:]])


def reparsed(raw: bytes, path: str) -> dict[str, Any]:
    """The data of an edited YAML file, as `check` will read it."""
    return load_text(decode(raw, path), path).data


def nav_edits(text: str, nav: Iterable[tuple[str, Location]], doc: str, new_doc: str) -> FileEdits:
    """The edits of mkdocs.yml's nav entries naming page `doc` (a renamed entity's)."""
    out = FileEdits()
    for page, where in nav:
        if page != doc:
            continue
        at = offset_of(text, (where.line, where.column))
        at += text[at : at + 1] in ("'", '"')
        if text.startswith(doc, at):
            out.record(Edit(at, at + len(doc), new_doc), "nav entry")
    return out
