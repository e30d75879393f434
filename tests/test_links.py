"""Link check over the built site: every internal link and #anchor resolves.

A crawler over the built files rather than over HTTP (LinkChecker, run as root, drops
privileges and then cannot read root-only temporary folders). Every HTML page is parsed
with html5lib; every URL-bearing attribute (href, src, srcset, poster, data, SVG
href/xlink:href, <meta http-equiv=refresh>) is resolved against the page's own URL the
way a browser would, then mapped onto the built files:

- `dir/` must have `dir/index.html`; `dir` (no slash) must be a file or a folder with
  an index.html (the server redirects it);
- `#anchor` must be an id on the target page (or `<a name>`); `#` and `#top` are the top;
- absolute URLs under the site's own `site_url` (canonical links, the sitemap) are
  internal and checked the same way;
- other `http(s):`, `mailto:` and `tel:` URLs are external: counted, never fetched.

Besides the HTML pages, the search index (its `location`s are the links search results
open) and every `.xml` file (sitemap, feeds: any URL under `site_url`) are checked too.
"""

from __future__ import annotations

import json
import posixpath
import re
import shutil
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit
from xml.etree import ElementTree

import html5lib
import pytest

from generator.build import build
from generator.project import Project
from tests.conftest import REPO, make_project

# Tests using a built site are marked slow by tests/conftest.py; the rest are fast.

#: The origin pages are resolved against; never contacted.
ORIGIN = "http://site.invalid/"
EXTERNAL_SCHEMES = {"http", "https", "mailto", "tel"}
#: Attributes holding one URL, on any element (HTML and SVG).
URL_ATTRIBUTES = {
    "href",
    "src",
    "poster",
    "data",
    "action",
    "formaction",
    "cite",
    "{http://www.w3.org/1999/xlink}href",
}
SVG = "{http://www.w3.org/2000/svg}"
_REFRESH_URL = re.compile(r"url\s*=\s*['\"]?([^'\"]+)", re.IGNORECASE)


@dataclass(slots=True)
class Ref:
    """One URL found on a page: where it was found and what it says."""

    page: str  # site-relative file path of the page, e.g. people/ada/index.html
    where: str  # element and attribute, e.g. a[href]
    url: str


@dataclass(slots=True)
class Report:
    pages: int = 0
    internal: int = 0
    external: int = 0
    anchors: int = 0
    broken: list[str] = field(default_factory=list)
    external_hosts: Counter[str] = field(default_factory=Counter)

    @property
    def checked(self) -> int:
        return self.internal + self.external


def _tag(element: ElementTree.Element) -> str:
    tag = element.tag if isinstance(element.tag, str) else ""
    return tag.removeprefix(SVG).rpartition("}")[2]


def parse_page(text: str) -> ElementTree.Element:
    return html5lib.parse(text, treebuilder="etree", namespaceHTMLElements=False)


def page_targets(root: ElementTree.Element) -> set[str]:
    """Fragments a page can be scrolled to: every id, and the name of every <a name>."""
    found = set()
    for el in root.iter():
        if el.get("id"):
            found.add(el.get("id"))
        if _tag(el) == "a" and el.get("name"):
            found.add(el.get("name"))
    return found


def page_refs(page: str, root: ElementTree.Element) -> list[Ref]:
    refs: list[Ref] = []
    for el in root.iter():
        tag = _tag(el)
        for attr in URL_ATTRIBUTES:
            value = el.get(attr)
            if value is None:
                continue
            if tag == "object" and attr != "data":
                continue
            refs.append(Ref(page, f"{tag}[{attr.rpartition('}')[2]}]", value.strip()))
        for attr in ("srcset", "imagesrcset"):
            if el.get(attr):
                for candidate in el.get(attr).split(","):
                    if candidate.strip():
                        refs.append(Ref(page, f"{tag}[{attr}]", candidate.split()[0]))
        if tag == "meta" and (el.get("http-equiv") or "").lower() == "refresh":
            m = _REFRESH_URL.search(el.get("content") or "")
            if m:
                refs.append(Ref(page, "meta[refresh]", m[1].strip()))
    return refs


