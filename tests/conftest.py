"""Shared fixtures: project copies in temporary folders, built sites, tool requirements."""

from __future__ import annotations

import difflib
import os
import shutil
from collections.abc import Callable, Mapping
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


@pytest.fixture(params=["default", "sample"])
def built(request: pytest.FixtureRequest) -> Project:
    """Each built site in turn: the default content and the sample tree."""
    return request.getfixturevalue(f"{request.param}_site")


#: compare_with_golden(actual, golden): `actual` maps relative paths to the bytes made.
CompareWithGolden = Callable[[Mapping[str, bytes], Path], None]


@pytest.fixture
def compare_with_golden(request: pytest.FixtureRequest) -> CompareWithGolden:
    """Compare generated files with a folder of golden files, file by file, with a diff.

    With `--update-golden` the folder is rewritten from the generated files instead
    (files no longer generated are removed) and the test is skipped, saying so; review
    the diff of tests/golden/ like code. (rendercv's `compare_file_with_reference`.)
    """
    update = bool(request.config.getoption("--update-golden"))

    def compare(actual: Mapping[str, bytes], golden: Path) -> None:
        if update:
            shutil.rmtree(golden, ignore_errors=True)
            for rel, data in actual.items():
                (golden / rel).parent.mkdir(parents=True, exist_ok=True)
                (golden / rel).write_bytes(data)
            pytest.skip(f"golden files updated: {golden.relative_to(REPO)}")
        expected = {
            p.relative_to(golden).as_posix(): p.read_bytes()
            for p in sorted(golden.rglob("*"))
            if p.is_file()
        }
        where = golden.relative_to(REPO)
        missing, extra = sorted(set(expected) - set(actual)), sorted(set(actual) - set(expected))
        assert not (missing or extra), (
            f"generated files differ from {where}: not generated {missing}, not in golden "
            f"{extra} (run pytest --update-golden to accept)"
        )
        for rel, data in expected.items():
            if actual[rel] != data:
                diff = "\n".join(
                    difflib.unified_diff(
                        data.decode(errors="replace").splitlines(),
                        actual[rel].decode(errors="replace").splitlines(),
                        f"{where}/{rel}",
                        f"generated/{rel}",
                        lineterm="",
                        n=2,
                    )
                )
                pytest.fail(
                    f"{rel} differs from the golden file "
                    f"(run pytest --update-golden to accept):\n{diff[:4000]}"
                )

    return compare


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory: pytest.TempPathFactory) -> Project:
    """The sample fixture tree, built once per test session."""
    project = make_project(tmp_path_factory.mktemp("sample") / "project", SAMPLE)
    build(project)
    return project
