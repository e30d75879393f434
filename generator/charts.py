"""Charts drawn at build time as inline SVG: no JavaScript, works offline and in print.

`entity_chart` draws swimlanes on every entity page: one lane per organization on a
person's page (two bars when they left and rejoined), one lane per person on an
organization's page, and the entity's events as marks on the same time axis.
`years_chart` draws the events per year on /timeline/. Colours come only from classes
in charts.css (Material's palette variables); every text is XML-escaped; coordinates have
fixed precision so output is golden-testable. "Today" is passed in, never looked up here.

The SVG is a labelled group (role="group" with aria-labelledby/-describedby pointing at
its <title> and <desc>), not role="img": an image may not contain links (axe-core rule
nested-interactive, serious), and every bar and tick is a link with its own <title>.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from markupsafe import Markup

from generator import paths, svg
from generator.anchors import ROOT, event_anchor
from generator.dates import PartialDate, Precision, display_range
from generator.limits import MAX_CHART_EVENT_ROWS, MAX_CHART_LANES
from generator.model import Entity, Event, Role, Timeline
from generator.svg import esc, line, rect, text
from generator.time_axis import Scale, Tick, draw_axis, time_axis, truncate

WIDTH = 720
LABEL_W = 160  # lane labels, left of the plot
RIGHT = 16
TOP = 6
FONT = 12
TICK_FONT = 11
ROW_H, BAR_H, LANE_PAD = 20, 14, 4
EV_ROW_H, EV_H = 11, 9
AXIS_H = 24
FADE_PX = 32  # an ongoing role fades out over this width
QUALIFIED_PX = 6  # the least width of a hatched (approximate or uncertain) end
MIN_PX = 3  # the least width of any bar or mark
STRIP_H, MIN_YEAR_PX = 64, 2


@dataclass(slots=True)
class Mark:
    """A role bar or an event mark, in days (`hi` exclusive). `core` is the part that is
    certain; before and after it the dates are imprecise, qualified or ongoing."""

    lo: int
    hi: int
    core_lo: int
    core_hi: int
    href: str
    title: str
    start_q: bool = False
    end_q: bool = False
    ongoing: bool = False
    precision: Precision = Precision.DAY


@dataclass(slots=True)
class Lane:
    label: str
    href: str
    marks: list[Mark] = field(default_factory=list)


def _day(d: dt.date) -> int:
    return d.toordinal()


def role_mark(r: Role, href: str, title: str, now: int) -> Mark:
    lo = _day(r.start.lower())
    crisp = r.start.precision == Precision.DAY and not r.start.qualified
    core_lo = lo if crisp else _day(r.start.upper()) + 1
    if r.end is None:
        hi = max(now, core_lo, lo + 1)
        return Mark(lo, hi, core_lo, hi, href, title, r.start.qualified, False, True)
    hi = max(_day(r.end.upper()) + 1, lo + 1)
    crisp = r.end.precision == Precision.DAY and not r.end.qualified
    core_hi = hi if crisp else _day(r.end.lower())
    return Mark(lo, hi, core_lo, core_hi, href, title, r.start.qualified, r.end.qualified)


def event_mark(ev: Event, here: str) -> Mark:
    last = ev.end or ev.date
    lo, hi = _day(ev.date.lower()), max(_day(last.upper()) + 1, _day(ev.date.lower()) + 1)
    href = "#" + event_anchor(ev, here)
    title = f"{ev.title} ({display_range(ev.date, ev.end)})"
    q = ev.date.qualified or last.qualified
    return Mark(lo, hi, lo, hi, href, title, q, q, precision=min(ev.date.precision, last.precision))


def _now(t: Timeline, role: Role, today: dt.date) -> int:
    """Where an ongoing role ends: today, or the death or dissolution before it."""
    now = _day(today) + 1
    for who in (role.person, role.organization):
        end = t.entities[who].end
        if end is not None:
            now = min(now, _day(end.upper()) + 1)
    return now


def _dates(d: Iterable[tuple[PartialDate, PartialDate | None]]) -> str:
    return ", ".join(display_range(s, e, ongoing="present") for s, e in d)


def _events_text(events: tuple[Event, ...]) -> str:
    if not events:
        return "no events"
    first = min(ev.date.year for ev in events)
    last = max((ev.end or ev.date).year for ev in events)
    count = f"{len(events)} event{'s' if len(events) != 1 else ''}"
    return f"{count} in {first}" if first == last else f"{count} from {first} to {last}"


def entity_chart(t: Timeline, entity: Entity, today: dt.date) -> Markup:
    """The swimlane chart of an entity page, as an HTML figure (empty when no data)."""
    person = entity.kind == "person"
    roles = t.roles.get(entity.id, ())
    events = t.timelines.get(entity.id, ())
    if not roles and not events:
        return Markup("")
    lanes: dict[str, Lane] = {}
    for r in roles:
        other = r.organization if person else r.person
        name = t.entities[other].name
        kind = t.entities[other].kind
        lane = lanes.setdefault(other, Lane(name, ROOT + paths.entity_url(kind, other)))
        href = ("" if person else ROOT + paths.entity_url("person", other)) + f"#role-{r.index}"
        dates = display_range(r.start, r.end, ongoing="present")
        title = f"{name}: {r.title}, {dates}" if r.title else f"{name}, {dates}"
        lane.marks.append(role_mark(r, href, title, _now(t, r, today)))
    shown = list(lanes.values())[:MAX_CHART_LANES]
    hidden = len(lanes) - len(shown)
    if person:  # the career in order, role by role
        parts = [f"{t.entities[r.organization].name} {_dates([(r.start, r.end)])}" for r in roles]
    else:  # person by person
        parts = [
            f"{lane.label} ({_dates((r.start, r.end) for r in roles if r.person == key)})"
            for key, lane in lanes.items()
        ]
    more = len(parts) - MAX_CHART_LANES
    listed = ", ".join(parts[:MAX_CHART_LANES]) + (f" and {more} more" if more > 0 else "")
    head = ("Career of " if person else "People of ") if roles else "Timeline of "
    title = head + entity.name
    desc = f"{title}: " + "; ".join(([listed] if roles else []) + [_events_text(events)]) + "."
    ev_marks = [event_mark(ev, entity.id) for ev in events]
    lanes_svg, drawing = swimlanes(
        f"tl-chart-{entity.id}", title, desc, shown, ev_marks, _day(today)
    )
    rest = f"{hidden} more {'organizations' if person else 'people'} and all" if hidden else "All"
    roles_drawn = [m for lane in lanes.values() for m in lane.marks]
    return svg.figure(
        drawing,
        f"{_legend(roles_drawn, ev_marks)} {rest} details are in the text below.",
        lanes_svg,
    )


def _legend(roles: list[Mark], events: list[Mark]) -> str:
    """What the marks of this chart mean, naming only the kinds it has."""
    faded = any(
        (m.lo < m.core_lo and not m.start_q) or (m.core_hi < m.hi and not m.end_q) for m in roles
    )
    keys = {
        "grey marks are events, a year or a month wide when so dated": events,
        "faded ends: dates known only to the month or year": faded,
        "hatched: approximate or uncertain dates": any(
            m.start_q or m.end_q for m in roles + events
        ),
        "a bar that fades out to the right is ongoing": any(m.ongoing for m in roles),
    }
    words = "; ".join(key for key, shown in keys.items() if shown)
    return words[:1].upper() + words[1:] + "." if words else ""


def _span(m: Mark, scale: Scale) -> tuple[float, float, float, float]:
    """Pixel edges: start of the bar, start and end of its certain core, end of the bar."""
    xa, xb, xc, xd = (scale.x(v) for v in (m.lo, m.core_lo, m.core_hi, m.hi))
    if xd - xa < MIN_PX:
        mid = min(max((xa + xd) / 2, scale.x0 + MIN_PX / 2), scale.x1 - MIN_PX / 2)
        xa, xd = mid - MIN_PX / 2, mid + MIN_PX / 2
    xb, xc = min(max(xb, xa), xd), min(max(xc, xa), xd)
    if xb > xc:
        xb = xc = (xb + xc) / 2
    if m.ongoing:
        xc = max(xb, xd - FADE_PX)
    if m.start_q:
        xb = max(xb, min(xa + QUALIFIED_PX, xd))
    if m.end_q:
        xc = min(xc, max(xd - QUALIFIED_PX, xa))
    return xa, min(xb, max(xc, xa)), max(xc, xa), xd


def _role_svg(uid: str, m: Mark, scale: Scale, y: float) -> str:
    xa, xb, xc, xd = _span(m, scale)
    out = [f'<a href="{esc(m.href)}"><title>{esc(m.title)}</title>']
    hatch = f"url(#{uid}-hatch)"
    if xb - xa >= 0.05:
        fill = hatch if m.start_q else f"url(#{uid}-fade-in)"
        out.append(rect(xa, y, xb - xa, BAR_H, "tl-chart__fuzz", fill))
    if xc - xb >= 0.05:  # overlapping the fades by half a pixel: no seam where they meet
        left, right = max(xb - 0.5, xa), min(xc + 0.5, xd)
        out.append(rect(left, y, right - left, BAR_H, "tl-chart__bar"))
    if xd - xc >= 0.05:
        fill = hatch if m.end_q else f"url(#{uid}-fade-out)"
        out.append(rect(xc, y, xd - xc, BAR_H, "tl-chart__fuzz", fill))
    return "".join(out) + "</a>"


def _event_svg(uid: str, m: Mark, scale: Scale, y: float) -> str:
    xa, _, _, xd = _span(m, scale)
    if m.precision == Precision.DAY and m.hi - m.lo == 1:
        mid = min(max((xa + xd) / 2, scale.x0 + 1), scale.x1 - 1)
        xa, xd = mid - 1, mid + 1
    # a hatched mark gets no colour class: the class's fill would hide the pattern
    cls = f"tl-chart__event tl-chart__event--{m.precision.name.lower()}"
    if m.start_q and xd - xa >= 2 * QUALIFIED_PX:
        cls, fill = "tl-chart__fuzz", f"url(#{uid}-hatch-ev)"
    elif m.start_q:  # too narrow to show a hatch
        cls, fill = "tl-chart__event tl-chart__event--faint", ""
    else:
        fill = ""
    hit = ""
    if xd - xa < 8:
        mid = min(max((xa + xd) / 2, scale.x0 + 4), scale.x1 - 4)
        hit = rect(mid - 4, y - 1, 8, EV_H + 2, "tl-chart__hit")
    mark = rect(xa, y, xd - xa, EV_H, cls, fill)
    return f'<a href="{esc(m.href)}"><title>{esc(m.title)}</title>{hit}{mark}</a>'


def _pack(marks: list[Mark], scale: Scale, limit: int = 10**6) -> tuple[list[int], int]:
    """Rows for overlapping marks (first free row, else the one that frees first)."""
    ends: list[float] = []
    rows = []
    for m in marks:
        xa, _, _, xd = _span(m, scale)
        free = [i for i, end in enumerate(ends) if xa >= end + 2]
        if free:
            row = free[0]
        elif len(ends) < limit:
            row = len(ends)
            ends.append(0.0)
        else:
            row = min(range(len(ends)), key=lambda i: ends[i])
        ends[row] = max(ends[row], xd)
        rows.append(row)
    return rows, max(len(ends), 1)


def swimlanes(
    uid: str, title: str, desc: str, lanes: list[Lane], events: list[Mark], today: int
) -> tuple[str, str]:
    """Two SVGs on one coordinate system: the lane labels, and the plot (a lane per
    entity, then a lane of events, then the time axis). Apart, the plot can scroll on a
    phone while the labels stay in view; side by side at one scale they read as one."""
    marks = [m for lane in lanes for m in lane.marks] + events
    scale, ticks = time_axis(
        min(m.lo for m in marks), max(m.hi for m in marks), LABEL_W, WIDTH - RIGHT, TICK_FONT
    )
    back: list[str] = []
    bars: list[str] = []
    labels = [f'<g class="tl-chart__labels" font-size="{FONT}" text-anchor="end">']
    rows_of = [(lane, *_pack(lane.marks, scale)) for lane in lanes]
    if events:
        rows_of.append((Lane("Events", ""), *_pack(events, scale, MAX_CHART_EVENT_ROWS)))
    y: float = TOP
    for i, (lane, rows, count) in enumerate(rows_of):
        row_h, mark_h = (ROW_H, BAR_H) if lane.href else (EV_ROW_H, EV_H)
        height = count * row_h + 2 * LANE_PAD
        if i % 2:
            back.append(rect(0, y, WIDTH, height, "tl-chart__lane"))
        name = truncate(lane.label, LABEL_W - 16, FONT)
        label_y = y + height / 2 + FONT * 0.35
        draw = _role_svg if lane.href else _event_svg
        for m, row in zip(lane.marks if lane.href else events, rows, strict=True):
            bars.append(draw(uid, m, scale, y + LANE_PAD + row * row_h + (row_h - mark_h) / 2))
        if lane.href:
            label = text(LABEL_W - 8, label_y, name, "tl-chart__label")
            labels.append(f'<a href="{esc(lane.href)}"><title>{esc(lane.label)}</title>{label}</a>')
        else:
            labels.append(
                text(LABEL_W - 8, label_y, name, "tl-chart__label tl-chart__label--muted")
            )
        y += height
    split = LABEL_W - 4  # lane labels end 8 px left of the plot; the plot box starts here
    grid, axis_svg = draw_axis(scale, ticks, TOP, y, WIDTH, TICK_FONT, lo=split)
    if any(m.ongoing for m in marks) and scale.d0 <= today < scale.d1:
        x, day = scale.x(today + 1), dt.date.fromordinal(today)
        grid.append(line(x, TOP, x, y, "tl-chart__now", f"Today, {day.day} {day:%b %Y}"))
    height = y + AXIS_H
    lanes_svg = "\n".join(
        [
            f'<svg xmlns="http://www.w3.org/2000/svg" class="tl-chart__lanes" width="{split}"'
            f' height="{svg.num(height)}" viewBox="0 0 {split} {svg.num(height)}"'
            f' role="group" aria-label="{esc(title)}: lanes">',
            *back,
            *labels,
            "</g>",
            "</svg>",
        ]
    )
    head = svg.open_svg(uid, WIDTH - split, height, title, desc, "tl-chart__svg", x0=split)
    plot = "\n".join([head, svg.paint_defs(uid), *back, *grid, *bars, *axis_svg, "</svg>"])
    return lanes_svg, plot


def years_chart(t: Timeline) -> Markup:
    """The events per year on /timeline/: bar height by count, each year linked."""
    if not t.years:
        return Markup("")
    uid = "tl-chart-timeline"
    first, last = min(t.years), max(t.years)
    busiest = max(t.years, key=lambda y: (len(t.years[y]), -y))
    peak = len(t.years[busiest])
    left = 12
    width = max(WIDTH, left + RIGHT + (last - first + 1) * MIN_YEAR_PX)
    lo, hi = _day(dt.date(first, 1, 1)), _day(dt.date(last, 12, 31)) + 1
    scale, ticks = time_axis(lo, hi, left, width - RIGHT, TICK_FONT, min_step=12)
    half = (scale.x1 - scale.x0) / (last - first + 1) / 2  # labels centred under their year
    ticks = [Tick(k.x + half, k.label) for k in ticks if int(k.label) <= last]
    base = TOP + STRIP_H
    bars = []
    for year, events in t.years.items():
        xa, xd = scale.x(_day(dt.date(year, 1, 1))), scale.x(_day(dt.date(year, 12, 31)) + 1)
        w = max(xd - xa - 1, 1)
        h = max(3, STRIP_H * len(events) / peak)
        label = f"{year}: {len(events)} event{'s' if len(events) != 1 else ''}"
        bars.append(
            f'<a href="{esc(ROOT + paths.year_url(year))}"><title>{esc(label)}</title>'
            + rect(xa, TOP, max(w, 1), STRIP_H, "tl-chart__hit")
            + rect(xa + (xd - xa - w) / 2, base - h, w, h, "tl-chart__year")
            + "</a>"
        )
    _, axis_svg = draw_axis(scale, ticks, TOP, base, width, TICK_FONT)  # bars need no grid
    total = sum(len(v) for v in t.years.values())
    span = f"in {first}" if first == last else f"from {first} to {last}"
    desc = (
        f"{total} event{'s' if total != 1 else ''} in {len(t.years)} "
        f"year{'s' if len(t.years) != 1 else ''} {span}; the most, {peak}, in {busiest}."
    )
    cls = "tl-chart__svg tl-chart__svg--strip" + (" tl-chart__svg--wide" if width > WIDTH else "")
    head = svg.open_svg(uid, width, base + AXIS_H, "Events per year", desc, cls)
    drawing = "\n".join([head, *bars, *axis_svg, "</svg>"])
    return svg.figure(
        drawing, f"Events per year; the tallest bar is {peak}. Each bar links to its year."
    )
