"""`[[id]]` and `[[id|text]]` mentions in Markdown (found outside code), and where they are."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

from generator.limits import MAX_MENTION_LABEL_LENGTH

MENTION_RE = re.compile(
    r"\[\[([^\[\]|\n]{1,100})(?:\|([^\[\]\n]{1," + str(MAX_MENTION_LABEL_LENGTH) + r"}))?\]\]"
)
_FENCE_RE = re.compile(r"^(```|~~~)", re.M)
_RUN_RE = re.compile(r"`+")


def code_ranges(text: str) -> list[tuple[int, int]]:
    """(start, end) of every fenced block and code span, where mentions stay literal.

    A linear scan (a backtracking pattern over backticks took 46 s on a 100 KB page):
    a fence runs to the next line starting with the same fence (or the end); a code
    span is a run of n backticks closed by the next run of exactly n (CommonMark), and
    an unclosed run is literal text.
    """
    if "`" not in text and "~~~" not in text:
        return []  # no fence, no code span
    ranges: list[tuple[int, int]] = []
    pos = 0
    for fence in _FENCE_RE.finditer(text):
        if fence.start() < pos:
            continue
        ranges += _spans(text, pos, fence.start())
        close = re.compile(rf"^{re.escape(fence[1])}[ \t]*$", re.M).search(text, fence.end())
        pos = close.end() if close else len(text)
        ranges.append((fence.start(), pos))
    ranges += _spans(text, pos, len(text))
    return ranges


def _spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    runs = [(m.start(), m.end()) for m in _RUN_RE.finditer(text, start, end)]
    by_length: dict[int, list[int]] = {}
    for i in range(len(runs) - 1, -1, -1):  # so each list pops in increasing order
        by_length.setdefault(runs[i][1] - runs[i][0], []).append(i)
    out, i = [], 0
    while i < len(runs):
        n = runs[i][1] - runs[i][0]
        later = by_length[n]
        while later and later[-1] <= i:
            later.pop()
        if later:
            j = later.pop()
            out.append((runs[i][0], runs[j][1]))
            i = j + 1
        else:
            i += 1
    return out


def replace_mentions(text: str, repl: Callable[[re.Match[str]], str]) -> str:
    """`MENTION_RE.sub(repl, text)`, skipping code spans and fenced code blocks."""
    out, last = [], 0
    for start, end in code_ranges(text):
        out.append(MENTION_RE.sub(repl, text[last:start]))
        out.append(text[start:end])
        last = end
    out.append(MENTION_RE.sub(repl, text[last:]))
    return "".join(out)


def find_mentions(text: str) -> list[re.Match[str]]:
    """Mentions outside code, for checking; offsets (`m.start()`) are into `text`."""
    if "[[" not in text:
        return []
    found: list[re.Match[str]] = []
    last = 0
    for start, end in code_ranges(text):
        found.extend(MENTION_RE.finditer(text, last, start))
        last = end
    found.extend(MENTION_RE.finditer(text, last))
    return found


def markdown_fields(data: dict[str, Any]) -> Iterator[tuple[tuple[Any, ...], str]]:
    """(path, text) of every Markdown field in an entity file's data (which may be a
    file that failed its schema: anything not shaped as expected is passed over)."""
    if isinstance(data.get("description"), str):
        yield ("description",), data["description"]
    events = data.get("events")
    for i, event in enumerate(events if isinstance(events, list) else []):
        if not isinstance(event, dict):
            continue
        if isinstance(event.get("description"), str):
            yield ("events", i, "description"), event["description"]
        others = event.get("other_dates")
        for j, other in enumerate(others if isinstance(others, list) else []):
            if isinstance(other, dict) and isinstance(other.get("note"), str):
                yield ("events", i, "other_dates", j, "note"), other["note"]
