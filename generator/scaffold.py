"""`timeline new`: write a valid skeleton file for a new entity."""

from __future__ import annotations

import json
from pathlib import Path

from generator.errors import UsageError
from generator.limits import MAX_ID_LENGTH
from generator.paths import KIND_FOLDERS, Kind, id_problem, slugify
from generator.validate import display_path

_SKELETONS: dict[Kind, str] = {
    "person": """\
# yaml-language-server: $schema=../../schema/person.schema.json
name: {name}
summary: One line on who this is.
# born: 1815-12-10
# links:
#   - title: Official website
#     url: https://example.org/
# roles:
#   - organization: some-organization-id
#     title: Director
#     start: 2017
#     end: 2022
#     sources: [some-source-id]
events: []
""",
    "organization": """\
# yaml-language-server: $schema=../../schema/organization.schema.json
name: {name}
summary: One line on what this organization is.
# founded: 2015-12
# links:
#   - title: Official website
#     url: https://example.org/
events: []
""",
}


def new_entity(content_dir: Path, kind: Kind, name: str, entity_id: str | None = None) -> str:
    """Create `content/<folder>/<id>.yaml`; refuse to overwrite. Returns the display path."""
    entity_id = entity_id or slugify(name, max_length=MAX_ID_LENGTH)
    why = id_problem(entity_id)
    if why:
        raise UsageError(f"{why}; pass --id")
    if any(c in name for c in "<>\n\r") or not name.strip():
        raise UsageError("the name must be one line of plain text without < or >")
    for folder in KIND_FOLDERS.values():
        if (content_dir / folder / f"{entity_id}.yaml").exists():
            raise UsageError(
                f"{display_path(content_dir / folder / f'{entity_id}.yaml')} "
                "already exists; choose another --id"
            )
    target = content_dir / KIND_FOLDERS[kind] / f"{entity_id}.yaml"
    target.parent.mkdir(parents=True, exist_ok=True)
    # json.dumps gives a double-quoted YAML scalar: safe for any name (colons, '#', quotes).
    text = _SKELETONS[kind].format(name=json.dumps(name.strip(), ensure_ascii=False))
    with target.open("x", encoding="utf-8") as fh:
        fh.write(text)
    return display_path(target)
