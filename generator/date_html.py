"""Dates as HTML (`<time>` with the date as written and its precision), and the dated
notes built on them: a source's archived copy and access date, an item's corrections."""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from html import escape

from markupsafe import Markup

from generator.dates import PartialDate
from generator.model import Cite, Correction, Source


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
