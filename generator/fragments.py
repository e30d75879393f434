"""Every piece of HTML the site shows about a thing, rendered once, here.

An event, a role, a source line, an entity's summary and link, a contributor's Markdown
field: each is rendered by one function (this module, and event_html.py for an event's
block), and every output uses that fragment: entity, year and tag pages, the Atom
feeds, the TimelineJS text and the search entries. Two renderings of one thing drift
apart; one cannot. The addresses fragments link to are in anchors.py, dates in
date_html.py.

Why Python and not Jinja macros: an event appears on the timeline of each participant
and on its year and tag pages, so a site of 50,000 events renders about 150,000 event
blocks; f-strings take a fraction of a second where nested macros took half a minute.
Every contributor string is escaped here with `html.escape` or comes from the
sanitizing Markdown renderer (`markup.py`), exactly once.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Hashable, Iterable
from html import escape

from markupsafe import Markup

from generator import paths
from generator.anchors import ROOT, absolutize, entity_href, event_href
from generator.bounded_cache import BoundedCache
from generator.date_html import archive_html, corrections_html, date_html
from generator.dates import display_range
from generator.event_html import PageNotes, compact_block, event_block, slide_halves, slide_who
from generator.markup import MarkdownRenderer
from generator.model import CorrectionEntry, Entity, Event, Image, Role, Source, Timeline
from generator.role_html import roles_table

#: The lines around finished HTML in generated Markdown (see generator/mkdocs_plugin.py).
START, END = paths.FRAGMENT_START, paths.FRAGMENT_END

#: What each of the event caches may hold in memory, in characters (about as many
#: bytes): at 1,000 entities × 20 events each holds everything (22 and 25 million);
#: above, the least recently used go to a scratch file and are read back from it.
BLOCK_CACHE_CHARS = 32_000_000
#: Contributor Markdown, rendered (1.4 million characters at 1,000 × 20).
TEXT_CACHE_CHARS = 8_000_000

#: Material's document boost of an entity's search entry (events have 1).
ENTITY_SEARCH_BOOST = 4

_ID_ATTR_RE = re.compile(r' id="[^"]*"')
_TAG_RE = re.compile(r"<[^>]*>")
_SPACE_RE = re.compile(r"\s+")
#: A sentence's end: a full stop, ! or ? before a space and a capital letter or a quote.
_SENTENCE_END_RE = re.compile(r"(?<=[.!?])\s+(?=[A-Z“\"‘(])")
#: The longest one-line description of an event on its participants' pages (characters).
ONE_LINE_CHARS = 160


def plain_text(fragment: str) -> str:
    """The text of a fragment as HTML-escaped plain text (for search entries, which
    Material renders as HTML): tags dropped, entities kept escaped, spaces collapsed."""
    return _SPACE_RE.sub(" ", _TAG_RE.sub(" ", fragment)).strip()


def first_sentence(text: str, limit: int = ONE_LINE_CHARS) -> str:
    """The first sentence of plain `text` (from `plain_text`), cut at a space with "…"
    past `limit` characters; cutting only at spaces keeps escaped entities whole."""
    head = _SENTENCE_END_RE.split(text, maxsplit=1)[0]
    if len(head) <= limit:
        return head
    cut = head.rfind(" ", 0, limit)
    return head[: cut if cut > 0 else limit].rstrip(",;:") + "…"


# -- fragments ----------------------------------------------------------------------------


class Fragments:
    """Renders the fragments of one build's Timeline.

    Caches only what more than one output needs, so that each is rendered once per
    process: each event's linking and compact forms (year and tag pages, its
    participants' pages), its TimelineJS slide and what the feeds make of its export
    form (`kept`, one Atom entry in every feed that lists it), contributor Markdown (the
    slow part) and entity links; all but the links within a budget of characters in
    memory, the rest on disk (bounded_cache.py), so that memory does not grow with the
    site and no fragment is rendered twice.
    """

    def __init__(self, timeline: Timeline, markdown: MarkdownRenderer | None = None):
        self.t = timeline
        self._md = markdown or MarkdownRenderer()
        self._blocks: BoundedCache[Markup] = BoundedCache(BLOCK_CACHE_CHARS, Markup)
        self._exports: BoundedCache[str] = BoundedCache(BLOCK_CACHE_CHARS)
        self._text: BoundedCache[Markup] = BoundedCache(TEXT_CACHE_CHARS, Markup)
        self._links: dict[str, Markup] = {}

    def close(self) -> None:
        """Free the caches and their scratch files (the Renderer's end)."""
        for cache in (self._blocks, self._exports, self._text):
            cache.close()

    def kept(self, key: Hashable, make: Callable[[], str]) -> str:
        """The text an output makes once per build from an event's export fragment (a
        feed's Atom entry: the same in every feed listing the event), made by `make` the
        first time `key` is asked for and kept with the other exports."""
        out = self._exports.get(key)
        if out is None:
            out = self._exports.put(key, make())
        return out

    # -- small pieces

    def markdown(self, key: str, text: str | None) -> Markup:
        """Sanitized HTML of a contributor Markdown field; `key` names the field, once."""
        if not text:
            return Markup("")
        out = self._text.get(key)
        if out is None:
            out = self._text.put(key, self._md.render(text, self.mention))
        return out

    def mention(self, entity_id: str, label: str | None) -> str:
        entity = self.t.entities[entity_id]
        text = escape(label if label is not None else entity.name)
        return f'<a class="tl-mention" href="{entity_href(entity)}">{text}</a>'

    def entity_link(self, entity_id: str) -> Markup:
        link = self._links.get(entity_id)
        if link is None:
            e = self.t.entities[entity_id]
            link = self._links[entity_id] = Markup(
                f'<a href="{entity_href(e)}">{escape(e.name)}</a>'
            )
        return link

    def summary(self, entity: Entity) -> Markup:
        return Markup(escape(entity.summary)) if entity.summary else Markup("")

    def description(self, entity: Entity) -> Markup:
        return self.markdown("entity:" + entity.id, entity.description)

    def source(self, s: Source) -> Markup:
        """A source as one line: title (linked), publisher, date, kind."""
        title = escape(s.title)
        parts = [
            f'<a href="{escape(s.url)}" rel="nofollow noopener noreferrer ugc">{title}</a>'
            if s.url
            else f"<cite>{title}</cite>"
        ]
        # f-strings, not `+`: str + Markup would escape the str a second time.
        if s.publisher_id:
            parts.append(f", {self.entity_link(s.publisher_id)}")
        elif s.publisher:
            parts.append(f", {escape(s.publisher)}")
        if s.date:
            parts.append(f", {date_html(s.date)}")
        if s.kind:
            parts.append(f' <span class="tl-kind">({escape(s.kind)})</span>')
        if s.archive or s.accessed:
            parts.append(f' <span class="tl-archive">{archive_html(s)}</span>')
        return Markup("".join(parts))

    def figure(self, img: Image, lazy: bool = True) -> Markup:
        """A picture with its caption and credit; `width` and `height` from the file keep
        its place while it loads (CSS scales it to the column: `height: auto`). `lazy`
        defers it until it nears the screen; the picture at the top of a page is not
        deferred (that would delay what the reader sees first)."""
        caption = f"{escape(img.caption)} " if img.caption else ""
        loading = ' loading="lazy"' if lazy else ""
        return Markup(
            f'<figure class="tl-figure"><img src="{ROOT}{escape(img.file)}" '
            f'alt="{escape(img.alt)}" width="{img.width}" height="{img.height}"'
            f'{loading} decoding="async"><figcaption>{caption}'
            f'<span class="tl-credit">Credit: {escape(img.credit)}</span></figcaption></figure>'
        )

    def role_title(self, r: Role, marks: str = "") -> Markup:
        """A role's title, its footnote `marks` and its note, as the person's and the
        organization's pages show it."""
        # the note on a line of its own under the title (tl-role__note is a block)
        note = f'<span class="tl-note tl-role__note">{escape(r.note)}</span>' if r.note else ""
        return Markup(f"{escape(r.title or '')}{marks}{note}")

    def roles(
        self, roles: Iterable[Role], person: bool, refs: PageNotes, status: Callable[[Role], str]
    ) -> Markup:
        """An entity's table of roles, footnoted with the page's `refs` (role_html.py)."""
        return Markup(roles_table(self, roles, person, refs, status))

    # -- events

    def event(self, ev: Event, here: str | None = None, page: PageNotes | None = None) -> Markup:
        """The event's `<li>`: its home form on its home page (citing into that page's
        Sources, `page`), its compact form on the pages of its other participants, else
        (year and tag pages) the linking form with its own sources."""
        if here == ev.home:  # shown once, on its home page: not worth keeping
            return Markup(event_block(self, ev, home=True, page=page))
        key = (ev.key, "link" if here is None else "compact")
        out = self._blocks.get(key)
        if out is None:
            if here is None:
                out = Markup(event_block(self, ev, home=False))
            else:
                out = Markup(compact_block(self, ev, self.one_line(ev)))
            self._blocks.put(key, out)
        return out

    def one_line(self, ev: Event) -> str:
        """The first sentence of the event's description, as escaped plain text."""
        if not ev.description:
            return ""
        # Tags dropped without a space (plain_text's space would read "Tesla , a post");
        # the first paragraph only, so paragraphs do not run together.
        first = self.markdown("event:" + ev.key, ev.description).split("</p>", 1)[0]
        return first_sentence(_SPACE_RE.sub(" ", _TAG_RE.sub("", first)).strip())

    def line(self, ev: Event) -> Markup:
        """A one-line entry for long lists: date, title linking to the anchor, who."""
        who = ", ".join(escape(self.t.entities[i].name) for i in ev.everyone)
        return Markup(
            f'<li>{date_html(ev.date)} · <a href="{event_href(self.t, ev)}">'
            f"{escape(ev.title)}</a> "
            f'<span class="tl-muted">({who})</span></li>'
        )

    def event_export(self, ev: Event, base: str) -> Markup:
        """The event as self-contained HTML for feeds: the fragment other timelines show
        (it names whose timeline it is from), without ids (it is pasted into other
        documents), its source links pointing at /sources/ and every link absolute (made
        from the site's address `base`). Not kept: the feeds keep the Atom entry made
        from it (`kept`), which is all they need."""
        body = event_block(self, ev, home=False, element="div", anchor=ev.id, standalone=True)
        return self._standalone(ev, base, body)

    def slide_export(self, ev: Event, base: str, here: str | None) -> Markup:
        """The event as a TimelineJS slide's text on the timeline of `here` (None: the
        whole site): like `event_export` but without the date and the title, which
        TimelineJS shows itself from `display_date` and `headline`, and naming everyone
        involved except `here` (an entity is not among its own participants).

        The slide is the same on every timeline but for that line: the rest is rendered
        once and kept, the line made for each timeline."""
        key = (ev.key, base, "slide")
        kept = self._exports.get(key)
        if kept is None:
            head, tail = slide_halves(self, ev, ev.id)
            head, tail = self._standalone(ev, base, head), self._standalone(ev, base, tail)
            kept = self._exports.put(key, f"{len(head)}:{head}{tail}")
        size, halves = kept.split(":", 1)
        head, tail = halves[: int(size)], halves[int(size) :]
        who = slide_who(self, ev, here or "")
        middle = "\n" + self._standalone(ev, base, who) if who else ""
        return Markup(f"{head}{middle}\n{tail}")

    def _standalone(self, ev: Event, base: str, html: str) -> str:
        """Rendered HTML made fit to paste elsewhere: no ids, every link absolute (relative
        ones resolved against the event's home page)."""
        home = self.t.entities[ev.home]
        page = base + paths.entity_url(home.kind, home.id)
        return absolutize(_ID_ATTR_RE.sub("", html), base, page)

    def correction_export(self, entry: CorrectionEntry, base: str) -> Markup:
        """A correction for the corrections feed: the same line as at the item, then its
        sources, every link absolute."""
        c = entry.correction
        body = str(corrections_html((c,)))
        if c.cites:
            items = "".join(f"<li>{self.source(x.source)}</li>" for x in c.cites)
            body += f"<p>Sources:</p><ol>{items}</ol>"
        return Markup(absolutize(body, base, base))

    # -- search entries: `anchor` on the page ("" for the page itself); Material's index
    # renders `title` and `text` as HTML, so both are escaped

    def entity_search(self, entity: Entity) -> dict[str, object]:
        """The search entry of an entity page: name; aliases and summary as its text.

        Boosted so that a name finds its page before the events that name it."""
        parts = [escape(a) for a in entity.aliases]
        if entity.summary:
            parts.append(escape(entity.summary))
        return {
            "anchor": "",
            "title": escape(entity.name),
            "text": " · ".join(parts),
            "boost": ENTITY_SEARCH_BOOST,
        }

    def event_search(self, ev: Event) -> dict[str, str]:
        """The search entry of an event, at its permanent anchor: title; date, who and
        text (not its sources: their titles would match every event they support)."""
        who = ", ".join(escape(self.t.entities[i].name) for i in ev.everyone)
        text = [escape(display_range(ev.date, ev.end)), who]
        if ev.description:
            text.append(plain_text(self.markdown("event:" + ev.key, ev.description)))
        return {
            "anchor": "#" + ev.id,
            "title": escape(ev.title),
            "text": " · ".join(t for t in text if t),
        }
