"""The fragments' caches stay within their budget and never change what is rendered."""

from __future__ import annotations

import pytest

from generator import fragments
from generator.bounded_cache import BoundedCache
from generator.build import generate
from generator.project import Project
from tests.helpers import read_tree


def test_keeps_the_most_recently_used_within_the_budget() -> None:
    cache: BoundedCache[str] = BoundedCache(10)
    cache.put("a", "aaaa")
    cache.put("b", "bbbb")
    assert cache.get("a") == "aaaa"  # now the most recently used
    cache.put("c", "cccc")  # 12 > 10: the least recently used ("b") goes
    assert (cache.get("a"), cache.get("b"), cache.get("c")) == ("aaaa", None, "cccc")
    assert cache.size == 8 and len(cache) == 2
    cache.put("a", "a")  # replacing an entry counts only its new text
    assert cache.size == 5


def test_an_entry_larger_than_the_budget_is_kept_alone() -> None:
    cache: BoundedCache[str] = BoundedCache(3)
    cache.put("a", "aa")
    cache.put("big", "x" * 10)
    assert len(cache) == 1 and cache.get("big") == "x" * 10


def test_a_tiny_budget_renders_the_same_files(
    sample_project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every fragment evicted at once and rendered again gives the same bytes."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    generate(sample_project, jobs=1)
    whole = read_tree(sample_project.docs_dir, hidden=True)
    monkeypatch.setattr(fragments, "BLOCK_CACHE_CHARS", 1)
    monkeypatch.setattr(fragments, "TEXT_CACHE_CHARS", 1)
    generate(sample_project, jobs=1)
    assert read_tree(sample_project.docs_dir, hidden=True) == whole
