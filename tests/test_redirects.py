"""Renames never break links: a former id's URL leads to the new page; check names it."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import html5lib
import pytest

from generator import paths, redirects
from generator.check import check_content
from generator.errors import ContentError
from generator.model_builder import build_timeline
from generator.project import Project
from tests.conftest import SAMPLE

# Tests using a built site are marked slow by tests/conftest.py; the rest are fast.

_REFRESH_RE = re.compile(r"^0; url=(.+)$")
_SCRIPT_RE = re.compile(r'^location\.replace\("([^"]+)" \+ location\.hash\)$')


def parse(text: str):
    parser = html5lib.HTMLParser(
        tree=html5lib.getTreeBuilder("etree"), namespaceHTMLElements=False, strict=False
    )
    root = parser.parse(text)
    return root, parser.errors


def redirect_targets(page: Path) -> dict[str, str]:
    """What the page points at: canonical, meta refresh, script and link."""
    root, errors = parse(page.read_text(encoding="utf-8"))
    assert not errors, errors
    head = root.find("head")
    canonical = head.find("link[@rel='canonical']").get("href")
    refresh = head.find("meta[@http-equiv='refresh']").get("content")
    script = head.find("script").text
    return {
        "canonical": canonical,
        "refresh": _REFRESH_RE.match(refresh)[1],
        "script": _SCRIPT_RE.match(script)[1],
        "link": root.find("body//a").get("href"),
    }


def test_former_id_url_leads_to_the_new_page(sample_site: Project) -> None:
    old_page = sample_site.site_dir / "people/ada-byron/index.html"
    new_page = sample_site.site_dir / "people/ada-lovelace/index.html"
    assert old_page.is_file() and new_page.is_file()
    targets = redirect_targets(old_page)
    base = paths.site_base(sample_site.site_url)
    assert targets["canonical"] == base + "people/ada-lovelace/"
    old_url = base + "people/ada-byron/"
    for kind in ("refresh", "script", "link"):
        target = urljoin(old_url, targets[kind])
        assert target == base + "people/ada-lovelace/", kind
        rel = urlsplit(target).path[len(urlsplit(base).path) :]
        assert (sample_site.site_dir / rel / "index.html") == new_page


def test_redirect_works_under_a_subpath() -> None:
    t = build_timeline(check_content(SAMPLE))
    files = redirects.redirect_files(t, "https://user.github.io/repo/")
    page = files["people/ada-byron/index.html"]
    refresh = re.search(r'content="0; url=([^"]+)"', page)[1]
    assert not refresh.startswith(("/", "http"))  # relative: no assumption about the root
    old = "https://user.github.io/repo/people/ada-byron/"
    assert urljoin(old, refresh) == "https://user.github.io/repo/people/ada-lovelace/"
    assert '<link rel="canonical" href="https://user.github.io/repo/people/ada-lovelace/">' in page


def test_redirects_stay_out_of_the_sitemap_and_search(sample_site: Project) -> None:
    sitemap = (sample_site.site_dir / "sitemap.xml").read_text(encoding="utf-8")
    assert "ada-byron" not in sitemap
    assert "ada-byron" not in (sample_site.site_dir / "search/search_index.json").read_text(
        encoding="utf-8"
    )
    assert 'name="robots" content="noindex"' in (
        sample_site.site_dir / "people/ada-byron/index.html"
    ).read_text(encoding="utf-8")


def test_one_redirect_per_former_id_in_the_right_folder() -> None:
    t = build_timeline(check_content(SAMPLE))
    assert dict(t.former_ids) == {"ada-byron": "ada-lovelace"}
    assert list(redirects.redirect_files(t, "")) == ["people/ada-byron/index.html"]


def test_organization_former_id(sample_project: Project) -> None:
    org = sample_project.content / "organizations/analytical-engines.yaml"
    org.write_text(
        org.read_text(encoding="utf-8").replace(
            "founded: 1834\n", "founded: 1834\nformer_ids: [engine-works]\n"
        ),
        encoding="utf-8",
    )
    t = build_timeline(check_content(sample_project.content))
    files = redirects.redirect_files(t, "https://e.org/")
    page = files["organizations/engine-works/index.html"]
    assert 'url=../../organizations/analytical-engines/"' in page
    assert "Analytical Engines Ltd" in page


def test_redirect_page_escapes_the_name() -> None:
    page = redirects.redirect_page('A <b> & "C"', "../../people/a/", "https://e.org/people/a/")
    assert "<b>" not in page and "&lt;b&gt; &amp; &quot;C&quot;" in page
    _, errors = parse(page)
    assert not errors


def test_check_names_the_new_id_for_a_former_one(sample_project: Project) -> None:
    babbage = sample_project.content / "people/charles-babbage.yaml"
    text = babbage.read_text(encoding="utf-8")
    text = text.replace("summary: Designed", "description: Met [[ada-byron]].\nsummary: Designed")
    text = text.replace("with: [analytical-engines]", "with: [analytical-engines, ada-byron]")
    babbage.write_text(text, encoding="utf-8")
    with pytest.raises(ContentError) as info:
        check_content(sample_project.content)
    problems = info.value.problems
    messages = [p.message for p in problems]
    assert {p.code for p in problems} == {"former-id", "unknown-mention"}, messages
    assert any("'ada-byron' was renamed; use 'ada-lovelace'" in m for m in messages), messages
    assert any("[[ada-byron]]" in m and "renamed to 'ada-lovelace'" in m for m in messages)
