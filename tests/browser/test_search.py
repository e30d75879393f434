"""Material's search finds a person by name, by alias, and an event by its title, its
date and its participants; its snippets hold what a reader searched for (no chart text,
doubled names or "Today, …") and year pages never come up as a bare "2024"."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlsplit

import pytest

from generator import paths
from generator.model import Timeline
from tests.browser.support import Tab, busiest

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def search(tab: Tab, query: str) -> list[str]:
    """Type `query` into the search box; the site paths of the results, best first."""
    page = tab.page
    box = page.locator("input.md-search__input")
    if not box.is_visible():  # narrow screens: the search box opens from a header button
        page.locator('label.md-header__button[for="__search"]').first.click()
        box.wait_for(state="visible")
    box.click()
    box.press_sequentially(query, delay=20)
    page.locator(".md-search-result__item").first.wait_for(state="visible")
    meta = page.locator(".md-search-result__meta").inner_text()
    assert "no matching" not in meta.lower(), f"{query!r}: {meta}"
    hrefs = page.eval_on_selector_all(
        ".md-search-result__item > a.md-search-result__link", "els => els.map(a => a.href)"
    )
    return [urlsplit(h).path.removeprefix("/") for h in hrefs]


RESULTS_JS = """
() => [...document.querySelectorAll('.md-search-result__link')].map(a => ({
  href: a.getAttribute('href'),
  title: (a.querySelector('h1, h2') || {}).textContent || '',
  text: [...a.querySelectorAll('p')].map(p => p.textContent).join(' ')}))
"""


def results_of(tab: Tab, query: str) -> list[dict[str, str]]:
    """Every result of `query`, pages and the sections under them (with "more on this page"
    opened): href, title and the whole snippet as shown."""
    search(tab, query)
    for more in tab.page.locator("details.md-search-result__more > summary").all():
        more.click()
    return tab.page.evaluate(RESULTS_JS)


def _place(href: str) -> str:
    """A result's site path and anchor, without Material's `?h=` highlight query."""
    parts = urlsplit(href)
    return parts.path.removeprefix("/") + (f"#{parts.fragment}" if parts.fragment else "")


def entity_with_alias(timeline: Timeline) -> tuple[str, str]:
    for entity in sorted(timeline.entities.values(), key=lambda e: e.id):
        for alias in entity.aliases:
            # an alias that is not just the name again, so the search proves something
            if not set(alias.casefold().split()) <= set(entity.name.casefold().split()):
                return paths.entity_url(entity.kind, entity.id), alias
    pytest.fail("the default content should give some entity an alias")


def test_search_finds_a_person_by_surname_first(
    open_tab: Callable[..., Tab], timeline: Timeline
) -> None:
    """The entity's own page comes before the events that name it (its boost)."""
    person = busiest(timeline, "person")
    surname = person.name.split()[-1]
    assert [e for e in timeline.entities.values() if surname in e.name] == [person]
    tab = open_tab()
    tab.goto("")
    results = search(tab, surname)
    assert results[0] == paths.entity_url(person.kind, person.id), results
    tab.assert_clean()


def test_search_finds_an_alias(open_tab: Callable[..., Tab], timeline: Timeline) -> None:
    url, alias = entity_with_alias(timeline)
    tab = open_tab()
    tab.goto("")
    results = search(tab, alias)
    assert url in results[:3], f"{alias!r} should find {url}: {results}"
    tab.assert_clean()


def test_search_finds_an_event_by_its_title(
    open_tab: Callable[..., Tab], timeline: Timeline
) -> None:
    # the event with the longest title: distinctive words, several of them
    event = max(timeline.events, key=lambda e: (len(e.title), e.key))
    home = timeline.entities[event.home]
    tab = open_tab()
    tab.goto("")
    results = search(tab, event.title)
    assert paths.entity_url(home.kind, home.id) in results[:3], f"{event.title!r}: {results}"
    tab.assert_clean()


def test_search_finds_an_event_by_a_participant_and_by_its_date(
    open_tab: Callable[..., Tab], timeline: Timeline
) -> None:
    """An event whose home is not the participant: "Surname" finds it at its anchor, and
    its day ("15 Feb 2024") finds it too."""
    event = max(
        (e for e in timeline.events if e.participants and e.date.day),
        key=lambda e: (len(e.participants), e.key),
    )
    person = timeline.entities[event.participants[-1]]
    anchor = f"{paths.entity_url(timeline.entities[event.home].kind, event.home)}#{event.id}"
    tab = open_tab()
    tab.goto("")
    found = [_place(r["href"]) for r in results_of(tab, person.name.split()[-1])]
    assert anchor in found, f"{person.name}: {anchor} not in {found}"
    tab.page.locator("input.md-search__input").fill("")
    day = event.date.lower().strftime("%-d %b %Y")
    found = [_place(r["href"]) for r in results_of(tab, day)]
    assert anchor in found, f"{day}: {anchor} not in {found}"
    tab.assert_clean()


def test_snippets_hold_no_chart_text_doubled_names_or_year_pages(
    open_tab: Callable[..., Tab], timeline: Timeline
) -> None:
    person = busiest(timeline, "person")
    tab = open_tab()
    tab.goto("")
    names = [e.name for e in timeline.entities.values()]
    for query in (person.name.split()[-1], "2024"):
        got = results_of(tab, query)
        assert got, query
        for r in got:
            # year pages are not in the index: no result titled just "2024"
            assert not r["title"].strip().isdigit(), (query, r)
            for junk in ("Grey marks", "Today,", "Existedfounded", "LinksWebsite"):
                assert junk not in r["text"], (query, junk, r)
            for name in names:
                assert name + name not in r["text"].replace(" ", ""), (query, name, r)
        tab.page.locator("input.md-search__input").fill("")
    tab.assert_clean()
