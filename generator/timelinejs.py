"""TimelineJS 3 documents: `/data/timelinejs/index.json` (the site) and
`/data/timelinejs/<id>.json` (one entity's timeline), with its roles as eras.

TimelineJS renders headline, text and group as HTML: every text is escaped for the
readings it gets (see `timelinejs_group`), and each slide's body is the fragment
`Fragments.slide_export` renders once per build.
"""

from __future__ import annotations

import datetime
import html
from typing import Any

from generator import paths
from generator.anchors import event_anchor
from generator.dates import PartialDate, display_range
from generator.feeds import entity_page, event_link
from generator.fragments import Fragments
from generator.limits import TIMELINEJS_LIMIT
from generator.model import Entity, Event, Image, Role, Timeline


def timelinejs_date(d: PartialDate) -> dict[str, int]:
    """A TimelineJS date at the date's precision."""
    out = {"year": d.year}
    if d.month is not None:
        out["month"] = d.month
    if d.day is not None:
        out["day"] = d.day
    return out


def timelinejs_same_date(start: dict[str, int], end: dict[str, int]) -> bool:
    """TimelineJS's own test: an end that matches the start on the start's keys is
    dropped as redundant ({year: 2024} and {year: 2024, month: 2} count as equal)."""
    return all(end.get(key) == value for key, value in start.items())


def _timelinejs_day(day: Any) -> dict[str, int]:
    return {"year": day.year, "month": day.month, "day": day.day}


def _timelinejs_event(fragments: Fragments, ev: Event, here: str | None, base: str) -> dict:
    t = fragments.t
    link = event_link(t, base, ev)
    permanent = f'<p><a href="{html.escape(link)}">Permanent link</a></p>'
    text = f"{fragments.slide_export(ev, base, here)}\n{permanent}"
    out: dict[str, Any] = {"start_date": timelinejs_date(ev.date)}
    if ev.end is not None and not timelinejs_same_date(out["start_date"], timelinejs_date(ev.end)):
        out["end_date"] = timelinejs_date(ev.end)
    out["display_date"] = display_range(ev.date, ev.end)
    out["text"] = {"headline": html.escape(ev.title, quote=False), "text": text}
    if ev.image:
        out["media"] = timelinejs_media(ev.image, base)
    out["group"] = timelinejs_group(t.entities[ev.home].name)
    out["unique_id"] = event_anchor(ev, here)
    out["autolink"] = False
    return out


def timelinejs_media(img: Image, base: str) -> dict[str, str]:
    """A picture as a slide's media: the site's own file (absolute, so an embedding page
    elsewhere loads it), its alt text and tooltip (TimelineJS sets them as properties:
    plain text), and the credit and caption it sets with `innerHTML` (escaped once, quotes
    too)."""
    media = {"url": base + img.file, "alt": img.alt, "credit": html.escape(img.credit)}
    if img.caption:
        media["caption"] = html.escape(img.caption)
        # the tooltip; set as a property (without it TimelineJS escapes the caption again)
        media["title"] = img.caption
    return media


def timelinejs_group(name: str) -> str:
    """A row label for TimelineJS, which strips the group with DOMParser (decoding
    entities once) and then sets the result with `innerHTML` (parsing it as HTML): the
    text is escaped for each of those two readings, so `&lt;img onerror&gt;` or `&amp;`
    in a name shows as written, like in the headlines."""
    return html.escape(html.escape(name, quote=False), quote=False)


def _timelinejs_era(t: Timeline, r: Role, here: str, today: datetime.date) -> dict[str, Any] | None:
    """A role as a TimelineJS era, from its first to its last possible day.

    An ongoing role ends at the build's today (SOURCE_DATE_EPOCH when set) and its
    headline says so. TimelineJS drops an era's end when it equals the start (and then
    rejects the era): a role of one day is left out.
    """
    other = t.entities[r.organization if here == r.person else r.person]
    headline = other.name + (f": {r.title}" if r.title else "")
    if r.end is None:
        ends = [e.end.upper() for e in (t.entities[r.person], t.entities[r.organization]) if e.end]
        end = min([today, *ends])
        if end == today:
            headline += f" (ongoing; shown to {today.day} {today:%b %Y})"
        else:  # a person died or an organization was dissolved with the role open
            headline += " (no end date given)"
    else:
        end = r.end.upper()
    if end <= r.start.lower():
        return None
    return {
        "start_date": _timelinejs_day(r.start.lower()),
        "end_date": _timelinejs_day(end),
        "text": {"headline": html.escape(headline, quote=False)},
    }


def timelinejs_document(
    fragments: Fragments,
    site_name: str,
    site_url: str,
    entity: Entity | None = None,
    *,
    today: datetime.date,
) -> dict[str, Any] | None:
    """A TimelineJS document of one entity's timeline, or of the whole site; its ongoing
    roles end at `today` (the build's, see build.py).

    None when there is no event (TimelineJS refuses a timeline without events).
    """
    t = fragments.t
    base = paths.site_base(site_url)
    here = entity.id if entity else None
    events = (t.timelines.get(entity.id, ()) if entity else t.events)[-TIMELINEJS_LIMIT:]
    if not events:
        return None
    if entity:
        page = entity_page(base, entity)
        count = f"{len(events)} event{'s' if len(events) != 1 else ''}"
        intro = f"<p>{html.escape(entity.summary, quote=False)}</p>" if entity.summary else ""
        title = {
            "headline": html.escape(entity.name, quote=False),
            "text": f'{intro}<p>{count} from the timeline of <a href="{html.escape(page)}">'
            f"{html.escape(entity.name, quote=False)}</a> on {html.escape(site_name)}.</p>",
        }
    else:
        title = {"headline": html.escape(site_name, quote=False), "text": ""}
    slide: dict[str, Any] = {"text": title, "unique_id": "_title", "autolink": False}
    if entity and entity.image:
        slide["media"] = timelinejs_media(entity.image, base)
    doc: dict[str, Any] = {
        # "_" never occurs in an anchor, so the title cannot take an event's id.
        # TimelineJS turns `www.` text into links after its DOMPurify pass, with a pattern
        # that swallows quotes (a live onmouseover): never on, on any slide.
        "title": slide,
        "events": [_timelinejs_event(fragments, ev, here, base) for ev in events],
    }
    if entity:
        eras = [_timelinejs_era(t, r, entity.id, today) for r in t.roles.get(entity.id, ())]
        doc["eras"] = [e for e in eras if e is not None]
    return doc
