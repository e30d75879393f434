"""The network guard itself: nothing leaves 127.0.0.1, and trying to is reported."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tests.browser.support import Tab

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PROBE = "http://example.invalid/probe"


@pytest.mark.parametrize(
    "script",
    [
        pytest.param(f"fetch('{PROBE}').then(() => 'sent', () => 'blocked')", id="page-fetch"),
        pytest.param(
            "new Promise(done => {"
            "  const code = `fetch('" + PROBE + "').then(() => postMessage('sent'),"
            "                                    () => postMessage('blocked'))`;"
            "  const worker = new Worker(URL.createObjectURL(new Blob([code])));"
            "  worker.onmessage = (e) => done(e.data);"
            "})",
            id="worker-fetch",
        ),
        pytest.param(
            "new Promise(done => { const img = new Image();"
            f"  img.onload = () => done('sent'); img.onerror = () => done('blocked');"
            f"  img.src = '{PROBE}.png'; }})",
            id="image",
        ),
    ],
)
def test_requests_leaving_localhost_are_blocked_and_reported(
    script: str, open_tab: Callable[..., Tab]
) -> None:
    tab = open_tab()
    tab.goto("")
    assert tab.page.evaluate(script) == "blocked"
    tab.page.wait_for_timeout(200)  # let the request events arrive
    aborted = [p for p in tab.problems if "outside 127.0.0.1, aborted" in p and PROBE in p]
    assert aborted, f"the route guard should abort and report the request: {tab.problems}"
    tab.problems.clear()  # expected here: the probe and its console error
