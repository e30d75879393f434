"""Atom feeds: parsed with feedparser, every entry leads to its event in the built site."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from urllib.parse import urlsplit

import feedparser
import pytest
from feedgen.feed import FeedGenerator

from generator import anchors, feeds, paths
from generator.check import check_content
from generator.fragments import Fragments
from generator.model import Timeline
from generator.model_builder import build_timeline
from generator.project import Project
from tests.conftest import REPO, SAMPLE

# Tests using a built site are marked slow by tests/conftest.py; the rest are fast.

_ALTERNATE_RE = re.compile(r'<link rel="alternate feed" type="application/atom\+xml"[^>]*>')
_HREF_RE = re.compile(r'href="([^"]*)"')


def timeline_of(project: Project) -> Timeline:
    return build_timeline(check_content(project.content))


def site_file(project: Project, absolute: str) -> tuple[Path, str]:
    """The built file an absolute site URL leads to, and its #anchor."""
    base = paths.site_base(project.site_url)
    assert absolute.startswith(base), f"{absolute} is not under {base}"
    parts = urlsplit(absolute[len(base) :])
    path = project.site_dir / parts.path
    if parts.path == "" or parts.path.endswith("/"):
        path = path / "index.html"
    return path, parts.fragment


def has_anchor(page: Path, anchor: str) -> bool:
    return f'id="{anchor}"' in page.read_text(encoding="utf-8")


def feed_paths(t: Timeline) -> dict[str, tuple]:
    """Feed path -> the events it should hold, oldest first."""
    out = {paths.SITE_FEED: t.events}
    for e in t.entities.values():
        out[paths.entity_feed(e.kind, e.id)] = t.timelines.get(e.id, ())
    return out


def test_every_feed_parses_with_required_fields(built: Project) -> None:
    t = timeline_of(built)
    base = paths.site_base(built.site_url)
    for rel, events in feed_paths(t).items():
        path = built.site_dir / rel
        assert path.is_file(), rel
        feed = feedparser.parse(path.read_bytes())
        assert not feed.bozo, (rel, feed.get("bozo_exception"))
        assert feed.version == "atom10"
        assert feed.feed.title and feed.feed.id == base + rel
        assert feed.feed.updated_parsed is not None
        assert feed.feed.author
        rels = {link.rel: link.href for link in feed.feed.links}
        assert rels["self"] == base + rel
        assert site_file(built, rels["alternate"])[0].is_file()
        assert len(feed.entries) == min(len(events), feeds.FEED_LIMIT)
        for entry in feed.entries:
            assert entry.id and entry.title and entry.link
            assert entry.updated_parsed and entry.published_parsed
            assert entry.content[0].type == "text/html" and entry.content[0].value


def test_entries_are_newest_first_and_name_their_event(built: Project) -> None:
    t = timeline_of(built)
    for rel, events in feed_paths(t).items():
        feed = feedparser.parse((built.site_dir / rel).read_bytes())
        expected = sorted(events, key=lambda ev: (ev.updated, ev.sort_key()), reverse=True)
        expected = expected[: feeds.FEED_LIMIT]
        assert [e.title for e in feed.entries] == [ev.title for ev in expected], rel
        updated = [e.updated_parsed for e in feed.entries]
        assert updated == sorted(updated, reverse=True), rel
        # Never before its newest entry (later when an entity's or role's correction is).
        assert not updated or feed.feed.updated_parsed >= updated[0], rel


def test_entry_links_resolve_to_the_event_anchor(built: Project) -> None:
    t = timeline_of(built)
    feed = feedparser.parse((built.site_dir / paths.SITE_FEED).read_bytes())
    by_link = {feeds.event_link(t, paths.site_base(built.site_url), ev): ev for ev in t.events}
    for entry in feed.entries:
        ev = by_link[entry.link]
        assert entry.id == entry.link
        page, anchor = site_file(built, entry.link)
        assert page.is_file(), entry.link
        assert anchor == ev.id and has_anchor(page, anchor), entry.link
        # Every link in the content leads into the site or out of it, never nowhere.
        for href in _HREF_RE.findall(entry.content[0].value):
            assert re.match(r"https?://", href), href
            if href.startswith(paths.site_base(built.site_url)):
                target, frag = site_file(built, href)
                assert target.is_file(), href
                assert not frag or has_anchor(target, frag), href


def test_content_carries_the_sources(sample_site: Project) -> None:
    t = timeline_of(sample_site)
    feed = feedparser.parse((sample_site.site_dir / "people/ada-lovelace/feed.xml").read_bytes())
    entry = next(e for e in feed.entries if e.link.endswith("#publishes-notes"))
    text = entry.content[0].value
    ev = next(ev for ev in t.events if ev.id == "publishes-notes")
    for cite in [*ev.cites, *ev.other_dates[0].cites]:
        assert cite.source.title in text
    assert "https://example.org/notes-1843" in text  # the source's own address
    assert "the engine might compose music" in text  # the quote
    assert "Aug 1843?" in text  # the other date
    assert [c.term for c in entry.tags] == ["publication"]


