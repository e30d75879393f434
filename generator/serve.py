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

import dataclasses
import errno
import html
import json
import logging
import shutil
import signal
import tempfile
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import click

from generator.build import State, build_lock, generate
from generator.error_handler import print_user_error
from generator.errors import AddressError, ContentError, UserError
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
        #: The last build's errors, one line each; shown on every served page until a
        #: build succeeds (see _Server).
        self.errors: list[str] = []

    def __call__(self, config: object = None) -> None:
        from mkdocs.commands.build import build
        from mkdocs.config import load_config
        from mkdocs.exceptions import MkDocsException

        from generator.project import read_config

        start = time.perf_counter()
        try:
            with build_lock(self.project):
                nav = read_config(self.project.config_file)[1]  # mkdocs.yml may have changed
                if nav != self.project.nav:
                    self.project = dataclasses.replace(self.project, nav=nav)
                report = generate(self.project, state=self.state)
        except UserError as exc:
            print_user_error(exc)
            click.echo("still serving the last good site", err=True)
            self.errors = exc.lines() if isinstance(exc, ContentError) else [f"error: {exc}"]
            return
        stamp = self._config_stamp()
        full = report.full or self.search is None or stamp != self.config_stamp
        self.config_stamp = stamp
        try:
            mkdocs_config = load_config(
                str(self.project.config_file), site_dir=str(self.site_dir), strict=False
            )
            mkdocs_config.site_url = self.serve_url
            build(mkdocs_config, serve_url=self.serve_url, dirty=not full)
        except MkDocsException as exc:
            line = f"mkdocs.yml: error: {exc}"
            click.echo(line + "\nstill serving the last good site", err=True)
            self.errors = [line]
            return
        self.errors = []
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


_BANNER = (
    '<div id="timeline-errors" role="alert" style="position:fixed;z-index:10000;left:0;'
    "right:0;bottom:0;max-height:40vh;overflow:auto;margin:0;padding:.8em 1em;"
    "background:#fff0f0;color:#600;border-top:3px solid #c00;font:14px/1.4 monospace;"
    'white-space:pre-wrap"><strong>The content has errors; this is the last good site. '
    "Fix them and save: the page reloads.</strong>\n{lines}</div>"
)


#: Served for a missing page while the content has errors (the first build failed):
#: the errors, reloading every two seconds until a build succeeds.
_ERROR_PAGE = (
    b'<!doctype html><html lang="en"><head><meta charset="utf-8">'
    b'<meta http-equiv="refresh" content="2"><title>Content errors</title></head>'
    b"<body>{banner}</body></html>"
)


def error_banner(errors: list[str]) -> bytes:
    """The HTML shown at the foot of every served page while the content has errors."""
    return _BANNER.format(lines="\n".join(html.escape(line) for line in errors)).encode()


def parse_dev_addr(dev_addr: str) -> tuple[str, int]:
    """`HOST:PORT`, `:PORT` or `PORT` (host 127.0.0.1: never every interface unless asked)."""
    host, sep, port = dev_addr.rpartition(":")
    if not sep:
        host, port = "", dev_addr
    host = host.strip("[]") or "127.0.0.1"
    if not port.isdigit() or not 0 < int(port) < 65536:
        raise AddressError(
            f"--dev-addr {dev_addr!r}: expected HOST:PORT or PORT with a port from 1 to 65535 "
            "(like 127.0.0.1:8001 or 8001)"
        )
    return host, int(port)


def _raise_interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def _bind(server: Any, shown_host: str, port: int) -> None:
    """Bind before the first build, so that a taken port fails at once, with the fix."""
    try:
        server.server_bind()
    except OSError as exc:
        server.server_close()
        if exc.errno == errno.EADDRINUSE:
            raise AddressError(
                f"{shown_host}:{port} is already in use (another timeline serve?); "
                f"stop it or choose another port: --dev-addr {shown_host}:{port + 1}"
            ) from None
        raise AddressError(f"cannot serve on {shown_host}:{port}: {exc.strerror}") from None
    server.server_bind = lambda: None  # bound: LiveReloadServer.serve() must not bind again


def serve(project: Project, dev_addr: str = "127.0.0.1:8000") -> None:
    """Build once, then serve with live reload until interrupted (Ctrl+C or SIGTERM).

    The temporary site folder is removed on either signal.
    """
    from mkdocs.livereload import LiveReloadServer

    host, port = parse_dev_addr(dev_addr)
    mount_path = urlsplit(project.site_url or "/").path or "/"
    shown_host = f"[{host}]" if ":" in host else host
    serve_url = f"http://{shown_host}:{port}{mount_path}"
    logging.getLogger("mkdocs.commands.build").addFilter(_DropDirtyWarning())

    class _Server(LiveReloadServer):
        def _inject_js_into_html(self, content: bytes, epoch: int) -> bytes:
            content = super()._inject_js_into_html(content, epoch)
            if not builder.errors:
                return content
            at = content.rfind(b"</body>")
            at = len(content) if at < 0 else at
            return content[:at] + error_banner(builder.errors) + content[at:]

    for signum in (signal.SIGTERM, signal.SIGINT):  # SIGINT too: a background job ignores it
        signal.signal(signum, _raise_interrupt)
    site_dir = Path(tempfile.mkdtemp(prefix="timeline-serve-"))
    builder = Builder(project, site_dir, serve_url)
    try:
        server = _Server(
            builder=builder, host=host, port=port, root=str(site_dir), mount_path=mount_path
        )
        _bind(server, shown_host, port)
        server.error_handler = lambda code: (
            _ERROR_PAGE.replace(b"{banner}", error_banner(builder.errors))
            if builder.errors and code == 404
            else None
        )
        try:
            builder()
            for path in (project.content, project.templates, project.config_file):
                if path.exists():
                    server.watch(str(path))
            click.echo(f"serving on {serve_url} (Ctrl+C to stop)", err=True)
            server.serve()
        except KeyboardInterrupt:
            click.echo("Shutting down...", err=True)
        finally:
            server.shutdown()
    finally:
        shutil.rmtree(site_dir, ignore_errors=True)
