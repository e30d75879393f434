"""Renames never break links: a static page at every former id's URL leads to the new one.

`people/<old-id>/index.html` (or the organization equivalent) is a tiny HTML page with a
canonical link (absolute, from site_url: search engines move the old address's standing
to the new one), a meta refresh and a script that keeps the `#anchor` of an event link.
Both point at the new page by a relative address, so the redirect works wherever the
site is served, under a subpath too.

Why not mkdocs-redirects: it writes the same kind of page, but from a `redirect_maps`
table in mkdocs.yml, which would then have to be generated from content on every build;
here the generator already knows every former id and writes the pages with the others.
"""

from __future__ import annotations

import html

from generator import paths
from generator.model import Timeline

_PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Moved: {name}</title>
<meta name="robots" content="noindex">
<link rel="canonical" href="{canonical}">
<meta http-equiv="refresh" content="0; url={target}">
<script>location.replace({target_js} + location.hash)</script>
</head>
<body>
<p>This page has moved to <a href="{target}">{name}</a>.</p>
</body>
</html>
"""


def redirect_page(name: str, target: str, canonical: str) -> str:
    """The HTML of one redirect page; `target` is relative, `canonical` absolute."""
    # Ids and folders are validated slugs, so `target` holds no quote or backslash; it is
    # escaped all the same, as HTML and as a JavaScript string.
    target_js = '"' + target.replace("\\", "\\\\").replace('"', '\\"').replace("<", "\\x3c") + '"'
    return _PAGE.format(
        name=html.escape(name),
        target=html.escape(target),
        target_js=target_js,
        canonical=html.escape(canonical),
    )


def redirect_files(t: Timeline, site_url: str) -> dict[str, str]:
    """Docs-relative path -> redirect page, for every former id."""
    base = paths.site_base(site_url)
    out: dict[str, str] = {}
    for old, new in t.former_ids.items():
        entity = t.entities[new]
        new_url = paths.entity_url(entity.kind, entity.id)
        target = paths.relative_url(paths.entity_doc(entity.kind, old), new_url)
        out[paths.redirect_doc(entity.kind, old)] = redirect_page(
            entity.name, target, base + new_url
        )
    return out
