"""The check stage's entry point: load and type-check every file (validate.py), then
apply the rules that span fields and files (rules.py, tenure.py, images.py); one
ContentError holds every problem found.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from generator.changes import unstamped
from generator.content_files import Content, FileCache, display_path
from generator.errors import ContentError, Location, Severity
from generator.images import ImageCheck
from generator.likely_mistakes import cut_by_comment, duplicate_events, unsourced_roles
from generator.limits import MAX_MARKDOWN_NESTING
from generator.paths import INDEX_DOCS, page_doc
from generator.rules import Checker, markdown_nesting
from generator.tenure import Tenure
from generator.validate import load_content

#: Folders of generated pages; mkdocs.yml's nav may name any page in them.
_GENERATED_FOLDERS = ("people/", "organizations/", "timeline/", "tags/", "sources/")


def nav_problems(content: Content, nav: Iterable[tuple[str, Location]]) -> None:
    """Report nav entries of mkdocs.yml naming a page that no build will have.

    MkDocs would only warn (an error for us, so `build` fails): `check` says it first, with
    the place in mkdocs.yml and both ways out.
    """
    generated = set(INDEX_DOCS.values()) | {page_doc(p.stem) for p in content.pages}
    for doc, where in nav:
        if doc in generated or doc.startswith(_GENERATED_FOLDERS):
            continue
        page = f"{display_path(content.root)}/pages/{doc}"
        content.add(
            where,
            "nav-missing-page",
            f"the nav names '{doc}', but {page} does not exist: create the page, "
            "or remove the entry from nav in mkdocs.yml",
        )


def check_content(
    root: Any,
    *,
    strict: bool = False,
    cache: FileCache | None = None,
    nav: Iterable[tuple[str, Location]] = (),
    stamped: bool = True,
) -> Content:
    """Load, validate and cross-check a content folder.

    `nav` lists the pages mkdocs.yml's navigation names (Project.nav), so `check` fails
    exactly where `build` would. `stamped`: report events that content/changes.lock does
    not record as they are (changes.py); off where that is no mistake yet (`serve`'s
    previews, `stamp` and `rename` themselves).

    Raises ContentError with every problem when there is any error (or any warning
    when `strict`); otherwise returns the Content, warnings included.
    """
    content = load_content(root, cache)
    checker = Checker(content)
    checker.source_ids()
    # Files that failed their schema are checked too, as far as they go (salvage.py):
    # one run reports every problem of a file.
    entities = (*content.entities.values(), *content.partial)
    for ent in entities:
        checker.entity(ent)
        cut_by_comment(content, ent.parsed)
        unsourced_roles(content, ent)
    if content.sources_file is not None:
        cut_by_comment(content, content.sources_file)
    for page in content.pages:
        deep = markdown_nesting(page.text)
        if deep:
            content.add(
                Location(page.path, deep[0] + 1, 1),
                "too-deep",
                f"lists or quotes nested {deep[1]} levels deep; at most {MAX_MARKDOWN_NESTING}",
            )
            continue
        checker.page_mentions(page)
    checker.name_references()
    duplicate_events(content, entities)
    ImageCheck(content).check()
    Tenure(content).check()
    nav_problems(content, nav)
    if stamped and not any(p.severity is Severity.ERROR for p in content.problems):
        unstamped(content)  # on content that checks clean: it is what stamp would record
    failing = [p for p in content.problems if p.severity is Severity.ERROR or strict]
    if failing:
        raise ContentError(content.problems)
    return content
