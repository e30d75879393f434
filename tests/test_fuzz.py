"""Property tests: random YAML and Markdown never crash the tool nor produce live HTML.

- Random bytes and YAML-ish text through decode, load and the schema: the only
  exception is ContentError, and every problem it carries has a place.
- Random but mostly well-formed entity files through the whole generator (check,
  model, render, write; no MkDocs): the only exception is ContentError.
- Random Markdown through MarkdownRenderer: the HTML never holds a script, an event
  handler or a link with a scheme other than http, https and mailto.
- Random plain text through `md_text` in a Markdown heading shows exactly that text.

The long-running counterparts are the atheris targets in tests/fuzz/ (see README).
"""

from __future__ import annotations

import re
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import html5lib
import markdown
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from generator import load
from generator.build import generate
from generator.content_models import Organization, Person, SourceFile
from generator.errors import ContentError
from generator.field_errors import model_problems
from generator.markup import MarkdownRenderer, md_text
from generator.project import Project
from tests.conftest import SAMPLE, examples, make_project

FUZZ = settings(max_examples=examples(0.5))

# -- YAML ------------------------------------------------------------------------------

YAML_TOKENS = [
    "name",
    "summary",
    "events",
    "date",
    "title",
    "sources",
    "with",
    "tags",
    "id",
    "quote",
    "roles",
    "organization",
    "start",
    "links",
    "url",
    "description",
    "former_ids",
    ": ",
    ":",
    "- ",
    "-",
    "? ",
    "\n",
    "\n  ",
    "\n    ",
    "  ",
    "\t",
    " ",
    "#",
    "&a ",
    "*a",
    "!!python/object/apply:os.system ",
    "!!str ",
    "!x ",
    "! ",
    "<<: ",
    "---\n",
    "...\n",
    "%YAML 1.1\n",
    "%TAG ! tag:x,2000:\n",
    "[",
    "]",
    "{",
    "}",
    ",",
    '"',
    "'",
    "\\",
    "\\e",
    "\\x00",
    "\\u202e",
    "|",
    ">",
    "|-\n",
    "2024-02-30",
    "1843-09?",
    "12:30",
    "NO",
    "~",
    "null",
    "0x1F",
    "https://example.org/",
    "javascript:alert(1)",
    "<script>",
    "[[ada]]",
    "ada-lovelace",
    "notes-1843",
    "\ufeff",
    "\u0085",
    "\u2028",
    "\x00",
    "é",
    "\u202e",
]
yaml_text = st.lists(st.sampled_from(YAML_TOKENS) | st.text(max_size=4), max_size=40).map("".join)


def _load_and_validate(raw: bytes) -> None:
    try:
        src = load.load_text(load.decode(raw, "people/x.yaml"), "people/x.yaml")
    except ContentError as exc:
        assert exc.problems and all(p.location.line >= 1 for p in exc.problems)
        return
    for model in (Person, Organization, SourceFile):
        try:
            model.model_validate(src.data)
        except ValidationError as exc:
            found = model_problems(src, exc, model)
            assert found and all(p.location.line >= 1 for p in found)
            for p in found:
                assert "\n" not in p.format()


@FUZZ
@given(st.binary(max_size=400))
def test_random_bytes_load_or_fail_cleanly(raw: bytes) -> None:
    _load_and_validate(raw)


@FUZZ
@given(yaml_text)
def test_random_yaml_loads_or_fails_cleanly(text: str) -> None:
    _load_and_validate(text.encode("utf-8"))


# -- the whole generator -----------------------------------------------------------------

_printable = st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp"))
#: Plain text that passes the schema most of the time, hostile where it may be.
plain = st.one_of(
    st.sampled_from(
        [
            "&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;",
            "x](javascript:alert(1)) [y",
            "*x*{: onclick=alert(1) }",
            "{{ 7*7 }}",
            "\ue000\ue001",
            "NO",
            "12:30",
            "Ada",
            "<b>",
        ]
    ),
    st.text(_printable, min_size=1, max_size=30),
)
#: Markdown, mostly hostile.
marked = st.one_of(
    plain,
    st.lists(
        st.sampled_from(
            [
                "<script>alert(1)</script>",
                "[[ada-lovelace]]",
                "[[charles-babbage|<img src=x onerror=alert(1)>]]",
                "[a](javascript:alert(1))",
                '--8<-- "/etc/passwd"',
                "*x*{: onclick=alert(1) }",
                "\n\n",
                "<a href='https://example.org' onclick=x>y</a>",
            ]
        )
        | st.text(_printable, max_size=10),
        max_size=5,
    ).map(" ".join),
)
urls = st.sampled_from(
    ["https://example.org/a?b=1&c=2", "mailto:a@example.org", "javascript:alert(1)", "//x"]
)
dates = st.one_of(
    st.sampled_from(["1843", "1843-09", "1843-09-12", "1843~", "1843-09?", "2023-02-29", "x"]),
    st.dates().map(lambda d: d.isoformat()),
)
ids = st.sampled_from(["ada-lovelace", "charles-babbage", "analytical-engines", "nobody"])
sources = st.lists(
    st.one_of(
        st.sampled_from(["notes-1843", "engine-letter"]),
        st.fixed_dictionaries({"title": plain}, optional={"url": urls, "quote": marked}),
    ),
    min_size=1,
    max_size=3,
)
events = st.fixed_dictionaries(
    {"date": dates, "title": plain, "sources": sources},
    optional={
        "description": marked,
        "with": st.lists(ids, max_size=2),
        "tags": st.lists(st.sampled_from(["design", "x-y", "index", "fuzz"]), max_size=2),
        "id": st.sampled_from(["one", "two", "../x"]),
    },
)
entities = st.fixed_dictionaries(
    {"name": plain},
    optional={
        "summary": plain,
        "description": marked,
        "aliases": st.lists(plain, max_size=3),
        "links": st.lists(st.fixed_dictionaries({"title": plain, "url": urls}), max_size=2),
        "events": st.lists(events, max_size=4),
        "former_ids": st.lists(st.sampled_from(["old-fuzz", "ada-byron"]), max_size=1),
        "born": dates,
    },
)


