"""Atom feeds of events: one for the whole site, one per person and organization.

Entries run by event date, newest first, and link to the event's permanent address (its
anchor on its home entity's page). Each entry's content carries the event's sources.
Built with feedgen; every address in a feed is absolute (feed readers have no page to
resolve a relative link against), made from the site's address.

Timestamps are deterministic: an entry's `published` and `updated` are the first day its
date can mean (so readers order entries by event date and a rebuild never marks them as
changed); the feed's `updated` is SOURCE_DATE_EPOCH when set, else the newest event date.
"""

from __future__ import annotations

import datetime as dt
import html
import os
import re
from collections.abc import Callable, Collection, Iterable, Sequence
from urllib.parse import urljoin

from feedgen.entry import FeedEntry
from feedgen.feed import FeedGenerator
from markupsafe import Markup

from generator import paths
from generator.dates import PartialDate, display_range
from generator.markup import ROOT
from generator.model import Cite, Entity, Event, Source, Timeline

#: Entries per feed: the newest events by date. Feeds are polled often; a longer history
#: is in /data/timeline.json.
FEED_LIMIT = 100

#: (cache key, Markdown) -> sanitized HTML: Renderer.description, shared with the pages.
Describe = Callable[[str, str | None], Markup]

_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
_HREF_RE = re.compile(r'href="([^"]*)"')
_ABSOLUTE_RE = re.compile(r"[a-z][a-z0-9+.-]*:", re.IGNORECASE)


def day_start(date: PartialDate) -> dt.datetime:
    """Midnight UTC of the first day `date` can mean."""
    lo = date.lower()
    return dt.datetime(lo.year, lo.month, lo.day, tzinfo=dt.UTC)


