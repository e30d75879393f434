"""Content that passed the checks, to the Timeline (model.py): records made file by
file, then indexed event by event and role by role, sorted once, frozen."""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

from generator.content_files import Content, EntityFile
from generator.content_models import Citation, InlineSource, Person, SourceRecord, event_id
from generator.content_models import Event as EventFields
from generator.content_models import Image as ImageFields
from generator.content_models import Role as RoleFields
from generator.mentions import find_mentions
from generator.model import (
    Cite,
    Correction,
    CorrectionEntry,
    Entity,
    Event,
    Image,
    OtherDate,
    Role,
    Source,
    Timeline,
)


def _freeze(d: Mapping) -> Mapping:
    return MappingProxyType(dict(d))


#: What a long-running process keeps of each file's records between runs (see
#: build_timeline): entity id -> (its model, its records); under MODEL_CONTEXT, what
#: the records depended on outside their file.
ModelCache = dict[str, tuple[Any, ...]]
MODEL_CONTEXT = "\0context"


class _Builder:
    """Turns the checked files into the model's records, file by file."""

    def __init__(self, content: Content):
        self.content = content
        #: the inline sources the current file cited, in order (replayed from a cache)
        self.inline: list[tuple[str, Source]] = []
        #: the ids the current file mentions, in order
        self.mentioned: list[str] = []
        #: the inline sources the current file made (the others an earlier file made)
        self.made: set[str] = set()
        self.entities: dict[str, Entity] = {}
        self.events: list[Event] = []
        self.roles: list[Role] = []
        #: target -> the entities whose texts mention it, and the reverse
        self.mentioned_by: dict[str, set[str]] = defaultdict(set)
        self.mentions: dict[str, set[str]] = defaultdict(set)
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
                src = self.sources.get(key)
                if src is None:
                    src = self.sources[key] = self._source(key, item, shared=False)
                    self.made.add(key)
                self.inline.append((key, src))
                out.append(Cite(src, item.quote))
        return tuple(out)

    def corrections(self, items: list) -> tuple[Correction, ...]:
        return tuple(
            sorted(
                (Correction(c.date, c.note, self.cites(c.sources)) for c in items),
                key=lambda c: c.date.sort_key(),
            )
        )

    def image(self, fields: ImageFields | None) -> Image | None:
        if fields is None:
            return None
        info = self.content.images[fields.file]
        return Image(
            fields.file,
            fields.alt,
            fields.credit,
            fields.caption,
            info.mime,
            info.width,
            info.height,
        )

    def add(self, eid: str, ef: EntityFile, cache: ModelCache | None = None) -> None:
        """One entity file: the entity, its events, its roles and what its texts mention;
        with `cache`, the records of the last run when the file's model is the same."""
        hit = cache.get(eid) if cache is not None else None
        if hit is not None and hit[0] is ef.model and self._same_inline(hit[4]):
            entity, events, roles, self.inline, self.mentioned = hit[1:]
        else:
            self.inline, self.mentioned, self.made = [], [], set()
            entity, events, roles = self._records(eid, ef)
            if cache is not None and all(key in self.made for key, _ in self.inline):
                cache[eid] = (ef.model, entity, events, roles, self.inline, self.mentioned)
            elif cache is not None:  # it cites another file's inline source: made again
                cache.pop(eid, None)
        self.entities[eid] = entity
        self.events += events
        self.roles += roles
        for key, src in self.inline:
            self.sources.setdefault(key, src)
        for target in self.mentioned:
            self.mentioned_by[target].add(eid)
            self.mentions[eid].add(target)

    def _same_inline(self, inline: list[tuple[str, Source]]) -> bool:
        """Whether the inline sources a file's kept events cite (all of its own making)
        are the ones this run has: files citing the same inline source share the first
        file's record of it."""
        for key, src in inline:
            now = self.sources.get(key)
            if now is not None and now != src:
                return False
        return True

    def _records(self, eid: str, ef: EntityFile) -> tuple[Entity, list[Event], list[Role]]:
        m = ef.model
        person = isinstance(m, Person)
        entity = Entity(
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
            self.corrections(m.corrections),
            self.image(m.image),
        )
        events = [self._event(eid, ev) for ev in m.events]
        roles = [self._role(eid, i, r) for i, r in enumerate(m.roles)] if person else []
        for text in (m.description or "", *(ev.description or "" for ev in m.events)):
            for match in find_mentions(text):
                target = match[1].strip()
                if target != eid:
                    self.mentioned.append(target)
        return entity, events, roles

    def _event(self, eid: str, ev: EventFields) -> Event:
        anchor = event_id(ev)
        record = self.content.changes.get(f"{eid}/{anchor}") if self.content.changes else None
        return Event(
            eid,
            anchor,
            ev.date,
            ev.end,
            ev.title,
            ev.description,
            tuple(dict.fromkeys(ev.with_)),
            tuple(dict.fromkeys(ev.tags)),
            self.cites(ev.sources),
            tuple(OtherDate(o.date, self.cites(o.sources), o.note) for o in ev.other_dates),
            self.corrections(ev.corrections),
            self.image(ev.image),
            record.changed if record is not None else None,
        )

    def _role(self, eid: str, index: int, r: RoleFields) -> Role:
        return Role(
            eid,
            r.organization,
            index,
            r.title,
            r.start,
            r.end,
            self.cites(r.sources),
            r.note,
            self.corrections(r.corrections),
        )


