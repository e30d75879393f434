"""The sample fixture tree compiled and compared file by file with tests/golden/sample/.

Run `pytest tests/test_golden.py --update-golden` after an intended change, and review
the diff of tests/golden/ like code.
"""

from __future__ import annotations

import difflib
import shutil
from pathlib import Path

import pytest

from generator.build import generate
from generator.project import Project
from tests.conftest import GOLDEN

EXPECTED = GOLDEN / "sample"


def _tree(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and not p.name.startswith(".")
    }


def test_generated_markdown_matches_golden(
    sample_project: Project, request: pytest.FixtureRequest
) -> None:
    generate(sample_project)
    actual = _tree(sample_project.docs_dir)
    if request.config.getoption("--update-golden"):
        shutil.rmtree(EXPECTED, ignore_errors=True)
        for rel, data in actual.items():
            (EXPECTED / rel).parent.mkdir(parents=True, exist_ok=True)
            (EXPECTED / rel).write_bytes(data)
        pytest.skip("golden files updated")
    expected = _tree(EXPECTED)
    assert sorted(actual) == sorted(expected), "generated files differ from tests/golden/sample"
    for rel in expected:
        if actual[rel] != expected[rel]:
            diff = "\n".join(
                difflib.unified_diff(
                    expected[rel].decode(errors="replace").splitlines(),
                    actual[rel].decode(errors="replace").splitlines(),
                    f"golden/{rel}",
                    f"generated/{rel}",
                    lineterm="",
                    n=2,
                )
            )
            pytest.fail(
                f"{rel} differs from the golden file "
                f"(run pytest --update-golden to accept):\n{diff[:4000]}"
            )


def test_generation_is_deterministic(sample_project: Project, tmp_path: Path) -> None:
    generate(sample_project)
    first = _tree(sample_project.docs_dir)
    shutil.rmtree(sample_project.docs_dir)
    generate(sample_project)
    assert _tree(sample_project.docs_dir) == first
