"""`timeline serve`: MkDocs' live-reload server fed by a generator that watches content.

MkDocs watches the generated docs folder and rebuilds when a page there changes; we
watch content/ and site_templates/ and regenerate, which rewrites only the pages whose
text changed. A content error is printed and the last good pages stay in place.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path

import click
from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer

from generator.build import State, build_lock, generate
from generator.errors import ContentError
from generator.project import Project

DEBOUNCE_SECONDS = 0.2
_CHANGES = {"created", "modified", "deleted", "moved"}


class _Regenerate(FileSystemEventHandler):
    """Coalesces bursts of file events (editors save in several steps) into one run."""

    def __init__(self, project: Project):
        self.project = project
        self.state = State()
        self._timer: threading.Timer | None = None
        self._lock = threading.Lock()

    def on_any_event(self, event: FileSystemEvent) -> None:
        # Reading files raises "opened"/"closed" events too: react to changes only.
        if (
            event.is_directory
            or event.event_type not in _CHANGES
            or Path(str(event.src_path)).name.startswith(".")
        ):
            return
        with self._lock:
            if self._timer:
                self._timer.cancel()
            self._timer = threading.Timer(DEBOUNCE_SECONDS, self.run)
            self._timer.daemon = True
            self._timer.start()

    def run(self) -> None:
        start = time.perf_counter()
        try:
            with build_lock(self.project):
                report = generate(self.project, state=self.state)
        except ContentError as exc:
            for problem in exc.problems:
                click.echo(problem.format(), err=True)
            click.echo("content has errors; still serving the last good pages", err=True)
            return
        written = report.write.written if report.write else ()
        click.echo(
            f"regenerated in {time.perf_counter() - start:.2f}s: {len(written)} page(s) changed",
            err=True,
        )


def serve(project: Project, dev_addr: str = "127.0.0.1:8000") -> None:
    """Generate once, then serve with live reload until interrupted."""
    from mkdocs.commands.serve import serve as mkdocs_serve

    handler = _Regenerate(project)
    handler.run()
    observer = Observer()
    for folder in (project.content, project.templates):
        if folder.is_dir():
            observer.schedule(handler, str(folder), recursive=True)
    observer.start()
    try:
        mkdocs_serve(str(project.config_file), dev_addr=dev_addr, livereload=True)
    finally:
        observer.stop()
        observer.join()
