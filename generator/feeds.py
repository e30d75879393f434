"""Atom feeds of events: one for the whole site, one per person and organization.

Entries run by `updated`, newest first (then by event date), so an event added or changed
today reaches subscribers even when it happened long ago; they link to the event's
permanent address (its anchor on its home entity's page). Each entry's content carries
the event's sources. Built with feedgen; every address in a feed is absolute (feed readers
have no page to resolve a relative link against), made from the site's address.

Timestamps come from the content alone, never the clock, so a commit always builds the
same feeds: an entry's `published` is the first day its date can mean, its `updated` the
event's `Event.updated` (the day content/changes.lock records its content last changed,
or its newest correction, never before `published`); a feed's `updated` is its newest
entry's, or the newest correction of what it reports when that is later (an entity's
feed: the entity, its roles and its events), and for a feed without entries the site's
newest `updated`.
"""

from __future__ import annotations

import datetime as dt
import heapq
import html
from collections.abc import Collection, Iterable, Iterator, Sequence

from feedgen.entry import FeedEntry
from feedgen.feed import FeedGenerator

from generator import paths
from generator.dates import PartialDate
from generator.fragments import Fragments
from generator.limits import FEED_LIMIT
from generator.model import Correction, CorrectionEntry, Entity, Event, Timeline

_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


def midnight(day: dt.date) -> dt.datetime:
    """Midnight UTC of `day`: every timestamp of a feed is one."""
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)


def day_start(date: PartialDate) -> dt.datetime:
    """Midnight UTC of the first day `date` can mean."""
    return midnight(date.lower())


def site_updated(t: Timeline) -> dt.datetime:
    """The newest `updated` of the site's events: the `updated` of a feed without entries
    (never the clock, so a rebuild of the same content gives the same feeds)."""
    return midnight(max((ev.updated for ev in t.events), default=_EPOCH.date()))


def newest_updated(events: Sequence[Event], otherwise: dt.datetime) -> dt.datetime:
    """The `updated` of a feed with `events` (newest first): its first entry's."""
    return midnight(events[0].updated) if events else otherwise


def corrected(updated: dt.datetime, *groups: Iterable[Correction]) -> dt.datetime:
    """`updated`, or the day of the newest correction among `groups` when that is later:
    a correction changes the feed that reports the corrected item."""
    return max([updated, *(day_start(c.date) for group in groups for c in group)])


def entity_corrections(t: Timeline, entity: Entity) -> Iterator[tuple[Correction, ...]]:
    """The corrections an entity's feed reports besides its entries' (whose `updated`
    counts theirs): its own and its roles' (a person's career, an organization's roster)."""
    yield entity.corrections
    for r in t.roles.get(entity.id, ()):
        yield r.corrections


def entity_page(base: str, entity: Entity) -> str:
    return base + paths.entity_url(entity.kind, entity.id)


def event_link(t: Timeline, base: str, ev: Event) -> str:
    """The event's permanent address, absolute: its anchor on its home entity's page."""
    return entity_page(base, t.entities[ev.home]) + "#" + ev.id


def feed_entry(fragments: Fragments, base: str, ev: Event) -> FeedEntry:
    """The Atom entry of an event; its content is the event's export fragment."""
    fe = FeedEntry()
    link = event_link(fragments.t, base, ev)
    fe.id(link)
    fe.title(ev.title)
    fe.link(href=link, rel="alternate", type="text/html")
    fe.published(day_start(ev.date))
    fe.updated(midnight(ev.updated))  # a recorded change or a correction moves it
    for tag in ev.tags:
        fe.category(term=tag, label=tag)
    fe.content(str(fragments.event_export(ev, base)), type="html")
    return fe


def _newest(ev: Event) -> tuple[object, ...]:
    return (ev.updated, ev.sort_key())


def entry_xml(fragments: Fragments, base: str, ev: Event) -> str:
    """The event's Atom entry as it stands in a feed (indented one level), made once per
    build and kept (`Fragments.kept`): an event is listed in the site's feed and in the
    feed of everyone involved, the same entry in each."""
    return fragments.kept(
        ("atom", ev.key, base), lambda: _entry_text(feed_entry(fragments, base, ev))
    )


def _entry_text(entry: FeedEntry) -> str:
    """`entry` serialized by feedgen as in any feed: the lines between the header of a
    feed that holds it alone (fixed text, so its first entry line is this one) and the
    feed's closing tag."""
    holder = FeedGenerator()
    holder.id("entry")
    holder.title("entry")
    holder.updated(_EPOCH)
    holder.add_entry(entry, order="append")
    document = holder.atom_str(pretty=True).decode("utf-8")
    return document[document.index(_ENTRY_START) + 1 : -len(_FEED_END)]


