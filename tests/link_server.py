"""A local HTTP server on 127.0.0.1 answering every way `timeline links` must handle.

Used by tests/test_link_check.py; `python -m tests.link_server CONTENT` writes a content
tree citing each of its addresses and prints the port (to try the command by hand).
"""

from __future__ import annotations

import contextlib
import socket
import sys
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

#: How long /slow waits before answering (tests use a much shorter --timeout).
SLOW_SECONDS = 5.0


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    seen: ClassVar[list[tuple[str, str]]] = []

    def log_message(self, format: str, *args: object) -> None:
        pass

    def _answer(self, code: int, headers: dict[str, str] | None = None) -> None:
        self.send_response(code)
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        body = b"" if self.command == "HEAD" else b"ok\n"
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if body:
            self.wfile.write(body)

    def _route(self) -> None:
        type(self).seen.append((self.command, self.path))
        path = self.path
        if path == "/ok":
            self._answer(200)
        elif path == "/moved":
            self._answer(301, {"Location": "/ok"})
        elif path == "/chain":
            self._answer(302, {"Location": "/moved"})
        elif path == "/gone":
            self._answer(404)
        elif path == "/removed":
            self._answer(410)
        elif path == "/broken":
            self._answer(500)
        elif path == "/no-head":
            self._answer(405 if self.command == "HEAD" else 200, {"Allow": "GET"})
        elif path == "/slow":
            time.sleep(SLOW_SECONDS)
            self._answer(200)
        else:
            self._answer(404)

    do_HEAD = _route
    do_GET = _route


@contextlib.contextmanager
def link_server() -> Iterator[tuple[str, str]]:
    """(base URL of the answering server, URL of a port that accepts but never answers)."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    # A listening socket nobody accepts from: the connection is made (the kernel queues
    # it) but no byte ever comes back, like a server that hangs.
    silent = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    silent.bind(("127.0.0.1", 0))
    silent.listen(8)
    try:
        yield (
            f"http://127.0.0.1:{server.server_address[1]}",
            f"http://127.0.0.1:{silent.getsockname()[1]}/",
        )
    finally:
        server.shutdown()
        server.server_close()
        silent.close()


def content_tree(root: Path, base: str, silent: str) -> Path:
    """A content folder whose sources cite every answer of the server."""
    people = root / "people"
    people.mkdir(parents=True, exist_ok=True)
    (root / "sources.yaml").write_text(
        "\n".join(
            [
                "fine:",
                "  title: A page that answers",
                f"  url: {base}/ok",
                f"  archive: {base}/moved",
                "  accessed: 2024-03-01",
                "redirected:",
                "  title: A page that moved twice",
                f"  url: {base}/chain",
                "gone:",
                "  title: A deleted page",
                f"  url: {base}/gone",
                f"  archive: {base}/removed",
                "broken:",
                "  title: A failing server",
                f"  url: {base}/broken",
                "no-head:",
                "  title: A server refusing HEAD",
                f"  url: {base}/no-head",
                "slow:",
                "  title: A slow server",
                f"  url: {base}/slow",
                "silent:",
                "  title: A server that never answers",
                f"  url: {silent}",
                "",
            ]
        ),
        encoding="utf-8",
    )
    (people / "ada.yaml").write_text(
        "\n".join(
            [
                "name: Ada",
                "events:",
                "  - date: 1843",
                "    title: Publishes",
                "    sources:",
                "      - fine",
                "      - redirected",
                "      - gone",
                "      - broken",
                "      - no-head",
                "      - slow",
                "      - silent",
                "      - title: An inline source",
                f"        url: {base}/ok",
                "",
            ]
        ),
        encoding="utf-8",
    )
    return root


if __name__ == "__main__":
    with link_server() as (base, silent):
        target = content_tree(Path(sys.argv[1]), base, silent)
        print(f"serving {base}; content in {target}; Ctrl-C to stop", flush=True)
        with contextlib.suppress(KeyboardInterrupt):
            while True:
                time.sleep(1)
