"""Timeline to page texts: every generated Markdown page as a string, no disk access.

Pages are Markdown for MkDocs whose bodies are mostly HTML blocks built here from the
model: MkDocs passes those through untouched, so contributor text is escaped or
sanitized exactly once, by us, and MkDocs' Markdown has little left to parse.
"""

from __future__ import annotations

import datetime
import html
import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field

import jinja2
from markupsafe import Markup

from generator import charts, exports, jsonld, paths, rosters
from generator.anchors import ROOT, resolve_root
from generator.date_html import corrections_html, date_html, range_html
from generator.fragments import END, START, Fragments
from generator.incremental import EVERYTHING, Selection
from generator.limits import FULL_LIST_LIMIT, LATEST_EVENTS, TIMELINE_INDEX_LIMIT
from generator.markup import md_text
from generator.model import Cite, Entity, Event, Source, Timeline
from generator.page_headings import PageParts


@dataclass(frozen=True, slots=True)
class SiteInfo:
    name: str
    url: str = ""
    description: str = ""
    today: datetime.date = field(default_factory=datetime.date.today)  # ongoing roles end here


@dataclass(slots=True)
class Note:
    """One numbered footnote: a source (what a citation quotes or notes shows with that
    citation, not here: the source may be cited by other rows the note is not about)."""

    source: Source


@dataclass(slots=True)
class Footnotes:
    """Numbers the sources cited on one page, in order of first citation."""

    numbers: dict[str, int] = field(default_factory=dict)
    notes: list[Note] = field(default_factory=list)

    def refs(self, cites: tuple[Cite, ...]) -> Markup:
        """Footnote marks for `cites` and what each citation says (see `said`)."""
        return self.marks(cites) + self.said(cites)

    def marks(self, cites: tuple[Cite, ...]) -> Markup:
        """Footnote marks for `cites`: `[1][2]`, numbered on this page."""
        return Markup(
            "".join(
                f'<sup class="tl-ref"><a href="#fn-{n}">[{n}]</a></sup>'
                for n in (self.ref(c) for c in cites)
            )
        )

    def said(self, cites: tuple[Cite, ...]) -> Markup:
        """Each citation's quote and note on a line of its own, naming its number: with
        the citation, not in the Sources list, where it would seem to apply to every row
        citing that source."""
        lines = []
        for c in cites:
            words = " ".join(x for x in (f"“{c.quote}”" if c.quote else "", c.note or "") if x)
            if words:
                n = self.ref(c)
                lines.append(
                    f'<span class="tl-note tl-cite-note">[{n}] {html.escape(words)}</span>'
                )
        return Markup("".join(lines))

    def ref(self, cite: Cite) -> int:
        key = cite.source.key
        if key not in self.numbers:
            self.notes.append(Note(cite.source))
            self.numbers[key] = len(self.notes)
        return self.numbers[key]


