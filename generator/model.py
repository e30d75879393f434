"""The Timeline: one immutable picture of all entities and events, built before rendering
(by model_builder.py).

It answers every question a page asks (whose timeline shows which event, who worked
where, which events a source supports) so that rendering is a pure function of it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from generator.dates import PartialDate
from generator.paths import Kind


@dataclass(frozen=True, slots=True)
class Source:
    """A source as pages show it; `key` is its id in sources.yaml or, for an inline
    source, `inline--<hash>` (a namespace no id can enter)."""

    key: str
    title: str
    publisher: str | None
    publisher_id: str | None
    url: str | None
    date: PartialDate | None
    kind: str | None
    shared: bool
    archive: str | None = None  # address of an archived copy
    accessed: PartialDate | None = None  # when the editor read it


@dataclass(frozen=True, slots=True)
class Cite:
    source: Source
    quote: str | None = None
    note: str | None = None


@dataclass(frozen=True, slots=True)
class OtherDate:
    date: PartialDate
    cites: tuple[Cite, ...]
    note: str | None


@dataclass(frozen=True, slots=True)
class Correction:
    """A correction to an entity, role or event, as readers see it."""

    date: PartialDate  # a full day
    note: str  # plain text
    cites: tuple[Cite, ...]


@dataclass(frozen=True, slots=True)
class Image:
    """A picture of an entity or event: a file of the site (its path from the site's root)
    with its type and shown size (read from the file by `check`), alt text and credit."""

    file: str
    alt: str
    credit: str
    caption: str | None
    mime: str
    width: int
    height: int


@dataclass(frozen=True, slots=True)
class Event:
    home: str  # id of the entity whose file holds the event
    id: str  # anchor on the home page
    date: PartialDate
    end: PartialDate | None
    title: str
    description: str | None
    participants: tuple[str, ...]  # the `with` list
    tags: tuple[str, ...]
    cites: tuple[Cite, ...]
    other_dates: tuple[OtherDate, ...]
    corrections: tuple[Correction, ...] = ()
    image: Image | None = None
    #: the day content/changes.lock records its content last changed (None without one)
    changed: dt.date | None = None

    @property
    def key(self) -> str:
        return f"{self.home}/{self.id}"

    @property
    def updated(self) -> dt.date:
        """The last day the event changed as readers see it: its date's first day, the
        day its content was last stamped as changed, or its newest correction's day.
        Feeds and exports use this one rule."""
        days = [self.date.lower(), *(c.date.lower() for c in self.corrections)]
        if self.changed is not None:
            days.append(self.changed)
        return max(days)

    @property
    def everyone(self) -> tuple[str, ...]:
        return (self.home, *self.participants)

    def sort_key(self) -> tuple[object, ...]:
        return (self.date.sort_key(), self.home, self.id)


@dataclass(frozen=True, slots=True)
class Role:
    person: str
    organization: str
    index: int  # position in the person's roles: anchor `role-<index>` on their page
    title: str | None
    start: PartialDate
    end: PartialDate | None
    cites: tuple[Cite, ...]
    note: str | None
    corrections: tuple[Correction, ...] = ()

    def sort_key(self) -> tuple[object, ...]:
        return (self.start.sort_key(), self.person, self.organization, self.index)


@dataclass(frozen=True, slots=True)
class Entity:
    id: str
    kind: Kind
    name: str
    summary: str | None
    description: str | None
    aliases: tuple[str, ...]
    links: tuple[tuple[str, str], ...]
    wikidata: str | None
    start: PartialDate | None  # born / founded
    end: PartialDate | None  # died / dissolved
    former_ids: tuple[str, ...]
    corrections: tuple[Correction, ...] = ()
    image: Image | None = None


@dataclass(frozen=True, slots=True)
class CorrectionEntry:
    """One line of the site's list of corrections: the correction and what it corrects."""

    correction: Correction
    entity: str  # the page it is shown on
    anchor: str | None  # the item's anchor there (`role-<n>` or an event id); None: the entity
    item: str  # what was corrected, in words (an entity's name, "X, title at Y", an event's title)
    kind: str = "entity"  # entity, role or event

    @property
    def id(self) -> str:
        """A stable anchor on /corrections/ (and the Atom entry's id)."""
        ident = "\x1f".join(
            (self.entity, self.anchor or "", str(self.correction.date), self.correction.note)
        )
        return f"c-{self.correction.date.iso()}-{hashlib.sha1(ident.encode()).hexdigest()[:8]}"

    def sort_key(self) -> tuple[object, ...]:
        return (
            self.correction.date.sort_key(),
            self.entity,
            self.anchor or "",
            self.correction.note,
        )


@dataclass(frozen=True, slots=True)
class Timeline:
    entities: Mapping[str, Entity]
    events: tuple[Event, ...]  # every event once, oldest first
    timelines: Mapping[str, tuple[Event, ...]]  # entity id -> events it takes part in
    roles: Mapping[str, tuple[Role, ...]]  # person -> career; organization -> roster
    related: Mapping[str, tuple[tuple[str, int], ...]]  # id -> (other id, shared links)
    mentioned_by: Mapping[str, tuple[str, ...]]  # id -> entities whose text mentions it
    sources: Mapping[str, Source]
    citations: Mapping[str, tuple[Event, ...]]  # source key -> events it supports
    role_citations: Mapping[str, tuple[Role, ...]]  # source key -> roles it supports
    tags: Mapping[str, tuple[Event, ...]]
    years: Mapping[int, tuple[Event, ...]]
    former_ids: Mapping[str, str]
    all_roles: tuple[Role, ...]  # every role once, by start
    own_events: Mapping[str, tuple[Event, ...]]  # id -> the events its file holds
    own_roles: Mapping[str, tuple[Role, ...]]  # person -> the roles its file holds
    mentions: Mapping[str, tuple[str, ...]]  # id -> entities its texts mention
    by_kind: Mapping[str, tuple[Entity, ...]]  # kind -> its entities, by name
    corrections: tuple[CorrectionEntry, ...] = ()  # every correction, newest first
    #: source key -> the corrections it supports (some sources are cited only there)
    correction_citations: Mapping[str, tuple[CorrectionEntry, ...]] = field(
        default_factory=lambda: MappingProxyType({})
    )

    def of_kind(self, kind: Kind) -> tuple[Entity, ...]:
        """The people or the organizations, by name (sorted once, when built)."""
        return self.by_kind.get(kind, ())
