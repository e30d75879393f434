"""Machine-readable exports: the whole dataset, TimelineJS files and schema.org JSON-LD.

- `/data/timeline.json`: every entity, role, event and source, normalized, with dates
  as written plus their sortable bounds; its JSON Schema is `export_schemas.DATA_SCHEMA`,
  published as `/data/timeline.schema.json` and committed as
  `schema/timeline-data.schema.json` (`python3.11 -m generator.export_schemas` rewrites
  that file; a test fails on drift).
- `/data/timelinejs/index.json` and `/data/timelinejs/<id>.json`: TimelineJS 3 timelines.
- JSON-LD (`ProfilePage` with a `Person` or `Organization`) in each entity page's head,
  passed to the theme through the page's front matter.

Everything is built as data and serialized with json.dumps; nothing is concatenated.
"""

from __future__ import annotations

import datetime
import html
import json
import re
from collections.abc import Collection, Iterator
from typing import Any

from generator import paths, redirects
from generator.dates import PartialDate, Precision, display_range, today_from_env
from generator.export_schemas import FORMAT_VERSION, schema_text
from generator.feeds import entity_page, event_link, feed_files
from generator.fragments import Fragments, event_anchor
from generator.limits import TIMELINEJS_LIMIT
from generator.model import Cite, Correction, Entity, Event, Role, Source, Timeline

_PRECISION = {Precision.YEAR: "year", Precision.MONTH: "month", Precision.DAY: "day"}


# -- /data/timeline.json ------------------------------------------------------------------


def date_data(d: PartialDate | None) -> dict[str, Any] | None:
    """A date as written (EDTF) plus what it can mean: its first and last day."""
    if d is None:
        return None
    return {
        "edtf": str(d),
        "precision": _PRECISION[d.precision],
        "uncertain": d.uncertain,
        "approximate": d.approximate,
        "earliest": d.lower().isoformat(),
        "latest": d.upper().isoformat(),
    }


def _cites(cites: tuple[Cite, ...]) -> list[dict[str, Any]]:
    return [{"source": c.source.key, "quote": c.quote, "note": c.note} for c in cites]


def _corrections(items: tuple[Correction, ...]) -> list[dict[str, Any]]:
    """Oldest first, as written; each with the day it was made."""
    return [{"date": c.date.iso(), "note": c.note, "sources": _cites(c.cites)} for c in items]


def _source(s: Source) -> dict[str, Any]:
    return {
        "id": s.key,
        "shared": s.shared,
        "title": s.title,
        "publisher": s.publisher,
        "publisher_id": s.publisher_id,
        "url": s.url,
        "date": date_data(s.date),
        "kind": s.kind,
        "archive": s.archive,
        "accessed": date_data(s.accessed),
    }


def _entity(e: Entity, base: str) -> dict[str, Any]:
    return {
        "id": e.id,
        "kind": e.kind,
        "name": e.name,
        "url": entity_page(base, e),
        "feed": base + paths.entity_feed(e.kind, e.id),
        "summary": e.summary,
        "description": e.description,
        "aliases": list(e.aliases),
        "links": [{"title": title, "url": url} for title, url in e.links],
        "wikidata": e.wikidata,
        "start": date_data(e.start),
        "end": date_data(e.end),
        "former_ids": list(e.former_ids),
        "corrections": _corrections(e.corrections),
    }


def _role(r: Role, t: Timeline, base: str) -> dict[str, Any]:
    return {
        "person": r.person,
        "organization": r.organization,
        "url": entity_page(base, t.entities[r.person]) + f"#role-{r.index}",
        "title": r.title,
        "start": date_data(r.start),
        "end": date_data(r.end),
        "note": r.note,
        "sources": _cites(r.cites),
        "corrections": _corrections(r.corrections),
    }


def _event(ev: Event, t: Timeline, base: str) -> dict[str, Any]:
    return {
        "home": ev.home,
        "id": ev.id,
        "url": event_link(t, base, ev),
        "date": date_data(ev.date),
        "end": date_data(ev.end),
        "title": ev.title,
        "description": ev.description,
        "with": list(ev.participants),
        "tags": list(ev.tags),
        "sources": _cites(ev.cites),
        "other_dates": [
            {"date": date_data(o.date), "sources": _cites(o.cites), "note": o.note}
            for o in ev.other_dates
        ],
        "corrections": _corrections(ev.corrections),
    }


def dataset(t: Timeline, site_name: str, site_url: str) -> dict[str, Any]:
    """The whole normalized dataset, as /data/timeline.json publishes it."""
    base = paths.site_base(site_url)
    roles = sorted(dict.fromkeys(r for rs in t.roles.values() for r in rs), key=Role.sort_key)
    return {
        "$schema": base + paths.DATA_SCHEMA,
        "version": FORMAT_VERSION,
        "site": {"name": site_name, "url": base},
        "entities": [_entity(e, base) for e in t.entities.values()],
        "roles": [_role(r, t, base) for r in roles],
        "events": [_event(ev, t, base) for ev in t.events],
        "sources": [_source(s) for _, s in sorted(t.sources.items())],
        "former_ids": dict(t.former_ids),
    }


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
    out["group"] = timelinejs_group(t.entities[ev.home].name)
    out["unique_id"] = event_anchor(ev, here)
    out["autolink"] = False
    return out


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


