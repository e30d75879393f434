"""Every field of the format is described with an example, in the editor schemas and in
the Contributing page's field reference, and neither can drift from the models."""

from __future__ import annotations

import json
from typing import Any

from generator import field_docs
from generator.editor_schemas import content_schemas
from generator.field_docs import PAGE, REFERENCE, field_doc


def _walk(node: Any, path: str = "") -> list[tuple[str, dict[str, Any]]]:
    found = []
    if isinstance(node, dict):
        found.append((path, node))
        for key, value in node.items():
            found += _walk(value, f"{path}/{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            found += _walk(value, f"{path}/{i}")
    return found


def test_every_field_of_every_model_has_a_description_and_an_example() -> None:
    missing = [
        f"{model.__name__}.{field.alias or key}"
        for _, model in REFERENCE
        for key, field in model.model_fields.items()
        if field_doc(model, field.alias or key) is None
    ]
    assert not missing, f"add these to generator/field_docs.py: {missing}"


def test_every_schema_property_has_a_markdown_description_with_an_example() -> None:
    bare = []
    for name, schema in content_schemas().items():
        for path, node in _walk(schema):
            for prop, sub in node.get("properties", {}).items():
                md = sub.get("markdownDescription", "")
                if not sub.get("description") or "Example:\n\n```yaml\n" not in md:
                    bare.append(f"{name}{path}/properties/{prop}")
    assert not bare


def test_every_pattern_has_a_readable_message() -> None:
    for name, schema in content_schemas().items():
        for path, node in _walk(schema):
            if "pattern" in node and isinstance(node["pattern"], str):
                message = node.get("patternErrorMessage")
                assert message, f"{name}{path}: no patternErrorMessage"
                assert node.get("errorMessage") == message
                assert "^" not in message and "[0-9]" not in message, message


def test_the_date_message_is_the_one_the_issue_asked_for() -> None:
    born = content_schemas()["person.schema.json"]["properties"]["born"]
    text = json.dumps(born)
    assert "Not a date: write YYYY, YYYY-MM or YYYY-MM-DD" in text
    assert "Example:\n\n```yaml\nborn: 1815-12-10\n```" in born["markdownDescription"]


def test_the_contributing_page_publishes_the_field_reference() -> None:
    page = PAGE.read_text(encoding="utf-8")
    assert page == field_docs.with_reference(page), (
        "content/pages/contributing.md's field reference is out of date: "
        "run `python -m generator.field_docs`"
    )
    for _, model in REFERENCE:
        for key, field in model.model_fields.items():
            assert f"| `{field.alias or key}` |" in page


def test_the_repository_recommends_the_yaml_extension() -> None:
    extensions = json.loads((PAGE.parents[2] / ".vscode" / "extensions.json").read_text())
    assert extensions == {"recommendations": ["redhat.vscode-yaml"]}


def test_every_property_of_every_committed_schema_is_described() -> None:
    bare = []
    for file in sorted((PAGE.parents[2] / "schema").glob("*.schema.json")):
        for path, node in _walk(json.loads(file.read_text(encoding="utf-8"))):
            bare += [
                f"{file.name}{path}/properties/{prop}"
                for prop, sub in node.get("properties", {}).items()
                if not sub.get("description")
            ]
    assert not bare
