"""The only code that writes the generated docs folder: changed files only, nothing outside.

Unchanged files keep their mtime (so MkDocs' live reload and rsync-style deploys see
only real changes); files no longer generated are removed; every path is checked to
resolve inside the folder before anything is written.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from generator.errors import ConfigError
from generator.paths import confined

#: A file in the docs folder with this name marks it as ours; we refuse to clean any
#: non-empty folder without it (a mistyped docs_dir must never wipe someone's files).
MARKER = ".timeline-generated"


@dataclass(frozen=True, slots=True)
class WriteReport:
    written: tuple[str, ...]
    unchanged: int
    removed: tuple[str, ...]


def write_tree(
    out_dir: Path,
    files: Mapping[str, str | bytes] | Iterable[tuple[str, str | bytes]],
    *,
    prune: bool = True,
) -> WriteReport:
    """Make `out_dir` hold exactly `files` (relative path -> text or bytes).

    `files` may be a stream of (path, content) pairs, written as they come, so a large
    site never sits in memory whole. A path given twice is a bug and raises. With
    `prune=False` (an incremental update of some pages) other files are kept.
    """
    out_dir = out_dir.resolve()
    marker = out_dir / MARKER
    if out_dir.exists() and any(out_dir.iterdir()) and not marker.exists():
        raise ConfigError(
            f"{out_dir} is not empty and was not made by timeline; refusing to write into it "
            "(check docs_dir in mkdocs.yml)"
        )
    out_dir.mkdir(parents=True, exist_ok=True)
    marker.touch()
    written: list[str] = []
    unchanged = 0
    wanted: set[Path] = {marker}
    pairs = files.items() if isinstance(files, Mapping) else files
    for rel, content in pairs:
        target = confined(out_dir, rel)
        if target in wanted:
            raise ValueError(f"{rel!r} was generated twice")
        wanted.add(target)
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
    removed = _remove_stale(out_dir, wanted) if prune else []
    return WriteReport(tuple(written), unchanged, tuple(removed))


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
