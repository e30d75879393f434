"""`[[id]]` and `[[id|text]]` mentions in Markdown, found outside code."""

from __future__ import annotations

import re
from collections.abc import Callable

from generator.limits import MAX_MENTION_LABEL_LENGTH

MENTION_RE = re.compile(
    r"\[\[([^\[\]|\n]{1,100})(?:\|([^\[\]\n]{1," + str(MAX_MENTION_LABEL_LENGTH) + r"}))?\]\]"
)
# Fenced blocks and code spans: mentions inside them are shown literally.
_CODE_RE = re.compile(r"^(```|~~~).*?^\1[ \t]*$|(`+)(?!`).+?(?<!`)\2(?!`)", re.M | re.S)


def replace_mentions(text: str, repl: Callable[[re.Match[str]], str]) -> str:
    """`MENTION_RE.sub(repl, text)`, skipping code spans and fenced code blocks."""
    out, last = [], 0
    for code in _CODE_RE.finditer(text):
        out.append(MENTION_RE.sub(repl, text[last : code.start()]))
        out.append(code.group())
        last = code.end()
    out.append(MENTION_RE.sub(repl, text[last:]))
    return "".join(out)


def find_mentions(text: str) -> list[re.Match[str]]:
    """Mentions outside code, for checking; offsets (`m.start()`) are into `text`."""
    found: list[re.Match[str]] = []
    last = 0
    for code in _CODE_RE.finditer(text):
        found.extend(MENTION_RE.finditer(text, last, code.start()))
        last = code.end()
    found.extend(MENTION_RE.finditer(text, last))
    return found
