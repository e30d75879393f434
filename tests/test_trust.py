"""Content format version 2 on the sample: archived sources, corrections (issue 17).

Built from tests/data/sample: what readers see on pages, in feeds and in the exports.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from xml.etree import ElementTree

import feedparser
import pytest

from generator import feeds, jsonld, paths
from generator.build import generate
from generator.check import check_content
from generator.fragments import Fragments
from generator.model_builder import build_timeline
from generator.project import Project
from tests.conftest import SAMPLE
from tests.helpers import check_ok, write_files

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(scope="module")
def docs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from tests.conftest import make_project

    project = make_project(tmp_path_factory.mktemp("trust") / "project", SAMPLE)
    generate(project)
    return project.docs_dir


def test_archive_and_accessed_everywhere_a_source_appears(docs: Path) -> None:
    archive = "https://web.archive.org/web/20240301000000/https://example.org/notes-1843"
    for rel in (
        "people/ada-lovelace.md",
        "sources/index.md",
        "organizations/analytical-engines.md",
    ):
        text = (docs / rel).read_text(encoding="utf-8")
        assert (
            f'<a href="{archive}" rel="nofollow noopener noreferrer ugc">archived copy</a>' in text
        )
        assert 'accessed <time datetime="2024-03-01">1 Mar 2024</time>' in text, rel
    feed = (docs / "people/ada-lovelace/feed.xml").read_text(encoding="utf-8")
    assert "archived copy" in feed and 'accessed &lt;time datetime="2024-03-01"' in feed
    tl = json.loads((docs / paths.TIMELINEJS_SITE).read_text(encoding="utf-8"))
    texts = " ".join(e["text"]["text"] for e in tl["events"])
    assert archive in texts and 'accessed <time datetime="2024-02">Feb 2024</time>' in texts
    data = json.loads((docs / paths.DATA_EXPORT).read_text(encoding="utf-8"))
    notes = next(s for s in data["sources"] if s["id"] == "notes-1843")
    assert notes["archive"] == archive and notes["accessed"]["edtf"] == "2024-03-01"


def test_jsonld_cites_sources_with_archived_at() -> None:
    t = build_timeline(check_content(SAMPLE))
    ld = jsonld.profile_jsonld(t, "S", "https://example.org/", t.entities["ada-lovelace"])
    cited = {c["name"]: c for c in ld["citation"]}
    notes = cited["Notes on the Analytical Engine"]
    assert notes["archivedAt"].startswith("https://web.archive.org/")
    assert notes["url"] == "https://example.org/notes-1843"
    assert "archivedAt" not in cited["Letter on the Analytical Engine"]


def test_corrections_shown_at_the_item(docs: Path) -> None:
    ada = (docs / "people/ada-lovelace.md").read_text(encoding="utf-8")
    event = ada[ada.index('id="1852-dies-in-london"') :]
    event = event[: event.index("</li>\n</ol>")]
    assert (
        '<strong>Corrected <time datetime="2024-03-03">3 Mar 2024</time>:</strong> '
        "This event first gave Paris as the place of death." in event
    )
    role = ada[ada.index('id="role-0"') :].split("</tr>", 1)[0]
    assert 'Corrected <time datetime="2024-03-05">5 Mar 2024</time>' in role
    org = (docs / "organizations/analytical-engines.md").read_text(encoding="utf-8")
    head = org[org.index('<div class="tl-head">') : org.index("</div>")]
    assert 'Corrected <time datetime="2024-01-20">20 Jan 2024</time>' in head


def test_corrections_page_newest_first_with_its_feed(docs: Path) -> None:
    page = (docs / "corrections/index.md").read_text(encoding="utf-8")
    dates = re.findall(r'<li id="c-(\d{4}-\d\d-\d\d)-[0-9a-f]{8}">', page)
    assert dates == ["2024-03-05", "2024-03-03", "2024-01-20"]
    assert 'timeline_feed: "corrections/feed.xml"' in page
    assert '<a href="../people/ada-lovelace/#1852-dies-in-london">Dies in London</a>' in page
    feed = ElementTree.fromstring((docs / paths.CORRECTIONS_FEED).read_bytes())
    entries = feed.findall(f"{ATOM}entry")
    assert [e.find(f"{ATOM}updated").text[:10] for e in entries] == dates
    links = [e.find(f"{ATOM}link").get("href") for e in entries]
    assert links[1] == "http://127.0.0.1:8000/people/ada-lovelace/#1852-dies-in-london"
    ids = [e.find(f"{ATOM}id").text for e in entries]
    assert all(i.startswith("http://127.0.0.1:8000/corrections/#c-") for i in ids)


def test_feed_entry_updated_is_the_latest_correction(docs: Path) -> None:
    feed = ElementTree.fromstring((docs / "people/ada-lovelace/feed.xml").read_bytes())
    by_link = {
        e.find(f"{ATOM}link").get("href").rsplit("#", 1)[1]: e for e in feed.findall(f"{ATOM}entry")
    }
    died = by_link["1852-dies-in-london"]
    assert died.find(f"{ATOM}published").text.startswith("1852-01-01")
    assert died.find(f"{ATOM}updated").text.startswith("2024-03-03")
    notes = by_link["publishes-notes"]
    assert notes.find(f"{ATOM}updated").text.startswith("1843-09-01")  # never corrected
    assert (
        'Corrected <time datetime="2024-03-03">3 Mar 2024</time>:'
        in died.find(f"{ATOM}content").text
    )


def test_corrections_in_the_dataset(docs: Path) -> None:
    data = json.loads((docs / paths.DATA_EXPORT).read_text(encoding="utf-8"))
    assert data["version"] == 2
    org = next(e for e in data["entities"] if e["id"] == "analytical-engines")
    assert org["corrections"] == [
        {
            "date": "2024-01-20",
            "note": "The summary first called the workshop real; it is a fixture.",
            "sources": [],
        }
    ]
    role = next(r for r in data["roles"] if r["person"] == "ada-lovelace")
    assert role["corrections"][0]["sources"] == [
        {"source": "notes-1843", "quote": None, "note": None}
    ]
    died = next(e for e in data["events"] if e["id"] == "1852-dies-in-london")
    assert died["corrections"][0]["date"] == "2024-03-03"


def test_version_1_content_needs_no_new_field(tmp_path: Path, sample_project: Project) -> None:
    """A version-1 file (no archive, accessed, corrections) checks and builds as before."""
    t = build_timeline(check_content(SAMPLE))
    babbage = t.entities["charles-babbage"]
    assert babbage.corrections == ()
    assert all(not r.corrections for r in t.roles["charles-babbage"])


def _feed_updated(document: str) -> dt.datetime:
    parsed = feedparser.parse(document)
    assert not parsed.bozo, parsed.bozo_exception
    return dt.datetime(*parsed.feed.updated_parsed[:6], tzinfo=dt.UTC)


def test_an_entitys_corrections_update_its_feed() -> None:
    """Each feed's `updated` is at least the newest correction of what it reports: the
    entity's own (the organization, 2024-01-20), its roles' (Ada's role, 2024-03-05, on
    both her page and the organization's roster) and its events' (2024-03-03)."""
    t = build_timeline(check_content(SAMPLE))
    day = lambda s: dt.datetime.fromisoformat(s).replace(tzinfo=dt.UTC)  # noqa: E731
    out = dict(feeds.feed_files(Fragments(t), "S", "https://example.org/"))
    got = {path: _feed_updated(doc) for path, doc in out.items()}
    assert got[paths.entity_feed("person", "ada-lovelace")] == day("2024-03-05")
    assert got[paths.entity_feed("organization", "analytical-engines")] == day("2024-03-05")
    assert got[paths.SITE_FEED] == day("2024-03-03")  # its events' corrections only
    assert got[paths.CORRECTIONS_FEED] == day("2024-03-05")
    # Babbage's feed reports no corrected item: its newest entry's date.
    assert got[paths.entity_feed("person", "charles-babbage")] == day("1843-09-01")


def test_an_entity_correction_alone_moves_its_feed(tmp_path: Path) -> None:
    """A correction of the entity itself (no event or role corrected) moves its feed."""
    root = write_files(
        tmp_path / "content",
        {
            "people/ada.yaml": """\
                name: Ada
                corrections:
                  - {date: 2025-06-07, note: The name was misspelt.}
                events:
                  - {date: 1843, title: Publishes, sources: [{title: Notes}]}
                """,
            "people/bob.yaml": "name: Bob\n",
        },
    )
    t = build_timeline(check_ok(root))
    out = dict(feeds.feed_files(Fragments(t), "S", "https://example.org/"))
    assert _feed_updated(out[paths.entity_feed("person", "ada")]) == dt.datetime(
        2025, 6, 7, tzinfo=dt.UTC
    )
    assert _feed_updated(out[paths.entity_feed("person", "bob")]) == dt.datetime(
        1843, 1, 1, tzinfo=dt.UTC
    )


def test_sources_cited_only_by_corrections_are_backlinked(tmp_path: Path) -> None:
    """/sources/ lists every correction a source supports: here the only citations of
    `erratum` (an entity's, a role's and an event's correction) and an inline source."""
    from tests.conftest import make_project

    content = write_files(
        tmp_path / "content",
        {
            "sources.yaml": "erratum: {title: The erratum}\nnotes: {title: The notes}\n",
            "organizations/works.yaml": "name: Works\n",
            "people/ada.yaml": """\
                name: Ada
                corrections:
                  - {date: 2024-01-02, note: Name fixed., sources: [erratum]}
                roles:
                  - organization: works
                    title: Clerk
                    start: 1840
                    sources: [notes]
                    corrections:
                      - {date: 2024-01-03, note: Start fixed., sources: [erratum]}
                events:
                  - date: 1843
                    title: Publishes
                    sources: [notes]
                    corrections:
                      - date: 2024-01-04
                        note: Year fixed.
                        sources: [erratum, {title: A later letter}]
                """,
        },
    )
    (content / "pages").mkdir()
    for page in ("about", "exports", "contributing"):  # the pages mkdocs.yml's nav names
        (content / "pages" / f"{page}.md").write_text(f"# {page.title()}\n", encoding="utf-8")
    t = build_timeline(check_ok(content))
    assert [c.kind for c in t.correction_citations["erratum"]] == ["event", "role", "entity"]
    assert "notes" not in t.correction_citations
    project = make_project(tmp_path / "project", content)
    generate(project)
    page = (project.docs_dir / "sources/index.md").read_text(encoding="utf-8")
    erratum = page[page.index('<dt id="erratum">') :].split("</dd>", 1)[0]
    assert "Not cited yet" not in erratum
    for anchor, item in (("1843-publishes", "Publishes"), ("role-0", "Ada, Clerk at Works")):
        assert f'<a href="../people/ada/#{anchor}">{item}</a>' in erratum
    assert '<a href="../people/ada/">Ada</a>' in erratum
    ids = [c.id for c in t.correction_citations["erratum"]]
    assert all(f'href="../corrections/#{i}"' in erratum for i in ids)
    inline = next(k for k in t.correction_citations if k.startswith("inline--"))
    letter = page[page.index(f'<dt id="{inline}">') :].split("</dd>", 1)[0]
    assert letter.count("Correction of") == 1
