"""The pipeline, end to end: generate the Markdown tree, then build and publish the site.

`generate` runs load -> validate -> model -> render -> write. `build` then runs MkDocs
into a fresh temporary folder and, only when that succeeded with no warning, swaps it
into site/: a failed or interrupted build leaves the previous site untouched.
"""

from __future__ import annotations

import contextlib
import datetime
import fcntl
import gc
import hashlib
import logging
import os
import shutil
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from generator import paths
from generator.check import RulesCache
from generator.content_files import Content, FileCache, StaticFile, counted
from generator.dates import source_date_epoch
from generator.errors import BuildError, ConfigError, ContentError, Location, Problem
from generator.incremental import EVERYTHING, affected
from generator.isolated import check_and_model, check_and_model_apart, large_content
from generator.model import Timeline
from generator.model_builder import ModelCache
from generator.page_headings import PageParts
from generator.project import Project
from generator.render import Renderer, SiteInfo
from generator.write import WriteReport, write_streams

TEMPLATE_SUFFIXES = (".j2", ".css", ".js")

#: Below this many events a second process costs more than it saves (forking, and the
#: copy-on-write of the model it touches): the default site renders in a tenth of a second.
PARALLEL_MIN_EVENTS = 2_000


@dataclass(slots=True)
class Report:
    timings: dict[str, float] = field(default_factory=dict)
    content: Content | None = None
    timeline: Timeline | None = None
    write: WriteReport | None = None
    #: '5 people, 1 organization, 15 events, 9 sources' (kept when `content` is released)
    counts: str = ""
    #: False when only the pages an edit can touch were rendered (see State).
    full: bool = True
    #: Told about stages and pages as they happen (the CLI's progress display).
    progress: Progress | None = None

    @contextlib.contextmanager
    def stage(self, name: str) -> Iterator[None]:
        start = time.perf_counter()
        if self.progress:
            self.progress.start(name)
        try:
            yield
        finally:
            seconds = time.perf_counter() - start
            self.timings[name] = self.timings.get(name, 0.0) + seconds
            if self.progress:
                self.progress.end(name, seconds)


class Progress(Protocol):
    def start(self, stage: str) -> None: ...
    def step(self, stage: str, done: int) -> None: ...
    def end(self, stage: str, seconds: float) -> None: ...


def read_templates(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): p.read_text(encoding="utf-8")
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.suffix in TEMPLATE_SUFFIXES
    }


def read_pages(content: Content) -> dict[str, PageParts]:
    """Each hand-written page as `check` read it (it is not split again to render it)."""
    return {page.stem: page.parts for page in content.pages}


def static_digest(content: Content) -> str:
    """A fingerprint of content/static/, hashed in chunks (a file is never held whole)."""
    digest = hashlib.sha256()
    for f in content.static:
        digest.update(f"{f.rel}\0{f.size}\0".encode("utf-8", "surrogatepass"))
        with f.path.open("rb") as fh:
            digest.update(hashlib.file_digest(fh, "sha256").digest())
    return digest.hexdigest()


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while building large acyclic data.

    Why: loading and rendering allocate millions of small objects and no reference
    cycles; the collector's repeated full scans cost a quarter of the generator's time
    on a 1,000-entity site. Reference counting still frees everything as usual.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


@dataclass(slots=True)
class State:
    """What a long-running process (`timeline serve`) keeps between regenerations.

    With it, unchanged files are not parsed again and, when only entity files changed,
    only the pages those edits can touch are rendered (see incremental.affected).
    """

    cache: FileCache = field(default_factory=dict)
    rules: RulesCache = field(default_factory=dict)
    records: ModelCache = field(default_factory=dict)
    timeline: Timeline | None = None
    fingerprint: str = ""


def check_output_folders(project: Project) -> None:
    """The folders we write must be folders: a regular file named `site` or `build`
    would otherwise end in a traceback, or a `.site-new-*` folder left behind."""
    for folder in (project.work_dir, project.docs_dir, project.site_dir):
        for path in (folder, *folder.parents):
            if path == project.root or path in project.root.parents:
                break
            if path.exists() and not path.is_dir():
                raise ConfigError(
                    f"{path} is not a folder: timeline writes its output there; move or delete it"
                )


