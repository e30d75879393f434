"""The one place for ids, output paths and site URLs.

Ids are validated, never transformed: a file called `Ada.yaml` is an error, not `ada`.
Every output path is built here from a validated id and checked to stay inside its root.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path, PurePosixPath
from typing import Literal

from generator.limits import DERIVED_SLUG_LENGTH, MAX_ID_LENGTH

Kind = Literal["person", "organization"]

ID_RE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")

#: The schemes a contributor's URL may have: in URL fields and in Markdown links.
URL_SCHEMES = frozenset({"https", "http", "mailto"})

#: Folder (and URL segment) per entity kind.
KIND_FOLDERS: dict[Kind, str] = {"person": "people", "organization": "organizations"}

#: Names the site uses at its top level; no hand-written page may take one.
TOP_LEVEL_NAMES = frozenset(
    {
        "404",
        "assets",
        "corrections",
        "data",
        "feed",
        "index",
        "javascripts",
        "organizations",
        "people",
        "search",
        "sitemap",
        "sources",
        "static",
        "stylesheets",
        "tags",
        "timeline",
    }
)
#: No entity id may take one of these (they would shadow or mimic the site's own pages).
RESERVED_IDS = TOP_LEVEL_NAMES | {"about", "contributing", "pages", "redirects"}


def id_problem(text: str) -> str | None:
    """Why `text` cannot be an id, or None when it can."""
    if not ID_RE.fullmatch(text):
        return (
            f"'{text}' is not a valid id: use lowercase a-z, digits and single hyphens "
            "(like 'ada-lovelace')"
        )
    if len(text) > MAX_ID_LENGTH:
        return f"'{text}' is not a valid id: longer than {MAX_ID_LENGTH} characters"
    if text in RESERVED_IDS:
        return f"'{text}' is reserved for the site's own pages; choose another id"
    return None


#: Anchors the generated pages give their own parts: section headings, footnotes
#: (`fn-<n>`), roles (`role-<n>`) and year headings (digits). An event or source id
#: taking one would be a second element with the same id on its page.
SITE_ANCHORS = frozenset(
    {"career", "people", "organizations", "timeline", "related", "sources", "latest-events"}
)
_SITE_ANCHOR_RE = re.compile(r"[0-9]+|(?:fn|role)-[0-9]+")


def heading_anchor(text: str) -> str:
    """The id MkDocs' table of contents gives a heading with this text."""
    from markdown.extensions.toc import slugify as toc_slugify

    return toc_slugify(text, "-")


def anchor_problem(anchor: str, *, site_anchors: bool = False) -> str | None:
    """Why `anchor` may not be an element id on our pages, or None.

    The theme's own elements have ids starting with `_` (Material reads its settings
    from `#__config`: an earlier element with that id stops every theme script on the
    page). With `site_anchors`, the ids generated pages use for their own parts too.
    """
    if anchor.startswith("_"):
        return "is reserved for the theme's own elements (like '__config')"
    if site_anchors and (anchor in SITE_ANCHORS or _SITE_ANCHOR_RE.fullmatch(anchor)):
        return "is an anchor the page uses for its own sections, footnotes or years"
    return None


