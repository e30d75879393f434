"""Mentions and links in Markdown read as the renderer reads them (markup.py), and what
`timeline check` reports from that reading (markdown_check.py).

The attack suite holds the located errors (tests/attacks/mention-in-*, link-*); here the
renderer's side: a mention is a link only in text outside links, never inside an
attribute, and check's verdict on a link is exactly what the sanitizer does with it.
"""

from __future__ import annotations

import html

import html5lib
import markdown
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.limits import MARKDOWN_LINK_WINDOW, MAX_MARKDOWN_LINKS, MAX_MARKDOWN_TAGS
from generator.markdown_check import MarkdownChecker
from generator.markup import MarkdownRenderer, href_kept
from generator.mentions import find_mentions, markdown_fields
from tests.conftest import examples
from tests.test_attacks import CASES_DIR, SPECS, fragment_problems

RENDERER = MarkdownRenderer()


def _link(target: str, label: str | None) -> str:
    return f'<a class="tl-mention" href="../{target}/">{html.escape(label or target)}</a>'


def _render(text: str) -> str:
    return str(RENDERER.render(text, _link))


def _mention_links(out: str) -> list[str]:
    tree = html5lib.parseFragment(out, namespaceHTMLElements=False)
    return [el.get("href") for el in tree.iter("a") if el.get("class") == "tl-mention"]


@pytest.mark.parametrize(
    ("text", "misplaced"),
    [
        ("See [[ada]] and *[[bob|Bob]]*.", []),
        ("[notes](https://example.org/[[ada]]) then [[bob]]", [0]),
        ('[notes](https://example.org/ "by [[ada]]") then [[bob]]', [0]),
        ('<abbr title="[[ada]]">A</abbr> and <abbr title="x">[[bob]]</abbr>', [0]),
        ("[a link with [[ada]] in it](https://example.org/) and [[bob]]", [0]),
        ('<a href="https://example.org/">[[ada]]</a> [[bob]]', [0]),
        ("<https://example.org/[[ada]]> [[bob]]", [0]),
        ("`[[ada]]` in code, [[bob]] not", []),
        ("[ref link][r] [[bob]]\n\n[r]: https://example.org/ '[[ada]]'", [1]),
    ],
)
def test_a_mention_is_a_link_only_in_text_outside_links(text: str, misplaced: list[int]) -> None:
    reading = RENDERER.read(text)
    assert list(reading.misplaced) == misplaced
    out = _render(text)
    assert "\ue001" not in out and "\ue002" not in out
    placed = [m for i, m in enumerate(reading.mentions) if i not in reading.misplaced]
    assert _mention_links(out) == [f"../{target}/" for target, _ in placed]
    assert not fragment_problems(out)


def test_a_hostile_label_never_reaches_an_attribute() -> None:
    text = '<abbr title="[[ada|&quot; onmouseover=&quot;alert(1)]]">A</abbr> [[ada|" x="y]]'
    out = _render(text)
    tree = html5lib.parseFragment(out, namespaceHTMLElements=False)
    for el in tree.iter():
        if isinstance(el.tag, str):
            assert not any(a.startswith("on") or a == "x" for a in el.attrib), out
    assert _mention_links(out) == ["../ada/"]


@pytest.mark.parametrize(
    ("target", "kept"),
    [
        ("https://example.org/x", True),
        ("HTTP://example.org/", True),
        ("mailto:a@example.org", True),
        ("../about/", True),
        ("#dates", True),
        ("../people/ada-lovelace/#an-event", True),
        ("www.example.org/x", False),
        ("example.org/x", False),
        ("//example.org/", False),
        ("about.md", False),
        ("javascript:alert(1)", False),
        ("ftp://example.org/", False),
        ("", False),
    ],
)
def test_check_says_what_the_sanitizer_does(target: str, kept: bool) -> None:
    assert href_kept(target) is kept
    text = f"[the link]({target})" if target else "[the link]()"
    has_href = 'href="' in _render(text)
    codes = [p.code for p in MarkdownChecker().problems(text)]
    assert has_href is kept
    assert codes == ([] if kept else ["link-target"])


