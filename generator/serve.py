"""`timeline serve`: a live-reload preview that rebuilds only what an edit changes.

On a change in content/, site_templates/ or mkdocs.yml the builder regenerates the
Markdown (parsing only changed files and rendering only the pages the edit can touch;
see build.State), then MkDocs, kept alive between edits (live_site.LiveSite), builds
only the pages whose files were rewritten and writes the whole search index again from
every page's entries: search never goes stale or partial. Anything that can change
every page (templates, mkdocs.yml, pages added or removed) gets a full build.
A content error is printed with file:line and the last good site keeps being served.
"""

from __future__ import annotations

import dataclasses
import errno
import html
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
from generator.live_site import LiveSite
from generator.project import Project

SEARCH_INDEX = Path("search") / "search_index.json"


class Builder:
    """Called by MkDocs' live-reload server on every change (and once at start)."""

    def __init__(self, project: Project, site_dir: Path, serve_url: str):
        self.project, self.site_dir, self.serve_url = project, site_dir, serve_url
        self.state = State()
        self.site = LiveSite(project.config_file, site_dir, serve_url)
        self.config_stamp: tuple[float, ...] = ()
        #: The last build's errors, one line each; shown on every served page until a
        #: build succeeds (see _Server).
        self.errors: list[str] = []

    def __call__(self, config: object = None) -> None:
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
        written = report.write.written if report.write else ()
        full = report.full or stamp != self.config_stamp
        self.config_stamp = stamp
        try:
            if full or not self.site.update(written):
                full = True
                self.site.build()
        except MkDocsException as exc:
            line = f"mkdocs.yml: error: {exc}"
            click.echo(line + "\nstill serving the last good site", err=True)
            self.errors = [line]
            return
        self.errors = []
        click.echo(
            f"{'built' if full else 'updated'} in {time.perf_counter() - start:.2f}s "
            f"({len(written)} page(s) changed)",
            err=True,
        )

    def _config_stamp(self) -> tuple[float, ...]:
        theme = self.project.templates / "theme"
        files = [self.project.config_file, *sorted(p for p in theme.rglob("*") if p.is_file())]
        return tuple(p.stat().st_mtime_ns for p in files)


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
