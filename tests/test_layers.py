"""The stages import only earlier stages: load -> models -> validate/rules -> model ->
render/outputs -> write -> build -> serve/cli (rendercv's tests/test_tests.py checks its
own tree in the same spirit).

Every module of generator/ must be given a layer here; a module may import modules of
its own layer or of earlier ones. A new module fails until it is placed, and a new
back-edge fails naming the edge.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

#: Layers, earliest first.
LAYERS: tuple[tuple[str, frozenset[str]], ...] = tuple(
    (name, frozenset(modules.split()))
    for name, modules in (
        (
            "foundation",
            "__init__ errors error_codes limits dates characters svg image_headers bounded_cache",
        ),
        ("ids, paths, config and Markdown", "paths mentions project markup markdown_check"),
        ("load", "yaml_help load"),
        ("content models", "field_types content_models field_docs editor_schemas"),
        (
            "validate and rules",
            "content_files field_errors salvage page_headings static_files changes validate "
            "entity_hints rules tenure images likely_mistakes check",
        ),
        ("model", "model model_builder incremental isolated"),
        (
            "render and outputs",
            "anchors date_html event_html role_html fragments time_axis charts rosters feeds "
            "export_schemas data_export timelinejs jsonld exports redirects render",
        ),
        ("write", "write"),
        ("build (MkDocs and our plugin for it)", "build mkdocs_headings mkdocs_plugin"),
        (
            "serve and cli",
            "live_site serve error_handler scaffold stamp rename_edits rename links cli __main__",
        ),
    )
)


def _layer_of() -> dict[str, int]:
    out: dict[str, int] = {}
    for index, (_, modules) in enumerate(LAYERS):
        for module in modules:
            assert module not in out, f"{module} is in two layers"
            out[module] = index
    return out


def _imports(path: Path) -> set[str]:
    """The generator modules `path` imports, at the top or inside functions."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            if node.module == "generator":
                found.update(alias.name for alias in node.names)
            elif node.module.startswith("generator."):
                found.add(node.module.split(".")[1])
        elif isinstance(node, ast.Import):
            found.update(
                alias.name.split(".")[1]
                for alias in node.names
                if alias.name.startswith("generator.")
            )
    return found


def test_every_module_has_a_layer() -> None:
    layer = _layer_of()
    modules = {p.stem for p in (REPO / "generator").glob("*.py")}
    unplaced = sorted(modules - set(layer))
    assert not unplaced, (
        f"generator/{unplaced[0]}.py has no layer: add it to LAYERS in tests/test_layers.py "
        "(the earliest stage whose modules it needs)"
    )
    gone = sorted(set(layer) - modules)
    assert not gone, f"LAYERS names modules that no longer exist: {gone}"


def test_no_stage_imports_a_later_stage() -> None:
    layer = _layer_of()
    back_edges = []
    for path in sorted((REPO / "generator").glob("*.py")):
        here = layer.get(path.stem)
        if here is None:
            continue  # reported by test_every_module_has_a_layer
        for target in sorted(_imports(path)):
            there = layer.get(target)
            if there is not None and there > here:
                back_edges.append(
                    f"generator/{path.stem}.py ({LAYERS[here][0]}) imports "
                    f"generator/{target}.py ({LAYERS[there][0]}), a later stage"
                )
    assert not back_edges, "back-edges in the stage order:\n  " + "\n  ".join(back_edges)


def test_the_check_finds_a_back_edge(tmp_path: Path) -> None:
    fake = tmp_path / "model.py"
    fake.write_text("from generator.render import Renderer\nfrom generator import build\n")
    assert _imports(fake) == {"render", "build"}


def test_readme_layout_lists_every_module() -> None:
    """README's Layout names each generator/*.py once, and nothing that is gone."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    layout = readme.split("## Layout", 1)[1].split("\n## ", 1)[0]
    listed = set(re.findall(r"^  ([a-z_]+)\.py ", layout, re.M))
    modules = {p.stem for p in (REPO / "generator").glob("*.py")} - {"__init__"}
    assert modules - listed == set(), f"add to README's Layout: {sorted(modules - listed)}"
    assert listed - modules == set(), f"README's Layout lists: {sorted(listed - modules)}"
