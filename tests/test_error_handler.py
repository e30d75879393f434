"""One user-error family, one handler: no traceback for what the user must fix, a
traceback for bugs, the same message from every command."""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator import errors
from generator.cli import main
from generator.errors import BuildError, ConfigError, ContentError, UsageError, UserError
from generator.project import Project

REPO = Path(__file__).resolve().parent.parent


def test_every_user_error_is_one_family() -> None:
    for cls in (ContentError, UsageError, ConfigError, BuildError):
        assert issubclass(cls, UserError), cls
    assert UsageError.exit_code == ConfigError.exit_code == 2
    assert ContentError.exit_code == BuildError.exit_code == 1


def test_every_exception_class_in_generator_is_a_user_error_or_a_documented_bug() -> None:
    """A new exception class must join the family (or be a ValueError the caller turns
    into a located Problem, as dates.DateError is)."""
    allowed_outside = {"DateError", "ImageError"}  # images.py locates an ImageError
    for path in sorted((REPO / "generator").glob("*.py")):
        if path.stem == "__main__":  # importing it runs the command
            continue
        module = importlib.import_module(f"generator.{path.stem}")
        for name, obj in vars(module).items():
            if not (isinstance(obj, type) and issubclass(obj, Exception)):
                continue
            if obj.__module__ != module.__name__ or name in allowed_outside:
                continue
            assert issubclass(obj, UserError), (
                f"{path.name} defines {name}: make it a subclass of errors.UserError so "
                "the one handler reports it"
            )
    assert {
        "UserError",
        "ContentError",
        "UsageError",
        "ConfigError",
        "BuildError",
    } <= {name for name, obj in vars(errors).items() if isinstance(obj, type)}


def test_misconfigured_docs_dir_is_a_user_error(
    sample_project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    """docs_dir pointing at someone's folder: one line, exit 2, the folder untouched."""
    other = sample_project.docs_dir
    other.mkdir(parents=True, exist_ok=True)
    (other / "notes.txt").write_text("mine\n")
    monkeypatch.chdir(sample_project.root)
    result = CliRunner().invoke(main, ["build"])
    assert result.exit_code == 2, result.output
    assert isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    assert "error: " in result.output and "not made by timeline" in result.output
    assert "docs_dir" in result.output
    assert (other / "notes.txt").read_text() == "mine\n"


def test_a_bug_keeps_its_traceback(
    sample_project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise ZeroDivisionError("a bug")

    monkeypatch.setattr("generator.isolated.build_timeline", broken)
    monkeypatch.chdir(sample_project.root)
    result = CliRunner().invoke(main, ["build"])
    assert isinstance(result.exception, ZeroDivisionError)


def test_check_and_build_print_content_errors_alike(
    sample_project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    (sample_project.content / "people" / "x.yaml").write_text("name: ok\nborn: 2023-02-30\n")
    monkeypatch.chdir(sample_project.root)
    runner = CliRunner()
    check, build = runner.invoke(main, ["check"]), runner.invoke(main, ["build"])
    assert check.exit_code == build.exit_code == 1
    line = next(x for x in check.output.splitlines() if "x.yaml" in x)
    assert ": error: " in line and line.endswith("[invalid-date]")
    assert line in build.output.splitlines()
    assert "site/ was left as it was" in build.output
