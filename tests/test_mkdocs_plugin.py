"""Our MkDocs plugin: the site is the same without it, and search holds what readers need."""

from __future__ import annotations

import json
import re
from pathlib import Path
from types import SimpleNamespace

import pytest
from mkdocs.config import load_config
from mkdocs.utils import meta

from generator import paths
from generator.build import run_mkdocs
from generator.check import check_content
from generator.mkdocs_headings import BODY_MARK
from generator.mkdocs_plugin import TimelinePlugin
from generator.model_builder import build_timeline
from generator.paths import FRAGMENT_START
from generator.project import Project, find_project
from tests.conftest import REPO, make_project
from tests.helpers import read_tree

pytestmark = pytest.mark.slow


def _without_plugin(project: Project) -> Project:
    """The same project with `- timeline` taken out of mkdocs.yml's plugins."""
    config = project.config_file.read_text(encoding="utf-8")
    stripped = re.sub(r"(?m)^  - timeline\n", "", config)
    assert stripped != config, "mkdocs.yml no longer lists our plugin"
    project.config_file.write_text(stripped, encoding="utf-8")
    return find_project(project.root)


def _index(site: Path) -> list[dict[str, str]]:
    return json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]


@pytest.fixture(scope="module")
def both(tmp_path_factory: pytest.TempPathFactory) -> tuple[Project, Path, Path]:
    """The default content built with the plugin (`timeline build`) and, from the same
    generated Markdown, by plain MkDocs with the plugin removed from mkdocs.yml."""
    from generator.build import build

    project = make_project(tmp_path_factory.mktemp("plugin") / "project", REPO / "content")
    build(project)
    plain = tmp_path_factory.mktemp("plain") / "site"
    run_mkdocs(_without_plugin(project), plain)
    return project, project.site_dir, plain


def test_every_page_is_byte_identical_without_the_plugin(both: tuple[Project, Path, Path]) -> None:
    _, with_plugin, plain = both
    a, b = read_tree(with_plugin, hidden=True), read_tree(plain, hidden=True)
    search = "search/search_index.json"
    assert sorted(a) == sorted(b)
    different = [rel for rel in a if rel != search and a[rel] != b[rel]]
    assert different == []
    pages = [rel for rel in a if rel.endswith(".html")]
    assert len(pages) > 30
    # The fragments really were carried past Markdown and put back.
    # (A page that is the home of events: others show only compact lines of theirs.)
    entity = (with_plugin / "people/andrej-karpathy/index.html").read_text("utf-8")
    assert '<li class="tl-event"' in entity and "<!--tl:" not in entity


def test_generated_pages_have_their_headings_carried_too(both: tuple[Project, Path, Path]) -> None:
    """The identical pages above are built with the headings past Markdown as well
    (mkdocs_headings), not only the fragments: the generated pages have its shape."""
    project, _, _ = both
    plugin = TimelinePlugin()
    plugin.on_config(load_config(str(project.config_file)))
    generated = [
        p for p in project.docs_dir.rglob("*.md") if FRAGMENT_START in p.read_text("utf-8")
    ]
    assert len(generated) > 30
    for path in generated:
        markdown, _ = meta.get_data(path.read_text("utf-8"))
        page = SimpleNamespace()
        converted = plugin.on_page_markdown(markdown, page=page, config=None, files=None)
        assert converted is not None and converted.endswith(BODY_MARK + "\n"), path


def test_search_has_one_entry_per_entity_and_event(both: tuple[Project, Path, Path]) -> None:
    project, site, _ = both
    t = build_timeline(check_content(project.content))
    docs = _index(site)
    locations = [d["location"] for d in docs]
    assert len(locations) == len(set(locations)), "an entry is doubled"
    by_location = {d["location"]: d for d in docs}
    for e in t.entities.values():
        entry = by_location[paths.entity_url(e.kind, e.id)]
        assert entry["title"] == e.name.replace("&", "&amp;")
        for alias in e.aliases:
            assert alias in entry["text"]
    for ev in t.events:
        home = t.entities[ev.home]
        entry = by_location[f"{paths.entity_url(home.kind, home.id)}#{ev.id}"]
        assert entry["title"] and ev.date.display() in entry["text"]
        for who in ev.everyone:
            assert t.entities[who].name.replace("&", "&amp;") in entry["text"]
    # Year and tag pages are left out (every event is already in, at its anchor) ...
    assert not [loc for loc in locations if loc.startswith(("timeline/1", "timeline/2"))]
    assert not [loc for loc in locations if loc.startswith("tags/") and loc != "tags/"]
    # ... and so are the charts' text and the "Timeline" year headings of entity pages.
    for d in docs:
        assert "<svg" not in d["text"] and "tl-chart" not in d["text"]
    entity_sections = [
        loc for loc in locations if loc.startswith("people/") and "#" in loc and "--" in loc
    ]
    assert entity_sections == []
    # Hand-written pages keep Material's own entries, section by section.
    assert "about/" in by_location and any(loc.startswith("about/#") for loc in locations)


def test_without_the_plugin_search_still_finds_every_page(both: tuple[Project, Path, Path]) -> None:
    project, _, plain = both
    t = build_timeline(check_content(project.content))
    locations = {d["location"].split("#", 1)[0] for d in _index(plain)}
    for e in t.entities.values():
        assert paths.entity_url(e.kind, e.id) in locations
