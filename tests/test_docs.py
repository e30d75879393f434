"""README cannot drift from the code (after sqlite-utils' tests/test_docs.py).

- every `timeline` command is a row of README's Commands table, and each of its options
  is named in that row (options every command shares, like `--content`, may be named
  once in the text under the table);
- README's Limits table states the values of the constants the code enforces.
"""

from __future__ import annotations

import json
import re

import click
import pytest

from generator.cli import main
from tests.conftest import REPO

README = (REPO / "README.md").read_text(encoding="utf-8")
MIB = 1024 * 1024


def section(title: str) -> str:
    """The text of README's section `title` (a `##` or `###` heading), up to the next one."""
    match = re.search(rf"^#{{2,3}} {re.escape(title)}\n(.*?)(?=^#{{2,3}} )", README, re.M | re.S)
    assert match, f"README has no section {title!r}"
    return match.group(1)


def table(text: str) -> dict[str, str]:
    """A Markdown table's rows: first cell -> the rest of the row."""
    rows = {}
    for line in text.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if line.startswith("|") and len(cells) >= 2 and not set(cells[0]) <= set("-: "):
            rows[cells[0]] = " | ".join(cells[1:])
    return rows


COMMANDS = section("Commands")
COMMAND_ROWS = {
    match.group(1): rest
    for first, rest in table(COMMANDS).items()
    if (match := re.fullmatch(r"`timeline (\S+)[^`]*`", first))
}
#: The prose around the table, where options shared by every command are named once.
SHARED_TEXT = "\n".join(line for line in COMMANDS.splitlines() if not line.startswith("|"))


@pytest.mark.parametrize("name", sorted(main.commands))
def test_every_command_and_option_is_in_the_commands_table(name: str) -> None:
    assert name in COMMAND_ROWS, f"README's Commands table has no row for `timeline {name}`"
    row = COMMAND_ROWS[name]
    command = main.commands[name]
    for param in command.params:
        if not isinstance(param, click.Option):
            continue
        option = max(param.opts, key=len)
        assert f"`{option}" in row or f"`{option}" in SHARED_TEXT, (
            f"README's Commands table does not mention `timeline {name} {option}`"
        )


def test_the_commands_table_lists_no_command_that_does_not_exist() -> None:
    assert sorted(COMMAND_ROWS) == sorted(main.commands)


def test_the_group_options_are_mentioned() -> None:
    for param in main.params:
        option = max(param.opts, key=len)
        assert f"{option}`" in SHARED_TEXT, f"README's Commands section does not mention {option}"


def _limits() -> dict[str, int]:
    """The enforced limits: from generator/limits.py once it holds them all (issue 13),
    until then from the modules that enforce them; text lengths from the content schema
    (generated from the models; a test checks its drift)."""
    try:
        from generator import limits as files  # type: ignore[attr-defined]
        from generator import limits as lists  # type: ignore[attr-defined]
        from generator import limits as site  # type: ignore[attr-defined]
    except ImportError:
        from generator import content_models as lists  # type: ignore[no-redef]
        from generator import load as files  # type: ignore[no-redef]
        from generator import validate as site  # type: ignore[no-redef]
    person = json.loads((REPO / "schema" / "person.schema.json").read_text())["properties"]
    return {
        "file": files.MAX_FILE_BYTES,
        "depth": files.MAX_DEPTH,
        "page": site.MAX_PAGE_BYTES,
        "entities": site.MAX_ENTITIES,
        "events": lists.MAX_EVENTS_PER_FILE,
        "roles": lists.MAX_ROLES_PER_FILE,
        "name": person["name"]["maxLength"],
        "line": person["summary"]["maxLength"],
        "markdown": person["description"]["maxLength"],
    }


def test_the_limits_table_matches_the_code() -> None:
    n = _limits()
    assert n["file"] % MIB == 0 and n["page"] % MIB == 0
    expected = {
        "file size": f"{n['file'] // MIB} MiB per YAML file, {n['page'] // MIB} MiB per page",
        "nesting depth": f"{n['depth']} levels",
        "entities": f"{n['entities']:,}",
        "events per file": f"{n['events']:,} (roles: {n['roles']:,})",
        "text": (
            f"names {n['name']:,} characters, titles and summaries {n['line']:,}, "
            f"descriptions {n['markdown']:,}"
        ),
    }
    rows = table(section("Limits"))
    rows.pop("limit", None)  # the header
    assert rows == expected
