"""What each field of the content format means, with an example: one catalog for the
editor schemas (editor_schemas.py: `markdownDescription`, readable pattern messages)
and the Contributing page's field reference (written between markers by
`python -m generator.field_docs`; a test fails when either drifts from the models).

A field's description comes from the model (a pydantic `description`) when it has one,
else from here; its example always from here. tests/test_field_docs.py holds that every
field of every model has both.
"""

from __future__ import annotations

import functools
import sys

from pydantic import BaseModel

from generator.content_models import (
    Citation,
    Correction,
    Event,
    Image,
    InlineSource,
    Link,
    Organization,
    OtherDate,
    Person,
    Post,
    Role,
    SourceRecord,
)
from generator.error_codes import PAGE, with_section

_DATE = "YYYY, YYYY-MM or YYYY-MM-DD, then ? (uncertain), ~ (approximate) or % (both)"
_SOURCES = (
    "Where this is stated (at least one): a source id from sources.yaml, "
    "`{id, quote?, note?}` to cite one with a quote, or a source written out "
    "`{title, url?, publisher?, date?, kind?, archive?, accessed?, quote?}`."
)
_ENTITY = {
    "name": ("The name shown as the page's heading (plain text, required).", "name: Ada Lovelace"),
    "summary": (
        "One line on who or what this is, shown under the name and in lists.",
        "summary: Mathematician who wrote about the Analytical Engine",
    ),
    "description": (
        "Markdown; mention another entity with `[[id]]` or `[[id|link text]]`.",
        "description: Worked with [[charles-babbage]] on the Analytical Engine.",
    ),
    "aliases": (
        "Other names the entity is known by (plain text each); search finds them.",
        "aliases: [Augusta Ada King, Countess of Lovelace]",
    ),
    "links": (
        "Addresses about the entity (its website, a profile), each `{title, url}`.",
        "links: [{title: Website, url: 'https://example.org/'}]",
    ),
    "wikidata": (
        "The entity's Wikidata item (Q followed by digits), linked from its page.",
        "wikidata: Q7259",
    ),
    "former_ids": (
        "Ids the entity had before a rename (`timeline rename` adds them): old addresses "
        "redirect here, and references to them are errors that name the new id.",
        "former_ids: [ada-byron]",
    ),
    "corrections": (None, "corrections: [{date: 2024-03-03, note: The start was 2015.}]"),
    "image": (
        "A picture of the entity: `{file, alt, credit, caption?}`, the file under content/static/.",
        "image: {file: images/ada.png, alt: Ada at a piano, credit: Public domain}",
    ),
    "events": (
        "What happened, each with `date`, `title` and `sources`; an event shows on the "
        "timeline of its entity and of everyone under its `with`.",
        "events: [{date: 1843, title: Publishes her notes, sources: [notes-1843]}]",
    ),
}
_SOURCE = {
    "title": (
        "The source's title, or a description of it when the exact title is not known "
        "(never an invented headline).",
        "title: Gizmodo article of 15 February 2024 on Andrej Karpathy's departure",
    ),
    "publisher": (
        "Who published it: free text, or an entity id (then linked).",
        "publisher: gizmodo",
    ),
    "url": (
        "The exact address of the source (https://, http:// or mailto:); never guessed.",
        "url: https://example.org/report",
    ),
    "date": ("When the source was published: " + _DATE + ".", 'date: "2024-02-15"'),
    "kind": (
        "One of article, post, podcast, video, book, website, press-release, report, other.",
        "kind: article",
    ),
    "archive": (None, "archive: https://web.archive.org/web/2024/https://example.org/"),
    "accessed": (None, "accessed: 2024-02-16"),
    "quote": (
        "A short quote from the source (Markdown), shown with the citation; say who speaks.",
        "quote: act two",
    ),
}

