"""The types of content fields, each with the rule that looks at the field alone: plain
text, Markdown, ids, URLs, dates, Wikidata ids.

Every scalar reaches them as the string the editor wrote (see load.py), so they parse
strings; a refusal is a PydanticCustomError whose type is our problem code.
"""

from __future__ import annotations

import re
from typing import Annotated, Any
from urllib.parse import urlsplit

from pydantic import (
    AfterValidator,
    PlainSerializer,
    PlainValidator,
    StringConstraints,
    WithJsonSchema,
)
from pydantic_core import PydanticCustomError

from generator.characters import describe, direction_control, invisible
from generator.dates import DateError, PartialDate
from generator.limits import (
    MAX_CORRECTION_NOTE_LENGTH,
    MAX_ID_LENGTH,
    MAX_LINE_LENGTH,
    MAX_MARKDOWN_LENGTH,
    MAX_NAME_LENGTH,
    MAX_URL_LENGTH,
)
from generator.paths import ID_RE, URL_SCHEMES, anchor_problem, heading_anchor

_PLAIN_FORBIDDEN_RE = re.compile("[<>\n\r\t]")


def _plain(value: str) -> str:
    """Names, titles, notes: one line of text, no markup, nothing invisible.

    Text is NFC already (load.decode normalises whole files); invisible and direction
    characters are refused by Unicode property (generator.characters)."""
    bad = _PLAIN_FORBIDDEN_RE.search(value)
    if bad:
        char = bad.group()
        what = f"'{char}'" if char in "<>" else "a line break or tab"
        raise PydanticCustomError(
            "invalid-text", "plain text may not contain {what}", {"what": what}
        )
    hidden = invisible(value)
    if hidden:
        raise PydanticCustomError(
            "invalid-text",
            "plain text may not contain the invisible or direction-changing character {what}",
            {"what": describe(hidden.group())},
        )
    if value != value.strip() or not value:
        raise PydanticCustomError(
            "invalid-text", "must not be empty or start or end with spaces", {}
        )
    return value


def _name(value: str) -> str:
    """An entity's name is its page's first heading: its anchor must not be the theme's."""
    why = anchor_problem(heading_anchor(value))
    if why:
        raise PydanticCustomError(
            "invalid-text", "the page heading's anchor {why}; rename", {"why": why}
        )
    return value


def _markdown(value: str) -> str:
    bad = direction_control(value)
    if bad:
        raise PydanticCustomError(
            "invalid-text",
            "text may not contain the direction-changing character {what}",
            {"what": describe(bad.group())},
        )
    return value


#: Ids and dates already found valid: a site names a few thousand ids and days over and
#: over, and a set or dict lookup is cheaper than the regex (and the parse). Bounded: once
#: full, further values are checked without being remembered.
_MEMO_SIZE = 1 << 16
_valid_ids: set[str] = set()
_valid_dates: dict[str, PartialDate] = {}


def _slug(value: str) -> str:
    if value in _valid_ids:
        return value
    if not ID_RE.fullmatch(value) or len(value) > MAX_ID_LENGTH:
        raise PydanticCustomError(
            "invalid-id",
            "'{value}' is not a valid id: use lowercase a-z, digits and single hyphens, "
            "at most {n} characters",
            {"value": value, "n": MAX_ID_LENGTH},
        )
    if len(_valid_ids) < _MEMO_SIZE:
        _valid_ids.add(value)
    return value


def _url(value: str) -> str:
    parts = urlsplit(value)
    ok = (
        parts.scheme in URL_SCHEMES
        and value == value.strip()
        # whitespace, markup, and invisible or direction-changing characters (spoofing)
        and not re.search("[\\s<>\"'`\\\\]", value)
        and not invisible(value)
        and (bool(parts.netloc) if parts.scheme != "mailto" else bool(parts.path))
    )
    if not ok:
        raise PydanticCustomError(
            "invalid-url",
            "'{value}' is not an allowed URL: use an absolute https://, http:// or mailto: URL",
            {"value": value},
        )
    return value


def _date(value: Any) -> PartialDate:
    if isinstance(value, PartialDate):
        return value
    if not isinstance(value, str):
        raise PydanticCustomError("wrong-type", "expected a date like 2024-02-12", {})
    known = _valid_dates.get(value)
    if known is not None:
        return known  # dates are immutable: one object may stand for every `2024-02-12`
    try:
        parsed = PartialDate.parse(value)
    except DateError as exc:
        raise PydanticCustomError("invalid-date", str(exc), {}) from None
    if len(_valid_dates) < _MEMO_SIZE:
        _valid_dates[value] = parsed
    return parsed


def _wikidata(value: str) -> str:
    if not re.fullmatch(r"Q[1-9][0-9]{0,11}", value):
        raise PydanticCustomError(
            "invalid-value", "'{value}' is not a Wikidata id (like Q42)", {"value": value}
        )
    return value


