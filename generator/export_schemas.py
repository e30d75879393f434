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
                "image": _nullable({"$ref": "#/$defs/image"}),
            }
        ),
    },
}


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