#: (model name, field alias) -> (description, or None when the model gives one; example)
_DOCS: dict[tuple[str, str], tuple[str | None, str]] = {
    **{("Entity", f): d for f, d in _ENTITY.items()},
    ("Organization", "name"): ("The organization's name (plain text, required).", "name: OpenAI"),
    ("Organization", "summary"): (
        "One line on what the organization is, shown under the name and in lists.",
        "summary: AI research company",
    ),
    ("Person", "born"): ("Date of birth: " + _DATE + ".", "born: 1815-12-10"),
    ("Person", "died"): ("Date of death (not before `born`).", "died: 1852-11-27"),
    ("Person", "roles"): (
        "Positions held at organizations, each `{organization, start, title?, end?, "
        "sources}`; a role puts the person on the organization's page.",
        "roles: [{organization: openai, title: Research scientist, start: 2015}]",
    ),
    ("Organization", "founded"): ("When it was founded: " + _DATE + ".", "founded: 2015-12"),
    ("Organization", "dissolved"): ("When it ended (not before `founded`).", "dissolved: 2020"),
    ("Organization", "posts"): (None, "posts: [{title: Chief executive officer, single: true}]"),
    ("Post", "title"): (None, "title: Chief executive officer"),
    ("Post", "single"): (None, "single: true"),
    ("Event", "id"): (
        "The event's id, unique within its file, and its permanent anchor: "
        "`#<id>` on its entity's page, `#<entity id>--<id>` on the other timelines it "
        "shows on. Default: its date and title, like 2024-02-13-leaves-openai.",
        "id: leaves-openai-2024",
    ),
    ("Event", "date"): ("When it happened: " + _DATE + ".", 'date: "2024-02-13"'),
    ("Event", "end"): ("The last date of an event that lasted a while.", "end: 2024-03"),
    ("Event", "title"): ("One line saying what happened (plain text).", "title: Leaves OpenAI"),
    ("Event", "description"): (
        "More on the event, in Markdown; `[[id]]` mentions link to entities.",
        "description: He announced it on [[x-twitter]].",
    ),
    ("Event", "with"): (
        "Ids of the other people and organizations taking part: the event shows on each "
        "one's timeline too (write it once, in one file).",
        "with: [openai, sam-altman]",
    ),
    ("Event", "tags"): (
        "Short slugs grouping events across the site (a page per tag).",
        "tags: [departure, leadership]",
    ),
    ("Event", "sources"): (_SOURCES, "sources: [gizmodo-2024-02-15]"),
    ("Event", "other_dates"): (
        "Other dates some sources give, each `{date, sources, note?}`: the site shows "
        "'sources differ'.",
        'other_dates: [{date: "2024-02-13", sources: [a-post]}]',
    ),
    ("Event", "corrections"): (None, "corrections: [{date: 2024-03-03, note: Date fixed.}]"),
    ("Event", "image"): (
        "A picture for the event: `{file, alt, credit, caption?}`.",
        "image: {file: images/notes.png, alt: The first page, credit: Public domain}",
    ),
    ("Role", "organization"): ("The organization's id (required).", "organization: openai"),
    ("Role", "title"): ("The role's title (plain text).", "title: Director of AI"),
    ("Role", "start"): ("When the role began: " + _DATE + ".", "start: 2017-06"),
    ("Role", "end"): ("When it ended; none while it lasts.", "end: 2022-07"),
    ("Role", "sources"): (
        "Where the role is stated, in the forms events use (a warning when missing).",
        "sources: [karpathy-bio]",
    ),
    ("Role", "note"): ("One line of context (plain text).", "note: On leave from 2022-03"),
    ("Role", "corrections"): (None, "corrections: [{date: 2024-03-03, note: Title fixed.}]"),
    **{("SourceRecord", f): d for f, d in _SOURCE.items() if f != "quote"},
    ("InlineSource", "quote"): _SOURCE["quote"],
    ("Citation", "id"): ("The id of a source in sources.yaml.", "id: gizmodo-2024-02-15"),
    ("Citation", "quote"): _SOURCE["quote"],
    ("Citation", "note"): (
        "One line on what this source says here.",
        "note: Karpathy's words as quoted by Gizmodo.",
    ),
    ("OtherDate", "date"): ("The other date: " + _DATE + ".", 'date: "2024-02-13"'),
    ("OtherDate", "sources"): ("The sources that give this date. " + _SOURCES, "sources: [a-post]"),
    ("OtherDate", "note"): (
        "Why the dates differ (Markdown).",
        'note: His post says he left "yesterday".',
    ),
    ("Correction", "date"): (None, "date: 2024-03-03"),
    ("Correction", "note"): (None, "note: The start date was given as 2016; it is 2015."),
    ("Correction", "sources"): (None, "sources: [dissertation-2015]"),
    ("Link", "title"): ("The link's text (plain text).", "title: Website"),
    ("Link", "url"): ("The address (https://, http:// or mailto:).", "url: https://example.org/"),
    ("Image", "file"): (None, "file: images/ada.png"),
    ("Image", "alt"): (None, "alt: Ada Lovelace seated at a piano"),
    ("Image", "credit"): (None, "credit: Portrait by Alfred Chalon, public domain"),
    ("Image", "caption"): (None, "caption: Watercolour, about 1840"),
}

