"""The code catalog is complete, tested and published.

Codes are found statically: every string literal passed as the code of a problem in
generator/ (see EMITTERS). A new code fails here until it has a catalog line and an
invalid-content case, and the failure says exactly what to add.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator import build, error_codes, static_files, validate
from generator.error_codes import CATALOG, PAGE
from generator.errors import ContentError
from generator.project import Project
from tests.helpers import codes, write_files

REPO = Path(__file__).resolve().parent.parent
INVALID = REPO / "tests" / "data" / "invalid"
ATTACKS = REPO / "tests" / "attacks"

#: Callables that take a problem code, and the position of the code among their
#: arguments (keyword `code=` is found too).
EMITTERS = {
    "Problem": 1,  # errors.Problem(location, code, message)
    "add": 1,  # content_files.Content.add(location, code, message)
    "error": 1,  # rules.Checker.error(location, code, message)
    "MarkdownProblem": 1,  # markdown_check.MarkdownProblem(offset, code, message)
    "_problem": 3,  # load._problem(path, line, col, code, message)
    "fail": 1,  # load's fail(event, code, message)
    "PydanticCustomError": 0,  # content_models' field validators
    "_warn": 1,  # tenure.Tenure._warn(location, code, message): tenure warnings
    "_within": 5,  # tenure.Tenure._within(where, what, start, end, entity, code)
}
#: Where a code arrives in a variable, passed through from one of the above.
PASS_THROUGH = {
    ("errors.py", "add"),
    ("content_files.py", "add"),
    ("field_errors.py", "model_problems"),
    ("load.py", "_problem"),
    ("load.py", "fail"),
    ("rules.py", "error"),
    ("tenure.py", "_warn"),
    ("tenure.py", "_within"),
}
#: Codes that no small content tree can produce, and the test that covers each.
TESTED_ELSEWHERE = {
    "unreadable": "tests/test_error_codes.py::test_unreadable_file",
    "missing-content": "tests/test_error_codes.py::test_missing_content",
    "too-many-entities": "tests/test_error_codes.py::test_too_many_entities",
    "reserved-path": "tests/test_error_codes.py::test_reserved_path",
    "ignored-file": "tests/test_cli.py::test_files_timeline_never_reads_are_warned_about",
    "placeholder-text": "tests/test_cli.py::test_warnings_for_what_would_be_published_unchecked",
    "nav-missing-page": (
        "tests/test_init.py::test_check_reports_a_nav_entry_naming_a_missing_page_as_build_does"
    ),
    "mkdocs-config": (
        "tests/test_init.py::test_a_broken_mkdocs_yml_is_one_located_error_in_check_and_build"
    ),
}
_CODE_RE = re.compile(r"[a-z]+(?:-[a-z0-9]+)*")


def _calls(tree: ast.AST) -> list[tuple[str, ast.Call]]:
    """Every call in `tree` with the name of the function it stands in ('' at top level)."""
    out: list[tuple[str, ast.Call]] = []

    def visit(node: ast.AST, owner: str) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.FunctionDef):
                visit(child, child.name)
                continue
            if isinstance(child, ast.Call):
                out.append((owner, child))
            visit(child, owner)

    visit(tree, "")
    return out


def _emitted() -> dict[str, list[str]]:
    """code -> places (file:line) in generator/ that emit it."""
    found: dict[str, list[str]] = {}
    for path in sorted((REPO / "generator").glob("*.py")):
        for owner, node in _calls(ast.parse(path.read_text(encoding="utf-8"))):
            f = node.func
            name = f.attr if isinstance(f, ast.Attribute) else getattr(f, "id", None)
            if name not in EMITTERS:
                continue
            arg = next((k.value for k in node.keywords if k.arg == "code"), None)
            if arg is None and len(node.args) > EMITTERS[name]:
                arg = node.args[EMITTERS[name]]
            where = f"generator/{path.name}:{node.lineno}"
            if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                found.setdefault(arg.value, []).append(where)
            elif name in ("Problem", "PydanticCustomError", "_problem", "fail"):
                assert (path.name, owner) in PASS_THROUGH, (
                    f"{where}: the code is not a string literal, so this test cannot "
                    "see it; pass the code as a literal (or add the function to "
                    "PASS_THROUGH if it only forwards a caller's literal)"
                )
    # pydantic's own error types, mapped to our codes in field_errors.py
    from generator.field_errors import _TYPE_CODES

    for code in {*_TYPE_CODES.values(), "wrong-type"}:
        found.setdefault(code, []).append("generator/field_errors.py (_TYPE_CODES)")
    return found


def _case_codes() -> dict[str, list[str]]:
    """code -> invalid cases (tests/data/invalid/, tests/attacks/) that expect it."""
    out: dict[str, list[str]] = {}
    for spec in sorted(INVALID.glob("*/expected.yaml")):
        raw = yaml.safe_load(spec.read_text(encoding="utf-8"))
        for p in raw["problems"] if isinstance(raw, dict) else raw:
            out.setdefault(p["code"], []).append(spec.parent.name)
    for spec in sorted(ATTACKS.glob("*/expected.yaml")):
        raw = yaml.safe_load(spec.read_text(encoding="utf-8"))
        if isinstance(raw, dict) and isinstance(raw.get("error"), dict):
            out.setdefault(raw["error"]["code"], []).append("attacks/" + spec.parent.name)
    return out


def test_the_scan_finds_codes_in_every_stage() -> None:
    emitted = _emitted()
    for code in ("yaml-syntax", "invalid-date", "missing-field", "unknown-id", "reserved-path"):
        assert code in emitted, code
    assert len(emitted) >= 40


def test_every_emitted_code_is_in_the_catalog() -> None:
    missing = {code: places for code, places in _emitted().items() if code not in CATALOG}
    assert not missing, "codes emitted but not in generator/error_codes.py:\n" + "\n".join(
        f"  {code!r} (at {', '.join(places)}): add "
        f'_code("{code}", "Title", "One-line description.", "example content"),'
        for code, places in sorted(missing.items())
    )


def test_every_catalog_code_is_emitted() -> None:
    stale = sorted(set(CATALOG) - set(_emitted()))
    assert not stale, f"in the catalog but emitted nowhere (remove them): {stale}"


def test_every_code_has_an_invalid_case() -> None:
    cases = _case_codes()
    missing = sorted(c for c in CATALOG if c not in cases and c not in TESTED_ELSEWHERE)
    assert not missing, "codes without an invalid-content case:\n" + "\n".join(
        f"  {c!r}: add tests/data/invalid/{c}/ with the content and an expected.yaml "
        f"listing {{file: ..., line: ..., code: {c}}}"
        for c in missing
    )
    unknown = sorted(set(cases) - set(CATALOG))
    assert not unknown, f"invalid cases expect codes the catalog lacks: {unknown}"


def test_codes_tested_elsewhere_name_a_real_test() -> None:
    for code, test in TESTED_ELSEWHERE.items():
        assert code not in _case_codes(), f"{code} has an invalid case now: drop it here"
        file, _, name = test.partition("::")
        text = (REPO / file).read_text(encoding="utf-8")
        assert f"def {name}(" in text and code in text, test


def test_catalog_entries_are_complete() -> None:
    for code, entry in CATALOG.items():
        assert _CODE_RE.fullmatch(code), code
        assert entry.title and entry.title[0].isupper(), code
        assert entry.description.endswith((".", ")")), code
        assert entry.example, code


def test_the_contributing_page_publishes_the_catalog() -> None:
    page = PAGE.read_text(encoding="utf-8")
    assert page == error_codes.with_table(page), (
        "content/pages/contributing.md's table of error codes is out of date: "
        "run `python -m generator.error_codes`"
    )
    for code in CATALOG:
        assert f"| `{code}` |" in page


def test_unreadable_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = write_files(tmp_path / "content", {"people/ada.yaml": "name: Ada\n"})
    real_open = Path.open

    def denied(self: Path, *args: Any, **kwargs: Any) -> Any:
        if self.name == "ada.yaml":  # as root, chmod 000 would not stop the read
            raise PermissionError(13, "Permission denied")
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", denied)
    assert codes(root) == ["unreadable"]


def test_too_many_entities(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(validate, "MAX_ENTITIES", 2)
    files = {f"people/p{i}.yaml": f"name: P{i}\n" for i in range(3)}
    assert "too-many-entities" in codes(write_files(tmp_path / "content", files))


@pytest.mark.parametrize("jobs", [1, 2])
def test_reserved_path(sample_project: Project, monkeypatch: pytest.MonkeyPatch, jobs: int) -> None:
    """A static file at a generated path (with two processes the feeds are written by
    the forked one, whose error must come back as the same content error). The static
    rules already refuse every such path (feed.xml is not an allowed suffix); this
    guards the writer should they widen."""
    path = "feed.xml"
    monkeypatch.setattr(static_files, "STATIC_SUFFIXES", static_files.STATIC_SUFFIXES | {".xml"})
    (sample_project.content / "static").mkdir(exist_ok=True)
    (sample_project.content / "static" / path).write_text("<feed/>")
    with pytest.raises(ContentError) as caught:
        build.generate(sample_project, jobs=jobs)
    assert [p.code for p in caught.value.problems] == ["reserved-path"]
    assert caught.value.problems[0].location.path.endswith(path)


def test_missing_content(tmp_path: Path) -> None:
    assert codes(tmp_path / "nowhere") == ["missing-content"]
