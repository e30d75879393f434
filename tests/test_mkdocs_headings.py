"""What our plugin does in Markdown's place: headings carried past it come out as
Python-Markdown's `toc` makes them (the same HTML, table of contents and anchors; any other
shape is left to Markdown), and fragments are found where the marker lines say."""

from __future__ import annotations

import re

import markdown
import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from mkdocs.structure.toc import AnchorLink, TableOfContents, get_toc

from generator import mkdocs_headings
from generator.mkdocs_plugin import fragment_spans

EXTENSIONS = ["toc", "tables", "fenced_code", "admonition"]  # mkdocs.yml's, with MkDocs' own
CONFIGS = {"toc": {"permalink": True}}


def _markdown(text: str) -> tuple[str, TableOfContents]:
    md = markdown.Markdown(extensions=EXTENSIONS, extension_configs=CONFIGS)
    html = md.convert(text)
    return html, get_toc(getattr(md, "toc_tokens", []))


def _shape(items: TableOfContents | list[AnchorLink]) -> list[object]:
    return [(a.title, a.id, a.level, _shape(a.children)) for a in items]


def _carried(text: str) -> tuple[str, TableOfContents, set[str]]:
    split = mkdocs_headings.split(text)
    assert split is not None
    head, skeleton = split
    html, toc = _markdown(head)
    return mkdocs_headings.render(html, toc, skeleton)


WORDS = st.sampled_from(["Timeline", "Career", "1990", "2024", "Roster", "by", "year", "1"])
HEADING = st.builds(
    lambda level, words: "#" * level + " " + " ".join(words),
    st.integers(2, 6),
    st.lists(WORDS, min_size=1, max_size=3),
)
PLACEHOLDER = st.integers(0, 99).map(lambda n: f"<!--tl:{n}-->")
TITLE = st.sampled_from(["Timeline", "Ada & *Lovelace*", "1990", "Timeline_1", "Ünïcode"])


@given(
    TITLE,
    st.lists(st.one_of(HEADING, PLACEHOLDER), min_size=1, max_size=12),
    st.lists(st.sampled_from(["\n\n", "\n\n\n"]), min_size=13, max_size=13),
)
def test_same_html_toc_and_anchors_as_markdown(
    title: str, blocks: list[str], gaps: list[str]
) -> None:
    body = "".join(gap + block for gap, block in zip(gaps, blocks, strict=False))
    text = f"# {title}{body}\n"
    html, toc, anchors = _carried(text)
    want_html, want_toc = _markdown(text)
    assert html == want_html
    assert _shape(toc) == _shape(want_toc)
    heading_ids = {a.id for a in _walk(want_toc)} - {want_toc.items[0].id}
    assert anchors == heading_ids


def _walk(items: TableOfContents | list[AnchorLink]) -> list[AnchorLink]:
    return [x for a in items for x in (a, *_walk(a.children))]


@pytest.mark.parametrize(
    "text",
    [
        "<!--tl:0-->\n\n## Timeline\n",  # no title
        "# Title\n\nSome text\n\n<!--tl:0-->\n",  # a paragraph of Markdown
        "# Title\n\n## Ada *Lovelace*\n\n<!--tl:0-->\n",  # markup in a heading
        "# Title\n\n## Timeline\n<!--tl:0-->\n",  # two lines in one block
        "# Title\n\n## Timeline ##\n\n<!--tl:0-->\n",  # a closing sequence
        "# Title\n",  # nothing after the title
    ],
)
def test_other_shapes_are_left_to_markdown(text: str) -> None:
    assert mkdocs_headings.split(text) is None


def test_only_the_configuration_it_reproduces() -> None:
    assert mkdocs_headings.supported(EXTENSIONS, CONFIGS)
    assert not mkdocs_headings.supported([*EXTENSIONS, "attr_list"], CONFIGS)
    assert not mkdocs_headings.supported(EXTENSIONS, {"toc": {"permalink": "#"}})
    assert not mkdocs_headings.supported(EXTENSIONS, {"toc": {"permalink": True, "toc_depth": 2}})
    assert not mkdocs_headings.supported(["tables"], {})


#: The reading of a fragment, as a pattern: too slow on 100 KB pages, exact on small ones.
FRAGMENT_RE = re.compile(r"^<!--tl-->\n.*?\n<!--/tl-->$", re.MULTILINE | re.DOTALL)


PIECES = ["<!--tl-->\n", "\n<!--/tl-->", "<!--tl-->", "<!--/tl-->", "\n", "x", "<!--"]


@given(st.lists(st.sampled_from(PIECES), max_size=30))
@example(["<!--tl-->\n", "\n<!--/tl-->", "x", "\n<!--/tl-->"])  # a closing line goes on
@example(["x", "<!--tl-->\n", "\n<!--/tl-->", "\n<!--tl-->\n", "\n<!--/tl-->"])  # mid-line
def test_fragments_are_found_as_the_pattern_reads_them(pieces: list[str]) -> None:
    text = "".join(pieces)
    assert [text[a:b] for a, b in fragment_spans(text)] == FRAGMENT_RE.findall(text)
