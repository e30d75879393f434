"""What a reader meets on a phone and in print (issue 16), in real Chromium.

- Charts at 360 px: the plot opens at its most recent end, the lane labels stay in view
  while it scrolls, a scroll cue shows, and lane-name underlines are readable in dark mode.
- Tables at 360 px: names never break inside a word, a date never breaks, notes sit
  under the role.
- Print: an entity page prints as a dossier (no header, tabs, search or sidebar; the
  chart and every event; source addresses after their titles; no break inside an event),
  and Chromium prints it to PDF.
- The 404 page: search and links to People, Organizations and Timeline.
- Citations: one numbered scheme per entity page, a citation's note beside that citation
  only; event titles are not links to themselves (a permanent-link mark instead); other
  entities' events are compact (their sources are on their home page).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from generator import paths
from tests.browser.support import Tab, busiest

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 740}

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


def _page(timeline: Any, kind: str = "person") -> str:
    """The page of the person (or organization) with the most roles: the widest chart."""
    entity = busiest(timeline, kind)
    return paths.entity_url(entity.kind, entity.id)


@pytest.mark.parametrize("kind", ["person", "organization"])
def test_chart_opens_at_the_recent_end_with_labels_in_view(
    open_tab: Callable[..., Tab], timeline: Any, kind: str
) -> None:
    path = _page(timeline, kind)
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


def test_chart_fits_on_a_desktop_without_a_cue(open_tab: Callable[..., Tab], timeline: Any) -> None:
    tab = open_tab()
    tab.goto(_page(timeline))
    chart = _chart(tab)
    assert chart["scrollWidth"] <= chart["clientWidth"] + 1 and chart["cue"] is None
    # labels and plot at one scale: each label sits beside its lane's stripe
    assert all(label["right"] <= chart["box"]["left"] + 1 for label in chart["labels"])
    tab.assert_clean()


def test_lane_names_are_underlined_in_their_own_colour_in_dark_mode(
    open_tab: Callable[..., Tab], timeline: Any
) -> None:
    tab = open_tab(viewport=PHONE, color_scheme="dark")
    tab.goto(_page(timeline))
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


WORDS_JS = """
(selector) => {
  const broken = [];
  for (const el of document.querySelectorAll(selector)) {
    const node = [...el.childNodes].find(n => n.nodeType === Node.TEXT_NODE);
    if (!node) continue;
    const re = /\\S+/g;
    let m;
    while ((m = re.exec(node.textContent))) {
      const range = document.createRange();
      range.setStart(node, m.index);
      range.setEnd(node, m.index + m[0].length);
      const lines = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
      if (lines.size > 1) broken.push(m[0]);
    }
  }
  return broken;
}
"""


@pytest.mark.parametrize("kind", ["person", "organization"])
def test_tables_on_a_phone_keep_words_and_dates_whole(
    open_tab: Callable[..., Tab], timeline: Any, kind: str
) -> None:
    path = _page(timeline, kind)
    tab = open_tab(viewport=PHONE)
    tab.goto(path)
    assert tab.page.evaluate(WORDS_JS, ".tl-roles td a, .tl-roles td") == []
    assert tab.page.evaluate(WORDS_JS, ".tl-roles time") == []  # each date on one line
    dates = tab.page.eval_on_selector_all(
        ".tl-roles time", "els => els.map(e => e.getClientRects().length)"
    )
    assert dates and set(dates) == {1}
    # a role's note is on its own line, under the role's title
    notes = tab.page.eval_on_selector_all(
        ".tl-roles .tl-role__note", "els => els.map(e => getComputedStyle(e).display)"
    )
    assert notes and set(notes) == {"block"}
    box = tab.page.eval_on_selector(".tl-roles", "t => [t.scrollWidth, t.clientWidth]")
    assert box[0] <= box[1] + 1, f"/{path}: the table is wider than a 360 px phone: {box}"
    tab.assert_clean()


PRINT_JS = """
() => {
  const shown = (el) => el && getComputedStyle(el).display !== 'none' &&
    el.getBoundingClientRect().height > 0;
  const links = [...document.querySelectorAll(
    '.tl-footnotes a[href^="http"], .tl-event__sources a[href^="http"]')];
  return {
    header: shown(document.querySelector('.md-header')),
    tabs: shown(document.querySelector('.md-tabs')),
    search: shown(document.querySelector('.md-search')),
    sidebar: [...document.querySelectorAll('.md-sidebar')].some(shown),
    chart: shown(document.querySelector('figure.tl-chart')),
    events: [...document.querySelectorAll('.tl-event')].filter(shown).length,
    eventBreaks: [...new Set([...document.querySelectorAll('.tl-event')].map(
      e => getComputedStyle(e).breakInside))],
    urls: links.map(a => [a.href, getComputedStyle(a, '::after').content]),
  };
}
"""


def test_entity_page_prints_as_a_dossier(
    open_tab: Callable[..., Tab], timeline: Any, tmp_path: Path
) -> None:
    person = busiest(timeline, "person")
    tab = open_tab()
    tab.goto(_page(timeline))
    tab.page.emulate_media(media="print")
    got = tab.page.evaluate(PRINT_JS)
    assert not (got["header"] or got["tabs"] or got["search"] or got["sidebar"]), got
    assert got["chart"]
    assert got["events"] == len(timeline.timelines[person.id])
    assert got["eventBreaks"] == ["avoid"]
    assert got["urls"] and all(href in content for href, content in got["urls"]), got["urls"]
    pdf = tab.page.pdf(format="A4", print_background=True)
    (tmp_path / "dossier.pdf").write_bytes(pdf)
    assert pdf.startswith(b"%PDF")
    pages = len(re.findall(rb"/Type\s*/Page(?!s)", pdf))
    assert 2 <= pages <= 20, f"{pages} printed pages"
    tab.tally.notes.append(f"print: {person.name}'s page is {pages} A4 pages ({len(pdf)} bytes)")
    tab.assert_clean()


def test_404_page_offers_search_and_the_index_pages(
    open_tab: Callable[..., Tab], timeline: Any
) -> None:
    tab = open_tab()
    response = tab.page.goto(tab.url("no/such/page/"))
    assert response is not None and response.status == 404
    tab.problems.clear()  # the 404 itself is what we asked for
    tab.page.goto(tab.url("404.html"))
    links = tab.page.eval_on_selector_all(
        ".md-content a", "els => els.map(a => [a.textContent.trim(), a.href])"
    )
    names = {name for name, _ in links}
    assert {"People", "Organizations", "Timeline"} <= names, links
    for name, href in links:
        if name in ("People", "Organizations", "Timeline"):
            assert tab.page.request.get(href).status == 200, href
    tab.page.click("text=Search the site")
    box = tab.page.locator("input.md-search__input")
    box.click()
    box.press_sequentially(busiest(timeline, "person").name.split()[-1], delay=20)
    tab.page.locator(".md-search-result__item").first.wait_for(state="visible")
    tab.assert_clean()


SLIDES_JS = """
() => [...document.querySelectorAll('.tl-slide')].map(s => ({
  text: s.innerText,
  date: (s.querySelector('.tl-headline-date') || {}).innerText || '',
  with: [...s.querySelectorAll('.tl-event__with')].map(w => w.innerText).join(' '),
  dateLines: s.querySelectorAll('.tl-headline-date, .tl-event__date').length,
  title: s.classList.contains('tl-slide-titleslide'),
}))
"""


def test_timelinejs_shows_each_date_once_every_role_as_an_era(
    browser: Any, default_site: Any, timeline: Any, request: pytest.FixtureRequest
) -> None:
    """The busiest person's TimelineJS file in the real TimelineJS 3.9.11 (node_modules)."""
    person = busiest(timeline, "person")
    from tests.browser.support import TIMELINEJS, TimelineJSHandler, serve
    from tests.browser.test_hostile import HARNESS
    from tests.conftest import require

    require(
        (TIMELINEJS / "dist" / "js" / "timeline.js").is_file(),
        "the TimelineJS test needs @knight-lab/timelinejs in node_modules (run `npm ci`)",
    )
    site = default_site.site_dir
    # The shared built site is read by other tests (the link check): the harness is
    # removed again when this test ends.
    harness = site / "_harness.html"
    harness.write_text(HARNESS, encoding="utf-8")
    request.addfinalizer(lambda: harness.unlink(missing_ok=True))
    context = browser.new_context(viewport={"width": 1000, "height": 700})
    request.addfinalizer(context.close)
    with serve(site, TimelineJSHandler) as base:
        page = context.new_page()
        page.goto(f"{base}_harness.html?src=/{paths.timelinejs(person.id)}")
        page.wait_for_function("window.__ready || window.__errors.length")
        assert page.evaluate("window.__errors") == []
        events = timeline.timelines[person.id]
        slides = page.evaluate(SLIDES_JS)
        assert len(slides) == len(events) + 1
        [title] = [s for s in slides if s["title"]]
        assert title["text"].rstrip().endswith("."), title["text"]
        assert f"events from the timeline of {person.name} on" in title["text"]
        for slide in (s for s in slides if not s["title"]):
            # TimelineJS's own date line, and no second one from the export
            assert slide["date"] and slide["dateLines"] == 1, slide
            assert person.name not in slide["with"], slide["with"]
        roles = [r for r in timeline.roles[person.id]]
        assert page.locator(".tl-timeera").count() == len(roles)


