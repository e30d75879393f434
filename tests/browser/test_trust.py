"""Rosters and corrections in Chromium, on the built sample site (issue 17).

The roster is a static table (works without JavaScript); our roster.js adds "people at
<organization> on <date>" from the table's data, with no network. Screenshots of the
pages go to $TRUST_SCREENS when set (the issue's note).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from generator.project import Project
from tests.browser.conftest import DESKTOP
from tests.browser.support import serve

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def sample_url(sample_site: Project) -> Iterator[str]:
    with serve(sample_site.site_dir) as url:
        yield url


def _page(browser: Any, *, javascript: bool = True) -> Any:
    context = browser.new_context(viewport=DESKTOP, java_script_enabled=javascript)
    outside: list[str] = []

    def route(r: Any) -> None:
        if r.request.url.startswith("http://127.0.0.1:"):
            r.continue_()
        else:
            outside.append(r.request.url)
            r.abort()

    context.route("**/*", route)
    page = context.new_page()
    page.outside = outside  # type: ignore[attr-defined]
    return page


def _shot(page: Any, name: str) -> None:
    folder = os.environ.get("TRUST_SCREENS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / name), full_page=True)


def test_roster_without_javascript(browser: Any, sample_url: str) -> None:
    page = _page(browser, javascript=False)
    page.goto(sample_url + "organizations/analytical-engines/")
    rows = page.locator(".tl-roster__table tbody tr")
    assert rows.count() == 5
    assert rows.nth(2).inner_text().startswith("1842 – 1843")
    assert "Ada Lovelace, Translator & annotator" in rows.nth(2).inner_text()
    assert page.locator(".tl-asof").count() == 0  # the enhancement needs the script
    page.context.close()


def test_people_on_a_chosen_date(browser: Any, sample_url: str) -> None:
    page = _page(browser)
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(sample_url + "organizations/analytical-engines/")
    field = page.locator(".tl-asof input[type=date]")
    field.fill("1842-06-15")
    result = page.locator(".tl-asof__result")
    text = result.inner_text()
    assert "Charles Babbage, Founder" in text
    assert "Ada Lovelace, Translator & annotator (possibly: the dates are partial)" in text
    page.locator(".tl-roster").scroll_into_view_if_needed()
    _shot(page, "roster-as-of-date.png")
    field.fill("1833-01-01")
    assert "Nobody" in result.inner_text()
    field.fill("1842-12-31")  # within 1842~ .. 1843 under every reading
    assert "Ada Lovelace, Translator & annotator" in result.inner_text()
    assert "possibly" not in result.inner_text().split("Ada Lovelace")[1]
    assert not errors and not page.outside
    page.context.close()


def test_corrections_visible(browser: Any, sample_url: str) -> None:
    page = _page(browser)
    page.goto(sample_url + "people/ada-lovelace/")
    fix = page.locator("#\\31 852-dies-in-london .tl-corrections")
    assert fix.inner_text().startswith("Corrected 3 Mar 2024:")
    assert fix.is_visible()
    assert page.locator(".tl-status--then").first.inner_text() == "then"
    _shot(page, "person-with-correction.png")
    page.goto(sample_url + "corrections/")
    assert page.locator(".tl-corrections-list > li").count() == 3
    _shot(page, "corrections-page.png")
    assert not page.outside
    page.context.close()


PHONE = {"width": 360, "height": 740}

#: Where each element of the page's head and first event stands (page coordinates).
_BOXES = """() => Object.fromEntries(
  [".tl-head figure img", ".tl-facts", "#career, h2", ".tl-event .tl-figure img",
   ".tl-event .tl-event__text"].map(s => {
    const el = document.querySelector(s);
    const r = el.getBoundingClientRect();
    return [s, [Math.round(r.left), Math.round(r.top + scrollY), Math.round(r.width),
                Math.round(r.height)]];
  }))"""

#: The sum of the layout shifts the browser recorded (Cumulative Layout Shift's parts).
_SHIFTS = """() => new Promise(done => {
  new PerformanceObserver(list => done(list.getEntries().map(e => e.value)))
    .observe({type: "layout-shift", buffered: true});
  setTimeout(() => done([]), 500);
})"""


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1280px", "360px"])
def test_pictures_keep_their_place_while_they_load(
    browser: Any, sample_url: str, viewport: dict[str, int]
) -> None:
    """The pictures are held back until the page has been laid out: nothing moves when
    they arrive (the same boxes, no layout shift), and each fits the screen."""
    context = browser.new_context(viewport=viewport)
    held: list[Any] = []
    context.route("**/images/*.png", lambda r: held.append(r))
    context.route(lambda url: not url.startswith("http://127.0.0.1:"), lambda r: r.abort())
    page = context.new_page()
    page.goto(sample_url + "organizations/analytical-engines/", wait_until="domcontentloaded")
    page.wait_for_function("document.querySelectorAll('.tl-figure img').length >= 2")
    # the event's picture is lazy: it is asked for only when scrolled near
    assert page.locator(".tl-event .tl-figure img").get_attribute("loading") == "lazy"
    assert page.locator(".tl-head .tl-figure img").get_attribute("loading") is None
    before = page.evaluate(_BOXES)
    assert not page.evaluate(
        "[...document.querySelectorAll('.tl-figure img')].some(i => i.complete && i.naturalWidth)"
    ), "the pictures arrived before the layout was measured"
    page.locator(".tl-event .tl-figure").scroll_into_view_if_needed()
    page.wait_for_timeout(300)
    for route in held:
        route.continue_()
    page.wait_for_function(
        "[...document.querySelectorAll('.tl-figure img')].every(i => i.complete && i.naturalWidth)"
    )
    after = page.evaluate(_BOXES)
    assert after == before, f"moved when the pictures arrived:\n{before}\n{after}"
    head = before[".tl-head figure img"]
    assert abs(head[3] - head[2] * 160 / 240) <= 1, head  # the file's shape, before it came
    event = before[".tl-event .tl-figure img"]
    assert abs(event[3] - event[2] * 180 / 120) <= 1, event
    assert sum(page.evaluate(_SHIFTS)) == 0
    width = viewport["width"]
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    # the event with a picture (and a former id's anchor) keeps its date beside its body
    date, body = (
        page.locator(f"#ada-lovelace--publishes-notes > .tl-event__{part}").bounding_box()
        for part in ("date", "body")
    )
    assert date and body
    if width > 700:
        assert body["x"] > date["x"] + date["width"] - 1 and abs(body["y"] - date["y"]) < 2
    else:
        assert body["y"] >= date["y"] + date["height"] - 1  # one column on phones
    for box in (head, event):
        assert box[0] >= 0 and box[0] + box[2] <= width, (box, width)
    credit = page.locator(".tl-head figcaption").inner_text()
    assert credit == (
        "A stand-in picture; the fixtures' workshop never existed. "
        "Credit: Drawn for the test fixtures & given to the public domain"
    )
    _shot(page, f"organization-with-picture-{width}.png")
    context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_pages_with_pictures_pass_axe(
    browser: Any, sample_url: str, axe_script: Path, scheme: str
) -> None:
    """The picture's alt text, figure and muted credit line pass axe-core (image-alt,
    colour contrast of the credit in both schemes): no violation at all on these pages."""
    context = browser.new_context(viewport=DESKTOP, color_scheme=scheme)
    context.route(lambda url: not url.startswith("http://127.0.0.1:"), lambda r: r.abort())
    page = context.new_page()
    found = []
    for rel in ("organizations/analytical-engines/", "people/ada-lovelace/"):
        page.goto(sample_url + rel)
        page.add_script_tag(path=str(axe_script))
        result = page.evaluate(
            "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
            ".map(v => v.id + ' ' + v.nodes.map(n => n.target.join(' ')).join(', '))"
        )
        found += [f"{rel}: {v}" for v in result]
        assert page.locator(".tl-figure img").count() >= 1
    context.close()
    assert not found, "\n".join(found)
