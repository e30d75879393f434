"""Pins each known site defect that the other browser tests are told to tolerate.

support.KNOWN_DEFECTS (problems in the browser) and support.KNOWN_AXE (serious axe-core
violations) let the journey, phone, search, dark-mode and accessibility tests pass
while the lead fixes templates and theme; each entry gets one strict xfail here. When
a defect is fixed, its test passes, fails the run as XPASS(strict), and the entry must
be deleted from support.py. An empty table shows here as one skip ("empty parameter
set"): nothing is known to be broken.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from generator import paths
from generator.model import Timeline
from tests.browser.support import KNOWN_AXE, KNOWN_DEFECTS, Tab, Tally, run_axe

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def sample_pages(timeline: Timeline) -> list[str]:
    """Home, the timeline and the first person and organization."""
    found = ["", "timeline/"]
    for kind in ("person", "organization"):
        entity = min(e.id for e in timeline.entities.values() if e.kind == kind)
        found.append(paths.entity_url(kind, entity))
    return found


def _pin(key: str, reason: str) -> pytest.ParameterSet:
    return pytest.param(
        key, marks=pytest.mark.xfail(strict=True, reason=f"known site defect: {reason}"), id=key
    )


@pytest.mark.parametrize("pattern", [_pin(p, r) for p, r in KNOWN_DEFECTS.items()])
def test_known_browser_defect_is_still_there(
    pattern: str, open_tab: Callable[..., Tab], timeline: Timeline
) -> None:
    tab = open_tab(tolerate_known=False)
    for page in sample_pages(timeline):
        tab.goto(page)
    hits = [p for p in tab.problems if re.search(pattern, p)]
    tab.problems.clear()
    assert not hits, "\n  ".join(hits)


#: axe-core results on the sample pages, computed once for all the pins below.
_AXE_CACHE: dict[str, list[tuple[str, dict[str, Any]]]] = {}


def violations_on_sample_pages(
    open_tab: Callable[..., Tab], timeline: Timeline, axe_script: Path, tally: Tally
) -> list[tuple[str, dict[str, Any]]]:
    tab = open_tab()
    if tab.base not in _AXE_CACHE:
        found = []
        for page in sample_pages(timeline):
            tab.goto(page)
            found += [(page, v) for v in run_axe(tab, axe_script, tally)["violations"]]
        tab.assert_clean()
        _AXE_CACHE[tab.base] = found
    return _AXE_CACHE[tab.base]


@pytest.mark.parametrize("rule", [_pin(rule, r[1]) for rule, r in KNOWN_AXE.items()])
def test_known_axe_violation_is_still_there(
    rule: str,
    open_tab: Callable[..., Tab],
    timeline: Timeline,
    axe_script: Path,
    tally: Tally,
) -> None:
    """Light scheme only: should a fix reach light but not dark, this pin passes, the
    entry goes, and the dark accessibility tests then fail on what is left."""
    hits = [
        f"/{page} {node['target']}"
        for page, v in violations_on_sample_pages(open_tab, timeline, axe_script, tally)
        if v["id"] == rule
        for node in v["nodes"]
        if re.search(KNOWN_AXE[rule][0], node["target"])
    ]
    assert not hits, f"{rule}:\n  " + "\n  ".join(hits)
