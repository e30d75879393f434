"""Browser test helpers: serving a built site on 127.0.0.1, the recorded tab, the tally,
known defects, axe-core, contrast."""

from __future__ import annotations

import contextlib
import functools
import http.server
import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

REPO = Path(__file__).resolve().parent.parent.parent
#: TimelineJS 3 from node_modules (`npm ci`), served at /_timelinejs/ by TimelineJSHandler.
TIMELINEJS = REPO / "node_modules" / "@knight-lab" / "timelinejs"

LOCAL_HOSTS = {"127.0.0.1"}

#: Known site defects, outside the tests' reach, that every test would otherwise trip
#: over: pattern of the problem -> where it comes from. A matching problem is reported
#: at the end of the run instead of failing the test; one xfail test per entry pins the
#: defect itself (test_known_defects.py). Delete the entry when the defect is fixed.
KNOWN_DEFECTS: dict[str, str] = {}


#: Known serious axe-core violations, outside the tests' reach: rule id -> (regex that
#: every offending node's CSS target must match, where the defect comes from). Matching
#: nodes are reported at the end of the run instead of failing; test_known_defects.py
#: pins each entry with a strict xfail. Delete an entry when its defect is fixed.
KNOWN_AXE: dict[str, tuple[str, str]] = {}


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


class TimelineJSHandler(QuietHandler):
    """The built site at /, TimelineJS's dist/ at /_timelinejs/."""

    def translate_path(self, path: str) -> str:
        if path.startswith("/_timelinejs/"):
            rest = path.removeprefix("/_timelinejs/").split("?")[0]
            return str(TIMELINEJS / "dist" / rest)
        return super().translate_path(path)


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # a browser dropping a connection is not a test failure


