"""`timeline new`: write a valid skeleton file for a new entity."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

from generator.changes import CHANGES_FILE, lock_text
from generator.content_files import display_path
from generator.errors import UsageError
from generator.limits import MAX_ID_LENGTH
from generator.paths import KIND_FOLDERS, Kind, id_problem, slugify

_SKELETONS: dict[Kind, str] = {
    "person": """\
# yaml-language-server: $schema=../../schema/person.schema.json
name: {name}
summary: One line on who this is.
# born: 1815-12-10
# links:
#   - title: Official website
#     url: https://example.org/
# roles:
#   - organization: some-organization-id
#     title: Director
#     start: 2017
#     end: 2022
#     sources: [some-source-id]
events: []
""",
    "organization": """\
# yaml-language-server: $schema=../../schema/organization.schema.json
name: {name}
summary: One line on what this organization is.
# founded: 2015-12
# links:
#   - title: Official website
#     url: https://example.org/
events: []
""",
}


def new_entity(content_dir: Path, kind: Kind, name: str, entity_id: str | None = None) -> str:
    """Create `content/<folder>/<id>.yaml`; refuse to overwrite. Returns the display path."""
    entity_id = entity_id or slugify(name, max_length=MAX_ID_LENGTH)
    why = id_problem(entity_id)
    if why:
        raise UsageError(f"{why}; pass --id")
    if any(c in name for c in "<>\n\r") or not name.strip():
        raise UsageError("the name must be one line of plain text without < or >")
    for folder in KIND_FOLDERS.values():
        if (content_dir / folder / f"{entity_id}.yaml").exists():
            raise UsageError(
                f"{display_path(content_dir / folder / f'{entity_id}.yaml')} "
                "already exists; choose another --id"
            )
    target = content_dir / KIND_FOLDERS[kind] / f"{entity_id}.yaml"
    target.parent.mkdir(parents=True, exist_ok=True)
    # json.dumps gives a double-quoted YAML scalar: safe for any name (colons, '#', quotes).
    text = _SKELETONS[kind].format(name=json.dumps(name.strip(), ensure_ascii=False))
    with target.open("x", encoding="utf-8") as fh:
        fh.write(text)
    return display_path(target)


# -- timeline init ----------------------------------------------------------------------

#: The source tree this timeline runs from: its templates, mkdocs.yml and workflow are
#: the starting point of a new project (a new project owns its copy, like a fork).
SOURCE_TREE = Path(__file__).resolve().parent.parent

_ABOUT = """\
# About

{name} is a sourced timeline: every event on it names the sources that report it.
Each person and organization has a page with a timeline of events; an event written
once shows on the timeline of everyone taking part in it.
"""

_FOLDER_README = """\
One YAML file per {kind} in this folder; the file name is the id (`{example}.yaml`).
Start one with `timeline new {kind} "{name}"`. This file is not published.
"""

_README = """\
# {name}

A sourced timeline built with timeline: one YAML file per person in
`content/people/`, per organization in `content/organizations/`, shared sources in
`content/sources.yaml`, hand-written pages in `content/pages/`. The editors' guide is
the Contributing page of timeline's own site (`content/pages/contributing.md` in
timeline's source tree).

## Work on it

With timeline installed (`timeline --help` works):

    timeline new person "Ada Lovelace"   # writes content/people/ada-lovelace.yaml
    timeline check                       # every problem, as path:line:col
    timeline stamp                       # records added or changed events in
                                         # content/changes.lock: commit it with them
    timeline serve                       # the site at http://127.0.0.1:8000/, rebuilt on save
    timeline build                       # the site, in site/ (open it through a server,
                                         # not as files: `timeline serve`)

This folder needs no install of its own: `mkdocs.yml`, `site_templates/` and
`content/` are all a build reads.

## Publishing (GitHub Pages)

`.github/workflows/pages.yml` checks every pull request and publishes `main`. It installs
timeline with `pip install -r requirements.txt`, so `requirements.txt` must name a copy
of timeline that GitHub's runners can download: {requirement_state}

1. Push your copy of timeline (the source tree `timeline init` ran from) to a git host,
   for example `https://github.com/<you>/timeline`.
2. In `requirements.txt`, write that address after `git+`, and a tag or commit after `@`
   so every build uses the same version:
   `timeline @ git+https://github.com/<you>/timeline@<commit>`.
3. Push this project to GitHub; in its Settings > Pages choose Source: "GitHub Actions".

Until then the workflow stops at its install step with
"requirements.txt still says OWNER".
"""

_GITIGNORE = """\
/site/
/build/
/.site-*/
.venv/
__pycache__/
"""

_EXTENSIONS = {"recommendations": ["redhat.vscode-yaml"]}

_NAV = """\
# The navigation never lists entities (entity lists live on the index pages). Every
# page named here must exist: a hand-written page is content/pages/<name>.md.
nav:
  - Home: index.md
  - People: people/index.md
  - Organizations: organizations/index.md
  - Timeline: timeline/index.md
  - Tags: tags/index.md
  - Sources: sources/index.md
  - About: about.md
