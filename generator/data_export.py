"""/data/timeline.json: every entity, role, event and source, normalized, with dates as
written plus their sortable bounds.

Its JSON Schema is `export_schemas.DATA_SCHEMA`, published as `/data/timeline.schema.json`
and committed as `schema/timeline-data.schema.json` (`python -m generator.export_schemas`
rewrites that file; a test fails on drift).
"""

from __future__ import annotations

from typing import Any

from generator import paths
from generator.content_models import FORMAT_VERSION
from generator.dates import PartialDate, Precision
from generator.feeds import entity_page, event_link
from generator.model import Cite, Correction, Entity, Event, Image, Role, Source, Timeline

_PRECISION = {Precision.YEAR: "year", Precision.MONTH: "month", Precision.DAY: "day"}


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


def _image(img: Image | None, base: str) -> dict[str, Any] | None:
    if img is None:
        return None
    return {
        "file": img.file,
        "url": base + img.file,
        "type": img.mime,
        "width": img.width,
        "height": img.height,
        "alt": img.alt,
        "credit": img.credit,
        "caption": img.caption,
    }


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
        "image": _image(e.image, base),
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
        "updated": ev.updated.isoformat(),
        "image": _image(ev.image, base),
    }


def dataset(t: Timeline, site_name: str, site_url: str) -> dict[str, Any]:
    """The whole normalized dataset, as /data/timeline.json publishes it."""
    base = paths.site_base(site_url)
    return {
        "$schema": base + paths.DATA_SCHEMA,
        "version": FORMAT_VERSION,
        "site": {"name": site_name, "url": base},
        "entities": [_entity(e, base) for e in t.entities.values()],
        "roles": [_role(r, t, base) for r in t.all_roles],
        "events": [_event(ev, t, base) for ev in t.events],
        "sources": [_source(s) for _, s in sorted(t.sources.items())],
        "former_ids": dict(t.former_ids),
    }
