"""Content folder to validated models: find the files, load each, type-check each.

What it fills in is content_files.Content; pydantic's errors become problems in
field_errors.py, pages' headings are read in page_headings.py, content/static/ is
checked in static_files.py. Cross-file rules (references, date order, duplicates) are
in rules.py; check.py runs both and raises one ContentError holding every problem found.
"""

from __future__ import annotations

import contextlib
import difflib
import re
import time
from pathlib import Path

from pydantic import ValidationError

from generator.changes import CHANGES_FILE, read_changes
from generator.content_files import (
    Content,
    EntityFile,
    FailedFile,
    FileCache,
    PageFile,
    display_path,
    special_file,
)
from generator.content_models import Organization, Person, SourceFile
from generator.errors import ContentError, Location
from generator.field_errors import error_paths, model_problems, name_references, reset_hints
from generator.limits import MAX_ENTITIES, MAX_PAGE_BYTES
from generator.load import ParsedFile, decode, load_file
from generator.page_headings import page_problem, split_page
from generator.paths import KIND_FOLDERS, TOP_LEVEL_NAMES, Kind, id_problem
from generator.salvage import salvage, valid_sources, written_source_ids
from generator.static_files import load_static


def _load_entities(content: Content, kind: Kind) -> None:
    model: type[Person | Organization] = Person if kind == "person" else Organization
    folder = content.root / KIND_FOLDERS[kind]
    if special_file(content, folder) or not folder.is_dir():
        return
    # Resolving each file's path costs a system call per folder above it: a file that is
    # not a link (special_file refuses links before `path` is used) is shown in its
    # folder as shown.
    shown = Path(display_path(folder))
    for file in sorted(folder.iterdir()):
        path = str(shown / file.name)
        if file.name.startswith(".") or file.name.lower() == "readme.md":
            continue
        if special_file(content, file):
            continue
        if file.suffix != ".yaml" or not file.is_file():
            hint = f" (rename it to {file.stem}.yaml)" if file.suffix == ".yml" else ""
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
        if isinstance(loaded, FailedFile):
            content.problems.extend(loaded.problems)
            content.name_references.extend(loaded.names)
            content.failed.setdefault(entity_id, kind)
            if loaded.partial is not None and entity_id not in content.entities:
                content.partial.append(EntityFile(entity_id, kind, *loaded.partial))
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
) -> tuple[ParsedFile, Person | Organization] | FailedFile:
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
    result: tuple[ParsedFile, Person | Organization] | FailedFile
    try:
        src = load_file(file, path)
        result = (src, model.model_validate(src.data))
    except ContentError as exc:
        result = FailedFile(exc.problems)
    except ValidationError as exc:
        salvaged = salvage(src.data, error_paths(src, exc), model)
        partial = (salvaged[0], src, salvaged[1]) if salvaged else None
        names = name_references(src, exc)
        result = FailedFile(model_problems(src, exc, model), partial, names)
    if cache is not None and key is not None:
        cache[file] = (key, result)
    return result


def _load_sources(content: Content) -> None:
    file = content.root / "sources.yaml"
    if special_file(content, file) or not file.exists():
        return
    try:
        src = load_file(file, display_path(file))
        content.sources = SourceFile.model_validate(src.data).root
        content.sources_file = src
    except ContentError as exc:
        content.problems.extend(exc.problems)
        if any(p.code == "yaml-syntax" for p in exc.problems):  # read, decoded, in size
            with contextlib.suppress(OSError, ContentError):
                content.failed_sources = written_source_ids(decode(file.read_bytes(), "-"))
    except ValidationError as exc:
        content.problems.extend(model_problems(src, exc, SourceFile))
        # One bad entry must not make every citation of the others "no source".
        content.sources, content.failed_sources = valid_sources(src.data)
        content.sources_file = src


def _load_pages(content: Content) -> None:
    folder = content.root / "pages"
    if special_file(content, folder) or not folder.is_dir():
        return
    for file in sorted(folder.glob("*.md")):
        if special_file(content, file):
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
        parts = split_page(text)
        found = page_problem(parts)
        if found:
            at, message = found
            content.add(
                Location.of_offset(path, text, at),
                "invalid-text",
                message,
            )
            continue
        content.pages.append(PageFile(stem, path, text, parts))


def load_content(root: Path, cache: FileCache | None = None) -> Content:
    """Load and type-check every file under `root`, collecting problems (not raising).

    `cache` (kept by `timeline serve` between runs) maps each entity file to its last
    result, reused while the file's mtime, size and inode are unchanged.
    """
    content = Content(root, cache=cache)
    reset_hints()
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
    read_changes(content)
    load_static(content)
    _ignored_files(content)
    collect_former_ids(content)
    return content


def collect_former_ids(content: Content) -> None:
    """Map each former id to its live id; a contested one stays with its first claimant
    (rules.Checker reports every collision)."""
    for ent in content.entities.values():
        for old in ent.model.former_ids:
            if old not in content.entities:
                content.former_ids.setdefault(old, ent.id)


#: What content/ may hold at its top level; anything else is never read.
_KNOWN_TOP = {*KIND_FOLDERS.values(), "sources.yaml", "pages", "static", CHANGES_FILE}


_NAME_LINE_RE = re.compile(rb"(?m)^name:")
#: Top-level fields only one kind of entity has: they tell where a stray file belongs.
_KIND_FIELD_RE = {
    "people": re.compile(rb"(?m)^(?:born|died|roles):"),
    "organizations": re.compile(rb"(?m)^(?:founded|dissolved|posts):"),
}


def _head(file: Path) -> bytes:
    try:
        with file.open("rb") as fh:
            return fh.read(65536)
    except OSError:
        return b""


def _looks_like_content(file: Path) -> bool:
    """A YAML file with a top-level `name:` (an entity) or named sources.yml."""
    return file.stem == "sources" or bool(_NAME_LINE_RE.search(_head(file)))


def _home_folder(file: Path) -> str:
    """The folder a stray entity file belongs in, by its folder's name or its fields."""
    close = difflib.get_close_matches(
        file.parent.name, list(KIND_FOLDERS.values()), n=1, cutoff=0.5
    )
    if close:
        return close[0]
    head = _head(file)
    kinds = [folder for folder, rx in _KIND_FIELD_RE.items() if rx.search(head)]
    return kinds[0] if len(kinds) == 1 else ""


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
                top, folder = display_path(root), _home_folder(file)
                fix = (
                    f"move it into {top}/{folder}/"
                    if folder
                    else f"move it into {top}/people/ (a person) or {top}/organizations/ "
                    "(an organization)"
                )
            content.add(
                Location(display_path(file)),
                "ignored-file",
                f"timeline does not read this file: {fix}",
                warning=True,
            )
