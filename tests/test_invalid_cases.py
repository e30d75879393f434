"""Table-driven invalid inputs: every folder in tests/data/invalid/ is one case.

Each case is a tiny content tree plus `expected.yaml`: either a list of
`{file, line, code}` (file relative to the case folder) or a mapping with that list under
`problems` and options:

- `strict: true` checks with --strict and compares warnings too;
- `generate: big <file>` writes a file just over the loader's size cap before checking
  (too big to commit); `generate: big-image <file>` a PNG just over the image limit.

The suite compares codes and positions, never wording.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from generator import load
from generator.cli import main
from generator.errors import Severity
from generator.limits import MAX_IMAGE_BYTES
from tests.helpers import printed_problems, problems, relative
from tests.images import png_header

CASES_DIR = Path(__file__).parent / "data" / "invalid"
CASES = sorted(p.name for p in CASES_DIR.iterdir() if p.is_dir())
#: A few cases also run through a real `python -m generator` process.
SUBPROCESS_CASES = [
    "duplicate-key-top",
    "encoding-utf16",
    "file-too-large",
    "invalid-date-deep-in-event",
    "possible-duplicate-strict",
    "too-deep",
    "unknown-id-role",
]

Expected = set[tuple[str, int, str]]


def _spec(case: str) -> dict[str, Any]:
    raw = yaml.safe_load((CASES_DIR / case / "expected.yaml").read_text(encoding="utf-8"))
    return {"problems": raw} if isinstance(raw, list) else raw


def _expected(spec: dict[str, Any]) -> Expected:
    return {(p["file"], p["line"], p["code"]) for p in spec["problems"]}


def _prepare(case: str, tmp_path: Path) -> Path:
    """The folder to check: the committed case, or a copy with generated files added."""
    spec = _spec(case)
    if "generate" not in spec:
        return CASES_DIR / case
    root = tmp_path / case
    shutil.copytree(CASES_DIR / case, root)
    kind, target = spec["generate"].split()
    assert kind in ("big", "big-image"), f"unknown generator {kind!r}"
    if kind == "big-image":  # a valid PNG header, then padding past the image limit
        body = png_header(64, 64) + b"\0" * MAX_IMAGE_BYTES
    else:
        line = b"aliases: [" + b"x, " * 40 + b"x]\n"
        body = b"name: Big\n" + line * (load.MAX_FILE_BYTES // len(line) + 1)
        assert len(body) > load.MAX_FILE_BYTES
    (root / target).parent.mkdir(parents=True, exist_ok=True)
    (root / target).write_bytes(body)
    return root


def _from_output(output: str, root: Path) -> tuple[Expected, list[str]]:
    """(file, line, code) of each problem line in `check` text output, and stray lines."""
    matches, stray = printed_problems(output)
    found = {
        (
            Path(m["file"]).resolve().relative_to(root.resolve()).as_posix(),
            int(m["line"]),
            m["code"],
        )
        for m in matches
        if m["sev"] == "error" or _is_strict(root)
    }
    return found, stray


def _is_strict(root: Path) -> bool:
    return bool(_spec(root.name).get("strict"))


def test_enough_cases() -> None:
    assert len(CASES) >= 45


def test_every_case_has_expectations() -> None:
    for case in CASES:
        spec = _spec(case)
        assert spec["problems"], case
        for p in spec["problems"]:
            assert set(p) == {"file", "line", "code"}, (case, p)


@pytest.mark.parametrize("case", CASES)
def test_check_content(case: str, tmp_path: Path) -> None:
    spec = _spec(case)
    root = _prepare(case, tmp_path)
    strict = bool(spec.get("strict"))
    found = problems(root, strict=strict)
    assert found, f"{case}: expected problems, the content passed"
    got = {
        (relative(p, root), p.location.line, p.code)
        for p in found
        if strict or p.severity is Severity.ERROR
    }
    assert got == _expected(spec), "\n".join(p.format() for p in found)


@pytest.mark.parametrize("case", CASES)
def test_cli(case: str, tmp_path: Path) -> None:
    root = _prepare(case, tmp_path)
    args = ["check", "--content", str(root)]
    if _spec(case).get("strict"):
        args.append("--strict")
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    found, stray = _from_output(result.output, root)
    assert found == _expected(_spec(case)), result.output
    assert len(stray) == 1 and re.fullmatch(r"\d+ errors?, \d+ warnings?", stray[0]), stray


@pytest.mark.parametrize("case", SUBPROCESS_CASES)
def test_subprocess(case: str, tmp_path: Path) -> None:
    root = _prepare(case, tmp_path)
    args = [sys.executable, "-m", "generator", "check", "--content", str(root)]
    if _spec(case).get("strict"):
        args.append("--strict")
    proc = subprocess.run(args, capture_output=True, text=True, timeout=60, check=False)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "Traceback" not in proc.stdout + proc.stderr
    found, _ = _from_output(proc.stdout + proc.stderr, root)
    assert found == _expected(_spec(case))


def test_python_tag_executes_nothing(tmp_path: Path) -> None:
    marker = Path("/tmp/timeline-pwned")
    marker.unlink(missing_ok=True)
    problems(CASES_DIR / "tag-python-object")
    assert not marker.exists()
