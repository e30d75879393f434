"""The `timeline` command: check, new, build and serve."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from generator.errors import ContentError, Problem, Severity, UsageError

CONTENT_OPTION = click.option(
    "--content",
    "content_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("content"),
    show_default=True,
    help="Folder with people/, organizations/, sources.yaml and pages/.",
)


def _print_problems(problems: list[Problem], fmt: str) -> None:
    errors = sum(p.severity is Severity.ERROR for p in problems)
    warnings = len(problems) - errors
    if fmt == "json":
        click.echo(
            json.dumps(
                {
                    "errors": errors,
                    "warnings": warnings,
                    "problems": [p.as_dict() for p in problems],
                },
                indent=2,
            )
        )
        return
    for p in problems:
        if fmt == "github":
            msg = p.message.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
            path = p.location.path.replace(",", "%2C").replace(":", "%3A")
            click.echo(
                f"::{p.severity} file={path},line={p.location.line},"
                f"col={p.location.column},title={p.code}::{msg}"
            )
        else:
            click.echo(p.format(), err=p.severity is Severity.ERROR or None)
    if fmt == "text":
        click.echo(
            f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}",
            err=bool(errors) or None,
        )


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="timeline")
def main() -> None:
    """Build a cross-linked timeline site from YAML files about people and organizations."""


@main.command()
@CONTENT_OPTION
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "github", "json"]),
    default="text",
    show_default=True,
    help="github: Actions annotations; json: for tools.",
)
@click.option("--strict", is_flag=True, help="Fail on warnings too.")
def check(content_dir: Path, fmt: str, strict: bool) -> None:
    """Validate every content file and print every problem (exit 1 on errors)."""
    from generator.rules import check_content

    try:
        content = check_content(content_dir, strict=strict)
    except ContentError as exc:
        _print_problems(exc.problems, fmt)
        sys.exit(1)
    _print_problems(content.problems, fmt)
    if fmt == "text":
        people = sum(e.kind == "person" for e in content.entities.values())
        events = sum(len(e.model.events) for e in content.entities.values())
        click.echo(
            f"checked {people} people, {len(content.entities) - people} organizations, "
            f"{events} events, {len(content.sources)} sources"
        )


@main.command()
@CONTENT_OPTION
@click.argument("kind", type=click.Choice(["person", "organization"]))
@click.argument("name")
@click.option("--id", "entity_id", help="The id (file name); derived from NAME when omitted.")
def new(content_dir: Path, kind: str, name: str, entity_id: str | None) -> None:
    """Write a skeleton file for a new person or organization and print its path."""
    from generator.scaffold import new_entity

    try:
        path = new_entity(content_dir, kind, name, entity_id)  # type: ignore[arg-type]
    except UsageError as exc:
        raise click.UsageError(str(exc)) from None
    click.echo(path)
