"""A reader's journey: home -> a person -> an organization -> back to the shared event."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from generator.model import Event, Timeline
from tests.browser.support import Tab

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def shared_event(timeline: Timeline) -> tuple[str, Event, str]:
    """(person, event, organization): an event on a person's page shared with an
    organization, from the person with most such events (the story's protagonist)."""
    candidates: dict[str, list[tuple[Event, str]]] = {}
    for event in timeline.events:
        home = timeline.entities[event.home]
        orgs = [p for p in event.participants if timeline.entities[p].kind == "organization"]
        if home.kind == "person" and orgs:
            candidates.setdefault(home.id, []).append((event, orgs[0]))
    assert candidates, "the default content should have a person's event with an organization"
    person = max(sorted(candidates), key=lambda p: len(candidates[p]))
    event, org = candidates[person][-1]
    return person, event, org


def click_to(tab: Tab, locator: Any) -> None:
    with tab.page.expect_navigation(wait_until="load"):
        locator.click()
    tab.settle()


def in_view(tab: Tab, selector: str) -> dict[str, Any]:
    """Where the element is relative to the viewport, and whether a reader can see it."""
    return tab.page.eval_on_selector(
        selector,
        """el => {
          const r = el.getBoundingClientRect();
          const title = el.querySelector('.tl-event__title') || el;
          const t = title.getBoundingClientRect();
          const hit = document.elementFromPoint(t.left + Math.min(20, t.width / 2),
                                                t.top + t.height / 2);
          return {top: r.top, bottom: r.bottom, height: innerHeight, scrollY,
                  target: el.matches(':target'),
                  titleOnTop: !!hit && title.contains(hit)};
        }""",
    )


def test_home_person_organization_and_back_to_the_event(
    open_tab: Callable[..., Tab], timeline: Timeline
) -> None:
    person, event, org = shared_event(timeline)
    tab = open_tab()
    tab.goto("")
    page = tab.page

    click_to(tab, page.locator(f'article a[href$="people/{person}/"]').first)
    assert tab.path() == f"people/{person}/"
    assert page.locator("h1").first.inner_text().rstrip("¶ ") == timeline.entities[person].name

    item = page.locator(f"li.tl-event#{event.id}")
    assert item.count() == 1, f"{event.id} should carry its permanent anchor on its home page"
    click_to(tab, item.locator(f'.tl-event__with a[href$="organizations/{org}/"]'))
    assert tab.path() == f"organizations/{org}/"

    shared = page.locator(f"li.tl-event#{person}--{event.id}")
    assert shared.count() == 1, f"the shared event {event.key} should be on {org}'s timeline"
    assert event.title in shared.locator(".tl-event__title").inner_text()
    shared.scroll_into_view_if_needed()
    click_to(tab, shared.locator(f'.tl-event__title a[href$="#{event.id}"]'))

    assert tab.path() == f"people/{person}/"
    assert page.evaluate("location.hash") == f"#{event.id}"
    box = in_view(tab, f"#{event.id}")
    assert box["target"], "the event should be the :target of the page"
    assert box["scrollY"] > 0 or box["bottom"] <= box["height"], box
    assert 0 <= box["top"] < box["height"], f"event anchor not scrolled into view: {box}"
    assert box["bottom"] <= box["height"] or box["top"] <= box["height"] / 2, box
    assert box["titleOnTop"], f"the event's title is hidden (under the header?): {box}"
    tab.assert_clean()
