"""An entity's roles as HTML, the only renderer of a role row (called through
fragments.Fragments, like event_html.py for events): who or where, the title and its
footnote marks and note, what each citation says, corrections, dates and, on a person's
page, whether the role is held now.

Footnotes are the page's (a role's sources are listed at the foot of the page that
shows it), so a row is rendered for each page it is on, by this one function. Every
contributor string is escaped here or by the fragments it calls, exactly once.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from generator.date_html import corrections_html, range_html
from generator.event_html import PageNotes
from generator.model import Role

if TYPE_CHECKING:
    from generator.fragments import Fragments


def role_row(f: Fragments, r: Role, person: bool, refs: PageNotes, status: str) -> str:
    """One `<tr>`: on a person's page (`person`) it names the organization, carries the
    row's anchor (`role-<n>`, which /sources/ links to) and its `status` (now / then)."""
    other = r.organization if person else r.person
    anchor = f' id="role-{r.index}"' if person else ""
    # The order of the calls is the order footnotes are numbered in: the reading order.
    # What a citation says shows with it, in its row only (other rows may cite the source).
    title = (
        f"{f.role_title(r, refs.marks(r.cites))}{refs.said(r.cites)}"
        f"{corrections_html(r.corrections, refs.refs)}"
    )
    dates = str(range_html(r.start, r.end, "present"))
    if person:
        dates += f' <span class="tl-status tl-status--{status}">{status}</span>'
    return f"<tr{anchor}><td>{f.entity_link(other)}</td><td>{title}</td><td>{dates}</td></tr>"


def roles_table(
    f: Fragments,
    roles: Iterable[Role],
    person: bool,
    refs: PageNotes,
    status: Callable[[Role], str],
) -> str:
    """The table of an entity's roles (a person's career, an organization's people)."""
    head = "Organization" if person else "Person"
    rows = "\n".join(role_row(f, r, person, refs, status(r) if person else "") for r in roles)
    return (
        '<table class="tl-roles">\n'
        f"<thead><tr><th>{head}</th><th>Role</th><th>Dates</th></tr></thead>\n"
        f"<tbody>\n{rows}\n</tbody>\n</table>"
    )
