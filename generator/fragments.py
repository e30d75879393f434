"""The HTML of one event, built once per build and reused on every page that shows it.

Why Python and not a Jinja macro: an event appears on the timeline of each participant
and on its year and tag pages, so a site of 50,000 events renders about 150,000 event
blocks. Assembled from cached parts with f-strings this takes a fraction of a second;
through nested Jinja macros it took half a minute. Every contributor string is escaped
here with `html.escape` or comes from the sanitizing Markdown renderer.

Each event has two forms: on its home entity's page it carries its permanent anchor
(its id); everywhere else it has the id `<home>--<id>` and links back to the anchor.
Its sources are numbered footnotes inside the event (`<anchor>__s<n>`), so the block is
the same on every page.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from html import escape

from markupsafe import Markup

from generator import paths
from generator.dates import PartialDate
from generator.markup import ROOT
from generator.model import Cite, Event, Source, Timeline


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


class Blocks:
    """Renders events and sources for one build, caching each event's two forms."""

    def __init__(self, timeline: Timeline, markdown: Callable[[str, str | None], Markup]):
        self.t = timeline
        self.markdown = markdown
        self._cache: dict[tuple[str, bool | str], Markup] = {}
        self._links: dict[str, Markup] = {}

    def entity_link(self, entity_id: str) -> Markup:
        if entity_id not in self._links:
            e = self.t.entities[entity_id]
            href = ROOT + paths.entity_url(e.kind, e.id)
            self._links[entity_id] = Markup(f'<a href="{href}">{escape(e.name)}</a>')
        return self._links[entity_id]

    def source_html(self, s: Source) -> Markup:
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
        return Markup("".join(parts))

    def event(self, ev: Event, here: str | None = None) -> Markup:
        """The event's `<li>`: its home form on its home page, else the linking form."""
        home = here == ev.home
        key = (ev.key, home)
        if key not in self._cache:
            self._cache[key] = Markup(self._render(ev, home))
        return self._cache[key]

    def line(self, ev: Event) -> Markup:
        """A one-line entry for long lists: date, title linking to the anchor, who."""
        key = (ev.key, "line")
        if key not in self._cache:
            home = self.t.entities[ev.home]
            href = f"{ROOT}{paths.entity_url(home.kind, home.id)}#{ev.id}"
            who = ", ".join(escape(self.t.entities[i].name) for i in ev.everyone)
            self._cache[key] = Markup(
                f'<li>{date_html(ev.date)} · <a href="{href}">{escape(ev.title)}</a> '
                f'<span class="tl-muted">({who})</span></li>'
            )
        return self._cache[key]

    def _render(self, ev: Event, home: bool) -> str:
        anchor = ev.id if home else f"{ev.home}--{ev.id}"
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

        href = (
            f"#{ev.id}"
            if home
            else ROOT + paths.entity_url(self.t.entities[ev.home].kind, ev.home) + "#" + ev.id
        )
        back = (
            ""
            if home
            else (f' title="Permanent link, on {escape(self.t.entities[ev.home].name)}’s timeline"')
        )
        parts = [
            f'<li class="tl-event" id="{anchor}">',
            f'<div class="tl-event__date">{range_html(ev.date, ev.end)}</div>',
            '<div class="tl-event__body">',
            f'<p class="tl-event__title"><a href="{href}"{back}>{escape(ev.title)}</a>'
            f"{refs(ev.cites)}</p>",
        ]
        if ev.description:
            text = self.markdown("event:" + ev.key, ev.description)
            parts.append(f'<div class="tl-event__text">{text}</div>')
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
                    parts.append(
                        '<div class="tl-event__note">'
                        f"{self.markdown(f'other:{ev.key}:{i}', o.note)}</div>"
                    )
        if home and ev.participants:
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
                f'<li id="{anchor}__s{n}">{self.source_html(source)}'
                f"{' ' + quoted if quoted else ''}</li>"
            )
        parts.append(f'<ol class="tl-event__sources">{"".join(items)}</ol>')
        parts.append("</div>\n</li>")
        return "\n".join(parts)
