"""YAML mistakes editors make, reported where they are with the fix (issue 18)."""

from __future__ import annotations

import pytest

from generator.errors import ContentError
from generator.load import decode, load_text

CASES = [
    ("name: A\nevents:\n\t- date: 2024\n", 3, 1, "a tab indents this line; YAML indents"),
    ("name: A\nlinks:\n  - title: x\n\t url: y\n", 4, 1, "a tab indents this line"),
    ("name: A\ntitle: Breaking: Karpathy\n", 2, 16, 'quotes: title: "Breaking: Karpathy"'),
    ("name: A\ntitle: *Exclusive* story\n", 2, 8, "cannot start with '*' (an alias in YAML)"),
    ("name: A\ntitle: &co story\n", 2, 8, "'&', put the value in quotes: title: \"&co story\""),
    ("name: A\nsummary: @rosaq on X\n", 2, 10, 'quotes: summary: "@rosaq on X"'),
    ("name: A\nsummary: `code` x\n", 2, 10, "cannot start with '`'"),
    ("name: A\nsummary: !important x\n", 2, 10, 'the value in quotes: summary: "!important x"'),
    ("name: A\nsummary: %50 x\n", 2, 10, "cannot start with '%'"),
    ('name: A\nsummary: "unclosed\nevents: []\nx: y\n', 2, 10, 'this " is never closed'),
    ("name: A\nsummary: one\nthis is a continuation\nevents: []\n", 3, 1, "not 'key: value'"),
]


@pytest.mark.parametrize(("text", "line", "column", "message"), CASES)
def test_syntax_mistakes_are_explained_where_they_are(
    text: str, line: int, column: int, message: str
) -> None:
    with pytest.raises(ContentError) as caught:
        load_text(text, "f.yaml")
    (problem,) = caught.value.problems
    assert (problem.location.line, problem.location.column) == (line, column)
    assert message in problem.message


@pytest.mark.parametrize(
    "raw",
    [
        "name: Ada\nsummary: x\n".encode("utf-16-le"),
        "name: Ada\nsummary: x\n".encode("utf-16-be"),
        "name: Ada\nsummary: x\n".encode("utf-16"),
        "name: Ada \u2014 x\n".encode("cp1252"),
    ],
)
def test_every_wrong_encoding_says_save_as_utf8(raw: bytes) -> None:
    with pytest.raises(ContentError) as caught:
        decode(raw, "f.yaml")
    assert "save it as UTF-8" in str(caught.value) or "save the file as UTF-8" in str(caught.value)
