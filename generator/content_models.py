"""Typed models of one content file; rules that look at a single field live here.

Every scalar reaches these models as the string the editor wrote (see load.py), so the
types below parse strings. Rules that span fields or files live in rules.py.
"""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal
from urllib.parse import urlsplit

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    PlainSerializer,
    PlainValidator,
    RootModel,
    StringConstraints,
    Tag,
    WithJsonSchema,
)
from pydantic_core import PydanticCustomError

from generator.characters import describe, direction_control, invisible
from generator.dates import DateError, PartialDate
from generator.limits import (
    MAX_ALIASES,
    MAX_CORRECTION_NOTE_LENGTH,
    MAX_CORRECTIONS_PER_ITEM,
    MAX_EVENTS_PER_FILE,
    MAX_FORMER_IDS,
    MAX_ID_LENGTH,
    MAX_LINE_LENGTH,
    MAX_LINKS,
    MAX_MARKDOWN_LENGTH,
    MAX_NAME_LENGTH,
    MAX_OTHER_DATES_PER_EVENT,
    MAX_PARTICIPANTS_PER_EVENT,
    MAX_QUOTE_LENGTH,
    MAX_ROLES_PER_FILE,
    MAX_SOURCES_PER_ITEM,
    MAX_TAGS_PER_EVENT,
    MAX_URL_LENGTH,
)
from generator.paths import ID_RE, anchor_problem, heading_anchor, slugify

FORMAT_VERSION = 2

_PLAIN_FORBIDDEN_RE = re.compile("[<>\n\r\t]")
URL_SCHEMES = ("https", "http", "mailto")


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


def _slug(value: str) -> str:
    if not ID_RE.fullmatch(value) or len(value) > MAX_ID_LENGTH:
        raise PydanticCustomError(
            "invalid-id",
            "'{value}' is not a valid id: use lowercase a-z, digits and single hyphens, "
            "at most {n} characters",
            {"value": value, "n": MAX_ID_LENGTH},
        )
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
    try:
        return PartialDate.parse(value)
    except DateError as exc:
        raise PydanticCustomError("invalid-date", str(exc), {}) from None


def _wikidata(value: str) -> str:
    if not re.fullmatch(r"Q[1-9][0-9]{0,11}", value):
        raise PydanticCustomError(
            "invalid-value", "'{value}' is not a Wikidata id (like Q42)", {"value": value}
        )
    return value


PlainLine = Annotated[str, StringConstraints(max_length=MAX_LINE_LENGTH), AfterValidator(_plain)]
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

SourceKind = Literal[
    "article", "post", "podcast", "video", "book", "press-release", "report", "website", "other"
]


