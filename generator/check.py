"""The check stage's entry point: load and type-check every file (validate.py), then
apply the rules that span fields and files (rules.py); one ContentError holds every
problem found.
"""

from __future__ import annotations

from typing import Any

from generator.errors import ContentError, Location, Severity
from generator.mentions import find_mentions
from generator.rules import Checker
from generator.validate import Content, FileCache, did_you_mean, load_content


def check_content(root: Any, *, strict: bool = False, cache: FileCache | None = None) -> Content:
    """Load, validate and cross-check a content folder.

    Raises ContentError with every problem when there is any error (or any warning
    when `strict`); otherwise returns the Content, warnings included.
    """
    content = load_content(root, cache)
    checker = Checker(content)
    checker.source_ids()
    for ent in content.entities.values():
        checker.entity(ent)
    for page in content.pages:
        for m in find_mentions(page.text):
            if m[1].strip() not in content.entities:
                line = page.text.count("\n", 0, m.start()) + 1
                column = m.start() - (page.text.rfind("\n", 0, m.start()) + 1) + 1
                content.add(
                    Location(page.path, line, column),
                    "unknown-mention",
                    f"mention [[{m[1]}]]: no such entity" + did_you_mean(m[1], content.entities),
                )
    checker.duplicates()
    content.former_ids = checker.former
    failing = [p for p in content.problems if p.severity is Severity.ERROR or strict]
    if failing:
        raise ContentError(content.problems)
    return content