"""


def _timeline_requirement() -> tuple[str, bool]:
    """The pip requirement that installs this timeline in CI, and whether it is known.

    From the source tree's git remote and commit when it has one on the network;
    otherwise a line the user has to complete (a local folder cannot be installed by CI).
    """
    import subprocess

    def git(*args: str) -> str:
        try:
            out = subprocess.run(
                ["git", "-C", str(SOURCE_TREE), *args],
                capture_output=True,
                text=True,
                timeout=10,
                check=False,
            )
        except (OSError, subprocess.SubprocessError):
            return ""
        return out.stdout.strip() if out.returncode == 0 else ""

    remote, commit = git("remote", "get-url", "origin"), git("rev-parse", "HEAD")
    if remote.startswith(("https://", "git@")) and commit:
        if remote.startswith("git@"):
            remote = "https://" + remote[4:].replace(":", "/", 1)
        return f"timeline @ git+{remote}@{commit}", True
    return "timeline @ git+https://github.com/OWNER/timeline@main", False


def _mkdocs_yml(name: str) -> str:
    text = (SOURCE_TREE / "mkdocs.yml").read_text(encoding="utf-8")
    text = re.sub(r"(?m)^site_name:.*$", f"site_name: {json.dumps(name)}", text, count=1)
    text = re.sub(
        r"(?m)^site_description:.*$",
        f"site_description: {json.dumps('A sourced timeline of ' + name)}",
        text,
        count=1,
    )
    head, sep, _ = text.partition("\n# The navigation never lists entities")
    if not sep:
        head = text.split("\nnav:", 1)[0]
    return head.rstrip("\n") + "\n\n" + _NAV


_INSTALL_STEP = re.compile(r"(?ms)^(\s*)- name: Install.*?\n(?=\1- name: )")


def _workflow() -> str:
    """The source tree's Pages workflow, installing timeline from requirements.txt."""
    text = (SOURCE_TREE / ".github" / "workflows" / "pages.yml").read_text(encoding="utf-8")
    text = re.sub(r"cache-dependency-path: \S+", "cache-dependency-path: requirements.txt", text)
    install = (
        "{0}- name: Install timeline (requirements.txt)\n"
        "{0}  run: |\n"
        "{0}    if grep -q 'github.com/OWNER/' requirements.txt; then\n"
        '{0}      echo "::error file=requirements.txt,line=3::requirements.txt still says '
        "OWNER: replace it with the GitHub account (or use the git address) of your copy "
        'of timeline (see README.md, Publishing)"\n'
        "{0}      exit 1\n"
        "{0}    fi\n"
        "{0}    python -m venv .venv\n"
        "{0}    .venv/bin/pip install -q -r requirements.txt\n"
        '{0}    echo "$PWD/.venv/bin" >> "$GITHUB_PATH"\n'
    )
    return _INSTALL_STEP.sub(lambda m: install.format(m.group(1)), text, count=1)


def init_project(target: Path, name: str | None = None) -> tuple[list[Path], bool]:
    """Write a new project into `target` that `timeline build` builds at once.

    Refuses a folder that already holds a mkdocs.yml or content/ (nothing is overwritten).
    Returns the files written, and whether requirements.txt names a timeline CI can
    install (False: the user must edit it before publishing).
    """
    from generator.editor_schemas import dump_schemas

    target = target.resolve()
    _refuse_init(target)
    name = name or target.name.replace("-", " ").replace("_", " ").strip().capitalize()
    requirement, known = _timeline_requirement()
    written = []
    for rel, text in _init_files(name, requirement, known).items():
        path = target / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("x", encoding="utf-8") as fh:
            fh.write(text)
        written.append(path)
    shutil.copytree(SOURCE_TREE / "site_templates", target / "site_templates")
    written.append(target / "site_templates")
    written.extend(dump_schemas(target / "schema"))
    return written, known


def _refuse_init(target: Path) -> None:
    """Refuse an installation without the files a project starts from, and a folder that
    already holds a project (nothing is overwritten)."""
    for needed in ("mkdocs.yml", "site_templates", ".github/workflows/pages.yml"):
        if not (SOURCE_TREE / needed).exists():
            raise UsageError(
                f"this installation of timeline has no {needed} to start from; "
                "install timeline from its source tree (pip install -e .)"
            )
    for existing in ("mkdocs.yml", "content", "site_templates", "README.md"):
        if (target / existing).exists():
            raise UsageError(
                f"{display_path(target / existing)} already exists; "
                "choose an empty or new folder for timeline init"
            )


def _init_files(name: str, requirement: str, known: bool) -> dict[str, str]:
    """The text files of a new project: relative path -> text."""
    return {
        "mkdocs.yml": _mkdocs_yml(name),
        "README.md": _README.format(
            name=name,
            requirement_state=(
                f"`{requirement}`, from the git remote of the timeline that made this "
                "project; change it if that is not where your copy lives."
                if known
                else "it still says `OWNER`, because the timeline that made this project "
                "has no git remote. Before the first push:"
            ),
        ),
        "content/pages/about.md": _ABOUT.format(name=name),
        # No events yet; `timeline stamp` records each one as it is added or changed.
        f"content/{CHANGES_FILE}": lock_text({}),
        "content/people/README.md": _FOLDER_README.format(
            kind="person", example="ada-lovelace", name="Ada Lovelace"
        ),
        "content/organizations/README.md": _FOLDER_README.format(
            kind="organization", example="analytical-engines", name="Analytical Engines"
        ),
        ".gitignore": _GITIGNORE,
        ".vscode/extensions.json": json.dumps(_EXTENSIONS, indent=2) + "\n",
        ".vscode/settings.json": (SOURCE_TREE / ".vscode" / "settings.json").read_text(
            encoding="utf-8"
        ),
        ".github/workflows/pages.yml": _workflow(),
        "requirements.txt": (
            "# What the Pages workflow installs to build this site.\n"
            + ("" if known else "# Replace OWNER with where your copy of timeline lives.\n")
            + requirement
            + "\n"
        ),
    }
