"""The hostile build in real clients: every TimelineJS export in the real TimelineJS, and
Material's search queried with hostile terms.

The site is the attack suite's (the sample plus every inert case in tests/attacks/),
served from 127.0.0.1 together with TimelineJS 3.9.11 from node_modules (`npm ci`). A
payload that runs calls alert/confirm/prompt, or leaves an `on*` attribute in the
document; both are recorded, and every element is hovered and focused so that handlers
waiting for the pointer get their chance.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest

from generator import paths
from generator.project import Project
from tests.browser.conftest import DESKTOP
from tests.browser.support import TIMELINEJS, TimelineJSHandler, serve
from tests.conftest import require
from tests.test_attacks import build_attack_site

pytestmark = [pytest.mark.browser, pytest.mark.slow]


#: Runs before any page script: records every dialog call and every handler attribute.
RECORDER = """
window.__fired = [];
for (const name of ["alert", "confirm", "prompt", "print", "open"]) {
  window[name] = (...args) => { window.__fired.push(name + "(" + args.join(",") + ")"); };
}
"""

HANDLERS = """() => {
  const found = [];
  for (const el of document.querySelectorAll("*")) {
    for (const a of el.attributes) {
      const on = a.name.toLowerCase().startsWith("on");
      if (on) found.push(el.tagName + " " + a.name + "=" + a.value);
    }
  }
  return found;
}"""

#: Fire what a reader's pointer and keyboard would: mouse over, focus and (for anything
#: that is not a link) click every element.
PROVOKE = """() => {
  for (const el of document.querySelectorAll("body *")) {
    for (const type of ["mouseover", "mouseenter", "focus", "focusin"]) {
      el.dispatchEvent(new Event(type, {bubbles: true}));
    }
  }
}"""

HARNESS = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>TimelineJS harness</title>
<link rel="stylesheet" href="/_timelinejs/css/timeline.css">
<script src="/_timelinejs/js/timeline.js"></script></head>
<body><div id="tl" style="width: 1000px; height: 600px"></div>
<script>
window.__ready = false;
window.__errors = [];
fetch(new URLSearchParams(location.search).get("src")).then(r => r.json()).then(data => {
  const tl = new TL.Timeline("tl", data, {script_path: location.origin + "/_timelinejs/js/"});
  tl.on("loaded", () => { window.__ready = true; });
}).catch(e => window.__errors.push(String(e)));
</script></body></html>
"""


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Project:
    return build_attack_site(tmp_path_factory.mktemp("hostile"))


@pytest.fixture(scope="module")
def hostile_url(hostile_site: Project) -> Iterator[str]:
    require(
        (TIMELINEJS / "dist" / "js" / "timeline.js").is_file(),
        "the TimelineJS test needs @knight-lab/timelinejs in node_modules (run `npm ci`)",
    )
    (hostile_site.site_dir / "_harness.html").write_text(HARNESS, encoding="utf-8")
    with serve(hostile_site.site_dir, TimelineJSHandler) as url:
        yield url


def _tab(browser: Any, outside: list[str]) -> Any:
    context = browser.new_context(viewport=DESKTOP, service_workers="block")
    context.set_default_timeout(20_000)
    context.add_init_script(RECORDER)

    def route(r: Any) -> None:
        if r.request.url.startswith("http://127.0.0.1:"):
            r.continue_()
        else:
            outside.append(r.request.url)
            r.abort("blockedbyclient")

    context.route("**/*", route)
    return context.new_page()


def _timelinejs_files(project: Project) -> list[str]:
    folder = project.site_dir / "data" / "timelinejs"
    return sorted(p.relative_to(project.site_dir).as_posix() for p in folder.glob("*.json"))


