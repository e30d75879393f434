"""Content folder to validated models: find the files, load each, type-check each.

Cross-file rules (references, date order, duplicates) are in rules.py; `check_content`
runs both and raises one ContentError holding every problem found.
"""

from __future__ import annotations

import difflib
import os
import re
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from generator.characters import describe, invisible
from generator.content_models import Organization, Person, SourceFile, SourceRecord
from generator.errors import ContentError, Location, Problem, Severity
from generator.limits import (
    MAX_ENTITIES,
    MAX_HINTS,
    MAX_PAGE_BYTES,
    MAX_STATIC_DEPTH,
    MAX_STATIC_FILE_BYTES,
    MAX_STATIC_FILES,
    MAX_STATIC_TOTAL_BYTES,
)
from generator.load import ParsedFile, decode, load_file
from generator.paths import (
    KIND_FOLDERS,
    TOP_LEVEL_NAMES,
    Kind,
    anchor_problem,
    heading_anchor,
    id_problem,
)

#: Per-file results kept between runs: path -> (stat key, result).
FileCache = dict[Path, tuple[object, Any]]

_TYPE_CODES = {
    "missing": "missing-field",
    "extra_forbidden": "unknown-field",
    "too_short": "too-short",
    "too_long": "too-long",
    "string_too_long": "too-long",
    "literal_error": "invalid-value",
    "union_tag_invalid": "wrong-type",
}


@dataclass(frozen=True, slots=True)
class EntityFile:
    """One validated person or organization file."""

    id: str
    kind: Kind
    model: Person | Organization
    parsed: ParsedFile


@dataclass(frozen=True, slots=True)
class PageFile:
    """A hand-written Markdown page from content/pages/."""

    stem: str
    path: str
    text: str


@dataclass(frozen=True, slots=True)
class StaticFile:
    """A file of content/static/ that passed the checks: `rel` is its path in the site."""

    rel: str
    path: Path
    size: int


@dataclass(slots=True)
class Content:
    """Everything in the content folder that passed the per-file checks."""

    root: Path
    entities: dict[str, EntityFile] = field(default_factory=dict)
    sources: dict[str, SourceRecord] = field(default_factory=dict)
    sources_file: ParsedFile | None = None
    pages: list[PageFile] = field(default_factory=list)
    #: content/static/, checked (see `_load_static`), copied as it is by the build
    static: list[StaticFile] = field(default_factory=list)
    #: former id -> live id
    former_ids: dict[str, str] = field(default_factory=dict)
    cache: FileCache | None = None
    problems: list[Problem] = field(default_factory=list)

    def add(self, location: Location, code: str, message: str, warning: bool = False) -> None:
        severity = Severity.WARNING if warning else Severity.ERROR
        self.problems.append(Problem(location, code, message, severity))


def display_path(path: Path) -> str:
    """The path as the user should see it: relative to the working folder when possible."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


_hints_left = [MAX_HINTS]


def did_you_mean(word: str, candidates: Iterable[str]) -> str:
    """A hint naming the closest candidate; at most MAX_HINTS per check (each costs a
    comparison with every candidate: 40,000 misspelt ids took minutes)."""
    if _hints_left[0] <= 0:
        return ""
    _hints_left[0] -= 1
    match = difflib.get_close_matches(word, list(candidates), n=1, cutoff=0.6)
    return f"; did you mean '{match[0]}'?" if match else ""


def _field_path(loc: tuple[Any, ...]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _data_loc(data: object, loc: tuple[Any, ...]) -> tuple[Any, ...]:
    """Drop pydantic's union-tag and key markers from `loc`, keeping the data path."""
    out: list[Any] = []
    for part in loc:
        if (isinstance(data, dict) and isinstance(part, str) and part in data) or (
            isinstance(data, list) and isinstance(part, int) and 0 <= part < len(data)
        ):
            data = data[part]
        elif isinstance(data, dict) and isinstance(part, str) and part not in data:
            if out and part in ("ref", "cite", "inline", "[key]"):
                continue  # a union tag or key marker: the data stays where it was
            out.append(part)  # a missing field
            data = None
            continue
        else:
            continue
        out.append(part)
    return tuple(out)


