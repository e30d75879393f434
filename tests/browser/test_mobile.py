"""Every page on a 360x740 phone: no horizontal page overflow, no errors.

The page must not be wider than the screen (`scrollWidth <= 360`), and anything that
reaches past the right edge must sit inside an element that scrolls sideways
(`overflow-x: auto` or `scroll`: wide tables, chart boxes) or that clips it on purpose
(`hidden`/`clip`: Material's one-line header titles). One page of each kind is visited
(the first of each by path: home, a person, an organization, a year, a tag, the sources,
the hand-written pages, ...), so the walk stays the same size however large the content
grows; it also checks those pages for console errors and failed requests.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from generator.project import Project
from tests.browser.support import Tab

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PHONE = {"width": 360, "height": 740}

OVERFLOW_JS = """
() => {
  const width = document.documentElement.clientWidth;
  const offenders = [];
  const reported = new Set();
  const describe = (el) => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
    [...el.classList].map(c => '.' + c).join('');
  for (const el of document.body.querySelectorAll('*')) {
    const r = el.getBoundingClientRect();
    if (!r.width || r.right <= width + 0.5) continue;
    let contained = null;
    let ancestors = [];
    for (let a = el.parentElement; a && a !== document.documentElement; a = a.parentElement) {
      ancestors.push(a);
      const s = getComputedStyle(a);
      if (['auto', 'scroll', 'hidden', 'clip'].includes(s.overflowX)) { contained = a; break; }
      if (s.position === 'fixed') { contained = a; break; }
    }
    if (contained) continue;
    if (ancestors.some(a => reported.has(a))) continue;  // its outermost box is reported
    reported.add(el);
    offenders.push(`${describe(el)} right edge at ${Math.round(r.right)}px: ` +
      JSON.stringify((el.innerText || el.textContent || '').trim().slice(0, 50)));
  }
  return {scrollWidth: document.documentElement.scrollWidth, width, offenders};
}
"""


def page_kind(path: str) -> tuple[str, ...]:
    """What template made the page: its first folder, and whether it is that folder's index
    (`people/` vs `people/ada-lovelace/`); top-level pages are each a kind of their own."""
    parts = path.strip("/").split("/") if path else []
    if len(parts) <= 1:
        return tuple(parts)
    return (parts[0], "item")


def sample_pages(site: Project) -> list[str]:
    """The first built page of each kind as a site path, the home page first."""
    root = site.site_dir
    found = [p.relative_to(root).as_posix() for p in root.rglob("*.html")]
    found = sorted((p.removesuffix("index.html") for p in found), key=lambda p: (p != "", p))
    first: dict[tuple[str, ...], str] = {}
    for path in found:
        first.setdefault(page_kind(path), path)
    return list(first.values())


def test_no_page_overflows_a_phone_screen(
    open_tab: Callable[..., Tab], default_site: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    pages = sample_pages(default_site)
    tab = open_tab(viewport=PHONE)
    failures = []
    for path in pages:
        tab.goto(path)
        result = tab.page.evaluate(OVERFLOW_JS)
        if result["scrollWidth"] > PHONE["width"] or result["offenders"]:
            failures.append(
                f"/{path}: scrollWidth {result['scrollWidth']}px "
                f"(viewport {result['width']}px); outside any scroll box: "
                + ("; ".join(result["offenders"]) or "-")
            )
    with capsys.disabled():
        print(f"\nphone 360x740: {len(pages)} page kinds visited: {pages}")
    assert len(pages) >= 10
    assert not failures, "horizontal overflow at 360px:\n  " + "\n  ".join(failures)
    tab.assert_clean()
