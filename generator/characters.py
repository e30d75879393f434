"""Which characters contributor text may hold: one definition, by Unicode property.

Invisible characters spoof names ("ada" and "ada\u2060" look alike) and direction
controls reorder what readers and reviewers see (Trojan Source). They are refused by
property, not by a list of favourite code points:

- general category Cf (format characters: zero-width joiners, U+061C, U+180E, U+FFF9-B
  interlinear annotation, tag characters U+E0000-E007F, ...),
- Bidi_Control (the embedding, override, isolate and mark characters),
- Default_Ignorable_Code_Point (what renderers may draw as nothing: U+034F, variation
  selectors, Hangul fillers U+115F, U+1160, U+3164, U+FFA0, ...).

Unicode derives the last two from the character database but Python's `unicodedata`
does not expose them, so they are spelled out below exactly as DerivedCoreProperties.txt
and PropList.txt (Unicode 15.1) give them.

Line breaks are normalised once, when a file is decoded (load.decode): CR LF and a lone
CR become LF, and every other line break (U+0085, U+2028, VT, FF, ...) is refused there,
so no two parsers of one file can disagree about where a line ends. NFC is applied at
the same place, to the whole file: text that differs only by normalisation is the same
text everywhere after it (ids are ASCII, so two ids can never differ that way).
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

#: Bidi_Control (PropList.txt).
BIDI_CONTROLS = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"

#: Default_Ignorable_Code_Point (DerivedCoreProperties.txt), as ranges.
DEFAULT_IGNORABLE = (
    "\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e"
    "\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff0-\ufff8"
    "\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0000-\U000e0fff"
)


def _format_ranges() -> str:
    """Every code point of general category Cf, as regex class ranges (planes 0, 1 and
    14 hold them all; the scan of those takes a few milliseconds, once per process)."""
    out, start, prev = [], -2, -2
    for cp in (*range(0x20000), *range(0xE0000, 0xE1000)):
        if unicodedata.category(chr(cp)) != "Cf":
            continue
        if cp != prev + 1:
            if start >= 0:
                out.append((start, prev))
            start = cp
        prev = cp
    out.append((start, prev))
    return "".join(re.escape(chr(a)) + ("-" + re.escape(chr(b)) if b > a else "") for a, b in out)


@cache
def _invisible_re() -> re.Pattern[str]:
    return re.compile(f"[{_format_ranges()}{BIDI_CONTROLS}{DEFAULT_IGNORABLE}]")


_BIDI_RE = re.compile(f"[{BIDI_CONTROLS}]")


def invisible_pattern() -> re.Pattern[str]:
    """The class of invisible and direction-changing characters, as a pattern."""
    return _invisible_re()


def invisible(text: str) -> re.Match[str] | None:
    """The first invisible or direction-changing character in `text` (see above).

    None of them is ASCII, and `str.isascii` is a flag lookup: most text is never
    scanned by the class of a few hundred ranges."""
    return None if text.isascii() else _invisible_re().search(text)


def direction_control(text: str) -> re.Match[str] | None:
    """The first bidi control in `text` (refused even in Markdown, where joiners are
    needed by some scripts and emoji)."""
    return None if text.isascii() else _BIDI_RE.search(text)


def describe(char: str) -> str:
    """`U+202E RIGHT-TO-LEFT OVERRIDE`, for messages."""
    name = unicodedata.name(char, "")
    return f"U+{ord(char):04X}" + (f" {name}" if name else "")