class Site:
    """The built files, with the fragments of every HTML page parsed on demand."""

    def __init__(self, root: Path, site_url: str):
        self.root = root
        self.site_url = site_url if site_url.endswith("/") else site_url + "/"
        self._targets: dict[str, set[str]] = {}
        self._roots: dict[str, ElementTree.Element] = {}

    def html_pages(self) -> list[str]:
        return sorted(p.relative_to(self.root).as_posix() for p in self.root.rglob("*.html"))

    def tree(self, page: str) -> ElementTree.Element:
        if page not in self._roots:
            text = (self.root / page).read_text(encoding="utf-8")
            self._roots[page] = parse_page(text)
        return self._roots[page]

    def targets(self, page: str) -> set[str]:
        if page not in self._targets:
            self._targets[page] = page_targets(self.tree(page))
        return self._targets[page]

    def internal_path(self, absolute: str) -> str | None:
        """`absolute` as a path under ORIGIN when it points into the site, else None."""
        if absolute.startswith(ORIGIN):
            return absolute
        if self.site_url and absolute.startswith(self.site_url):
            return ORIGIN + absolute[len(self.site_url) :]
        return None

    def file_for(self, url: str) -> str | None:
        """The built file a site URL (under ORIGIN) serves, or None when nothing does."""
        path = unquote(urlsplit(url).path).lstrip("/")
        normal = posixpath.normpath(path) if path else ""
        if normal.startswith("..") or normal.startswith("/"):
            return None  # above the site root
        if normal == ".":
            normal = ""
        candidates = (
            [posixpath.join(normal, "index.html")]
            if not path or path.endswith("/")
            else [normal, posixpath.join(normal, "index.html")]
        )
        for rel in candidates:
            if (self.root / rel).is_file():
                return rel
        return None

    def check(self, ref: Ref, base: str, report: Report) -> None:
        url = ref.url
        if not url or url.startswith("data:"):
            report.internal += not url  # an empty href is the page itself
            return
        absolute = urljoin(base, url)
        internal = self.internal_path(absolute)
        if internal is None:
            scheme = urlsplit(absolute).scheme.lower()
            if scheme in EXTERNAL_SCHEMES:
                report.external += 1
                report.external_hosts[urlsplit(absolute).hostname or scheme] += 1
            else:
                report.broken.append(f"{ref.page}: {ref.where} {url!r}: unsupported scheme")
            return
        report.internal += 1
        target = self.file_for(internal)
        if target is None:
            report.broken.append(f"{ref.page}: {ref.where} {url!r}: no such file")
            return
        fragment = unquote(urlsplit(internal).fragment)
        if not fragment or fragment == "top":
            return
        report.anchors += 1
        if not target.endswith(".html"):
            report.broken.append(f"{ref.page}: {ref.where} {url!r}: anchor on a non-HTML file")
        elif fragment not in self.targets(target):
            report.broken.append(f"{ref.page}: {ref.where} {url!r}: no id {fragment!r} there")


def check_site(root: Path, site_url: str = "") -> Report:
    """Check every link in the built site at `root`; nothing is fetched."""
    site = Site(root, site_url)
    report = Report()
    for page in site.html_pages():
        report.pages += 1
        base = ORIGIN + page
        tree = site.tree(page)
        for b in tree.iter("base"):
            if b.get("href"):
                base = urljoin(base, b.get("href"))
                break
        for ref in page_refs(page, tree):
            site.check(ref, base, report)
    _check_search_index(site, report)
    _check_xml(site, report)
    return report


def _check_search_index(site: Site, report: Report) -> None:
    """Search results link to `location`s relative to the site root."""
    index = site.root / "search" / "search_index.json"
    if not index.is_file():
        return
    for doc in json.loads(index.read_text(encoding="utf-8")).get("docs", []):
        site.check(Ref("search/search_index.json", "location", doc["location"]), ORIGIN, report)


def _check_xml(site: Site, report: Report) -> None:
    """Sitemaps and feeds: every URL under site_url in them must resolve."""
    if not site.site_url:
        return
    pattern = re.compile(re.escape(site.site_url) + r"[^\s<>\"']*")
    for path in sorted(site.root.rglob("*.xml")):
        rel = path.relative_to(site.root).as_posix()
        for url in pattern.findall(path.read_text(encoding="utf-8")):
            site.check(Ref(rel, "url", url.replace("&amp;", "&")), ORIGIN, report)


def site_url_of(project: Project) -> str:
    """The site_url MkDocs built with (mkdocs.yml reads it from the environment)."""
    from mkdocs.config import load_config

    return load_config(str(project.config_file)).site_url or ""


def _report_line(capsys: pytest.CaptureFixture[str], line: str) -> None:
    """Show a count in the test run's output, even when output is captured."""
    with capsys.disabled():
        print(f"\n{line}")


# -- the built default site ----------------------------------------------------------------