@contextlib.contextmanager
def serve(folder: Path, handler: type[QuietHandler] = QuietHandler) -> Iterator[str]:
    """`folder` served by a thread on 127.0.0.1 (a free port) while the block runs; the
    base URL, with its trailing slash."""
    server = _Server(("127.0.0.1", 0), functools.partial(handler, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, name="site-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


def busiest(timeline: Any, kind: str) -> Any:
    """The person or organization with the most roles, then events: the widest chart and
    the longest page, picked from the content rather than named, so that an edit of the
    default content cannot break a reader test."""
    return max(
        timeline.of_kind(kind),
        key=lambda e: (
            len(timeline.roles.get(e.id, ())),
            len(timeline.timelines.get(e.id, ())),
            e.id,
        ),
    )


@dataclass
class Tally:
    """What the browser tests did, reported at the end of the session."""

    pages: set[str] = field(default_factory=set)
    axe_rules: set[str] = field(default_factory=set)
    axe_pages: int = 0
    axe_rules_per_page: list[int] = field(default_factory=list)
    axe_version: str = ""
    notes: list[str] = field(default_factory=list)
    tolerated: dict[str, int] = field(default_factory=dict)

    def known(self, problem: str) -> bool:
        """True (and counted) when `problem` is a known defect listed in KNOWN_DEFECTS."""
        for pattern, reason in KNOWN_DEFECTS.items():
            if re.search(pattern, problem):
                self.tolerated[reason] = self.tolerated.get(reason, 0) + 1
                return True
        return False


@dataclass
class Tab:
    """One browser page with everything that went wrong on it recorded."""

    page: Any
    base: str
    tally: Tally
    problems: list[str] = field(default_factory=list)
    #: False: known defects fail the test too (for the tests that pin them).
    tolerate_known: bool = True

    def url(self, path: str) -> str:
        return urljoin(self.base, path)

    def path(self) -> str:
        """The current page as a site path (`people/ada/`), without the fragment."""
        return urlsplit(self.page.url).path.removeprefix("/")

    def where(self) -> str:
        """The current page for messages: `/people/ada/`."""
        return "/" + self.path()

    def goto(self, path: str) -> None:
        """Open a page of the site and wait until it has settled (network idle)."""
        response = self.page.goto(self.url(path), wait_until="load")
        status = response.status if response is not None else None
        assert status is not None and status < 400, f"/{path}: HTTP {status}"  # 304 is fine
        self.settle()

    def settle(self) -> None:
        self.page.wait_for_load_state("load")
        self.page.wait_for_load_state("networkidle")

    def assert_clean(self) -> None:
        problems, self.problems[:] = list(self.problems), []
        if self.tolerate_known:
            problems = [p for p in problems if not self.tally.known(p)]
        assert not problems, "problems in the browser:\n  " + "\n  ".join(problems)


def _local(url: str) -> bool:
    parts = urlsplit(url)
    if parts.scheme in ("data", "blob", "about"):
        return True
    return parts.hostname in LOCAL_HOSTS


def attach(tab: Tab, context: Any) -> None:
    page = tab.page
    where = tab.where

    def route(route: Any) -> None:
        url = route.request.url
        if _local(url):
            route.continue_()
        else:
            tab.problems.append(f"{where()}: request for outside 127.0.0.1, aborted: {url}")
            route.abort("blockedbyclient")

    context.route("**/*", route)

    def on_request(request: Any) -> None:
        if not _local(request.url):  # a second net, in case some request is not routed
            tab.problems.append(f"{where()}: request for outside 127.0.0.1: {request.url}")

    def on_failed(request: Any) -> None:
        if _local(request.url):
            tab.problems.append(f"{where()}: request failed: {request.url} ({request.failure})")

    def on_response(response: Any) -> None:
        if response.status >= 400:
            tab.problems.append(f"{where()}: HTTP {response.status}: {response.url}")

    def on_console(message: Any) -> None:
        if message.type == "error":
            tab.problems.append(f"{where()}: console error: {message.text} ({message.location})")

    def on_page_error(error: Any) -> None:
        tab.problems.append(f"{where()}: uncaught error: {error}")

    def on_navigated(frame: Any) -> None:
        if frame == page.main_frame and _local(frame.url):
            tab.tally.pages.add(urlsplit(frame.url).path)

    context.on("request", on_request)
    context.on("requestfailed", on_failed)
    context.on("response", on_response)
    page.on("console", on_console)
    page.on("pageerror", on_page_error)
    page.on("framenavigated", on_navigated)


#: JavaScript: `(selector) => [{selector, text, color, background, ratio}]` for up to 20
#: visible elements matching `selector` that hold text of their own. Colours are read
#: back through a canvas (any CSS colour syntax), alpha-blended over the backgrounds of
#: the element's ancestors (white under all), and compared by WCAG 2 contrast ratio.
CONTRAST_JS = """
(selector) => {
  const canvas = document.createElement('canvas');
  canvas.width = canvas.height = 1;
  const cx = canvas.getContext('2d', {willReadFrequently: true});
  const rgba = (css) => {
    cx.clearRect(0, 0, 1, 1);
    cx.fillStyle = '#000';
    cx.fillStyle = css;
    cx.fillRect(0, 0, 1, 1);
    const d = cx.getImageData(0, 0, 1, 1).data;
    return [d[0], d[1], d[2], d[3] / 255];
  };
  const over = (top, below) => {
    const a = top[3];
    return [0, 1, 2].map(i => top[i] * a + below[i] * (1 - a)).concat([1]);
  };
  const background = (el) => {
    const layers = [];
    for (let e = el; e; e = e.parentElement) {
      const c = rgba(getComputedStyle(e).backgroundColor);
      if (c[3] > 0) layers.push(c);
      if (c[3] >= 1) break;
    }
    return layers.reverse().reduce((below, top) => over(top, below), [255, 255, 255, 1]);
  };
  const lum = (c) => {
    const [r, g, b] = c.slice(0, 3).map(v => {
      v /= 255;
      return v <= 0.04045 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const hidden = (el) => {  // fully transparent (Material's permalinks until hovered)
    for (let e = el; e; e = e.parentElement) {
      if (parseFloat(getComputedStyle(e).opacity) === 0) return true;
    }
    return false;
  };
  const ownText = (el) => [...el.childNodes]
    .filter(n => n.nodeType === Node.TEXT_NODE).map(n => n.textContent).join('').trim();
  const out = [];
  for (const el of document.querySelectorAll(selector)) {
    const r = el.getBoundingClientRect();
    const style = getComputedStyle(el);
    if (!r.width || !r.height || style.visibility !== 'visible' || !ownText(el)) continue;
    if (hidden(el)) continue;
    const isSvg = el instanceof SVGElement;
    const bg = background(isSvg ? el.ownerSVGElement || el : el);
    const fg = over(rgba(isSvg ? style.fill : style.color), bg);
    const [l1, l2] = [lum(fg), lum(bg)].sort((a, b) => b - a);
    out.push({selector, text: ownText(el).slice(0, 40),
              color: fg.slice(0, 3), background: bg.slice(0, 3),
              ratio: Math.round((l1 + 0.05) / (l2 + 0.05) * 100) / 100});
    if (out.length >= 20) break;
  }
  return out;
}
"""


AXE_RUN_JS = """
async () => {
  const r = await axe.run(document, {resultTypes: ['violations']});
  const ids = (list) => list.map(x => x.id);
  return {
    version: axe.version,
    rules: [...ids(r.passes), ...ids(r.violations), ...ids(r.incomplete),
            ...ids(r.inapplicable)],
    incomplete: ids(r.incomplete),
    violations: r.violations.map(v => ({
      id: v.id, impact: v.impact, help: v.help,
      nodes: v.nodes.map(n => ({target: n.target.join(' '), summary: n.failureSummary})),
    })),
  };
}
"""


def known_axe(rule: str, target: str, tally: Tally) -> bool:
    """True (and counted) when this node's violation is a known defect (KNOWN_AXE)."""
    if rule in KNOWN_AXE and re.search(KNOWN_AXE[rule][0], target):
        reason = f"axe {rule}: {KNOWN_AXE[rule][1]}"
        tally.tolerated[reason] = tally.tolerated.get(reason, 0) + 1
        return True
    return False


def run_axe(tab: Tab, script: Path, tally: Tally) -> dict[str, Any]:
    tab.page.add_script_tag(path=str(script))
    result = tab.page.evaluate(AXE_RUN_JS)
    tally.axe_rules.update(result["rules"])
    tally.axe_pages += 1
    tally.axe_rules_per_page.append(len(set(result["rules"])))
    tally.axe_version = result["version"]
    return result
