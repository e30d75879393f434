"""The `timeline` command: check, stamp, new, rename, init, build, serve, links and schema."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from generator.error_handler import FORMATS, exit_on_user_error, print_problems
from generator.project import Project, find_project

if TYPE_CHECKING:
    from generator.build import Report
    from generator.errors import Location

CONTENT_OPTION = click.option(
    "--content",
    "content_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("content"),
    show_default=True,
    help="Folder with people/, organizations/, sources.yaml and pages/.",
)

# How check and stamp print problems (one option, so the two commands stay alike).
FORMAT_OPTION = click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default="text",
    show_default=True,
    help="github: Actions annotations; json: for tools.",
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="timeline")
def main() -> None:
    """Build a cross-linked timeline site from YAML files about people and organizations."""


@main.command()
@CONTENT_OPTION
@FORMAT_OPTION
@click.option("--strict", is_flag=True, help="Fail on warnings too.")
def check(content_dir: Path, fmt: str, strict: bool) -> None:
    """Validate every content file and print every problem (exit 1 on errors)."""
    from generator.build import gc_paused
    from generator.check import check_content
    from generator.content_files import counted

    # mkdocs.yml beside the content folder: its nav must name pages that exist.
    # The cyclic collector is paused as in `build` (its scans of the millions of small,
    # acyclic objects of parsing cost about a third of check's time).
    with exit_on_user_error(fmt), gc_paused():
        content = check_content(content_dir, strict=strict, nav=_nav(content_dir))
    print_problems(content.problems, fmt)
    if fmt == "text":
        click.echo(f"checked {counted(content)}", err=True)


def _nav(content_dir: Path) -> tuple[tuple[str, Location], ...]:
    """The pages mkdocs.yml beside the content folder names (its nav must name pages
    that exist), or none without one."""
    if not (content_dir.parent / "mkdocs.yml").is_file():
        return ()
    return find_project(content_dir.parent, content_dir).nav


@main.command()
@CONTENT_OPTION
@click.argument("old")
@click.argument("new")
def rename(content_dir: Path, old: str, new: str) -> None:
    """Give entity OLD the id NEW: move its file, keep OLD as a former id (old addresses
    keep working) and rewrite every reference to it, in place; then check."""
    from generator.content_files import counted
    from generator.rename import rename_entity, report_lines

    with exit_on_user_error():
        config = content_dir.parent / "mkdocs.yml"
        nav = _nav(content_dir)
        result = rename_entity(content_dir, old, new, nav, config if config.is_file() else None)
    for line in report_lines(result, old, new):
        click.echo(line)
    click.echo(f"checked {counted(result.content)}", err=True)


@main.command()
@CONTENT_OPTION
@click.option(
    "--check",
    "check_only",
    is_flag=True,
    help="Write nothing; fail when content/changes.lock is missing or stale (for CI).",
)
@FORMAT_OPTION
def stamp(content_dir: Path, check_only: bool, fmt: str) -> None:
    """Record in content/changes.lock each event added or changed since the last stamp
    (dated today, or SOURCE_DATE_EPOCH's day), so its feed entry shows the change."""
    from generator.content_files import counted
    from generator.stamp import check_stamped
    from generator.stamp import stamp as run_stamp

    lines: list[str] = []
    then = None if check_only else "nothing was written"
    with exit_on_user_error(fmt, then=then):
        if check_only:
            content = check_stamped(content_dir, _nav(content_dir))
        else:
            result = run_stamp(content_dir, _nav(content_dir))
            content, lines = result.content, result.lines()
    print_problems(content.problems, fmt)
    for line in lines:
        click.echo(line, err=fmt != "text")  # stdout stays one document for tools
    if fmt == "text":
        click.echo(f"checked {counted(content)}", err=True)


@main.command()
@CONTENT_OPTION
@click.argument("kind", type=click.Choice(["person", "organization"]))
@click.argument("name")
@click.option("--id", "entity_id", help="The id (file name); derived from NAME when omitted.")
def new(content_dir: Path, kind: str, name: str, entity_id: str | None) -> None:
    """Write a skeleton file for a new person or organization and print its path."""
    from generator.scaffold import new_entity

    with exit_on_user_error():
        path = new_entity(content_dir, kind, name, entity_id)  # type: ignore[arg-type]
    click.echo(path)


@main.command()
@click.argument(
    "directory", type=click.Path(file_okay=False, path_type=Path), default=Path("."), required=False
)
@click.option("--name", help="The site's name (default: from the folder's name).")
def init(directory: Path, name: str | None) -> None:
    """Start a new timeline project in DIRECTORY (default: here) that builds at once."""
    from generator.content_files import display_path
    from generator.scaffold import init_project

    with exit_on_user_error():
        files, requirement_known = init_project(directory, name)
    root = display_path(directory.resolve())
    click.echo(f"Started a timeline in {root} ({len(files)} files and folders).")
    cd = "" if directory.resolve() == Path.cwd().resolve() else f"  cd {root}\n"
    click.echo(
        f"Next:\n{cd}"
        '  timeline new person "Ada Lovelace"    # writes content/people/ada-lovelace.yaml\n'
        "  timeline serve                        # preview on http://127.0.0.1:8000/\n"
        "  timeline build                        # the site, in site/"
    )
    if not requirement_known:
        click.echo(
            "Before publishing: requirements.txt must say where the Pages workflow installs "
            "timeline from (replace OWNER; README.md, Publishing, says how).",
            err=True,
        )


class _Progress:
    """Stage progress on stderr: a live line on a terminal, plain lines in CI or a pipe."""

    def __init__(self) -> None:
        self.live = sys.stderr.isatty() and not os.environ.get("CI")

    def start(self, stage: str) -> None:
        if self.live:
            click.echo(f"\r\x1b[K{stage} …", nl=False, err=True)

    def step(self, stage: str, done: int) -> None:
        if self.live and done % 25 == 0:
            click.echo(f"\r\x1b[K{stage}: {done:,} files", nl=False, err=True)

    def end(self, stage: str, seconds: float) -> None:
        prefix = "\r\x1b[K" if self.live else ""
        click.echo(f"{prefix}{stage}: done in {seconds:.2f}s", err=True)


def _project(content_dir: Path | None) -> Project:
    with exit_on_user_error():
        return find_project(content=content_dir)


def _summary(report: Report, *, timings: bool) -> None:
    write = report.write
    assert write is not None
    click.echo(
        f"{report.counts}; pages: {len(write.written)} written, "
        f"{write.unchanged} unchanged, {len(write.removed)} removed"
    )
    if timings:
        click.echo("  ".join(f"{k} {v:.2f}s" for k, v in report.timings.items()))


@main.command()
@CONTENT_OPTION
@click.option("--strict", is_flag=True, help="Fail on content warnings too.")
@click.option("--timings", is_flag=True, help="Also print all stage timings on one line.")
@click.option(
    "--jobs",
    type=click.IntRange(1, 2),
    default=None,
    help="Processes that render (default: 2 for a large site on two or more cores).",
)
def build(content_dir: Path, strict: bool, timings: bool, jobs: int | None) -> None:
    """Check, generate and build the site into site/ (kept unchanged on any failure)."""
    from generator.build import Report as BuildReport
    from generator.build import build as run_build

    project = _project(content_dir)
    with exit_on_user_error(then="build stopped; site/ was left as it was"):
        report = run_build(
            project, strict=strict, report=BuildReport(progress=_Progress()), jobs=jobs
        )
    for p in report.content.problems if report.content else []:
        click.echo(p.format(), err=True)
    _summary(report, timings=timings)
    click.echo(f"site built in {project.site_dir}")


@main.command()
@CONTENT_OPTION
@click.option(
    "--dev-addr",
    default="127.0.0.1:8000",
    show_default=True,
    help="HOST:PORT, or PORT alone (host 127.0.0.1).",
)
def serve(content_dir: Path, dev_addr: str) -> None:
    """Preview the site with live reload; regenerates pages when content changes."""
    from generator.serve import parse_dev_addr
    from generator.serve import serve as run_serve

    with exit_on_user_error():
        parse_dev_addr(dev_addr)
        run_serve(_project(content_dir), dev_addr)


@main.command()
@CONTENT_OPTION
@click.option(
    "--timeout",
    type=click.FloatRange(min=0.1, max=120),
    default=10.0,
    show_default=True,
    help="Seconds to wait for each answer.",
)
@click.option(
    "--jobs",
    type=click.IntRange(min=1, max=32),
    default=8,
    show_default=True,
    help="Addresses checked at once.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "github", "json"]),
    default="text",
    show_default=True,
    help="github: Actions annotations for what is not ok; json: for tools.",
)
def links(content_dir: Path, timeout: float, jobs: int, fmt: str) -> None:
    """Check every source's url and archive over the network (exit 1 when any is gone).

    Never run by build: builds work offline. Each address is requested once (HEAD,
    then GET where HEAD is refused), redirects are followed and reported.
    """
    from generator import links as checker
    from generator.check import check_content

    with exit_on_user_error():
        content = check_content(content_dir, stamped=False)  # the feeds' dates do not matter
    results = checker.check_all(checker.targets(content), timeout=timeout, jobs=jobs)
    if fmt == "json":
        click.echo(checker.format_json(results))
    else:
        lines = checker.format_text(results) if fmt == "text" else checker.format_github(results)
        for line in lines:
            click.echo(line)
    if any(o.status == "gone" for _, o in results):
        sys.exit(1)


@main.command()
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("schema"),
    show_default=True,
    help="Folder for the JSON Schemas.",
)
def schema(out: Path) -> None:
    """Regenerate the JSON Schemas of the content files (for editors)."""
    from generator.editor_schemas import dump_schemas

    for path in dump_schemas(out):
        click.echo(f"wrote {path}")
