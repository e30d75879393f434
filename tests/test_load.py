"""The strict YAML loader: plain strings, located errors, no surprises from hostile files."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from generator import load
from generator.errors import ContentError, Problem
from generator.load import MAX_DEPTH, MAX_FILE_BYTES, decode, load_file, load_text


def fail(text: str) -> Problem:
    """The single problem that loading `text` reports."""
    with pytest.raises(ContentError) as info:
        load_text(text, "x.yaml")
    assert len(info.value.problems) == 1
    return info.value.problems[0]


def fail_bytes(raw: bytes, tmp_path: Path) -> Problem:
    file = tmp_path / "x.yaml"
    file.write_bytes(raw)
    with pytest.raises(ContentError) as info:
        load_file(file, "x.yaml")
    assert len(info.value.problems) == 1
    return info.value.problems[0]


def where(problem: Problem) -> tuple[int, int, str]:
    return problem.location.line, problem.location.column, problem.code


# -- Scalars stay the text the editor wrote ------------------------------------------


YAML_11_LOOKALIKES = (
    *("NO", "off", "yes", "On", "y", "012", "0o14", "0x1F", "12:30", "1e3", "1_000"),
    *(".inf", "-.nan", "2024-02-12", "2024-02-12T10:00:00Z", "2024", "~", "null"),
    *("Null", "true", "FALSE"),
)


@pytest.mark.parametrize("text", YAML_11_LOOKALIKES)
def test_plain_scalars_stay_strings(text: str) -> None:
    assert load_text(f"value: {text}\n", "x.yaml").data == {"value": text}


def test_every_scalar_is_a_string_at_any_depth() -> None:
    src = load_text("a:\n  - 1\n  - [2, {b: 3.5}]\nc: {d: no}\n", "x.yaml")
    assert src.data == {"a": ["1", ["2", {"b": "3.5"}]], "c": {"d": "no"}}


def test_empty_value_is_an_empty_string() -> None:
    assert load_text("a:\nb: ''\n", "x.yaml").data == {"a": "", "b": ""}


def test_quoted_and_block_scalars_keep_their_text_and_style() -> None:
    src = load_text(
        "a: '012'\nb: \"x\\ty\"\nc: |\n  line 1\n  line 2\nd: >\n  folded\n  text\n", "x"
    )
    assert src.data == {"a": "012", "b": "x\ty", "c": "line 1\nline 2\n", "d": "folded text\n"}
    assert src.styles[("a",)] == "'"
    assert src.styles[("b",)] == '"'
    assert src.styles[("c",)] == "|"
    assert src.styles[("d",)] == ">"


def test_numeric_looking_keys_are_strings() -> None:
    assert load_text("1: a\n~: b\nno: c\n", "x.yaml").data == {"1": "a", "~": "b", "no": "c"}


# -- Positions ------------------------------------------------------------------------


def test_positions_of_values_and_keys() -> None:
    src = load_text("name: Ada\nevents:\n  - date: 1843\n    title: Notes\n", "x.yaml")
    assert src.positions[("name",)] == (1, 7)
    assert src.positions[("events", 0)] == (3, 5)
    assert src.positions[("events", 0, "title")] == (4, 12)
    assert src.key_positions[("events", 0, "title")] == (4, 5)


def test_locate_falls_back_to_the_nearest_parent() -> None:
    src = load_text("name: Ada\nevents:\n  - date: 1843\n", "x.yaml")
    assert str(src.locate(("events", 0, "title"))) == "x.yaml:3:5"
    assert str(src.locate(("nothing", 3))) == "x.yaml:1:1"
    assert str(src.locate(("events", 0, "date"), key=True)) == "x.yaml:3:5"
    assert str(src.locate(("events",), key=True)) == "x.yaml:2:1"


# -- Rejected constructs --------------------------------------------------------------


def test_duplicate_key_names_both_lines() -> None:
    problem = fail("name: Ada\nsummary: x\nname: Ada Lovelace\n")
    assert where(problem) == (3, 1, "duplicate-key")
    assert "line 1" in problem.message
    assert "'name'" in problem.message


def test_duplicate_key_in_nested_mapping() -> None:
    problem = fail("events:\n  - date: 1\n    title: a\n    date: 2\n")
    assert where(problem) == (4, 5, "duplicate-key")
    assert "line 2" in problem.message


def test_same_key_in_sibling_mappings_is_fine() -> None:
    src = load_text("events:\n  - date: 1\n  - date: 2\n", "x.yaml")
    assert src.data == {"events": [{"date": "1"}, {"date": "2"}]}


def test_anchor() -> None:
    assert where(fail("a: &anchor 1\nb: 2\n")) == (1, 4, "anchor")


def test_anchor_on_a_collection() -> None:
    assert where(fail("a: &x [1, 2]\n")) == (1, 4, "anchor")


def test_alias() -> None:
    assert where(fail("a: 1\nb: *a\n")) == (2, 4, "alias")


@pytest.mark.parametrize(
    "text",
    [
        "a: !!str 1\n",
        "a: !!binary aGVsbG8=\n",
        "a: !custom 1\n",
        "!!map\na: 1\n",
        "a: !!set {x, y}\n",
        "a: !<tag:yaml.org,2002:str> b\n",
    ],
)
def test_tags(text: str) -> None:
    assert fail(text).code == "tag"


@pytest.mark.parametrize(
    "payload",
    [
        "!!python/object/apply:os.system ['touch {marker}']",
        "!!python/object/apply:builtins.open ['{marker}', 'w']",
        "!!python/object/new:builtins.open ['{marker}', 'w']",
        "!!python/name:os.system",
    ],
)
def test_python_tags_construct_nothing(payload: str, tmp_path: Path) -> None:
    marker = tmp_path / "created"
    problem = fail("a: " + payload.format(marker=marker) + "\n")
    assert where(problem) == (1, 4, "tag")
    assert not marker.exists()


def test_tag_directive_is_still_a_tag() -> None:
    assert fail("%TAG !e! tag:example.com,2000:\n---\na: !e!x 1\n").code == "tag"


def test_non_specific_tag_is_allowed() -> None:
    assert load_text("a: ! 1\n", "x.yaml").data == {"a": "1"}


def test_merge_key() -> None:
    assert where(fail("a: {x: 1}\nb:\n  <<: {y: 2}\n")) == (3, 3, "merge-key")


def test_quoted_merge_key_is_a_plain_key() -> None:
    assert load_text("'<<': 1\n", "x.yaml").data == {"<<": "1"}


def test_multiple_documents() -> None:
    assert where(fail("a: 1\n---\nb: 2\n")) == (2, 1, "multiple-documents")


def test_one_explicit_document_is_fine() -> None:
    assert load_text("---\na: 1\n...\n", "x.yaml").data == {"a": "1"}


@pytest.mark.parametrize("text", ["", "\n\n", "# only a comment\n", "---\n", "# a\n---\n...\n"])
def test_empty_file(text: str) -> None:
    assert where(fail(text)) == (1, 1, "empty-file")


@pytest.mark.parametrize(
    ("text", "line"),
    [("- a\n- b\n", 1), ("# c\njust text\n", 2), ("'quoted'\n", 1), ("[a]\n", 1), ("~\n", 1)],
)
def test_top_level_not_a_mapping(text: str, line: int) -> None:
    assert where(fail(text))[::2] == (line, "not-a-mapping")


@pytest.mark.parametrize(
    "text", ["? [a, b]\n: 1\n", "{a: 1}: 2\n", "a:\n  ? {b: 1}\n  : 2\n", "[x]: 1\n"]
)
def test_non_string_keys(text: str) -> None:
    assert fail(text).code == "non-string-key"


# -- Depth and size caps --------------------------------------------------------------


def test_60000_nested_brackets_fail_fast_without_recursion_error() -> None:
    started = time.perf_counter()
    problem = fail("[" * 60_000)
    assert problem.code == "too-deep"
    assert time.perf_counter() - started < 1.0


def test_deep_block_mappings_fail_cleanly() -> None:
    text = "".join("  " * i + f"k{i}:\n" for i in range(MAX_DEPTH + 5)) + "  " * 40 + "v\n"
    assert fail(text).code == "too-deep"


def test_depth_just_under_the_cap_is_fine() -> None:
    text = "a: " + "[" * (MAX_DEPTH - 1) + "]" * (MAX_DEPTH - 1) + "\n"
    node = load_text(text, "x.yaml").data["a"]
    depth = 0
    while isinstance(node, list):
        depth += 1
        node = node[0] if node else None
    assert depth == MAX_DEPTH - 1


def test_depth_at_the_cap_fails() -> None:
    text = "a: " + "[" * MAX_DEPTH + "]" * MAX_DEPTH + "\n"
    assert fail(text).code == "too-deep"


def test_file_over_the_cap_is_refused_before_parsing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    file = tmp_path / "big.yaml"
    file.write_bytes(b"a: " + b"x" * MAX_FILE_BYTES + b"\n")

    def parse(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("the parser must not see an oversized file")

    monkeypatch.setattr(load, "load_text", parse)
    monkeypatch.setattr(load, "decode", parse)
    with pytest.raises(ContentError) as info:
        load_file(file, "big.yaml")
    assert [where(p) for p in info.value.problems] == [(1, 1, "file-too-large")]


def test_file_at_the_cap_is_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(load, "MAX_FILE_BYTES", 64)
    file = tmp_path / "x.yaml"
    file.write_bytes(b"a: " + b"x" * 60 + b"\n")
    assert len(file.read_bytes()) == 64
    assert load_file(file).data == {"a": "x" * 60}
    file.write_bytes(b"a: " + b"x" * 61 + b"\n")
    assert fail_bytes(file.read_bytes(), tmp_path).code == "file-too-large"


def test_unreadable_path_is_a_content_error(tmp_path: Path) -> None:
    with pytest.raises(ContentError) as info:
        load_file(tmp_path / "missing.yaml", "missing.yaml")
    assert info.value.problems[0].code == "unreadable"


# -- Encoding and characters ----------------------------------------------------------


def test_utf8_bom_is_accepted(tmp_path: Path) -> None:
    file = tmp_path / "x.yaml"
    file.write_bytes(b"\xef\xbb\xbfname: Ada\n")
    src = load_file(file)
    assert src.data == {"name": "Ada"}
    assert src.positions[("name",)] == (1, 7)


def test_second_bom_is_refused(tmp_path: Path) -> None:
    assert where(fail_bytes(b"\xef\xbb\xbf\xef\xbb\xbfa: 1\n", tmp_path)) == (
        1,
        1,
        "control-character",
    )


def test_bom_inside_the_text_is_refused() -> None:
    with pytest.raises(ContentError) as info:
        decode("a: 1\nb: x\ufeffy\n".encode(), "x.yaml")
    assert where(info.value.problems[0]) == (2, 5, "control-character")


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_is_refused(codec: str, tmp_path: Path) -> None:
    problem = fail_bytes("name: Ada\n".encode(codec), tmp_path)
    assert problem.code in ("encoding", "control-character")
    assert problem.location.line == 1


def test_utf16_with_bom_says_so(tmp_path: Path) -> None:
    problem = fail_bytes("name: Ada\n".encode("utf-16"), tmp_path)
    assert where(problem) == (1, 1, "encoding")
    assert "UTF-16" in problem.message


def test_latin1_byte_is_located(tmp_path: Path) -> None:
    raw = "name: Ada\nsummary: Ren\xe9e\n".encode("latin-1")
    problem = fail_bytes(raw, tmp_path)
    assert where(problem) == (2, 13, "encoding")
    assert "0xe9" in problem.message


def test_invalid_byte_column_counts_characters_not_bytes(tmp_path: Path) -> None:
    raw = "a: éé".encode() + b"\xff\n"
    assert where(fail_bytes(raw, tmp_path)) == (1, 6, "encoding")


def test_truncated_utf8_at_end_of_file(tmp_path: Path) -> None:
    assert where(fail_bytes(b"a: 1\nb: \xe2\x82", tmp_path)) == (2, 4, "encoding")


@pytest.mark.parametrize(
    "char", ["\x00", "\x07", "\x1b", "\x7f", "\x85", "\x9f", "\u2028", "\u2029", "\ufffe"]
)
def test_control_characters_are_located(char: str) -> None:
    with pytest.raises(ContentError) as info:
        decode(f"name: Ada\nsummary: ab{char}cd\n".encode(), "x.yaml")
    problem = info.value.problems[0]
    assert where(problem) == (2, 12, "control-character")
    assert f"U+{ord(char):04X}" in problem.message


def test_crlf_line_endings_are_fine(tmp_path: Path) -> None:
    file = tmp_path / "x.yaml"
    file.write_bytes(b"name: Ada\r\nsummary: x\r\n")
    src = load_file(file)
    assert src.data == {"name": "Ada", "summary": "x"}
    assert src.positions[("summary",)] == (2, 10)


def test_tab_indentation_is_a_syntax_error() -> None:
    problem = fail("a:\n\tb: 1\n")
    assert problem.code == "yaml-syntax"
    assert problem.location.line == 2


def test_tab_inside_a_value_is_kept() -> None:
    assert load_text("a: b\tc\n", "x.yaml").data == {"a": "b\tc"}


def test_non_ascii_text_is_kept() -> None:
    text = "name: Ada 🚀 Лавлейс\nsummary: «quoted» — 日本語\n"
    assert load_text(text, "x.yaml").data == {
        "name": "Ada 🚀 Лавлейс",
        "summary": "«quoted» — 日本語",
    }


# -- Syntax errors --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("a: [1, 2\nb: 3\n", 2),
        ("a: 1\n  b: 2\n", 2),
        ("a: 'open\n", 1),  # at the opening quote
        ("a: b: c\n", 1),
        ("- a\nb: 1\n", 2),
        (": x\n", 1),
        ("a: @x\n", 1),
    ],
)
def test_syntax_errors_are_located(text: str, line: int) -> None:
    problem = fail(text)
    assert problem.code == "yaml-syntax"
    assert problem.location.line == line
    assert problem.message.startswith("YAML syntax:")


def test_problem_carries_the_display_path(tmp_path: Path) -> None:
    file = tmp_path / "x.yaml"
    file.write_text("a: &x 1\n")
    with pytest.raises(ContentError) as info:
        load_file(file, "content/people/x.yaml")
    assert str(info.value.problems[0].location) == "content/people/x.yaml:1:4"
    assert str(info.value).startswith("content/people/x.yaml:1:4: error: ")
