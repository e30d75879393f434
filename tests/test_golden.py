"""The sample fixture tree compiled and compared file by file with tests/golden/sample/.

Run `pytest tests/test_golden.py --update-golden` after an intended change, and review
the diff of tests/golden/ like code.
"""

from __future__ import annotations

import shutil

from generator.build import generate
from generator.project import Project
from tests.conftest import GOLDEN, CompareWithGolden
from tests.helpers import read_tree

EXPECTED = GOLDEN / "sample"


def test_generated_markdown_matches_golden(
    sample_project: Project, compare_with_golden: CompareWithGolden
) -> None:
    generate(sample_project)
    compare_with_golden(read_tree(sample_project.docs_dir), EXPECTED)


def test_generation_is_deterministic(sample_project: Project) -> None:
    generate(sample_project)
    first = read_tree(sample_project.docs_dir)
    shutil.rmtree(sample_project.docs_dir)
    generate(sample_project)
    assert read_tree(sample_project.docs_dir) == first