def build_time(t: Timeline) -> dt.datetime:
    """SOURCE_DATE_EPOCH when set (reproducible builds), else the newest event date."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC)
    if not t.events:
        return _EPOCH
    return max(day_start(ev.date) for ev in t.events)


def entity_page(base: str, entity: Entity) -> str:
    return base + paths.entity_url(entity.kind, entity.id)


def event_link(t: Timeline, base: str, ev: Event) -> str:
    """The event's permanent address, absolute: its anchor on its home entity's page."""
    return entity_page(base, t.entities[ev.home]) + "#" + ev.id


def absolutize(fragment: str, base: str, page_url: str) -> str:
    """Make the links of rendered HTML absolute.

    Mentions carry the root marker; contributors' relative links are relative to the
    page the text is shown on (`page_url`).
    """
    fragment = fragment.replace(ROOT, base)

    def fix(m: re.Match[str]) -> str:
        href = html.unescape(m[1])
        if _ABSOLUTE_RE.match(href):
            return m[0]
        return f'href="{html.escape(urljoin(page_url, href))}"'

    return _HREF_RE.sub(fix, fragment)


def _source_html(s: Source, t: Timeline, base: str) -> str:
    title = html.escape(s.title)
    out = f'<a href="{html.escape(s.url)}">{title}</a>' if s.url else f"<cite>{title}</cite>"
    if s.publisher_id:
        pub = t.entities[s.publisher_id]
        out += f', <a href="{html.escape(entity_page(base, pub))}">{html.escape(pub.name)}</a>'
    elif s.publisher:
        out += ", " + html.escape(s.publisher)
    if s.date:
        out += ", " + html.escape(s.date.display())
    if s.kind:
        out += f" ({html.escape(s.kind)})"
    return out


def _cite_titles(cites: Sequence[Cite]) -> str:
    return ", ".join(html.escape(c.source.title) for c in cites)


def event_html(t: Timeline, ev: Event, base: str, describe: Describe) -> str:
    """An event as self-contained HTML: date, text, people, tags and its sources."""
    page = entity_page(base, t.entities[ev.home])
    parts = [f"<p><strong>{html.escape(display_range(ev.date, ev.end))}</strong></p>"]
    if ev.description:
        parts.append(absolutize(str(describe("event:" + ev.key, ev.description)), base, page))
    if ev.other_dates:
        dates = [f"{html.escape(ev.date.display())} per {_cite_titles(ev.cites)}"]
        dates += [
            f"{html.escape(o.date.display())} per {_cite_titles(o.cites)}" for o in ev.other_dates
        ]
        parts.append(f"<p>Sources differ: {'; '.join(dates)}.</p>")
        for i, o in enumerate(ev.other_dates, 1):
            if o.note:
                note = describe(f"other:{ev.key}:{i}", o.note)
                parts.append(absolutize(str(note), base, page))
    who = [
        f'<a href="{html.escape(entity_page(base, t.entities[i]))}">'
        f"{html.escape(t.entities[i].name)}</a>"
        for i in ev.everyone
    ]
    parts.append(f"<p>With: {', '.join(who)}</p>")
    if ev.tags:
        tags = [
            f'<a href="{html.escape(base + paths.tag_url(tag))}">{html.escape(tag)}</a>'
            for tag in ev.tags
        ]
        parts.append(f"<p>Tags: {' '.join(tags)}</p>")
    items = []
    for cite in _unique_cites([*ev.cites, *(c for o in ev.other_dates for c in o.cites)]):
        item = _source_html(cite.source, t, base)
        if cite.quote:
            item += f"<blockquote>“{html.escape(cite.quote)}”</blockquote>"
        if cite.note:
            item += " " + html.escape(cite.note)
        items.append(f"<li>{item}</li>")
    parts.append("<p>Sources:</p><ol>" + "".join(items) + "</ol>")
    return "\n".join(parts)


def _unique_cites(cites: Iterable[Cite]) -> list[Cite]:
    """One cite per source, in order of first citation (a source's quotes are merged)."""
    seen: dict[str, Cite] = {}
    for c in cites:
        if c.source.key not in seen:
            seen[c.source.key] = c
        elif c.quote or c.note:
            first = seen[c.source.key]
            seen[c.source.key] = Cite(
                first.source,
                " … ".join(q for q in (first.quote, c.quote) if q) or None,
                "; ".join(n for n in (first.note, c.note) if n) or None,
            )
    return list(seen.values())


class EventText:
    """Each event's HTML and feed entry, made once per build and shared by every feed and
    export that shows the event (an event is on the timeline of everyone involved)."""

    def __init__(self, t: Timeline, base: str, describe: Describe):
        self.t, self.base, self.describe = t, base, describe
        self._html: dict[str, str] = {}
        self._entries: dict[str, FeedEntry] = {}

    def html(self, ev: Event) -> str:
        if ev.key not in self._html:
            self._html[ev.key] = event_html(self.t, ev, self.base, self.describe)
        return self._html[ev.key]

    def entry(self, ev: Event) -> FeedEntry:
        if ev.key not in self._entries:
            fe = FeedEntry()
            link = event_link(self.t, self.base, ev)
            fe.id(link)
            fe.title(ev.title)
            fe.link(href=link, rel="alternate", type="text/html")
            when = day_start(ev.date)
            fe.published(when)
            fe.updated(when)
            for tag in ev.tags:
                fe.category(term=tag, label=tag)
            fe.content(self.html(ev), type="html")
            self._entries[ev.key] = fe
        return self._entries[ev.key]


def newest_first(events: Sequence[Event]) -> list[Event]:
    """Events by date, newest first (the reverse of the timelines' order)."""
    return list(reversed(events))[:FEED_LIMIT]


def atom_feed(
    events: Sequence[Event],
    *,
    title: str,
    subtitle: str | None,
    feed_url: str,
    page_url: str,
    author: str,
    updated: dt.datetime,
    text: EventText,
) -> str:
    """One Atom document of `events` (already ordered and limited)."""
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
    for ev in events:
        fg.add_entry(text.entry(ev), order="append")
    return fg.atom_str(pretty=True).decode("utf-8")


def feed_files(
    t: Timeline,
    site_name: str,
    site_url: str,
    describe: Describe,
    text: EventText | None = None,
    only: Collection[str] | None = None,
) -> dict[str, str]:
    """Every feed of the site (or, with `only`, of those entities): path -> Atom document."""
    base = paths.site_base(site_url)
    text = text or EventText(t, base, describe)
    updated = build_time(t)
    out = {
        paths.SITE_FEED: atom_feed(
            newest_first(t.events),
            title=site_name,
            subtitle="The latest events on the site, by event date.",
            feed_url=base + paths.SITE_FEED,
            page_url=base,
            author=site_name,
            updated=updated,
            text=text,
        )
    }
    for entity in t.entities.values():
        if only is not None and entity.id not in only:
            continue
        path = paths.entity_feed(entity.kind, entity.id)
        out[path] = atom_feed(
            newest_first(t.timelines.get(entity.id, ())),
            title=f"{entity.name} · {site_name}",
            subtitle=entity.summary,
            feed_url=base + path,
            page_url=entity_page(base, entity),
            author=site_name,
            updated=updated,
            text=text,
        )
    return out