PlainLine = Annotated[str, StringConstraints(max_length=MAX_LINE_LENGTH), AfterValidator(_plain)]
#: An entity's name, the first heading of its page.
EntityName = Annotated[
    PlainLine, StringConstraints(max_length=MAX_NAME_LENGTH), AfterValidator(_name)
]
Markdown = Annotated[
    str, StringConstraints(max_length=MAX_MARKDOWN_LENGTH), AfterValidator(_markdown)
]
Slug = Annotated[
    str,
    AfterValidator(_slug),
    WithJsonSchema({"type": "string", "pattern": f"^{ID_RE.pattern}$", "maxLength": MAX_ID_LENGTH}),
]
Url = Annotated[
    str,
    StringConstraints(max_length=MAX_URL_LENGTH),
    AfterValidator(_url),
    WithJsonSchema({"type": "string", "pattern": r"^(https?://\S+|mailto:\S+)$"}),
]
Date = Annotated[
    PartialDate,
    PlainValidator(_date),
    PlainSerializer(str, return_type=str),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": r"^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?[?~%]?$",
            "description": "YYYY, YYYY-MM or YYYY-MM-DD, optionally followed by "
            "? (uncertain), ~ (approximate) or % (both)",
        }
    ),
]
Wikidata = Annotated[
    str,
    AfterValidator(_wikidata),
    WithJsonSchema({"type": "string", "pattern": r"^Q[1-9][0-9]{0,11}$"}),
]


def _web_url(value: str) -> str:
    if not value.startswith(("https://", "http://")):
        raise PydanticCustomError(
            "invalid-url",
            "'{value}' is not an archived copy's address: use an absolute https:// or http:// URL",
            {"value": value},
        )
    return value


ArchiveUrl = Annotated[
    Url,
    AfterValidator(_web_url),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": r"^https?://\S+$",
            "description": "The address of an archived copy of the source (a Wayback Machine "
            "or archive.today URL), shown beside the original so a reader can still read it "
            "when the original moves or disappears. `timeline links` checks it too.",
        }
    ),
]
Accessed = Annotated[
    Date,
    WithJsonSchema(
        {
            "type": "string",
            "pattern": r"^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?[?~%]?$",
            "description": "When the source was read (YYYY, YYYY-MM or YYYY-MM-DD): shown "
            "as 'accessed 3 Mar 2024', as citation styles do for web pages.",
        }
    ),
]


def _full_day(value: PartialDate) -> PartialDate:
    if value.day is None or value.qualified:
        raise PydanticCustomError(
            "invalid-date",
            "'{value}': a correction's date is the day it was made: write YYYY-MM-DD, "
            "without ?, ~ or %",
            {"value": str(value)},
        )
    return value


Day = Annotated[
    Date,
    AfterValidator(_full_day),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$",
            "description": "The day the correction was made: YYYY-MM-DD.",
        }
    ),
]
PlainText = Annotated[
    str, StringConstraints(max_length=MAX_CORRECTION_NOTE_LENGTH), AfterValidator(_plain)
]


_IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".webp", ".avif")


def _image_path(value: str) -> str:
    """An image's file: a path under content/static/, never an address elsewhere."""
    if re.match(r"[a-zA-Z][a-zA-Z0-9+.-]*:", value) or value.startswith("//"):
        raise PydanticCustomError(
            "invalid-image",
            "'{value}' is an address: images are never loaded from elsewhere; save the "
            "file under content/static/ (with its licence) and give its path there, like "
            "images/ada.png",
            {"value": value},
        )
    parts = value.split("/")
    if value.startswith("/") or "\\" in value or any(p in ("", ".", "..") for p in parts):
        raise PydanticCustomError(
            "invalid-image",
            "'{value}' is not a path under content/static/: write it like images/ada.png "
            "(no leading /, no .., forward slashes)",
            {"value": value},
        )
    if not value.lower().endswith(_IMAGE_SUFFIXES):
        why = (
            " (SVG can hold scripts; export it as PNG or WebP)"
            if value.lower().endswith(".svg")
            else ""
        )
        raise PydanticCustomError(
            "invalid-image",
            "'{value}': an image is a PNG, JPEG, WebP or AVIF file (.png, .jpg, .jpeg, "
            ".webp, .avif){why}",
            {"value": value, "why": why},
        )
    return value


ImagePath = Annotated[
    str,
    StringConstraints(max_length=MAX_URL_LENGTH),
    AfterValidator(_plain),
    AfterValidator(_image_path),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": r"^[^/\\:][^:\\]*\.(png|jpe?g|webp|avif|PNG|JPE?G|WEBP|AVIF)$",
            "description": "The image's path under content/static/, like images/ada.png: a "
            "PNG, JPEG, WebP or AVIF file (checked by its content, not its name). Never an "
            "address elsewhere.",
        }
    ),
]
