"""User errors: the one exception family for what the user must fix, and its Problems.

Every error a user can cause (bad content, a misused command, a misconfigured
mkdocs.yml, a failed MkDocs build) is a `UserError`; error_handler.py turns one into the
printed message and the exit code, without a traceback. Any other exception is a bug
in timeline and keeps its traceback.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass

from generator.characters import invisible_pattern

#: Characters a message may quote from content but must not print as they are: line
#: breaks would forge extra `path:line:col` lines, controls (ESC) drive the terminal,
#: and invisible and direction characters (generator.characters) hide or reorder text.
_CONTROL_RE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def _escape(m: re.Match[str]) -> str:
    return m.group().encode("unicode_escape").decode()


def printable(text: str) -> str:
    """`text` with every control, line break and invisible character written as an
    escape (`\\n`, `\\x1b`, `\\u202e`): safe to print on one line of a terminal or log."""
    return invisible_pattern().sub(_escape, _CONTROL_RE.sub(_escape, text))


class Severity(enum.StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True, slots=True)
class Location:
    """A place in a content file; line and column count from 1."""

    path: str
    line: int = 1
    column: int = 1

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}"

    @classmethod
    def of_offset(cls, path: str, text: str, offset: int) -> Location:
        """The place of character `offset` of `text` (the file's decoded text)."""
        line_start = text.rfind("\n", 0, offset) + 1
        return cls(path, text.count("\n", 0, offset) + 1, offset - line_start + 1)


@dataclass(frozen=True, order=True, slots=True)
class Problem:
    """One thing wrong with the content.

    `code` is a stable identifier (tests and tools match on it); `message` is for people
    and may change wording between releases.
    """

    location: Location
    code: str
    message: str
    severity: Severity = Severity.ERROR

    def format(self) -> str:
        """One line: `path:line:col: severity: message [code]`, unprintables escaped."""
        return printable(f"{self.location}: {self.severity}: {self.message} [{self.code}]")

    def as_dict(self) -> dict[str, object]:
        return {
            "path": self.location.path,
            "line": self.location.line,
            "column": self.location.column,
            "severity": str(self.severity),
            "code": self.code,
            "message": self.message,
        }


class UserError(Exception):
    """Something the user must fix; never a bug in the tool.

    `exit_code` is what the command exits with; `lines()` is what it prints.
    """

    exit_code = 1

    def lines(self) -> list[str]:
        return [f"error: {self}"]


class ContentError(UserError):
    """The content is wrong: the user must fix a file (exit 1).

    Carries every problem found, each located as `path:line:col` with a stable code.
    """

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems)
        super().__init__("\n".join(p.format() for p in self.problems))

    def __reduce__(self) -> tuple[object, ...]:
        # Pickled with its problems, not its message: a forked child raises it (isolated.py).
        return type(self), (self.problems,)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.ERROR]

    def lines(self) -> list[str]:
        return [p.format() for p in self.problems]


class UsageError(UserError):
    """The command was used wrongly (missing folder, file exists, ...): exit 2."""

    exit_code = 2


class ConfigError(UserError):
    """The project is misconfigured (mkdocs.yml: docs_dir, site_dir, ...): exit 2."""

    exit_code = 2


class AddressError(UserError):
    """`timeline serve --dev-addr` is malformed or cannot be served on: one line, exit 2."""

    exit_code = 2


class BuildError(UserError):
    """MkDocs failed or warned on the generated pages; the previous site was kept."""
