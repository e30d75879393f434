"""`timeline rename OLD NEW`: give an entity a new id without breaking anything.

The file moves to `<folder>/NEW.yaml` and records OLD in `former_ids` (so its old page,
feed and event anchors keep working, see redirects.py, feeds.py, event_html.py); every
reference to OLD in every file (`with`, roles, mentions in Markdown fields and pages,
sources' publishers, a nav entry of mkdocs.yml) is rewritten in place by
rename_edits.py. It runs only on content that checks clean, writes every file or
none, and checks the result (undoing the rename if that fails).
"""

from __future__ import annotations

import copy
import os
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator import paths
from generator import rename_edits as re_
from generator.changes import carried, lock_path, write_changes
from generator.check import check_content
from generator.content_files import Content, display_path
from generator.errors import ContentError, Location, UserError
from generator.load import ParsedFile, decode
from generator.paths import KIND_FOLDERS, Kind, id_problem


class Refused(UserError):
    """The rename cannot start (exit 2, one line); nothing was changed."""

    exit_code = 2


@dataclass(slots=True)
class Change:
    """One file the rename writes: `source` read, `target` written (they differ for the
    renamed entity's own file)."""

    source: Path
    target: Path
    before: bytes
    after: bytes
    counts: Counter[str] = field(default_factory=Counter)


@dataclass(slots=True)
class Renamed:
    source: Path
    target: Path
    changes: list[Change]
    content: Content


def _entity_file(content_dir: Path, entity_id: str) -> Path | None:
    for folder in KIND_FOLDERS.values():
        file = content_dir / folder / f"{entity_id}.yaml"
        if file.exists():
            return file
    return None


def _refuse(content_dir: Path, old: str, new: str) -> Path:
    """The file to rename, after the refusals that need no reading of the content."""
    if old == new:
        raise Refused(f"'{old}' is already the id")
    why = id_problem(new)
    if why:
        raise Refused(f"NEW: {why}")
    source = _entity_file(content_dir, old)
    if source is None:
        raise Refused(
            f"no entity '{old}': no {display_path(content_dir)}/people/{old}.yaml or "
            f"organizations/{old}.yaml"
        )
    taken = _entity_file(content_dir, new)
    if taken is not None:
        raise Refused(f"{display_path(taken)} already exists; choose another id")
    return source


def _checked(content_dir: Path, nav: Iterable[tuple[str, Location]]) -> Content:
    try:
        # A stale content/changes.lock is no reason to refuse: its records are carried
        # as they are (see _carry_changes), and `check` goes on reporting them.
        return check_content(content_dir, nav=nav, stamped=False)
    except ContentError as exc:
        n = len(exc.errors)
        raise Refused(
            f"the content has {n} error{'s' if n != 1 else ''}; `timeline check` lists "
            "them: fix them before renaming (nothing was changed)"
        ) from None


def _refuse_former(content: Content, old: str, new: str) -> None:
    for other in content.entities.values():
        if new in other.model.former_ids and other.id != old:
            raise Refused(
                f"'{new}' is a former id of '{other.id}' (its old address leads there); "
                "choose another id"
            )


def _expect_former(expected: dict[str, Any], old: str, new: str) -> None:
    items = expected.setdefault("former_ids", [])
    if new in items:
        items[items.index(new)] = old
    else:
        items.append(old)


def plan(content: Content, old: str, new: str) -> list[Change]:
    """Every file the rename changes, with its bytes before and after (nothing written)."""
    _refuse_former(content, old, new)
    folder = KIND_FOLDERS[content.entities[old].kind]
    changes = []
    for eid, ent in content.entities.items():
        file = content.root / KIND_FOLDERS[ent.kind] / f"{eid}.yaml"
        edits, expected = re_.entity_edits(ent.parsed, ent.kind == "person", old, new, folder)
        target = file
        if eid == old:
            edits.record(re_.former_id_edit(ent.parsed, old, new), "former id")
            _expect_former(expected, old, new)
            target = file.with_name(f"{new}.yaml")
        if edits.edits:
            changes.append(_yaml_change(file, target, ent.parsed, edits, expected))
    src = content.sources_file
    if src is not None:
        edits = re_.FileEdits()
        expected = copy.deepcopy(src.data)
        for sid, record in src.data.items():
            if isinstance(record, dict) and record.get("publisher") == old:
                edits.record(re_.scalar_edit(src, (sid, "publisher"), new), "publisher")
                expected[sid]["publisher"] = new
        if edits.edits:
            file = content.root / "sources.yaml"
            changes.append(_yaml_change(file, file, src, edits, expected))
    for page in content.pages:
        edits = re_.page_edits(page.text, old, new, folder)
        if edits.edits:
            file = content.root / "pages" / f"{page.stem}.md"
            raw = file.read_bytes()
            after = re_.apply(raw, page.text, edits.edits)
            expected = re_.renamed_mentions(page.text, old, new)
            if decode(after, page.path) != re_.renamed_addresses(expected, folder, old, new):
                raise _unsafe(page.path)  # pragma: no cover - apply checks the same
            changes.append(Change(file, file, raw, after, edits.counts))
    return changes


def _unsafe(path: str) -> UserError:
    return UserError(
        f"{path}: the references there could not be rewritten exactly; nothing was "
        "changed (please report this file's layout)"
    )