class Renderer:
    """Holds the Jinja environment and per-build caches; `render_all` is the entry point."""

    def __init__(self, timeline: Timeline, templates: Mapping[str, str], site: SiteInfo):
        self.t = timeline
        self.site = site
        self.fragments = f = Fragments(timeline)
        self.env = jinja2.Environment(
            loader=jinja2.DictLoader(dict(templates)),
            autoescape=True,
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
        )
        self.env.filters["md"] = md_text
        self.env.filters["fragment"] = mark_fragment
        self.env.globals.update(
            t=timeline,
            site=site,
            root=ROOT,
            paths=paths,
            url=self.url,
            event_url=self.event_url,
            markdown=f.markdown,
            dump_json=json.dumps,
            block=f.event,
            line=f.line,
            date_html=date_html,
            range_html=range_html,
            corrections_html=lambda items, fn: corrections_html(items, fn.refs),
            entity_html=f.entity_link,
            source_html=f.source,
            summary_html=f.summary,
            figure=f.figure,
            roster_html=lambda org: rosters.roster_html(timeline, org, site.today),
            roles_table=lambda roles, person, fn: f.roles(
                roles, person, fn, lambda r: rosters.role_status(timeline, r, site.today)
            ),
            full_limit=FULL_LIST_LIMIT,
            entity_chart=lambda entity: charts.entity_chart(timeline, entity, site.today),
            years_chart=lambda: charts.years_chart(timeline),
        )
        self.env.globals["front_matter"] = self.front_matter
        self.env.globals["jsonld_script"] = self.jsonld_script
        self.env.globals["page_meta"] = lambda **meta: Markup(jsonld.meta_block(meta))

    # -- helpers the templates call -------------------------------------------------------

    def url(self, target: Entity | str) -> str:
        entity = self.t.entities[target] if isinstance(target, str) else target
        return ROOT + paths.entity_url(entity.kind, entity.id)

    def event_url(self, event: Event) -> str:
        """The event's permanent address: its anchor on its home entity's page."""
        return self.url(event.home) + "#" + event.id

    def front_matter(self, entity: Entity) -> Markup:
        """YAML front matter of an entity page (its feed, for the theme's head)."""
        return Markup(jsonld.front_matter(self.site.name, entity))

    def jsonld_script(self, entity: Entity) -> Markup:
        """The entity's JSON-LD, in the page body (see jsonld.jsonld_script)."""
        return Markup(jsonld.jsonld_script(self.t, self.site.name, self.site.url, entity))

    # -- pages ----------------------------------------------------------------------------

    def page(self, template: str, doc: str, **context: object) -> str:
        text = self.env.get_template(template).render(doc=doc, fn=Footnotes(), **context)
        return resolve_root(text, paths.url_of_doc(doc).count("/"))

    def render_all(
        self, pages: Mapping[str, PageParts] | None = None, select: Selection = EVERYTHING
    ) -> dict[str, str]:
        """The generated pages: docs-relative path -> text; all, or those `select`ed."""
        return dict(self.iter_pages(pages, select))

    def iter_pages(
        self, pages: Mapping[str, PageParts] | None = None, select: Selection = EVERYTHING
    ) -> Iterator[tuple[str, str]]:
        """Like `render_all`, one page at a time, so a large site is never all in memory."""
        for stream in self.page_streams(pages, select):
            yield from stream

    def page_streams(
        self, pages: Mapping[str, PageParts] | None = None, select: Selection = EVERYTHING
    ) -> tuple[Iterator[tuple[str, str]], Iterator[tuple[str, str]]]:
        """`iter_pages` as two lazy streams of about equal work that share no file and
        need nothing from each other (one per core, see write.write_streams): the pages
        MkDocs builds, and the feeds, exports and redirects."""
        return self._site_pages(pages, select), self._published(select)

    def _site_pages(
        self, pages: Mapping[str, PageParts] | None, select: Selection
    ) -> Iterator[tuple[str, str]]:
        yield from self._entity_pages(select)
        yield from self._home_and_indexes()
        yield from self._event_lists(select)
        doc = paths.INDEX_DOCS["sources"]
        text = "Every source cited on this site, with the events and roles it supports."
        yield search_entries(doc, [page_search("Sources", text)])
        yield doc, self.page("sources.md.j2", doc, sources=_sorted_sources(self.t))
        doc = paths.INDEX_DOCS["corrections"]
        yield doc, self.page("corrections.md.j2", doc)
        for stem, parts in (pages or {}).items():
            doc = paths.page_doc(stem)
            yield doc, self.page("page.md.j2", doc, body=_page_parts(self, stem, parts))
        for name in self.env.list_templates(extensions=["js"]):
            yield f"javascripts/{name}", self.env.loader.get_source(self.env, name)[0]  # type: ignore[union-attr]
        for name in self.env.list_templates(extensions=["css"]):
            yield f"stylesheets/{name}", self.env.loader.get_source(self.env, name)[0]  # type: ignore[union-attr]

    def _published(self, select: Selection) -> Iterator[tuple[str, str]]:
        """Feeds, /data/ exports and redirect pages of former ids."""
        only = None if select.full else select.entities
        yield from exports.published_files(
            self.fragments,
            self.site.name,
            self.site.url,
            only,
            today=self.site.today,
        )

    def _entity_pages(self, select: Selection) -> Iterator[tuple[str, str]]:
        """Each selected entity's page and its search entries (the entity, its own events)."""
        t = self.t
        for entity in t.entities.values():
            if not select.entity(entity.id):
                continue
            doc = paths.entity_doc(entity.kind, entity.id)
            entries = [self.fragments.entity_search(entity)]
            entries += map(self.fragments.event_search, t.own_events.get(entity.id, ()))
            yield search_entries(doc, entries)
            yield (
                doc,
                self.page(
                    "entity.md.j2",
                    doc,
                    entity=entity,
                    events=t.timelines.get(entity.id, ()),
                    roles=t.roles.get(entity.id, ()),
                    related=t.related.get(entity.id, ()),
                ),
            )

    def _home_and_indexes(self) -> Iterator[tuple[str, str]]:
        """The home page, the lists of people and of organizations, the timeline index."""
        t = self.t
        lead = "A sourced, cross-linked timeline of people and organizations."
        yield search_entries("index.md", [page_search(self.site.name, lead)])
        yield "index.md", self.page("home.md.j2", "index.md", latest=t.events[::-1][:LATEST_EVENTS])
        for kind in ("person", "organization"):
            doc = paths.INDEX_DOCS[paths.KIND_FOLDERS[kind]]  # type: ignore[index]
            title = "People" if kind == "person" else "Organizations"
            yield search_entries(doc, [page_search(title, f"Every {kind}, with a summary.")])
            yield doc, self.page("entities.md.j2", doc, kind=kind, entities=t.of_kind(kind))
        doc = paths.INDEX_DOCS["timeline"]
        yield search_entries(doc, [page_search("Timeline", "Every year, with its events.")])
        yield doc, self.page("timeline.md.j2", doc, limit=TIMELINE_INDEX_LIMIT)

    def _event_lists(self, select: Selection) -> Iterator[tuple[str, str]]:
        """The selected years' and tags' pages, and the list of tags."""
        for year, events in self.t.years.items():
            if select.year(year):
                doc = paths.year_doc(year)
                intro = f"Everything that happened in {year}, oldest first."
                yield doc, self._events_page(doc, str(year), events, intro, by_year=False)
        doc = paths.INDEX_DOCS["tags"]
        yield search_entries(doc, [page_search("Tags", "Every tag, with its events.")])
        yield doc, self.page("tags.md.j2", doc)
        for tag, events in self.t.tags.items():
            if select.tag(tag):
                doc = paths.tag_doc(tag)
                intro = f"Events tagged “{tag}”, oldest first."
                yield doc, self._events_page(doc, f"Tag: {tag}", events, intro, by_year=True)

    def _events_page(
        self, doc: str, heading: str, events: tuple[Event, ...], intro: str, by_year: bool
    ) -> str:
        return self.page(
            "events.md.j2",
            doc,
            heading=heading,
            events=events,
            intro=intro,
            group_by_year=by_year,
        )