CITATIONS_JS = """
() => {
  const marks = [...document.querySelectorAll('.md-content .tl-ref a')].map(a => ({
    text: a.textContent, href: a.getAttribute('href'),
    target: a.getAttribute('href').startsWith('#fn-') &&
      !!document.getElementById(a.getAttribute('href').slice(1))}));
  const notes = [...document.querySelectorAll('.tl-cite-note')].map(n => {
    const holder = n.closest('tr, .tl-event');
    const own = [...holder.querySelectorAll('.tl-ref a')].map(a => a.textContent);
    return {number: n.textContent.match(/^\\[\\d+\\]/)[0], own};
  });
  const events = [...document.querySelectorAll('.tl-event')].map(e => ({
    id: e.id, compact: e.classList.contains('tl-event--compact'),
    selfLink: !!e.querySelector(`.tl-event__title a[href="#${e.id}"]:not(.headerlink)`),
    mark: (e.querySelector('.tl-event__title > .headerlink') || {}).getAttribute?.('href'),
    sources: e.querySelectorAll('.tl-event__sources, .tl-ref').length,
    home: (e.querySelector('.tl-event__title a:not(.headerlink)') || {}).getAttribute?.('href'),
  }));
  return {marks, notes, events,
          listNotes: document.querySelectorAll('.tl-footnotes .tl-note').length,
          height: document.documentElement.scrollHeight};
}
"""


