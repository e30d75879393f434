"""Sizes that keep generator/ readable (issue 13): no module over MAX_MODULE_LINES lines,
no function or method over MAX_FUNCTION_LINES, so a newcomer reads any module in one
sitting and any function on one screen.

Measured on the syntax tree: a function runs from its first decorator (or `def`) to its
last line, nested functions included. A module that would grow past the limit gets its
new concern in a new, well-named module (README's Layout and tests/test_layers.py list
it); a function that does several things is split where it does them.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

from tests.conftest import REPO

MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 60


def _modules() -> list[Path]:
    return sorted((REPO / "generator").glob("*.py"))


def _functions(tree: ast.AST) -> Iterator[tuple[str, int, int]]:
    """(qualified name, first line, length in lines) of every function in `tree`."""

    def visit(node: ast.AST, prefix: str) -> Iterator[tuple[str, int, int]]:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
                first = min([child.lineno, *(d.lineno for d in child.decorator_list)])
                end = child.end_lineno or child.lineno
                yield f"{prefix}{child.name}", first, end - first + 1
                yield from visit(child, f"{prefix}{child.name}.")
            elif isinstance(child, ast.ClassDef):
                yield from visit(child, f"{prefix}{child.name}.")
            else:
                yield from visit(child, prefix)

    yield from visit(tree, "")


def test_no_module_is_over_the_limit() -> None:
    long = {
        p.name: n
        for p in _modules()
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_MODULE_LINES
    }
    assert not long, (
        f"modules over {MAX_MODULE_LINES} lines: {long}; move a concern into a new, "
        "well-named module (and add it to README's Layout and tests/test_layers.py)"
    )


def test_no_function_is_over_the_limit() -> None:
    long = [
        f"generator/{p.name}:{line} {name} ({length} lines)"
        for p in _modules()
        for name, line, length in _functions(ast.parse(p.read_text(encoding="utf-8")))
        if length > MAX_FUNCTION_LINES
    ]
    assert not long, (
        f"functions over {MAX_FUNCTION_LINES} lines (split them where they do several "
        "things):\n  " + "\n  ".join(long)
    )


def test_the_measure_finds_long_and_nested_functions() -> None:
    body = "".join(f"        x{i} = {i}\n" for i in range(MAX_FUNCTION_LINES))
    source = "class C:\n    @staticmethod\n    def long():\n" + body
    source += "def outer():\n    def inner():\n        return 1\n    return inner\n"
    found = {name: (line, length) for name, line, length in _functions(ast.parse(source))}
    assert found["C.long"] == (2, MAX_FUNCTION_LINES + 2)
    assert found["outer"][1] == 4 and found["outer.inner"][1] == 2
