"""The only code that writes the generated docs folder: changed files only, nothing outside.

Unchanged files keep their mtime (so MkDocs' live reload and rsync-style deploys see
only real changes); files no longer generated are removed; every path is checked to
resolve inside the folder before anything is written.

A build's files come as streams; `write_streams` writes the first in this process and
the others in forked processes at the same time (the second core: rendering is CPU
work and each stream's files are independent), then removes what no stream wrote. Each
file's bytes are the same whichever process wrote it.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Iterable, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from generator.errors import ConfigError, ContentError, Problem
from generator.paths import confined

Files = Mapping[str, str | bytes] | Iterable[tuple[str, str | bytes]]

#: A file in the docs folder with this name marks it as ours; we refuse to clean any
#: non-empty folder without it (a mistyped docs_dir must never wipe someone's files).
MARKER = ".timeline-generated"


@dataclass(frozen=True, slots=True)
class WriteReport:
    written: tuple[str, ...]
    unchanged: int
    removed: tuple[str, ...]


def write_tree(out_dir: Path, files: Files, *, prune: bool = True) -> WriteReport:
    """Make `out_dir` hold exactly `files` (relative path -> text or bytes).

    `files` may be a stream of (path, content) pairs, written as they come, so a large
    site never sits in memory whole. A path given twice is a bug and raises. With
    `prune=False` (an incremental update of some pages) other files are kept.
    """
    return write_streams(out_dir, [files], prune=prune)


def write_streams(out_dir: Path, streams: Sequence[Files], *, prune: bool = True) -> WriteReport:
    """`write_tree` for several streams of files: the first written here, each other in a
    forked process at the same time (streams are lazy iterators, started in the process
    that writes them). Only on platforms that fork; elsewhere one after the other."""
    out_dir = _prepare(out_dir)
    parts: list[tuple[list[str], int, list[str]]] = []
    forking = len(streams) > 1 and "fork" in multiprocessing.get_all_start_methods()
    if not forking:
        parts = [_write_files(out_dir, stream) for stream in streams]
    else:
        global _FORKED_STREAMS
        _FORKED_STREAMS = (out_dir, streams)
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(len(streams) - 1, mp_context=context) as pool:
            futures = [pool.submit(_write_forked, i) for i in range(1, len(streams))]
            _FORKED_STREAMS = None
            parts.append(_write_files(out_dir, streams[0]))
            for future in futures:
                outcome = future.result()
                if isinstance(outcome, _Problems):
                    raise ContentError(outcome.problems)
                parts.append(outcome)
    wanted = {out_dir / MARKER}
    for _, _, rels in parts:
        for rel in rels:
            target = out_dir / rel
            if target in wanted:
                raise ValueError(f"{rel!r} was generated twice")
            wanted.add(target)
    removed = _remove_stale(out_dir, wanted) if prune else []
    written = tuple(rel for part in parts for rel in part[0])
    return WriteReport(written, sum(part[1] for part in parts), tuple(removed))


#: What a forked writer inherits: the folder and the streams (set only around the fork).
_FORKED_STREAMS: tuple[Path, Sequence[Files]] | None = None


@dataclass(frozen=True)
class _Problems:
    """A content error crossing back from a forked writer (ContentError does not pickle)."""

    problems: list[Problem]


def _write_forked(index: int) -> tuple[list[str], int, list[str]] | _Problems:
    assert _FORKED_STREAMS is not None, "write_streams sets the streams before forking"
    out_dir, streams = _FORKED_STREAMS
    try:
        return _write_files(out_dir, streams[index])
    except ContentError as e:
        return _Problems(e.problems)


def _prepare(out_dir: Path) -> Path:
    out_dir = out_dir.resolve()
    marker = out_dir / MARKER
    if out_dir.exists() and any(out_dir.iterdir()) and not marker.exists():
        raise ConfigError(
            f"{out_dir} is not empty and was not made by timeline; refusing to write into it "
            "(check docs_dir in mkdocs.yml)"
        )
    out_dir.mkdir(parents=True, exist_ok=True)
    marker.touch()
    return out_dir


def _write_files(out_dir: Path, files: Files) -> tuple[list[str], int, list[str]]:
    """Write one stream: (paths written, count unchanged, every path of the stream)."""
    written: list[str] = []
    unchanged = 0
    seen: set[Path] = set()
    rels: list[str] = []
    pairs = files.items() if isinstance(files, Mapping) else files
    for rel, content in pairs:
        target = confined(out_dir, rel)
        if target in seen:
            raise ValueError(f"{rel!r} was generated twice")
        seen.add(target)
        rels.append(target.relative_to(out_dir).as_posix())
        data = content.encode("utf-8") if isinstance(content, str) else content
        try:
            if target.stat().st_size == len(data) and target.read_bytes() == data:
                unchanged += 1
                continue
        except FileNotFoundError:
            pass
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
        tmp.write_bytes(data)
        os.replace(tmp, target)
        written.append(rel)
    return written, unchanged, rels


def _remove_stale(out_dir: Path, wanted: set[Path]) -> list[str]:
    removed: list[str] = []
    for folder, dirs, names in os.walk(out_dir, topdown=False):
        here = Path(folder)
        for name in names:
            path = here / name
            if path not in wanted:
                path.unlink()
                removed.append(path.relative_to(out_dir).as_posix())
        for name in dirs:
            sub = here / name
            if sub.is_symlink():
                sub.unlink()
            elif not any(sub.iterdir()):
                sub.rmdir()
    return sorted(removed)
