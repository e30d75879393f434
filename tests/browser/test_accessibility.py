"""axe-core on the pages readers land on: zero serious or critical violations.

axe-core comes from the npm package (root package.json, `npm ci`) and is injected into
the page; it runs every rule of its default set (WCAG 2.x A/AA and best practices) in
the light and the dark scheme. Minor and moderate findings are printed, not failed.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from generator import paths
from generator.model import Timeline
from tests.browser.support import Tab, Tally, known_axe, run_axe

pytestmark = [pytest.mark.browser, pytest.mark.slow]

FAIL_IMPACTS = {"serious", "critical"}


def busiest(timeline: Timeline, kind: str) -> str:
    entities = [e for e in timeline.entities.values() if e.kind == kind]
    best = max(entities, key=lambda e: (len(timeline.timelines.get(e.id, ())), e.id))
    return paths.entity_url(best.kind, best.id)


def pages_to_check(timeline: Timeline) -> dict[str, str]:
    return {
        "home": "",
        "person": busiest(timeline, "person"),
        "organization": busiest(timeline, "organization"),
        "timeline": "timeline/",
        "sources": "sources/",
    }


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("which", ["home", "person", "organization", "timeline", "sources"])
def test_no_serious_accessibility_violations(
    which: str,
    scheme: str,
    open_tab: Callable[..., Tab],
    timeline: Timeline,
    axe_script: Path,
    tally: Tally,
) -> None:
    path = pages_to_check(timeline)[which]
    tab = open_tab(color_scheme=scheme)
    tab.goto(path)
    expected = "slate" if scheme == "dark" else "default"
    assert tab.page.evaluate("document.body.getAttribute('data-md-color-scheme')") == expected
    result = run_axe(tab, axe_script, tally)
    assert len(set(result["rules"])) >= 50, "axe-core should have run its rule set"
    serious, minor = [], []
    for v in result["violations"]:
        nodes = v["nodes"]
        if v["impact"] in FAIL_IMPACTS:
            nodes = [n for n in nodes if not known_axe(v["id"], n["target"], tally)]
        if not nodes:
            continue
        where = "; ".join(n["target"] for n in nodes[:5])
        line = f"/{path} [{scheme}] {v['impact']} {v['id']}: {v['help']} ({len(nodes)}x: {where})"
        if v["impact"] in FAIL_IMPACTS:
            serious += [line, "    " + nodes[0]["summary"].replace("\n", " ")]
        else:
            minor.append(line)
    tally.notes.extend(f"axe (not failing): {m}" for m in minor)
    assert not serious, "axe-core, serious or critical:\n  " + "\n  ".join(serious)
    tab.assert_clean()
