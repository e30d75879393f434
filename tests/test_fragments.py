"""One renderer per thing: pages, feeds and TimelineJS show the same event fragment."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import feedparser

from generator import feeds, timelinejs
from generator.anchors import ROOT, event_anchor
from generator.fragments import Fragments, first_sentence, plain_text
from generator.model_builder import build_timeline
from generator.render import Footnotes
from tests.helpers import check_ok, write_files

TODAY = dt.date(2023, 11, 14)  # SOURCE_DATE_EPOCH=1700000000, as conftest sets it

TWO_NOTES = {
    "people/ada.yaml": """\
        name: Ada
        events:
          - id: printed
            date: 1843-09
            title: Notes printed
            description: The *notes* appear.
            with: [bab]
            sources: [{title: Journal}]
            other_dates:
              - date: 1843-08
                sources: [{title: Biography one}]
                note: First note, from the first biography.
              - date: 1843-07
                sources: [{title: Biography two}]
                note: Second note, from the second biography.
    """,
    "people/bab.yaml": "name: Bab\n",
}


def two_notes(tmp_path: Path) -> Fragments:
    return Fragments(build_timeline(check_ok(write_files(tmp_path / "content", TWO_NOTES))))


def test_two_other_date_notes_each_appear_once_everywhere(tmp_path: Path) -> None:
    """Regression: feeds numbered the notes' cache keys from 1, pages from 0, so the feed
    and TimelineJS showed the second note twice and the first never."""
    f = two_notes(tmp_path)
    ev = f.t.events[0]
    home, linking = str(f.event(ev, "ada")), str(f.event(ev))
    # The page fragments first (they fill the Markdown cache), then the exports.
    feed = dict(feeds.feed_files(f, "S", "https://e.org/"))["people/ada/feed.xml"]
    content = feedparser.parse(feed).entries[0].content[0].value
    tl = timelinejs.timelinejs_document(f, "S", "https://e.org/", f.t.entities["bab"], today=TODAY)
    assert tl is not None
    tl_text = tl["events"][0]["text"]["text"]
    for html in (home, linking, content, tl_text):
        assert html.count("First note, from the first biography.") == 1, html
        assert html.count("Second note, from the second biography.") == 1, html


def test_feed_and_timelinejs_use_the_page_fragment(tmp_path: Path) -> None:
    f = two_notes(tmp_path)
    ev = f.t.events[0]
    export = str(f.event_export(ev, "https://e.org/"))
    page = str(f.event(ev))
    # The same fragment: the linking form (year and tag pages), its ids dropped and its
    # links made absolute.
    assert plain_text(export) == plain_text(page)
    assert ' id="' not in export and ROOT not in export
    # its source marks lead to the sources' entries on /sources/ (its own list has no ids)
    assert f'href="https://e.org/sources/#{ev.cites[0].source.key}">a</a>' in export
    assert 'href="https://e.org/people/bab/"' in export
    tl = timelinejs.timelinejs_document(f, "S", "https://e.org/", today=TODAY)
    slide = str(f.slide_export(ev, "https://e.org/", None))
    assert tl is not None and tl["events"][0]["text"]["text"].startswith(slide)
    # the slide is the same fragment less its date and title, which TimelineJS shows
    assert "tl-event__date" not in slide and "tl-event__title" not in slide
    assert plain_text(slide) in plain_text(export)


def test_a_participants_page_shows_the_event_compactly(tmp_path: Path) -> None:
    """Away from its home page an event is date, title linking home, the description's
    first sentence and who: its sources and notes are on its home page, not repeated."""
    f = two_notes(tmp_path)
    ev = f.t.events[0]
    compact = str(f.event(ev, "bab"))
    assert 'href="\ue000people/ada/#printed"' in compact
    assert plain_text(compact).startswith("Sep 1843 Notes printed The notes appear.")
    for absent in ("Journal", "Biography one", "First note", "tl-ref", "headerlink"):
        assert absent not in compact
    home = str(f.event(ev, "ada"))
    # at home the title is text, with a permanent-link mark, not a link to itself
    assert '<p class="tl-event__title">Notes printed<sup' in home
    assert '<a class="headerlink" href="#printed" title="Permanent link">' in home


def test_first_sentence_cuts_at_a_sentence_or_a_space() -> None:
    assert first_sentence("One two. Three four.") == "One two."
    assert first_sentence("It cost $3.5 million. Then") == "It cost $3.5 million."
    long = "word &amp; " * 40
    cut = first_sentence(long)
    assert cut.endswith("…") and len(cut) <= 161 and "&amp;…" not in cut.replace(" ", "")[:-1]


def test_home_events_cite_into_the_pages_sources(tmp_path: Path) -> None:
    """On its home page an event's marks are numbers into the page's Sources (one
    scheme per page) and a citation's note shows under that event only."""
    f = two_notes(tmp_path)
    ev = f.t.events[0]
    page = Footnotes()
    home = str(f.event(ev, "ada", page))
    assert [n.source.title for n in page.notes] == ["Journal", "Biography one", "Biography two"]
    assert 'href="#fn-1">[1]</a>' in home and "tl-event__sources" not in home
    # its own list (a, b, …) is for pages without one: year and tag pages, feeds
    assert 'href="#ada--printed__s1">a</a>' in str(f.event(ev))


def test_anchors_are_the_events_id_at_home_and_prefixed_elsewhere(tmp_path: Path) -> None:
    f = two_notes(tmp_path)
    ev = f.t.events[0]
    assert event_anchor(ev, "ada") == "printed"
    assert event_anchor(ev, "bab") == event_anchor(ev, None) == "ada--printed"
    assert f'id="{event_anchor(ev, "bab")}"' in f.event(ev, "bab")
    assert f'id="{event_anchor(ev, None)}"' in f.event(ev)
    assert 'id="printed__s1"' in f.event(ev, "ada")


def test_search_entries_hold_what_a_reader_searches_for(tmp_path: Path) -> None:
    f = two_notes(tmp_path)
    ev = f.t.events[0]
    entry = f.event_search(ev)
    assert entry == {
        "anchor": "#printed",
        "title": "Notes printed",
        "text": "Sep 1843 · Ada, Bab · The notes appear.",
    }
    ada = f.t.entities["ada"]
    assert f.entity_search(ada) == {"anchor": "", "title": "Ada", "text": "", "boost": 4}


def test_search_entries_are_escaped_html(tmp_path: Path) -> None:
    content = {
        "people/x.yaml": """\
            name: X
            aliases: ["a & b"]
            summary: 'Writes "bold" claims & more'
            events:
              - date: 2020
                title: "Fish & chips"
                description: "Use `<script>` here"
                sources: [{title: S}]
        """
    }
    f = Fragments(build_timeline(check_ok(write_files(tmp_path / "content", content))))
    entity = f.entity_search(f.t.entities["x"])
    assert entity["text"] == "a &amp; b · Writes &quot;bold&quot; claims &amp; more"
    event = f.event_search(f.t.events[0])
    assert event["title"] == "Fish &amp; chips"
    assert "&lt;script&gt;" in event["text"] and "<script>" not in event["text"]
    json.dumps(event)
