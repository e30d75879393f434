"""No site defect is tolerated: the browser and accessibility tests fail on every problem.

support.KNOWN_DEFECTS and support.KNOWN_AXE can let a known, reported defect through
while it is being fixed; this test keeps both empty on main, so tolerating one is a
visible decision in review (and the entry must go as soon as the fix lands).
"""

from __future__ import annotations

from tests.browser.support import KNOWN_AXE, KNOWN_DEFECTS


def test_no_defect_is_tolerated() -> None:
    assert KNOWN_DEFECTS == {}
    assert KNOWN_AXE == {}
