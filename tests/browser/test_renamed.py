"""Old addresses of a renamed entity, in Chromium: the sample's Ada Lovelace was once
`ada-byron`. Her old page leads to the new one keeping the #anchor; an old deep link
to her event on another page scrolls to the event and highlights it like a new one;
her old feed address serves the feed (issue 18)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from generator.project import Project
from tests.browser.conftest import DESKTOP
from tests.browser.support import serve

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def sample_url(sample_site: Project) -> Iterator[str]:
    with serve(sample_site.site_dir) as url:
        yield url


def _in_view(page: Any, selector: str) -> bool:
    box = page.locator(selector).bounding_box()
    return box is not None and 0 <= box["y"] < DESKTOP["height"]


def test_old_page_address_keeps_the_anchor(browser: Any, sample_url: str) -> None:
    page = browser.new_page(viewport=DESKTOP)
    page.goto(sample_url + "people/ada-byron/#publishes-notes")
    page.wait_for_url("**/people/ada-lovelace/#publishes-notes")
    assert _in_view(page, "#publishes-notes")
    page.close()


def test_old_event_anchor_on_another_page(browser: Any, sample_url: str) -> None:
    page = browser.new_page(viewport=DESKTOP)
    page.goto(sample_url + "organizations/analytical-engines/")
    plain = page.eval_on_selector(
        "#ada-lovelace--publishes-notes", "e => getComputedStyle(e).backgroundColor"
    )
    page.goto(sample_url + "organizations/analytical-engines/#ada-byron--publishes-notes")
    event = "#ada-lovelace--publishes-notes"
    assert _in_view(page, event)
    marked = page.eval_on_selector(event, "e => getComputedStyle(e).backgroundColor")
    assert marked != plain  # highlighted as :target would highlight the new anchor
    # the anchor takes no place of its own: the date stays beside the body
    date = page.locator(f"{event} > .tl-event__date").bounding_box()
    body = page.locator(f"{event} > .tl-event__body").bounding_box()
    assert date and body and abs(date["y"] - body["y"]) < 2
    page.close()


def test_old_feed_address_serves_the_feed(browser: Any, sample_url: str) -> None:
    page = browser.new_page()
    response = page.request.get(sample_url + "people/ada-byron/feed.xml")
    assert response.status == 200
    text = response.text()
    assert "<feed" in text and 'href="http://127.0.0.1:8000/people/ada-lovelace/feed.xml"' in text
    page.close()
