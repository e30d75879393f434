"""The charts' time axis: a day-to-pixel scale, "nice" ticks and estimated text widths
(the SVG it is drawn with comes from svg.py).

Ticks step by 1, 2, 3 or 6 months or by 1, 2, 5, 10, 20, 25, 50, ... years, whichever is
the smallest step that leaves room for a label; the domain is widened to whole months or
years. Labels are placed left to right and any label that would overlap the one before
it (by estimated width; there is no font at build time) or leave the box is dropped.
"""

from __future__ import annotations

import datetime as dt
import math
import unicodedata
from dataclasses import dataclass

from generator.dates import MONTH_NAMES
from generator.svg import line, text

#: Estimated advance of an average glyph, in ems, for the site's sans-serif text
#: (a little wide on purpose: an overestimate only drops or shortens a label).
CHAR_EM = 0.62
#: Wide (CJK) and full-width glyphs take a whole em.
WIDE_EM = 1.0
ELLIPSIS = "…"
#: Space kept free between two tick labels, in pixels.
LABEL_GAP = 6.0
#: The least distance between two ticks, in pixels.
MIN_TICK_SPACING = 48.0
#: Candidate steps in months: 1, 2, 3, 6 months, then 1, 2, 5, 10, 20, 25, 50, ... years.
_YEAR_STEPS = (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 2500, 5000)
STEPS = (1, 2, 3, 6, *(12 * y for y in _YEAR_STEPS))
_LAST_ORDINAL = dt.date.max.toordinal()


def text_width(text: str, size: float) -> float:
    """Estimated width of `text` in pixels at font size `size`."""
    return sum(_glyph(ch) for ch in text) * size


def _glyph(ch: str) -> float:
    return WIDE_EM if unicodedata.east_asian_width(ch) in ("W", "F") else CHAR_EM


def truncate(text: str, max_width: float, size: float) -> str:
    """`text`, shortened with an ellipsis when it is wider than `max_width`."""
    if text_width(text, size) <= max_width:
        return text
    room = max_width / size - CHAR_EM  # in ems, keeping room for the ellipsis
    used, cut = 0.0, 0
    for ch in text:
        used += _glyph(ch)
        if used > room:
            break
        cut += 1
    return text[:cut].rstrip() + ELLIPSIS


@dataclass(frozen=True, slots=True)
class Scale:
    """Maps days (proleptic ordinals; `d1` exclusive) onto pixels `x0`..`x1`."""

    d0: int
    d1: int
    x0: float
    x1: float

    def x(self, day: float) -> float:
        day = min(max(day, self.d0), self.d1)
        return self.x0 + (day - self.d0) * (self.x1 - self.x0) / (self.d1 - self.d0)


@dataclass(frozen=True, slots=True)
class Tick:
    x: float
    label: str


def _month_ordinal(index: int) -> int:
    """Ordinal of the first day of month `index` (year * 12 + month - 1)."""
    year, month = divmod(index, 12)
    if year > dt.MAXYEAR:
        return _LAST_ORDINAL + 1
    return dt.date(year, month + 1, 1).toordinal()


def _month_index(ordinal: int) -> int:
    d = dt.date.fromordinal(min(max(ordinal, 1), _LAST_ORDINAL))
    return d.year * 12 + d.month - 1


def _domain(lo: int, hi: int, step: int) -> tuple[int, int]:
    """Month indexes `a`..`b` (exclusive) covering days `lo`..`hi`: whole years for
    steps of a year or more, else whole months."""
    a, b = _month_index(lo), _month_index(hi - 1) + 1
    if step >= 12:
        a, b = a - a % 12, b + (-b) % 12
    return a, b


def choose_step(lo: int, hi: int, width: float, size: float, min_step: int = 1) -> int:
    """The smallest step (in months) whose ticks are far enough apart for their labels,
    measured on the domain that step widens to."""
    need = max(MIN_TICK_SPACING, text_width("0000", size) + 3 * LABEL_GAP)
    for months in STEPS:
        a, b = _domain(lo, hi, months)
        if months >= min_step and width * months / (b - a) >= need:
            return months
    return STEPS[-1]


def time_axis(
    lo: int, hi: int, x0: float, x1: float, size: float, *, min_step: int = 1
) -> tuple[Scale, list[Tick]]:
    """A scale covering days `lo`..`hi` (exclusive), widened to whole months or years,
    and its ticks. `min_step=12` keeps the ticks on years."""
    hi = max(hi, lo + 1)
    step = choose_step(lo, hi, x1 - x0, size, min_step)
    a, b = _domain(lo, hi, step)
    scale = Scale(_month_ordinal(a), _month_ordinal(b), x0, x1)
    ticks = []
    for index in range(a + (-a) % step, b + 1, step):
        year, month = divmod(index, 12)
        if step >= 12 or month == 0:
            label = str(year)
        else:
            label = MONTH_NAMES[month] + ("" if ticks else f" {year}")
        ticks.append(Tick(scale.x(_month_ordinal(index)), label))
    return scale, ticks


def place_labels(ticks: list[Tick], size: float, lo: float, hi: float) -> list[Tick]:
    """The ticks whose centred labels fit inside `lo`..`hi` without overlapping."""
    kept: list[Tick] = []
    right = -math.inf
    for tick in ticks:
        half = text_width(tick.label, size) / 2
        if tick.x - half < lo or tick.x + half > hi or tick.x - half < right + LABEL_GAP:
            continue
        kept.append(tick)
        right = tick.x + half
    return kept


def draw_axis(
    scale: Scale, ticks: list[Tick], top: float, y: float, width: float, size: float, lo: float = 0
) -> tuple[list[str], list[str]]:
    """Grid lines (to draw under the marks) and the axis with its labels (over them)."""
    grid = [line(k.x, top, k.x, y, "tl-chart__grid") for k in ticks]
    out = [line(scale.x0, y, scale.x1, y, "tl-chart__axis")]
    out += [line(k.x, y, k.x, y + 4, "tl-chart__tick-mark") for k in ticks]
    out.append(f'<g class="tl-chart__ticks" font-size="{size}" text-anchor="middle">')
    out += [
        text(k.x, y + 16, k.label, "tl-chart__tick") for k in place_labels(ticks, size, lo, width)
    ]
    return grid, [*out, "</g>"]