def test_every_internal_link_and_anchor_resolves(
    default_site: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    report = check_site(default_site.site_dir, site_url_of(default_site))
    assert not report.broken, "broken links:\n  " + "\n  ".join(report.broken)
    assert report.pages >= 10, "the default site should have its pages"
    assert report.internal > report.pages, "every page links to others"
    assert report.anchors > 0, "event and footnote anchors should be checked"
    assert report.external > 0, "source links are external (counted, not fetched)"
    _report_line(
        capsys,
        f"link check: {report.pages} pages, {report.checked} links "
        f"({report.internal} internal, {report.anchors} with anchors; "
        f"{report.external} external, not fetched)",
    )


def test_sample_site_links_resolve(sample_site: Project) -> None:
    report = check_site(sample_site.site_dir, site_url_of(sample_site))
    assert not report.broken, "broken links:\n  " + "\n  ".join(report.broken)
    assert report.pages > 0 and report.internal > 0


@pytest.mark.slow  # a real MkDocs build
def test_catches_a_broken_page_link_and_a_broken_anchor(tmp_path: Path) -> None:
    """A real build of the default content with bad links injected into a template copy."""
    project = make_project(tmp_path / "project", REPO / "content")
    clean = check_site_after_build(project)
    assert not clean.broken
    person = sorted((project.content / "people").glob("*.yaml"))[0].stem
    home = project.templates / "home.md.j2"
    home.write_text(
        home.read_text(encoding="utf-8")
        + '\n<p class="injected">'
        + '<a href="{{ root }}people/no-such-person/">missing page</a> '
        + f'<a href="{{{{ root }}}}people/{person}/#no-such-event">missing anchor</a> '
        + '<a href="#no-such-heading">missing anchor here</a> '
        + f'<a href="{{{{ root }}}}people/{person}/#fn-1">good anchor</a>'
        + "</p>\n",
        encoding="utf-8",
    )
    report = check_site_after_build(project)
    assert sorted(report.broken) == [
        "index.html: a[href] '#no-such-heading': no id 'no-such-heading' there",
        f"index.html: a[href] './people/{person}/#no-such-event': no id 'no-such-event' there",
        "index.html: a[href] './people/no-such-person/': no such file",
    ]
    assert report.checked == clean.checked + 4


def check_site_after_build(project: Project) -> Report:
    build(project)
    return check_site(project.site_dir, site_url_of(project))


# -- the checker itself, on small hand-made trees ------------------------------------------


def _write(root: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def _page(body: str) -> str:
    return f"<!doctype html><html lang=en><head><title>t</title></head><body>{body}</body></html>"


def test_checker_resolves_like_a_browser(tmp_path: Path) -> None:
    site = _write(
        tmp_path / "site",
        {
            "index.html": _page(
                '<a href="a/">dir</a><a href="a">no slash</a><a href="a/#x">anchor</a>'
                '<a href="a/index.html#n">named</a><a href="#top">top</a><a href="#">self</a>'
                '<a href="http://127.0.0.1:8000/a/#x">canonical</a>'
                '<a href="https://example.invalid/never-fetched">out</a>'
                '<a href="mailto:a@example.org">mail</a>'
                '<img src="img/p%20q.png" srcset="img/p%20q.png 1x, img/p%20q.png 2x" alt="">'
                '<svg><use href="#sym"/></svg><svg><symbol id="sym"/></svg>'
            ),
            "a/index.html": _page('<h2 id="x">x</h2><a name="n"></a><a href="../">up</a>'),
            "img/p q.png": "",
        },
    )
    report = check_site(site, "http://127.0.0.1:8000/")
    assert report.broken == []
    assert report.pages == 2
    assert report.external == 2 and report.external_hosts["example.invalid"] == 1
    assert report.anchors == 4  # a/#x, a/index.html#n, canonical #x, #sym


def test_checker_reports_each_kind_of_break(tmp_path: Path) -> None:
    site = _write(
        tmp_path / "site",
        {
            "index.html": _page(
                '<a href="gone/">page</a><a href="a/#nope">anchor</a><img src="x.png" alt="">'
                '<a href="../../etc/passwd">above root</a><a href="javascript:alert(1)">js</a>'
                '<a href="http://127.0.0.1:8000/missing/">canonical</a>'
                '<a href="style.css#x">anchor in css</a>'
            ),
            "a/index.html": _page("<p id=other>"),
            "style.css": "",
            "sitemap.xml": "<urlset><url><loc>http://127.0.0.1:8000/lost/</loc></url></urlset>",
            "search/search_index.json": json.dumps({"docs": [{"location": "a/#gone"}]}),
        },
    )
    broken = check_site(site, "http://127.0.0.1:8000/").broken
    assert broken == [
        "index.html: a[href] 'gone/': no such file",
        "index.html: a[href] 'a/#nope': no id 'nope' there",
        "index.html: img[src] 'x.png': no such file",
        "index.html: a[href] '../../etc/passwd': no such file",
        "index.html: a[href] 'javascript:alert(1)': unsupported scheme",
        "index.html: a[href] 'http://127.0.0.1:8000/missing/': no such file",
        "index.html: a[href] 'style.css#x': anchor on a non-HTML file",
        "search/search_index.json: location 'a/#gone': no id 'gone' there",
        "sitemap.xml: url 'http://127.0.0.1:8000/lost/': no such file",
    ]


def test_site_copy_with_a_deleted_page_is_caught(default_site: Project, tmp_path: Path) -> None:
    """Deleting a built page breaks the links to it, including the sitemap's."""
    site = tmp_path / "site"
    shutil.copytree(default_site.site_dir, site)
    victim = sorted((site / "people").glob("*/index.html"))[0]
    victim.unlink()
    name = victim.parent.name
    broken = check_site(site, site_url_of(default_site)).broken
    assert any(f"people/{name}/" in b and "no such file" in b for b in broken)
    assert any(b.startswith("sitemap.xml:") and name in b for b in broken)
