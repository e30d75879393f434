"""`timeline check` and `timeline new` through click: exit codes, formats, messages."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from generator.cli import main
from tests.conftest import SAMPLE
from tests.helpers import PROBLEM_LINE_RE, write_files

BROKEN = {
    "people/ada.yaml": "name: Ada\nborn: 2023-02-29\nsumary: x\n",
    "organizations/acme.yaml": "name: Acme\nname: again\n",
}
DUPLICATED = {
    "people/ada.yaml": "name: Ada\nevents:\n"
    "  - {date: 1843, title: Publishes notes, with: [bob], sources: [{title: S}]}\n",
    "people/bob.yaml": "name: Bob\nevents:\n"
    "  - {date: 1843, title: Publishes notes., with: [ada], sources: [{title: S}]}\n",
}


def run(*args: str | Path) -> Result:
    result = CliRunner().invoke(main, [str(a) for a in args])
    assert "Traceback" not in result.output
    if result.exception is not None:
        assert isinstance(result.exception, SystemExit), result.exception
    return result


def test_check_passes_on_clean_content() -> None:
    result = run("check", "--content", SAMPLE)
    assert result.exit_code == 0, result.output
    assert "0 errors, 0 warnings" in result.output
    assert re.search(
        r"checked \d+ people, \d+ organizations?, \d+ events?, \d+ sources?", result.output
    )


def test_check_passes_on_the_sample_content() -> None:
    assert run("check", "--content", SAMPLE).exit_code == 0


def test_check_fails_with_every_error_and_a_summary(tmp_path: Path) -> None:
    root = write_files(tmp_path / "content", BROKEN)
    result = run("check", "--content", root)
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[-1] == "3 errors, 0 warnings"
    problems = [PROBLEM_LINE_RE.match(line) for line in lines[:-1]]
    assert all(problems), lines
    assert [(Path(m["file"]).name, m["line"], m["col"]) for m in problems if m] == [
        ("acme.yaml", "2", "1"),
        ("ada.yaml", "2", "7"),
        ("ada.yaml", "3", "1"),
    ]
    assert "born: '2023-02-29' is not a valid date" in result.output
    assert "did you mean 'summary'?" in result.output


def test_diagnostics_on_stdout_and_the_summary_on_stderr(tmp_path: Path) -> None:
    """As ruff and mypy do: `timeline check > problems.txt` holds exactly the problems."""
    root = write_files(tmp_path / "content", BROKEN)
    result = run("check", "--content", root)
    assert all(PROBLEM_LINE_RE.match(line) for line in result.stdout.splitlines())
    assert len(result.stdout.splitlines()) == 3
    assert result.stderr.splitlines() == ["3 errors, 0 warnings"]


def test_paths_are_relative_to_the_working_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_files(tmp_path / "content", BROKEN)
    monkeypatch.chdir(tmp_path)
    result = run("check")
    assert result.exit_code == 1
    assert "content/people/ada.yaml:2:7: error: " in result.output


@pytest.mark.parametrize(
    "args",
    [
        ["check", "--format", "nope"],
        ["check", "--no-such-option"],
        ["check", "--content"],
        ["nonsense"],
        ["new", "robot", "R2"],
        ["new", "person"],
    ],
)
def test_usage_errors_exit_2(args: list[str], tmp_path: Path) -> None:
    result = run(*args)
    assert result.exit_code == 2, result.output


def test_missing_content_folder_fails(tmp_path: Path) -> None:
    result = run("check", "--content", tmp_path / "nowhere")
    assert result.exit_code in (1, 2)
    assert "not found" in result.output


def test_github_format(tmp_path: Path) -> None:
    root = write_files(tmp_path / "content", BROKEN)
    result = run("check", "--content", root, "--format", "github")
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert len(lines) == 3
    for line in lines:
        assert re.match(r"^::error file=[^,]+,line=\d+,col=\d+,title=[a-z-]+::.+", line), line
    assert any(
        line.startswith("::error file=") and "ada.yaml,line=2,col=7,title=invalid-date::" in line
        for line in lines
    )


def test_github_format_escapes_percent(tmp_path: Path) -> None:
    root = write_files(tmp_path / "content", {"people/ada.yaml": "name: Ada\nborn: 2023-02-30%\n"})
    result = run("check", "--content", root, "--format", "github")
    assert result.output.count("\n") == 1
    assert "'2023-02-30%25' is not a valid date" in result.output


def test_github_format_warning(tmp_path: Path) -> None:
    root = write_files(tmp_path / "content", DUPLICATED)
    result = run("check", "--content", root, "--format", "github")
    assert result.exit_code == 0
    assert result.output.startswith("::warning file=")
    assert "title=possible-duplicate::" in result.output


def test_json_format(tmp_path: Path) -> None:
    root = write_files(tmp_path / "content", BROKEN)
    result = run("check", "--content", root, "--format", "json")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert data["errors"] == 3
    assert data["warnings"] == 0
    assert {
        (Path(p["path"]).name, p["line"], p["column"], p["code"]) for p in data["problems"]
    } == {
        ("acme.yaml", 2, 1, "duplicate-key"),
        ("ada.yaml", 2, 7, "invalid-date"),
        ("ada.yaml", 3, 1, "unknown-field"),
    }
    assert all(p["severity"] == "error" and p["message"] for p in data["problems"])


def test_json_format_when_clean() -> None:
    result = run("check", "--content", SAMPLE, "--format", "json")
    assert result.exit_code == 0
    assert json.loads(result.stdout) == {"errors": 0, "warnings": 0, "problems": []}


def test_warnings_pass_without_strict(tmp_path: Path) -> None:
    root = write_files(tmp_path / "content", DUPLICATED)
    result = run("check", "--content", root)
    assert result.exit_code == 0
    assert "warning:" in result.output
    assert "[possible-duplicate]" in result.output
    assert "0 errors, 1 warning" in result.output


def test_strict_fails_on_a_warning(tmp_path: Path) -> None:
    root = write_files(tmp_path / "content", DUPLICATED)
    result = run("check", "--content", root, "--strict")
    assert result.exit_code == 1
    assert "0 errors, 1 warning" in result.output


def test_strict_passes_clean_content() -> None:
    assert run("check", "--content", SAMPLE, "--strict").exit_code == 0


@pytest.mark.parametrize(
    "body",
    [
        b"\xff\xfe\x00",
        b"[" * 100_000,
        b"a: !!python/object/apply:os.system ['false']\n",
        b"{" * 50 + b"}" * 50,
        b"name: Ada\nevents:\n  - " + b"x: " * 5000 + b"\n",
        b"name: Ada\nevents: [{date: {}}, {title: []}, 42, null, [[]]]\n",
    ],
)
def test_hostile_content_never_prints_a_traceback(body: bytes, tmp_path: Path) -> None:
    root = write_files(tmp_path / "content", {"people/x.yaml": body})
    result = run("check", "--content", root)
    assert result.exit_code == 1
    assert PROBLEM_LINE_RE.match(result.output.splitlines()[0])


# -- timeline new ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "name", "file", "schema"),
    [
        ("person", "Ada Lovelace", "people/ada-lovelace.yaml", "person"),
        (
            "organization",
            "Analytical Engines Ltd",
            "organizations/analytical-engines-ltd.yaml",
            "organization",
        ),
    ],
)
def test_new_writes_a_valid_skeleton(
    kind: str, name: str, file: str, schema: str, tmp_path: Path
) -> None:
    content = tmp_path / "content"
    result = run("new", kind, name, "--content", content)
    assert result.exit_code == 0, result.output
    target = content / file
    assert result.output.strip().endswith(file)
    text = target.read_text(encoding="utf-8")
    assert text.splitlines()[0] == (
        f"# yaml-language-server: $schema=../../schema/{schema}.schema.json"
    )
    assert f'name: "{name}"' in text
    check = run("check", "--content", content)
    assert check.exit_code == 0, check.output
    assert "[placeholder-text]" in check.stdout  # the skeleton is valid, not publishable


def test_new_refuses_to_overwrite(tmp_path: Path) -> None:
    content = tmp_path / "content"
    assert run("new", "person", "Ada Lovelace", "--content", content).exit_code == 0
    target = content / "people" / "ada-lovelace.yaml"
    target.write_text("name: Edited by hand\n")
    result = run("new", "person", "Ada Lovelace", "--content", content)
    assert result.exit_code == 2
    assert "already exists" in result.output
    assert target.read_text() == "name: Edited by hand\n"


def test_new_refuses_an_id_taken_by_the_other_kind(tmp_path: Path) -> None:
    content = tmp_path / "content"
    assert run("new", "person", "Acme", "--content", content).exit_code == 0
    result = run("new", "organization", "Acme", "--content", content)
    assert result.exit_code == 2
    assert not (content / "organizations" / "acme.yaml").exists()


def test_new_with_explicit_id(tmp_path: Path) -> None:
    content = tmp_path / "content"
    result = run("new", "person", "Ada", "--id", "ada-king", "--content", content)
    assert result.exit_code == 0
    assert (content / "people" / "ada-king.yaml").is_file()


@pytest.mark.parametrize(
    ("name", "entity_id"),
    [("Ada", "Ada"), ("Ada", "index"), ("日本", None), ("<script>", "x"), ("Ada\nB", "x")],
)
def test_new_refuses_bad_ids_and_names(name: str, entity_id: str | None, tmp_path: Path) -> None:
    content = tmp_path / "content"
    args = ["new", "person", name, "--content", str(content)]
    if entity_id:
        args += ["--id", entity_id]
    result = run(*args)
    assert result.exit_code == 2
    assert not (content / "people").exists() or not any((content / "people").iterdir())


@pytest.mark.parametrize("name", ['Ada: the "Countess" # of Lovelace', "O'Brien & Sons", "Ñandú"])
def test_new_names_with_yaml_characters_round_trip(name: str, tmp_path: Path) -> None:
    content = tmp_path / "content"
    result = run("new", "organization", name, "--id", "org", "--content", content)
    assert result.exit_code == 0, result.output
    from generator.check import check_content

    assert check_content(content).entities["org"].model.name == name


def test_checking_a_folder_without_content_is_an_error(tmp_path: Path) -> None:
    root = write_files(tmp_path / "content", {"people/ada.yaml": "name: Ada\n"})
    result = run("check", "--content", root / "people")
    assert result.exit_code == 1
    assert "nothing was checked; point --content at the folder that holds them" in result.stdout


def test_files_timeline_never_reads_are_warned_about(tmp_path: Path) -> None:
    root = write_files(
        tmp_path / "content",
        {
            "people/ada.yaml": "name: Ada\n",
            "rosa.yaml": "name: Rosa\n",
            "acme.yaml": "name: Acme\nfounded: 2001\n",
            "person/bob.yaml": "name: Bob\n",
            "notes/cy.yaml": "name: Cy\nroles: []\n",
        },
    )
    result = run("check", "--content", root)
    assert result.exit_code == 0
    out = result.stdout.replace(str(root.parent) + "/", "")
    move = "warning: timeline does not read this file: move it into content/"
    assert out.splitlines() == [
        f"content/acme.yaml:1:1: {move}organizations/ [ignored-file]",
        f"content/notes/cy.yaml:1:1: {move}people/ [ignored-file]",
        f"content/person/bob.yaml:1:1: {move}people/ [ignored-file]",
        f"content/rosa.yaml:1:1: {move}people/ (a person) or content/organizations/ "
        "(an organization) [ignored-file]",
    ]
    problems = json.loads(run("check", "--content", root, "--format", "json").stdout)["problems"]
    assert {p["code"] for p in problems} == {"ignored-file"}


def test_warnings_for_what_would_be_published_unchecked(tmp_path: Path) -> None:
    content = tmp_path / "content"
    assert run("new", "person", "Rosa Quintero", "--content", content).exit_code == 0
    person = content / "people" / "rosa-quintero.yaml"
    person.write_text(
        person.read_text() + "roles:\n  - {organization: acme, start: 2017}\n", encoding="utf-8"
    )
    write_files(content, {"organizations/acme.yaml": "name: Acme\n"})
    result = run("check", "--content", content, "--format", "json")
    codes = {p["code"] for p in json.loads(result.stdout)["problems"]}
    assert codes == {"placeholder-text", "unsourced-role"}
    assert result.exit_code == 0
    assert run("check", "--content", content, "--strict").exit_code == 1


def test_a_person_file_in_organizations_says_move_it(tmp_path: Path) -> None:
    root = write_files(
        tmp_path / "content",
        {"organizations/rosa.yaml": "name: Rosa\nroles:\n  - {organization: x, start: 2017}\n"},
    )
    result = run("check", "--content", root)
    assert (
        "unknown field 'roles': only people have roles; if this file is about a person, "
        f"move it to {root}/people/ [unknown-field]" in result.stdout
    )