#: JSON Schema pattern -> what an editor shows when a value does not match it.
PATTERN_MESSAGES = {
    "^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?[?~%]?$": (
        "Not a date: write YYYY, YYYY-MM or YYYY-MM-DD (e.g. 2024-02-13), optionally "
        "followed by ? (uncertain), ~ (approximate) or % (both)."
    ),
    "^[0-9]{4}-[0-9]{2}-[0-9]{2}$": "Not a day: write YYYY-MM-DD, e.g. 2024-03-03.",
    "^(https?://\\S+|mailto:\\S+)$": (
        "Not an address: write a full https://, http:// or mailto: address without spaces."
    ),
    "^https?://\\S+$": "Not an address: write a full https:// address without spaces.",
    "^Q[1-9][0-9]{0,11}$": "Not a Wikidata id: write Q followed by digits, e.g. Q7259.",
}
_ID_MESSAGE = (
    "Not an id: lowercase letters a-z, digits and single hyphens, like ada-lovelace "
    "(a person's or organization's id is its file name without .yaml)."
)
_IMAGE_MESSAGE = (
    "Not an image file: a path under content/static/ ending in .png, .jpg, .webp or .avif "
    "(never an address, never .svg)."
)


def pattern_message(pattern: str) -> str | None:
    """The readable message for a schema pattern (ids and image paths by their shape)."""
    if pattern in PATTERN_MESSAGES:
        return PATTERN_MESSAGES[pattern]
    if pattern.startswith("^[a-z0-9]"):
        return _ID_MESSAGE
    if "png|jpe?g" in pattern:
        return _IMAGE_MESSAGE
    return None


@functools.cache
def _model_descriptions(model: type[BaseModel]) -> dict[str, str]:
    """Field alias -> the description the model gives (on the field or its type)."""
    properties = model.model_json_schema(by_alias=True).get("properties", {})
    out = {}
    for name, node in properties.items():
        text = node.get("description") or next(
            (b.get("description") for b in node.get("anyOf", ()) if b.get("description")), None
        )
        if text:
            out[name] = text
    return out


def field_doc(model: type[BaseModel], name: str) -> tuple[str, str] | None:
    """(description, example) of field `name` (its alias) of `model`, or None."""
    for cls in model.__mro__:
        entry = _DOCS.get((cls.__name__, name))
        if entry is not None:
            description = entry[0] or _model_descriptions(model).get(name)
            return (description, entry[1]) if description else None
    return None


#: The models of the format, as the reference table lists them: (heading, model).
REFERENCE: tuple[tuple[str, type[BaseModel]], ...] = (
    ("A person (content/people/<id>.yaml)", Person),
    ("An organization (content/organizations/<id>.yaml)", Organization),
    ("An organization's post (`posts:`)", Post),
    ("An event (`events:`)", Event),
    ("A role (`roles:`)", Role),
    ("A source (content/sources.yaml, under its id)", SourceRecord),
    ("A source written out where it is cited", InlineSource),
    ("A shared source cited with a quote or note", Citation),
    ("Another date (`other_dates:`)", OtherDate),
    ("A correction (`corrections:`)", Correction),
    ("A picture (`image:`)", Image),
    ("A link (`links:`)", Link),
)


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def markdown_reference() -> str:
    """Every field of the format, one table per kind of item, for the Contributing page."""
    out: list[str] = []
    for heading, model in REFERENCE:
        out += [f"**{heading}**", "", "| Field | Required | What it holds | Example |"]
        out.append("|---|---|---|---|")
        for key, field in model.model_fields.items():
            name = field.alias or key
            doc = field_doc(model, name)
            if doc is None:
                raise LookupError(f"{model.__name__}.{name} has no entry in field_docs")
            required = "yes" if field.is_required() else ""
            out.append(f"| `{name}` | {required} | {_cell(doc[0])} | `{_cell(doc[1])}` |")
        out.append("")
    return "\n".join(out).rstrip("\n")


START = "<!-- field reference: generated by `python -m generator.field_docs`; do not edit -->"
END = "<!-- end of field reference -->"


def with_reference(page: str) -> str:
    """`page` with the section between START and END replaced by the current tables."""
    return with_section(page, START, END, markdown_reference())


if __name__ == "__main__":  # pragma: no cover - exercised by the drift test's message
    PAGE.write_text(with_reference(PAGE.read_text(encoding="utf-8")), encoding="utf-8")
    sys.stdout.write(f"wrote {PAGE}\n")
