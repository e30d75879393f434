"""A cache of rendered text that holds at most a budget of characters in memory, least
recently used first out, and keeps what it evicts in a scratch file on disk.

Why: a fragment shown in several outputs (an event on each participant's timeline, in
each of their feeds and TimelineJS files) is worth rendering once, but the outputs that
share it are far apart in a site of thousands of entities linked at random, and a
site-wide cache in memory grows with the site (about 0.5 GB of event HTML at 10,000
entities × 20 events). Dropping the least recently used kept memory bounded but made
a large site render most fragments several times (an LRU cache thrashes once the site
outgrows it: feeds and TimelineJS files cost 16 times more at 10 times the content).
Here an evicted fragment is written once, as UTF-8, to an anonymous temporary file and
read back when it is asked for again: each fragment is rendered once per process, memory
holds the budget plus an index of where each evicted text is (a key and an integer),
and the disk holds the rest until the cache is closed or dropped.

A forked process (write.write_streams) inherits the cache: it starts its own scratch
file, keeping the in-memory entries but not the parent's evicted ones (the two would
otherwise write to one file at once).
"""

from __future__ import annotations

import os
import tempfile
import weakref
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

V = TypeVar("V", bound=str)

#: An evicted text's place in the scratch file: offset << _SHIFT | length in bytes.
_SHIFT = 40


class BoundedCache(Generic[V]):
    """key -> text, holding at most `budget` characters in memory (and at least the
    newest entry); evicted texts are kept on disk and come back through `make` (the
    value type, e.g. Markup)."""

    def __init__(self, budget: int, make: Callable[[str], V] = str):  # type: ignore[assignment]
        self.budget = budget
        self.size = 0
        self._make = make
        self._items: OrderedDict[Hashable, V] = OrderedDict()
        self._spilled: dict[Hashable, int] = {}
        self._fd: int | None = None
        self._closer: weakref.finalize | None = None  # closes the file when dropped
        self._end = 0
        _CACHES.add(self)
        #: Bytes written to disk and read back (for benchmarks and tests).
        self.spilled_bytes = 0
        self.reads = 0

    def __len__(self) -> int:
        """Entries in memory."""
        return len(self._items)

    def __contains__(self, key: Hashable) -> bool:
        return key in self._items or key in self._spilled

    def get(self, key: Hashable) -> V | None:
        value = self._items.get(key)
        if value is not None:
            self._items.move_to_end(key)
            return value
        place = self._spilled.get(key)
        if place is None:
            return None
        assert self._fd is not None
        data = os.pread(self._fd, place & ((1 << _SHIFT) - 1), place >> _SHIFT)
        self.reads += 1
        return self._keep(key, self._make(data.decode("utf-8", "surrogatepass")))

    def put(self, key: Hashable, value: V) -> V:
        """Keep `value` (moving the least recently used beyond the budget to disk);
        returns it."""
        old = self._items.pop(key, None)
        if old is not None:
            self.size -= len(old)
        self._spilled.pop(key, None)  # a new text for the key replaces the kept one
        return self._keep(key, value)

    def close(self) -> None:
        """Forget every entry and free the scratch file."""
        self._items.clear()
        self._spilled.clear()
        self.size = 0
        self._drop_file()

    def _keep(self, key: Hashable, value: V) -> V:
        self._items[key] = value
        self.size += len(value)
        while self.size > self.budget and len(self._items) > 1:
            dropped_key, dropped = self._items.popitem(last=False)
            self.size -= len(dropped)
            if dropped_key not in self._spilled:  # read back earlier: already on disk
                self._spill(dropped_key, dropped)
        return value

    def _forked(self) -> None:
        """In a process forked from the one that made the scratch file, start a new one:
        the parent's file and index are not this process's to write, read or close."""
        self._drop_file()  # this process's copy of the parent's descriptor
        self._spilled = {}

    def _drop_file(self) -> None:
        if self._closer is not None:
            self._closer()
        self._fd, self._closer, self._end = None, None, 0

    def _spill(self, key: Hashable, value: str) -> None:
        data = value.encode("utf-8", "surrogatepass")
        if self._fd is None:
            # Nameless once opened (nothing is left behind, even by a killed build), and
            # held for the cache's life: closed by `close` or when the cache is dropped.
            self._fd, name = tempfile.mkstemp(prefix="timeline-fragments-")
            os.unlink(name)
            self._closer = weakref.finalize(self, os.close, self._fd)
        os.pwrite(self._fd, data, self._end)
        self._spilled[key] = self._end << _SHIFT | len(data)
        self._end += len(data)
        self.spilled_bytes += len(data)


#: Every cache of this process, told when it forks.
_CACHES: weakref.WeakSet[BoundedCache[str]] = weakref.WeakSet()


def _after_fork() -> None:
    for cache in list(_CACHES):
        cache._forked()


if hasattr(os, "register_at_fork"):  # not on Windows, which cannot fork either
    os.register_at_fork(after_in_child=_after_fork)
