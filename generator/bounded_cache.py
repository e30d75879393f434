"""A cache of rendered text that holds at most a budget of characters, least recently
used first out.

Why: a fragment shown on several pages (an event on each participant's timeline, in
each of their feeds) is worth keeping until those pages are made, but a site-wide cache
grows with the site (about 0.5 GB of event HTML at 10,000 entities × 20 events). With a
budget, memory is bounded whatever the site's size; a fragment evicted too early is
rendered again, to the same text (fragments are pure functions of the Timeline).
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Hashable
from typing import Generic, TypeVar

V = TypeVar("V", bound=str)


class BoundedCache(Generic[V]):
    """key -> text, holding at most `budget` characters (and at least the newest entry)."""

    def __init__(self, budget: int):
        self.budget = budget
        self.size = 0
        self._items: OrderedDict[Hashable, V] = OrderedDict()

    def __len__(self) -> int:
        return len(self._items)

    def get(self, key: Hashable) -> V | None:
        value = self._items.get(key)
        if value is not None:
            self._items.move_to_end(key)
        return value

    def put(self, key: Hashable, value: V) -> V:
        """Keep `value` (evicting the least recently used beyond the budget); returns it."""
        old = self._items.pop(key, None)
        if old is not None:
            self.size -= len(old)
        self._items[key] = value
        self.size += len(value)
        while self.size > self.budget and len(self._items) > 1:
            _, dropped = self._items.popitem(last=False)
            self.size -= len(dropped)
        return value
