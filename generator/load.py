"""Strict YAML loading: bytes to plain dicts, lists and strings, with a place for every node.

Content comes from strangers. We never let PyYAML construct anything: we read the event
stream of its C parser (the pure-Python one when C is missing) and build the data
ourselves, without recursion, so that
- every scalar stays the string the editor wrote (no YAML 1.1 booleans, octals, dates),
- anchors, aliases, tags, merge keys, duplicate and non-string keys are errors,
- nesting depth and file size are capped before they can hurt (the C composer recurses
  and segfaults near 50,000 levels; events do not),
- each node's line and column are kept for error messages.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml import events as ev

from generator.errors import ContentError, Location, Problem
from generator.limits import MAX_DEPTH, MAX_FILE_BYTES
from generator.yaml_help import quote_example, syntax_help

try:
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]


#: Characters that have no business in a content file. Tab, LF and CR are allowed.
#: C0/C1 controls, DEL, U+2028/2029 (line separators YAML treats oddly), a BOM that is
#: not the first character, and noncharacters.
_FORBIDDEN_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]")
#: In a scalar's value a CR can only come from an escape ("\r"): files reach the parser
#: with LF line breaks only (see `decode`).
_FORBIDDEN_IN_VALUE_RE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]")

Path_ = tuple[str | int, ...]


@dataclass(slots=True)
class ParsedFile:
    """A parsed YAML file: plain data plus where each node stood."""

    path: str
    data: dict[str, object]
    #: path tuple -> (line, column) of the node's value (1-based)
    positions: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    #: path tuple -> (line, column) of the mapping key that holds the node
    key_positions: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    #: path tuple -> scalar style ('|', '>', '"', "'" or '' for plain)
    styles: dict[Path_, str] = field(default_factory=dict)
    #: path tuple -> (start, end) character offsets of a scalar as written in `text`
    spans: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    #: the decoded file, for placing things inside a scalar (mentions in Markdown)
    text: str = ""

    def release(self) -> None:
        """Drop the raw data and places once checks are done (half a one-shot build's
        memory on large sites); `locate` then falls back to the file's first line."""
        self.data = {}
        self.text = ""
        for table in (self.positions, self.key_positions, self.styles, self.spans):
            table.clear()

    def locate(self, loc: Path_, *, key: bool = False) -> Location:
        """The closest known place for `loc`: the node itself, else its nearest parent."""
        table = self.key_positions if key else self.positions
        probe = tuple(loc)
        while True:
            if probe in table:
                line, col = table[probe]
                return Location(self.path, line, col)
            if key and probe in self.positions:
                line, col = self.positions[probe]
                return Location(self.path, line, col)
            if not probe:
                return Location(self.path, 1, 1)
            probe = probe[:-1]


def _problem(path: str, line: int, col: int, code: str, message: str) -> ContentError:
    return ContentError([Problem(Location(path, line, col), code, message)])


def _looks_like_utf16(raw: bytes) -> bool:
    """Every other byte zero: ASCII text saved as UTF-16 without a byte-order mark."""
    sample = raw[:512]
    return len(sample) >= 4 and (
        sample[1::2].count(0) > len(sample) // 4 or sample[0::2].count(0) > len(sample) // 4
    )


def decode(raw: bytes, path: str) -> str:
    """Strict UTF-8 with at most one leading BOM; anything else is a located error.

    This is where text enters, so it is normalised here, once, for every reader after
    it (YAML, the page splitter, Markdown, mention finders): CR LF and a lone CR become
    LF (every other line break is a forbidden character), and the text is NFC.
    """
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise _problem(path, 1, 1, "encoding", "file is UTF-16; save it as UTF-8")
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        # Count characters, not bytes: the line may hold valid multi-byte UTF-8 first.
        col = len(before[before.rfind(b"\n") + 1 :].decode("utf-8")) + 1
        guess = ""
        try:
            if raw[exc.start : exc.start + 1] >= b"\x80":
                raw.decode("cp1252")
                guess = " (it looks like Windows-1252)"
        except UnicodeDecodeError:
            pass
        raise _problem(
            path,
            line,
            col,
            "encoding",
            f"byte 0x{raw[exc.start]:02x} is not valid UTF-8{guess}: save the file as UTF-8",
        ) from None
    if "\x00" in text and _looks_like_utf16(raw):
        raise _problem(path, 1, 1, "encoding", "file is UTF-16 (without a BOM); save it as UTF-8")
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    bad = _FORBIDDEN_RE.search(text)
    if bad:
        where = Location.of_offset(path, text, bad.start())
        raise _problem(
            path,
            where.line,
            where.column,
            "control-character",
            f"forbidden character U+{ord(bad.group()):04X} (control or invisible character)",
        )
    return text


