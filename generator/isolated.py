"""Check the content and build the Timeline; for a large one-shot build, in a child
process that exits before rendering starts, handing back only the Timeline.

Why: checking a large site allocates many times what the Timeline needs (raw YAML
trees, every node's place, the pydantic models: about 2 GB at 10,000 entities × 20
events, for some 300 MB of Timeline). Freeing it does not give it back to the system:
the Timeline's strings and dates were allocated in among it and keep nearly every block
of Python's heap in use, so the process would stay at check's peak through rendering
and MkDocs, and the writer that rendering forks (write.py) would count all of it again.
In a child, that heap goes when the child exits; the parent unpickles the result into
a heap of the Timeline's own size. The result travels through an unlinked temporary
file, read once the child has exited, so that the two processes never peak together.
"""

from __future__ import annotations

import contextlib
import copyreg
import multiprocessing
import os
import pickle
import tempfile
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from types import MappingProxyType
from typing import IO, Any, TypeVar

from generator.check import check_content
from generator.content_files import Content, counted
from generator.model import Timeline
from generator.model_builder import build_timeline
from generator.paths import KIND_FOLDERS
from generator.project import Project

T = TypeVar("T")
Stage = Callable[[str], contextlib.AbstractContextManager[None]]

#: From this many bytes of entity files a one-shot build checks in a child process: the
#: heap check leaves behind (some 25 MB a megabyte) then outweighs a fork and a copy.
ISOLATE_MIN_BYTES = 1_000_000

#: What the forked child inherits: the work and the file for its result (set only
#: around the fork, as write.py does for its streams).
_WORK: tuple[Callable[[], Any], IO[bytes]] | None = None


def forking() -> bool:
    """True where a child can be forked (Linux, macOS); elsewhere work runs in-process."""
    return "fork" in multiprocessing.get_all_start_methods()


def large_content(project: Project) -> bool:
    """Whether the entity files reach ISOLATE_MIN_BYTES (sizes only, nothing read)."""
    total = 0
    for folder in KIND_FOLDERS.values():
        with contextlib.suppress(OSError), os.scandir(project.content / folder) as entries:
            total += sum(e.stat(follow_symlinks=False).st_size for e in entries)
    return total >= ISOLATE_MIN_BYTES


def check_and_model(
    project: Project, strict: bool, stage: Stage, kept: Any, *, one_shot: bool
) -> tuple[Content, Timeline]:
    """Check the content and build its Timeline, timing each under `stage`. A one-shot
    build drops the raw YAML once checked (`serve` keeps it, and what it made of each
    unchanged file, in `kept`, a build.State): the Timeline, built from the models
    alone, then reuses its memory instead of adding to the peak."""
    with stage("check"):
        content = check_content(
            project.content,
            strict=strict,
            cache=kept.cache if kept is not None else None,
            nav=project.nav,
            rules_cache=kept.rules if kept is not None else None,
            # `serve` previews an edit before it is stamped (content/changes.lock).
            stamped=one_shot,
        )
    if one_shot:
        for parsed in (*(e.parsed for e in content.entities.values()), content.sources_file):
            if parsed is not None:
                parsed.release()
    with stage("model"):
        timeline = build_timeline(content, kept.records if kept is not None else None)
    return content, timeline


def check_and_model_apart(
    project: Project, strict: bool, stage: Stage, timings: dict[str, float]
) -> tuple[Content, Timeline, str]:
    """`check_and_model` in a child process. Returns what rendering needs of the content
    (its pages, static files and warnings), the Timeline and the content's counts;
    `timings`, the table `stage` fills, gets the child's times."""

    def work() -> tuple[Content, Timeline, str, dict[str, float]]:
        content, timeline = check_and_model(project, strict, stage, None, one_shot=True)
        kept = Content(content.root, pages=content.pages, static=content.static)
        kept.problems = content.problems
        return kept, timeline, counted(content), timings

    content, timeline, counts, child_timings = run_isolated(work, project.work_dir)
    timings.update(child_timings)
    return content, timeline, counts


def run_isolated(work: Callable[[], T], spool_dir: Path) -> T:
    """`work()`, run in a forked child; its exceptions are raised here. The result must
    pickle (read-only mappings included). Without fork, `work()` runs in this process."""
    if not forking():
        return work()
    global _WORK
    spool_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryFile(dir=spool_dir) as spool:
        _WORK = (work, spool)
        try:
            context = multiprocessing.get_context("fork")
            with ProcessPoolExecutor(1, mp_context=context) as pool:
                pool.submit(_run_child).result()  # leaving the block waits for the exit
        finally:
            _WORK = None
        spool.seek(0)
        result: T = pickle.load(spool)
        return result


def _run_child() -> None:
    assert _WORK is not None, "run_isolated sets the work before forking"
    work, spool = _WORK
    result = work()
    pickler = pickle.Pickler(spool, protocol=pickle.HIGHEST_PROTOCOL)
    pickler.dispatch_table = {**copyreg.dispatch_table, MappingProxyType: _reduce_proxy}
    pickler.dump(result)
    spool.flush()


def _reduce_proxy(proxy: MappingProxyType[Any, Any]) -> tuple[object, ...]:
    return _mapping_proxy, (dict(proxy),)


def _mapping_proxy(items: dict[Any, Any]) -> MappingProxyType[Any, Any]:
    return MappingProxyType(items)
