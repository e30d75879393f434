"""README cannot drift from the code (after sqlite-utils' tests/test_docs.py).

- every `timeline` command is a row of README's Commands table, and each of its options
  is named in that row (options every command shares, like `--content`, may be named
  once in the text under the table);
- README's Limits table is the content rows of generator/limits.py with their values.
"""

from __future__ import annotations

import re
import subprocess

import click
import pytest

from generator.cli import main
from generator.limits import LIMITS, Limit
from tests.conftest import REPO, require

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


def limit_value(limit: Limit) -> str:
    """How README writes a limit's value: whole MiB for sizes in bytes, else 2,000."""
    if limit.name.endswith("_BYTES") and limit.value % MIB == 0:
        return f"{limit.value // MIB} MiB"
    return f"{limit.value:,}"


def test_the_limits_table_lists_every_content_limit_with_its_value() -> None:
    """README's Limits table is generator/limits.py's content rows, in their order."""
    expected = [(limit.what, limit_value(limit)) for limit in LIMITS if limit.kind == "content"]
    rows = [(what, value) for what, value in table(section("Limits")).items() if what != "limit"]
    assert rows == expected, "README's Limits table should read:\n" + "\n".join(
        f"| {what} | {value} |" for what, value in expected
    )


def test_the_layout_lists_exactly_what_the_repository_holds() -> None:
    """README's Layout names every top-level file and folder git tracks, and nothing else
    (generator/'s modules are checked by tests/test_layers.py)."""
    try:
        listing = subprocess.run(
            ["git", "-C", str(REPO), "ls-files", "-z"], capture_output=True, check=True
        ).stdout.decode("utf-8", "surrogateescape")
    except (OSError, subprocess.CalledProcessError):
        require(False, "the Layout check reads the tracked files with git")
    tracked = {path.split("/", 1)[0] + ("/" if "/" in path else "") for path in listing.split("\0")}
    tracked.discard("")
    block = section("Layout").split("```", 2)[1]
    listed = {line.split()[0] for line in block.splitlines() if line and not line[0].isspace()}
    assert tracked - listed == set(), f"add to README's Layout: {sorted(tracked - listed)}"
    assert listed - tracked == set(), f"README's Layout lists: {sorted(listed - tracked)}"