#: The first line of a feed's first entry, and how every feed ends (feedgen's pretty form).
_ENTRY_START = "\n  <entry>\n"
_FEED_END = "</feed>\n"


def newest_first(events: Sequence[Event]) -> list[Event]:
    """The FEED_LIMIT events updated last, newest first; among those updated on one day,
    by event date, newest first."""
    return heapq.nlargest(FEED_LIMIT, events, key=_newest)


def atom_feed(fg: FeedGenerator, events: Sequence[Event], fragments: Fragments, base: str) -> str:
    """The Atom document of feed `fg` (see `feed_header`) with `events` (already ordered
    and limited) as its entries: feedgen's document of the header alone with the kept
    entries (`entry_xml`) put before its end, byte for byte what feedgen makes of it
    all (a test compares)."""
    header = fg.atom_str(pretty=True).decode("utf-8")
    entries = "".join(entry_xml(fragments, base, ev) for ev in events)
    return header[: -len(_FEED_END)] + entries + _FEED_END


def feed_header(
    title: str,
    subtitle: str | None,
    feed_url: str,
    page_url: str,
    author: str,
    updated: dt.datetime,
) -> FeedGenerator:
    """An Atom feed without entries: what every feed of the site says about itself."""
    fg = FeedGenerator()
    fg.id(feed_url)
    fg.title(title)
    if subtitle:
        fg.subtitle(subtitle)
    fg.author({"name": author})
    fg.link(href=page_url, rel="alternate", type="text/html")
    fg.link(href=feed_url, rel="self", type="application/atom+xml")
    fg.language("en")
    fg.generator("timeline")
    fg.updated(updated)
    return fg


def feed_files(
    fragments: Fragments,
    site_name: str,
    site_url: str,
    only: Collection[str] | None = None,
) -> Iterator[tuple[str, str]]:
    """Every feed of the site (or, with `only`, of those entities): (path, Atom document),
    one at a time."""
    t = fragments.t
    base = paths.site_base(site_url)
    updated = site_updated(t)
    latest = newest_first(t.events)
    yield (
        paths.SITE_FEED,
        atom_feed(
            feed_header(
                site_name,
                "The events added or changed last on the site.",
                base + paths.SITE_FEED,
                base,
                site_name,
                newest_updated(latest, updated),
            ),
            latest,
            fragments,
            base,
        ),
    )
    yield paths.CORRECTIONS_FEED, corrections_feed(fragments, site_name, base, updated)
    for entity in t.entities.values():
        if only is not None and entity.id not in only:
            continue
        path = paths.entity_feed(entity.kind, entity.id)
        entries = newest_first(t.timelines.get(entity.id, ()))
        document = atom_feed(
            feed_header(
                f"{entity.name} · {site_name}",
                entity.summary,
                base + path,
                entity_page(base, entity),
                site_name,
                corrected(newest_updated(entries, updated), *entity_corrections(t, entity)),
            ),
            entries,
            fragments,
            base,
        )
        yield path, document
        # Subscriptions made before a rename keep working: the same feed (whose self
        # link names the new address) at each former address.
        for old in entity.former_ids:
            yield paths.entity_feed(entity.kind, old), document


def correction_link(t: Timeline, base: str, c: CorrectionEntry) -> str:
    """The corrected item's address: its anchor on its page (the page itself for an entity)."""
    page = entity_page(base, t.entities[c.entity])
    return page + (f"#{c.anchor}" if c.anchor else "")


def corrections_feed(fragments: Fragments, site_name: str, base: str, updated: dt.datetime) -> str:
    """Atom feed of the site's corrections, newest first: one entry per correction, dated
    the day it was made, linking to the corrected item."""
    t = fragments.t
    page_url = base + paths.url_of_doc(paths.INDEX_DOCS["corrections"])
    fg = feed_header(
        f"Corrections · {site_name}",
        "Corrections made to the site's people, organizations, roles and events.",
        base + paths.CORRECTIONS_FEED,
        page_url,
        site_name,
        day_start(t.corrections[0].correction.date) if t.corrections else updated,
    )
    for c in t.corrections[:FEED_LIMIT]:
        fe = FeedEntry()
        link = correction_link(t, base, c)
        fe.id(page_url + "#" + c.id)
        fe.title(f"Corrected: {c.item}")
        fe.link(href=link, rel="alternate", type="text/html")
        when = day_start(c.correction.date)
        fe.published(when)
        fe.updated(when)
        body = str(fragments.correction_export(c, base)) + (
            f'<p><a href="{html.escape(link)}">{html.escape(c.item)}</a></p>'
        )
        fe.content(body, type="html")
        fg.add_entry(fe, order="append")
    return fg.atom_str(pretty=True).decode("utf-8")
