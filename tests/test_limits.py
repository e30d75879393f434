"""Every limit lives in generator/limits.py, with a row saying what it limits and why."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from generator import limits

REPO = Path(__file__).resolve().parent.parent
_LIMIT_NAME = re.compile(r"(MAX_[A-Z_]+|[A-Z_]+_LIMIT|[A-Z_]+_LENGTH)")


def test_every_constant_has_a_row_and_every_row_a_constant() -> None:
    constants = {n for n in vars(limits) if n.isupper() and isinstance(getattr(limits, n), int)}
    rows = {limit.name for limit in limits.LIMITS}
    assert constants - rows == set(), f"add a Limit row to limits.LIMITS for {constants - rows}"
    assert rows - constants == set(), f"rows without a constant: {rows - constants}"
    for limit in limits.LIMITS:
        assert limit.value > 0 and limit.what and limit.why, limit


def test_no_module_defines_a_limit_of_its_own() -> None:
    for path in sorted((REPO / "generator").glob("*.py")):
        if path.name == "limits.py":
            continue
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            targets = node.targets if isinstance(node, ast.Assign) else []
            for target in targets:
                names = target.elts if isinstance(target, ast.Tuple) else [target]
                for name in names:
                    if isinstance(name, ast.Name) and _LIMIT_NAME.fullmatch(name.id):
                        assert isinstance(node.value, ast.Name | ast.Attribute), (
                            f"generator/{path.name}:{node.lineno} defines {name.id}: "
                            "move it to generator/limits.py (with a Limit row) and import it"
                        )
