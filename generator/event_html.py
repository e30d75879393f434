"""One event as HTML, the only renderer of an event (called through fragments.Fragments):
date and title, picture, text, corrections, the dates sources disagree on, who is involved,
tags, and the event's sources numbered in the order they are first cited.

Every contributor string is escaped here with `html.escape` or comes from the
sanitizing Markdown renderer (through `Fragments.markdown`), exactly once.
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING, Protocol

from generator import paths
from generator.anchors import ROOT, event_anchor, event_href
from generator.date_html import corrections_html, date_html, range_html
from generator.model import Cite, Event, Source

if TYPE_CHECKING:
    from generator.fragments import Fragments


def letter(n: int) -> str:
    """The `n`th mark of an event's sources: a, b, … z, aa, ab, … (CSS's lower-alpha, the
    list's own markers), so an event's marks never share numbers with the page's Sources."""
    out = ""
    while n:
        n, r = divmod(n - 1, 26)
        out = chr(97 + r) + out
    return out


class PageNotes(Protocol):
    """The numbered Sources list of the page an event is shown on (render.Footnotes)."""

    def refs(self, cites: tuple[Cite, ...]) -> str: ...

    def marks(self, cites: tuple[Cite, ...]) -> str: ...

    def said(self, cites: tuple[Cite, ...]) -> str: ...


class _OnPage:
    """An event's citations on its home page: marks into the page's numbered Sources
    (each source written out once per page, not under every event citing it), and what
    each citation quotes or notes, under the event it is about."""

    def __init__(self, page: PageNotes):
        self.page = page
        self.lines: list[str] = []

    def refs(self, cites: tuple[Cite, ...]) -> str:
        said = str(self.page.said(cites))
        if said and said not in self.lines:
            self.lines.append(said)
        return str(self.page.marks(cites))

    def html(self, f: Fragments) -> str:
        return f'<p class="tl-event__said">{"".join(self.lines)}</p>' if self.lines else ""


class _Footnotes:
    """An event's sources, lettered in order of first citation, each with the quotes and
    notes its citations add (each once). Letters, because the page's own Sources list (the
    roles' citations) is numbered: "[1]" means one source on a page."""

    def __init__(self, anchor: str, standalone: bool = False):
        self.anchor = anchor
        #: Pasted into other documents (feeds, TimelineJS) without its ids: each mark
        #: links to the source's entry on /sources/, which every site has.
        self.standalone = standalone
        self.numbers: dict[str, int] = {}
        self.notes: list[tuple[Source, list[str]]] = []

    def refs(self, cites: tuple[Cite, ...]) -> str:
        """The footnote marks of `cites`, numbering sources not cited before."""
        out = []
        for c in cites:
            n = self.numbers.get(c.source.key)
            if n is None:
                self.notes.append((c.source, []))
                n = self.numbers[c.source.key] = len(self.notes)
            for extra in (f"“{c.quote}”" if c.quote else None, c.note):
                if extra and extra not in self.notes[n - 1][1]:
                    self.notes[n - 1][1].append(extra)
            href = (
                f"{ROOT}{paths.url_of_doc(paths.INDEX_DOCS['sources'])}#{c.source.key}"
                if self.standalone
                else f"#{self.anchor}__s{n}"
            )
            out.append(f'<a href="{href}">{letter(n)}</a>')
        return f'<sup class="tl-ref">[{", ".join(out)}]</sup>' if out else ""

    def html(self, f: Fragments) -> str:
        items = []
        for n, (source, quotes) in enumerate(self.notes, 1):
            quoted = " ".join(f'<span class="tl-note">{escape(q)}</span>' for q in quotes)
            items.append(
                f'<li id="{self.anchor}__s{n}">{f.source(source)}'
                f"{' ' + quoted if quoted else ''}</li>"
            )
        return f'<ol class="tl-event__sources">{"".join(items)}</ol>'


def event_block(
    f: Fragments,
    ev: Event,
    home: bool,
    element: str = "li",
    anchor: str | None = None,
    page: PageNotes | None = None,
    standalone: bool = False,
) -> str:
    """The event's block: its home form (`home`) or the linking form other pages show.

    `page`, the Sources list of the page it is on, numbers its citations there instead
    of in a list of its own. `standalone`: for feeds and TimelineJS, whose copies lose
    their ids (see _Footnotes).
    """
    parts, at = _parts(f, ev, home, element, anchor, False, page, standalone)
    who = _who(f, ev, home, None)
    return "\n".join(parts[:at] + ([who] if who else []) + parts[at:])


def slide_halves(f: Fragments, ev: Event, anchor: str) -> tuple[str, str]:
    """The event as a TimelineJS slide, less the line naming who is involved, which
    depends on the timeline showing it (`slide_who`): the slide is `head`, that line
    when there is one (after a newline), a newline and `tail`. Without the date and the
    title, which TimelineJS shows itself, and standalone (see `event_block`)."""
    parts, at = _parts(f, ev, False, "div", anchor, True, None, True)
    return "\n".join(parts[:at]), "\n".join(parts[at:])