def generate(
    project: Project,
    *,
    strict: bool = False,
    report: Report | None = None,
    state: State | None = None,
    jobs: int | None = None,
    isolate: bool | None = None,
) -> Report:
    """Check the content and bring the generated Markdown folder up to date.

    `jobs`: processes that render and write (1 or 2; None: 2 for a one-shot build of a
    large site on a machine with two cores or more). `isolate`: check in a child process
    (isolated.py; None: for a one-shot build of a large site). The files are the same.
    """
    check_output_folders(project)
    report = report or Report()
    with gc_paused():
        if state is None and (large_content(project) if isolate is None else isolate):
            apart = check_and_model_apart(project, strict, report.stage, report.timings)
            content, timeline, counts = apart
        else:
            content, timeline = check_and_model(
                project, strict, report.stage, state, one_shot=state is None
            )
            counts = counted(content)
        return _generate(project, report, state, jobs, content, timeline, counts)


def _jobs(jobs: int | None, state: State | None, timeline: Timeline) -> int:
    if jobs is not None:
        return max(1, min(jobs, 2))
    if state is not None or len(timeline.events) < PARALLEL_MIN_EVENTS:
        return 1  # serve renders a few pages per edit, in a threaded server: no fork
    return 2 if len(os.sched_getaffinity(0)) > 1 else 1


