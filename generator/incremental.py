"""Which pages an edit can change: compares two Timelines and selects what to re-render.

`timeline serve` re-renders only the selected pages after an edit; everything else keeps
its file (and mtime), so MkDocs rebuilds only those. The rule is conservative (it may
select a page whose text turns out unchanged, never the reverse) and a property test
compares incremental output with a full render after random edits.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from generator.model import Event, Timeline


@dataclass(frozen=True, slots=True)
class Selection:
    """What to render: everything (`full`), or these entities', years' and tags' pages.

    The site-wide pages (home, indexes, sources, timeline, hand-written pages, the site
    feed and the data exports) are always rendered: they are few and cheap.
    """

    full: bool = False
    entities: frozenset[str] = field(default_factory=frozenset)
    years: frozenset[int] = field(default_factory=frozenset)
    tags: frozenset[str] = field(default_factory=frozenset)

    def entity(self, entity_id: str) -> bool:
        return self.full or entity_id in self.entities

    def year(self, year: int) -> bool:
        return self.full or year in self.years

    def tag(self, tag: str) -> bool:
        return self.full or tag in self.tags


EVERYTHING = Selection(full=True)


def _signature(t: Timeline, entity_id: str) -> tuple[object, ...]:
    """Everything an entity's own file contributes to the model."""
    return (
        t.entities.get(entity_id),
        t.own_events.get(entity_id, ()),
        t.own_roles.get(entity_id, ()),
    )


def _shape(t: Timeline) -> tuple[object, ...]:
    """What decides which files exist, plus the `updated` of every feed without entries."""
    return (
        set(t.entities),
        set(t.years),
        set(t.tags),
        dict(t.former_ids),
        {i for i, events in t.timelines.items() if events},
        max((ev.updated for ev in t.events), default=None),
    )


def changed_entities(old: Timeline, new: Timeline) -> set[str]:
    """Ids whose file was added, removed or edited."""
    ids = set(old.entities) | set(new.entities)
    return {i for i in ids if _signature(old, i) != _signature(new, i)}


def affected(old: Timeline, new: Timeline) -> Selection:
    """The pages whose text may differ between `old` and `new`.

    Edits that add or remove pages (entities, years, tags, former ids, an empty
    timeline), change a shared source, or move the newest `updated` of the site's events
    (that of every feed without entries) select everything: they are rare, and a full
    render is always right.
    """
    if _shape(old) != _shape(new) or dict(old.sources) != dict(new.sources):
        return EVERYTHING
    entities: set[str] = set()
    events: list[Event] = []
    for c in changed_entities(old, new):
        entities.add(c)
        before, after = old.entities.get(c), new.entities.get(c)
        if before is None or after is None or before.name != after.name:
            # A new, removed or renamed entity: its name shows wherever it appears.
            for t in (old, new):
                entities.update(other for other, _ in t.related.get(c, ()))
                events.extend(t.timelines.get(c, ()))
                events.extend(
                    ev
                    for source in t.sources.values()
                    if source.publisher_id == c
                    for ev in t.citations.get(source.key, ())
                )
                # Events whose description mentions it show its name as the link text.
                for m in t.mentioned_by.get(c, ()):
                    events.extend(t.own_events.get(m, ()))
            continue
        # Otherwise only what its file holds changed: the events and roles that differ
        # (their participants' pages, years and tags) and the entities it mentions
        # (their "Related" counts).
        own_before, own_after = (set(t.own_events.get(c, ())) for t in (old, new))
        events.extend(own_before ^ own_after)
        for r in set(old.own_roles.get(c, ())) ^ set(new.own_roles.get(c, ())):
            entities.update((r.person, r.organization))
        entities.update(set(old.mentions.get(c, ())) ^ set(new.mentions.get(c, ())))
    for ev in events:
        entities.update(ev.everyone)
    return Selection(
        entities=frozenset(entities),
        years=frozenset(ev.date.year for ev in events),
        tags=frozenset(tag for ev in events for tag in ev.tags),
    )
