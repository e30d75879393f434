"""schema.org JSON-LD (a `ProfilePage` with a `Person` or `Organization`) in each entity
page's head, passed to the theme through the page's front matter.

Built as data and serialized with `safe_json`: valid JSON, valid YAML and safe in a
<script>; nothing is concatenated.
"""

from __future__ import annotations

import json
import re
from typing import Any

from generator import paths
from generator.dates import PartialDate
from generator.feeds import entity_page
from generator.model import Entity, Image, Role, Source, Timeline


def _node_id(base: str, e: Entity) -> str:
    """The JSON-LD `@id` of an entity: its page's address with `#person` or
    `#organization`, the same on its own page and wherever another page names it, so a
    consumer merges the nodes of different pages into one."""
    return entity_page(base, e) + "#" + e.kind


def _ref(t: Timeline, base: str, entity_id: str) -> dict[str, Any]:
    e = t.entities[entity_id]
    kind = "Person" if e.kind == "person" else "Organization"
    return {"@type": kind, "@id": _node_id(base, e), "name": e.name, "url": entity_page(base, e)}


def _certain_dates(out: dict[str, Any], dates: dict[str, tuple[str, PartialDate | None]]) -> None:
    """Set each date property whose date is certain; state the qualified ones in words.

    schema.org dates have no way to say "about" or "perhaps": a consumer reads
    `"startDate": "2011"` as a fact. So a date marked approximate (`~`) or uncertain (`?`)
    is left out of the date property, and the `description` says what the page says
    ("start: c. 2011 (approximate)"). A certain date keeps only its known precision
    (`2011`, `2011-06`, `2011-06-01`)."""
    notes = []
    for key, (label, d) in dates.items():
        if d is None:
            continue
        if d.qualified:
            what = "approximate" if d.approximate else ""
            what += (" and " if what else "") + "uncertain" if d.uncertain else ""
            notes.append(f"{label}: {d.display()} ({what})")
        else:
            out[key] = d.iso()
    if notes:
        text = "; ".join(notes) + "."
        out["description"] = f"{out['description']} {text}" if out.get("description") else text


def _role_ld(t: Timeline, base: str, r: Role, person_page: bool) -> dict[str, Any]:
    key = "memberOf" if person_page else "member"
    out: dict[str, Any] = {
        "@type": "OrganizationRole",
        key: _ref(t, base, r.organization if person_page else r.person),
    }
    if r.title:
        out["roleName"] = r.title
    _certain_dates(out, {"startDate": ("start", r.start), "endDate": ("end", r.end)})
    return out


def profile_jsonld(t: Timeline, site_name: str, site_url: str, entity: Entity) -> dict[str, Any]:
    """schema.org `ProfilePage` whose `mainEntity` is the entity, with its roles."""
    base = paths.site_base(site_url)
    page = entity_page(base, entity)
    person = entity.kind == "person"
    main: dict[str, Any] = {
        "@type": "Person" if person else "Organization",
        "@id": _node_id(base, entity),
        "name": entity.name,
        "url": page,
    }
    if entity.aliases:
        main["alternateName"] = list(entity.aliases)
    if entity.summary:
        main["description"] = entity.summary
    start_key, end_key = (
        ("birthDate", "deathDate") if person else ("foundingDate", "dissolutionDate")
    )
    born = ("born", "died") if person else ("founded", "dissolved")
    _certain_dates(main, {start_key: (born[0], entity.start), end_key: (born[1], entity.end)})
    same_as = [url for _, url in entity.links]
    if entity.wikidata:
        same_as.append(f"https://www.wikidata.org/wiki/{entity.wikidata}")
    if same_as:
        main["sameAs"] = same_as
    if entity.image:
        main["image"] = image_ld(entity.image, base)
    roles = [
        _role_ld(t, base, r, person)
        for r in t.roles.get(entity.id, ())
        if (r.person if person else r.organization) == entity.id
    ]
    if roles:
        main["memberOf" if person else "member"] = roles
    out: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "ProfilePage",
        "url": page,
        "name": entity.name,
        "isPartOf": {"@type": "WebSite", "name": site_name, "url": base},
        "mainEntity": main,
    }
    fixes = [*entity.corrections]
    for r in t.roles.get(entity.id, ()):
        fixes += r.corrections if r.person == entity.id or not person else ()
    for ev in t.timelines.get(entity.id, ()):
        fixes += ev.corrections if ev.home == entity.id else ()
    if fixes:
        out["correction"] = [
            {"@type": "CorrectionComment", "text": c.note, "datePublished": c.date.iso()}
            for c in sorted(fixes, key=lambda c: c.date.sort_key(), reverse=True)
        ]
    cited = _page_sources(t, entity)
    if cited:
        out["citation"] = [_source_ld(t, base, s) for s in cited]
    return out


