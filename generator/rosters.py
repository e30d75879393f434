"""Who held which role at an organization, year by year, and "now"/"then" for a role.

The roster is static HTML (a table, no script needed); each row covers the years in
which the same people held the same roles, so a roster grows with the changes, not with
the years. A small script of ours (site_templates/roster.js, served from the site)
adds "people at <organization> on <date>" for any date, from the same rows' data.

Partial dates count by their widest reading: a role dated `2017` – `2019` may be held in
2017, so it is listed there, marked "?" where it is not certain for the whole year.
An open role runs until the build's today, or the person's death or the organization's
dissolution if earlier.
"""

from __future__ import annotations

import datetime as dt
import json
from html import escape

from markupsafe import Markup

from generator.anchors import entity_href
from generator.model import Entity, Role, Timeline


def role_span(t: Timeline, r: Role, today: dt.date) -> tuple[dt.date, dt.date, dt.date, dt.date]:
    """(earliest start, latest start, earliest end, latest end) of a role; an open end is
    today, or the person's death or the organization's dissolution before it."""
    if r.end is not None:
        lo_end, hi_end = r.end.lower(), r.end.upper()
    else:
        stops = [today]
        for who in (r.person, r.organization):
            end = t.entities[who].end
            if end is not None:
                stops.append(end.upper())
        lo_end = hi_end = min(stops)
    return r.start.lower(), r.start.upper(), lo_end, hi_end


def role_status(t: Timeline, r: Role, today: dt.date) -> str:
    """'now' when the role is held on the build's day, else 'then' (or 'later' when it
    has not begun); an end that may already have passed counts as passed."""
    start_lo, _, end_lo, _ = role_span(t, r, today)
    if start_lo > today:
        return "later"
    if r.end is not None and end_lo <= today:
        return "then"
    if r.end is None and end_lo < today:  # died or dissolved
        return "then"
    return "now"


def roster_html(t: Timeline, org: Entity, today: dt.date) -> Markup:
    """The organization's roster: a table of year ranges with who held what, and the data
    the as-of-date script reads. Empty when nobody held a role there."""
    roles = [r for r in t.roles.get(org.id, ()) if r.organization == org.id]
    if not roles:
        return Markup("")
    spans = {id(r): role_span(t, r, today) for r in roles}
    first = min(s[0].year for s in spans.values())
    last = max(s[3].year for s in spans.values())
    rows: list[tuple[int, int, tuple[tuple[Role, bool], ...]]] = []
    for year in range(first, last + 1):
        jan1, dec31 = dt.date(year, 1, 1), dt.date(year, 12, 31)
        held = tuple(
            (r, s[1] <= jan1 and s[2] >= dec31)
            for r in roles
            if (s := spans[id(r)])[0] <= dec31 and s[3] >= jan1
        )
        key = tuple((id(r), sure) for r, sure in held)
        if rows and tuple((id(r), s) for r, s in rows[-1][2]) == key:
            rows[-1] = (rows[-1][0], year, rows[-1][2])
        else:
            rows.append((year, year, held))
    body = []
    for a, b, held in rows:
        years = str(a) if a == b else f"{a} – {b}"
        who = "; ".join(
            f'<a href="{entity_href(t.entities[r.person])}">{escape(t.entities[r.person].name)}</a>'
            + (f", {escape(r.title)}" if r.title else "")
            + ("" if sure else ' <abbr title="not certain for the whole period">?</abbr>')
            for r, sure in held
        )
        who = who or '<span class="tl-muted">nobody</span>'
        body.append(f'<tr><th scope="row">{years}</th><td>{who}</td></tr>')
    data = [
        {
            "name": t.entities[r.person].name,
            "href": entity_href(t.entities[r.person]),
            "title": r.title or "",
            "from": [s[0].isoformat(), s[1].isoformat()],
            "to": [s[2].isoformat(), s[3].isoformat()],
        }
        for r in roles
        for s in (spans[id(r)],)
    ]
    # Escaped for an attribute: the script reads it with JSON.parse, never as HTML.
    payload = escape(json.dumps(data, ensure_ascii=False), quote=True)
    name = escape(org.name)
    return Markup(
        f'<div class="tl-roster" data-roster="{payload}" data-org="{name}">'
        f'<table class="tl-roster__table"><caption>Who held which role at {name}, '
        "year by year (? where the dates leave it uncertain)</caption>"
        '<thead><tr><th scope="col">Years</th><th scope="col">People and roles</th></tr></thead>'
        f"<tbody>{''.join(body)}</tbody></table></div>"
    )
