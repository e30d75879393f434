"""Real-browser fixtures: the built default site served on 127.0.0.1, Debian's Chromium.

- `site_url`: the built default site (`default_site.site_dir`) served by a threaded
  `http.server` on 127.0.0.1 on a free port, for the whole session.
- `browser`: Chromium from /usr/bin/chromium driven by Playwright (never
  `playwright install`, which downloads a browser). Missing locally: the tests skip with
  the reason; in CI (CI=true) they fail.
- `open_tab`: a fresh browser context and page with every problem recorded: console
  errors, uncaught page errors, failed requests, HTTP errors, and any request for an
  address other than 127.0.0.1 (aborted before it leaves). A test ends with
  `tab.assert_clean()`; teardown checks again so nothing slips through.
- `axe_script`: axe-core from node_modules (`npm ci` at the repository root).
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from generator.check import check_content
from generator.model import Timeline
from generator.model_builder import build_timeline
from generator.project import Project
from tests.browser.support import Tab, Tally, attach, serve
from tests.conftest import REPO, require

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
DESKTOP = {"width": 1280, "height": 800}


# -- serving the site -------------------------------------------------------------------


@pytest.fixture(scope="session")
def site_url(default_site: Project) -> Iterator[str]:
    """Base URL (with trailing slash) of the built default site on 127.0.0.1."""
    with serve(default_site.site_dir) as url:
        yield url


@pytest.fixture(scope="session")
def timeline(default_site: Project) -> Timeline:
    """The model the default site was built from (to pick pages and words to look for)."""
    return build_timeline(check_content(default_site.content))


# -- the browser ------------------------------------------------------------------------


def chromium_available() -> bool:
    return CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    require(
        chromium_available(),
        f"browser tests need Debian's Chromium at {CHROMIUM} (apt-get install -y chromium)",
    )
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:  # pragma: no cover - part of the test extra
        require(False, "browser tests need Playwright for Python (pip install -e '.[test]')")
    with sync_playwright() as pw:
        chromium = pw.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture(scope="session")
def tally(request: pytest.FixtureRequest) -> Iterator[Tally]:
    t = Tally()
    yield t
    capture = request.config.pluginmanager.getplugin("capturemanager")
    lines = [f"browser: {len(t.pages)} distinct pages visited"]
    if t.axe_pages:
        per_page = sorted(t.axe_rules_per_page)
        lines.append(
            f"axe-core {t.axe_version}: {t.axe_pages} page checks, "
            f"{per_page[0]}-{per_page[-1]} rules each, {len(t.axe_rules)} distinct rules"
        )
    lines += t.notes
    lines += [f"KNOWN SITE DEFECT ({n} problems tolerated): {r}" for r, n in t.tolerated.items()]
    with capture.global_and_fixture_disabled() if capture else contextlib.nullcontext():
        print("\n" + "\n".join(lines))


@pytest.fixture
def open_tab(browser: Any, site_url: str, tally: Tally) -> Iterator[Callable[..., Tab]]:
    """Factory: `open_tab(viewport=, color_scheme=, tolerate_known=)` -> a recorded Tab."""
    contexts: list[tuple[Any, Tab]] = []

    def make(
        viewport: dict[str, int] | None = None,
        color_scheme: str = "light",
        tolerate_known: bool = True,
    ) -> Tab:
        context = browser.new_context(
            viewport=viewport or DESKTOP,
            color_scheme=color_scheme,
            service_workers="block",
            java_script_enabled=True,
        )
        context.set_default_timeout(15_000)
        tab = Tab(context.new_page(), site_url, tally, tolerate_known=tolerate_known)
        attach(tab, context)
        contexts.append((context, tab))
        return tab

    yield make
    leftovers = []
    for context, tab in contexts:
        leftovers += [p for p in tab.problems if not (tab.tolerate_known and tally.known(p))]
        context.close()
    if leftovers:
        pytest.fail("problems in the browser after the test:\n  " + "\n  ".join(leftovers))


@pytest.fixture(scope="session")
def axe_script() -> Path:
    require(
        AXE.is_file(),
        f"accessibility tests need axe-core at {AXE.relative_to(REPO)} (run `npm ci`)",
    )
    return AXE
