""" "Did you mean" for references naming no entity: by name, alias and words of an id,
for participants (`with`) and roles' organizations, in valid files and in files that
fail their schema alike (issue 18)."""

from __future__ import annotations

from pathlib import Path

from generator.errors import Severity
from tests.helpers import problems, write_files

FILES = {
    "sources.yaml": "notes:\n  title: Notes\n",
    "people/andrej-karpathy.yaml": "name: Andrej Karpathy\n",
    "people/fei-fei-li.yaml": "name: Fei-Fei Li\naliases: [Li Fei-Fei]\n",
    "organizations/stanford-university.yaml": "name: Stanford University\naliases: [Stanford]\n",
    "organizations/tesla.yaml": "name: Tesla\naliases: [Tesla Motors]\n",
}


def _ada(with_: str, organization: str = "tesla") -> str:
    return (
        "name: Ada\n"
        f"roles:\n  - organization: {organization}\n    start: 2017\n"
        f"events:\n  - date: 2020\n    title: Meets\n    with: {with_}\n    sources: [notes]\n"
    )


def _messages(tmp_path: Path, ada: str) -> list[tuple[int, str, str]]:
    root = write_files(tmp_path / "content", {**FILES, "people/ada.yaml": ada})
    return sorted(
        (p.location.line, p.code, p.message) for p in problems(root) if p.severity is Severity.ERROR
    )


def test_a_name_written_where_the_id_belongs(tmp_path: Path) -> None:
    [(line, code, message)] = _messages(tmp_path, _ada("[Andrej Karpathy]"))
    assert (line, code) == (8, "invalid-id")
    assert message.startswith("events[0].with[0]: 'Andrej Karpathy' is not a valid id")
    assert message.endswith("; did you mean 'andrej-karpathy'?")


def test_an_alias_a_part_of_an_id_and_a_misspelling(tmp_path: Path) -> None:
    found = _messages(tmp_path, _ada("[Li Fei-Fei, karpathy, andrej-karpathi]"))
    assert [m[2].rsplit("; ", 1)[1] for m in found] == [
        "did you mean 'fei-fei-li'?",
        "did you mean 'andrej-karpathy'?",
        "did you mean 'andrej-karpathy'?",
    ]
    assert [m[1] for m in found] == ["invalid-id", "unknown-id", "unknown-id"]


def test_a_role_names_its_organization_by_name(tmp_path: Path) -> None:
    [(line, code, message)] = _messages(tmp_path, _ada("[]", organization="Stanford"))
    assert (line, code) == (3, "invalid-id")
    assert message.endswith("; did you mean 'stanford-university'?")
    # Only organizations are suggested for a role: a person's name gets no person's id.
    [(_, _, message)] = _messages(tmp_path, _ada("[]", organization="Andrej Karpathy"))
    assert "did you mean" not in message


def test_names_of_files_that_fail_their_schema_are_known(tmp_path: Path) -> None:
    """A file with its own error still lends its name and aliases to hints."""
    broken = {"people/andrej-karpathy.yaml": "name: Andrej Karpathy\nborn: 1986-02-30\n"}
    root = write_files(
        tmp_path / "content", {**FILES, **broken, "people/ada.yaml": _ada("[Andrej Karpathy]")}
    )
    found = {p.code: p.message for p in problems(root)}
    assert found["invalid-id"].endswith("; did you mean 'andrej-karpathy'?")
    assert "invalid-date" in found


def test_nothing_alike_gets_no_hint(tmp_path: Path) -> None:
    [(_, code, message)] = _messages(tmp_path, _ada("[Grace Hopper]"))
    assert code == "invalid-id" and "did you mean" not in message
