"""Where things are: the project folder, its mkdocs.yml and the folders it names."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import yaml

from generator.errors import ConfigError, ContentError, Location, Problem, UsageError


class _MkDocsLoader(yaml.SafeLoader):
    """Reads mkdocs.yml without failing on MkDocs' own tags (!ENV, !relative, python/name)."""


def _env(loader: yaml.SafeLoader, node: yaml.Node) -> object:
    """MkDocs' `!ENV VAR` or `!ENV [VAR, ..., default]`: the first variable set, else the
    default (the last item of a list) or None."""
    if isinstance(node, yaml.ScalarNode):
        return os.environ.get(loader.construct_scalar(node))
    items = loader.construct_sequence(node)  # type: ignore[arg-type]
    *names, default = items if len(items) > 1 else (*items, None)
    for name in names:
        if os.environ.get(str(name)):
            return os.environ[str(name)]
    return default


_MkDocsLoader.add_constructor("!ENV", _env)
_MkDocsLoader.add_multi_constructor("!", lambda loader, suffix, node: None)
_MkDocsLoader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


@dataclass(frozen=True, slots=True)
class Project:
    root: Path
    content: Path
    templates: Path
    config_file: Path
    docs_dir: Path  # where generated Markdown goes (mkdocs.yml's docs_dir)
    site_dir: Path  # the published site (mkdocs.yml's site_dir)
    site_name: str
    site_url: str
    #: Markdown pages mkdocs.yml's nav names, with where each is named.
    nav: tuple[tuple[str, Location], ...] = ()

    @property
    def work_dir(self) -> Path:
        """Scratch space for builds: the folder holding docs_dir (git-ignored)."""
        return self.docs_dir.parent


def find_project(root: Path | None = None, content: Path | None = None) -> Project:
    """Read mkdocs.yml in `root` (default: the working folder)."""
    root = (root or Path.cwd()).resolve()
    config_file = root / "mkdocs.yml"
    if not config_file.is_file():
        raise UsageError(f"no mkdocs.yml in {root}; run timeline from the project folder")
    config, nav = read_config(config_file)
    docs_dir = (root / config.get("docs_dir", "build/docs")).resolve()
    site_dir = (root / config.get("site_dir", "site")).resolve()
    content = (content or root / "content").resolve()
    for name, folder in (("docs_dir", docs_dir), ("site_dir", site_dir)):
        if folder in (root, content) or folder in content.parents or root not in folder.parents:
            raise ConfigError(
                f"mkdocs.yml: {name} must be a folder inside the project, "
                f"apart from content/ (got {folder})"
            )
    return Project(
        root,
        content,
        root / "site_templates",
        config_file,
        docs_dir,
        site_dir,
        str(config.get("site_name", "Timeline")),
        str(config.get("site_url") or ""),
        nav,
    )


def _config_error(config_file: Path, line: int, column: int, message: str) -> ContentError:
    where = Location(config_file.name, line, column)
    return ContentError([Problem(where, "mkdocs-config", message)])


def read_config(config_file: Path) -> tuple[dict[str, object], tuple[tuple[str, Location], ...]]:
    """mkdocs.yml as data, plus the Markdown pages its nav names (with their places).

    A file that is not YAML, or not a mapping, is a located ContentError: `check` reports
    it like any content problem instead of MkDocs' traceback at build time.
    """
    try:
        text = config_file.read_text(encoding="utf-8")
        node = yaml.compose(text, Loader=_MkDocsLoader)
        config = yaml.load(text, Loader=_MkDocsLoader) or {}
    except UnicodeDecodeError:
        raise _config_error(config_file, 1, 1, "not UTF-8; save the file as UTF-8") from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.context_mark or exc.problem_mark
        if exc.problem_mark and exc.context_mark and exc.problem_mark.line == mark.line:
            mark = exc.problem_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        message = " ".join(str(p) for p in (exc.context, exc.problem) if p)
        raise _config_error(config_file, line, col, f"YAML syntax: {message}") from None
    if not isinstance(config, dict) or not isinstance(node, yaml.MappingNode):
        raise _config_error(config_file, 1, 1, "mkdocs.yml must be a mapping of settings")
    nav: list[tuple[str, Location]] = []
    for key, value in node.value:
        if key.value == "nav":
            _nav_pages(value, config_file.name, nav)
    return config, tuple(nav)


def _nav_pages(node: yaml.Node, name: str, out: list[tuple[str, Location]]) -> None:
    """Collect every `.md` target of a nav tree (`- Title: page.md`, `- page.md`, sections)."""
    if isinstance(node, yaml.ScalarNode):
        if str(node.value).endswith(".md") and "://" not in str(node.value):
            mark = node.start_mark
            out.append((str(node.value), Location(name, mark.line + 1, mark.column + 1)))
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            _nav_pages(item, name, out)
    elif isinstance(node, yaml.MappingNode):
        for _key, value in node.value:
            _nav_pages(value, name, out)