def test_feeds_are_advertised_in_every_page_head(built: Project) -> None:
    t = timeline_of(built)
    for page in sorted(built.site_dir.rglob("index.html")):
        text = page.read_text(encoding="utf-8")
        if 'http-equiv="refresh"' in text:
            continue  # a redirect page for a former id
        head = text.split("</head>", 1)[0]
        hrefs = [_HREF_RE.search(tag)[1] for tag in _ALTERNATE_RE.findall(head)]
        assert hrefs, page
        targets = {(page.parent / h).resolve() for h in hrefs}
        assert (built.site_dir / paths.SITE_FEED).resolve() in targets, page
        for target in targets:
            assert target.is_file(), (page, target)
    for e in t.entities.values():
        page = built.site_dir / paths.entity_url(e.kind, e.id) / "index.html"
        head = page.read_text(encoding="utf-8").split("</head>", 1)[0]
        hrefs = {_HREF_RE.search(tag)[1] for tag in _ALTERNATE_RE.findall(head)}
        assert "feed.xml" in hrefs, page  # its own feed, beside the page


def test_feed_updated_is_its_newest_entry_never_the_clock(
    sample_site: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Babbage's feed reports nothing corrected: its `updated` is its newest entry's,
    whatever SOURCE_DATE_EPOCH says (conftest sets it for the built site)."""
    path = paths.entity_feed("person", "charles-babbage")
    feed = feedparser.parse((sample_site.site_dir / path).read_bytes())
    updated = dt.datetime(*feed.feed.updated_parsed[:6], tzinfo=dt.UTC)
    assert updated == dt.datetime(1843, 9, 1, tzinfo=dt.UTC)
    assert feed.feed.updated_parsed == feed.entries[0].updated_parsed
    t = build_timeline(check_content(SAMPLE))
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    without = dict(feeds.feed_files(Fragments(t), "S", "https://example.org/"))
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "86400")
    assert dict(feeds.feed_files(Fragments(t), "S", "https://example.org/")) == without


def test_a_feed_without_entries_is_dated_by_the_newest_event() -> None:
    t = build_timeline(check_content(SAMPLE))
    assert feeds.site_updated(t) == dt.datetime(2024, 3, 3, tzinfo=dt.UTC)  # a correction
    assert feeds.newest_updated([], feeds.site_updated(t)) == feeds.site_updated(t)


def test_feeds_are_deterministic() -> None:
    t = build_timeline(check_content(REPO / "content"))
    first = dict(feeds.feed_files(Fragments(t), "Site", "https://example.org/x/"))
    second = dict(feeds.feed_files(Fragments(t), "Site", "https://example.org/x/"))
    assert first == second
    assert "https://example.org/x/feed.xml" in first[paths.SITE_FEED]


def test_feed_limit_keeps_the_newest(monkeypatch: pytest.MonkeyPatch) -> None:
    t = build_timeline(check_content(SAMPLE))
    monkeypatch.setattr(feeds, "FEED_LIMIT", 2)
    out = dict(feeds.feed_files(Fragments(t), "S", "https://example.org/"))
    feed = feedparser.parse(out[paths.SITE_FEED])
    newest = sorted(t.events, key=lambda ev: (ev.updated, ev.sort_key()), reverse=True)
    assert [e.title for e in feed.entries] == [ev.title for ev in newest[:2]]


def test_relative_links_in_descriptions_become_absolute() -> None:
    html = '<a href="../../about/#x">a</a> <a href="\ue000people/b/">b</a> <a href="https://e.org/">c</a>'
    out = anchors.absolutize(html, "https://s.org/r/", "https://s.org/r/people/a/")
    assert out == (
        '<a href="https://s.org/r/about/#x">a</a> <a href="https://s.org/r/people/b/">b</a> '
        '<a href="https://e.org/">c</a>'
    )


def test_kept_entries_make_the_document_feedgen_makes() -> None:
    """Each event's entry is serialized once and put into every feed listing it: each
    feed is byte for byte feedgen's document of its header and all its entries."""
    t = build_timeline(check_content(REPO / "content"))
    f, base = Fragments(t), "https://example.org/x/"
    when = dt.datetime(2024, 1, 2, tzinfo=dt.UTC)

    def header() -> FeedGenerator:
        return feeds.feed_header("S & <b>", "“sub”", base + "feed.xml", base, "S", when)

    timelines = [
        t.events[::-1],
        (),
        *(t.timelines.get(e.id, ())[::-1] for e in t.entities.values()),
    ]
    for events in timelines:
        whole = header()
        for ev in events:
            whole.add_entry(feeds.feed_entry(f, base, ev), order="append")
        assert feeds.atom_feed(header(), events, f, base) == whole.atom_str(pretty=True).decode()
