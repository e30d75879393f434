"""write.py: changed files only, stale files removed, nothing outside the folder."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from generator.errors import ConfigError
from generator.write import MARKER, write_streams, write_tree


def test_writes_then_skips_unchanged_files(tmp_path: Path) -> None:
    out = tmp_path / "docs"
    first = write_tree(out, {"a.md": "A", "sub/b.md": "B"})
    assert sorted(first.written) == ["a.md", "sub/b.md"]
    old = 1_000_000_000
    os.utime(out / "a.md", (old, old))
    second = write_tree(out, {"a.md": "A", "sub/b.md": "B2"})
    assert second.written == ("sub/b.md",)
    assert second.unchanged == 1
    assert (out / "a.md").stat().st_mtime == old  # unchanged file keeps its mtime
    assert (out / "sub/b.md").read_text() == "B2"


def test_removes_stale_files_and_empty_folders(tmp_path: Path) -> None:
    out = tmp_path / "docs"
    write_tree(out, {"a.md": "A", "old/x.md": "X"})
    report = write_tree(out, {"a.md": "A"})
    assert report.removed == ("old/x.md",)
    assert not (out / "old").exists()
    assert (out / MARKER).exists()


@pytest.mark.parametrize("bad", ["../escape.md", "/etc/passwd-x", "a/../../escape.md"])
def test_refuses_paths_outside_the_folder(tmp_path: Path, bad: str) -> None:
    out = tmp_path / "docs"
    with pytest.raises(ValueError, match="outside"):
        write_tree(out, {bad: "x"})
    assert not (tmp_path / "escape.md").exists()


def test_refuses_symlink_escape(tmp_path: Path) -> None:
    out = tmp_path / "docs"
    write_tree(out, {"a.md": "A"})
    outside = tmp_path / "outside"
    outside.mkdir()
    (out / "link").symlink_to(outside)
    with pytest.raises(ValueError, match="outside"):
        write_tree(out, {"link/x.md": "x"})
    assert not (outside / "x.md").exists()


def test_refuses_to_clean_a_foreign_folder(tmp_path: Path) -> None:
    out = tmp_path / "docs"
    out.mkdir()
    (out / "precious.txt").write_text("keep me")
    with pytest.raises(ConfigError, match="not made by timeline"):
        write_tree(out, {"a.md": "A"})
    assert (out / "precious.txt").read_text() == "keep me"


def test_streams_are_written_together_and_pruned_as_one(tmp_path: Path) -> None:
    out = tmp_path / "docs"
    write_tree(out, {"a.md": "A", "feed.xml": "F", "old.md": "O"})
    report = write_streams(out, [iter([("a.md", "A2")]), iter([("feed.xml", "F")])])
    assert report.written == ("a.md",) and report.unchanged == 1
    assert report.removed == ("old.md",)
    assert (out / "a.md").read_text() == "A2" and (out / "feed.xml").read_text() == "F"


def test_a_path_in_two_streams_is_a_bug(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="generated twice"):
        write_streams(tmp_path / "docs", [iter([("a.md", "A")]), iter([("a.md", "B")])])