#: Fields of the other kind of entity: a file in the wrong folder shows them first.
_OTHER_KIND_FIELDS: dict[str, dict[str, str]] = {
    "Organization": {
        "roles": "only people have roles",
        "born": "only people are born",
        "died": "only people die",
    },
    "Person": {
        "founded": "only organizations are founded",
        "dissolved": "only organizations are dissolved",
    },
}


def model_problems(src: ParsedFile, exc: ValidationError, model: type[BaseModel]) -> list[Problem]:
    """Turn pydantic's errors into located Problems with stable codes."""
    problems = []
    for err in exc.errors(include_url=False):
        loc = _data_loc(src.data, tuple(err["loc"]))
        etype = err["type"]
        code = _TYPE_CODES.get(etype, etype if "-" in etype else "wrong-type")
        where = _field_path(loc)
        if etype == "missing":
            msg = f"missing required field '{loc[-1]}'"
            location = src.locate(loc[:-1])
        elif etype == "extra_forbidden" and loc[-1] in _OTHER_KIND_FIELDS.get(model.__name__, ()):
            other = _OTHER_KIND_FIELDS[model.__name__]
            msg = (
                f"unknown field '{loc[-1]}': {other[loc[-1]]}; if this file is about a "
                f"{'person' if model.__name__ == 'Organization' else 'organization'}, move it "
                f"to {'people' if model.__name__ == 'Organization' else 'organizations'}/"
            )
            location = src.locate(loc, key=True)
        elif etype == "extra_forbidden":
            msg = f"unknown field '{loc[-1]}'" + did_you_mean(
                str(loc[-1]), _known_fields(model, loc)
            )
            location = src.locate(loc, key=True)
        else:
            msg = _humane(err)
            # A bad mapping key (a source id in sources.yaml) is reported at the key.
            location = src.locate(loc, key="[key]" in err["loc"])
        if where and etype not in ("missing", "extra_forbidden"):
            msg = f"{where}: {msg}"
        elif where and len(loc) > 1:
            msg = f"{_field_path(loc[:-1])}: {msg}"
        problems.append(Problem(location, code, msg))
    return problems


def _humane(err: Any) -> str:
    etype, ctx = err["type"], err.get("ctx") or {}
    if etype == "list_type":
        return "expected a list (lines starting with '- ', or [a, b])"
    if etype in ("dict_type", "model_type", "model_attributes_type"):
        return "expected a mapping of fields (key: value lines)"
    if etype == "string_type":
        return "expected text, not a list or mapping"
    if etype == "too_short":
        return "needs at least one item" if ctx.get("min_length") == 1 else err["msg"]
    if etype in ("too_long", "string_too_long"):
        return f"too long: at most {ctx.get('max_length')}"
    if etype == "literal_error":
        return f"'{err['input']}' is not one of: {ctx.get('expected')}"
    return str(err["msg"])


def _known_fields(model: type[BaseModel], loc: tuple[Any, ...]) -> list[str]:
    """The field names allowed where an unknown key was found (for "did you mean")."""
    from generator import content_models as schema

    nested: dict[str, list[type[BaseModel]]] = {
        "events": [schema.Event],
        "roles": [schema.Role],
        "links": [schema.Link],
        "other_dates": [schema.OtherDate],
        "corrections": [schema.Correction],
        "posts": [schema.Post],
        "sources": [schema.Citation, schema.InlineSource],
    }
    classes: list[type[BaseModel]] = [model]
    if model is SourceFile:
        classes = [SourceRecord]
    else:
        for part in loc[:-1]:
            if isinstance(part, str) and part in nested:
                classes = nested[part]
    names = {info.alias or name for cls in classes for name, info in cls.model_fields.items()}
    names.discard(str(loc[-1]))
    return sorted(names)