def image_ld(img: Image, base: str) -> dict[str, Any]:
    """A picture as a schema.org ImageObject: the site's file, its size, its words and
    its credit (`creditText`, which search engines show as the image's credit)."""
    out: dict[str, Any] = {
        "@type": "ImageObject",
        "contentUrl": base + img.file,
        "encodingFormat": img.mime,
        "width": img.width,
        "height": img.height,
        "description": img.alt,
        "creditText": img.credit,
    }
    if img.caption:
        out["caption"] = img.caption
    return out


def _page_sources(t: Timeline, entity: Entity) -> list[Source]:
    """The sources cited on an entity's page (its events and roles), in order of first use."""
    seen: dict[str, Source] = {}
    for ev in t.timelines.get(entity.id, ()):
        for c in (*ev.cites, *(c for o in ev.other_dates for c in o.cites)):
            seen.setdefault(c.source.key, c.source)
    for r in t.roles.get(entity.id, ()):
        for c in r.cites:
            seen.setdefault(c.source.key, c.source)
    return list(seen.values())


def _source_ld(t: Timeline, base: str, s: Source) -> dict[str, Any]:
    """A source as a schema.org CreativeWork; its archived copy as `archivedAt`."""
    out: dict[str, Any] = {"@type": "CreativeWork", "name": s.title}
    if s.url:
        out["url"] = s.url
    if s.archive:
        out["archivedAt"] = s.archive
    _certain_dates(out, {"datePublished": ("published", s.date)})
    if s.publisher_id:
        out["publisher"] = _ref(t, base, s.publisher_id)
    elif s.publisher:
        out["publisher"] = {"@type": "Organization", "name": s.publisher}
    return out


# Characters escaped in embedded JSON: HTML's specials (so `</script>` can never appear),
# and what YAML refuses or reads as a line break inside a front-matter string.
_UNSAFE_RE = re.compile("[<>&\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff\ud800-\udfff]")


def safe_json(value: Any) -> str:
    """JSON on one line with `<`, `>`, `&` and YAML-unsafe characters as \\u escapes.

    The result is valid JSON and valid YAML (for front matter), and safe in a <script>.
    """
    text = json.dumps(value, ensure_ascii=False, separators=(", ", ": "))
    return _UNSAFE_RE.sub(lambda m: f"\\u{ord(m[0]):04x}", text)


def front_matter(site_name: str, entity: Entity) -> str:
    """YAML front matter of an entity page: the feed the theme advertises in its head.

    Small on purpose: MkDocs parses front matter with PyYAML's pure-Python loader, which
    took 3.8 s of a 25 s MkDocs step at 1,000 entities when the JSON-LD was here too.
    """
    meta = {
        "timeline_feed": paths.entity_feed(entity.kind, entity.id),
        "timeline_feed_title": f"{entity.name} · {site_name}",
    }
    return meta_block(meta)


def jsonld_script(t: Timeline, site_name: str, site_url: str, entity: Entity) -> str:
    """The page's schema.org JSON-LD as a `<script>` for its body (valid anywhere in a
    document): a fragment, so neither Markdown nor MkDocs parses it."""
    data = safe_json(profile_jsonld(t, site_name, site_url, entity))
    return f'<script type="application/ld+json">{data}</script>'


def meta_block(meta: dict[str, Any]) -> str:
    """A page's YAML front matter: one key per line, each value as safe JSON."""
    lines = [f"{key}: {safe_json(value)}" for key, value in meta.items()]
    return "---\n" + "\n".join(lines) + "\n---\n"
