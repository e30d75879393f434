"""Every limit of timeline in one place, each with why it is there.

Content from strangers must not make a build grow faster than the content does, so
every input that could has a limit here; the modules that enforce them import them from
here (never a number of their own). Two kinds:

- content limits (`kind="content"`): exceeding one is an error naming the file and line
  (`timeline check` reports it); README's Limits table lists them;
- output limits (`kind="output"`): how much a page, feed or chart shows; the rest is
  one link away (the full lists, /data/timeline.json), never dropped from the site.

To add a limit: a constant below, with a `Limit` row in `LIMITS` (a test fails on a
constant without one, and README's table is checked against the content rows).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

# -- content: files and folders -----------------------------------------------------------

#: A YAML file is read whole into memory and parsed in one go.
MAX_FILE_BYTES = 2 * 1024 * 1024
#: A hand-written page from content/pages/ is rendered whole.
MAX_PAGE_BYTES = 1024 * 1024
#: content/changes.lock holds a line (about 90 bytes) per event and is parsed whole.
MAX_CHANGES_BYTES = 64 * 1024 * 1024
#: Content needs five levels; PyYAML's composer recurses and crashes near 50,000.
MAX_DEPTH = 24
#: Every entity is one page and one feed: the site grows with them.
MAX_ENTITIES = 50_000

#: content/static/ is copied into the site as it is: files are streamed, never parsed.
MAX_STATIC_FILE_BYTES = 20 * 1024 * 1024
MAX_STATIC_TOTAL_BYTES = 200 * 1024 * 1024
MAX_STATIC_FILES = 5_000
MAX_STATIC_DEPTH = 12
#: An `image:` is downloaded by every reader of its page (a static file may be larger).
MAX_IMAGE_BYTES = 5 * 1024 * 1024
#: Pixels on an image's longer side: browsers decode it whole (10,000² is 400 MB).
MAX_IMAGE_SIDE = 10_000

# -- content: lists in one file -----------------------------------------------------------

MAX_EVENTS_PER_FILE = 2000
MAX_ROLES_PER_FILE = 500
#: An event is drawn on the timeline of everyone in `with`: the copies grow with it.
MAX_PARTICIPANTS_PER_EVENT = 100
MAX_TAGS_PER_EVENT = 20
#: Each distinct tag is a page: one file must not add tens of thousands.
MAX_TAGS_PER_FILE = 100
#: Sum of `with` over a file's events: each is a copy of the event on another page
#: (200 events x 100 participants made 423 MB of Markdown from 200 KB).
MAX_APPEARANCES_PER_FILE = 2_000
#: "Did you mean" hints per check (each compares a word with every id).
MAX_HINTS = 200
#: Same-day, same-people events compared with each other for likely duplicates: each
#: with this many before it (all pairs of 2,000 took 25 minutes).
DUPLICATE_WINDOW = 20
MAX_SOURCES_PER_ITEM = 50
MAX_OTHER_DATES_PER_EVENT = 20
#: Corrections per entity, role or event (each is shown at the item and on /corrections/).
MAX_CORRECTIONS_PER_ITEM = 50
MAX_ALIASES = 50
MAX_LINKS = 50
#: Each former id is a redirect page.
MAX_FORMER_IDS = 20

# -- content: text ------------------------------------------------------------------------

#: Ids are file names and URL segments.
MAX_ID_LENGTH = 64
MAX_NAME_LENGTH = 200
#: Titles, summaries, notes and other one-line fields.
MAX_LINE_LENGTH = 300
#: Descriptions (Markdown).
MAX_MARKDOWN_LENGTH = 20_000
MAX_QUOTE_LENGTH = 2000
MAX_CORRECTION_NOTE_LENGTH = 2000
#: `timeline links --jobs`: requests at once (a polite crawler, not a load test).
MAX_LINK_CHECK_JOBS = 32
MAX_URL_LENGTH = 2000
#: Lists and quotes nested in Markdown: Python-Markdown recurses per level
#: (~600 levels of `1. 1. 1.` raised RecursionError in the build).
MAX_MARKDOWN_NESTING = 20
#: Inline links and images (`](`) in one Markdown text (a description, a note, a page):
#: Python-Markdown reads each target by stepping through characters (5,000 `[a](` in
#: one description took 9 s; at most this many, each within MARKDOWN_LINK_WINDOW).
MAX_MARKDOWN_LINKS = 200
#: HTML tags in one Markdown text: each is parsed twice (Markdown, nh3).
MAX_MARKDOWN_TAGS = 500
#: Characters of a Markdown link's target and title read before the link is given up
#: (it stays text as written): a URL's limit, a title's, and room for spaces.
MARKDOWN_LINK_WINDOW = 2500
#: The text of a `[[id|text]]` mention (its id is at most MAX_ID_LENGTH).
MAX_MENTION_LABEL_LENGTH = 300
#: The slug part of a derived event id (`<date>-<slug of title>`), kept readable.
DERIVED_SLUG_LENGTH = 48

# -- output: what pages, feeds and charts show ---------------------------------------------

#: Events on the home page.
LATEST_EVENTS = 10
#: Year and tag pages show events in full up to this many, then as a brief list.
FULL_LIST_LIMIT = 100
#: Up to this many events, /timeline/ lists every event; above it, years with counts.
TIMELINE_INDEX_LIMIT = 1000
#: Entries per feed (the newest): feeds are polled often.
FEED_LIMIT = 100
#: Events per TimelineJS file (the newest): TimelineJS draws every slide at once.
TIMELINEJS_LIMIT = 1000
#: Lanes drawn in an entity's chart; the rest are named in its text description.
MAX_CHART_LANES = 40
#: Rows the event marks of a chart may stack into before they overlap.
MAX_CHART_EVENT_ROWS = 3


@dataclass(frozen=True, slots=True)
class Limit:
    """One row of the limits table: the constant's name, what it limits and why."""

    name: str
    kind: Literal["content", "output"]
    what: str
    why: str

    @property
    def value(self) -> int:
        return int(globals()[self.name])