def timelinejs(
    fragments: Fragments,
    site_name: str,
    site_url: str,
    entity: Entity | None = None,
) -> dict[str, Any] | None:
    """A TimelineJS document of one entity's timeline, or of the whole site.

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
    doc: dict[str, Any] = {
        # "_" never occurs in an anchor, so the title cannot take an event's id.
        # TimelineJS turns `www.` text into links after its DOMPurify pass, with a pattern
        # that swallows quotes (a live onmouseover): never on, on any slide.
        "title": {"text": title, "unique_id": "_title", "autolink": False},
        "events": [_timelinejs_event(fragments, ev, here, base) for ev in events],
    }
    if entity:
        today = today_from_env()
        eras = [_timelinejs_era(t, r, entity.id, today) for r in t.roles.get(entity.id, ())]
        doc["eras"] = [e for e in eras if e is not None]
    return doc


# -- schema.org JSON-LD -------------------------------------------------------------------


def _node_id(base: str, e: Entity) -> str:
    """The JSON-LD `@id` of an entity: its page's address with `#person` or
    `#organization`, the same on its own page and wherever another page names it, so a
    consumer merges the nodes of different pages into one."""
    return entity_page(base, e) + "#" + e.kind


def _ref(t: Timeline, base: str, entity_id: str) -> dict[str, Any]:
    e = t.entities[entity_id]
    kind = "Person" if e.kind == "person" else "Organization"
    return {"@type": kind, "@id": _node_id(base, e), "name": e.name, "url": entity_page(base, e)}


def _certain_dates(out: dict[str, Any], dates: dict[str, tuple[str, PartialDate | None]]) -> None:
    """Set each date property whose date is certain; state the qualified ones in words.

    schema.org dates have no way to say "about" or "perhaps": a consumer reads
    `"startDate": "2011"` as a fact. So a date marked approximate (`~`) or uncertain (`?`)
    is left out of the date property, and the `description` says what the page says
    ("start: c. 2011 (approximate)"). A certain date keeps only its known precision
    (`2011`, `2011-06`, `2011-06-01`)."""
    notes = []
    for key, (label, d) in dates.items():
        if d is None:
            continue
        if d.qualified:
            what = "approximate" if d.approximate else ""
            what += (" and " if what else "") + "uncertain" if d.uncertain else ""
            notes.append(f"{label}: {d.display()} ({what})")
        else:
            out[key] = d.iso()
    if notes:
        text = "; ".join(notes) + "."
        out["description"] = f"{out['description']} {text}" if out.get("description") else text


def _role_ld(t: Timeline, base: str, r: Role, person_page: bool) -> dict[str, Any]:
    key = "memberOf" if person_page else "member"
    out: dict[str, Any] = {
        "@type": "OrganizationRole",
        key: _ref(t, base, r.organization if person_page else r.person),
    }
    if r.title:
        out["roleName"] = r.title
    _certain_dates(out, {"startDate": ("start", r.start), "endDate": ("end", r.end)})
    return out


def profile_jsonld(t: Timeline, site_name: str, site_url: str, entity: Entity) -> dict[str, Any]:
    """schema.org `ProfilePage` whose `mainEntity` is the entity, with its roles."""
    base = paths.site_base(site_url)
    page = entity_page(base, entity)
    person = entity.kind == "person"
    main: dict[str, Any] = {
        "@type": "Person" if person else "Organization",
        "@id": _node_id(base, entity),
        "name": entity.name,
        "url": page,
    }
    if entity.aliases:
        main["alternateName"] = list(entity.aliases)
    if entity.summary:
        main["description"] = entity.summary
    start_key, end_key = (
        ("birthDate", "deathDate") if person else ("foundingDate", "dissolutionDate")
    )
    born = ("born", "died") if person else ("founded", "dissolved")
    _certain_dates(main, {start_key: (born[0], entity.start), end_key: (born[1], entity.end)})
    same_as = [url for _, url in entity.links]
    if entity.wikidata:
        same_as.append(f"https://www.wikidata.org/wiki/{entity.wikidata}")
    if same_as:
        main["sameAs"] = same_as
    roles = [
        _role_ld(t, base, r, person)
        for r in t.roles.get(entity.id, ())
        if (r.person if person else r.organization) == entity.id
    ]
    if roles:
        main["memberOf" if person else "member"] = roles
    out: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "ProfilePage",
        "url": page,
        "name": entity.name,
        "isPartOf": {"@type": "WebSite", "name": site_name, "url": base},
        "mainEntity": main,
    }
    fixes = [*entity.corrections]
    for r in t.roles.get(entity.id, ()):
        fixes += r.corrections if r.person == entity.id or not person else ()
    for ev in t.timelines.get(entity.id, ()):
        fixes += ev.corrections if ev.home == entity.id else ()
    if fixes:
        out["correction"] = [
            {"@type": "CorrectionComment", "text": c.note, "datePublished": c.date.iso()}
            for c in sorted(fixes, key=lambda c: c.date.sort_key(), reverse=True)
        ]
    cited = _page_sources(t, entity)
    if cited:
        out["citation"] = [_source_ld(t, base, s) for s in cited]
    return out


def _page_sources(t: Timeline, entity: Entity) -> list[Source]:
    """The sources cited on an entity's page (its events and roles), in order of first use."""
    seen: dict[str, Source] = {}
    for ev in t.timelines.get(entity.id, ()):
        for c in (*ev.cites, *(c for o in ev.other_dates for c in o.cites)):
            seen.setdefault(c.source.key, c.source)
    for r in t.roles.get(entity.id, ()):
        for c in r.cites:
            seen.setdefault(c.source.key, c.source)
    return list(seen.values())


