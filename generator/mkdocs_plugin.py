"""Our MkDocs plugin: MkDocs never parses the HTML the generator already rendered.

Why: a generated page is a few Markdown headings around large blocks of finished HTML
(events, tables, charts). Without this plugin MkDocs parses that HTML three times
(Python-Markdown's raw-HTML pass, MkDocs' anchor collection, Material's search
indexer) and keeps every page's Markdown and HTML until the end of the build: about
85% of its time and most of its memory.

What it does, per generated page:
- `on_page_markdown`: each fragment (a block between `<!--tl-->` and `<!--/tl-->`
  lines) becomes a placeholder comment, so Markdown sees only the headings (for the
  table of contents) and whatever Markdown links MkDocs should validate. On a page that
  is only its title, plain-word headings and fragments, the headings are taken out too
  and `on_page_content` makes their HTML, table of contents and anchors as Markdown
  would have (`generator/mkdocs_headings.py`).
- `on_page_context` (around Material's search): Material is told to skip the page and
  the page's search entries are added instead, written by the generator beside the
  page (`.<name>.search.json`, a dotfile MkDocs does not publish).
  Events are indexed once, at their permanent anchor, not on every page listing them.
- `on_post_page`: the fragments are read back from the page's Markdown file on disk
  and put in place of the placeholders, so MkDocs holds only small pages in memory.

Without the plugin (e.g. Zensical, which ignores plugins it does not know) the
Markdown is complete on its own: MkDocs passes the fragments through as raw HTML and
produces the same pages, only slower; Material then indexes each page's whole text.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from generator import mkdocs_headings
from generator.paths import FRAGMENT_END, FRAGMENT_START, search_sidecar

_PLACEHOLDER = "<!--tl:{}-->"
_PLACEHOLDER_RE = re.compile(r"<!--tl:([0-9]+)-->")
_OPEN, _CLOSE = f"{FRAGMENT_START}\n", f"\n{FRAGMENT_END}"


def fragment_spans(text: str) -> Iterator[tuple[int, int]]:
    """Where each fragment of `text` starts and ends: from a line `<!--tl-->` to the next
    line `<!--/tl-->`, both included, without the newline after it.

    By `str.find`: a lazy pattern (`^<!--tl-->\\n.*?\\n<!--/tl-->$`, the same reading)
    stepped through each page's 100 KB one character at a time, twice per page."""
    pos = 0
    while (start := text.find(_OPEN, pos)) >= 0:
        if start and text[start - 1] != "\n":
            pos = start + 1
            continue
        end = text.find(_CLOSE, start + len(_OPEN))
        while end >= 0 and text[end + len(_CLOSE) : end + len(_CLOSE) + 1] not in ("", "\n"):
            end = text.find(_CLOSE, end + 1)
        if end < 0:
            return
        pos = end + len(_CLOSE)
        yield start, pos


class TimelinePlugin(BasePlugin):  # type: ignore[type-arg]
    """Carries the generator's fragments past Markdown and its search entries into
    Material's index (see the module docstring)."""

    def __init__(self) -> None:
        self._search: Any = None
        self._headings_supported = False
        #: The page between on_page_markdown and on_page_content, and its headings.
        self._skeleton: tuple[Page, mkdocs_headings.Skeleton] | None = None
        #: The page's search entries between the two halves of on_page_context, and
        #: its front matter's own `search` setting (None when it had none).
        self._entries: list[dict[str, Any]] | None = None
        self._meta_search: Any = None

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        for name in ("material/search", "search"):
            plugin = config.plugins.get(name)
            if plugin is not None and hasattr(plugin, "search_index"):
                self._search = plugin
                break
        self._headings_supported = mkdocs_headings.supported(
            config.markdown_extensions, config.mdx_configs
        )
        return config

    def on_page_markdown(
        self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        if FRAGMENT_START not in markdown:
            return None
        parts, last = [], 0
        for n, (start, end) in enumerate(fragment_spans(markdown)):
            parts += (markdown[last:start], _PLACEHOLDER.format(n))
            last = end
        parts.append(markdown[last:])
        markdown = "".join(parts)
        split = mkdocs_headings.split(markdown) if self._headings_supported else None
        if split is None:
            return markdown
        self._skeleton = (page, split[1])
        return split[0]

    def on_page_content(
        self, html: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        if self._skeleton is None or self._skeleton[0] is not page:
            return None
        skeleton, self._skeleton = self._skeleton[1], None
        html, page.toc, anchors = mkdocs_headings.render(html, page.toc, skeleton)
        page.present_anchor_ids = (page.present_anchor_ids or set()) | anchors
        return html

    @event_priority(50)  # before Material's search plugin (priority 0) indexes the page
    def _before_search(
        self, context: dict[str, Any], /, *, page: Page, config: MkDocsConfig, nav: Any
    ) -> None:
        search = self._search
        if search is None or not search.config.enabled:
            return
        own = page.meta.get("search")
        if (own or {}).get("exclude"):
            return  # year and tag pages: every event is indexed at its home
        path = Path(config.docs_dir) / search_sidecar(page.file.src_uri)
        try:
            self._entries = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return  # not a generated page: Material indexes it
        # Material would parse the page's HTML only for its entries to give way to ours.
        self._meta_search = own
        page.meta["search"] = {**(own or {}), "exclude": True}

    @event_priority(-50)  # after it: the page's own entries instead of Material's
    def _after_search(
        self, context: dict[str, Any], /, *, page: Page, config: MkDocsConfig, nav: Any
    ) -> None:
        entries, self._entries = self._entries, None
        if entries is None:
            return
        if self._meta_search is None:
            del page.meta["search"]
        else:
            page.meta["search"] = self._meta_search
        index = self._search.search_index.entries
        for entry in entries:
            out = {
                "location": page.url + entry["anchor"],
                "title": entry["title"],
                "text": entry["text"],
            }
            if "boost" in entry:
                out["boost"] = entry["boost"]
            index.append(out)

    on_page_context = CombinedEvent(_before_search, _after_search)

    def on_post_page(self, output: str, /, *, page: Page, config: MkDocsConfig) -> str | None:
        if "<!--tl:" not in output:
            return None
        source = Path(page.file.abs_src_path or "").read_text(encoding="utf-8-sig")
        fragments = [source[start:end] for start, end in fragment_spans(source)]

        def put_back(m: re.Match[str]) -> str:
            n = int(m[1])
            if n >= len(fragments):
                raise PluginError(f"{page.file.src_uri} changed during the build; build again")
            return fragments[n]

        return _PLACEHOLDER_RE.sub(put_back, output)