def _parts(
    f: Fragments,
    ev: Event,
    home: bool,
    element: str,
    anchor: str | None,
    slide: bool,
    page: PageNotes | None,
    standalone: bool,
) -> tuple[list[str], int]:
    """The lines of an event's block and where the line naming who is involved goes."""
    former = () if home or anchor else f.t.entities[ev.home].former_ids
    anchor = anchor or event_anchor(ev, ev.home if home else None)
    notes: _Footnotes | _OnPage = _Footnotes(anchor, standalone) if page is None else _OnPage(page)
    title_refs = notes.refs(ev.cites)
    parts = [f'<{element} class="tl-event" id="{anchor}">']
    # Links made before a rename (`<old-id>--<event>`) still land on the event.
    parts += [f'<span id="{old}--{ev.id}"></span>' for old in former]
    if not slide:
        parts += _heading(f, ev, home, title_refs)
    else:
        parts.append('<div class="tl-event__body">')
    if ev.image and not slide:  # a TimelineJS slide shows it as the slide's media
        parts.append(str(f.figure(ev.image)))
    if ev.description:
        text = f.markdown("event:" + ev.key, ev.description)
        parts.append(f'<div class="tl-event__text">{text}</div>')
    if ev.corrections:
        parts.append(corrections_html(ev.corrections, notes.refs))
    if ev.other_dates:
        parts += _disputed(f, ev, notes)
    at = len(parts)
    if ev.tags:
        parts.append(_tags(ev))
    parts.append(notes.html(f))
    parts.append(f"</div>\n</{element}>")
    return parts, at


def _heading(f: Fragments, ev: Event, home: bool, title_refs: str) -> list[str]:
    """Date and title. On its home page the title is text with a permanent-link mark after
    it (as Material's headings have); elsewhere it links to that home."""
    if home:
        title = (
            f'{escape(ev.title)}{title_refs}<a class="headerlink" href="#{ev.id}" '
            'title="Permanent link">&para;</a>'
        )
    else:
        name = escape(f.t.entities[ev.home].name)
        title = (
            f'<a href="{event_href(f.t, ev)}" title="On {name}’s timeline, with its sources">'
            f"{escape(ev.title)}</a>{title_refs}"
        )
    return [
        f'<div class="tl-event__date">{range_html(ev.date, ev.end)}</div>',
        '<div class="tl-event__body">',
        f'<p class="tl-event__title">{title}</p>',
    ]


def compact_block(f: Fragments, ev: Event, one_line: str) -> str:
    """The event as the pages of its other participants show it: date, title linking to
    its home anchor, its picture, its description's first sentence (`one_line`, plain
    text) and who.
    Its sources, corrections and tags are on its home page, one click away: repeating
    them on every participant's page made those pages several times longer."""
    anchor = event_anchor(ev, None)
    parts = [f'<li class="tl-event tl-event--compact" id="{anchor}">']
    parts += [f'<span id="{old}--{ev.id}"></span>' for old in f.t.entities[ev.home].former_ids]
    parts += _heading(f, ev, False, "")
    if ev.image:  # a picture is shown wherever the event is (lazy: it costs no load)
        parts.append(str(f.figure(ev.image)))
    if one_line:
        parts.append(f'<p class="tl-event__text">{one_line}</p>')
    parts.append(str(_who(f, ev, False, None)))
    parts.append("</div>\n</li>")
    return "\n".join(parts)


def _disputed(f: Fragments, ev: Event, notes: _Footnotes) -> list[str]:
    """ "Sources differ": each date given for the event with its sources, then the notes."""
    claims = [f"{date_html(ev.date)}{notes.refs(ev.cites)}"]
    claims += [f"{date_html(o.date)}{notes.refs(o.cites)}" for o in ev.other_dates]
    parts = [
        '<p class="tl-event__disputed"><strong>Sources differ:</strong> '
        + "; ".join(claims)
        + "</p>"
    ]
    for i, o in enumerate(ev.other_dates):
        if o.note:
            note = f.markdown(f"other:{ev.key}:{i}", o.note)
            parts.append(f'<div class="tl-event__note">{note}</div>')
    return parts


def slide_who(f: Fragments, ev: Event, slide: str) -> str | None:
    """The line of a TimelineJS slide naming who is involved, on the timeline of
    `slide` ("" for the whole site's): everyone but that entity."""
    return _who(f, ev, False, slide)


def _who(f: Fragments, ev: Event, home: bool, slide: str | None) -> str | None:
    """Who else is involved; away from its home page, also whose timeline it is from."""
    if slide is not None:
        line = ", ".join(f.entity_link(p) for p in ev.participants if p != slide)
        if ev.home != slide:
            line = f"From the timeline of {f.entity_link(ev.home)}" + (
                f"; with {line}" if line else ""
            )
        elif line:
            line = f"With {line}"
        return f'<p class="tl-event__with">{line}</p>' if line else None
    if home:
        if not ev.participants:
            return None
        return (
            '<p class="tl-event__with">With '
            + ", ".join(f.entity_link(p) for p in ev.participants)
            + "</p>"
        )
    others = ", ".join(f.entity_link(p) for p in ev.participants)
    return (
        f'<p class="tl-event__with">From the timeline of {f.entity_link(ev.home)}'
        + (f"; with {others}" if others else "")
        + "</p>"
    )


def _tags(ev: Event) -> str:
    return (
        '<p class="tl-event__tags">'
        + " ".join(
            f'<a class="tl-tag" href="{ROOT}{paths.tag_url(tag)}">{tag}</a>' for tag in ev.tags
        )
        + "</p>"
    )
