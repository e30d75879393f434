"""The root marker and every address a fragment links to: entity pages, event anchors.

`ROOT` stands for the path from a page to the site root and is replaced per page (see
`resolve_root`), so one fragment serves pages at every depth. An event's anchor is its
own id on its home entity's page and `<home>--<id>` everywhere else; its numbered
sources are `<anchor>__s<n>`.
"""

from __future__ import annotations

import html
import re
from urllib.parse import urljoin

from generator import paths
from generator.model import Entity, Event, Timeline

#: Stands for the path from a page to the site root; replaced per page (see `resolve_root`).
ROOT = "\ue000"

_HREF_RE = re.compile(r'href="([^"]*)"')
_ABSOLUTE_RE = re.compile(r"[a-z][a-z0-9+.-]*:", re.IGNORECASE)


def resolve_root(page: str, depth: int) -> str:
    """Replace the root marker with the relative path to the site root for this page."""
    return page.replace(ROOT, "../" * depth if depth else "./")


def entity_href(entity: Entity) -> str:
    return ROOT + paths.entity_url(entity.kind, entity.id)


def event_anchor(ev: Event, here: str | None) -> str:
    """The event's id on the page of `here`: its own id on its home entity's page, else
    `<home>--<id>` (unique across the site, so year and tag pages can list anyone's)."""
    return ev.id if here == ev.home else f"{ev.home}--{ev.id}"


def event_href(t: Timeline, ev: Event) -> str:
    """The event's permanent address: its anchor on its home entity's page."""
    return entity_href(t.entities[ev.home]) + "#" + ev.id


def absolutize(fragment: str, base: str, page_url: str) -> str:
    """Make the links of a rendered fragment absolute (feeds, TimelineJS).

    Our own links carry the root marker; contributors' relative links are relative to
    the page the text is shown on (`page_url`), as are in-page `#` links.
    """
    fragment = fragment.replace(ROOT, base)

    def fix(m: re.Match[str]) -> str:
        href = html.unescape(m[1])
        if _ABSOLUTE_RE.match(href):
            return m[0]
        return f'href="{html.escape(urljoin(page_url, href))}"'

    return _HREF_RE.sub(fix, fragment)
