"""The editor schemas in a real client: yaml-language-server (the engine of VS Code's YAML
extension, npm, pinned in package.json) over the default content finds nothing, over a
file with mistakes says what is wrong in words, and shows a field's description and
example on hover.

The server is spoken to over stdio (JSON-RPC with Content-Length headers), as an editor
does; each file's `# yaml-language-server: $schema=` line picks its schema.
"""

from __future__ import annotations

import json
import queue
import shutil
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import REPO, require

pytestmark = pytest.mark.slow  # a Node process per test

SERVER = REPO / "node_modules" / "yaml-language-server" / "bin" / "yaml-language-server"
SETTINGS = {
    "yaml": {
        "validate": True,
        "hover": True,
        "completion": True,
        "format": {"enable": False},
        "schemaStore": {"enable": False},  # no network: only the files' own schemas
    }
}


class Client:
    """A minimal LSP client: requests with ids, notifications collected from a thread."""

    def __init__(self, proc: subprocess.Popen[bytes]):
        self.proc = proc
        self.inbox: queue.Queue[dict[str, Any]] = queue.Queue()
        self.next_id = 0
        self.diagnostics: dict[str, list[dict[str, Any]]] = {}
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        out = self.proc.stdout
        assert out is not None
        while True:
            length = 0
            while (line := out.readline()) not in (b"\r\n", b""):
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":")[1])
            if not line:
                return
            self.inbox.put(json.loads(out.read(length)))

    def send(self, message: dict[str, Any]) -> None:
        body = json.dumps({"jsonrpc": "2.0", **message}).encode()
        assert self.proc.stdin is not None
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n%s" % (len(body), body))
        self.proc.stdin.flush()

    def notify(self, method: str, params: dict[str, Any]) -> None:
        self.send({"method": method, "params": params})

    def request(self, method: str, params: dict[str, Any]) -> Any:
        self.next_id += 1
        self.send({"id": self.next_id, "method": method, "params": params})
        while True:
            message = self._take(60)
            if message.get("id") == self.next_id and "method" not in message:
                return message.get("result")

    def _take(self, timeout: float) -> dict[str, Any]:
        message = self.inbox.get(timeout=timeout)
        method = message.get("method")
        if method == "textDocument/publishDiagnostics":
            self.diagnostics[message["params"]["uri"]] = message["params"]["diagnostics"]
        elif method == "workspace/configuration" and "id" in message:
            items = message["params"]["items"]
            self.send({"id": message["id"], "result": [SETTINGS["yaml"]] * len(items)})
        elif "id" in message and method:  # other server requests (registrations)
            self.send({"id": message["id"], "result": None})
        return message

    def settle(self, uris: list[str], quiet: float = 2.0, limit: float = 120.0) -> None:
        """Read until every uri has diagnostics and the server has been quiet a while."""
        deadline = time.monotonic() + limit
        while time.monotonic() < deadline:
            try:
                self._take(quiet)
            except queue.Empty:
                if all(u in self.diagnostics for u in uris):
                    return
        raise AssertionError(f"no diagnostics for {set(uris) - set(self.diagnostics)}")


@pytest.fixture
def client() -> Iterator[Client]:
    node = shutil.which("node")
    require(node is not None, "Node.js is needed for yaml-language-server (apt-get install nodejs)")
    require(SERVER.is_file(), "node_modules/yaml-language-server is missing: run `npm ci`")
    proc = subprocess.Popen(
        [str(node), str(SERVER), "--stdio"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    )
    lsp = Client(proc)
    lsp.request(
        "initialize",
        {
            "processId": None,
            "rootUri": REPO.as_uri(),
            "capabilities": {
                "workspace": {"configuration": True},
                "textDocument": {"hover": {"contentFormat": ["markdown", "plaintext"]}},
            },
            "initializationOptions": SETTINGS,
        },
    )
    lsp.notify("initialized", {})
    lsp.notify("workspace/didChangeConfiguration", {"settings": SETTINGS})
    try:
        yield lsp
    finally:
        proc.kill()
        proc.wait()
        lsp.reader.join(10)
        for pipe in (proc.stdin, proc.stdout):
            if pipe is not None:
                pipe.close()


def _open(client: Client, file: Path, text: str | None = None) -> str:
    uri = file.as_uri()
    client.notify(
        "textDocument/didOpen",
        {
            "textDocument": {
                "uri": uri,
                "languageId": "yaml",
                "version": 1,
                "text": file.read_text(encoding="utf-8") if text is None else text,
            }
        },
    )
    return uri


def test_the_default_content_has_no_diagnostics(client: Client) -> None:
    files = [*sorted((REPO / "content").glob("*/*.yaml")), REPO / "content" / "sources.yaml"]
    uris = [_open(client, f) for f in files]
    client.settle(uris)
    found = {u: d for u, d in client.diagnostics.items() if d}
    assert not found, json.dumps(found, indent=1)


MISTAKES = """\
# yaml-language-server: $schema=../../schema/person.schema.json
name: Rosa Quintero
born: last spring
wikidata: X42
links:
  - {title: Website, url: example.org}
events:
  - date: 2024-02-15
    title: Reports on Karpathy
    with: [Andrej Karpathy]
    sources: [{title: Herald}]
"""


def test_mistakes_are_reported_in_words_not_patterns(client: Client) -> None:
    file = REPO / "content" / "people" / "rosa-quintero.yaml"  # opened, never written
    uri = _open(client, file, MISTAKES)
    client.settle([uri])
    messages = {(d["range"]["start"]["line"] + 1, d["message"]) for d in client.diagnostics[uri]}
    lines = {line for line, _ in messages}
    assert {3, 4, 6, 10} <= lines, messages
    text = " ".join(m for _, m in messages)
    assert "Not a date: write YYYY, YYYY-MM or YYYY-MM-DD" in text
    assert "Not a Wikidata id: write Q followed by digits" in text
    assert "Not an address: write a full https://" in text
    assert "Not an id: lowercase letters a-z, digits and single hyphens" in text
    assert "does not match the pattern" not in text
    assert "[0-9]" not in text


def test_hover_shows_what_a_field_holds_with_an_example(client: Client) -> None:
    file = REPO / "content" / "people" / "rosa-quintero.yaml"
    uri = _open(client, file, MISTAKES)
    client.settle([uri])
    hover = client.request(
        "textDocument/hover",
        {"textDocument": {"uri": uri}, "position": {"line": 9, "character": 5}},
    )
    assert hover, "no hover for `with`"
    shown = json.dumps(hover["contents"])
    assert "Ids of the other people and organizations taking part" in shown
    assert "with: [openai, sam-altman]" in shown
