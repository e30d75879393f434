"""JSON Schemas of the exports: /data/timeline.json and the TimelineJS fields we write.

The first is published beside the data; the second is what the tests check.

`python -m generator.export_schemas` rewrites schema/timeline-data.schema.json; a test
checks that the committed file matches.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from generator import paths
from generator.content_models import FORMAT_VERSION

SCHEMA_FILE = Path(__file__).resolve().parent.parent / "schema" / "timeline-data.schema.json"


def _nullable(schema: dict[str, Any]) -> dict[str, Any]:
    return {"anyOf": [schema, {"type": "null"}]}


def _object(properties: dict[str, Any], description: str | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {
        "type": "object",
        "required": sorted(properties),
        "additionalProperties": False,
        "properties": properties,
    }
    if description:
        out["description"] = description
    return out


_ID = {"type": "string", "pattern": f"^{paths.ID_RE.pattern}$", "maxLength": paths.MAX_ID_LENGTH}
_TEXT = {"type": "string"}
_URL = {"type": "string", "format": "uri", "pattern": "^(https?|mailto):"}
_DAY = {"type": "string", "format": "date", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"}
_CITES = {"type": "array", "items": {"$ref": "#/$defs/cite"}}
_CORRECTIONS = {
    "type": "array",
    "items": {"$ref": "#/$defs/correction"},
    "description": "Corrections made after publication, oldest first.",
}

#: JSON Schema (2020-12) of /data/timeline.json.
DATA_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "Timeline data export (/data/timeline.json)",
    "description": (
        "Every entity, role, event and source of a timeline site. Markdown fields are as "
        "the editors wrote them ([[id]] mentions included): render and sanitize them "
        "before showing them."
    ),
    **_object(
        {
            "$schema": {"type": "string", "description": "Address of this schema."},
            "version": {"const": FORMAT_VERSION},
            "site": _object({"name": _TEXT, "url": _URL}),
            "entities": {"type": "array", "items": {"$ref": "#/$defs/entity"}},
            "roles": {"type": "array", "items": {"$ref": "#/$defs/role"}},
            "events": {
                "type": "array",
                "items": {"$ref": "#/$defs/event"},
                "description": "Every event once, oldest first.",
            },
            "sources": {"type": "array", "items": {"$ref": "#/$defs/source"}},
            "former_ids": {
                "type": "object",
                "description": "Former id -> current id (old URLs redirect).",
                "propertyNames": _ID,
                "additionalProperties": _ID,
            },
        }
    ),
    "$defs": {
        "date": _object(
            {
                "edtf": {
                    "type": "string",
                    "pattern": r"^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?[?~%]?$",
                    "description": "As written: YYYY, YYYY-MM or YYYY-MM-DD, maybe ?, ~ or %.",
                },
                "precision": {"enum": ["year", "month", "day"]},
                "uncertain": {"type": "boolean"},
                "approximate": {"type": "boolean"},
                "earliest": {**_DAY, "description": "First day the date can mean (sort by it)."},
                "latest": {**_DAY, "description": "Last day the date can mean."},
            },
            "A partial date.",
        ),
        "cite": _object(
            {
                "source": {"type": "string", "description": "A key of `sources`."},
                "quote": _nullable(_TEXT),
                "note": _nullable(_TEXT),
            }
        ),
        "image": _object(
            {
                "file": {
                    **_TEXT,
                    "description": "Its path in the site (and under content/static/).",
                },
                "url": {**_URL, "description": "Its address."},
                "type": {"enum": ["image/png", "image/jpeg", "image/webp", "image/avif"]},
                "width": {"type": "integer", "minimum": 1, "description": "As shown, px."},
                "height": {"type": "integer", "minimum": 1, "description": "As shown, px."},
                "alt": {**_TEXT, "description": "What it shows (alt text)."},
                "credit": {**_TEXT, "description": "Whose it is, its licence."},
                "caption": _nullable(_TEXT),
            },
            "A picture of the site's own, with its credit.",
        ),
        "correction": _object(
            {
                "date": {**_DAY, "description": "The day the correction was made."},
                "note": {**_TEXT, "description": "What was corrected (plain text)."},
                "sources": _CITES,
            },
            "A correction readers are told about.",
        ),
        "source": _object(
            {
                "id": {
                    "type": "string",
                    "description": "Its id in sources.yaml, or `inline--<hash>` if inline "
                    "(no id contains '--').",
                },
                "shared": {"type": "boolean", "description": "Listed in sources.yaml."},
                "title": _TEXT,
                "publisher": _nullable(_TEXT),
                "publisher_id": _nullable({**_ID, "description": "The publisher's entity."}),
                "url": _nullable(_URL),
                "date": _nullable({"$ref": "#/$defs/date"}),
                "kind": _nullable(_TEXT),
                "archive": _nullable(
                    {**_URL, "description": "An archived copy (Wayback Machine, archive.today)."}
                ),
                "accessed": _nullable(
                    {"$ref": "#/$defs/date", "description": "When the editor read it."}
                ),
            }
        ),
        "entity": _object(
            {
                "id": _ID,
                "kind": {"enum": ["person", "organization"]},
                "name": _TEXT,
                "url": _URL,
                "feed": {**_URL, "description": "Its Atom feed."},
                "summary": _nullable(_TEXT),
                "description": _nullable({**_TEXT, "description": "Markdown."}),
                "aliases": {"type": "array", "items": _TEXT},
                "links": {"type": "array", "items": _object({"title": _TEXT, "url": _URL})},
                "wikidata": _nullable({"type": "string", "pattern": "^Q[1-9][0-9]*$"}),
                "start": _nullable({"$ref": "#/$defs/date", "description": "Born or founded."}),
                "end": _nullable({"$ref": "#/$defs/date", "description": "Died or dissolved."}),
                "former_ids": {"type": "array", "items": _ID},
                "corrections": _CORRECTIONS,
                "image": _nullable({"$ref": "#/$defs/image"}),
            }
        ),
        "role": _object(
            {
                "person": _ID,
                "organization": _ID,
                "url": _URL,
                "title": _nullable(_TEXT),
                "start": {"$ref": "#/$defs/date"},
                "end": _nullable({"$ref": "#/$defs/date"}),
                "note": _nullable(_TEXT),
                "sources": _CITES,
                "corrections": _CORRECTIONS,
            }
        ),
        "event": _object(
            {
                "home": {**_ID, "description": "The entity whose file holds the event."},
                "id": {**_ID, "description": "Its anchor on the home entity's page."},
                "url": {**_URL, "description": "Its permanent address."},
                "date": {"$ref": "#/$defs/date"},
                "end": _nullable({"$ref": "#/$defs/date"}),
                "title": _TEXT,
                "description": _nullable({**_TEXT, "description": "Markdown."}),
                "with": {"type": "array", "items": _ID},
                "tags": {"type": "array", "items": _ID},
                "sources": {**_CITES, "minItems": 1},
                "other_dates": {
                    "type": "array",
                    "items": _object(
                        {
                            "date": {"$ref": "#/$defs/date"},
                            "sources": _CITES,
                            "note": _nullable({**_TEXT, "description": "Markdown."}),
                        },
                        "Another date some sources give.",
                    ),
                },
                "corrections": _CORRECTIONS,
                "updated": {
                    **_DAY,
                    "description": "The last day it changed as readers see it: its date's "
                    "first day, the day its content last changed (content/changes.lock) or "
                    "its newest correction's, whichever is latest; its feed entry's `updated`.",
                },
                "image": _nullable({"$ref": "#/$defs/image"}),
            }
        ),
    },
}


#: Descriptions of the properties defined above without one ("<$defs name or ''>.<name>"
#: -> text), set by _describe_properties; a test holds that every property has one.
_DESCRIPTIONS = {
    ".version": "The content format's version the site was built from.",
    ".site": "The site: its name and address.",
    ".entities": "Every person and organization, by id.",
    ".roles": "Every role (a person's position at an organization), by person.",
    ".sources": "Every source cited, shared and inline, each once.",
    "site.name": "The site's name (site_name in mkdocs.yml).",
    "site.url": "The site's address.",
    "date.precision": "How much of the date is known: year, month or day.",
    "date.uncertain": "Marked ? (uncertain) or % (both).",
    "date.approximate": "Marked ~ (approximate) or % (both).",
    "cite.quote": "A short quote from the source (Markdown), or null.",
    "cite.note": "What the source says here (plain text), or null.",
    "image.type": "Its media type, read from the file's content.",
    "image.caption": "A line shown under it (plain text), or null.",
    "correction.sources": "Sources for the corrected facts.",
    "source.title": "Its title, or a description of it (plain text).",
    "source.publisher": "Who published it, as written (an entity id is in publisher_id).",
    "source.url": "Its address, or null.",
    "source.date": "When it was published, or null.",
    "source.kind": "article, post, podcast, video, book, website, press-release, report, other.",
    "entity.id": "Its id (the file name); part of its address.",
    "entity.kind": "person or organization.",
    "entity.name": "Its name (plain text).",
    "entity.url": "Its page.",
    "entity.summary": "One line on who or what it is (plain text), or null.",
    "entity.aliases": "Other names it is known by (plain text).",
    "entity.links": "Addresses about it, each {title, url}.",
    "entity.wikidata": "Its Wikidata item (Q42), or null.",
    "entity.former_ids": "Ids it had before a rename (old addresses redirect).",
    "entity.image": "Its picture, or null.",
    "role.person": "The id of the person holding it.",
    "role.organization": "The id of the organization.",
    "role.url": "The person's page, at the role.",
    "role.title": "The role's title (plain text), or null.",
    "role.start": "When it began.",
    "role.end": "When it ended, or null while it lasts.",
    "role.note": "One line of context (plain text), or null.",
    "role.sources": "Where the role is stated.",
    "event.date": "When it happened.",
    "event.end": "The last date of an event that lasted a while, or null.",
    "event.title": "What happened, in one line (plain text).",
    "event.with": "Ids of the other participants (the event is on their timelines too).",
    "event.tags": "Tag ids (a page per tag).",
    "event.sources": "Where it is stated (at least one).",
    "event.other_dates": "Other dates some sources give ('sources differ').",
    "event.image": "Its picture, or null.",
    "event.other_dates.date": "The other date.",
    "event.other_dates.sources": "The sources that give it.",
    "entity.links.title": "The link's text (plain text).",
    "entity.links.url": "The address.",
}


def _describe_properties() -> None:
    """Give DATA_SCHEMA's undescribed properties their _DESCRIPTIONS entry."""
    items = [("", DATA_SCHEMA), *DATA_SCHEMA["$defs"].items()]
    while items:
        name, node = items.pop()
        for prop, sub in node.get("properties", {}).items():
            key = f"{name}.{prop}"
            inner = next(
                (b["description"] for b in sub.get("anyOf", ()) if "description" in b), None
            )
            if "description" not in sub and (key in _DESCRIPTIONS or inner):
                # a nullable's own description is shown where editors look: on the property
                sub["description"] = _DESCRIPTIONS.get(key) or inner
            nested = sub.get("items", {})
            if "properties" in nested:
                items.append((key.lstrip("."), nested))


