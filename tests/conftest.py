"""Shared fixtures: project copies in temporary folders, built sites, tool requirements."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from generator.build import build
from generator.project import Project, find_project

REPO = Path(__file__).resolve().parent.parent
DATA = REPO / "tests" / "data"
SAMPLE = DATA / "sample"
GOLDEN = REPO / "tests" / "golden"

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
os.environ.setdefault("SOURCE_DATE_EPOCH", "1700000000")
# Golden files and link checks assume the default (local) site_url of mkdocs.yml.
os.environ.pop("SITE_URL", None)


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() == "true"


# Hypothesis: a quick `dev` profile for local runs, a thorough `ci` one picked by CI=true
# (HYPOTHESIS_PROFILE=ci runs the thorough one locally). Tests never set max_examples
# themselves; a test whose example costs a generator run takes a share via `examples()`.
_COMMON = {"deadline": None, "suppress_health_check": [HealthCheck.too_slow]}
settings.register_profile("dev", max_examples=40, **_COMMON)
settings.register_profile("ci", max_examples=200, print_blob=True, **_COMMON)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if in_ci() else "dev"))


#: Fixtures that hand a test a site built with MkDocs: a test using one is `slow`, so the
#: mark follows what the test does, not the module it is in.
BUILT_SITE_FIXTURES = frozenset({"default_site", "sample_site", "built", "attack_site"})


@pytest.hookimpl(tryfirst=True)  # before `-m` deselects
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if BUILT_SITE_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.slow)


def examples(share: float) -> int:
    """`share` of the profile's max_examples, at least 3: for tests with costly examples."""
    return max(3, round(settings.default.max_examples * share))


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        help="Rewrite tests/golden/ from the current output instead of comparing.",
    )


def require(available: bool, reason: str) -> None:
    """Skip when a tool is missing locally; in CI a missing tool fails the test."""
    if available:
        return
    if in_ci():
        pytest.fail(f"CI must provide this: {reason}")
    pytest.skip(reason)


def make_project(root: Path, content: Path) -> Project:
    """A project folder at `root` with our mkdocs.yml and templates and a copy of `content`."""
    root.mkdir(parents=True, exist_ok=True)
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(REPO / "site_templates", root / "site_templates")
    shutil.copytree(content, root / "content")
    return find_project(root)


@pytest.fixture
def sample_project(tmp_path: Path) -> Project:
    return make_project(tmp_path / "project", SAMPLE)


@pytest.fixture(scope="session")
def default_site(tmp_path_factory: pytest.TempPathFactory) -> Project:
    """The repository's own content, built once per test session."""
    project = make_project(tmp_path_factory.mktemp("default") / "project", REPO / "content")
    build(project)
    return project


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory: pytest.TempPathFactory) -> Project:
    """The sample fixture tree, built once per test session."""
    project = make_project(tmp_path_factory.mktemp("sample") / "project", SAMPLE)
    build(project)
    return project
