"""Every built page is well-formed HTML: html5lib parses it cleanly, ids are unique.

Which parse errors matter: all of them. html5lib reports an error only where the HTML
standard's parser has to repair the markup (a stray or missing end tag, a misnested
element, a duplicate attribute, a bad character reference, a missing or wrong doctype,
which puts browsers into quirks mode). Every such repair means the tree a reader's
browser builds differs from the one the templates meant, so none is tolerated. The
built site has no error today; if Material (not our templates) ever ships one that is
provably harmless, add its html5lib code to TOLERATED with the reason, never a page.

Ids: one id twice on a page breaks its anchor links (the browser scrolls to the first),
label/aria references and SVG references (two charts with the same gradient id).
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path
from xml.etree import ElementTree

import html5lib
import pytest

from generator.project import Project

# Tests using a built site are marked slow by tests/conftest.py; the rest are fast.

#: html5lib error codes that are not failures, each with the reason. Empty on purpose.
TOLERATED: dict[str, str] = {}

#: A backslash before ASCII punctuation in visible text: Markdown escaping that leaked.
ESCAPE_RESIDUE = re.compile(r"\\[!-/:-@\[-`{-~]")
#: An HTML tag shown as text: markup that was escaped twice (`&lt;time ...&gt;` on screen).
ESCAPED_TAG = re.compile(
    r"</?(?:a|abbr|b|br|cite|code|dd|div|dl|dt|em|i|li|ol|p|span|strong|sup|time|ul)(?:\s[^<>]*)?/?>"
)
#: Elements whose text is not prose (a backslash there is meant).
VERBATIM = {"script", "style", "code", "pre", "kbd", "samp", "textarea"}


def parse(text: str) -> tuple[ElementTree.Element, list[str]]:
    """The parsed page and its parse errors that matter, as `line:col code (details)`."""
    parser = html5lib.HTMLParser(tree=html5lib.getTreeBuilder("etree"), namespaceHTMLElements=False)
    root = parser.parse(text)
    errors = [
        f"{line}:{col} {code}{f' {data}' if data else ''}"
        for (line, col), code, data in parser.errors
        if code not in TOLERATED
    ]
    return root, errors


def duplicate_ids(root: ElementTree.Element) -> list[str]:
    counts = Counter(el.get("id") for el in root.iter() if el.get("id") is not None)
    return sorted(f"{i!r} x{n}" for i, n in counts.items() if n > 1)


def escape_residue(root: ElementTree.Element) -> list[str]:
    """Visible text that shows a Markdown backslash escape (`Tag\\: x`)."""
    return text_matching(root, ESCAPE_RESIDUE)


def escaped_markup(root: ElementTree.Element) -> list[str]:
    """Visible text that shows an HTML tag (`founded <time datetime=...>` on screen)."""
    return text_matching(root, ESCAPED_TAG)


def text_matching(root: ElementTree.Element, pattern: re.Pattern[str]) -> list[str]:
    """Text outside code, scripts and styles in which `pattern` occurs."""
    found: list[str] = []

    def walk(el: ElementTree.Element, verbatim: bool) -> None:
        tag = el.tag if isinstance(el.tag, str) else ""
        verbatim = verbatim or tag.rpartition("}")[2] in VERBATIM
        if not verbatim and el.text and pattern.search(el.text):
            found.append(f"<{tag}> {' '.join(el.text.split())!r}")
        for child in el:
            walk(child, verbatim)
            if not verbatim and child.tail and pattern.search(child.tail):
                found.append(f"after <{child.tag}> {' '.join(child.tail.split())!r}")

    walk(root, False)
    return found


def pages(site: Path) -> list[Path]:
    found = sorted(site.rglob("*.html"))
    assert found, f"no pages in {site}"
    return found


def _problems(project: Project, check) -> list[str]:
    site = project.site_dir
    out = []
    for path in pages(site):
        for problem in check(path.read_text(encoding="utf-8")):
            out.append(f"{path.relative_to(site)}: {problem}")
    return out


def test_every_page_parses_without_errors(default_site: Project) -> None:
    problems = _problems(default_site, lambda text: parse(text)[1])
    assert not problems, "HTML parse errors:\n  " + "\n  ".join(problems)


def test_no_duplicate_ids_within_a_page(default_site: Project) -> None:
    problems = _problems(default_site, lambda text: duplicate_ids(parse(text)[0]))
    assert not problems, "duplicate ids:\n  " + "\n  ".join(problems)


def test_sample_site_parses_with_unique_ids(sample_site: Project) -> None:
    problems = _problems(sample_site, lambda text: parse(text)[1] + duplicate_ids(parse(text)[0]))
    assert not problems, "\n  ".join(problems)


def test_no_html_tags_show_as_text(default_site: Project) -> None:
    problems = _problems(default_site, lambda text: escaped_markup(parse(text)[0]))
    assert not problems, "HTML escaped twice, shown as text:\n  " + "\n  ".join(problems)


def test_no_markdown_escapes_show_in_the_text(default_site: Project) -> None:
    problems = _problems(default_site, lambda text: escape_residue(parse(text)[0]))
    assert not problems, "visible Markdown escapes:\n  " + "\n  ".join(problems)


# -- the checks themselves ------------------------------------------------------------------

GOOD = "<!doctype html><html lang=en><head><title>t</title></head><body>{}</body></html>"


@pytest.mark.parametrize(
    ("html", "code"),
    [
        pytest.param(GOOD.format("<p>a</div>"), "end-tag-too-early", id="stray-end-tag"),
        pytest.param(GOOD.format("<b><i>x</b></i>"), "adoption-agency-1.3", id="misnested"),
        pytest.param(GOOD.format('<a href="x" href="y">x</a>'), "duplicate-attribute", id="attr"),
        pytest.param(
            "<html><head><title>t</title></head><body></body></html>",
            "expected-doctype-but",
            id="quirks-mode",
        ),
        pytest.param(
            GOOD.format("<table><p>x</p></table>"),
            "unexpected-start-tag-implies-table",
            id="foster-parented",
        ),
        pytest.param(
            GOOD.format("<ul><li>x"), "expected-one-end-tag-but-got-another", id="unclosed"
        ),
        pytest.param("<!doctype html><div>x", "expected-closing-tag-but-got-eof", id="eof"),
        pytest.param(GOOD.format("&#0;"), "illegal-codepoint", id="char-ref"),
    ],
)
def test_parse_catches_broken_markup(html: str, code: str) -> None:
    errors = parse(html)[1]
    assert any(code in e for e in errors), errors


def test_parse_accepts_good_markup_with_svg() -> None:
    body = (
        '<svg class="tl-chart" viewBox="0 0 10 10"><defs><linearGradient id="g"/></defs>'
        '<rect width="10" height="10" fill="url(#g)"/><use href="#g"/></svg><br><img alt="">'
    )
    root, errors = parse(GOOD.format(body))
    assert errors == []
    assert duplicate_ids(root) == []


def test_duplicate_ids_found_in_html_and_svg() -> None:
    root = parse(GOOD.format('<p id="a"></p><svg><g id="a"/><g id="b"/></svg><i id="b"></i>'))[0]
    assert duplicate_ids(root) == ["'a' x2", "'b' x2"]


def test_escaped_markup_found_outside_code_only() -> None:
    root = parse(
        GOOD.format(
            "<dd>founded &lt;time datetime=&#34;2015&#34;&gt;2015&lt;/time&gt;</dd>"
            "<p>a &lt; b &gt; c, x&lt;y&gt;</p><pre>&lt;a href=x&gt;</pre>"
        )
    )[0]
    assert escaped_markup(root) == ["<dd> 'founded <time datetime=\"2015\">2015</time>'"]


def test_escape_residue_found_outside_code_only() -> None:
    root = parse(GOOD.format(r"<h1>Tag\: x</h1><code>a\:b</code><p>C:\ path\ here</p>"))[0]
    assert escape_residue(root) == ["<h1> 'Tag\\\\: x'"]
