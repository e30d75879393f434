""" "Did you mean" for a reference that names no entity: by id, by name, by alias.

Editors often write the name where the id belongs (`with: [Andrej Karpathy]`), a part of
it (`karpathy`) or an alias (`Tesla, Inc.`); edit distance on ids alone misses all three.
Every id, name and alias is reduced to its slug; a reference is matched by its slug
exactly, then by its words (each word of `karpathy` is a word of `andrej-karpathy`),
then by the closest slug.
"""

from __future__ import annotations

import difflib
from collections import defaultdict

from generator.content_files import Content
from generator.field_errors import take_hint
from generator.paths import slugify

#: Suggestions named at most in one hint (more matching words say little).
_MAX_NAMED = 3


class EntityHints:
    """The slugs of every entity's id, name and aliases, built on the first hint asked:
    valid files, the valid parts of failed ones (salvage.py) and the ids of the rest."""

    def __init__(self, content: Content):
        self.content = content
        self.kinds: dict[str, str] = {}
        self._by_slug: dict[str, set[str]] | None = None

    def by_slug(self) -> dict[str, set[str]]:
        if self._by_slug is None:
            table: dict[str, set[str]] = defaultdict(set)
            for ent in (*self.content.partial, *self.content.entities.values()):
                self.kinds[ent.id] = ent.kind
                for text in (ent.id, ent.model.name, *ent.model.aliases):
                    table[slugify(text, max_length=200)].add(ent.id)
            for eid, kind in self.content.failed.items():
                self.kinds.setdefault(eid, kind)
                table[eid].add(eid)
            table.pop("", None)
            self._by_slug = table
        return self._by_slug

    def _of_kinds(self, ids: set[str], kinds: tuple[str, ...]) -> list[str]:
        return sorted(i for i in ids if self.kinds[i] in kinds)

    def hint(self, value: str, kinds: tuple[str, ...] = ("person", "organization")) -> str:
        """'; did you mean 'andrej-karpathy'?' for `value`, or '' (at most MAX_HINTS a run)."""
        key = slugify(value, max_length=200)
        if not key or not take_hint():
            return ""
        table = self.by_slug()
        found = self._of_kinds(table.get(key, set()), kinds)
        if not found:
            words = set(key.split("-"))
            found = self._of_kinds(
                {i for slug, ids in table.items() if words <= set(slug.split("-")) for i in ids},
                kinds,
            )
        if not found or len(found) > _MAX_NAMED:
            slugs = [s for s, ids in table.items() if self._of_kinds(ids, kinds)]
            close = difflib.get_close_matches(key, slugs, n=1, cutoff=0.6)
            found = self._of_kinds(table[close[0]], kinds)[:1] if close else []
        if not found:
            return ""
        return "; did you mean " + " or ".join(f"'{i}'" for i in found) + "?"
