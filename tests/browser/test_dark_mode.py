"""Material's palette toggle: the dark (slate) scheme applies, persists and stays readable.

Readable means WCAG 2 contrast (text colour alpha-blended over the backgrounds behind
it): 4.5:1 for body-size text, 3:1 for headings (large text). Charts (`.tl-chart svg`)
must change their colours with the scheme and keep their text readable.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from generator import paths
from generator.model import Timeline
from generator.project import Project
from tests.browser.support import CONTRAST_JS, Tab

pytestmark = [pytest.mark.browser, pytest.mark.slow]

#: Text a reader reads on an entity page, and the contrast each needs.
TEXT = [
    ("article h1", 3.0),
    ("article h2", 3.0),
    (".md-typeset p", 4.5),
    (".md-typeset li", 4.5),
    (".md-typeset a", 4.5),
    (".md-typeset dt, .md-typeset dd", 4.5),
    (".tl-event__date time", 4.5),
    (".tl-muted, .tl-note, .tl-kind", 4.5),
    (".tl-tag", 4.5),
    (".md-header__topic .md-ellipsis", 4.5),
]
SCHEME = "document.body.getAttribute('data-md-color-scheme')"


def switch_scheme(tab: Tab, to: str) -> None:
    title = "Switch to dark mode" if to == "slate" else "Switch to light mode"
    tab.page.locator(f'form[data-md-component="palette"] label[title="{title}"]').click()
    tab.page.wait_for_function(f"s => {SCHEME} === s", arg=to)


def low_contrast(tab: Tab) -> tuple[list[str], int]:
    failures, measured = [], 0
    for selector, needed in TEXT:
        for m in tab.page.evaluate(CONTRAST_JS, selector):
            measured += 1
            if m["ratio"] < needed:
                failures.append(
                    f"{tab.where()} {selector} {m['text']!r}: {m['ratio']}:1 < {needed}:1 "
                    f"(rgb{tuple(m['color'])} on rgb{tuple(m['background'])})"
                )
    return failures, measured


def body_background(tab: Tab) -> list[int]:
    return tab.page.evaluate(CONTRAST_JS, ".md-typeset p")[0]["background"]


def busiest_person(timeline: Timeline) -> str:
    people = [e for e in timeline.entities.values() if e.kind == "person"]
    best = max(people, key=lambda e: (len(timeline.timelines.get(e.id, ())), e.id))
    return paths.entity_url(best.kind, best.id)


def test_dark_mode_toggle_applies_persists_and_stays_readable(
    open_tab: Callable[..., Tab], timeline: Timeline
) -> None:
    tab = open_tab(color_scheme="light")
    tab.goto(busiest_person(timeline))
    assert tab.page.evaluate(SCHEME) == "default"
    failures, measured = low_contrast(tab)
    assert measured >= len(TEXT) - 2, "the page should show most kinds of text"
    light_bg = body_background(tab)

    switch_scheme(tab, "slate")
    assert body_background(tab) != light_bg, "the page background should change"
    assert sum(body_background(tab)) < sum(light_bg), "slate should be the darker scheme"
    dark_failures, _ = low_contrast(tab)
    failures += dark_failures

    tab.goto("")  # the choice is remembered from page to page
    assert tab.page.evaluate(SCHEME) == "slate"
    failures += low_contrast(tab)[0]
    switch_scheme(tab, "default")
    assert tab.page.evaluate(SCHEME) == "default"

    assert not failures, "text below WCAG contrast:\n  " + "\n  ".join(failures)
    tab.assert_clean()


def test_system_dark_preference_starts_in_slate(open_tab: Callable[..., Tab]) -> None:
    tab = open_tab(color_scheme="dark")
    tab.goto("")
    assert tab.page.evaluate(SCHEME) == "slate"
    assert not low_contrast(tab)[0]
    tab.assert_clean()


# -- charts -------------------------------------------------------------------------------

CHART_COLOURS_JS = """
() => [...document.querySelectorAll('.tl-chart svg *, svg.tl-chart *')].map(el => {
  const s = getComputedStyle(el);
  return `${el.tagName}:${s.fill}:${s.stroke}`;
})
"""


def chart_pages(site: Path) -> list[str]:
    """Site paths of the built pages that contain a chart, home first."""
    found = []
    for path in sorted(site.rglob("*.html")):
        if "tl-chart" in path.read_text(encoding="utf-8"):
            rel = path.relative_to(site).as_posix()
            found.append(rel.removesuffix("index.html"))
    return sorted(found, key=lambda p: (p != "", p))


def test_charts_change_colours_with_the_scheme_and_stay_readable(
    open_tab: Callable[..., Tab], default_site: Project
) -> None:
    pages = chart_pages(default_site.site_dir)
    if not pages:
        pytest.skip("no chart (class tl-chart) on any built page yet: chart sub-check not run")
    tab = open_tab(color_scheme="light")
    failures: list[str] = []
    for page in pages[:3]:
        tab.goto(page)
        tab.page.locator(".tl-chart svg, svg.tl-chart").first.wait_for(state="visible")
        light: list[Any] = tab.page.evaluate(CHART_COLOURS_JS)
        assert light, f"{page}: a chart with no drawn elements"
        failures += _chart_text_contrast(tab)
        switch_scheme(tab, "slate")
        dark = tab.page.evaluate(CHART_COLOURS_JS)
        failures += _chart_text_contrast(tab)
        changed = sum(a != b for a, b in zip(light, dark, strict=True))
        if not changed:
            failures.append(f"{page}: no chart colour changes between light and dark")
        switch_scheme(tab, "default")
    assert not failures, "\n  ".join(failures)
    tab.assert_clean()


def _chart_text_contrast(tab: Tab) -> list[str]:
    out = []
    selector = ".tl-chart svg text, .tl-chart svg tspan, svg.tl-chart text, svg.tl-chart tspan"
    for m in tab.page.evaluate(CONTRAST_JS, selector):
        if m["ratio"] < 4.5:
            out.append(
                f"{tab.where()} chart text {m['text']!r}: {m['ratio']}:1 < 4.5:1 "
                f"(rgb{tuple(m['color'])} on rgb{tuple(m['background'])})"
            )
    return out
