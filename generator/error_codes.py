"""The catalog of problem codes: what each `[code]` in a message means and how to fix it.

A code is stable (tools and tests match on it; wording may change), so every code the
generator can report is listed here once, with a title, a one-line description and an
example of content that causes it (the model is frictionless' errors/ catalog). The
Contributing page publishes the table (`python -m generator.error_codes` rewrites that
section; a test fails when it drifts), and tests/test_error_codes.py holds that every
code emitted in generator/ is here and has an invalid-content case.

To add a code: one `_code(...)` line below, and a tests/data/invalid/<case>/ folder.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

from generator.errors import Severity


@dataclass(frozen=True, slots=True)
class ErrorCode:
    code: str
    title: str
    description: str
    #: Content that causes it (a line of YAML, or a file name); shown as code.
    example: str
    severity: Severity = Severity.ERROR


def _code(code: str, title: str, description: str, example: str) -> ErrorCode:
    return ErrorCode(code, title, description, example)


def _warning(code: str, title: str, description: str, example: str) -> ErrorCode:
    return ErrorCode(code, title, description, example, Severity.WARNING)


# fmt: off
_CODES = (
    # Reading a file (load.py)
    _code("unreadable", "Unreadable file", "The file cannot be read (permissions, or it vanished while checking).", "chmod 000 people/ada.yaml"),  # noqa: E501
    _code("encoding", "Not UTF-8", "Files must be UTF-8 (a leading BOM is allowed); save the file as UTF-8.", "a file saved as Latin-1 or UTF-16"),  # noqa: E501
    _code("control-character", "Forbidden character", "Control characters, line separators and a BOM inside the text are not allowed, written or escaped.", 'title: "Bell \\a"'),  # noqa: E501
    _code("file-too-large", "File too large", "A YAML file or page is over the size limit; split the entity or trim it.", "a 3 MB people/ada.yaml"),  # noqa: E501
    _code("yaml-syntax", "YAML syntax error", "The file is not valid YAML; the message says where the parser stopped.", "name: [Ada"),  # noqa: E501
    _code("multiple-documents", "More than one YAML document", "A file holds one YAML document: remove the `---` separators.", "name: Ada\\n---\\nname: Bob"),  # noqa: E501
    _code("alias", "YAML alias", "Aliases (`*name`) are not allowed: write the value out.", "summary: *intro"),  # noqa: E501
    _code("anchor", "YAML anchor", "Anchors (`&name`) are not allowed: write each value where it is used.", "summary: &intro A mathematician"),  # noqa: E501
    _code("tag", "YAML tag", "Tags (`!!str`, `!custom`) are not allowed: quote the value instead.", "born: !!str 1815"),  # noqa: E501
    _code("non-string-key", "Key is not text", "Mapping keys must be plain text, not lists or mappings.", "[a, b]: value"),  # noqa: E501
    _code("merge-key", "YAML merge key", "Merge keys (`<<`) are not allowed: write the fields out.", "<<: *defaults"),  # noqa: E501
    _code("duplicate-key", "Duplicate key", "A key appears twice in one mapping; the message names the first.", "name: Ada\\nname: Ada L."),  # noqa: E501
    _code("too-deep", "Nested too deeply", "Lists and mappings are nested deeper than the limit.", "a: [[[[[[[[[[[[[[[[[[[[[[[[[x]]]]]]]]]]]]]]]]]]]]]]]]]"),  # noqa: E501
    _code("empty-file", "Empty file", "The file has no fields; a person or organization needs at least `name`.", "# only a comment"),  # noqa: E501
    _code("not-a-mapping", "Not a mapping", "The top level of a file must be `key: value` lines, not a list or a single value.", "- name: Ada"),  # noqa: E501
    # One file's fields (field_types.py, content_models.py, field_errors.py)
    _code("missing-field", "Missing required field", "A required field is absent: `name`, an event's `date`, `title` and `sources`, a role's `organization` and `start`.", "events: [{title: Born}]"),  # noqa: E501
    _code("unknown-field", "Unknown field", "The field is not part of the format (often a typo; the message suggests the closest).", "brn: 1815-12-10"),  # noqa: E501
    _code("wrong-type", "Wrong type", "The value has the wrong shape: text where a list is expected, or the reverse.", "aliases: Ada King"),  # noqa: E501
    _code("too-short", "List too short", "The list needs at least one item (an event needs a source).", "sources: []"),  # noqa: E501
    _code("too-long", "Too long", "The text or list is over its limit (see Limits in the README).", "name: <201 characters>"),  # noqa: E501
    _code("invalid-value", "Invalid value", "The value is not one of those allowed (a source `kind`, a Wikidata id like Q42).", "kind: blog"),  # noqa: E501
    _code("invalid-date", "Invalid date", "Dates are YYYY, YYYY-MM or YYYY-MM-DD, optionally followed by ?, ~ or %, and must exist.", "born: 2023-02-29"),  # noqa: E501
    _code("invalid-id", "Invalid id", "Ids (file names, tags, source ids) are lowercase a-z, digits and single hyphens, at most 64 characters, and not reserved.", "people/Ada_Lovelace.yaml"),  # noqa: E501
    _code("invalid-text", "Invalid text", "Plain text may not hold `<`, `>`, line breaks, invisible or direction-changing characters, or start or end with spaces.", "name: Ada <b>"),  # noqa: E501
    _code("invalid-url", "Invalid URL", "URLs must be absolute https://, http:// or mailto: addresses without spaces or quotes.", "url: javascript:alert(1)"),  # noqa: E501
    # The content folder (validate.py, static_files.py, build.py)
    _code("missing-content", "Content folder not found", "The folder given with --content (default content/) does not exist.", "timeline check --content nowhere"),  # noqa: E501
    _code("unexpected-file", "Unexpected file", "Only <id>.yaml files belong in people/ and organizations/; no links or special files; content/static/ holds only safe file types.", "people/ada.yml"),  # noqa: E501
    _code("duplicate-id", "Duplicate id", "Two files have the same id (a person and an organization cannot share one).", "people/acme.yaml and organizations/acme.yaml"),  # noqa: E501
    _code("too-many-entities", "Too many entities", "The content has more people and organizations than the limit.", "50,001 files in people/"),  # noqa: E501
    _code("mkdocs-config", "Broken mkdocs.yml", "mkdocs.yml is not valid YAML or not a mapping of settings; the message gives the place.", "nav: [Home: index.md"),  # noqa: E501
    _code("nav-missing-page", "Nav names a missing page", "An entry of nav in mkdocs.yml names a page that no build has: create it in content/pages/ or remove the entry.", "nav: [{Notes: notes.md}]"),  # noqa: E501
    _warning("ignored-file", "File timeline never reads", "A YAML file outside people/, organizations/ and sources.yaml looks like content but is not read: move or rename it. (A warning.)", "content/person/ada.yaml"),  # noqa: E501
    _code("unstamped-change", "Change not stamped", "content/changes.lock (which dates each event's feed entry) has no record of an event as it now is, or records one no file holds: run `timeline stamp` and commit the file with the events.", "an event's title edited, then committed without `timeline stamp`"),  # noqa: E501
    _code("reserved-path", "Path used by the site", "A file in content/static/ has the path of a page the site generates.", "static/feed.xml"),  # noqa: E501
    # Images (field_types.py, images.py)
    _code("invalid-image", "Not an image the site can show", "`image: file` must be a PNG, JPEG, WebP or AVIF file under content/static/, by its content and its name; never an address elsewhere, never SVG (it can hold scripts).", "file: images/logo.svg"),  # noqa: E501
    _code("missing-image", "Image file not found", "`image: file` names no file of content/static/ (paths are case-sensitive).", "file: images/ada.png (not in content/static/)"),  # noqa: E501
    _code("image-too-large", "Image too large", "The image file is over the size limit, or over the limit of pixels on a side (see Limits): save it smaller.", "a 12 MB photograph"),  # noqa: E501
    _code("invalid-alt", "Alt text says nothing", "`alt` must say what the picture shows, for readers who cannot see it: not the file name, not just 'image' or 'photo'.", "alt: ada.png"),  # noqa: E501
    # Across files (rules.py, tenure.py)
    _code("unknown-id", "No such entity", "A reference names an id that no file has (the message suggests the closest).", "with: [charles-babage]"),  # noqa: E501
    _code("wrong-kind", "Wrong kind of entity", "A role's organization must be an organization, not a person.", "organization: ada-lovelace"),  # noqa: E501
    _code("former-id", "Renamed entity", "A reference uses an id the entity had before it was renamed: use the new id.", "with: [old-id]"),  # noqa: E501
    _code("former-id-collision", "Former id in use", "A former id is a live id, or is claimed by two entities.", "former_ids: [ada-lovelace]"),  # noqa: E501
    _code("unknown-source", "No such source", "A cited source id is not in sources.yaml (the message suggests the closest).", "sources: [notes-1834]"),  # noqa: E501
    _code("unknown-mention", "No such entity in a mention", "A `[[id]]` mention names no entity; a renamed one is named with its new id.", "description: See [[nobody]]."),  # noqa: E501
    _code("mention-in-link", "Mention inside a link or tag", "A `[[id]]` mention stands in a link's address, title or text, or inside an HTML tag (`<abbr title>`): it would stay literal text there, never a link inside an attribute. Move it out of the link.", "description: '[the notes](https://example.org/[[ada-lovelace]])'"),  # noqa: E501
    _code("link-target", "Link the site would drop", "A Markdown or HTML link's target is relative, has no scheme (`www.example.org/x`) or a scheme other than https, http and mailto: the sanitizer would drop it and leave a link to nowhere. Write a full address, or a page of this site as `../about/`.", "description: '[the notes](www.example.org/notes)'"),  # noqa: E501
    _code("date-order", "End before start", "An end (died, dissolved, a role's or an event's end) is before its start.", "born: 1852\\ndied: 1815"),  # noqa: E501
    _code("duplicate-event-id", "Duplicate event id", "Two events of one file have the same id (given, or derived from date and title): give one an `id`.", "two events '1843' titled 'Notes'"),  # noqa: E501
    _code("self-reference", "Event with its own entity", "An event lists its own entity under `with`; it is on that timeline already.", "with: [ada-lovelace] in ada-lovelace.yaml"),  # noqa: E501
    _code("same-date", "Other date equals the date", "An entry of `other_dates` repeats the event's own date.", "date: 1843\\nother_dates: [{date: 1843, ...}]"),  # noqa: E501
    _code("reserved-id", "Id taken by the page", "The id would collide with an anchor the page itself uses; choose another id.", "sources.yaml: footnotes: ..."),  # noqa: E501
    _warning("role-outside-life", "Role outside a life", "A role certainly starts before the person was born or ends after they died (partial dates by their widest reading). (A warning; --strict fails on it.)", "start: 1810 for someone born 1815-12-10"),  # noqa: E501
    _warning("role-outside-organization", "Role outside an organization's existence", "A role certainly starts before the organization was founded or ends after it was dissolved. (A warning; --strict fails on it.)", "start: 1849 at an organization founded 1850-06"),  # noqa: E501
    _warning("overlapping-roles", "Overlapping roles", "One person holds two roles with the same title at the same organization at the same time: merge them or fix a date. (A warning; --strict fails on it.)", "Clerk 1810-1853 and Clerk 1849-1851 at one organization"),  # noqa: E501
    _warning("single-holder-overlap", "Two holders of a single-holder post", "Two people hold a post the organization marks `single: true` under `posts:` at the same time. (A warning; --strict fails on it.)", "two chief executives in 2014"),  # noqa: E501
    _warning("event-outside-life", "Event outside a life", "An event certainly dated before a participant was born or after they died. (A warning; --strict fails on it.)", "date: 1860 with someone who died in 1852"),  # noqa: E501
    _warning("placeholder-text", "Placeholder left in", "The summary is still the text `timeline new` wrote. (A warning; --strict fails on it.)", "summary: One line on who this is."),  # noqa: E501
    _warning("possible-duplicate", "Possible duplicate event", "Two events share date and participants, and their titles or descriptions are alike (or neither has a description): the same event written twice? The message names both places. (A warning; --strict fails on it.)", "'Publishes the Notes' and 'Notes appear' on one day, with the same people"),  # noqa: E501
    _warning("cut-by-comment", "Value cut by a comment", "An unquoted value is followed by ` #` on its line, not written like a comment (two spaces before `# `): YAML reads the rest of the line as a comment and drops it. Quote the value, or write the comment on its own line. (A warning; --strict fails on it.)", "title: Reports on Karpathy #departure story"),  # noqa: E501
    _warning("unsourced-role", "Role without sources", "A role has no `sources`: add where it is stated, as for events. (A warning; --strict fails on it.)", "roles: [{organization: acme, start: 2020}]"),  # noqa: E501
)
# fmt: on

CATALOG: dict[str, ErrorCode] = {c.code: c for c in _CODES}

#: The Contributing page holds the published table between these markers.
PAGE = Path(__file__).resolve().parent.parent / "content" / "pages" / "contributing.md"
START = "<!-- error codes: generated by `python -m generator.error_codes`; do not edit -->"
END = "<!-- end of error codes -->"


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def markdown_table() -> str:
    """The catalog as a Markdown table, for the Contributing page."""
    rows = ["| Code | Problem | What it means | Example |", "|---|---|---|---|"]
    for c in _CODES:
        title = c.title + (" (warning)" if c.severity is Severity.WARNING else "")
        example = c.example.replace("\\n", " ⏎ ")
        rows.append(
            f"| `{c.code}` | {_cell(title)} | {_cell(c.description)} | `{_cell(example)}` |"
        )
    return "\n".join(rows)


def with_section(page: str, start: str, end: str, body: str) -> str:
    """`page` (the Contributing page) with what stands between the marker lines `start`
    and `end` replaced by `body`: how each generated section of it (this catalog, the
    field reference of field_docs.py) is rewritten."""
    head, found_start, rest = page.partition(start)
    _, found_end, tail = rest.partition(end)
    if not found_start or not found_end:
        raise ValueError(f"{PAGE.name}: markers {start!r} and {end!r} not found")
    return f"{head}{start}\n\n{body}\n\n{end}{tail}"


def with_table(page: str) -> str:
    """`page` with the section between START and END replaced by the current table."""
    return with_section(page, START, END, markdown_table())


if __name__ == "__main__":  # pragma: no cover - exercised by the drift test's message
    PAGE.write_text(with_table(PAGE.read_text(encoding="utf-8")), encoding="utf-8")
    sys.stdout.write(f"wrote {PAGE}\n")
