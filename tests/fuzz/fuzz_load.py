"""Atheris fuzz target: bytes through decode, the strict YAML loader, the schema and the
cross-file rules, as `timeline check` runs them on one person or organization file.

Anything but ContentError (or pydantic's ValidationError, turned into located problems)
is a finding, as is a problem without a place or printed over several lines.

    mkdir -p .fuzz/load
    python tests/fuzz/fuzz_load.py .fuzz/load tests/attacks -max_total_time=180 \
        -artifact_prefix=.fuzz/

The first folder collects new inputs; tests/attacks seeds it (read only). See README.
"""

from __future__ import annotations

import sys
from pathlib import Path

import atheris

with atheris.instrument_imports(include=["generator"]):
    from generator import load
    from generator.content_files import Content, EntityFile
    from generator.content_models import Organization, Person, SourceFile
    from generator.errors import ContentError
    from generator.field_errors import model_problems
    from generator.likely_mistakes import cut_by_comment, duplicate_events, unsourced_roles
    from generator.rules import Checker
    from generator.validate import collect_former_ids

from pydantic import ValidationError

PATH = "content/people/fuzz.yaml"


def _check_problems(problems: list) -> None:
    assert problems, "an error without problems"
    for p in problems:
        assert p.location.line >= 1 and p.location.column >= 1, p
        assert "\n" not in p.format(), p.format()


def test_one_input(data: bytes) -> None:
    try:
        src = load.load_text(load.decode(data, PATH), PATH)
    except ContentError as exc:
        _check_problems(exc.problems)
        return
    try:
        SourceFile.model_validate(src.data)
    except ValidationError as exc:
        _check_problems(model_problems(src, exc, SourceFile))
    for model, kind in ((Person, "person"), (Organization, "organization")):
        try:
            entity = model.model_validate(src.data)
        except ValidationError as exc:
            _check_problems(model_problems(src, exc, model))
            continue
        # The cross-file rules over a content folder holding just this file.
        content = Content(Path("content"))
        content.entities["fuzz"] = EntityFile("fuzz", kind, entity, src)
        collect_former_ids(content)
        checker = Checker(content)
        checker.entity(content.entities["fuzz"])
        duplicate_events(content, content.entities.values())
        cut_by_comment(content, src)
        unsourced_roles(content, content.entities["fuzz"])
        for p in content.problems:
            assert "\n" not in p.format(), p.format()


def main() -> None:
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
