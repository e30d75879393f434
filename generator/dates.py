"""Partial dates: the EDTF level-0 forms plus the level-1 qualifiers `?`, `~` and `%`.

Why our own parser and not the `edtf` package: we accept only a small subset (YYYY,
YYYY-MM, YYYY-MM-DD, optionally qualified) and need precise, located error messages;
measured on 50,000 dates (benchmarks/dates.py) this parser is far faster than `edtf`,
whose grammar-based parser covers all EDTF levels we must reject anyway.
"""

from __future__ import annotations

import calendar
import datetime as dt
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from enum import IntEnum

_DATE_RE = re.compile(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?([?~%]?)")
#: Month abbreviations as pages show them (dates and the charts' axis labels).
MONTH_NAMES = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


class Precision(IntEnum):
    YEAR = 1
    MONTH = 2
    DAY = 3


class DateError(ValueError):
    """A string is not a valid partial date; the message says why."""


@dataclass(frozen=True, slots=True)
class PartialDate:
    """A calendar date known to a year, a month or a day, maybe uncertain or approximate.

    Ordering (see `sort_key`): by the earliest day the date can mean; on a tie the
    coarser date comes first ("2024" before "2024-01" before "2024-01-01"), then the
    certain before the qualified one. So a year-only event opens its year.
    """

    year: int
    month: int | None = None
    day: int | None = None
    uncertain: bool = False
    approximate: bool = False

    @classmethod
    def parse(cls, text: str) -> PartialDate:
        """Parse `YYYY[-MM[-DD]][?~%]`; raise DateError with a reason otherwise."""
        m = _DATE_RE.fullmatch(text)
        if m is None:
            raise DateError(
                f"'{text}' is not a valid date (use YYYY, YYYY-MM or YYYY-MM-DD, "
                "optionally followed by ?, ~ or %)"
            )
        year = int(m[1])
        month = int(m[2]) if m[2] else None
        day = int(m[3]) if m[3] else None
        if year == 0:
            raise DateError(f"'{text}' is not a valid date: there is no year 0000")
        if month is not None and not 1 <= month <= 12:
            raise DateError(f"'{text}' is not a valid date: month {m[2]} does not exist")
        if day is not None and month is not None:
            last = calendar.monthrange(year, month)[1]
            if not 1 <= day <= last:
                raise DateError(
                    f"'{text}' is not a valid date: {MONTH_NAMES[month - 1]} {year} has {last} days"
                )
        q = m[4]
        return cls(year, month, day, uncertain=q in ("?", "%"), approximate=q in ("~", "%"))

    @property
    def precision(self) -> Precision:
        if self.day is not None:
            return Precision.DAY
        return Precision.MONTH if self.month is not None else Precision.YEAR

    @property
    def qualifier(self) -> str:
        if self.uncertain and self.approximate:
            return "%"
        return "?" if self.uncertain else "~" if self.approximate else ""

    @property
    def qualified(self) -> bool:
        return self.uncertain or self.approximate

    def lower(self) -> dt.date:
        """The first day this date can mean."""
        return dt.date(self.year, self.month or 1, self.day or 1)

    def upper(self) -> dt.date:
        """The last day this date can mean."""
        if self.day is not None:
            return self.lower()
        month = self.month or 12
        return dt.date(self.year, month, calendar.monthrange(self.year, month)[1])

    def sort_key(self) -> tuple[int, int, int, int, int]:
        lo = self.lower()
        return (lo.year, lo.month, lo.day, int(self.precision), int(self.qualified))

    def __lt__(self, other: PartialDate) -> bool:
        return self.sort_key() < other.sort_key()

    def __str__(self) -> str:
        """The EDTF form, as an editor would write it."""
        text = f"{self.year:04d}"
        if self.month is not None:
            text += f"-{self.month:02d}"
        if self.day is not None:
            text += f"-{self.day:02d}"
        return text + self.qualifier

    def iso(self) -> str:
        """The date without its qualifier, at its precision (schema.org, feeds)."""
        return str(self).rstrip("?~%")

    def display(self) -> str:
        """Readable form: '2017', 'Feb 2024', '12 Feb 2024', 'c. 2017', 'Feb 2024?'."""
        if self.day is not None and self.month is not None:
            text = f"{self.day} {MONTH_NAMES[self.month - 1]} {self.year}"
        elif self.month is not None:
            text = f"{MONTH_NAMES[self.month - 1]} {self.year}"
        else:
            text = str(self.year)
        if self.approximate:
            text = "c. " + text
        if self.uncertain:
            text += "?"
        return text


def display_range(start: PartialDate, end: PartialDate | None, *, ongoing: str = "") -> str:
    """'2017 – 2022', 'Feb 2023 – present' (ongoing given), or the start alone."""
    if end is None:
        return f"{start.display()} – {ongoing}" if ongoing else start.display()
    if end == start:
        return start.display()
    return f"{start.display()} – {end.display()}"


def source_date_epoch(environ: Mapping[str, str] | None = None) -> dt.datetime | None:
    """SOURCE_DATE_EPOCH (reproducible builds) as a UTC time, or None when unset or not a
    number of seconds. The one place it is parsed; build reads it once and passes it on."""
    epoch = (os.environ if environ is None else environ).get("SOURCE_DATE_EPOCH", "").strip()
    return dt.datetime.fromtimestamp(int(epoch), dt.UTC) if epoch.isdigit() else None
