"""robots.txt: generated beside the sitemap, naming it by its full address (subpath too)."""

from __future__ import annotations

from generator.build import robots_txt
from generator.project import Project


def test_robots_names_the_sitemap_under_a_subpath() -> None:
    text = robots_txt("https://example.github.io/repo")
    assert "\nSitemap: https://example.github.io/repo/sitemap.xml\n" in text
    assert "User-agent: *\nAllow: /\n" in text


def test_built_site_has_robots_txt_and_a_404_page(default_site: Project) -> None:
    site = default_site.site_dir
    robots = (site / "robots.txt").read_text(encoding="utf-8")
    assert robots.rstrip().endswith("Sitemap: http://127.0.0.1:8000/sitemap.xml")
    assert (site / "sitemap.xml").is_file()
    page = (site / "404.html").read_text(encoding="utf-8")
    for href in ("/people/", "/organizations/", "/timeline/"):
        assert f'href="{href}"' in page, href
    assert 'for="__search"' in page