def _yaml_change(
    file: Path, target: Path, src: ParsedFile, edits: re_.FileEdits, expected: Any
) -> Change:
    raw = file.read_bytes()
    after = re_.apply(raw, src.text, edits.edits)
    try:
        data = re_.reparsed(after, src.path)
    except ContentError:
        data = None
    if data != expected:
        raise _unsafe(src.path)
    return Change(file, target, raw, after, edits.counts)


def _temp(file: Path) -> Path:
    return file.with_name(f".{file.name}.rename-tmp")


def write(changes: list[Change], moved: Path) -> None:
    """Write every change or none: all to temporary files first, then each into place;
    on any failure what was replaced is put back."""
    written: list[Path] = []
    try:
        for ch in changes:
            tmp = _temp(ch.target)
            tmp.write_bytes(ch.after)
            os.chmod(tmp, ch.source.stat().st_mode & 0o7777)
            written.append(tmp)
    except OSError as exc:
        for tmp in written:
            tmp.unlink(missing_ok=True)
        raise UserError(
            f"cannot write {display_path(exc.filename or moved)}: "
            f"{exc.strerror}; nothing was changed"
        ) from None
    done: list[Change] = []
    try:
        for ch in changes:
            os.replace(_temp(ch.target), ch.target)
            done.append(ch)
        moved.unlink()
    except OSError as exc:
        undo(done)
        for ch in changes:
            _temp(ch.target).unlink(missing_ok=True)
        raise UserError(f"cannot rename: {exc}; nothing was changed") from None


def undo(changes: list[Change]) -> None:
    """Put every file of `changes` back as it was before the rename."""
    for ch in changes:
        tmp = _temp(ch.source)
        tmp.write_bytes(ch.before)
        os.replace(tmp, ch.source)
        if ch.target != ch.source:
            ch.target.unlink(missing_ok=True)


def _nav_change(
    config: Path, nav: Iterable[tuple[str, Location]], kind: Kind, old: str, new: str
) -> list[Change]:
    """mkdocs.yml, when its nav names the renamed entity's page."""
    raw = config.read_bytes()
    text = decode(raw, config.name)
    edits = re_.nav_edits(text, nav, paths.entity_doc(kind, old), paths.entity_doc(kind, new))
    if not edits.edits:
        return []
    return [Change(config, config, raw, re_.apply(raw, text, edits.edits), edits.counts)]


def rename_entity(
    content_dir: Path,
    old: str,
    new: str,
    nav: Iterable[tuple[str, Location]] = (),
    config: Path | None = None,
) -> Renamed:
    """Rename entity `old` to `new` (see the module docstring); raise a UserError, with
    nothing changed, when it cannot be done. `config` is mkdocs.yml, whose `nav` lists
    the pages it names."""
    source = _refuse(content_dir, old, new)
    nav = tuple(nav)
    content = _checked(content_dir, nav)
    changes = plan(content, old, new)
    if config is not None:
        changes += _nav_change(config, nav, content.entities[old].kind, old, new)
    write(changes, source)
    try:
        after = check_content(content_dir, nav=nav, stamped=False)
    except ContentError as exc:
        undo(changes)
        first = exc.errors[0].format() if exc.errors else ""
        raise UserError(
            f"the renamed content does not check ({first}); the rename was undone "
            "(please report this)"
        ) from None
    changes += _carry_changes(content, after, old, new, changes)
    return Renamed(source, source.with_name(f"{new}.yaml"), changes, after)


def _carry_changes(
    before: Content, after: Content, old: str, new: str, done: list[Change]
) -> list[Change]:
    """Rewrite content/changes.lock for the renamed content (changes.carried: the records
    under the new keys, the dates kept, so feeds show nothing as changed); on failure
    every file is put back."""
    records = carried(before, after, {old: new})
    if records is None or before.changes is None:
        return []
    file = lock_path(after.root)
    moved = sum(
        key not in before.changes or before.changes[key].fingerprint != rec.fingerprint
        for key, rec in records.items()
    )
    if not moved:
        return []
    raw = file.read_bytes()
    try:
        write_changes(after.root, records)
    except OSError as exc:
        undo(done)
        where = display_path(file)
        raise UserError(f"cannot write {where}: {exc.strerror}; nothing was changed") from None
    after.changes = records
    return [Change(file, file, raw, file.read_bytes(), Counter(record=moved))]


def report_lines(result: Renamed, old: str, new: str) -> list[str]:
    """What `timeline rename` prints: each file changed, with what changed in it."""
    lines = [f"renamed '{old}' to '{new}'; its old page, feed and event links keep working"]
    total: Counter[str] = Counter()
    for ch in sorted(result.changes, key=lambda c: (c.target != result.target, str(c.target))):
        where = display_path(ch.target)
        if ch.source != ch.target:
            where = f"{display_path(ch.source)} -> {where}"
        lines.append(f"  {where}: {_counts(ch.counts)}")
        total += ch.counts
    lines.append(f"{len(result.changes)} files changed: {_counts(total)}")
    return lines


def _counts(counts: Counter[str]) -> str:
    return ", ".join(f"{n} {kind}" + ("" if n == 1 else "s") for kind, n in sorted(counts.items()))
