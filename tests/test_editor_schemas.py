"""The committed JSON Schemas match the models, and every content file satisfies them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from jsonschema import Draft7Validator

from generator.editor_schemas import DRAFT_07, content_schemas, dump_schemas, dumps
from generator.load import load_file

REPO = Path(__file__).resolve().parent.parent
SCHEMA_DIR = REPO / "schema"
REGENERATE = (
    'regenerate with `timeline schema` (or: python -c "from pathlib import Path; '
    "from generator.editor_schemas import dump_schemas; dump_schemas(Path('schema'))\")"
)

#: schema file -> glob of the content files it describes (relative to a content folder)
TARGETS = {
    "person.schema.json": "people/*.yaml",
    "organization.schema.json": "organizations/*.yaml",
    "sources.schema.json": "sources.yaml",
}
CONTENT_DIRS = [REPO / "content", REPO / "tests" / "data" / "sample"]


def validator(name: str) -> Draft7Validator:
    return Draft7Validator(content_schemas()[name])


@pytest.mark.parametrize("name", sorted(TARGETS))
def test_committed_schema_is_up_to_date(name: str) -> None:
    committed = SCHEMA_DIR / name
    assert committed.is_file(), f"schema/{name} is missing; {REGENERATE}"
    assert committed.read_text(encoding="utf-8") == dumps(content_schemas()[name]), (
        f"schema/{name} differs from the models in generator/schema.py; {REGENERATE}"
    )


@pytest.mark.parametrize("name", sorted(TARGETS))
def test_schemas_are_valid_draft_07(name: str) -> None:
    schema = content_schemas()[name]
    Draft7Validator.check_schema(schema)
    assert schema["$schema"] == DRAFT_07
    assert schema["title"]
    text = json.dumps(schema)
    assert "$defs" not in text
    assert "$id" not in text
    assert '{"type": "null"}' not in text
    assert '"default": null' not in text


def _content_files() -> list[tuple[str, Path]]:
    return [
        (name, file)
        for root in CONTENT_DIRS
        for name, pattern in TARGETS.items()
        for file in sorted(root.glob(pattern))
    ]


@pytest.mark.parametrize(
    ("name", "file"), _content_files(), ids=lambda v: v if isinstance(v, str) else v.name
)
def test_content_files_satisfy_their_schema(name: str, file: Path) -> None:
    data = load_file(file).data
    problems = [f"{list(e.absolute_path)}: {e.message}" for e in validator(name).iter_errors(data)]
    assert problems == []


def test_there_is_content_to_validate() -> None:
    names = {name for name, _ in _content_files()}
    assert names == set(TARGETS)


def test_content_files_point_at_their_schema() -> None:
    for name, file in _content_files():
        if file.is_relative_to(REPO / "content"):
            first = file.read_text(encoding="utf-8").splitlines()[0]
            target = first.removeprefix("# yaml-language-server: $schema=")
            assert target != first, file
            assert (file.parent / target).resolve() == SCHEMA_DIR / name, file


def test_vscode_settings_map_the_schemas() -> None:
    settings = json.loads((REPO / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    assert settings["yaml.schemas"] == {
        f"./schema/{name}": f"content/{pattern}" for name, pattern in TARGETS.items()
    }


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("person.schema.json", {"summary": "no name"}),
        ("person.schema.json", {"name": "Ada", "nmae": "typo"}),
        ("person.schema.json", {"name": "Ada", "born": "1815-1"}),
        ("person.schema.json", {"name": "Ada", "links": [{"title": "x", "url": "javascript:x"}]}),
        ("person.schema.json", {"name": "Ada", "events": [{"date": "2024", "title": "x"}]}),
        (
            "person.schema.json",
            {"name": "Ada", "events": [{"date": "2024", "title": "x", "sources": []}]},
        ),
        ("person.schema.json", {"name": "Ada", "former_ids": ["Ada_Old"]}),
        ("person.schema.json", {"name": "Ada", "born": None}),
        ("organization.schema.json", {"name": "Acme", "roles": []}),
        ("sources.schema.json", {"Bad_Key": {"title": "x"}}),
        ("sources.schema.json", {"ok": {"title": "x", "kind": "blog"}}),
        ("sources.schema.json", {"ok": "just text"}),
    ],
)
def test_schemas_reject_what_the_checker_rejects(name: str, data: dict[str, object]) -> None:
    assert list(validator(name).iter_errors(data))


def test_unquoted_years_are_accepted_by_the_editor_schema() -> None:
    # The VS Code extension reads `born: 1815` as a number; the checker reads a date.
    assert not list(validator("person.schema.json").iter_errors({"name": "Ada", "born": 1815}))


def test_sources_may_be_ids_citations_or_inline() -> None:
    event = {
        "date": "2024-02-12",
        "title": "x",
        "sources": ["notes", {"id": "notes", "quote": "q"}, {"title": "Inline", "kind": "post"}],
    }
    person = {"name": "Ada", "events": [event]}
    assert not list(validator("person.schema.json").iter_errors(person))


def test_dump_schemas_writes_only_changes(tmp_path: Path) -> None:
    written = dump_schemas(tmp_path)
    assert sorted(p.name for p in written) == sorted(TARGETS)
    assert dump_schemas(tmp_path) == []
    (tmp_path / "person.schema.json").write_text("{}\n")
    assert [p.name for p in dump_schemas(tmp_path)] == ["person.schema.json"]
    for name in TARGETS:
        text = (tmp_path / name).read_text(encoding="utf-8")
        assert text.endswith("}\n")
        assert text == (SCHEMA_DIR / name).read_text(encoding="utf-8")
