"""Warnings about roles and events that cannot be true as dated (--strict: errors): a role
or event outside a life or an organization's existence, the same role held twice at
once, a post with one holder at a time held by two.

Partial dates count by their widest reading: `2017` may be any day of 2017, so only a
conflict under every reading is reported.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from generator.content_files import Content
from generator.content_models import Person
from generator.dates import PartialDate
from generator.errors import Location

#: Said in every tenure message: which conflicts are reported.
WIDEST = " (partial dates count by their widest reading: only certain conflicts are reported)"


def _last_day(date: PartialDate | None) -> dt.date | None:
    return date.upper() if date is not None else None


def _certainly_overlap(a: Any, b: Any) -> bool:
    """Whether two roles share a day under every reading of their dates. An open end
    counts as still held; a shared first/last day (a handover) is not an overlap."""
    far = dt.date.max
    a_end = a.end.lower() if a.end else far
    b_end = b.end.lower() if b.end else far
    return max(a.start.upper(), b.start.upper()) < min(a_end, b_end)


class Tenure:
    """The tenure rules over a whole content folder (see check.check_content)."""

    def __init__(self, content: Content):
        self.c = content

    def _warn(self, where: Location, code: str, message: str) -> None:
        self.c.add(where, code, message + WIDEST, warning=True)

    def check(self) -> None:
        """Apply every tenure rule to the whole folder (warnings, errors with --strict)."""
        # Files that failed their schema count as far as they go (salvage.py), their
        # placeholders skipped: one run reports every problem.
        everyone = {**{e.id: e for e in self.c.partial}, **self.c.entities}
        people = {i: e for i, e in everyone.items() if isinstance(e.model, Person)}
        orgs = {i: e for i, e in everyone.items() if not isinstance(e.model, Person)}
        by_org: dict[str, list[tuple[Any, int, Any]]] = defaultdict(list)
        for ent in people.values():
            m, src = ent.model, ent.parsed
            for i, r in enumerate(m.roles):
                if ("roles", i) in ent.skipped:
                    continue
                at = src.locate(("roles", i))
                self._within(at, f"roles[{i}]", r.start, r.end, ent, "role-outside-life")
                org = orgs.get(r.organization)
                if org is not None:
                    self._within(
                        at, f"roles[{i}]", r.start, r.end, org, "role-outside-organization"
                    )
                    by_org[r.organization].append((ent, i, r))
        self._events(everyone.values(), people)
        for org_id, held in by_org.items():
            self._overlaps(orgs[org_id], held)

    def _events(self, entities: Iterable[Any], people: dict[str, Any]) -> None:
        """Events outside the life of a person they involve. Each event is a few
        comparisons with precomputed bounds; only one that may be outside is located and
        described (by `_within`, as roles are)."""
        life = {
            i: (e.model.born.lower() if e.model.born else None, _last_day(e.model.died))
            for i, e in people.items()
            if e.model.born or e.model.died
        }
        if not life:
            return
        for ent in entities:
            skipped = ent.skipped
            for i, ev in enumerate(ent.model.events):
                if skipped and ("events", i) in skipped:
                    continue
                others = (
                    [w for j, w in enumerate(ev.with_) if ("events", i, "with", j) not in skipped]
                    if skipped
                    else ev.with_
                )
                first = last = None
                for who in dict.fromkeys((ent.id, *others)):
                    bounds = life.get(who)
                    if bounds is None:
                        continue
                    if first is None:
                        first, last = ev.date.upper(), (ev.end or ev.date).lower()
                    if (bounds[0] is not None and first < bounds[0]) or (
                        bounds[1] is not None and last > bounds[1]
                    ):
                        self._within(
                            ent.parsed.locate(("events", i)),
                            f"events[{i}]",
                            ev.date,
                            ev.end,
                            people[who],
                            "event-outside-life",
                        )

    def _overlaps(self, org: Any, held: list[tuple[Any, int, Any]]) -> None:
        """Roles at `org` with the same title that certainly overlap: the same person's
        (merge them) or, for a post with one holder at a time, two people's."""
        single = {p.title.casefold(): j for j, p in enumerate(org.model.posts) if p.single}
        for a in range(len(held)):
            for b in range(a + 1, len(held)):
                (ea, ia, ra), (eb, ib, rb) = held[a], held[b]
                same = (ra.title or "").casefold() == (rb.title or "").casefold()
                if not same or not _certainly_overlap(ra, rb):
                    continue
                other = f"{ea.parsed.locate(('roles', ia))} roles[{ia}]"
                if ea.id == eb.id:
                    self._warn(
                        eb.parsed.locate(("roles", ib)),
                        "overlapping-roles",
                        f"roles[{ib}] ('{rb.title or 'no title'}' at '{org.id}') overlaps "
                        f"the same role at {other}: merge them or fix a date",
                    )
                elif ra.title and ra.title.casefold() in single:
                    post = org.parsed.locate(("posts", single[ra.title.casefold()]))
                    self._warn(
                        eb.parsed.locate(("roles", ib)),
                        "single-holder-overlap",
                        f"roles[{ib}]: '{ra.title}' at '{org.id}' has one holder at a "
                        f"time ({post}), but '{ea.id}' holds it then too ({other})",
                    )

    def _within(
        self,
        where: Location,
        what: str,
        start: PartialDate,
        end: PartialDate | None,
        ent: Any,
        code: str,
    ) -> None:
        """Warn when start..end certainly lies before `ent` began or after it ended."""
        m = ent.model
        person = isinstance(m, Person)
        begin, stop = (m.born, m.died) if person else (m.founded, m.dissolved)
        born, died = ("born", "died") if person else ("founded", "dissolved")
        if begin is not None and start.upper() < begin.lower():
            self._warn(
                where,
                code,
                f"{what} starts {start}, before '{ent.id}' was {born} {begin} "
                f"({ent.parsed.locate((born,))})",
            )
        last = end or start
        if stop is not None and last.lower() > stop.upper():
            self._warn(
                where,
                code,
                f"{what} {'ends' if end else 'is'} {last}, after '{ent.id}' "
                f"{'died' if person else 'was dissolved'} {stop} ({ent.parsed.locate((died,))})",
            )