def _case_texts(code: str) -> list[str]:
    texts = []
    for case, spec in SPECS.items():
        if spec.get("error", {}).get("code") != code:
            continue
        for file in sorted((CASES_DIR / case / "content").rglob("*")):
            if file.suffix == ".md":
                texts.append(file.read_text(encoding="utf-8"))
            elif file.suffix == ".yaml":
                texts += [t for _, t in markdown_fields(yaml.safe_load(file.read_text()))]
    return texts


@pytest.mark.parametrize("code", ["link-target", "mention-in-link"])
def test_the_error_cases_would_render_inert(code: str) -> None:
    """What check refuses still renders inert (the sanitizer does not rely on check)."""
    texts = _case_texts(code)
    assert len(texts) >= 3
    for text in texts:
        out = _render(text)
        assert not fragment_problems(out), (text, out)
        assert "\ue001" not in out and "\ue002" not in out
        reading = RENDERER.read(text)
        assert len(reading.mentions) == len(find_mentions(text))


def test_every_problem_is_located_at_its_text() -> None:
    text = "One [[ada]].\n\nThen [x](www.example.org/a) and [y](https://e.org/[[bob]])."
    found = {(p.code, text[p.offset : p.offset + 5]) for p in MarkdownChecker().problems(text)}
    assert found == {("link-target", "www.e"), ("mention-in-link", "[[bob")}


def test_fields_without_links_or_html_are_not_read_twice(monkeypatch: pytest.MonkeyPatch) -> None:
    checker = MarkdownChecker()
    monkeypatch.setattr(checker, "_renderer", None)  # would fail if used
    assert list(checker.problems("See [[ada]] and *that* `code`.\n\n- a list")) == []


# -- cost: brackets, links and tags ----------------------------------------------------

_PLAIN_MD = markdown.Markdown(
    extensions=["sane_lists", "fenced_code", "tables"], output_format="html"
)


@settings(max_examples=examples(1.0))
@given(st.text(alphabet="[]()!ab \"'\n:<>", max_size=60))
def test_bracket_reading_is_python_markdowns(text: str) -> None:
    """The linear bracket table reads links exactly as Python-Markdown's own scan."""
    _PLAIN_MD.reset()
    RENDERER._md.reset()
    assert RENDERER._md.convert(text) == _PLAIN_MD.convert(text)


@pytest.mark.parametrize(
    "text",
    ["[" * 20_000, "[x " * 6_000, "![" * 9_000, "[[" * 5_000 + "]]" * 5_000, "[a] " * 5_000],
)
def test_many_brackets_are_read_as_text_without_error(text: str) -> None:
    """20,000 `[` (35 s per description before) are literal text; the cost is measured
    in benchmarks/hostile_costs.py, never here."""
    out = _render(text)
    assert "<a" not in out or text.startswith("[[")
    assert list(MarkdownChecker().problems(text)) == []


def test_a_link_longer_than_the_window_stays_text() -> None:
    long = "https://example.org/" + "a" * MARKDOWN_LINK_WINDOW
    assert "<a " not in _render(f"[x]({long})")
    assert 'href="https://example.org/a"' in _render("[x](https://example.org/a)")


@pytest.mark.parametrize(
    ("unit", "counted", "limit"),
    [("[a](https://example.org/) ", "](", MAX_MARKDOWN_LINKS), ("<q>x", "<", MAX_MARKDOWN_TAGS)],
)
def test_links_and_tags_over_the_limit_are_located(unit: str, counted: str, limit: int) -> None:
    assert list(MarkdownChecker().problems(unit * limit)) == []
    [problem] = MarkdownChecker().problems("Intro. " + unit * (limit + 1))
    assert problem.code == "too-long"
    assert problem.offset == len("Intro. ") + len(unit) * limit + unit.index(counted)