class _Index:
    """The maps pages look things up in, filled event by event and role by role."""

    def __init__(self, entities: Mapping[str, Entity]):
        self.timelines: dict[str, list[Event]] = {eid: [] for eid in entities}
        self.own_events: dict[str, list[Event]] = defaultdict(list)
        self.tags: dict[str, list[Event]] = defaultdict(list)
        self.years: dict[int, list[Event]] = defaultdict(list)
        self.citations: dict[str, list[Event]] = defaultdict(list)
        self.roles: dict[str, list[Role]] = defaultdict(list)
        self.own_roles: dict[str, list[Role]] = defaultdict(list)
        self.role_citations: dict[str, list[Role]] = defaultdict(list)
        #: id -> other id -> shared events, roles and mentions ("Related")
        self.links: dict[str, Counter[str]] = defaultdict(Counter)

    def event(self, ev: Event) -> None:
        self.own_events[ev.home].append(ev)
        for who in ev.everyone:
            self.timelines[who].append(ev)
            for other in ev.everyone:
                if other != who:
                    self.links[who][other] += 1
        for tag in ev.tags:
            self.tags[tag].append(ev)
        self.years[ev.date.year].append(ev)
        for cite in {c.source.key: c for c in _all_cites(ev)}.values():
            self.citations[cite.source.key].append(ev)

    def role(self, r: Role) -> None:
        for key in dict.fromkeys(c.source.key for c in r.cites):
            self.role_citations[key].append(r)
        self.own_roles[r.person].append(r)
        self.roles[r.person].append(r)
        self.roles[r.organization].append(r)
        self.links[r.person][r.organization] += 1
        self.links[r.organization][r.person] += 1

    def related(self, entities: Mapping[str, Entity]) -> dict[str, tuple[tuple[str, int], ...]]:
        return {
            eid: tuple(sorted(c.items(), key=lambda kv: (-kv[1], entities[kv[0]].name.casefold())))
            for eid, c in self.links.items()
        }


def build_timeline(content: Content, cache: ModelCache | None = None) -> Timeline:
    """Build the Timeline from content that passed `check_content`.

    `cache` (kept by `timeline serve`) keeps each file's records (entity, events, roles)
    while the sources, images and ids they may refer to are unchanged: an unchanged
    file's events are then the same objects in the new Timeline as in the old."""
    b = _Builder(content)
    if cache is not None:
        context = (set(content.entities), dict(content.sources), dict(content.images))
        if cache.get(MODEL_CONTEXT) != (context,):
            cache.clear()
            cache[MODEL_CONTEXT] = (context,)
    for eid, ef in sorted(content.entities.items()):
        b.add(eid, ef, cache)
    entities = b.entities
    events = sorted(b.events, key=Event.sort_key)
    roles = sorted(b.roles, key=Role.sort_key)
    index = _Index(entities)
    for ev in events:
        index.event(ev)
    for r in roles:
        index.role(r)
    for target, sources in b.mentioned_by.items():
        for s in sources:
            index.links[target][s] += 1
            index.links[s][target] += 1
    corrections = _corrections(entities, roles, events)
    by_kind: dict[str, list[Entity]] = defaultdict(list)
    for e in sorted(entities.values(), key=lambda e: (e.name.casefold(), e.id)):
        by_kind[e.kind].append(e)
    return Timeline(
        entities=_freeze(entities),
        events=tuple(events),
        timelines=_frozen_lists(index.timelines),
        roles=_frozen_lists(index.roles),
        related=_freeze(index.related(entities)),
        mentioned_by=_freeze({k: tuple(sorted(v)) for k, v in b.mentioned_by.items()}),
        sources=_freeze(b.sources),
        citations=_frozen_lists(index.citations),
        role_citations=_frozen_lists(index.role_citations),
        tags=_frozen_lists(dict(sorted(index.tags.items()))),
        years=_frozen_lists(dict(sorted(index.years.items()))),
        former_ids=_freeze(dict(sorted(content.former_ids.items()))),
        corrections=corrections,
        correction_citations=_frozen_lists(_correction_citations(corrections)),
        all_roles=tuple(roles),
        own_events=_frozen_lists(index.own_events),
        own_roles=_frozen_lists(index.own_roles),
        mentions=_freeze({k: tuple(sorted(v)) for k, v in b.mentions.items()}),
        by_kind=_frozen_lists(by_kind),
    )


def _frozen_lists(d: Mapping) -> Mapping:
    return MappingProxyType({k: tuple(v) for k, v in d.items()})


def _corrections(
    entities: Mapping[str, Entity], roles: list[Role], events: list[Event]
) -> tuple[CorrectionEntry, ...]:
    """Every correction of the site with what it corrects, newest first."""
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
    return tuple(fixes)


def _correction_citations(
    corrections: tuple[CorrectionEntry, ...],
) -> dict[str, list[CorrectionEntry]]:
    """Source key -> the corrections citing it, newest first (each correction once)."""
    out: dict[str, list[CorrectionEntry]] = defaultdict(list)
    for c in corrections:
        for key in dict.fromkeys(cite.source.key for cite in c.correction.cites):
            out[key].append(c)
    return out


def _all_cites(ev: Event) -> list[Cite]:
    return [*ev.cites, *(c for o in ev.other_dates for c in o.cites)]
