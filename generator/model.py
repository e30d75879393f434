"""The Timeline: one immutable picture of all entities and events, built before rendering.

It answers every question a page asks (whose timeline shows which event, who worked
where, which events a source supports) so that rendering is a pure function of it.
"""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from generator.content_files import Content
from generator.content_models import Citation, InlineSource, Person, SourceRecord, event_id
from generator.dates import PartialDate
from generator.mentions import find_mentions
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

    @property
    def key(self) -> str:
        return f"{self.home}/{self.id}"

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
    corrections: tuple[CorrectionEntry, ...] = ()  # every correction, newest first

    def of_kind(self, kind: Kind) -> list[Entity]:
        return sorted(
            (e for e in self.entities.values() if e.kind == kind),
            key=lambda e: (e.name.casefold(), e.id),
        )


def _freeze(d: Mapping) -> Mapping:
    return MappingProxyType(dict(d))


class _Builder:
    def __init__(self, content: Content):
        self.content = content
        self.sources: dict[str, Source] = {}
        for sid, rec in sorted(content.sources.items()):
            self.sources[sid] = self._source(sid, rec, shared=True)

    def _source(self, key: str, rec: SourceRecord | InlineSource, shared: bool) -> Source:
        pub = rec.publisher
        pub_id = pub if pub in self.content.entities else None
        return Source(
            key,
            rec.title,
            pub,
            pub_id,
            rec.url,
            rec.date,
            rec.kind,
            shared,
            rec.archive,
            rec.accessed,
        )

    def cites(self, items: list) -> tuple[Cite, ...]:
        out = []
        for item in items:
            if isinstance(item, str):
                out.append(Cite(self.sources[item]))
            elif isinstance(item, Citation):
                out.append(Cite(self.sources[item.id], item.quote, item.note))
            else:
                fields: tuple[object, ...] = (item.title, item.publisher, item.url, item.date)
                if item.archive or item.accessed:  # version 2 fields; v1 keys stay as they were
                    fields += (item.archive, item.accessed)
                ident = "\x1f".join(str(x or "") for x in fields)
                # "--" never occurs in an id (paths.ID_RE): sources.yaml cannot take the key.
                key = "inline--" + hashlib.sha1(ident.encode()).hexdigest()[:10]
                src = self.sources.setdefault(key, self._source(key, item, shared=False))
                out.append(Cite(src, item.quote))
        return tuple(out)

    def corrections(self, items: list) -> tuple[Correction, ...]:
        return tuple(
            sorted(
                (Correction(c.date, c.note, self.cites(c.sources)) for c in items),
                key=lambda c: c.date.sort_key(),
            )
        )


def build_timeline(content: Content) -> Timeline:
    """Build the Timeline from content that passed `check_content`."""
    b = _Builder(content)
    entities: dict[str, Entity] = {}
    events: list[Event] = []
    roles: list[Role] = []
    mentions: dict[str, set[str]] = defaultdict(set)
    for eid, ef in sorted(content.entities.items()):
        m = ef.model
        person = isinstance(m, Person)
        entities[eid] = Entity(
            eid,
            ef.kind,
            m.name,
            m.summary,
            m.description,
            tuple(m.aliases),
            tuple((link.title, link.url) for link in m.links),
            m.wikidata,
            m.born if person else m.founded,
            m.died if person else m.dissolved,
            tuple(m.former_ids),
            b.corrections(m.corrections),
        )
        texts = [m.description or ""]
        for ev in m.events:
            events.append(
                Event(
                    eid,
                    event_id(ev),
                    ev.date,
                    ev.end,
                    ev.title,
                    ev.description,
                    tuple(dict.fromkeys(ev.with_)),
                    tuple(dict.fromkeys(ev.tags)),
                    b.cites(ev.sources),
                    tuple(OtherDate(o.date, b.cites(o.sources), o.note) for o in ev.other_dates),
                    b.corrections(ev.corrections),
                )
            )
            texts.append(ev.description or "")
        if person:
            for i, r in enumerate(m.roles):
                roles.append(
                    Role(
                        eid,
                        r.organization,
                        i,
                        r.title,
                        r.start,
                        r.end,
                        b.cites(r.sources),
                        r.note,
                        b.corrections(r.corrections),
                    )
                )
        for text in texts:
            for match in find_mentions(text):
                target = match[1].strip()
                if target != eid:
                    mentions[target].add(eid)
    events.sort(key=Event.sort_key)
    roles.sort(key=Role.sort_key)

    timelines: dict[str, list[Event]] = {eid: [] for eid in entities}
    tags: dict[str, list[Event]] = defaultdict(list)
    years: dict[int, list[Event]] = defaultdict(list)
    citations: dict[str, list[Event]] = defaultdict(list)
    links: dict[str, Counter[str]] = defaultdict(Counter)
    for ev in events:
        for who in ev.everyone:
            timelines[who].append(ev)
            for other in ev.everyone:
                if other != who:
                    links[who][other] += 1
        for tag in ev.tags:
            tags[tag].append(ev)
        years[ev.date.year].append(ev)
        for cite in {c.source.key: c for c in _all_cites(ev)}.values():
            citations[cite.source.key].append(ev)
    by_entity: dict[str, list[Role]] = defaultdict(list)
    role_citations: dict[str, list[Role]] = defaultdict(list)
    for r in roles:
        for key in dict.fromkeys(c.source.key for c in r.cites):
            role_citations[key].append(r)
        by_entity[r.person].append(r)
        by_entity[r.organization].append(r)
        links[r.person][r.organization] += 1
        links[r.organization][r.person] += 1
    for target, sources in mentions.items():
        for s in sources:
            links[target][s] += 1
            links[s][target] += 1
    related = {
        eid: tuple(sorted(c.items(), key=lambda kv: (-kv[1], entities[kv[0]].name.casefold())))
        for eid, c in links.items()
    }
    fixes = [
        CorrectionEntry(c, e.id, None, e.name) for e in entities.values() for c in e.corrections
    ]
    for r in roles:
        label = f"{entities[r.person].name}, {r.title or 'role'} at {entities[r.organization].name}"
        fixes += [
            CorrectionEntry(c, r.person, f"role-{r.index}", label, "role") for c in r.corrections
        ]
    for ev in events:
        fixes += [CorrectionEntry(c, ev.home, ev.id, ev.title, "event") for c in ev.corrections]
    fixes.sort(key=CorrectionEntry.sort_key, reverse=True)
    return Timeline(
        entities=_freeze(entities),
        events=tuple(events),
        timelines=_freeze({k: tuple(v) for k, v in timelines.items()}),
        roles=_freeze({k: tuple(v) for k, v in by_entity.items()}),
        related=_freeze(related),
        mentioned_by=_freeze({k: tuple(sorted(v)) for k, v in mentions.items()}),
        sources=_freeze(b.sources),
        citations=_freeze({k: tuple(v) for k, v in citations.items()}),
        role_citations=_freeze({k: tuple(v) for k, v in role_citations.items()}),
        tags=_freeze({k: tuple(v) for k, v in sorted(tags.items())}),
        years=_freeze({k: tuple(v) for k, v in sorted(years.items())}),
        former_ids=_freeze(dict(sorted(content.former_ids.items()))),
        corrections=tuple(fixes),
    )


def _all_cites(ev: Event) -> list[Cite]:
    return [*ev.cites, *(c for o in ev.other_dates for c in o.cites)]
