"""Every machine-readable file of a build, one at a time: the dataset
(data_export.py), its schema (export_schemas.py), TimelineJS documents (timelinejs.py),
feeds (feeds.py) and redirect pages (redirects.py). JSON-LD goes into the pages' heads
instead (jsonld.py).
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Collection, Iterator
from typing import Any

from generator import paths, redirects
from generator.data_export import dataset
from generator.export_schemas import schema_text
from generator.feeds import feed_files
from generator.fragments import Fragments
from generator.timelinejs import timelinejs_document


def _dump(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")) + "\n"


def export_files(
    fragments: Fragments,
    site_name: str,
    site_url: str,
    only: Collection[str] | None = None,
    *,
    today: datetime.date,
) -> Iterator[tuple[str, str]]:
    """Every export of the site (or, with `only`, of those entities): (path, JSON text),
    one file at a time; ongoing roles end at `today`."""
    t = fragments.t
    yield paths.DATA_EXPORT, _dump(dataset(t, site_name, site_url))
    yield paths.DATA_SCHEMA, schema_text()
    doc = timelinejs_document(fragments, site_name, site_url, today=today)
    if doc is not None:
        yield paths.TIMELINEJS_SITE, _dump(doc)
    for entity in t.entities.values():
        if only is not None and entity.id not in only:
            continue
        doc = timelinejs_document(fragments, site_name, site_url, entity, today=today)
        if doc is not None:
            yield paths.timelinejs(entity.id), _dump(doc)


def published_files(
    fragments: Fragments,
    site_name: str,
    site_url: str,
    only: Collection[str] | None = None,
    *,
    today: datetime.date,
) -> Iterator[tuple[str, str]]:
    """Feeds, exports and redirect pages: (docs-relative path, text), one at a time.

    Each event's HTML is the fragment `fragments.event_export` renders once per build.
    `only` limits the per-entity files to those entities (site-wide files are always made);
    `today` is the build's (read from the environment once, by build.py).
    """
    yield from feed_files(fragments, site_name, site_url, only)
    yield from export_files(fragments, site_name, site_url, only, today=today)
    yield from redirects.redirect_files(fragments.t, site_url).items()