def _run_timelinejs(page: Any, base: str, file: str) -> tuple[list[str], list[str]]:
    """Load one TimelineJS file into the harness; (dialogs called, handler attributes)."""
    page.goto(f"{base}_harness.html?src=/{file}", wait_until="load")
    page.wait_for_function("window.__ready || window.__errors.length")
    assert page.evaluate("window.__errors") == [], file
    assert page.locator(".tl-slide").count() >= 2, f"{file}: TimelineJS drew no slides"
    page.evaluate(PROVOKE)
    for slide in range(min(page.locator(".tl-timemarker").count(), 30)):
        page.locator(".tl-timemarker").nth(slide).dispatch_event("click")
    page.wait_for_timeout(200)
    page.evaluate(PROVOKE)
    return page.evaluate("window.__fired"), page.evaluate(HANDLERS)


def test_the_harness_sees_a_live_payload(
    browser: Any, hostile_site: Project, hostile_url: str
) -> None:
    """The control: the same payloads as TimelineJS got them before the fix do fire."""
    doc = json.loads((hostile_site.site_dir / "data/timelinejs/atk-tljs.json").read_text())
    for event in doc["events"]:
        event["group"] = "Acme &lt;img src=x onerror=alert(1)&gt;"
        event.pop("autolink")
        event["text"]["text"] += "<p>www.example.org'/onmouseover='alert(1)'/x='</p>"
    (hostile_site.site_dir / "_control.json").write_text(json.dumps(doc), encoding="utf-8")
    page = _tab(browser, [])
    try:
        fired, handlers = _run_timelinejs(page, hostile_url, "_control.json")
    finally:
        page.context.close()
    assert any("onerror" in h for h in handlers) or fired, (fired, handlers)
    assert any("onmouseover" in h for h in handlers), handlers


def test_timelinejs_runs_nothing_from_any_export(
    browser: Any, hostile_site: Project, hostile_url: str
) -> None:
    files = _timelinejs_files(hostile_site)
    assert "data/timelinejs/atk-tljs.json" in files and len(files) > 5
    hostile = json.loads((hostile_site.site_dir / "data/timelinejs/atk-tljs.json").read_text())
    assert "onerror" in hostile["events"][0]["group"], "the case should carry its payload"
    outside: list[str] = []
    page = _tab(browser, outside)
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    problems = []
    labels = set()
    try:
        for file in files:
            fired, handlers = _run_timelinejs(page, hostile_url, file)
            problems += [f"{file}: ran {f}" for f in fired]
            problems += [f"{file}: handler attribute {h}" for h in handlers]
            labels |= set(page.locator(".tl-timegroup-message").all_text_contents())
    finally:
        page.context.close()
    assert not errors, errors
    assert not problems, "\n".join(problems)
    # TimelineJS's own stylesheet asks Google Fonts for its fonts (blocked here); our
    # exports ask nothing from anywhere.
    stray = [u for u in outside if not u.startswith("https://fonts.gstatic.com/")]
    assert not stray, f"requests outside 127.0.0.1: {stray}"
    # The row label shows the name as written (escaped for both of TimelineJS's readings).
    assert "Acme &lt;img src=x onerror=alert(1)&gt; &amp; Co" in labels, labels


def test_timelinejs_shows_mentions_as_links_with_their_labels_as_text(
    browser: Any, hostile_site: Project, hostile_url: str
) -> None:
    """A mention is a link in the slide's text (never inside an attribute) and its hostile
    label reads as written, in the real TimelineJS."""
    page = _tab(browser, [])
    try:
        fired, handlers = _run_timelinejs(page, hostile_url, "data/timelinejs/atk-mentions.json")
        links = page.eval_on_selector_all(
            ".tl-slide-content a[href*='ada-lovelace']", "els => els.map(e => e.textContent)"
        )
    finally:
        page.context.close()
    assert not fired and not handlers, (fired, handlers)
    assert {
        '" onmouseover="alert(4)',
        "www.example.org'/onmouseover='alert(5)'/x='",
        "<img src=x onerror=alert(6)>",
        "Ada Lovelace",
    } <= set(links), links


