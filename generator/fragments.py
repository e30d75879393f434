"""Every piece of HTML the site shows about a thing, rendered once, here.

An event, a role, a source line, an entity's summary and link, a contributor's Markdown
field: each is rendered by one function of this module, and every output uses that
fragment: entity, year and tag pages, the Atom feeds, the TimelineJS text and the
search entries. Two renderings of one thing drift apart; one cannot.

Also here: the root marker (`ROOT`, replaced per page by the relative path to the site
root, so one fragment serves pages at every depth), the anchors (an event's own id on
its home entity's page, `<home>--<id>` everywhere else, `<anchor>__s<n>` for its
numbered sources) and every entity link.

Why Python and not Jinja macros: an event appears on the timeline of each participant
and on its year and tag pages, so a site of 50,000 events renders about 150,000 event
blocks; f-strings take a fraction of a second where nested macros took half a minute.
Every contributor string is escaped here with `html.escape` or comes from the
sanitizing Markdown renderer (`markup.py`), exactly once.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from functools import lru_cache
from html import escape

from markupsafe import Markup

from generator import paths
from generator.dates import PartialDate, display_range
from generator.markup import MarkdownRenderer
from generator.model import (
    Cite,
    Correction,
    CorrectionEntry,
    Entity,
    Event,
    Role,
    Source,
    Timeline,
)

#: Stands for the path from a page to the site root; replaced per page (see `resolve_root`).
ROOT = "\ue000"
#: The lines around finished HTML in generated Markdown (see generator/mkdocs_plugin.py).
START, END = paths.FRAGMENT_START, paths.FRAGMENT_END

#: Material's document boost of an entity's search entry (events have 1).
ENTITY_SEARCH_BOOST = 4

_HREF_RE = re.compile(r'href="([^"]*)"')
_ID_ATTR_RE = re.compile(r' id="[^"]*"')
_ABSOLUTE_RE = re.compile(r"[a-z][a-z0-9+.-]*:", re.IGNORECASE)
_TAG_RE = re.compile(r"<[^>]*>")
_SPACE_RE = re.compile(r"\s+")


# -- the root marker, anchors and addresses ---------------------------------------------


def resolve_root(page: str, depth: int) -> str:
    """Replace the root marker with the relative path to the site root for this page."""
    return page.replace(ROOT, "../" * depth if depth else "./")


def entity_href(entity: Entity) -> str:
    return ROOT + paths.entity_url(entity.kind, entity.id)


def event_anchor(ev: Event, here: str | None) -> str:
    """The event's id on the page of `here`: its own id on its home entity's page, else
    `<home>--<id>` (unique across the site, so year and tag pages can list anyone's)."""
    return ev.id if here == ev.home else f"{ev.home}--{ev.id}"


def event_href(t: Timeline, ev: Event) -> str:
    """The event's permanent address: its anchor on its home entity's page."""
    return entity_href(t.entities[ev.home]) + "#" + ev.id


def absolutize(fragment: str, base: str, page_url: str) -> str:
    """Make the links of a rendered fragment absolute (feeds, TimelineJS).

    Our own links carry the root marker; contributors' relative links are relative to
    the page the text is shown on (`page_url`), as are in-page `#` links.
    """
    from urllib.parse import urljoin

    fragment = fragment.replace(ROOT, base)

    def fix(m: re.Match[str]) -> str:
        href = html.unescape(m[1])
        if _ABSOLUTE_RE.match(href):
            return m[0]
        return f'href="{html.escape(urljoin(page_url, href))}"'

    return _HREF_RE.sub(fix, fragment)


def plain_text(fragment: str) -> str:
    """The text of a fragment as HTML-escaped plain text (for search entries, which
    Material renders as HTML): tags dropped, entities kept escaped, spaces collapsed."""
    return _SPACE_RE.sub(" ", _TAG_RE.sub(" ", fragment)).strip()


# -- dates --------------------------------------------------------------------------------


@lru_cache(maxsize=65536)
def date_html(d: PartialDate) -> Markup:
    title = ""
    if d.qualified:
        what = (
            "approximate and uncertain"
            if d.uncertain and d.approximate
            else "uncertain"
            if d.uncertain
            else "approximate"
        )
        title = f' title="{what}"'
    return Markup(f'<time datetime="{d.iso()}"{title}>{d.display()}</time>')


def range_html(start: PartialDate, end: PartialDate | None, ongoing: str = "") -> Markup:
    if end is not None and end != start:
        return Markup(f"{date_html(start)} – {date_html(end)}")
    if end is None and ongoing:
        return Markup(f"{date_html(start)} – {escape(ongoing)}")
    return date_html(start)


def archive_html(s: Source) -> Markup:
    """'(archived copy; accessed 3 Mar 2024)': where a reader finds the source when its
    original address has moved or gone."""
    parts = []
    if s.archive:
        rel = "nofollow noopener noreferrer ugc"
        parts.append(f'<a href="{escape(s.archive)}" rel="{rel}">archived copy</a>')
    if s.accessed:
        parts.append(f"accessed {date_html(s.accessed)}")
    return Markup(f"({'; '.join(parts)})") if parts else Markup("")


def corrections_html(
    corrections: tuple[Correction, ...], refs: Callable[[tuple[Cite, ...]], str] | None = None
) -> Markup:
    """'Corrected 3 Mar 2024: …' for each correction of an item, newest first; `refs`
    numbers a correction's sources (footnotes of the event or of the page)."""
    if not corrections:
        return Markup("")
    items = [
        f"<li><strong>Corrected {date_html(c.date)}:</strong> {escape(c.note)}"
        f"{refs(c.cites) if refs and c.cites else ''}</li>"
        for c in reversed(corrections)
    ]
    return Markup(f'<ul class="tl-corrections">{"".join(items)}</ul>')


# -- fragments ----------------------------------------------------------------------------


class Fragments:
    """Renders the fragments of one build's Timeline.

    Caches only what more than one page needs: each event's linking form (shown on its
    participants' pages), contributor Markdown (the slow part) and entity links.
    """

    def __init__(self, timeline: Timeline, markdown: MarkdownRenderer | None = None):
        self.t = timeline
        self._md = markdown or MarkdownRenderer()
        self._cache: dict[tuple[str, str], Markup] = {}
        self._text: dict[str, Markup] = {}
        self._links: dict[str, Markup] = {}

    # -- small pieces

    def markdown(self, key: str, text: str | None) -> Markup:
        """Sanitized HTML of a contributor Markdown field; `key` names the field, once."""
        if not text:
            return Markup("")
        out = self._text.get(key)
        if out is None:
            out = self._text[key] = self._md.render(text, self.mention)
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

    def role_title(self, r: Role) -> Markup:
        """A role's title and note, as the person's and the organization's pages show it."""
        # the note on a line of its own under the title (tl-role__note is a block)
        note = f'<span class="tl-note tl-role__note">{escape(r.note)}</span>' if r.note else ""
        return Markup(f"{escape(r.title or '')}{note}")

    # -- events

    def event(self, ev: Event, here: str | None = None) -> Markup:
        """The event's `<li>`: its home form on its home page, else the linking form."""
        if here == ev.home:  # shown once, on its home page: not worth keeping
            return Markup(self._render(ev, home=True))
        key = (ev.key, "link")
        out = self._cache.get(key)
        if out is None:
            out = self._cache[key] = Markup(self._render(ev, home=False))
        return out

    def line(self, ev: Event) -> Markup:
        """A one-line entry for long lists: date, title linking to the anchor, who."""
        who = ", ".join(escape(self.t.entities[i].name) for i in ev.everyone)
        return Markup(
            f'<li>{date_html(ev.date)} · <a href="{event_href(self.t, ev)}">'
            f"{escape(ev.title)}</a> "
            f'<span class="tl-muted">({who})</span></li>'
        )

    def event_export(self, ev: Event, base: str) -> Markup:
        """The event as self-contained HTML for feeds and TimelineJS: the fragment other
        timelines show (it names whose timeline it is from), without ids (it is pasted
        into other documents), its source links pointing at the footnotes on its home
        page and every link absolute (made from the site's address `base`)."""
        key = (ev.key, base)
        out = self._cache.get(key)
        if out is None:
            home = self.t.entities[ev.home]
            page = base + paths.entity_url(home.kind, home.id)
            body = self._render(ev, home=False, element="div", anchor=ev.id)
            out = self._cache[key] = Markup(absolutize(_ID_ATTR_RE.sub("", body), base, page))
        return out

    def slide_export(self, ev: Event, base: str, here: str | None) -> Markup:
        """The event as a TimelineJS slide's text on the timeline of `here` (None: the
        whole site): like `event_export` but without the date and the title, which
        TimelineJS shows itself from `display_date` and `headline`, and naming everyone
        involved except `here` (an entity is not among its own participants)."""
        key = (ev.key, base, "slide", here or "")
        out = self._cache.get(key)
        if out is None:
            home = self.t.entities[ev.home]
            page = base + paths.entity_url(home.kind, home.id)
            body = self._render(ev, home=False, element="div", anchor=ev.id, slide=here or "")
            out = self._cache[key] = Markup(absolutize(_ID_ATTR_RE.sub("", body), base, page))
        return out

    def _render(
        self,
        ev: Event,
        home: bool,
        element: str = "li",
        anchor: str | None = None,
        slide: str | None = None,
    ) -> str:
        anchor = anchor or event_anchor(ev, ev.home if home else None)
        numbers: dict[str, int] = {}
        notes: list[tuple[Source, list[str]]] = []

        def refs(cites: tuple[Cite, ...]) -> str:
            out = []
            for c in cites:
                n = numbers.get(c.source.key)
                if n is None:
                    notes.append((c.source, []))
                    n = numbers[c.source.key] = len(notes)
                for extra in (f"“{c.quote}”" if c.quote else None, c.note):
                    if extra and extra not in notes[n - 1][1]:
                        notes[n - 1][1].append(extra)
                out.append(f'<a href="#{anchor}__s{n}">{n}</a>')
            return f'<sup class="tl-ref">[{", ".join(out)}]</sup>' if out else ""

        href = f"#{ev.id}" if home else event_href(self.t, ev)
        back = (
            ""
            if home
            else (f' title="Permanent link, on {escape(self.t.entities[ev.home].name)}’s timeline"')
        )
        title_refs = refs(ev.cites)
        parts = [f'<{element} class="tl-event" id="{anchor}">']
        if slide is None:
            parts += [
                f'<div class="tl-event__date">{range_html(ev.date, ev.end)}</div>',
                '<div class="tl-event__body">',
                f'<p class="tl-event__title"><a href="{href}"{back}>{escape(ev.title)}</a>'
                f"{title_refs}</p>",
            ]
        else:
            parts.append('<div class="tl-event__body">')
        if ev.description:
            text = self.markdown("event:" + ev.key, ev.description)
            parts.append(f'<div class="tl-event__text">{text}</div>')
        if ev.corrections:
            parts.append(corrections_html(ev.corrections, refs))
        if ev.other_dates:
            claims = [f"{date_html(ev.date)}{refs(ev.cites)}"]
            claims += [f"{date_html(o.date)}{refs(o.cites)}" for o in ev.other_dates]
            parts.append(
                '<p class="tl-event__disputed"><strong>Sources differ:</strong> '
                + "; ".join(claims)
                + "</p>"
            )
            for i, o in enumerate(ev.other_dates):
                if o.note:
                    note = self.markdown(f"other:{ev.key}:{i}", o.note)
                    parts.append(f'<div class="tl-event__note">{note}</div>')
        if slide is not None:
            who = [p for p in ev.participants if p != slide]
            line = ", ".join(self.entity_link(p) for p in who)
            if ev.home != slide:
                line = f"From the timeline of {self.entity_link(ev.home)}" + (
                    f"; with {line}" if line else ""
                )
            elif line:
                line = f"With {line}"
            if line:
                parts.append(f'<p class="tl-event__with">{line}</p>')
        elif home and ev.participants:
            parts.append(
                '<p class="tl-event__with">With '
                + ", ".join(self.entity_link(p) for p in ev.participants)
                + "</p>"
            )
        elif not home:
            others = ", ".join(self.entity_link(p) for p in ev.participants)
            parts.append(
                f'<p class="tl-event__with">From the timeline of {self.entity_link(ev.home)}'
                + (f"; with {others}" if others else "")
                + "</p>"
            )
        if ev.tags:
            parts.append(
                '<p class="tl-event__tags">'
                + " ".join(
                    f'<a class="tl-tag" href="{ROOT}{paths.tag_url(tag)}">{tag}</a>'
                    for tag in ev.tags
                )
                + "</p>"
            )
        items = []
        for n, (source, quotes) in enumerate(notes, 1):
            quoted = " ".join(f'<span class="tl-note">{escape(q)}</span>' for q in quotes)
            items.append(
                f'<li id="{anchor}__s{n}">{self.source(source)}'
                f"{' ' + quoted if quoted else ''}</li>"
            )
        parts.append(f'<ol class="tl-event__sources">{"".join(items)}</ol>')
        parts.append(f"</div>\n</{element}>")
        return "\n".join(parts)

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
