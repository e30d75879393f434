"""`timeline serve`: a live-reload preview that rebuilds only what an edit changes.

On a change in content/, site_templates/ or mkdocs.yml the builder regenerates the
Markdown (parsing only changed files and rendering only the pages the edit can touch;
see build.State) and runs MkDocs in its dirty mode, which rebuilds only pages whose
Markdown is newer than their HTML. Dirty builds write a search index holding only the
rebuilt pages, so the builder keeps every page's search entries and writes the whole
index back after each build: search never goes stale or partial. Anything that can
change every page (templates, mkdocs.yml, pages added or removed) gets a full build.
A content error is printed with file:line and the last good site keeps being served.
"""

from __future__ import annotations

import json
import logging
import shutil
import tempfile
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import click

from generator.build import State, build_lock, generate
from generator.error_handler import print_user_error
from generator.errors import UserError
from generator.project import Project

SEARCH_INDEX = Path("search") / "search_index.json"


class _DropDirtyWarning(logging.Filter):
    """MkDocs warns that dirty builds may leave navigation stale; ours cannot (the
    navigation never lists entities) and we repair the search index ourselves."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "'dirty' build" not in record.getMessage()


class Builder:
    """Called by MkDocs' live-reload server on every change (and once at start)."""

    def __init__(self, project: Project, site_dir: Path, serve_url: str):
        self.project, self.site_dir, self.serve_url = project, site_dir, serve_url
        self.state = State()
        self.search: dict[str, list[dict[str, Any]]] | None = None  # page -> its entries
        self.config_stamp: tuple[float, ...] = ()

    def __call__(self, config: object = None) -> None:
        from mkdocs.commands.build import build
        from mkdocs.config import load_config

        start = time.perf_counter()
        try:
            with build_lock(self.project):
                report = generate(self.project, state=self.state)
        except UserError as exc:
            print_user_error(exc)
            click.echo("still serving the last good site", err=True)
            return
        stamp = self._config_stamp()
        full = report.full or self.search is None or stamp != self.config_stamp
        self.config_stamp = stamp
        mkdocs_config = load_config(
            str(self.project.config_file), site_dir=str(self.site_dir), strict=False
        )
        mkdocs_config.site_url = self.serve_url
        build(mkdocs_config, serve_url=self.serve_url, dirty=not full)
        self._merge_search_index(full)
        written = report.write.written if report.write else ()
        click.echo(
            f"{'built' if full else 'updated'} in {time.perf_counter() - start:.2f}s "
            f"({len(written)} page(s) changed)",
            err=True,
        )

    def _config_stamp(self) -> tuple[float, ...]:
        theme = self.project.templates / "theme"
        files = [self.project.config_file, *sorted(p for p in theme.rglob("*") if p.is_file())]
        return tuple(p.stat().st_mtime_ns for p in files)

    def _merge_search_index(self, full: bool) -> None:
        """Keep every page's entries; replace those of the pages just rebuilt."""
        path = self.site_dir / SEARCH_INDEX
        if not path.exists():
            return
        index = json.loads(path.read_text(encoding="utf-8"))
        fresh: dict[str, list[dict[str, Any]]] = {}
        for entry in index.get("docs", []):
            fresh.setdefault(entry["location"].split("#", 1)[0], []).append(entry)
        if full or self.search is None:
            self.search = fresh
            return
        self.search.update(fresh)
        index["docs"] = [entry for entries in self.search.values() for entry in entries]
        path.write_text(json.dumps(index, ensure_ascii=False), encoding="utf-8")


def serve(project: Project, dev_addr: str = "127.0.0.1:8000") -> None:
    """Build once, then serve with live reload until interrupted."""
    from mkdocs.livereload import LiveReloadServer

    host, _, port = dev_addr.rpartition(":")
    mount_path = urlsplit(project.site_url or "/").path or "/"
    serve_url = f"http://{host}:{port}{mount_path}"
    site_dir = Path(tempfile.mkdtemp(prefix="timeline-serve-"))
    logging.getLogger("mkdocs.commands.build").addFilter(_DropDirtyWarning())
    builder = Builder(project, site_dir, serve_url)
    server = LiveReloadServer(
        builder=builder, host=host, port=int(port), root=str(site_dir), mount_path=mount_path
    )
    try:
        builder()
        for path in (project.content, project.templates, project.config_file):
            if path.exists():
                server.watch(str(path))
        click.echo(f"serving on {serve_url} (Ctrl+C to stop)", err=True)
        try:
            server.serve()
        except KeyboardInterrupt:
            click.echo("Shutting down...", err=True)
        finally:
            server.shutdown()
    finally:
        shutil.rmtree(site_dir, ignore_errors=True)
