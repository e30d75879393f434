"""`timeline init`: a new project that checks and builds at once; check and build agree."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from generator.cli import main

REPO = Path(__file__).resolve().parent.parent


def run(*args: str) -> Result:
    result = CliRunner().invoke(main, list(args))
    assert "Traceback" not in result.output, result.output
    return result


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    result = run("init", "my-timeline", "--name", "My timeline")
    assert result.exit_code == 0, result.output
    monkeypatch.chdir(tmp_path / "my-timeline")
    return tmp_path / "my-timeline"


def test_init_writes_a_project_that_checks_and_builds(project: Path) -> None:
    for rel in (
        "mkdocs.yml",
        "content/people/README.md",
        "content/organizations/README.md",
        "content/pages/about.md",
        "content/changes.lock",
        ".github/workflows/pages.yml",
        ".gitignore",
        ".vscode/settings.json",
        ".vscode/extensions.json",
        "schema/person.schema.json",
        "site_templates/entity.md.j2",
        "requirements.txt",
        "README.md",
    ):
        assert (project / rel).is_file(), rel
    extensions = json.loads((project / ".vscode/extensions.json").read_text())
    assert extensions["recommendations"] == ["redhat.vscode-yaml"]
    assert 'site_name: "My timeline"' in (project / "mkdocs.yml").read_text()
    workflow = (project / ".github/workflows/pages.yml").read_text()
    assert ".venv/bin/pip install -q -r requirements.txt" in workflow
    assert "requirements.lock" not in workflow
    assert run("check").exit_code == 0
    assert run("new", "person", "Ada Lovelace").exit_code == 0
    built = run("build")
    assert built.exit_code == 0, built.output
    assert (project / "site/people/ada-lovelace/index.html").is_file()
    assert (project / "site/about/index.html").is_file()


def test_init_never_overwrites(project: Path) -> None:
    result = run("init", ".")
    assert result.exit_code == 2
    assert "mkdocs.yml already exists" in result.output


def test_check_reports_a_nav_entry_naming_a_missing_page_as_build_does(project: Path) -> None:
    (project / "content/pages/about.md").unlink()
    check = run("check")
    assert check.exit_code == 1
    line = next(
        line for line in (project / "mkdocs.yml").read_text().splitlines() if "about.md" in line
    )
    assert check.stdout.startswith("mkdocs.yml:")
    assert "the nav names 'about.md', but content/pages/about.md does not exist" in check.stdout
    assert "[nav-missing-page]" in check.stdout
    as_json = json.loads(run("check", "--format", "json").stdout)
    assert [p["code"] for p in as_json["problems"]] == ["nav-missing-page"]
    assert line.strip() == "- About: about.md"
    build = run("build")
    assert build.exit_code == 1
    assert "[nav-missing-page]" in build.stdout
    assert not (project / "site").exists()


def test_a_broken_mkdocs_yml_is_one_located_error_in_check_and_build(project: Path) -> None:
    (project / "mkdocs.yml").write_text('site_name: "My timeline\nnav:\n  - Home: index.md\n')
    for command in ("check", "build", "serve"):
        result = run(command)
        assert result.exit_code == 1, (command, result.output)
        assert result.stdout.splitlines()[0].startswith("mkdocs.yml:1:12: error: YAML syntax"), (
            command,
            result.output,
        )
        assert "[mkdocs-config]" in result.stdout
    problems = json.loads(run("check", "--format", "json").stdout)["problems"]
    assert [p["code"] for p in problems] == ["mkdocs-config"]


def test_init_says_how_the_pages_workflow_installs_timeline(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    readme = (project / "README.md").read_text()
    requirement = (project / "requirements.txt").read_text().splitlines()[-1]
    assert requirement.startswith("timeline @ git+")
    assert "needs no install of its own" in readme
    assert "timeline @ git+https://github.com/<you>/timeline@<commit>" in readme
    assert 'Source: "GitHub Actions"' in readme
    # The workflow's install step stops at once, with an annotation on requirements.txt,
    # while the placeholder is there; it goes on once the line names a real address.
    workflow = (project / ".github/workflows/pages.yml").read_text()
    step = workflow.split("- name: Install timeline (requirements.txt)\n", 1)[1]
    script = "\n".join(line.strip() for line in step.split("python -m venv", 1)[0].splitlines())
    script = script.removeprefix("run: |")
    (project / "requirements.txt").write_text(
        "# comment\n# comment\ntimeline @ git+https://github.com/OWNER/timeline@main\n"
    )
    stopped = subprocess.run(["bash", "-ec", script], cwd=project, capture_output=True, text=True)
    assert stopped.returncode == 1
    assert stopped.stdout.startswith(
        "::error file=requirements.txt,line=3::requirements.txt still says OWNER"
    )
    (project / "requirements.txt").write_text(
        "timeline @ git+https://github.com/rosa/timeline@0123abc\n"
    )
    passed = subprocess.run(["bash", "-ec", script], cwd=project, capture_output=True, text=True)
    assert (passed.returncode, passed.stdout) == (0, "")


@pytest.mark.slow
def test_a_new_project_builds_with_timeline_installed_as_a_package(project: Path) -> None:
    # As the Pages workflow does: timeline installed (not editable, not from this tree),
    # the project holding only what init wrote; a real process builds it.
    target = project.parent / "installed"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "-q",
            "--no-deps",
            "--no-build-isolation",
            "--target",
            str(target),
            str(REPO),
        ],
        check=True,
        capture_output=True,
    )
    env = {**os.environ, "PYTHONPATH": str(target), "NO_MKDOCS_2_WARNING": "1"}
    run("new", "person", "Ada Lovelace")
    probe = subprocess.run(
        [sys.executable, "-c", "import generator; print(generator.__file__)"],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert probe.stdout.startswith(str(target))
    built = subprocess.run(
        [sys.executable, "-m", "generator", "build"],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
    )
    assert built.returncode == 0, built.stdout + built.stderr
    assert "Traceback" not in built.stderr
    assert (project / "site/people/ada-lovelace/index.html").is_file()
    assert (project / "site/about/index.html").is_file()