_describe_properties()

# -- TimelineJS ---------------------------------------------------------------------------

#: The fields TimelineJS 3 reads and requires (the subset this site writes).
_TL_DATE = {
    "type": "object",
    "required": ["year"],
    "additionalProperties": False,
    "properties": {
        "year": {"type": "integer"},
        "month": {"type": "integer", "minimum": 1, "maximum": 12},
        "day": {"type": "integer", "minimum": 1, "maximum": 31},
    },
}
_TL_MEDIA = {
    "type": "object",
    "required": ["url", "alt", "credit"],
    "additionalProperties": False,
    "properties": {
        "url": {"type": "string", "pattern": "^https?://"},
        "alt": {"type": "string", "minLength": 1},
        "credit": {"type": "string", "minLength": 1},
        "caption": {"type": "string"},
        "title": {"type": "string"},
    },
}
_TL_TEXT = {
    "type": "object",
    "required": ["headline"],
    "properties": {"headline": {"type": "string", "minLength": 1}, "text": {"type": "string"}},
}
TIMELINEJS_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "TimelineJS 3 JSON (the fields this site writes)",
    "type": "object",
    "required": ["events"],
    "properties": {
        "title": {
            "type": "object",
            "required": ["text", "autolink"],
            "properties": {"text": _TL_TEXT, "media": _TL_MEDIA, "autolink": {"const": False}},
        },
        "events": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "required": ["start_date", "text", "unique_id", "autolink"],
                "properties": {
                    "start_date": _TL_DATE,
                    "end_date": _TL_DATE,
                    "display_date": {"type": "string"},
                    "text": _TL_TEXT,
                    "media": _TL_MEDIA,
                    "group": {"type": "string"},
                    "unique_id": {"type": "string", "pattern": "^[a-z0-9-]+$"},
                    # TimelineJS auto-links `www.` after sanitizing (see timelinejs.py).
                    "autolink": {"const": False},
                },
            },
        },
        "eras": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["start_date", "end_date", "text"],
                "properties": {"start_date": _TL_DATE, "end_date": _TL_DATE, "text": _TL_TEXT},
            },
        },
    },
}


def schema_text() -> str:
    """The committed and published form of DATA_SCHEMA."""
    return json.dumps(DATA_SCHEMA, indent=2, ensure_ascii=False) + "\n"


if __name__ == "__main__":
    # Rewrite schema/timeline-data.schema.json from DATA_SCHEMA.
    SCHEMA_FILE.write_text(schema_text(), encoding="utf-8")
    sys.stdout.write(f"wrote {SCHEMA_FILE}\n")