def slugify(text: str, max_length: int = DERIVED_SLUG_LENGTH) -> str:
    """A URL slug from free text (for derived event ids and tags shown from titles)."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    if len(slug) > max_length:
        slug = slug[:max_length].rsplit("-", 1)[0] or slug[:max_length]
    return slug.strip("-")


# -- Source (Markdown) paths inside the generated docs folder -------------------------


def entity_doc(kind: Kind, entity_id: str) -> str:
    return f"{KIND_FOLDERS[kind]}/{entity_id}.md"


def entity_url(kind: Kind, entity_id: str) -> str:
    """Site-relative URL of an entity page, as `/people/<id>/` without the leading slash."""
    return f"{KIND_FOLDERS[kind]}/{entity_id}/"


def year_doc(year: int) -> str:
    return f"timeline/{year}.md"


def year_url(year: int) -> str:
    return f"timeline/{year}/"


def tag_doc(tag: str) -> str:
    return f"tags/{tag}.md"


def tag_url(tag: str) -> str:
    return f"tags/{tag}/"


INDEX_DOCS = {
    "home": "index.md",
    "people": "people/index.md",
    "organizations": "organizations/index.md",
    "timeline": "timeline/index.md",
    "tags": "tags/index.md",
    "sources": "sources/index.md",
    "corrections": "corrections/index.md",
}


def page_doc(stem: str) -> str:
    """A hand-written page from content/pages/<stem>.md."""
    return f"{stem}.md"


#: The lines around a fragment of finished HTML in generated Markdown: our MkDocs plugin
#: (generator/mkdocs_plugin.py) carries what is between them past Markdown.
FRAGMENT_START, FRAGMENT_END = "<!--tl-->", "<!--/tl-->"


def search_sidecar(doc: str) -> str:
    """The search entries of a generated page, for our MkDocs plugin: `people/ada.md` ->
    `people/.ada.md.search.json` (a dotfile: MkDocs neither builds nor publishes it)."""
    folder, _, name = doc.rpartition("/")
    return f"{folder}/.{name}.search.json" if folder else f".{name}.search.json"


def url_of_doc(doc: str) -> str:
    """The directory URL MkDocs gives a Markdown path ('people/ada.md' -> 'people/ada/')."""
    p = PurePosixPath(doc)
    if p.name == "index.md":
        parent = str(p.parent)
        return "" if parent == "." else parent + "/"
    return str(p.with_suffix("")) + "/"


def relative_url(from_doc: str, to_url: str) -> str:
    """A relative link from the page built from `from_doc` to the site URL `to_url`.

    Why relative: the site may live under a subpath (https://user.github.io/repo/).
    """
    here = url_of_doc(from_doc)
    depth = here.count("/")
    return "../" * depth + to_url if (depth or to_url) else "./"


def confined(root: Path, relative: str) -> Path:
    """`root / relative`, refusing any path that resolves outside `root`."""
    base = root.resolve()
    target = (base / relative).resolve()
    if target != base and base not in target.parents:
        raise ValueError(f"refusing to write outside {base}: {relative!r}")
    return target


# -- Feeds, data exports and redirects (static files: their docs path is their URL) ---

#: mkdocs.yml's fallback site_url (`!ENV [SITE_URL, "http://127.0.0.1:8000/"]`).
LOCAL_SITE_URL = "http://127.0.0.1:8000/"

SITE_FEED = "feed.xml"
CORRECTIONS_FEED = "corrections/feed.xml"
DATA_EXPORT = "data/timeline.json"
DATA_SCHEMA = "data/timeline.schema.json"
#: TimelineJS file of the whole site; "index" is reserved, so no entity can take the name.
TIMELINEJS_SITE = "data/timelinejs/index.json"


def site_base(configured: str) -> str:
    """The site's absolute address, ending in '/', for feeds, exports and canonical links.

    `configured` is the site_url the project read from mkdocs.yml (which resolves
    `!ENV [SITE_URL, default]` as MkDocs does); without one, the local preview address.
    """
    url = configured or LOCAL_SITE_URL
    return url if url.endswith("/") else url + "/"


def entity_feed(kind: Kind, entity_id: str) -> str:
    """The Atom feed of one entity, next to its page: `people/<id>/feed.xml`."""
    return f"{KIND_FOLDERS[kind]}/{entity_id}/feed.xml"


def timelinejs(entity_id: str) -> str:
    """TimelineJS JSON of one entity (ids are unique across kinds)."""
    return f"data/timelinejs/{entity_id}.json"


def redirect_doc(kind: Kind, old_id: str) -> str:
    """The static page that keeps a former id's URL working: `people/<old-id>/index.html`."""
    return f"{KIND_FOLDERS[kind]}/{old_id}/index.html"
