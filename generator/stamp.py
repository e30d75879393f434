"""`timeline stamp`: bring content/changes.lock up to date with the events (changes.py).

The only writer of the file besides `rename` and `init`. It runs on content that checks
clean (every other error first), records each new or changed event with today's date
(SOURCE_DATE_EPOCH's day when set, else the clock's, in UTC) and drops the records of
removed events; with no file yet it creates one that dates each event as its feed entry
already did, so adopting it changes no feed. `--check` writes nothing and fails when
the file is missing or stale, for CI.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from generator.changes import lock_path, stamped, write_changes
from generator.check import check_content
from generator.content_files import Content, display_path, plural
from generator.dates import source_date_epoch
from generator.errors import ContentError, Location, Problem


@dataclass(slots=True)
class Stamped:
    """What `timeline stamp` did: the file, whether it was created, and the counts."""

    path: str
    created: bool
    today: dt.date
    content: Content
    counts: dict[str, int] = field(default_factory=dict)

    def lines(self) -> list[str]:
        if self.created:
            n = sum(self.counts.values())
            return [f"created {self.path}: {plural(n, 'event')}, each dated as its feed shows it"]
        changes = [plural(n, f"{what} event") for what, n in self.counts.items() if n]
        if not changes:
            return [f"{self.path} is up to date"]
        return [f"updated {self.path}: {', '.join(changes)} (dated {self.today.isoformat()})"]


def today() -> dt.date:
    """The day a change is stamped with: SOURCE_DATE_EPOCH's when set, else today (UTC)."""
    epoch = source_date_epoch()
    return (epoch or dt.datetime.now(dt.UTC)).date()


def stamp(content_dir: Path, nav: tuple[tuple[str, Location], ...] = ()) -> Stamped:
    """Write content/changes.lock for the content as it is; raise ContentError (nothing
    written) when the content has errors."""
    content = check_content(content_dir, nav=nav, stamped=False)
    file = lock_path(content.root)
    created = content.changes is None
    day = today()
    records, counts = stamped(content, day)
    write_changes(content.root, records)
    if created:
        counts = {"adopted": len(records)}
    return Stamped(display_path(file), created, day, content, counts)


def check_stamped(content_dir: Path, nav: tuple[tuple[str, Location], ...] = ()) -> Content:
    """`timeline stamp --check`: `check`'s problems (stale records among them), and a
    missing file is one too; nothing is written."""
    content = check_content(content_dir, nav=nav)
    if content.changes is None:
        path = display_path(lock_path(content.root))
        raise ContentError(
            [
                *content.problems,
                Problem(
                    Location(path),
                    "unstamped-change",
                    f"{path} does not exist: run `timeline stamp` and commit it, so feed "
                    "entries show when each event changed",
                ),
            ]
        )
    return content
