"""Checking in a child process (generator/isolated.py) changes where memory goes, never
what is built: the same Timeline, files, counts, warnings and errors as in-process."""

from __future__ import annotations

import os
import pickle
import shutil
from pathlib import Path
from types import MappingProxyType

import pytest

from generator import isolated
from generator.build import Report, generate
from generator.errors import ContentError, Location, Problem
from generator.project import Project
from tests.helpers import read_tree

pytestmark = pytest.mark.skipif(not isolated.forking(), reason="needs os.fork")


def _add_warning(project: Project) -> None:
    """A value cut short by ' #': a warning, so the build goes on with it."""
    ada = project.content / "people" / "ada-lovelace.yaml"
    text = ada.read_text(encoding="utf-8")
    ada.write_text(text.replace("program.", "program #1."), encoding="utf-8")


def test_the_child_builds_what_this_process_builds(
    sample_project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    _add_warning(sample_project)
    here = generate(sample_project, isolate=False, jobs=1)
    files = read_tree(sample_project.docs_dir, hidden=True)
    shutil.rmtree(sample_project.docs_dir)
    apart = generate(sample_project, isolate=True, jobs=1)
    assert read_tree(sample_project.docs_dir, hidden=True) == files
    assert apart.timeline == here.timeline  # read-only mappings and all
    assert apart.counts == here.counts
    assert here.content and apart.content
    assert [p.code for p in apart.content.problems] == ["cut-by-comment"]
    assert apart.content.problems == here.content.problems
    assert {"check", "model", "render+write"} <= set(apart.timings)


def test_a_content_error_in_the_child_is_the_same_error(sample_project: Project) -> None:
    ada = sample_project.content / "people" / "ada-lovelace.yaml"
    ada.write_text(ada.read_text(encoding="utf-8").replace("1815-12-10", "the 10th"))
    with pytest.raises(ContentError) as here:
        generate(sample_project, isolate=False)
    with pytest.raises(ContentError) as apart:
        generate(sample_project, isolate=True)
    assert apart.value.problems == here.value.problems
    assert apart.value.lines() == here.value.lines()


class _Stages:
    """Progress that notes which process ran each stage (in a file: the child's memory
    is its own)."""

    def __init__(self, log: Path):
        self.log = log

    def start(self, stage: str) -> None:
        with self.log.open("a") as fh:
            fh.write(f"{stage} {os.getpid()}\n")

    def step(self, stage: str, done: int) -> None: ...
    def end(self, stage: str, seconds: float) -> None: ...


def _pids(log: Path) -> dict[str, int]:
    return {s: int(p) for s, p in (line.split() for line in log.read_text().splitlines())}


def test_only_a_large_one_shot_build_checks_apart(
    sample_project: Project, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    log = tmp_path / "stages.log"
    generate(sample_project, report=Report(progress=_Stages(log)))
    assert set(_pids(log).values()) == {os.getpid()}  # a few kilobytes: no child
    monkeypatch.setattr(isolated, "ISOLATE_MIN_BYTES", 1)
    log.unlink()
    generate(sample_project, report=Report(progress=_Stages(log)))
    pids = _pids(log)
    assert pids["check"] == pids["model"] != os.getpid() == pids["render+write"]


def test_a_bug_in_the_child_is_raised_here(tmp_path: Path) -> None:
    def work() -> None:
        raise ZeroDivisionError("in the child")

    with pytest.raises(ZeroDivisionError, match="in the child"):
        isolated.run_isolated(work, tmp_path)
    assert list(tmp_path.iterdir()) == []  # the result's file is never left behind


def test_results_come_back_with_their_read_only_mappings(tmp_path: Path) -> None:
    shared = ("a", "b")
    result = isolated.run_isolated(
        lambda: (MappingProxyType({"x": shared}), shared, os.getpid()), tmp_path
    )
    proxy, same, pid = result
    assert isinstance(proxy, MappingProxyType) and proxy == {"x": ("a", "b")}
    assert proxy["x"] is same  # shared objects stay shared
    assert pid != os.getpid()


def test_a_content_error_pickles_with_its_problems() -> None:
    problems = [Problem(Location("people/a.yaml", 3, 5), "bad-date", "not a date")]
    again = pickle.loads(pickle.dumps(ContentError(problems)))
    assert isinstance(again, ContentError) and again.problems == problems
