"""The fragments' caches stay within their budget in memory, keep the rest on disk and never
change what is rendered."""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from markupsafe import Markup

from generator import event_html, fragments
from generator.bounded_cache import BoundedCache
from generator.build import generate
from generator.markup import MarkdownRenderer
from generator.model import Event
from generator.project import Project
from tests.conftest import REPO, make_project
from tests.helpers import read_tree


def test_keeps_the_most_recently_used_within_the_budget_and_the_rest_on_disk() -> None:
    cache: BoundedCache[str] = BoundedCache(10)
    cache.put("a", "aaaa")
    cache.put("b", "bbbb")
    assert cache.get("a") == "aaaa"  # now the most recently used
    cache.put("c", "cccc")  # 12 > 10: the least recently used ("b") goes to disk
    assert cache.size == 8 and len(cache) == 2 and cache.spilled_bytes == 4
    assert cache.get("b") == "bbbb" and cache.reads == 1  # read back, not lost
    assert len(cache) == 2 and cache.size <= 10  # and "a", now the oldest, went out
    for _ in range(3):
        assert (cache.get("a"), cache.get("b"), cache.get("c")) == ("aaaa", "bbbb", "cccc")
    assert cache.spilled_bytes == 12  # each text written once, however often it moves
    cache.put("a", "a")  # replacing an entry counts only its new text
    assert cache.get("a") == "a" and "zzz" not in cache and cache.get("zzz") is None
    cache.close()
    assert cache.get("b") is None and len(cache) == 0


def test_an_entry_larger_than_the_budget_is_kept_alone() -> None:
    cache: BoundedCache[str] = BoundedCache(3)
    cache.put("a", "aa")
    cache.put("big", "x" * 10)
    assert len(cache) == 1 and cache.get("big") == "x" * 10
    assert cache.get("a") == "aa"


def test_texts_come_back_as_they_went_in() -> None:
    """Any text, as UTF-8 on disk (a lone surrogate too), and of the cache's type."""
    cache: BoundedCache[Markup] = BoundedCache(1, Markup)
    texts = ["<p>café ’ \U0001f600</p>", "\ud800 lone", "", "x" * 100_000]
    for i, text in enumerate(texts):
        cache.put(i, Markup(text))
    for i, text in enumerate(texts):
        got = cache.get(i)
        assert got == text and isinstance(got, Markup)


def test_a_forked_process_keeps_its_own_scratch_file() -> None:
    """A child writes and reads its own file (the parent's offsets are not its own),
    and the parent's texts are unchanged by what the child wrote."""
    cache: BoundedCache[str] = BoundedCache(1)
    cache.put("p1", "parent one")
    cache.put("p2", "parent two")  # "p1" on disk
    reader, writer = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns into pytest
        ok = cache.get("p1") is None  # the parent's evicted entries are not the child's
        cache.put("c1", "child one")
        cache.put("c2", "child two")
        ok = ok and cache.get("c1") == "child one" and cache.get("p2") == "parent two"
        os.write(writer, b"1" if ok else b"0")
        os._exit(0)
    os.close(writer)
    assert os.read(reader, 1) == b"1"
    os.waitpid(pid, 0)
    cache.put("p3", "parent three")
    assert (cache.get("p1"), cache.get("p2")) == ("parent one", "parent two")


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


@pytest.mark.parametrize("budget", [fragments.BLOCK_CACHE_CHARS, 1])
def test_each_fragment_is_rendered_once_per_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, budget: int
) -> None:
    """However small the caches' memory, a build renders each event's export fragment
    (the feeds' entry), its TimelineJS slide, its linking and compact forms and each
    Markdown text once, though the default content shows most events in several feeds,
    TimelineJS files and pages (one process: a forked one renders its own outputs)."""
    project = make_project(tmp_path / "project", REPO / "content")
    monkeypatch.setattr(fragments, "BLOCK_CACHE_CHARS", budget)
    monkeypatch.setattr(fragments, "TEXT_CACHE_CHARS", budget)
    renders: Counter[tuple[str, ...]] = Counter()

    def counted(name: str, render: Callable[..., Any], form: Callable[..., str]) -> None:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            renders[(name, form(*args, **kwargs))] += 1
            return render(*args, **kwargs)

        monkeypatch.setattr(fragments, name, wrapper)

    def block_form(f: object, ev: Event, home: bool, **kw: Any) -> str:
        return f"{ev.key} {'home' if home else 'export' if kw.get('standalone') else 'link'}"

    counted("event_block", event_html.event_block, block_form)
    counted("slide_halves", event_html.slide_halves, lambda f, ev, anchor: ev.key)
    counted("compact_block", event_html.compact_block, lambda f, ev, line: ev.key)
    markdown = MarkdownRenderer.render
    texts: Counter[str] = Counter()

    def counted_markdown(self: MarkdownRenderer, text: str, link: Any) -> Any:
        texts[text] += 1
        return markdown(self, text, link)

    monkeypatch.setattr(MarkdownRenderer, "render", counted_markdown)
    report = generate(project, jobs=1)
    assert report.timeline is not None and report.write is not None
    events = report.timeline.events
    files = set(report.write.written)
    feeds = [p for p in files if p.endswith("feed.xml")]
    # the events worth keeping: in several feeds (the site's and each participant's)
    assert sum(len(ev.everyone) > 1 for ev in events) >= 5 and len(feeds) > 5
    assert {k for k, n in renders.items() if n > 1} == set()
    for form in ("home", "export"):
        assert {(name, key) for name, key in renders if key.endswith(form)} == {
            ("event_block", f"{ev.key} {form}") for ev in events
        }
    assert {key for name, key in renders if name == "slide_halves"} == {ev.key for ev in events}
    # Markdown: each text once, though events' texts are in pages, feeds and slides alike
    repeated = {text for text, n in texts.items() if n > 1}
    assert repeated == set(), repeated
