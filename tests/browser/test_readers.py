"""What a reader meets on a phone and in print (issue 16), in real Chromium.

- Charts at 360 px: the plot opens at its most recent end, the lane labels stay in view
  while it scrolls, a scroll cue shows, and lane-name underlines are readable in dark mode.
- Tables at 360 px: names never break inside a word, date ranges stay on one line.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tests.browser.support import Tab

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 740}
KARPATHY = "people/andrej-karpathy/"
OPENAI = "organizations/openai/"

CHART_JS = """
() => {
  const fig = document.querySelector('figure.tl-chart');
  const box = fig.querySelector('.tl-chart__scroll');
  const rect = (el) => { const r = el.getBoundingClientRect();
    return {left: r.left, right: r.right, top: r.top, bottom: r.bottom, width: r.width}; };
  const ticks = [...box.querySelectorAll('.tl-chart__tick')].map(t => ({
    label: t.textContent, ...rect(t)}));
  const labels = [...fig.querySelectorAll('.tl-chart__lanes .tl-chart__label')].map(t => ({
    text: t.textContent, ...rect(t),
    decoration: getComputedStyle(t).textDecorationLine, fill: getComputedStyle(t).fill}));
  const cue = fig.querySelector('.tl-chart__cue');
  return {box: rect(box), scrollWidth: box.scrollWidth, clientWidth: box.clientWidth,
          ticks, labels, cue: cue && cue.offsetWidth > 0 ? cue.textContent : null};
}
"""


def _chart(tab: Tab) -> dict:
    return tab.page.evaluate(CHART_JS)


def _visible(item: dict, box: dict) -> bool:
    return item["left"] >= box["left"] - 0.5 and item["right"] <= box["right"] + 0.5


@pytest.mark.parametrize("path", [KARPATHY, OPENAI])
def test_chart_opens_at_the_recent_end_with_labels_in_view(
    open_tab: Callable[..., Tab], path: str
) -> None:
    tab = open_tab(viewport=PHONE)
    tab.goto(path)
    chart = _chart(tab)
    assert chart["scrollWidth"] > chart["clientWidth"], "at 360 px the plot should scroll"
    shown = [t["label"] for t in chart["ticks"] if _visible(t, chart["box"])]
    last = max(chart["ticks"], key=lambda t: t["right"])["label"]
    assert last in shown, f"/{path}: opens showing {shown}, not the latest year {last}"
    assert chart["cue"] and "sideways" in chart["cue"], "no visible scroll cue on a phone"
    before = [(label["text"], round(label["left"])) for label in chart["labels"]]
    assert before and all(label["left"] >= 0 for label in chart["labels"])
    assert all(label["right"] <= chart["box"]["left"] + 1 for label in chart["labels"])
    # scroll to the earliest years: every label stays where it was, on screen
    tab.page.eval_on_selector(".tl-chart__scroll", "b => b.scrollLeft = -b.scrollWidth")
    after = _chart(tab)
    first = min(after["ticks"], key=lambda t: t["left"])["label"]
    assert first in [t["label"] for t in after["ticks"] if _visible(t, after["box"])]
    assert [(label["text"], round(label["left"])) for label in after["labels"]] == before
    tab.assert_clean()


def test_chart_fits_on_a_desktop_without_a_cue(open_tab: Callable[..., Tab]) -> None:
    tab = open_tab()
    tab.goto(KARPATHY)
    chart = _chart(tab)
    assert chart["scrollWidth"] <= chart["clientWidth"] + 1 and chart["cue"] is None
    # labels and plot at one scale: each label sits beside its lane's stripe
    assert all(label["right"] <= chart["box"]["left"] + 1 for label in chart["labels"])
    tab.assert_clean()


def test_lane_names_are_underlined_in_their_own_colour_in_dark_mode(
    open_tab: Callable[..., Tab],
) -> None:
    tab = open_tab(viewport=PHONE, color_scheme="dark")
    tab.goto(KARPATHY)
    labels = _chart(tab)["labels"]
    linked = [label for label in labels if label["decoration"] == "underline"]
    assert linked, "lane names that are links should be underlined"
    # the underline is painted with the text's fill, which the dark-mode contrast test
    # checks; on the <a> it would take the link's default (black) fill
    decorated_links = tab.page.eval_on_selector_all(
        ".tl-chart a",
        "els => els.filter(a => getComputedStyle(a).textDecorationLine !== 'none').length",
    )
    assert decorated_links == 0
    fills = {label["fill"] for label in linked}
    assert not fills & {"rgb(0, 0, 0)", "black"}, fills
    tab.assert_clean()
