"""`timeline links` against a local server answering 200, 301, 404, 410, 500, slowly, and
not at all (tests/link_server.py): one finding per source address, with its file:line."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator import links
from generator.check import check_content
from generator.cli import main
from tests.link_server import _Handler, content_tree, link_server

TIMEOUT = "1.5"


@pytest.fixture(scope="module")
def server() -> tuple[str, str]:
    with link_server() as addresses:
        yield addresses


def _run(root: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(
        main, ["links", "--content", str(root), "--timeout", TIMEOUT, *args], catch_exceptions=False
    )
    return result.exit_code, result.output


def test_every_answer_is_reported_at_its_source(tmp_path: Path, server: tuple[str, str]) -> None:
    base, silent = server
    root = content_tree(tmp_path / "content", base, silent)
    code, out = _run(root)
    assert code == 1, out  # something is gone
    lines = out.splitlines()
    findings = {re.sub(r"^.*?:(\d+): ", r"\1: ", line) for line in lines[:-1]}
    sources = str(root / "sources.yaml")
    assert all(line.startswith(sources) or "ada.yaml" in line for line in lines[:-1])
    assert findings == {
        f"3: ok 200: {base}/ok (url of 'fine')",
        f"4: moved → {base}/ok: {base}/moved (archive of 'fine')",
        f"8: moved → {base}/ok: {base}/chain (url of 'redirected')",
        f"11: gone 404: {base}/gone (url of 'gone')",
        f"12: gone 410: {base}/removed (archive of 'gone')",
        f"15: error 500: {base}/broken (url of 'broken')",
        f"18: ok 200: {base}/no-head (url of 'no-head')",
        f"21: timeout: no answer within 1.5 s: {base}/slow (url of 'slow')",
        f"24: timeout: no answer within 1.5 s: {silent} (url of 'silent')",
        f"14: ok 200: {base}/ok (url of 'An inline source')",
    }
    assert lines[-1] == ("10 addresses checked: 3 ok, 2 moved, 2 gone, 1 error, 2 timeout")


def test_head_first_then_get_only_when_refused(tmp_path: Path, server: tuple[str, str]) -> None:
    base, _ = server
    _Handler.seen.clear()
    outcome = links.check_url(f"{base}/no-head", 2.0)
    assert outcome == links.Outcome("ok", 200)
    assert _Handler.seen == [("HEAD", "/no-head"), ("GET", "/no-head")]
    _Handler.seen.clear()
    assert links.check_url(f"{base}/gone", 2.0) == links.Outcome("gone", 404)
    assert _Handler.seen == [("HEAD", "/gone")]  # a 404 to HEAD is believed


def test_each_address_is_requested_once(tmp_path: Path, server: tuple[str, str]) -> None:
    base, _ = server
    root = content_tree(tmp_path / "content", base, "http://127.0.0.1:9/")
    asked: list[str] = []

    def fake(url: str, timeout: float) -> links.Outcome:
        asked.append(url)
        return links.Outcome("ok", 200)

    results = links.check_all(links.targets(check_content(root)), jobs=3, check=fake)
    assert len(results) == 10
    assert sorted(asked) == sorted(set(asked)) and len(asked) == 9  # /ok is cited twice


def test_closed_port_is_an_error_not_gone(tmp_path: Path) -> None:
    with socket_closed_port() as url:
        outcome = links.check_url(url, 1.0)
    assert outcome.status == "error" and "refused" in outcome.detail.lower()


def socket_closed_port():  # type: ignore[no-untyped-def]
    import contextlib
    import socket

    @contextlib.contextmanager
    def closed():  # type: ignore[no-untyped-def]
        s = socket.socket()
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
        s.close()
        yield f"http://127.0.0.1:{port}/"

    return closed()


def test_github_and_json_formats(tmp_path: Path, server: tuple[str, str]) -> None:
    base, silent = server
    root = content_tree(tmp_path / "content", base, silent)
    code, out = _run(root, "--format", "github", "--jobs", "4")
    assert code == 1
    lines = out.splitlines()
    assert len(lines) == 7  # everything but the three ok
    assert sum(line.startswith("::error ") for line in lines) == 2
    assert all(
        re.match(r"::(error|warning) file=[^,]+,line=\d+,title=link \w+::", x) for x in lines
    )
    code, out = _run(root, "--format", "json")
    data = json.loads(out)
    assert data["summary"] == {"ok": 3, "moved": 2, "gone": 2, "error": 1, "timeout": 2}
    moved = [x for x in data["links"] if x["status"] == "moved"]
    assert {x["final_url"] for x in moved} == {f"{base}/ok"}


def test_exit_zero_when_nothing_is_gone(tmp_path: Path, server: tuple[str, str]) -> None:
    base, _ = server
    root = tmp_path / "content"
    (root / "people").mkdir(parents=True)
    (root / "sources.yaml").write_text(f"a:\n  title: A\n  url: {base}/moved\n")
    code, out = _run(root)
    assert code == 0, out
    assert "moved → " in out


def test_build_never_checks_links(sample_project: object, monkeypatch: pytest.MonkeyPatch) -> None:
    from generator.build import generate

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the build made a network request")

    monkeypatch.setattr(links, "check_url", refuse)
    monkeypatch.setattr("urllib.request.urlopen", refuse)
    monkeypatch.setattr("urllib.request.OpenerDirector.open", refuse)
    generate(sample_project)  # type: ignore[arg-type]
