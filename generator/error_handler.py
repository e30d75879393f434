"""The one place that turns a user error into what the user sees and the exit code.

`timeline check`, `timeline build`, `timeline new` and `timeline serve` all report user
errors here (the model is rendercv's cli/error_handler.py): content problems as
`path:line:col: error: message [code]` lines (or GitHub annotations, or JSON), other
user errors as one `error: ...` line. Exceptions that are not a `UserError` are bugs and
pass through with their traceback.
"""

from __future__ import annotations

import contextlib
import json
import sys
from collections.abc import Iterator, Sequence

import click

from generator.errors import ContentError, Problem, Severity, UsageError, UserError, printable

FORMATS = ("text", "github", "json")


def github_data(text: str) -> str:
    """A workflow command's message, escaped as GitHub's toolkit does (`%`, CR, LF), after
    controls and invisible characters are made visible (no terminal escapes pass)."""
    return printable(text).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def github_property(text: str) -> str:
    """A workflow command's property value (file=, title=): also `:` and `,`."""
    return github_data(text).replace(":", "%3A").replace(",", "%2C")


def print_problems(problems: Sequence[Problem], fmt: str = "text") -> None:
    """Print content problems in `fmt` (see FORMATS), with a count in text."""
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
            click.echo(
                f"::{p.severity} file={github_property(p.location.path)},line={p.location.line},"
                f"col={p.location.column},title={github_property(p.code)}::"
                + github_data(p.message)
            )
        else:
            click.echo(p.format())
    if fmt == "text":
        # Diagnostics on stdout, the count on stderr (as ruff and mypy do): a pipe or a
        # file gets exactly the problems, one per line; the terminal shows the tally too.
        click.echo(
            f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}",
            err=True,
        )


def print_user_error(error: UserError, fmt: str = "text") -> None:
    """Print `error` for the user (no traceback)."""
    if isinstance(error, ContentError):
        print_problems(error.problems, fmt)
    else:
        for line in error.lines():
            click.echo(line, err=True)


@contextlib.contextmanager
def exit_on_user_error(fmt: str = "text", *, then: str | None = None) -> Iterator[None]:
    """Around a command's work: a UserError is printed (followed by `then`, such as
    "site/ was left as it was") and the command exits with the error's code.

    A UsageError is handed to click, which prints it with the command's usage line.
    """
    try:
        yield
    except UsageError as exc:
        raise click.UsageError(str(exc)) from None
    except UserError as exc:
        print_user_error(exc, fmt)
        if then:
            click.echo(then, err=True)
        sys.exit(exc.exit_code)