def _load_entities(content: Content, kind: Kind) -> None:
    model: type[Person | Organization] = Person if kind == "person" else Organization
    folder = content.root / KIND_FOLDERS[kind]
    if _special_file(content, folder) or not folder.is_dir():
        return
    for file in sorted(folder.iterdir()):
        path = display_path(file)
        if file.name.startswith(".") or file.name.lower() == "readme.md":
            continue
        if _special_file(content, file):
            continue
        if file.suffix != ".yaml" or not file.is_file():
            hint = " (rename it to .yaml)" if file.suffix == ".yml" else ""
            content.add(
                Location(path),
                "unexpected-file",
                f"only <id>.yaml files belong in {KIND_FOLDERS[kind]}/{hint}",
            )
            continue
        entity_id = file.stem
        why = id_problem(entity_id)
        if why:
            content.add(Location(path), "invalid-id", f"file name: {why}")
            continue
        loaded = _load_entity(file, path, model, content.cache)
        if isinstance(loaded, list):
            content.problems.extend(loaded)
            continue
        src, entity = loaded
        if entity_id in content.entities:
            other = content.entities[entity_id].parsed.path
            content.add(Location(path), "duplicate-id", f"id '{entity_id}' is also used by {other}")
            continue
        content.entities[entity_id] = EntityFile(entity_id, kind, entity, src)
        if len(content.entities) > MAX_ENTITIES:
            content.add(Location(path), "too-many-entities", f"more than {MAX_ENTITIES:,} entities")
            return


def _load_entity(
    file: Path, path: str, model: type[Person | Organization], cache: FileCache | None
) -> tuple[ParsedFile, Person | Organization] | list[Problem]:
    """Load and type-check one entity file, reusing the cached result if it is unchanged."""
    key = None
    if cache is not None:
        st = file.stat()
        # Like git's "racily clean" rule: a file changed in the last two seconds may be
        # changed again within the same timestamp tick, so it is always read again.
        if time.time_ns() - st.st_mtime_ns > 2_000_000_000:
            key = (st.st_mtime_ns, st.st_size, st.st_ino, model.__name__)
            hit = cache.get(file)
            if hit is not None and hit[0] == key:
                return hit[1]
    result: tuple[ParsedFile, Person | Organization] | list[Problem]
    try:
        src = load_file(file, path)
        result = (src, model.model_validate(src.data))
    except ContentError as exc:
        result = exc.problems
    except ValidationError as exc:
        result = model_problems(src, exc, model)
    if cache is not None and key is not None:
        cache[file] = (key, result)
    return result


def _load_sources(content: Content) -> None:
    file = content.root / "sources.yaml"
    if _special_file(content, file) or not file.exists():
        return
    try:
        src = load_file(file, display_path(file))
        content.sources = SourceFile.model_validate(src.data).root
        content.sources_file = src
    except ContentError as exc:
        content.problems.extend(exc.problems)
    except ValidationError as exc:
        content.problems.extend(model_problems(src, exc, SourceFile))


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


def _page_problem(text: str) -> tuple[int, str] | None:
    """(offset, message) of the first title or heading that is not plain text."""
    parts = split_page(text)
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


def _special_file(content: Content, file: Path) -> bool:
    """Report a symbolic link (or a device, FIFO, socket) where content belongs.

    Content must be the files in the repository: a link to /etc/passwd or /dev/zero
    would publish or hang on what it points to.
    """
    if file.is_symlink() or (file.exists() and not (file.is_file() or file.is_dir())):
        content.add(
            Location(display_path(file.parent) + "/" + file.name),
            "unexpected-file",
            "symbolic links and special files are not allowed in the content folder",
        )
        return True
    return False


