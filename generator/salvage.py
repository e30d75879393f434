"""What the rules can still check of an entity file that failed its schema.

One pass finds every problem: a file with a bad URL must also hear, in the same run,
that a role ends before it starts and that it names no such entity. So the parts the
schema refused are set aside and the rest is validated again: a bad optional field is
dropped, a bad source becomes a neutral inline one (the rules skip inline sources), and
an event or role whose required part is bad (or a participant that is not an id)
becomes a placeholder that the rules skip (listed in `skipped`, so every other item
keeps its index and its place in messages).
The salvaged model is only for the rules; it never reaches the site.
"""

from __future__ import annotations

import copy
import re
from typing import Any

from pydantic import BaseModel, ValidationError

from generator.content_models import Event, Organization, Person, Role, SourceFile, SourceRecord

#: Lists of items the rules check one by one, with a placeholder that validates.
_ITEMS: dict[str, tuple[type[BaseModel], dict[str, Any]]] = {
    "events": (Event, {"date": "2000", "title": "-", "sources": [{"title": "-"}]}),
    "roles": (Role, {"organization": "x", "start": "2000"}),
}
_NEUTRAL_SOURCE = {"title": "-"}


def _field_required(cls: type[BaseModel], key: str) -> bool | None:
    """Whether `key` (as written in a file) is a required field of `cls`; None if unknown."""
    for name, info in cls.model_fields.items():
        if (info.alias or name) == key:
            return info.is_required()
    return None


def _prune_item(item: Any, rest: tuple[Any, ...], cls: type[BaseModel], skip: list) -> bool:
    """Set aside the bad part `rest` of one event or role; False when the item itself
    cannot stay (not a mapping, or a required field is bad). A bad participant becomes
    a placeholder added to `skip`, so the others are still checked at their places."""
    if not isinstance(item, dict) or not rest or not isinstance(rest[0], str):
        return False
    key = rest[0]
    people = item.get("with")
    if key == "with" and isinstance(people, list) and len(rest) == 2 and isinstance(rest[1], int):
        people[rest[1]] = "x"
        skip.append(("with", rest[1]))
        return True
    sources = item.get("sources")
    bad = rest[1] if len(rest) > 1 else None
    if key == "sources" and isinstance(sources, list) and isinstance(bad, int) and bad >= 0:
        sources[bad] = dict(_NEUTRAL_SOURCE)  # pydantic only names items that exist
        return True
    if _field_required(cls, key):
        return False
    item.pop(key, None)
    return True


def _prune(data: dict[str, Any], loc: tuple[Any, ...], skipped: set[tuple[Any, ...]]) -> None:
    """Set aside the part of `data` at the error's data path `loc`."""
    if not loc or not isinstance(loc[0], str):
        return
    key = loc[0]
    items = data.get(key)
    if key in _ITEMS and len(loc) > 1 and isinstance(loc[1], int) and isinstance(items, list):
        index = loc[1]
        if (key, index) in skipped or not 0 <= index < len(items):
            return
        cls, placeholder = _ITEMS[key]
        parts: list[tuple[Any, ...]] = []
        if _prune_item(items[index], loc[2:], cls, parts):
            skipped.update((key, index, *part) for part in parts)
        else:
            items[index] = copy.deepcopy(placeholder)
            skipped.add((key, index))
        return
    if key == "name":
        data["name"] = "-"  # required; the rules only compare it with event anchors
    else:
        data.pop(key, None)


def salvage(
    data: dict[str, Any], locs: list[tuple[Any, ...]], model: type[Person | Organization]
) -> tuple[Person | Organization, frozenset[tuple[Any, ...]]] | None:
    """A model of what `data` holds apart from the parts at `locs` (the data paths of its
    schema errors), and the items it holds only as placeholders; None when nothing
    sensible remains."""
    pruned = copy.deepcopy(data)
    skipped: set[tuple[Any, ...]] = set()
    for loc in locs:
        _prune(pruned, loc, skipped)
    try:
        return model.model_validate(pruned), frozenset(skipped)
    except ValidationError:
        return None


#: A top-level key of sources.yaml as written: what a file that does not parse defines.
_SOURCE_KEY_RE = re.compile(r"^([a-z0-9][a-z0-9-]*)[ \t]*:", re.MULTILINE)


def written_source_ids(text: str) -> set[str]:
    """The source ids a sources.yaml that does not parse appears to define: citing one is
    not reported as citing no source (the file reports its own error)."""
    return set(_SOURCE_KEY_RE.findall(text))


def valid_sources(data: Any) -> tuple[dict[str, SourceRecord], set[str]]:
    """The entries of a sources.yaml that failed its schema that are valid on their own,
    and the ids of the others (known all the same: their own errors are reported)."""
    good: dict[str, SourceRecord] = {}
    bad: set[str] = set()
    for key, value in (data if isinstance(data, dict) else {}).items():
        try:
            good.update(SourceFile.model_validate({key: value}).root)
        except ValidationError:
            bad.add(str(key))
    return good, bad