def load_file(file: Path, display: str | None = None) -> ParsedFile:
    """Read and parse one content file; raise ContentError with its place on any problem."""
    path = display or str(file)
    try:
        size = file.stat().st_size
        if size > MAX_FILE_BYTES:
            raise _problem(
                path,
                1,
                1,
                "file-too-large",
                f"file is {size:,} bytes; the limit is "
                f"{MAX_FILE_BYTES:,}. Split the entity or trim it",
            )
        with file.open("rb") as fh:
            raw = fh.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise _problem(path, 1, 1, "unreadable", f"cannot read file: {exc.strerror}") from None
    if len(raw) > MAX_FILE_BYTES:
        raise _problem(path, 1, 1, "file-too-large", f"file is over {MAX_FILE_BYTES:,} bytes")
    return load_text(decode(raw, path), path)


#: What libyaml says when flow collections nest deeper than its own limit (about 1,000).
_LIBYAML_TOO_DEEP = "exceeded maximum nesting depth"


def load_text(text: str, path: str) -> ParsedFile:
    """Parse YAML text into a ParsedFile (see the module docstring for the rules)."""
    loader = _Loader(text)
    try:
        return _build(loader, path, text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        message = " ".join(str(p) for p in (exc.context, exc.problem) if p)
        rewritten = syntax_help(exc, text)
        if rewritten:
            line, col, message = rewritten
            raise _problem(path, line, col, "yaml-syntax", f"YAML syntax: {message}") from None
        if _LIBYAML_TOO_DEEP in message:
            # libyaml >= 0.2.6 (PyYAML 6.0.4) refuses deep flow nesting while scanning
            # ahead, before our own depth check sees the events: the same error either way.
            raise _problem(
                path, line, col, "too-deep", f"nesting deeper than {MAX_DEPTH} levels"
            ) from None
        raise _problem(path, line, col, "yaml-syntax", f"YAML syntax: {message}") from None
    except yaml.YAMLError as exc:
        raise _problem(path, 1, 1, "yaml-syntax", f"YAML syntax: {exc}") from None
    finally:
        loader.dispose()


def _build(loader: _Loader, path: str, text: str) -> ParsedFile:
    tree = _Tree(ParsedFile(path, {}, text=text))
    # decode() refused forbidden characters in the text, and a scalar's value holds only
    # the text's characters, spaces and line breaks, except for the escapes of a
    # double-quoted scalar: only those need searching, unless the text was not decoded.
    _compose(loader.get_event, tree, _FORBIDDEN_IN_VALUE_RE.search(text) is not None)
    return tree.finish()


#: What each event is to the composer; anything else is rare (see _Tree.kind).
_SCALAR, _MAPPING, _SEQUENCE, _END, _SKIP, _STOP = range(6)
_KINDS = {
    ev.ScalarEvent: _SCALAR,
    ev.MappingStartEvent: _MAPPING,
    ev.SequenceStartEvent: _SEQUENCE,
    ev.MappingEndEvent: _END,
    ev.SequenceEndEvent: _END,
}


def _compose(get_event: Callable[[], ev.Event | None], tree: _Tree, scan_every: bool) -> None:
    """Build the data and its places from the parser's events, without recursion.

    One loop over locals: it runs once per node of every file, so it is where loading
    spends its time (method calls and frames as lists cost a third more). The open
    collections' (container, path, is a mapping) are on `stack`; `key_path` is the path
    of the mapping key awaiting its value.
    """
    src = tree.src
    positions, key_positions = src.positions, src.key_positions
    styles, spans = src.styles, src.spans
    stack: list[tuple[Any, Path_, bool]] = []
    container: Any = None
    here: Path_ = ()
    in_map = False
    key_path: Path_ | None = None
    while True:
        event = get_event()
        kind = _KINDS.get(type(event))
        if kind is None:
            kind = tree.kind(event)
            if kind == _SKIP:
                continue
            if kind == _STOP:
                return
        if kind == _END:
            container, here, in_map = stack.pop()
            key_path = None
            continue
        if (event.anchor is not None or (event.tag is not None and event.tag != "!")) or (
            kind == _SCALAR
            and (scan_every or event.style == '"')
            and _FORBIDDEN_IN_VALUE_RE.search(event.value)
        ):
            tree.refuse(event)
        mark = event.start_mark
        if in_map and key_path is None:
            key = tree.key(event, container, here)
            key_path = (*here, key)
            key_positions[key_path] = (mark.line + 1, mark.column + 1)
            continue
        value = event.value if kind == _SCALAR else {} if kind == _MAPPING else []
        if in_map:
            node_path, key_path = key_path, None
            container[node_path[-1]] = value
        elif container is not None:
            node_path = (*here, len(container))
            container.append(value)
        else:
            node_path = ()
            tree.root = value
        positions[node_path] = (mark.line + 1, mark.column + 1)
        if kind == _SCALAR:
            styles[node_path] = event.style or ""
            spans[node_path] = (mark.index, event.end_mark.index)
            continue
        if len(stack) >= MAX_DEPTH:
            raise tree.fail(event, "too-deep", f"nesting deeper than {MAX_DEPTH} levels")
        stack.append((container, here, in_map))
        container, here, in_map = value, node_path, kind == _MAPPING


class _Tree:
    """One file's composer state other than the hot loop's (see _compose): the root, the
    documents seen, and the rare events and errors."""

    __slots__ = ("documents", "root", "src")

    def __init__(self, src: ParsedFile):
        self.src = src
        self.root: object = None
        self.documents = 0

    def fail(self, event: ev.Event, code: str, message: str) -> ContentError:
        m = event.start_mark
        return _problem(self.src.path, m.line + 1, m.column + 1, code, message)

    def kind(self, event: ev.Event | None) -> int:
        """What a rare event is: the end of the stream, one that is not a node (refusing
        a second document and aliases), or a subclass of one of PyYAML's event types."""
        if event is None or isinstance(event, ev.StreamEndEvent):
            return _STOP
        if isinstance(event, ev.DocumentStartEvent):
            self.documents += 1
            if self.documents > 1:
                raise self.fail(event, "multiple-documents", "only one YAML document per file")
            return _SKIP
        if isinstance(event, ev.StreamStartEvent | ev.DocumentEndEvent):
            return _SKIP
        if isinstance(event, ev.AliasEvent):
            raise self.fail(event, "alias", f"aliases (*{event.anchor}) are not allowed")
        if isinstance(event, ev.CollectionEndEvent):
            return _END
        if isinstance(event, ev.ScalarEvent):
            return _SCALAR
        if isinstance(event, ev.MappingStartEvent):
            return _MAPPING
        if isinstance(event, ev.SequenceStartEvent):
            return _SEQUENCE
        raise AssertionError(f"unexpected YAML event {event!r}")  # pragma: no cover

    def refuse(self, event: ev.NodeEvent) -> None:
        """Anchors, tags and forbidden characters written as escapes are errors."""
        if event.anchor is not None:
            raise self.fail(
                event,
                "anchor",
                f"anchors (&{event.anchor}) are not allowed; if this is text starting with "
                f"'&', put the value in quotes{self._quoted(event)}",
            )
        if event.tag is not None and event.tag != "!":
            raise self.fail(
                event,
                "tag",
                f"tags ({event.tag}) are not allowed; if this is text starting with '!', "
                f"put the value in quotes{self._quoted(event)}",
            )
        if isinstance(event, ev.ScalarEvent):
            # Escapes in quoted scalars ("\e", "\0", "\N", "\ufeff") bypass decode()'s check.
            bad = _FORBIDDEN_IN_VALUE_RE.search(event.value)
            if bad:
                raise self.fail(
                    event,
                    "control-character",
                    f"forbidden character U+{ord(bad.group()):04X} (control or invisible "
                    "character, written as an escape)",
                )

    def _quoted(self, event: ev.NodeEvent) -> str:
        """': key: "value"' for a scalar on one line: the fix, written out."""
        start, end = event.start_mark, event.end_mark
        if not isinstance(event, ev.ScalarEvent) or start.line != end.line:
            return ""
        return ": " + quote_example(self.src.text.split("\n")[start.line])

    def key(self, event: ev.NodeEvent, mapping: dict[str, object], path: Path_) -> str:
        """A mapping key: plain text, not a merge key, not seen before in the mapping."""
        if not isinstance(event, ev.ScalarEvent):
            raise self.fail(event, "non-string-key", "mapping keys must be plain text")
        key = event.value
        if key == "<<" and not event.style:
            raise self.fail(event, "merge-key", "merge keys (<<) are not allowed")
        if key in mapping:
            first = self.src.key_positions[(*path, key)]
            raise self.fail(
                event,
                "duplicate-key",
                f"duplicate key '{key}' (first defined at line {first[0]})",
            )
        return key

    def finish(self) -> ParsedFile:
        path, root = self.src.path, self.root
        if self.documents == 0 or root is None or root == "":
            raise _problem(path, 1, 1, "empty-file", "file is empty; expected a mapping of fields")
        if not isinstance(root, dict):
            line, col = self.src.positions.get((), (1, 1))
            raise _problem(path, line, col, "not-a-mapping", "the top level must be a mapping")
        self.src.data = root
        return self.src