def _load_pages(content: Content) -> None:
    folder = content.root / "pages"
    if _special_file(content, folder) or not folder.is_dir():
        return
    for file in sorted(folder.glob("*.md")):
        if _special_file(content, file):
            continue
        path = display_path(file)
        stem = file.stem
        if not file.is_file():
            content.add(Location(path), "unexpected-file", "a folder named like a page")
            continue
        why = id_problem(stem) if stem not in ("about", "contributing") else None
        if why or stem in TOP_LEVEL_NAMES:
            content.add(
                Location(path), "invalid-id", f"page name: {why or repr(stem) + ' is reserved'}"
            )
            continue
        if file.stat().st_size > MAX_PAGE_BYTES:
            content.add(Location(path), "file-too-large", f"page is over {MAX_PAGE_BYTES:,} bytes")
            continue
        try:
            text = decode(file.read_bytes(), path)
        except ContentError as exc:
            content.problems.extend(exc.problems)
            continue
        found = _page_problem(text)
        if found:
            at, message = found
            content.add(
                Location.of_offset(path, text, at),
                "invalid-text",
                message,
            )
            continue
        content.pages.append(PageFile(stem, path, text))


def load_content(root: Path, cache: FileCache | None = None) -> Content:
    """Load and type-check every file under `root`, collecting problems (not raising).

    `cache` (kept by `timeline serve` between runs) maps each entity file to its last
    result, reused while the file's mtime, size and inode are unchanged.
    """
    content = Content(root, cache=cache)
    _hints_left[0] = MAX_HINTS
    if not root.is_dir():
        content.add(Location(display_path(root)), "missing-content", "content folder not found")
        return content
    known = (*KIND_FOLDERS.values(), "sources.yaml", "pages")
    if not any((root / name).exists() for name in known) and (
        root.name in KIND_FOLDERS.values() or any(root.glob("*.yaml"))
    ):
        # `--content content/people`: checking nothing must not pass as "all is well".
        content.add(
            Location(display_path(root)),
            "missing-content",
            "no people/, organizations/ or sources.yaml in this folder, so nothing was "
            f"checked; point --content at the folder that holds them ({display_path(root.parent)})",
        )
        return content
    _load_sources(content)
    _load_entities(content, "person")
    _load_entities(content, "organization")
    _load_pages(content)
    _load_static(content)
    _ignored_files(content)
    return content


#: What content/ may hold at its top level; anything else is never read.
_KNOWN_TOP = {*KIND_FOLDERS.values(), "sources.yaml", "pages", "static"}


_NAME_LINE_RE = re.compile(rb"(?m)^name:")


def _looks_like_content(file: Path) -> bool:
    """A YAML file with a top-level `name:` (an entity) or named sources.yml."""
    if file.stem == "sources":
        return True
    try:
        with file.open("rb") as fh:
            return bool(_NAME_LINE_RE.search(fh.read(65536)))
    except OSError:
        return False


def _ignored_files(content: Content) -> None:
    """Warn about YAML files timeline never reads: a person saved in the wrong place is
    otherwise silently missing from the site."""
    root = content.root
    for item in sorted(root.iterdir()):
        if item.name.startswith(".") or item.name in _KNOWN_TOP or item.is_symlink():
            continue
        files = (
            [item]
            if item.is_file()
            else sorted(f for f in item.rglob("*") if f.is_file())
            if item.is_dir()
            else []
        )
        for file in files:
            if file.suffix not in (".yaml", ".yml") or not _looks_like_content(file):
                continue
            if file.parent == root and file.stem == "sources":
                fix = "rename it to sources.yaml"
            else:
                folder = difflib.get_close_matches(
                    file.parent.name, list(KIND_FOLDERS.values()), n=1, cutoff=0.5
                )
                where = f"{folder[0]}/" if folder else "people/ or organizations/"
                fix = f"move it into {display_path(root)}/{where}"
            content.add(
                Location(display_path(file)),
                "ignored-file",
                f"timeline does not read this file: {fix}",
                warning=True,
            )


#: What content/static/ may hold: nothing a browser would run (no .html, .js, .svg, .xml).
STATIC_SUFFIXES = frozenset(
    {"", ".avif", ".csv", ".gif", ".ico", ".jpeg", ".jpg", ".json", ".pdf", ".png", ".txt", ".webp"}
)


