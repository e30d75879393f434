"""Builds that never lose the last good site: killed, concurrent and locked builds.

Two content folders of one project, A and B, differ in one name; both carry a CNAME in
static/. Each is built once, completely, and its site/ recorded byte for byte. Then
builds are killed with SIGKILL at random moments (reproduce a run with
ATOMIC_BUILD_SEED=<seed>): site/ must afterwards be exactly the previous site or exactly
the new one, never a mixture, never without the CNAME. The content folders are never
written (modification times and hashes checked), two builds at once both finish with a
complete site, and a build waits for the lock another one holds.
"""

from __future__ import annotations

import hashlib
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

from generator.build import build_lock
from generator.project import Project
from tests.conftest import SAMPLE, make_project
from tests.helpers import tree_state

pytestmark = pytest.mark.slow

CNAME = b"timeline.example.org\n"
KILLS = 8
SEED = int(os.environ.get("ATOMIC_BUILD_SEED") or random.SystemRandom().randrange(10**6))

Snapshot = dict[str, str | None]


def snapshot(folder: Path) -> Snapshot:
    """Every file (sha256) and folder (None) under `folder`, by relative path."""
    if not folder.exists():
        return {}
    out: Snapshot = {}
    for p in sorted(folder.rglob("*")):
        rel = p.relative_to(folder).as_posix()
        out[rel] = hashlib.sha256(p.read_bytes()).hexdigest() if p.is_file() else None
    return out


def diff(a: Snapshot, b: Snapshot) -> str:
    changed = sorted(k for k in a.keys() | b.keys() if a.get(k, "-") != b.get(k, "-"))
    return f"{len(changed)} paths differ, e.g. {changed[:5]}"


class Sites:
    """The project, its two content folders and the site each one builds."""

    def __init__(self, project: Project):
        self.project = project
        self.content = {"a": project.root / "content-a", "b": project.root / "content-b"}
        self.site: dict[str, Snapshot] = {}

    def start(self, which: str) -> subprocess.Popen[bytes]:
        return subprocess.Popen(
            [sys.executable, "-m", "generator", "build", "--content", str(self.content[which])],
            cwd=self.project.root,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )

    def run(self, which: str) -> None:
        proc = self.start(which)
        _, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err.decode()

    def current(self) -> Snapshot:
        return snapshot(self.project.site_dir)

    def which(self, state: Snapshot) -> str | None:
        return next((k for k, v in self.site.items() if v == state), None)

    def leftovers(self) -> list[str]:
        root, docs = self.project.root, self.project.docs_dir
        found = [p.name for p in root.iterdir() if p.name.startswith(".site-")]
        return found + [p.name for p in docs.rglob("*.tmp")]


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> Sites:
    project = make_project(tmp_path_factory.mktemp("atomic") / "project", SAMPLE)
    a = project.root / "content-a"
    shutil.move(project.content, a)
    (a / "static").mkdir(exist_ok=True)  # the sample's holds its test pictures
    (a / "static" / "CNAME").write_bytes(CNAME)
    b = project.root / "content-b"
    shutil.copytree(a, b)
    ada = b / "people" / "ada-lovelace.yaml"
    ada.write_text(ada.read_text().replace("name: Ada Lovelace", "name: Ada King"))
    s = Sites(project)
    for which in ("a", "b"):
        s.run(which)
        s.site[which] = s.current()
        assert s.site[which].get("CNAME") == hashlib.sha256(CNAME).hexdigest()
    assert s.site["a"] != s.site["b"]
    return s


def test_a_killed_build_leaves_the_old_site_or_the_new_one(sites: Sites) -> None:
    rng = random.Random(SEED)
    untouched = tree_state(*sites.content.values())
    current = sites.which(sites.current())
    assert current is not None
    outcomes: Counter[str] = Counter()
    for run in range(KILLS):
        target = "a" if current == "b" else "b"
        delay = rng.uniform(0, 3)
        proc = sites.start(target)
        try:
            proc.wait(timeout=delay)
            outcomes["finished"] += 1
        except subprocess.TimeoutExpired:
            os.kill(proc.pid, signal.SIGKILL)
            proc.wait()
        proc.stderr.close()  # type: ignore[union-attr]
        state = sites.current()
        now = sites.which(state)
        where = f"seed {SEED}, run {run}, killed after {delay:.2f}s"
        assert now is not None, f"{where}: site/ is neither site: {diff(state, sites.site[target])}"
        assert state.get("CNAME") == hashlib.sha256(CNAME).hexdigest(), where
        if proc.returncode == -signal.SIGKILL:
            outcomes["killed, new site" if now == target else "killed, old site"] += 1
        current = now
        assert tree_state(*sites.content.values()) == untouched, f"{where}: content written"
    print(f"\nkill test (seed {SEED}): {dict(outcomes)}")
    # The next complete build publishes and clears what killed builds left behind.
    target = "a" if current == "b" else "b"
    sites.run(target)
    assert sites.current() == sites.site[target]
    assert sites.leftovers() == []
    assert tree_state(*sites.content.values()) == untouched


def test_two_builds_at_once_both_finish_with_a_complete_site(sites: Sites) -> None:
    untouched = tree_state(*sites.content.values())
    procs = [sites.start("a"), sites.start("b")]
    for proc in procs:
        _, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err.decode()
    assert sites.which(sites.current()) is not None, "site/ is a mixture of both builds"
    assert sites.leftovers() == []
    # Two builds of the same content: the same site.
    procs = [sites.start("a"), sites.start("a")]
    for proc in procs:
        _, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err.decode()
    assert sites.current() == sites.site["a"]
    assert tree_state(*sites.content.values()) == untouched


def wait_until_blocked_on_lock(proc: subprocess.Popen[bytes], timeout: float = 120) -> bool:
    """Poll /proc/locks until `proc` waits for a flock (a "->" line with its pid).

    False if it ended first; no fixed sleep, so a loaded machine only makes it slower.
    """
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and proc.poll() is None:
        for line in Path("/proc/locks").read_text().splitlines():
            fields = line.split()
            if "->" in fields and "FLOCK" in fields and str(proc.pid) in fields:
                return True
        time.sleep(0.02)
    return False


@pytest.mark.skipif(not Path("/proc/locks").exists(), reason="needs Linux /proc/locks")
def test_a_build_waits_for_the_lock(sites: Sites) -> None:
    sites.run("a")
    docs_before = snapshot(sites.project.docs_dir)
    with build_lock(sites.project):
        proc = sites.start("b")
        running = wait_until_blocked_on_lock(proc)
        # Nothing written while the lock is held: not the docs, not the site.
        assert snapshot(sites.project.docs_dir) == docs_before
        assert sites.current() == sites.site["a"]
    _, err = proc.communicate(timeout=300)
    assert running, "the build did not wait for the lock"
    assert proc.returncode == 0, err.decode()
    assert sites.current() == sites.site["b"]