def _content(name: str, what: str, why: str) -> Limit:
    return Limit(name, "content", what, why)


def _output(name: str, what: str, why: str) -> Limit:
    return Limit(name, "output", what, why)


LIMITS: tuple[Limit, ...] = (
    _content("MAX_FILE_BYTES", "bytes per YAML file", "read and parsed whole"),
    _content("MAX_PAGE_BYTES", "bytes per page in content/pages/", "rendered whole"),
    _content("MAX_CHANGES_BYTES", "bytes in content/changes.lock", "parsed whole"),
    _content("MAX_DEPTH", "YAML nesting levels", "deep nesting crashes YAML parsers"),
    _content("MAX_STATIC_FILE_BYTES", "bytes per file in content/static/", "copied whole"),
    _content("MAX_STATIC_TOTAL_BYTES", "bytes in content/static/", "copied on every build"),
    _content("MAX_STATIC_FILES", "files in content/static/", "copied on every build"),
    _content("MAX_STATIC_DEPTH", "folder levels in content/static/", "walked on every check"),
    _content("MAX_IMAGE_BYTES", "bytes per image (`image:`)", "every reader downloads it"),
    _content("MAX_IMAGE_SIDE", "pixels on an image's longer side", "browsers decode it whole"),
    _content("MAX_ENTITIES", "entities (people and organizations)", "a page and feed each"),
    _content("MAX_EVENTS_PER_FILE", "events per file", "each is drawn on several pages"),
    _content("MAX_ROLES_PER_FILE", "roles per person", "each is on two pages and a chart"),
    _content(
        "MAX_PARTICIPANTS_PER_EVENT",
        "people and organizations in an event's `with`",
        "the event is copied onto each one's timeline",
    ),
    _content("MAX_TAGS_PER_FILE", "distinct tags per file", "a page each"),
    _content(
        "MAX_APPEARANCES_PER_FILE",
        "participants summed over a file's events",
        "a copy of the event on each one's timeline",
    ),
    _output("MAX_HINTS", "'did you mean' hints per check", "each compares with every id"),
    _output(
        "DUPLICATE_WINDOW", "earlier events each event is compared with for duplicates", "linear"
    ),
    _content("MAX_TAGS_PER_EVENT", "tags per event", "each tag page lists the event"),
    _content("MAX_SOURCES_PER_ITEM", "sources per event, role or other date", "footnotes"),
    _content("MAX_OTHER_DATES_PER_EVENT", "other dates per event", "shown with each copy"),
    _content(
        "MAX_CORRECTIONS_PER_ITEM",
        "corrections per entity, role or event",
        "shown at the item and on /corrections/",
    ),
    _content("MAX_ALIASES", "aliases per entity", "listed on the page and in JSON-LD"),
    _content("MAX_LINKS", "links per entity", "listed on the page and in JSON-LD"),
    _content("MAX_FORMER_IDS", "former ids per entity", "a redirect page each"),
    _content("MAX_ID_LENGTH", "characters in an id", "a file name and URL segment"),
    _content("MAX_NAME_LENGTH", "characters in a name", "shown in titles and charts"),
    _content("MAX_LINE_LENGTH", "characters in a title, summary or note", "one line"),
    _content("MAX_MARKDOWN_LENGTH", "characters in a description", "rendered on each copy"),
    _content("MAX_QUOTE_LENGTH", "characters in a quote", "shown in each footnote"),
    _content(
        "MAX_CORRECTION_NOTE_LENGTH", "characters in a correction's note", "shown at the item"
    ),
    _content("MAX_URL_LENGTH", "characters in a URL", "browsers and feeds cut long URLs"),
    _content(
        "MAX_MENTION_LABEL_LENGTH", "characters in a mention's text", "a link's text, one line"
    ),
    _content(
        "MAX_MARKDOWN_NESTING",
        "levels of nested lists and quotes in Markdown",
        "parsed recursively",
    ),
    _content("MAX_MARKDOWN_LINKS", "links and images in a Markdown text", "each parsed apart"),
    _content("MAX_MARKDOWN_TAGS", "HTML tags in a Markdown text", "parsed twice"),
    _output(
        "MARKDOWN_LINK_WINDOW",
        "characters of a Markdown link's target and title read",
        "a longer one stays text",
    ),
    _output("MAX_LINK_CHECK_JOBS", "requests at once in `timeline links`", "be polite to hosts"),
    _output("DERIVED_SLUG_LENGTH", "characters of a title in a derived event id", "short URLs"),
    _output("LATEST_EVENTS", "events on the home page", "a summary, not a list"),
    _output("FULL_LIST_LIMIT", "events in full on a year or tag page", "page weight"),
    _output("TIMELINE_INDEX_LIMIT", "events listed on /timeline/", "page weight"),
    _output("FEED_LIMIT", "entries per Atom feed", "feeds are polled often"),
    _output("TIMELINEJS_LIMIT", "events per TimelineJS file", "TimelineJS draws all at once"),
    _output("MAX_CHART_LANES", "lanes in an entity's chart", "the chart stays readable"),
    _output("MAX_CHART_EVENT_ROWS", "rows of event marks in a chart", "marks stay apart"),
)