def _fingerprint(*parts: object) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(repr(part).encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


def robots_txt(site_url: str) -> str:
    """Allow everything and name the sitemap by its full address, subpath included
    (`https://user.github.io/repo/sitemap.xml`)."""
    return (
        "# Crawlers read robots.txt only at the root of a host; on a site served from a\n"
        "# subpath this file is a hint, and the sitemap line still names the right place.\n"
        f"User-agent: *\nAllow: /\n\nSitemap: {paths.site_base(site_url)}sitemap.xml\n"
    )


def _site_info(project: Project) -> SiteInfo:
    """The site's settings and the build's time. The environment (SOURCE_DATE_EPOCH) is
    read here, once; rendering is a pure function of what it is given."""
    epoch = source_date_epoch()
    today = epoch.date() if epoch else datetime.date.today()
    return SiteInfo(project.site_name, project.site_url, today=today)


def _docs_files(
    project: Project,
    static: dict[str, StaticFile],
    pages: Iterator[tuple[str, str]],
    report: Report,
) -> Iterator[tuple[str, str | bytes]]:
    """What goes into build/docs/, one file at a time: content/static/ as it is, our
    robots.txt unless static/ has one, then the rendered pages (none may take a static
    file's path)."""
    for rel, file in static.items():
        yield rel, file.path.read_bytes()  # one at a time, at most MAX_STATIC_FILE_BYTES
    if "robots.txt" not in static:  # content/static/robots.txt replaces ours
        yield "robots.txt", robots_txt(project.site_url)
    for done, (path, text) in enumerate(_unreserved(static, pages), 1):
        if report.progress:
            report.progress.step("render+write", done)
        yield path, text


def _unreserved(
    static: dict[str, StaticFile], files: Iterator[tuple[str, str]]
) -> Iterator[tuple[str, str]]:
    """`files`, refusing any that would take the place of a file of content/static/."""
    for path, text in files:
        if path in static:
            raise ContentError(
                [
                    Problem(
                        Location(str(static[path].path)),
                        "reserved-path",
                        "this path is generated by the site",
                    )
                ]
            )
        yield path, text


def _generate(
    project: Project,
    report: Report,
    state: State | None,
    jobs: int | None,
    content: Content,
    timeline: Timeline,
    counts: str,
) -> Report:
    site = _site_info(project)
    static = {f.rel: f for f in content.static}
    templates, pages = read_templates(project.templates), read_pages(content)
    fingerprint = _fingerprint(
        site, sorted(templates.items()), sorted(pages.items()), static_digest(content)
    )
    select = EVERYTHING
    if state and state.timeline is not None and state.fingerprint == fingerprint:
        select = affected(state.timeline, timeline)
    renderer = Renderer(timeline, templates, site)
    if _jobs(jobs, state, timeline) > 1:  # pages here, feeds and exports in a forked process
        site_pages, published = renderer.page_streams(pages, select)
        streams = [_docs_files(project, static, site_pages, report), _unreserved(static, published)]
    else:
        streams = [_docs_files(project, static, renderer.iter_pages(pages, select), report)]
    # Rendering and writing interleave (one page at a time), so they share one timing.
    with report.stage("render+write"):
        try:
            report.write = write_streams(project.docs_dir, streams, prune=select.full)
        finally:
            renderer.fragments.close()  # and their scratch files
    if state is not None:
        state.timeline, state.fingerprint = timeline, fingerprint
    report.full = select.full
    report.content, report.timeline = content, timeline
    report.counts = counts
    return report


def release_generation(report: Report) -> None:
    """Free what generating held before MkDocs runs in the same process: the Timeline,
    the checked files' models and the fragments' caches (the Jinja environment's
    reference cycles keep those alive until the collector runs), then hand the freed
    heap back to the system; MkDocs then starts from little more than a bare process."""
    if report.content is not None:
        report.content = Content(report.content.root, problems=report.content.problems)
    report.timeline = None
    gc.collect()
    with contextlib.suppress(OSError, AttributeError):  # glibc only; elsewhere a no-op
        import ctypes

        ctypes.CDLL("libc.so.6").malloc_trim(0)


class _WarningCounter(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def run_mkdocs(project: Project, site_dir: Path) -> None:
    """Build with MkDocs into `site_dir`; any warning is a failure (like --strict)."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    counter = _WarningCounter()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(counter)
    old_level = logger.level
    logger.setLevel(min(old_level or logging.WARNING, logging.WARNING))
    try:
        config = load_config(str(project.config_file), site_dir=str(site_dir), strict=True)
        build(config)
    except MkDocsException as exc:
        detail = "".join(f"\n  {m}" for m in counter.messages)
        if 'The "timeline" plugin is not installed' in detail:
            # An install made before the plugin existed lacks its entry point.
            detail += "\n  reinstall the project to register it: .venv/bin/pip install -e ."
        raise BuildError(f"MkDocs failed: {exc}{detail}") from None
    finally:
        logger.removeHandler(counter)
        logger.setLevel(old_level)
    if counter.messages:
        raise BuildError("MkDocs warned:\n  " + "\n  ".join(counter.messages))


@contextlib.contextmanager
def build_lock(project: Project) -> Iterator[None]:
    """One build at a time per project (a second one waits)."""
    project.work_dir.mkdir(parents=True, exist_ok=True)
    with open(project.work_dir / ".lock", "w") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def build(
    project: Project, *, strict: bool = False, report: Report | None = None, jobs: int | None = None
) -> Report:
    """Generate, build with MkDocs into a temporary folder, then swap it into site/."""
    check_output_folders(project)
    with build_lock(project):
        report = generate(project, strict=strict, report=report, jobs=jobs)
        release_generation(report)
        parent = project.site_dir.parent
        parent.mkdir(parents=True, exist_ok=True)
        # Left by a build that was killed; under the lock no other build is using them.
        for stale in [*parent.glob(".site-new-*"), *parent.glob(".site-old-*")]:
            shutil.rmtree(stale, ignore_errors=True)
        tmp = Path(tempfile.mkdtemp(prefix=".site-new-", dir=parent))
        try:
            with report.stage("mkdocs"):
                run_mkdocs(project, tmp)
            with report.stage("publish"):
                publish(tmp, project.site_dir)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
    return report


def publish(new: Path, site: Path) -> None:
    """Put the finished build `new` in place of `site` without a moment of half a site."""
    if not site.exists():
        os.replace(new, site)
        return
    if _exchange(new, site):  # atomic on Linux: `site` is the new build, `new` the old
        shutil.rmtree(new, ignore_errors=True)
        return
    old = Path(tempfile.mkdtemp(prefix=".site-old-", dir=site.parent))
    os.replace(site, old / "site")
    os.replace(new, site)
    shutil.rmtree(old, ignore_errors=True)


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically with renameat2(RENAME_EXCHANGE); False where unsupported."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    result = renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange)
    return result == 0