HOSTILE_QUERIES = [
    "<img src=x onerror=alert(1)>",
    "&lt;img src=x onerror=alert(1)&gt;",
    "www.example.org'/onmouseover='alert(1)'",
    "</title><script>alert(1)</script>",
    "javascript:alert(1)",
    "Acme",
    "onmouseover",
    '"><svg onload=alert(1)>',
]


def test_search_with_hostile_terms_runs_nothing(
    browser: Any, hostile_site: Project, hostile_url: str
) -> None:
    outside: list[str] = []
    page = _tab(browser, outside)
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    problems, results = [], 0
    try:
        page.goto(hostile_url, wait_until="networkidle")
        box = page.locator("input.md-search__input")
        for query in HOSTILE_QUERIES:
            box.click()
            box.fill("")
            box.press_sequentially(query, delay=5)
            page.wait_for_timeout(400)
            results += page.locator(".md-search-result__item").count()
            page.evaluate(PROVOKE)
            problems += [f"{query!r}: ran {f}" for f in page.evaluate("window.__fired")]
            problems += [f"{query!r}: handler {h}" for h in page.evaluate(HANDLERS)]
    finally:
        page.context.close()
    assert not errors, errors
    assert not outside, f"requests outside 127.0.0.1: {outside}"
    assert not problems, "\n".join(problems)
    assert results > 0, "hostile terms should find the hostile pages"


_MEDIA = """() => [...document.querySelectorAll(".tl-media")].filter(m => m.querySelector("img"))
  .map(m => ({
    src: m.querySelector("img").getAttribute("src"),
    alt: m.querySelector("img").alt,
    title: m.querySelector("img").title,
    credit: m.querySelector(".tl-credit") && m.querySelector(".tl-credit").textContent,
    caption: m.querySelector(".tl-caption") && m.querySelector(".tl-caption").textContent,
  }))"""


def test_timelinejs_shows_pictures_with_their_credit_as_written(
    browser: Any, hostile_site: Project, hostile_url: str
) -> None:
    """A picture is the slide's media in the real TimelineJS: our file from 127.0.0.1, its
    alt text, and the credit and caption (set with innerHTML) shown as the editor wrote
    them, with nothing run and no handler attribute (tests/attacks/inert-image-credit)."""
    outside: list[str] = []
    page = _tab(browser, outside)
    try:
        fired, handlers = _run_timelinejs(page, hostile_url, "data/timelinejs/atk-image.json")
        # TimelineJS draws each slide's media when the slide is near; the title's is first
        page.wait_for_function("document.querySelectorAll('.tl-media img').length >= 2")
        media = page.evaluate(_MEDIA)
        handlers += page.evaluate(HANDLERS)
        fired += page.evaluate("window.__fired")
    finally:
        page.context.close()
    assert not fired and not handlers, (fired, handlers)
    # the site's own file, by the site's address (site_url), which the build published
    base = paths.site_base(hostile_site.site_url)
    assert {m["src"] for m in media} == {base + "images/atk-image.png"}
    assert (hostile_site.site_dir / "images" / "atk-image.png").is_file()
    title = media[0]
    assert title["alt"] == (
        "A red square \" onerror=\"alert(3) &amp; www.example.org'/onmouseover='alert(4)'"
    )
    assert title["credit"] == (
        '&lt;img src=x onerror=alert(1)&gt; www.example.org"onmouseover="alert(1)" \'x\''
    )
    assert title["caption"] == "Caption &amp; www.example.org'/onmouseover='alert(2)'/x='"
    assert title["title"] == title["caption"]  # the tooltip, as written too
    captions = {m["caption"] for m in media}
    assert "&#x3C;script&#x3E;alert(7)&#x3C;/script&#x3E;" in captions, media
    assert not [u for u in outside if not u.startswith("https://fonts.gstatic.com/")]