def mark_fragment(html: str) -> Markup:
    """Mark finished HTML for our MkDocs plugin (which carries it past Markdown); without
    the plugin the marks are HTML comments and the HTML is passed through as it is."""
    return Markup(f"{START}\n{str(html).strip(chr(10))}\n{END}\n")


def page_search(title: str, text: str) -> dict[str, str]:
    return {"anchor": "", "title": html.escape(title), "text": html.escape(text)}


def search_entries(doc: str, entries: Iterable[dict[str, str]]) -> tuple[str, str]:
    """The file beside `doc` that holds its search entries (read by our MkDocs plugin)."""
    return paths.search_sidecar(doc), json.dumps(list(entries), ensure_ascii=False) + "\n"


def _sorted_sources(t: Timeline) -> list[Source]:
    return sorted(t.sources.values(), key=lambda s: (not s.shared, s.title.casefold(), s.key))


def _page_parts(r: Renderer, stem: str, split: PageParts) -> dict[str, object]:
    """A hand-written page as the template needs it, from the one reading of the page
    that `check` validated (content_files.PageFile.parts).

    Headings become Markdown headings (escaped, so MkDocs builds the table of contents);
    the text between them is rendered and sanitized like any contributor Markdown.
    """
    title = split.title.text if split.title else stem.replace("-", " ").capitalize()
    parts = [
        (
            max(heading.level, 2) if heading else 0,
            heading.text if heading else "",
            r.fragments.markdown(f"page:{stem}:{i}", "\n".join(body).strip()),
        )
        for i, (heading, body) in enumerate(split.sections)
    ]
    return {"title": title, "sections": parts}


def render_site(
    timeline: Timeline,
    templates: Mapping[str, str],
    site: SiteInfo,
    pages: Mapping[str, PageParts] | None = None,
    select: Selection = EVERYTHING,
) -> dict[str, str]:
    """Render the site's pages (all, or those selected); pure function of its arguments."""
    return Renderer(timeline, templates, site).render_all(pages, select)