@pytest.mark.parametrize("kind", ["person", "organization"])
def test_one_citation_scheme_and_compact_events_from_other_timelines(
    open_tab: Callable[..., Tab], timeline: Any, kind: str
) -> None:
    entity = busiest(timeline, kind)
    tab = open_tab(viewport=PHONE)
    tab.goto(_page(timeline, kind))
    got = tab.page.evaluate(CITATIONS_JS)
    # every mark on the page is a number into the page's one Sources list
    assert got["marks"] and all(
        re.fullmatch(r"\[(\d+)\]", m["text"])
        and m["href"] == "#fn-" + m["text"][1:-1]
        and m["target"]
        for m in got["marks"]
    ), got["marks"]
    # a citation's note sits beside that citation, not in the list other rows point to
    assert got["listNotes"] == 0
    assert all(n["number"] in n["own"] for n in got["notes"]), got["notes"]
    home = [e for e in got["events"] if not e["compact"]]
    away = [e for e in got["events"] if e["compact"]]
    assert len(home) == sum(ev.home == entity.id for ev in timeline.timelines[entity.id])
    assert all(not e["selfLink"] and e["mark"] == "#" + e["id"] for e in home), home
    assert all(e["sources"] == 0 and "#" in e["home"] for e in away), away
    tab.tally.notes.append(f"page height at 360 px: {entity.name} {got['height']} px")
    tab.assert_clean()