class Strict(BaseModel):
    """Unknown keys are errors: a typo must never be silently ignored."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=False)


class Link(Strict):
    title: PlainLine
    url: Url


class Citation(Strict):
    """A shared source from sources.yaml, cited with an optional quote."""

    id: Slug
    quote: Markdown | None = Field(default=None, max_length=MAX_QUOTE_LENGTH)
    note: PlainLine | None = None


class SourceRecord(Strict):
    """A source: in sources.yaml under its id, or written out where it is cited."""

    title: PlainLine
    publisher: PlainLine | None = None
    url: Url | None = None
    date: Date | None = None
    kind: SourceKind | None = None
    archive: ArchiveUrl | None = None
    accessed: Accessed | None = None


class InlineSource(SourceRecord):
    """A source used once, written out where it is cited."""

    quote: Markdown | None = Field(default=None, max_length=MAX_QUOTE_LENGTH)


def _source_form(value: Any) -> str:
    if isinstance(value, str):
        return "ref"
    if isinstance(value, dict) and "id" in value:
        return "cite"
    return "inline"


SourceItem = Annotated[
    Annotated[Slug, Tag("ref")]
    | Annotated[Citation, Tag("cite")]
    | Annotated[InlineSource, Tag("inline")],
    Discriminator(_source_form),
]
SourceList = Annotated[list[SourceItem], Field(min_length=1, max_length=MAX_SOURCES_PER_ITEM)]


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


class Correction(Strict):
    """A change to published facts that readers should be told about (version 2).

    Shown at the item as "Corrected 3 Mar 2024: …", listed on /corrections/ and in its
    feed; the item's feed entry is marked updated on that day.
    """

    date: Day
    note: Annotated[
        PlainText,
        Field(
            description="What was wrong and what was changed, in plain text (one line, "
            "at most 2,000 characters), e.g. 'The start date was given as 2016; the "
            "dissertation says 2015.'"
        ),
    ]
    sources: Annotated[
        list[SourceItem],
        Field(
            max_length=MAX_SOURCES_PER_ITEM,
            description="Sources for the corrected facts, if new ones.",
        ),
    ] = []


Corrections = Annotated[
    list[Correction],
    Field(
        max_length=MAX_CORRECTIONS_PER_ITEM,
        description="Corrections made to this item after it was published, each "
        "{date, note, sources?}; never delete one.",
    ),
]


class OtherDate(Strict):
    """Another date that some sources give for the same event."""

    date: Date
    sources: SourceList
    note: Markdown | None = None


class Event(Strict):
    id: Slug | None = None
    date: Date
    end: Date | None = None
    title: PlainLine
    description: Markdown | None = None
    with_: Annotated[list[Slug], Field(alias="with", max_length=MAX_PARTICIPANTS_PER_EVENT)] = []
    tags: Annotated[list[Slug], Field(max_length=MAX_TAGS_PER_EVENT)] = []
    sources: SourceList
    other_dates: Annotated[list[OtherDate], Field(max_length=MAX_OTHER_DATES_PER_EVENT)] = []
    corrections: Corrections = []


class Role(Strict):
    organization: Slug
    title: PlainLine | None = None
    start: Date
    end: Date | None = None
    sources: Annotated[list[SourceItem], Field(max_length=MAX_SOURCES_PER_ITEM)] = []
    note: PlainLine | None = None
    corrections: Corrections = []


class Entity(Strict):
    name: Annotated[PlainLine, StringConstraints(max_length=MAX_NAME_LENGTH), AfterValidator(_name)]
    summary: PlainLine | None = None
    description: Markdown | None = None
    aliases: Annotated[list[PlainLine], Field(max_length=MAX_ALIASES)] = []
    links: Annotated[list[Link], Field(max_length=MAX_LINKS)] = []
    wikidata: Wikidata | None = None
    former_ids: Annotated[list[Slug], Field(max_length=MAX_FORMER_IDS)] = []
    corrections: Corrections = []
    events: Annotated[list[Event], Field(max_length=MAX_EVENTS_PER_FILE)] = []


class Person(Entity):
    born: Date | None = None
    died: Date | None = None
    roles: Annotated[list[Role], Field(max_length=MAX_ROLES_PER_FILE)] = []


class Post(Strict):
    """A post at an organization (version 2). `single: true` means one holder at a time:
    `timeline check` warns when two people's roles with this title certainly overlap."""

    title: Annotated[
        PlainLine,
        Field(description="The post's title, as roles write it (compared ignoring case)."),
    ]
    single: Annotated[
        bool,
        Field(description="One holder at a time (a chief executive, a chair)."),
    ] = False


class Organization(Entity):
    founded: Date | None = None
    dissolved: Date | None = None
    posts: Annotated[
        list[Post],
        Field(
            max_length=MAX_ROLES_PER_FILE,
            description="Posts whose holders are checked: `single: true` marks a post "
            "one person holds at a time.",
        ),
    ] = []


class SourceFile(RootModel[dict[Slug, SourceRecord]]):
    """content/sources.yaml: source id -> source."""


def event_id(event: Event) -> str:
    """The event's permanent anchor: its `id`, else `<date>-<slug of title>`.

    The derived form stays stable until the date or title changes; give an explicit
    `id` to keep a permalink through such edits.
    """
    if event.id:
        return event.id
    slug = slugify(event.title) or "event"
    return f"{event.date.iso()}-{slug}"
