"""Real MkDocs builds of the sample: cross-links, anchors, footnotes, failure safety."""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner

from generator.build import build
from generator.cli import main
from generator.errors import BuildError, ContentError
from generator.project import Project
from tests.helpers import read_tree, tree_state

# Tests using a built site are marked slow by tests/conftest.py; the rest are fast.


def html(project: Project, url: str) -> str:
    return (project.site_dir / url / "index.html").read_text(encoding="utf-8")


def ids(page: str) -> set[str]:
    return set(re.findall(r'\sid="([^"]+)"', page))


def test_cross_links_both_ways(sample_site: Project) -> None:
    ada = html(sample_site, "people/ada-lovelace")
    org = html(sample_site, "organizations/analytical-engines")
    # Ada's own event carries its permanent anchor on her page ...
    assert 'id="publishes-notes"' in ada
    # ... and the organization's timeline shows it, linking back to that anchor.
    assert 'href="../../people/ada-lovelace/#publishes-notes"' in org
    assert 'id="ada-lovelace--publishes-notes"' in org
    # The organization's own event is on Ada's colleague's page and links back too.
    babbage = html(sample_site, "people/charles-babbage")
    assert 'href="../../organizations/analytical-engines/#workshop-opens"' in babbage
    # Ada's page links to the organization (mention and participants).
    assert 'href="../../organizations/analytical-engines/"' in ada


def test_roster_lists_people_from_their_roles(sample_site: Project) -> None:
    org = html(sample_site, "organizations/analytical-engines")
    assert "Ada Lovelace" in org and "Charles Babbage" in org
    assert "present" in org  # Babbage's role has no end


def test_footnotes_link_to_sources(sample_site: Project) -> None:
    ada = html(sample_site, "people/ada-lovelace")
    for number in re.findall(r'href="#(fn-\d+)"', ada):
        assert f'id="{number}"' in ada
    assert 'href="https://example.org/notes-1843"' in ada
    sources = html(sample_site, "sources")
    assert 'id="notes-1843"' in sources
    assert "Publishes her Notes on the engine" in sources


def test_every_internal_anchor_resolves(sample_site: Project) -> None:
    site = sample_site.site_dir
    for page in site.rglob("index.html"):
        text = page.read_text(encoding="utf-8")
        for href in re.findall(r'href="([^"]+)"', text):
            if href.startswith(("http:", "https:", "mailto:")) or href.startswith("data:"):
                continue
            target, _, anchor = href.partition("#")
            dest = (page.parent / target).resolve() if target else page
            if dest.is_dir():
                dest = dest / "index.html"
            assert dest.exists(), f"{page.relative_to(site)} links to missing {href}"
            if anchor and dest.suffix == ".html":
                assert anchor in ids(dest.read_text(encoding="utf-8")), (
                    f"{page.relative_to(site)} links to missing anchor {href}"
                )


def test_disputed_date_reads_as_disputed(sample_site: Project) -> None:
    ada = html(sample_site, "people/ada-lovelace")
    assert "Sources differ:" in ada
    assert "Aug 1843?" in ada and "Sep 1843" in ada


@pytest.mark.slow  # a real MkDocs build
def test_failed_build_leaves_site_untouched(sample_project: Project) -> None:
    build(sample_project)
    before = read_tree(sample_project.site_dir, hidden=True)
    (sample_project.content / "people" / "broken.yaml").write_text("name: [\n")
    with pytest.raises(ContentError):
        build(sample_project)
    assert read_tree(sample_project.site_dir, hidden=True) == before
    (sample_project.content / "people" / "broken.yaml").unlink()
    # A MkDocs warning (nav names a missing page) also keeps the old site.
    config = sample_project.config_file
    config.write_text(config.read_text() + "  - Missing: missing.md\n")
    with pytest.raises(BuildError, match=r"missing\.md"):
        build(sample_project)
    assert read_tree(sample_project.site_dir, hidden=True) == before
    assert not list(sample_project.root.glob(".site-*"))


@pytest.mark.slow  # a real MkDocs build
def test_build_is_reproducible(sample_project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    build(sample_project)
    first = read_tree(sample_project.site_dir, hidden=True)
    build(sample_project)
    assert read_tree(sample_project.site_dir, hidden=True) == first


@pytest.mark.slow  # two real MkDocs builds
def test_two_processes_build_the_same_bytes_as_one(
    sample_project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Rendering on two cores (pages here, feeds and exports in a forked process) gives
    the site and the generated Markdown of a one-process build, byte for byte."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    trees = []
    for jobs in (1, 2, 1):
        build(sample_project, jobs=jobs)
        docs = read_tree(sample_project.docs_dir, hidden=True)
        trees.append((docs, read_tree(sample_project.site_dir, hidden=True)))
    assert trees[0] == trees[1] == trees[2]
    assert any(path.endswith("feed.xml") for path in trees[1][0])  # the forked stream's


@pytest.mark.slow  # a real MkDocs build
def test_cli_build_prints_summary(sample_project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(sample_project.root)
    untouched = tree_state(sample_project.content)
    result = CliRunner().invoke(main, ["build"])
    assert result.exit_code == 0, result.output
    assert "2 people, 1 organization, 4 events" in result.output
    assert "written" in result.output and (sample_project.site_dir / "index.html").exists()
    # Nothing written into content/: the same paths, bytes and mtimes, folders included.
    assert tree_state(sample_project.content) == untouched


@pytest.mark.slow  # a real MkDocs build
def test_cli_build_content_error_has_no_traceback(
    sample_project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(sample_project.root)
    (sample_project.content / "people" / "x.yaml").write_text(
        "name: ok\nevents:\n  - date: 2023-02-29\n    title: t\n    sources: [notes-1843]\n"
    )
    result = CliRunner().invoke(main, ["build"])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert "x.yaml:3:11: error: events[0].date: '2023-02-29' is not a valid date" in result.output
