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


#: What a long-running process keeps of the per-file rules between runs (see
#: _file_rules): entity id -> (its model, its parsed file, its problems); and under
#: RULES_CONTEXT, what those results depended on outside the file.
RulesCache = dict[str, tuple[Any, ...]]
RULES_CONTEXT = "\0context"


def check_content(
    root: Any,
    *,
    strict: bool = False,
    cache: FileCache | None = None,
    nav: Iterable[tuple[str, Location]] = (),
    stamped: bool = True,
    rules_cache: RulesCache | None = None,
) -> Content:
    """Load, validate and cross-check a content folder.

    `nav` lists the pages mkdocs.yml's navigation names (Project.nav), so `check` fails
    exactly where `build` would. `stamped`: report events that content/changes.lock does
    not record as they are (changes.py); off where that is no mistake yet (`serve`'s
    previews, `stamp` and `rename` themselves). `cache` and `rules_cache` (kept by
    `timeline serve`) spare an unchanged file its parsing and its own rules.

    Raises ContentError with every problem when there is any error (or any warning
    when `strict`); otherwise returns the Content, warnings included.
    """
    content = load_content(root, cache)
    checker = Checker(content)
    checker.source_ids()
    # Files that failed their schema are checked too, as far as they go (salvage.py):
    # one run reports every problem of a file.
    entities = (*content.entities.values(), *content.partial)
    _file_rules(content, checker, entities, rules_cache)
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


def _file_rules(
    content: Content, checker: Checker, entities: Iterable[Any], cache: RulesCache | None
) -> None:
    """The rules of each entity file that read other files only for which ids, former
    ids and sources exist: with `cache`, a file whose model and that context are as in
    the last run gets that run's problems again instead of being checked again.

    Only files without errors are kept: an error's "did you mean" depends on every
    name and on how many hints the run has already given (field_errors.take_hint)."""
    context = (
        dict(checker.kinds),
        dict(checker.former),
        frozenset(content.sources),
        frozenset(content.failed_sources),
    )
    same = cache is not None and cache.get(RULES_CONTEXT) == (context,)
    if cache is not None and not same:
        cache.clear()
        cache[RULES_CONTEXT] = (context,)
    for ent in entities:
        hit = cache.get(ent.id) if same and cache is not None else None
        if hit is not None and hit[0] is ent.model and hit[1] is ent.parsed:
            content.problems.extend(hit[2])
            continue
        start = len(content.problems)
        checker.entity(ent)
        cut_by_comment(content, ent.parsed)
        unsourced_roles(content, ent)
        if cache is not None:
            found = content.problems[start:]
            if all(p.severity is not Severity.ERROR for p in found):
                cache[ent.id] = (ent.model, ent.parsed, found)
            else:
                cache.pop(ent.id, None)