@pytest.fixture(scope="module")
def fuzz_project() -> Iterator[Project]:
    folder = Path(tempfile.mkdtemp(prefix="timeline-fuzz-"))
    try:
        yield make_project(folder / "project", SAMPLE)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@settings(max_examples=examples(0.15))
@given(entity=entities, flow=st.booleans())
def test_random_entities_through_the_generator(
    fuzz_project: Project, entity: dict[str, object], flow: bool
) -> None:
    text = yaml.safe_dump(entity, default_flow_style=flow, allow_unicode=True, sort_keys=False)
    (fuzz_project.content / "people" / "fuzz.yaml").write_text(text, encoding="utf-8")
    try:
        generate(fuzz_project)
    except ContentError as exc:
        assert exc.errors or exc.problems


# -- Markdown ----------------------------------------------------------------------------

MD_TOKENS = [
    "<script>",
    "</script>",
    "<SCRIPT SRC=x>",
    "alert(1)",
    "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)>",
    '<a href="',
    '">',
    "<a href='",
    "'>",
    "</a>",
    "<",
    ">",
    "/",
    "[",
    "]",
    "(",
    ")",
    "](",
    "[[",
    "]]",
    "|",
    "ada-lovelace",
    "javascript:",
    "JaVaScRiPt:",
    "java\tscript:",
    "java&#x09;script:",
    "&#106;avascript:",
    "&#x6A;",
    "data:",
    "vbscript:",
    "&",
    "#",
    ";",
    "{: onclick=alert(1) }",
    "{:",
    "}",
    "*",
    "_",
    "`",
    "```\n",
    "    ",
    "\n",
    "\n\n",
    "- ",
    "1. ",
    "> ",
    "!",
    "![x](",
    " onclick=",
    " onerror=",
    "=",
    '"',
    "'",
    "<!--",
    "-->",
    "<![CDATA[",
    "]]>",
    "<style>",
    "<iframe src=",
    "<math>",
    "<base href=",
    "--8<-- ",
    "\ue000",
    "\ue001",
    "\ue002",
    "\\",
    "\t",
    "\x00",
    "\u202e",
    "mailto:",
    "https://example.org/",
    "[x]: ",
    "<https://example.org>",
    "<javascript:alert(1)>",
]
markdown_text = st.lists(st.sampled_from(MD_TOKENS) | st.text(max_size=3), max_size=50).map("".join)
_renderer = MarkdownRenderer()
_URL_ATTRS = {"href", "src", "action", "formaction", "xlink:href", "data", "poster", "srcset"}
_BAD_SCHEME = re.compile(r"(?:javascript|data|vbscript):")
_IGNORED = re.compile("[\x00-\x20\x7f-\x9f]")


def _mention(entity_id: str, label: str | None) -> str:
    return '<a class="tl-mention" href="../people/x/">mention</a>'


def html_problems(out: str) -> list[str]:
    found = []
    if re.search(r"<\s*script", out, re.I):
        found.append("<script")
    if re.search(r"<[^>]*\son[a-z]+\s*=", out, re.I):
        found.append("event handler")
    for el in html5lib.parseFragment(out, namespaceHTMLElements=False).iter():
        if not isinstance(el.tag, str):
            continue
        for name, value in el.attrib.items():
            attr = name.rpartition("}")[2].lower()
            if attr.startswith("on"):
                found.append(f"{attr}=")
            if attr in _URL_ATTRS and _BAD_SCHEME.match(_IGNORED.sub("", value).lower()):
                found.append(f"{attr}={value!r}")
            if attr in _URL_ATTRS and not re.match(
                r"(?:https?://|mailto:|\.\./|\./|#|[a-z0-9])", value, re.I
            ):
                found.append(f"unexpected {attr}={value!r}")
    return found


@given(markdown_text)
def test_sanitized_markdown_is_inert(text: str) -> None:
    out = str(_renderer.render(text, _mention))
    assert not html_problems(out), (text, out)


def test_the_markdown_property_catches_what_it_should() -> None:
    for bad in [
        "<script>x</script>",
        '<a href="java&#x09;script:x">a</a>',
        "<img src=x onerror=alert(1)>",
        '<a href="DATA:text/html,x">a</a>',
        '<a href=" vbscript:x">a</a>',
    ]:
        assert html_problems(bad), bad


plain_line = st.text(
    st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp"), blacklist_characters="<>"),
    min_size=1,
    max_size=40,
).filter(lambda s: s == s.strip() and not re.search("[\u200b-\u200f\u202a-\u202e\u2066-\u2069]", s))
_heading_md = markdown.Markdown(extensions=["toc", "tables", "admonition"])


@given(plain_line)
def test_plain_text_in_a_heading_shows_as_written(text: str) -> None:
    """What entity names go through (`# {{ name | md }}`), with MkDocs' extensions."""
    _heading_md.reset()
    out = _heading_md.convert("# " + md_text(text))
    h1 = html5lib.parseFragment(out, namespaceHTMLElements=False).find("h1")
    assert h1 is not None, out
    assert "".join(h1.itertext()) == text, out
    assert not html_problems(out)
