"""Small helpers shared by the tests: write and read file trees, run checks, collect
problems, read the one-line problem format."""

from __future__ import annotations

import hashlib
import re
import textwrap
from pathlib import Path

from generator.check import check_content
from generator.content_files import Content
from generator.errors import ContentError, Problem, Severity

#: A minimal inline source, so that events need no sources.yaml.
INLINE_SOURCE = "[{title: Notes}]"

#: One printed problem: `path:line:col: error|warning: message [code]`.
PROBLEM_LINE_RE = re.compile(
    r"^(?P<file>.+?):(?P<line>\d+):(?P<col>\d+): (?P<sev>error|warning): .+"
    r" \[(?P<code>[a-z0-9-]+)\]$"
)


def printed_problems(output: str) -> tuple[list[re.Match[str]], list[str]]:
    """The problem lines of a command's output (PROBLEM_LINE_RE matches) and the others."""
    found, stray = [], []
    for text in output.splitlines():
        m = PROBLEM_LINE_RE.match(text)
        if m is None:
            stray.append(text)
        else:
            found.append(m)
    return found, stray


def read_tree(root: Path, *, hidden: bool = False) -> dict[str, bytes]:
    """Every file under `root` (relative POSIX path -> bytes); dot-files only if `hidden`."""
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and (hidden or not p.name.startswith("."))
    }


def tree_state(*folders: Path) -> dict[str, tuple[int, str | None]]:
    """Everything in `folders`, the folders themselves included: path -> (mtime in ns,
    sha256 of a file's bytes or None for a folder). Equal before and after a command
    means the command wrote, touched, added and removed nothing there."""
    out: dict[str, tuple[int, str | None]] = {}
    for folder in folders:
        for p in sorted([folder, *folder.rglob("*")]):
            digest = hashlib.sha256(p.read_bytes()).hexdigest() if p.is_file() else None
            out[str(p)] = (p.stat().st_mtime_ns, digest)
    return out


def write_files(root: Path, files: dict[str, str | bytes]) -> Path:
    """Write `files` (relative path -> text or bytes) under `root`; text is dedented."""
    for rel, body in files.items():
        target = root / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(body, bytes):
            target.write_bytes(body)
        else:
            target.write_text(textwrap.dedent(body), encoding="utf-8")
    return root


def relative(problem: Problem, root: Path) -> str:
    """The problem's file relative to `root`, as a POSIX path."""
    return Path(problem.location.path).resolve().relative_to(root.resolve()).as_posix()


def problems(root: Path, *, strict: bool = False) -> list[Problem]:
    """Every problem `check_content` reports for `root` (empty when it passes)."""
    try:
        content = check_content(root, strict=strict)
    except ContentError as exc:
        return exc.problems
    return content.problems


def errors(root: Path) -> set[tuple[str, int, str]]:
    """(file relative to root, line, code) of every error."""
    return {
        (relative(p, root), p.location.line, p.code)
        for p in problems(root)
        if p.severity is Severity.ERROR
    }


def codes(root: Path, *, strict: bool = False) -> list[str]:
    return sorted(p.code for p in problems(root, strict=strict))


def check_ok(root: Path) -> Content:
    """`check_content(root)`, failing the test with the problems if it raises."""
    try:
        return check_content(root)
    except ContentError as exc:  # pragma: no cover - the message is the point
        raise AssertionError(f"unexpected problems:\n{exc}") from None
