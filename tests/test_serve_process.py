"""`timeline serve` as a real process: address, error banner, one-line errors, cleanup."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import SAMPLE, make_project

pytestmark = pytest.mark.slow


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start(root: Path, tmp: Path, *args: str) -> subprocess.Popen[str]:
    env = {**os.environ, "TMPDIR": str(tmp), "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.Popen(
        [sys.executable, "-m", "generator", "serve", *args],
        cwd=root,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def get(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.read().decode()


def wait_for(predicate, timeout: float = 60) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.3)
    raise AssertionError("timed out")


def up(port: int) -> bool:
    try:
        get(f"http://127.0.0.1:{port}/")
    except OSError:
        return False
    return True


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGINT])
def test_serve_binds_loopback_shows_errors_on_the_page_and_cleans_up(
    tmp_path: Path, stop: signal.Signals
) -> None:
    project = make_project(tmp_path / "p", SAMPLE)
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    port = free_port()
    proc = start(project.root, scratch, "--dev-addr", str(port))  # PORT alone: 127.0.0.1
    try:
        wait_for(lambda: up(port) and "Ada" in get(f"http://127.0.0.1:{port}/people/ada-lovelace/"))
        assert next(p.name for p in scratch.iterdir()).startswith("timeline-serve-")
        page = f"http://127.0.0.1:{port}/people/ada-lovelace/"
        assert "timeline-errors" not in get(page)
        bad = project.content / "people" / "broken.yaml"
        bad.write_text("name: Broken\nsummary: [\n")
        wait_for(lambda: "timeline-errors" in get(page))
        assert "content/people/broken.yaml:" in get(page)
        bad.unlink()
        wait_for(lambda: "timeline-errors" not in get(page))
    finally:
        proc.send_signal(stop)
        out, _ = proc.communicate(timeout=30)
    assert proc.returncode == 0, out
    assert "Traceback" not in out
    assert list(scratch.iterdir()) == []  # the temporary site is gone


def test_serve_errors_are_one_line(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p", SAMPLE)
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    bad = start(project.root, scratch, "--dev-addr", "127.0.0.1:80a")
    out, _ = bad.communicate(timeout=60)
    assert bad.returncode == 2
    assert out.strip().splitlines() == [
        "error: --dev-addr '127.0.0.1:80a': expected HOST:PORT or PORT with a port from 1 "
        "to 65535 (like 127.0.0.1:8001 or 8001)"
    ]
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        busy = start(project.root, scratch, "--dev-addr", f"127.0.0.1:{port}")
        out, _ = busy.communicate(timeout=60)
    assert busy.returncode == 2
    assert out.strip().splitlines() == [
        f"error: 127.0.0.1:{port} is already in use (another timeline serve?); stop it or "
        f"choose another port: --dev-addr 127.0.0.1:{port + 1}"
    ]
    assert list(scratch.iterdir()) == []
    (project.root / "mkdocs.yml").write_text('site_name: "x\n')
    broken = start(project.root, scratch)
    out, _ = broken.communicate(timeout=60)
    assert broken.returncode == 1
    assert out.strip().splitlines()[0].startswith("mkdocs.yml:1:12: error: YAML syntax")
