"""Where things are: the project folder, its mkdocs.yml and the folders it names."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import yaml

from generator.errors import ConfigError, UsageError


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
    with config_file.open(encoding="utf-8") as fh:
        config = yaml.load(fh, Loader=_MkDocsLoader) or {}
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
    )
