"""content/static/ checked as part of `check`: the build only copies what passed."""

from __future__ import annotations

import os
from pathlib import Path

from generator.content_files import Content, StaticFile, display_path, special_file
from generator.errors import Location
from generator.limits import (
    MAX_STATIC_DEPTH,
    MAX_STATIC_FILE_BYTES,
    MAX_STATIC_FILES,
    MAX_STATIC_TOTAL_BYTES,
)
from generator.paths import TOP_LEVEL_NAMES

#: What content/static/ may hold: nothing a browser would run (no .html, .js, .svg, .xml).
STATIC_SUFFIXES = frozenset(
    {"", ".avif", ".csv", ".gif", ".ico", ".jpeg", ".jpg", ".json", ".pdf", ".png", ".txt", ".webp"}
)


def _static_name_problem(rel: str, name: str, is_dir: bool, taken: set[str]) -> str | None:
    """Why a file or folder of content/static/ may not be published, or None."""
    top = rel.split("/", 1)[0]
    if name.endswith((".", " ")):
        return "a trailing dot or space hides the real suffix (Windows drops it)"
    if name.startswith("_"):
        return (
            "names starting with '_' are host configuration "
            "(_headers, _redirects on Netlify and Cloudflare Pages)"
        )
    if top.casefold() in taken:
        return (
            f"'{top}' is the site's own (its folders, generated and hand-written pages), "
            "also in other capitals (case-insensitive disks merge them)"
        )
    if is_dir:
        return None
    if name.endswith(".md"):
        return "Markdown pages belong in content/pages/"
    suffix = Path(name).suffix.lower()
    if suffix not in STATIC_SUFFIXES:
        return (
            f"may hold only {', '.join(sorted(STATIC_SUFFIXES)[1:])} files and files without "
            "a suffix (CNAME): HTML, scripts and SVG would run on the site"
        )
    return None


def load_static(content: Content) -> None:
    """Check content/static/ as part of `check`: the build only copies what passed.

    The walk is iterative with a depth cap (no recursion on deep trees) and refuses
    links, special files, names the site uses (in any capitals), host configuration
    files and suffixes a browser would run; sizes are capped per file and in total.
    """
    folder = content.root / "static"
    if special_file(content, folder) or not folder.exists():
        return
    if not folder.is_dir():
        content.add(Location(display_path(folder)), "unexpected-file", "static must be a folder")
        return
    walk = _Walk(content, folder)
    stack: list[tuple[Path, int]] = [(folder, 1)]
    while stack:
        here, depth = stack.pop()
        try:
            entries = sorted(os.scandir(here), key=lambda e: e.name)
        except OSError as exc:
            content.add(Location(display_path(here)), "unreadable", f"cannot read: {exc.strerror}")
            continue
        for entry in entries:
            if not walk.entry(entry, here, depth, stack):
                return
    content.static.sort(key=lambda f: f.rel)


class _Walk:
    """What the walk of content/static/ has seen so far: names (by capitals-folded
    path), and the files and bytes accepted."""

    def __init__(self, content: Content, folder: Path):
        self.content, self.folder = content, folder
        taken = {n.casefold() for n in TOP_LEVEL_NAMES}
        taken |= {p.stem.casefold() for p in content.pages}
        self.taken = taken | {"about", "contributing", "index.html", "404.html"}
        self.seen: dict[str, str] = {}
        self.total = self.count = 0

    def entry(
        self, entry: os.DirEntry[str], here: Path, depth: int, stack: list[tuple[Path, int]]
    ) -> bool:
        """Check one entry: accept a file, queue a folder; False when a total is over."""
        content = self.content
        path = Path(entry.path)
        rel = path.relative_to(self.folder).as_posix()
        where = Location(display_path(here) + "/" + entry.name)
        is_dir = entry.is_dir(follow_symlinks=False)
        if self._refused(entry, rel, is_dir, depth, where):
            return True
        if is_dir:
            if depth >= MAX_STATIC_DEPTH:
                content.add(where, "too-deep", f"folders nested deeper than {MAX_STATIC_DEPTH}")
            else:
                stack.append((path, depth + 1))
            return True
        size = entry.stat(follow_symlinks=False).st_size
        if size > MAX_STATIC_FILE_BYTES:
            content.add(
                where,
                "file-too-large",
                f"static file is {size:,} bytes; the limit is {MAX_STATIC_FILE_BYTES:,}",
            )
            return True
        self.total += size
        self.count += 1
        if self.total > MAX_STATIC_TOTAL_BYTES or self.count > MAX_STATIC_FILES:
            content.add(
                where,
                "file-too-large",
                f"content/static holds more than {MAX_STATIC_FILES:,} files or "
                f"{MAX_STATIC_TOTAL_BYTES:,} bytes",
            )
            return False
        content.static.append(StaticFile(rel, path, size))
        return True

    def _refused(
        self, entry: os.DirEntry[str], rel: str, is_dir: bool, depth: int, where: Location
    ) -> bool:
        """Report the entry when its kind or name may not be published."""
        add = self.content.add
        if entry.is_symlink() or not (is_dir or entry.is_file(follow_symlinks=False)):
            add(
                where,
                "unexpected-file",
                "symbolic links and special files are not allowed in content/static",
            )
            return True
        why = _static_name_problem(rel, entry.name, is_dir, self.taken if depth == 1 else set())
        if why:
            add(where, "unexpected-file", f"not allowed in content/static: {why}")
            return True
        folded = rel.casefold()
        if folded in self.seen:
            add(
                where,
                "duplicate-id",
                f"'{rel}' and '{self.seen[folded]}' differ only in capitals (one file on "
                "case-insensitive disks)",
            )
            return True
        self.seen[folded] = rel
        return False
