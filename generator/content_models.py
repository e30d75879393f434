"""Typed models of one content file: which fields each part of a file has.

The fields' types, each with the rule that looks at the field alone, are in
field_types.py; rules that span fields or files live in rules.py.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    RootModel,
    Tag,
)

from generator.field_types import (
    Accessed,
    ArchiveUrl,
    Date,
    Day,
    EntityName,
    ImagePath,
    Markdown,
    PlainLine,
    PlainText,
    Slug,
    Url,
    Wikidata,
)
from generator.limits import (
    MAX_ALIASES,
    MAX_CORRECTIONS_PER_ITEM,
    MAX_EVENTS_PER_FILE,
    MAX_FORMER_IDS,
    MAX_LINKS,
    MAX_OTHER_DATES_PER_EVENT,
    MAX_PARTICIPANTS_PER_EVENT,
    MAX_QUOTE_LENGTH,
    MAX_ROLES_PER_FILE,
    MAX_SOURCES_PER_ITEM,
    MAX_TAGS_PER_EVENT,
)
from generator.paths import slugify

#: Version of the content format; the export (/data/timeline.json) carries the same.
FORMAT_VERSION = 2

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


class Image(Strict):
    """A picture of an entity or an event (version 2): a file of content/static/ with
    the words that stand for it and whose it is. Shown lazily with its width and height
    (read from the file), its caption and credit; in TimelineJS and JSON-LD too."""

    file: Annotated[
        ImagePath,
        Field(description="Path under content/static/, like images/ada.png."),
    ]
    alt: Annotated[
        PlainLine,
        Field(
            description="What the picture shows, for readers who cannot see it (one "
            "line; not the file name), e.g. 'Head-and-shoulders portrait of Ada "
            "Lovelace, facing left'."
        ),
    ]
    credit: Annotated[
        PlainLine,
        Field(
            description="Whose picture it is and under which licence, e.g. 'Photo: Jane "
            "Doe, CC BY 4.0'. Required: publish only pictures you may publish."
        ),
    ]
    caption: Annotated[
        PlainLine | None,
        Field(description="A line shown under the picture (plain text)."),
    ] = None


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
    image: Image | None = None


class Role(Strict):
    organization: Slug
    title: PlainLine | None = None
    start: Date
    end: Date | None = None
    sources: Annotated[list[SourceItem], Field(max_length=MAX_SOURCES_PER_ITEM)] = []
    note: PlainLine | None = None
    corrections: Corrections = []


class Entity(Strict):
    name: EntityName
    summary: PlainLine | None = None
    description: Markdown | None = None
    aliases: Annotated[list[PlainLine], Field(max_length=MAX_ALIASES)] = []
    links: Annotated[list[Link], Field(max_length=MAX_LINKS)] = []
    wikidata: Wikidata | None = None
    former_ids: Annotated[list[Slug], Field(max_length=MAX_FORMER_IDS)] = []
    corrections: Corrections = []
    image: Image | None = None
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
