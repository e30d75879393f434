"""`timeline serve`'s builder: dirty MkDocs rebuilds after an edit, with a whole search
index and the same HTML a full build gives."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from generator.build import generate, run_mkdocs
from generator.serve import SEARCH_INDEX, Builder
from tests.conftest import SAMPLE, make_project

pytestmark = pytest.mark.slow


def search_docs(site: Path) -> list[tuple[str, str, str]]:
    index = json.loads((site / SEARCH_INDEX).read_text(encoding="utf-8"))
    return sorted((d["location"], d["title"], d["text"]) for d in index["docs"])


def test_edit_rebuilds_few_pages_and_keeps_search_whole(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p", SAMPLE)
    site = tmp_path / "served"
    builder = Builder(project, site, "http://127.0.0.1:8000/")
    builder()
    before = {p: p.stat().st_mtime_ns for p in site.rglob("index.html")}
    time.sleep(0.05)
    path = project.content / "people" / "charles-babbage.yaml"
    path.write_text(path.read_text().replace("Designs the Analytical Engine", "Designs Engines"))
    builder()
    after = {p: p.stat().st_mtime_ns for p in site.rglob("index.html")}
    rebuilt = sorted(p.parent.relative_to(site).as_posix() for p in after if after[p] != before[p])
    assert "people/charles-babbage" in rebuilt
    assert "people/ada-lovelace" not in rebuilt  # shares no event with the edited one
    assert len(rebuilt) < len(after)
    assert "Designs Engines" in (site / "organizations/analytical-engines/index.html").read_text()
    # The search index is whole: the same entries a full build of the edited site has.
    full = tmp_path / "full"
    project_full = make_project(tmp_path / "f", project.content)
    generate(project_full)
    run_mkdocs(project_full, full)
    assert search_docs(site) == search_docs(full)
    # The edited event's own entry, at its permanent anchor, carries the new title.
    assert any("Designs Engines" in title for _, title, _ in search_docs(site))


def test_content_error_keeps_the_last_good_site(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = make_project(tmp_path / "p", SAMPLE)
    site = tmp_path / "served"
    builder = Builder(project, site, "http://127.0.0.1:8000/")
    builder()
    page = site / "people/ada-lovelace/index.html"
    good = page.read_bytes()
    (project.content / "people" / "broken.yaml").write_text("name: [\n")
    builder()
    assert page.read_bytes() == good
    captured = capsys.readouterr()
    assert "broken.yaml:2:1: error:" in captured.out and "last good site" in captured.err
    assert any("broken.yaml:2:1: error:" in line for line in builder.errors)  # the banner


def test_served_site_after_edits_equals_a_fresh_build(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """MkDocs kept alive between edits (live_site.LiveSite) builds only what changed, yet
    after any sequence of edits every served file is the one a clean build gives."""
    from benchmarks.corpus import generate_corpus
    from tests.helpers import read_tree
    from tests.test_incremental import age, edit

    corpus = tmp_path / "corpus"
    generate_corpus(corpus, entities=12, events=4, seed=3, pages=("exports",))
    project = make_project(tmp_path / "p", corpus)
    age(project)  # kept between edits, as when editing by hand
    site = tmp_path / "served"
    builder = Builder(project, site, "http://127.0.0.1:8000/")
    builder()
    edits = [(1, "title", 5), (2, "with", 7), (3, "summary", 1), (1, "unwith", 2)]
    edits += [(4, "role", 3), (5, "mention", 9), (6, "date", 4), (2, "drop", 0)]
    edits += [(7, "rename", 8)]
    updates = 0
    for which, change, value in edits:
        edit(project, which, change, value)
        builder()
        assert builder.errors == []
        updates += "updated in" in capsys.readouterr().err
    assert updates >= 5  # most edits rebuilt only some pages
    fresh = tmp_path / "fresh"
    project_fresh = make_project(tmp_path / "f", project.content)
    generate(project_fresh)
    run_mkdocs(project_fresh, fresh)
    served, clean = read_tree(site), read_tree(fresh)
    assert sorted(served) == sorted(clean)
    assert [p for p in served if served[p] != clean[p]] == []
