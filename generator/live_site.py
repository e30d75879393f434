"""MkDocs kept alive between edits (`timeline serve`): one full build, then only the
pages an edit rewrote are built again, and the search index is patched.

Why not `mkdocs build --dirty`: it still lists every file, renders the theme's 404 page
and sitemap, reads every page's mtime and writes a search index holding only the pages
it rebuilt. Here the configuration, the files, the navigation, the theme's Jinja
environment and every page object survive from the full build; an update re-reads and
re-renders the changed pages alone (through MkDocs' own page functions, with every
plugin event), copies the changed static files, and writes the whole search index from
each page's entries (in the order a full build has them): the served site is the one
a full build of the same docs folder gives.

A full build again is needed when the set of files changes, or when a page listed in
the navigation changes its title (every page shows it); `update` says so by returning
False, and the caller builds everything.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

from generator.paths import search_sidecar

log = logging.getLogger("mkdocs.commands.build")


def _page_of_sidecar(rel: str) -> str | None:
    """`people/.ada.md.search.json` -> `people/ada.md` (see paths.search_sidecar)."""
    folder, _, name = rel.rpartition("/")
    if not (name.startswith(".") and name.endswith(".md.search.json")):
        return None
    doc = name[1 : -len(".search.json")]
    doc = f"{folder}/{doc}" if folder else doc
    return doc if search_sidecar(doc) == rel else None


class LiveSite:
    """One MkDocs site in `site_dir`, built in full by `build`, then kept up to date."""

    def __init__(self, config_file: Path, site_dir: Path, serve_url: str):
        self.config_file, self.site_dir, self.serve_url = config_file, site_dir, serve_url
        self._state: tuple[Any, ...] | None = None
        #: src_uri -> that page's search entries, in the order of the documentation pages
        self._entries: dict[str, list[dict[str, Any]]] = {}

    def build(self) -> None:
        """A full build (MkDocs' `build`, step by step), keeping what it made."""
        from mkdocs.commands import build as mk
        from mkdocs.config import load_config
        from mkdocs.structure.files import InclusionLevel, get_files, set_exclusions
        from mkdocs.structure.nav import get_navigation
        from mkdocs.structure.pages import Page
        from mkdocs.utils import clean_directory

        self._state = None
        config = load_config(str(self.config_file), site_dir=str(self.site_dir), strict=False)
        config.site_url = self.serve_url
        try:
            config = config.plugins.on_config(config)
            config.plugins.on_pre_build(config=config)
            clean_directory(config.site_dir)
            files = get_files(config)
            env = config.theme.get_env()
            files.add_files_from_theme(env, config)
            files = config.plugins.on_files(files, config=config)
            set_exclusions(files, config)
            nav = get_navigation(files, config)
            nav = config.plugins.on_nav(nav, config=config, files=files)
            doc_files = files.documentation_pages(inclusion=InclusionLevel.is_in_serve)
            for file in doc_files:
                if file.page is None and file.inclusion.is_not_in_nav():
                    if file.inclusion.is_excluded():
                        url = urljoin(self.serve_url, file.url)
                        log.info("built only for the preview: %s", url)
                    Page(None, file, config)
                mk._populate_page(file.page, config, files)
            env = config.plugins.on_env(env, config=config, files=files)
            files.copy_static_files(inclusion=InclusionLevel.is_in_serve)
            for template in config.theme.static_templates:
                mk._build_theme_template(template, env, files, config, nav)
            for template in config.extra_templates:
                mk._build_extra_template(template, files, config, nav)
            state = (config, files, nav, env, doc_files)
            self._entries = {file.src_uri: self._build_page(state, file) for file in doc_files}
            self._validate_anchors(state, doc_files)
            self._post_build(config)
        except Exception as exc:
            config.plugins.on_build_error(error=exc)
            raise
        self._state = state

    def update(self, written: Iterable[str]) -> bool:
        """Bring the site up to date after the docs folder's files `written` changed
        (docs-relative paths). False, having changed nothing, when only a full build
        can (a file MkDocs does not know yet); on an error the next call must be a
        full build too."""
        if self._state is None:
            return False
        config, files, nav, _, _ = state = self._state
        pages, static = {}, []
        for rel in written:
            doc = _page_of_sidecar(rel) or rel
            file = files.get_file_from_path(doc)
            if file is None:
                if doc != rel:  # the search entries of a page MkDocs does not build
                    continue
                return False
            if file.page is not None:
                pages[file.src_uri] = file
            else:
                static.append(file)
        if not pages and not static:
            return True
        self._state = None  # until the update is complete
        from mkdocs.commands import build as mk

        nav_pages = {id(p) for p in nav.pages}
        for file in pages.values():
            title = file.page.title
            mk._populate_page(file.page, config, files)
            if file.page.title != title and id(file.page) in nav_pages:
                return False  # the navigation of every page shows it
        for file in static:
            file.copy_file()
        for file in pages.values():
            self._entries[file.src_uri] = self._build_page(state, file)
        self._validate_anchors(state, pages.values())
        self._post_build(config)
        self._state = state
        return True

    def _build_page(self, state: tuple[Any, ...], file: Any) -> list[dict[str, Any]]:
        """Build one page; return the search entries it added."""
        from mkdocs.commands import build as mk

        config, _, nav, env, doc_files = state
        index = self._search_index(config)
        before = len(index.entries) if index is not None else 0
        mk._build_page(
            file.page, config, doc_files, nav, env, excluded=file.inclusion.is_excluded()
        )
        return index.entries[before:] if index is not None else []

    @staticmethod
    def _search_index(config: Any) -> Any:
        for name in ("material/search", "search"):
            plugin = config.plugins.get(name)
            if plugin is not None and hasattr(plugin, "search_index"):
                return plugin.search_index
        return None

    @staticmethod
    def _validate_anchors(state: tuple[Any, ...], files: Iterable[Any]) -> None:
        config, all_files = state[0], state[1]
        for file in files:
            file.page.validate_anchor_links(
                files=all_files, log_level=config.validation.links.anchors
            )

    def _post_build(self, config: Any) -> None:
        """Every page's search entries in the index, then the plugins' post-build step
        (the search plugin writes the index)."""
        index = self._search_index(config)
        if index is not None:
            index.entries = [entry for entries in self._entries.values() for entry in entries]
        config.plugins.on_post_build(config=config)