def _static_name_problem(rel: str, name: str, is_dir: bool, taken: set[str]) -> str | None:
    """Why a file or folder of content/static/ may not be published, or None."""
    top = rel.split("/", 1)[0]
    if name.endswith((".", " ")):
        return "a trailing dot or space hides the real suffix (Windows drops it)"
    if name.startswith("_"):
        return (
            "names starting with '_' are host configuration "
            "(_headers, _redirects on Netlify and Cloudflare Pages)"
        )
    if top.casefold() in taken:
        return (
            f"'{top}' is the site's own (its folders, generated and hand-written pages), "
            "also in other capitals (case-insensitive disks merge them)"
        )
    if is_dir:
        return None
    if name.endswith(".md"):
        return "Markdown pages belong in content/pages/"
    suffix = Path(name).suffix.lower()
    if suffix not in STATIC_SUFFIXES:
        return (
            f"may hold only {', '.join(sorted(STATIC_SUFFIXES)[1:])} files and files without "
            "a suffix (CNAME): HTML, scripts and SVG would run on the site"
        )
    return None


def _load_static(content: Content) -> None:
    """Check content/static/ as part of `check`: the build only copies what passed.

    The walk is iterative with a depth cap (no recursion on deep trees) and refuses
    links, special files, names the site uses (in any capitals), host configuration
    files and suffixes a browser would run; sizes are capped per file and in total.
    """
    folder = content.root / "static"
    if _special_file(content, folder) or not folder.exists():
        return
    if not folder.is_dir():
        content.add(Location(display_path(folder)), "unexpected-file", "static must be a folder")
        return
    taken = {n.casefold() for n in TOP_LEVEL_NAMES} | {p.stem.casefold() for p in content.pages}
    taken |= {"about", "contributing", "index.html", "404.html"}
    total = count = 0
    seen: dict[str, str] = {}
    stack: list[tuple[Path, int]] = [(folder, 1)]
    while stack:
        here, depth = stack.pop()
        try:
            entries = sorted(os.scandir(here), key=lambda e: e.name)
        except OSError as exc:
            content.add(Location(display_path(here)), "unreadable", f"cannot read: {exc.strerror}")
            continue
        for entry in entries:
            path = Path(entry.path)
            rel = path.relative_to(folder).as_posix()
            where = Location(display_path(here) + "/" + entry.name)
            is_dir = entry.is_dir(follow_symlinks=False)
            if entry.is_symlink() or not (is_dir or entry.is_file(follow_symlinks=False)):
                content.add(
                    where,
                    "unexpected-file",
                    "symbolic links and special files are not allowed in content/static",
                )
                continue
            why = _static_name_problem(rel, entry.name, is_dir, taken if depth == 1 else set())
            if why:
                content.add(where, "unexpected-file", f"not allowed in content/static: {why}")
                continue
            folded = rel.casefold()
            if folded in seen:
                content.add(
                    where,
                    "duplicate-id",
                    f"'{rel}' and '{seen[folded]}' differ only in capitals (one file on "
                    "case-insensitive disks)",
                )
                continue
            seen[folded] = rel
            if is_dir:
                if depth >= MAX_STATIC_DEPTH:
                    content.add(where, "too-deep", f"folders nested deeper than {MAX_STATIC_DEPTH}")
                else:
                    stack.append((path, depth + 1))
                continue
            size = entry.stat(follow_symlinks=False).st_size
            if size > MAX_STATIC_FILE_BYTES:
                content.add(
                    where,
                    "file-too-large",
                    f"static file is {size:,} bytes; the limit is {MAX_STATIC_FILE_BYTES:,}",
                )
                continue
            total += size
            count += 1
            if total > MAX_STATIC_TOTAL_BYTES or count > MAX_STATIC_FILES:
                content.add(
                    where,
                    "file-too-large",
                    f"content/static holds more than {MAX_STATIC_FILES:,} files or "
                    f"{MAX_STATIC_TOTAL_BYTES:,} bytes",
                )
                return
            content.static.append(StaticFile(rel, path, size))
    content.static.sort(key=lambda f: f.rel)
