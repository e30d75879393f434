"""`timeline links`: check every source's `url` and `archive` over HTTP(S).

Never part of a build (builds use no network): editors run it by hand, and the optional
scheduled workflow (.github/workflows/links.yml) runs it weekly into a job summary.

Why the standard library (urllib + concurrent.futures) and not requests/httpx/aiohttp:
a link check needs one HEAD or GET per address, redirects followed and recorded, a
timeout and a bounded pool; urllib does all of it, so the check adds no dependency
to a tool whose build must work offline. Threads, not asyncio: the pool is small
(`--jobs`, default 8) and each request is dominated by waiting on the network.

Each address is requested once, however many sources cite it; the result is reported
at every place it is written (file:line of the source's `url` or `archive` field).
"""

from __future__ import annotations

import http.client
import json
import ssl
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

from generator.content_files import Content
from generator.content_models import Citation, InlineSource, SourceRecord
from generator.errors import Location
from generator.limits import MAX_LINK_CHECK_JOBS
from generator.load import ParsedFile

USER_AGENT = "timeline-links/1 (+https://github.com/; checks that cited sources still exist)"
#: HEAD refused with these: ask again with GET (we read only the status and headers).
HEAD_REFUSED = (405, 501)
GONE = (404, 410)
DEFAULT_TIMEOUT = 10.0
DEFAULT_JOBS = 8


@dataclass(frozen=True, slots=True)
class Target:
    """One address written in the content: where, and which field of which source."""

    url: str
    location: Location
    field: str  # "url" or "archive"
    source: str  # the source's id, or its title for an inline source


@dataclass(frozen=True, slots=True)
class Outcome:
    """What one address answered. `status` is ok, moved, gone, error or timeout."""

    status: str
    code: int | None = None
    final_url: str | None = None
    detail: str = ""

    def describe(self) -> str:
        if self.status == "moved":
            return f"moved → {self.final_url}"
        if self.status in ("ok", "gone") or (self.status == "error" and self.code):
            return f"{self.status} {self.code}"
        return f"{self.status}: {self.detail}" if self.detail else self.status


def targets(content: Content) -> list[Target]:
    """Every `url` and `archive` of every source, shared and inline, in file order."""
    out: list[Target] = []
    if content.sources_file is not None:
        for sid, rec in content.sources.items():
            out.extend(_record_targets(content.sources_file, (sid,), rec, sid))
    for ent in sorted(content.entities.values(), key=lambda e: e.parsed.path):
        src, m = ent.parsed, ent.model
        places: list[tuple[tuple[Any, ...], list[Any]]] = []
        for i, role in enumerate(getattr(m, "roles", [])):
            places.append((("roles", i, "sources"), role.sources))
        for i, ev in enumerate(m.events):
            places.append((("events", i, "sources"), ev.sources))
            for j, other in enumerate(ev.other_dates):
                places.append((("events", i, "other_dates", j, "sources"), other.sources))
        for path, items in places:
            for k, item in enumerate(items):
                if isinstance(item, InlineSource):
                    out.extend(_record_targets(src, (*path, k), item, item.title))
                elif isinstance(item, Citation | str):
                    continue
    return out


def _record_targets(
    src: ParsedFile, path: tuple[Any, ...], rec: SourceRecord | InlineSource, name: str
) -> Iterator[Target]:
    for field in ("url", "archive"):
        url = getattr(rec, field)
        if url and url.startswith(("http://", "https://")):
            yield Target(url, src.locate((*path, field)), field, name)


class _Redirects(urllib.request.HTTPRedirectHandler):
    """Follows redirects (HEAD stays HEAD) like urllib does; at most 10 hops."""

    max_redirections = 10


def _opener() -> urllib.request.OpenerDirector:
    return urllib.request.build_opener(_Redirects())


def check_url(url: str, timeout: float) -> Outcome:
    """HEAD the address (GET when HEAD is refused), following redirects."""
    opener = _opener()
    try:
        for method in ("HEAD", "GET"):
            request = urllib.request.Request(url, method=method, headers={"User-Agent": USER_AGENT})
            try:
                with opener.open(request, timeout=timeout) as response:
                    code, final = response.status, response.geturl()
            except urllib.error.HTTPError as exc:
                exc.close()
                if method == "HEAD" and exc.code in HEAD_REFUSED:
                    continue
                if exc.code in GONE:
                    return Outcome("gone", exc.code)
                return Outcome("error", exc.code, detail=str(exc.reason))
            if final != url:
                return Outcome("moved", code, final)
            return Outcome("ok", code)
        raise AssertionError("unreachable")  # pragma: no cover
    except TimeoutError:
        return Outcome("timeout", detail=f"no answer within {timeout:g} s")
    except urllib.error.URLError as exc:
        if isinstance(exc.reason, TimeoutError):
            return Outcome("timeout", detail=f"no answer within {timeout:g} s")
        return Outcome("error", detail=str(exc.reason))
    except (http.client.HTTPException, ssl.SSLError, OSError, ValueError) as exc:
        return Outcome(
            "error", detail=f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
        )


def check_all(
    items: list[Target],
    *,
    timeout: float = DEFAULT_TIMEOUT,
    jobs: int = DEFAULT_JOBS,
    check: Callable[[str, float], Outcome] = check_url,
) -> list[tuple[Target, Outcome]]:
    """Each target with its address's outcome; every distinct address requested once,
    at most `jobs` at a time."""
    unique = list(dict.fromkeys(t.url for t in items))
    with ThreadPoolExecutor(max_workers=max(1, min(jobs, MAX_LINK_CHECK_JOBS))) as pool:
        results = dict(zip(unique, pool.map(lambda u: check(u, timeout), unique), strict=True))
    return [(t, results[t.url]) for t in items]


def summary(results: list[tuple[Target, Outcome]]) -> dict[str, int]:
    counts = {"ok": 0, "moved": 0, "gone": 0, "error": 0, "timeout": 0}
    for _, outcome in results:
        counts[outcome.status] += 1
    return counts


def format_text(results: list[tuple[Target, Outcome]]) -> list[str]:
    lines = [
        f"{t.location.path}:{t.location.line}: {o.describe()}: {t.url} ({t.field} of '{t.source}')"
        for t, o in results
    ]
    counts = summary(results)
    lines.append(
        f"{len(results)} addresses checked: " + ", ".join(f"{n} {k}" for k, n in counts.items())
    )
    return lines


def _gh_escape(text: str, prop: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(",", "%2C").replace(":", "%3A") if prop else text


def format_github(results: list[tuple[Target, Outcome]]) -> list[str]:
    """Annotations for what needs an editor: gone is an error, the rest warnings."""
    lines = []
    for t, o in results:
        if o.status == "ok":
            continue
        level = "error" if o.status == "gone" else "warning"
        lines.append(
            f"::{level} file={_gh_escape(t.location.path, True)},line={t.location.line},"
            f"title=link {o.status}::{_gh_escape(f'{o.describe()}: {t.url} ({t.field})')}"
        )
    return lines


def format_json(results: list[tuple[Target, Outcome]]) -> str:
    return json.dumps(
        {
            "summary": summary(results),
            "links": [
                {
                    "path": t.location.path,
                    "line": t.location.line,
                    "field": t.field,
                    "source": t.source,
                    "url": t.url,
                    "status": o.status,
                    "code": o.code,
                    "final_url": o.final_url,
                    "detail": o.detail or None,
                }
                for t, o in results
            ],
        },
        indent=2,
        ensure_ascii=False,
    )