def _source_ld(t: Timeline, base: str, s: Source) -> dict[str, Any]:
    """A source as a schema.org CreativeWork; its archived copy as `archivedAt`."""
    out: dict[str, Any] = {"@type": "CreativeWork", "name": s.title}
    if s.url:
        out["url"] = s.url
    if s.archive:
        out["archivedAt"] = s.archive
    _certain_dates(out, {"datePublished": ("published", s.date)})
    if s.publisher_id:
        out["publisher"] = _ref(t, base, s.publisher_id)
    elif s.publisher:
        out["publisher"] = {"@type": "Organization", "name": s.publisher}
    return out


# Characters escaped in embedded JSON: HTML's specials (so `</script>` can never appear),
# and what YAML refuses or reads as a line break inside a front-matter string.
_UNSAFE_RE = re.compile("[<>&\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff\ud800-\udfff]")


def safe_json(value: Any) -> str:
    """JSON on one line with `<`, `>`, `&` and YAML-unsafe characters as \\u escapes.

    The result is valid JSON and valid YAML (for front matter), and safe in a <script>.
    """
    text = json.dumps(value, ensure_ascii=False, separators=(", ", ": "))
    return _UNSAFE_RE.sub(lambda m: f"\\u{ord(m[0]):04x}", text)


def front_matter(t: Timeline, site_name: str, site_url: str, entity: Entity) -> str:
    """YAML front matter of an entity page: what the theme puts in the page's head."""
    meta = {
        "timeline_feed": paths.entity_feed(entity.kind, entity.id),
        "timeline_feed_title": f"{entity.name} · {site_name}",
        "timeline_jsonld": profile_jsonld(t, site_name, site_url, entity),
    }
    return meta_block(meta)


def meta_block(meta: dict[str, Any]) -> str:
    """A page's YAML front matter: one key per line, each value as safe JSON."""
    lines = [f"{key}: {safe_json(value)}" for key, value in meta.items()]
    return "---\n" + "\n".join(lines) + "\n---\n"


# -- files --------------------------------------------------------------------------------


def _dump(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")) + "\n"


def export_files(
    fragments: Fragments,
    site_name: str,
    site_url: str,
    only: Collection[str] | None = None,
) -> Iterator[tuple[str, str]]:
    """Every export of the site (or, with `only`, of those entities): (path, JSON text),
    one file at a time."""
    t = fragments.t
    yield paths.DATA_EXPORT, _dump(dataset(t, site_name, site_url))
    yield paths.DATA_SCHEMA, schema_text()
    doc = timelinejs(fragments, site_name, site_url)
    if doc is not None:
        yield paths.TIMELINEJS_SITE, _dump(doc)
    for entity in t.entities.values():
        if only is not None and entity.id not in only:
            continue
        doc = timelinejs(fragments, site_name, site_url, entity)
        if doc is not None:
            yield paths.timelinejs(entity.id), _dump(doc)


def published_files(
    fragments: Fragments,
    site_name: str,
    site_url: str,
    only: Collection[str] | None = None,
    fixed_time: datetime.datetime | None = None,
) -> Iterator[tuple[str, str]]:
    """Feeds, exports and redirect pages: (docs-relative path, text), one at a time.

    Each event's HTML is the fragment `fragments.event_export` renders once per build.
    `only` limits the per-entity files to those entities (site-wide files are always made).
    """
    yield from feed_files(fragments, site_name, site_url, only, fixed_time)
    yield from export_files(fragments, site_name, site_url, only)
    yield from redirects.redirect_files(fragments.t, site_url).items()
