"""The few SVG and HTML pieces the charts are drawn with; every text and attribute is
XML-escaped here, and coordinates have fixed precision so output is stable.
"""

from __future__ import annotations

import html
import math

from markupsafe import Markup


def num(value: float) -> str:
    """A coordinate with fixed precision, so that output is stable (never NaN or -0.0)."""
    if not math.isfinite(value):
        raise ValueError(f"not a finite coordinate: {value!r}")
    text = f"{value:.1f}"
    return "0.0" if text == "-0.0" else text


def esc(text: object) -> str:
    """Text escaped for XML content and attribute values."""
    return html.escape(str(text), quote=True)


def rect(x: float, y: float, w: float, h: float, cls: str, fill: str = "") -> str:
    fill = f' fill="{esc(fill)}"' if fill else ""
    return (
        f'<rect class="{cls}" x="{num(x)}" y="{num(y)}" width="{num(w)}" height="{num(h)}"{fill}/>'
    )


def line(x1: float, y1: float, x2: float, y2: float, cls: str, title: str = "") -> str:
    body = f"><title>{esc(title)}</title></line>" if title else "/>"
    return f'<line class="{cls}" x1="{num(x1)}" y1="{num(y1)}" x2="{num(x2)}" y2="{num(y2)}"{body}'


def text(x: float, y: float, content: str, cls: str) -> str:
    return f'<text class="{cls}" x="{num(x)}" y="{num(y)}">{esc(content)}</text>'


#: Shown on narrow screens only (charts.css), where the plot scrolls sideways.
SCROLL_CUE = "Swipe the chart sideways for earlier years."


def figure(svg: str, caption: str, lanes: str = "") -> Markup:
    """The HTML block of a chart: one block with no blank line, so MkDocs passes it on.

    The plot scrolls inside `.tl-chart__scroll`, which is right-to-left so that, with no
    script, it opens at its right end: the most recent years. `lanes` (the lane labels)
    sits outside the scrolling box and so stays in view."""
    cue = f'<span class="tl-chart__cue" aria-hidden="true">{esc(SCROLL_CUE)} </span>'
    labels = lanes + "\n" if lanes else ""
    return Markup(
        f'<figure class="tl-chart">\n<div class="tl-chart__frame">\n{labels}'
        f'<div class="tl-chart__scroll">\n{svg}\n</div>\n</div>\n'
        f'<figcaption class="tl-chart__caption">{cue}{esc(caption)}</figcaption>\n</figure>\n'
    )


def open_svg(
    uid: str, width: float, height: float, title: str, desc: str, cls: str, x0: float = 0
) -> str:
    """The opening of an accessible SVG: role, title and description, ids from `uid`;
    its view starts at `x0` (a plot drawn right of its lane labels)."""
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="{cls}" width="{num(width)}"'
        f' height="{num(height)}" viewBox="{num(x0)} 0 {num(width)} {num(height)}" role="group"'
        f' aria-labelledby="{uid}-title" aria-describedby="{uid}-desc">\n'
        f'<title id="{uid}-title">{esc(title)}</title>\n<desc id="{uid}-desc">{esc(desc)}</desc>'
    )


_FADE = (
    '<linearGradient id="{0}-fade-{1}"><stop offset="0" class="tl-chart__stop"{2}/>'
    '<stop offset="1" class="tl-chart__stop"{3}/></linearGradient>'
)
_HATCH = (
    '<pattern id="{0}-hatch{1}" width="6" height="6" patternUnits="userSpaceOnUse"'
    ' patternTransform="rotate(45)"><rect width="6" height="6" class="tl-chart__hatch-bg{1}"/>'
    '<rect width="2.5" height="6" class="tl-chart__hatch-fg{1}"/></pattern>'
)


def paint_defs(uid: str) -> str:
    """Fades (imprecise or ongoing ends) and hatches (qualified ends), ids prefixed."""
    low = ' stop-opacity="0.15"'
    return "<defs>{}{}{}{}</defs>".format(
        _FADE.format(uid, "in", low, ""),
        _FADE.format(uid, "out", "", low),
        _HATCH.format(uid, ""),
        _HATCH.format(uid, "-ev"),
    )
