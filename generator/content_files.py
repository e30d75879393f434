"""The checked content folder: what validation keeps of each file, and how paths are shown.

Everything here is data (filled in by validate.py and static_files.py, read by the
rules, the model and the build); `special_file` is the one refusal of links and
special files where content belongs.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.content_models import Organization, Person, SourceRecord
from generator.errors import Location, Problem, Severity
from generator.field_errors import NameReference
from generator.image_headers import ImageInfo
from generator.load import ParsedFile
from generator.page_headings import PageParts
from generator.paths import Kind

#: Per-file results kept between runs: path -> (stat key, result).
FileCache = dict[Path, tuple[object, Any]]


@dataclass(frozen=True, slots=True)
class EntityFile:
    """One validated person or organization file."""

    id: str
    kind: Kind
    model: Person | Organization
    parsed: ParsedFile
    #: ("events", 3) for each item a failed file's salvaged model holds only as a
    #: placeholder the rules skip (see salvage.py); empty for a valid file
    skipped: frozenset[tuple[Any, ...]] = frozenset()


@dataclass(frozen=True, slots=True)
class FailedFile:
    """An entity file that did not validate: its problems, and what of it the rules can
    still check (salvage.py), when it parsed."""

    problems: list[Problem]
    partial: tuple[Person | Organization, ParsedFile, frozenset[tuple[Any, ...]]] | None = None
    #: references it writes as names, not ids (the rules add "did you mean")
    names: tuple[NameReference, ...] = ()


@dataclass(frozen=True, slots=True)
class PageFile:
    """A hand-written Markdown page from content/pages/."""

    stem: str
    path: str
    text: str
    #: the one reading of the page: the headings `check` validated, as render shows them
    parts: PageParts


@dataclass(frozen=True, slots=True)
class StaticFile:
    """A file of content/static/ that passed the checks: `rel` is its path in the site."""

    rel: str
    path: Path
    size: int


@dataclass(frozen=True, slots=True)
class ChangeRecord:
    """One line of content/changes.lock (changes.py): the fingerprint of an event's
    content when it was last stamped, and the day it was stamped as changed."""

    fingerprint: str
    changed: dt.date
    line: int  # where the record stands in the file, for messages


@dataclass(slots=True)
class Content:
    """Everything in the content folder that passed the per-file checks."""

    root: Path
    entities: dict[str, EntityFile] = field(default_factory=dict)
    sources: dict[str, SourceRecord] = field(default_factory=dict)
    sources_file: ParsedFile | None = None
    #: ids sources.yaml defines in entries that failed their checks (known all the same)
    failed_sources: set[str] = field(default_factory=set)
    pages: list[PageFile] = field(default_factory=list)
    #: content/static/, checked (see static_files.load_static), copied as it is by the build
    static: list[StaticFile] = field(default_factory=list)
    #: image file (its path in content/static/) -> type and shown size (images.py)
    images: dict[str, ImageInfo] = field(default_factory=dict)
    #: files that failed their checks, salvaged for the rules (never part of the site)
    partial: list[EntityFile] = field(default_factory=list)
    #: id -> kind of every entity file that failed its checks: references to it are not
    #: reported as naming no entity (its own problems are)
    failed: dict[str, Kind] = field(default_factory=dict)
    #: references the schema refused as ids, for "did you mean" by name (entity_hints.py)
    name_references: list[NameReference] = field(default_factory=list)
    #: former id -> live id
    former_ids: dict[str, str] = field(default_factory=dict)
    #: content/changes.lock: event key (`home/id`) -> its record; None without the file
    #: (then feeds date entries by their event and corrections only)
    changes: dict[str, ChangeRecord] | None = None
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


def special_file(content: Content, file: Path) -> bool:
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


def plural(n: int, word: str, words: str | None = None) -> str:
    return f"{n} {word if n == 1 else words or word + 's'}"


def counted(content: Content) -> str:
    """'5 people, 1 organization, 15 events, 9 sources'."""
    people = sum(e.kind == "person" for e in content.entities.values())
    events = sum(len(e.model.events) for e in content.entities.values())
    return ", ".join(
        [
            plural(people, "person", "people"),
            plural(len(content.entities) - people, "organization"),
            plural(events, "event"),
            plural(len(content.sources), "source"),
        ]
    )
