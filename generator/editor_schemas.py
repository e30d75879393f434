"""JSON Schemas (draft-07) of the content files, generated from the models in content_models.py.

Draft-07 because it is the dialect the VS Code YAML extension understands. The files are
committed under `schema/` (content files point at them with a `# yaml-language-server:`
line) and a test fails when they drift from the models; regenerate them with
`timeline schema`.

The schemas help editors; `timeline check` stays the authority. Where an editor reads YAML
differently from our loader they are a little looser: an unquoted year (`start: 2017`) is
a number to the editor but a date to us, so dates also accept integers here.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from generator import content_models
from generator.content_models import Organization, Person, SourceFile
from generator.field_docs import field_doc, pattern_message

DRAFT_07 = "http://json-schema.org/draft-07/schema#"

#: file name -> (model, title)
_FILES: dict[str, tuple[type[BaseModel], str]] = {
    "person.schema.json": (Person, "Timeline person (content/people/<id>.yaml)"),
    "organization.schema.json": (
        Organization,
        "Timeline organization (content/organizations/<id>.yaml)",
    ),
    "sources.schema.json": (SourceFile, "Timeline shared sources (content/sources.yaml)"),
}

_NULL = {"type": "null"}


def _is_date(node: dict[str, Any]) -> bool:
    return node.get("type") == "string" and str(node.get("pattern", "")).startswith("^[0-9]{4}(")


def _clean(node: Any) -> Any:
    """Drop null branches and null defaults; let dates be unquoted years too."""
    if isinstance(node, list):
        return [_clean(item) for item in node]
    if not isinstance(node, dict):
        return node
    out = {key: _clean(value) for key, value in node.items()}
    if "default" in out and out["default"] is None:
        del out["default"]
    if "anyOf" in out:
        branches = [b for b in out["anyOf"] if b != _NULL]
        if len(branches) == 1:
            del out["anyOf"]
            # The branch's own keys win over the wrapper's, except the wrapper's title.
            out = {**branches[0], **{k: v for k, v in out.items() if k not in branches[0]}}
        else:
            out["anyOf"] = branches
    if _is_date(out):
        description = out.pop("description", None)
        title = out.pop("title", None)
        out = {
            "anyOf": [out, {"type": "integer", "minimum": 1, "maximum": 9999}],
            **({"title": title} if title else {}),
            **({"description": description} if description else {}),
        }
    return out


def _schema(model: type[BaseModel], title: str) -> dict[str, Any]:
    raw = model.model_json_schema(by_alias=True, ref_template="#/definitions/{model}")
    if "$defs" in raw:
        raw["definitions"] = raw.pop("$defs")
    schema = _clean(raw)
    if model is SourceFile:
        # Keys are source ids: anything else is an error, not an unchecked extra.
        pattern = next(iter(schema.pop("patternProperties")))
        schema["additionalProperties"] = {"$ref": "#/definitions/SourceRecord"}
        schema["propertyNames"] = {**schema.get("propertyNames", {}), "pattern": pattern}
    _describe(schema, model)
    for name, definition in schema.get("definitions", {}).items():
        _describe(definition, getattr(content_models, name))
    _pattern_messages(schema)
    schema["$schema"] = DRAFT_07
    schema["title"] = title
    return schema


def _describe(node: dict[str, Any], model: type[BaseModel]) -> None:
    """Each property's description and example (field_docs.py), as the YAML extension
    shows them on hover and in completion (`markdownDescription` wins over the plain one)."""
    properties = node.get("properties", {})
    for name in list(properties):
        doc = field_doc(model, name)
        if doc is None:
            raise LookupError(f"{model.__name__}.{name} has no entry in field_docs.py")
        prop = properties[name]
        if "$ref" in prop:  # draft-07 ignores a $ref's siblings: wrap it
            prop = properties[name] = {"allOf": [{"$ref": prop.pop("$ref")}], **prop}
        prop["description"] = doc[0]
        prop["markdownDescription"] = f"{doc[0]}\n\nExample:\n\n```yaml\n{doc[1]}\n```"


def _pattern_messages(node: Any) -> None:
    """A readable message beside every pattern: yaml-language-server shows
    `patternErrorMessage` (VS Code) and `errorMessage` (other clients) instead of the
    regular expression."""
    if isinstance(node, list):
        for item in node:
            _pattern_messages(item)
    elif isinstance(node, dict):
        if isinstance(node.get("pattern"), str):
            message = pattern_message(node["pattern"])
            if message is None:
                raise LookupError(f"no readable message for pattern {node['pattern']!r}")
            node["patternErrorMessage"] = node["errorMessage"] = message
        for value in node.values():
            _pattern_messages(value)


def content_schemas() -> dict[str, dict[str, Any]]:
    """File name -> draft-07 JSON Schema, for every kind of content file."""
    return {name: _schema(model, title) for name, (model, title) in _FILES.items()}


def dumps(schema: dict[str, Any]) -> str:
    """The committed form: sorted keys, two-space indent, trailing newline."""
    return json.dumps(schema, indent=2, sort_keys=True) + "\n"


def dump_schemas(folder: Path) -> list[Path]:
    """Write the schemas into `folder`; return the files that changed (others are left)."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, schema in content_schemas().items():
        target = folder / name
        text = dumps(schema)
        if target.is_file() and target.read_text(encoding="utf-8") == text:
            continue
        target.write_text(text, encoding="utf-8")
        written.append(target)
    return written
