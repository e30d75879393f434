"""Rules about single fields and files: types, ids, dates, URLs, plain text, limits."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.content_models import Event, Person
from generator.dates import PartialDate
from generator.errors import Severity
from tests.helpers import check_ok, errors, problems, write_files


def person(tmp_path: Path, body: str, name: str = "ada") -> Path:
    return write_files(tmp_path / "content", {f"people/{name}.yaml": body})


def only(root: Path) -> tuple[str, int, str]:
    """The one error found under `root`."""
    found = errors(root)
    assert len(found) == 1, found
    return next(iter(found))


def message(root: Path) -> str:
    found = [p for p in problems(root) if p.severity is Severity.ERROR]
    assert len(found) == 1, found
    return found[0].message


# -- Whole files ----------------------------------------------------------------------


def test_minimal_files_pass(tmp_path: Path) -> None:
    root = write_files(
        tmp_path / "content",
        {
            "people/ada.yaml": "name: Ada\n",
            "organizations/acme.yaml": "name: Acme\n",
            "sources.yaml": "s:\n  title: S\n",
        },
    )
    content = check_ok(root)
    assert set(content.entities) == {"ada", "acme"}
    assert content.entities["ada"].kind == "person"
    assert content.entities["acme"].kind == "organization"
    assert set(content.sources) == {"s"}


def test_empty_content_folder_passes(tmp_path: Path) -> None:
    (tmp_path / "content").mkdir()
    assert check_ok(tmp_path / "content").entities == {}


def test_missing_content_folder(tmp_path: Path) -> None:
    assert [p.code for p in problems(tmp_path / "nowhere")] == ["missing-content"]


def test_unquoted_dates_equal_quoted_ones(tmp_path: Path) -> None:
    root = write_files(
        tmp_path / "content",
        {
            "people/ada.yaml": "name: Ada\nborn: 1815-12-10\ndied: 1852\n",
            "people/bob.yaml": "name: Bob\nborn: '1815-12-10'\ndied: \"1852\"\n",
        },
    )
    content = check_ok(root)
    ada, bob = content.entities["ada"].model, content.entities["bob"].model
    assert ada.born == bob.born == PartialDate(1815, 12, 10)
    assert ada.died == bob.died == PartialDate(1852)


def test_every_problem_in_a_file_is_reported(tmp_path: Path) -> None:
    root = person(
        tmp_path,
        """\
        name: Ada
        born: 2023-02-29
        sumary: x
        links:
          - title: Home
            url: ftp://example.org/
        events:
          - date: 2024-13
            title: <b>
            sources: []
        """,
    )
    assert errors(root) == {
        ("people/ada.yaml", 2, "invalid-date"),
        ("people/ada.yaml", 3, "unknown-field"),
        ("people/ada.yaml", 6, "invalid-url"),
        ("people/ada.yaml", 8, "invalid-date"),
        ("people/ada.yaml", 9, "invalid-text"),
        ("people/ada.yaml", 10, "too-short"),
    }


# -- Ids from file names --------------------------------------------------------------


@pytest.mark.parametrize(
    "stem",
    [
        *("Ada", "ada_lovelace", "-ada", "ada-", "ada--lovelace", "ada.lovelace", "ádá", "a" * 65),
        *("index", "tags", "search", "assets", "people", "404", "sources", "timeline"),
    ],
)
def test_invalid_file_ids(stem: str, tmp_path: Path) -> None:
    root = person(tmp_path, "name: Ada\n", name=stem)
    assert only(root) == (f"people/{stem}.yaml", 1, "invalid-id")


@pytest.mark.parametrize("stem", ["ada", "a", "ada-lovelace", "1815", "x" * 64, "ada-2"])
def test_valid_file_ids(stem: str, tmp_path: Path) -> None:
    assert stem in check_ok(person(tmp_path, "name: Ada\n", name=stem)).entities


def test_yml_extension_is_an_unexpected_file(tmp_path: Path) -> None:
    root = write_files(tmp_path / "content", {"people/ada.yml": "name: Ada\n"})
    assert only(root) == ("people/ada.yml", 1, "unexpected-file")
    assert ".yaml" in message(root)


def test_hidden_files_and_readme_are_ignored(tmp_path: Path) -> None:
    root = write_files(
        tmp_path / "content",
        {"people/.ada.yaml.swp": b"\x00\x01", "people/README.md": "# People\n"},
    )
    check_ok(root)


def test_same_id_as_person_and_organization(tmp_path: Path) -> None:
    root = write_files(
        tmp_path / "content",
        {"people/acme.yaml": "name: Acme\n", "organizations/acme.yaml": "name: Acme\n"},
    )
    assert only(root) == ("organizations/acme.yaml", 1, "duplicate-id")
    assert "people/acme.yaml" in message(root)


@pytest.mark.parametrize(
    ("stem", "ok"), [("about", True), ("contributing", True), ("history", True), ("tags", False)]
)
def test_page_names(stem: str, ok: bool, tmp_path: Path) -> None:
    root = write_files(tmp_path / "content", {f"pages/{stem}.md": "# Page\n"})
    if ok:
        assert [p.stem for p in check_ok(root).pages] == [stem]
    else:
        assert only(root) == (f"pages/{stem}.md", 1, "invalid-id")


def test_page_with_bad_encoding(tmp_path: Path) -> None:
    root = write_files(tmp_path / "content", {"pages/about.md": b"# About\n\nRen\xe9e\n"})
    assert only(root) == ("pages/about.md", 3, "encoding")


# -- Fields ---------------------------------------------------------------------------


def test_name_is_required(tmp_path: Path) -> None:
    root = person(tmp_path, "summary: x\n")
    assert only(root) == ("people/ada.yaml", 1, "missing-field")
    assert "'name'" in message(root)


@pytest.mark.parametrize(
    ("body", "line", "code"),
    [
        ("name: [Ada]\n", 1, "wrong-type"),
        ("name: {first: Ada}\n", 1, "wrong-type"),
        ("name: Ada\naliases: Augusta\n", 2, "wrong-type"),
        ("name: Ada\nevents: none\n", 2, "wrong-type"),
        ("name: Ada\nevents:\n  date: 1843\n", 3, "wrong-type"),
        ("name: Ada\nlinks:\n  - https://example.org/\n", 3, "wrong-type"),
        ("name: Ada\nroles:\n  - acme\n", 3, "wrong-type"),
        ("name: Ada\nborn: {year: 1815}\n", 2, "wrong-type"),
        ("name: Ada\nevents:\n  - date: 1843\n    title: x\n    sources: notes\n", 5, "wrong-type"),
        ("name: Ada\nevents:\n  - date: 1843\n    title: x\n    with: bob\n", 5, "wrong-type"),
    ],
)
def test_wrong_types(body: str, line: int, code: str, tmp_path: Path) -> None:
    found = errors(person(tmp_path, body))
    assert ("people/ada.yaml", line, code) in found, found


@pytest.mark.parametrize(
    ("body", "line", "suggestion"),
    [
        ("name: Ada\nsumary: x\n", 2, "summary"),
        ("id: ada\nname: Ada\n", 1, None),
        ("name: Ada\nfounded: 1900\n", 2, None),
        ("name: Ada\nevents:\n  - date: 1843\n    titel: x\n    title: x\n", 4, "title"),
        ("name: Ada\nroles:\n  - organisation: acme\n    start: 1842\n", 3, "organization"),
        ("name: Ada\nlinks:\n  - title: x\n    url: https://e.org/\n    uri: y\n", 5, "url"),
    ],
)
def test_unknown_fields(body: str, line: int, suggestion: str | None, tmp_path: Path) -> None:
    root = person(tmp_path, body)
    found = [p for p in problems(root) if p.code == "unknown-field"]
    assert [p.location.line for p in found] == [line]
    if suggestion:
        assert f"did you mean '{suggestion}'?" in found[0].message
    else:
        assert "did you mean" not in found[0].message


def test_unknown_field_suggestion_comes_from_the_right_model(tmp_path: Path) -> None:
    # 'kind' exists on sources, never on a person: no "did you mean 'kind'".
    root = person(tmp_path, "name: Ada\nkind: person\n")
    assert message(root) == "unknown field 'kind'"


def test_organization_fields_differ_from_person_fields(tmp_path: Path) -> None:
    root = write_files(
        tmp_path / "content",
        {"organizations/acme.yaml": "name: Acme\nborn: 1900\nroles: []\nfounded: 1900\n"},
    )
    assert errors(root) == {
        ("organizations/acme.yaml", 2, "unknown-field"),
        ("organizations/acme.yaml", 3, "unknown-field"),
    }


@pytest.mark.parametrize(
    "value",
    [
        '"a <b> c"',
        "a > b",
        '"Ada \\u202Eecalevol"',
        '"Ada\\u2066x\\u2069"',
        '"Ada\\u200Bx"',
        '"Ada\\nLovelace"',
        '" Ada"',
        '"Ada "',
        '""',
        '"\\t"',
    ],
)
def test_plain_text(value: str, tmp_path: Path) -> None:
    assert only(person(tmp_path, f"name: {value}\n")) == ("people/ada.yaml", 1, "invalid-text")


def test_plain_text_in_event_title_and_alias(tmp_path: Path) -> None:
    root = person(
        tmp_path,
        """\
        name: Ada
        aliases: [ok, "<i>no</i>"]
        events:
          - date: 1843
            title: "x \\u202E y"
            sources: [{title: Notes}]
        """,
    )
    assert errors(root) == {
        ("people/ada.yaml", 2, "invalid-text"),
        ("people/ada.yaml", 5, "invalid-text"),
    }


def test_markdown_allows_markup_but_not_bidi(tmp_path: Path) -> None:
    assert check_ok(person(tmp_path, "name: Ada\ndescription: Some <b>bold</b> & *text*\n"))
    root = person(tmp_path, 'name: Ada\ndescription: "evil \\u202E text"\n')
    assert only(root) == ("people/ada.yaml", 2, "invalid-text")


def test_names_are_normalised_to_nfc(tmp_path: Path) -> None:
    root = person(tmp_path, "name: Ade\u0301le\n")
    assert check_ok(root).entities["ada"].model.name == "Ad\u00e9le"


@pytest.mark.parametrize(
    ("body", "line", "code"),
    [
        ("name: " + "x" * 201 + "\n", 1, "too-long"),
        ("name: Ada\nsummary: " + "x" * 301 + "\n", 2, "too-long"),
        ("name: Ada\ndescription: " + "x" * 20_001 + "\n", 2, "too-long"),
        ("name: Ada\naliases: [" + ", ".join(["a"] * 51) + "]\n", 2, "too-long"),
        ("name: Ada\nformer_ids: [" + ", ".join(f"a{i}" for i in range(21)) + "]\n", 2, "too-long"),
    ],
)
def test_lengths(body: str, line: int, code: str, tmp_path: Path) -> None:
    assert only(person(tmp_path, body)) == ("people/ada.yaml", line, code)


def test_limits_just_inside_pass(tmp_path: Path) -> None:
    check_ok(person(tmp_path, "name: " + "x" * 200 + "\nsummary: " + "y" * 300 + "\n"))


@pytest.mark.parametrize(
    "url",
    [
        "https://example.org/",
        "http://example.org/a?b=c#d",
        "mailto:ada@example.org",
        "https://example.org/%E2%9C%93",
    ],
)
def test_allowed_urls(url: str, tmp_path: Path) -> None:
    check_ok(person(tmp_path, f"name: Ada\nlinks:\n  - title: x\n    url: '{url}'\n"))


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "JAVASCRIPT:alert(1)",
        "data:text/html,<script>",
        "vbscript:x",
        "ftp://example.org/",
        "file:///etc/passwd",
        "/relative/path",
        "example.org",
        "//example.org/",
        "https://",
        "https:///path",
        "mailto:",
        "https://exa mple.org/",
        'https://example.org/"onmouseover=x',
        "https://example.org/<x>",
        " https://example.org/",
    ],
)
def test_refused_urls(url: str, tmp_path: Path) -> None:
    quoted = url.replace("'", "''")
    root = person(tmp_path, f"name: Ada\nlinks:\n  - title: x\n    url: '{quoted}'\n")
    assert only(root) == ("people/ada.yaml", 4, "invalid-url")


@pytest.mark.parametrize(("value", "ok"), [("Q42", True), ("Q1", True), ("42", False)])
def test_wikidata(value: str, ok: bool, tmp_path: Path) -> None:
    root = person(tmp_path, f"name: Ada\nwikidata: {value}\n")
    if ok:
        check_ok(root)
    else:
        assert only(root) == ("people/ada.yaml", 2, "invalid-value")


@pytest.mark.parametrize("value", ["Q0", "q42", "Q42x", "P31", "Q01", "Q1234567890123"])
def test_bad_wikidata(value: str, tmp_path: Path) -> None:
    assert only(person(tmp_path, f"name: Ada\nwikidata: {value}\n"))[2] == "invalid-value"


# -- Dates ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value", ["2023-02-29", "2024-13", "0000", "2024-1", "24", "1815/1816", "soon", "١٨١٥", "''"]
)
def test_invalid_dates(value: str, tmp_path: Path) -> None:
    assert only(person(tmp_path, f"name: Ada\nborn: {value}\n")) == (
        "people/ada.yaml",
        2,
        "invalid-date",
    )


def test_invalid_date_deep_in_an_event_names_its_place(tmp_path: Path) -> None:
    root = person(
        tmp_path,
        """\
        name: Ada
        events:
          - date: 1842
            title: a
            sources: [{title: S}]
          - date: 1843
            title: b
            sources:
              - title: S
                date: 2023-02-29
        """,
    )
    found = [p for p in problems(root)]
    assert [(p.location.line, p.location.column, p.code) for p in found] == [
        (10, 15, "invalid-date")
    ]
    assert found[0].message.startswith("events[1].sources[0].date: '2023-02-29'")


def test_event_needs_date_title_and_sources(tmp_path: Path) -> None:
    root = person(tmp_path, "name: Ada\nevents:\n  - description: x\n")
    found = sorted(p.message for p in problems(root))
    assert [p.code for p in problems(root)] == ["missing-field"] * 3
    assert found == [
        f"events[0]: missing required field '{field}'" for field in ("date", "sources", "title")
    ]


def test_event_sources_may_not_be_empty(tmp_path: Path) -> None:
    root = person(tmp_path, "name: Ada\nevents:\n  - date: 1843\n    title: x\n    sources: []\n")
    assert only(root) == ("people/ada.yaml", 5, "too-short")


def test_role_sources_may_be_empty(tmp_path: Path) -> None:
    root = write_files(
        tmp_path / "content",
        {
            "people/ada.yaml": "name: Ada\nroles:\n  - organization: acme\n    start: 1842\n",
            "organizations/acme.yaml": "name: Acme\n",
        },
    )
    check_ok(root)


def test_source_forms(tmp_path: Path) -> None:
    root = write_files(
        tmp_path / "content",
        {
            "sources.yaml": "notes:\n  title: Notes\n",
            "people/ada.yaml": """\
                name: Ada
                events:
                  - date: 1843
                    title: x
                    sources:
                      - notes
                      - id: notes
                        quote: "the engine might compose music"
                        note: p. 3
                      - title: A letter
                        publisher: Babbage
                        url: https://example.org/letter
                        date: 1843-07
                        kind: other
                """,
        },
    )
    event = check_ok(root).entities["ada"].model.events[0]
    kinds = [type(s).__name__ for s in event.sources]
    assert kinds == ["str", "Citation", "InlineSource"]


@pytest.mark.parametrize(
    ("item", "code"),
    [
        ("{id: notes, title: x}", "unknown-field"),
        ("{title: x, quote: y, note: z}", "unknown-field"),
        ("{publisher: x}", "missing-field"),
        ("{title: x, kind: blog}", "invalid-value"),
        ("Notes_1843", "invalid-id"),
        ("[notes]", "wrong-type"),
    ],
)
def test_bad_source_items(item: str, code: str, tmp_path: Path) -> None:
    root = write_files(
        tmp_path / "content",
        {
            "sources.yaml": "notes:\n  title: Notes\n",
            "people/ada.yaml": f"name: Ada\nevents:\n  - date: 1843\n    title: x\n"
            f"    sources:\n      - {item}\n",
        },
    )
    assert only(root) == ("people/ada.yaml", 6, code)


@pytest.mark.parametrize("field", ["with", "tags"])
def test_ids_in_lists(field: str, tmp_path: Path) -> None:
    root = person(
        tmp_path,
        f"name: Ada\nevents:\n  - date: 1843\n    title: x\n    {field}: [Bad_Id]\n"
        "    sources: [{title: S}]\n",
    )
    assert only(root) == ("people/ada.yaml", 5, "invalid-id")


# -- sources.yaml ---------------------------------------------------------------------


def test_sources_file(tmp_path: Path) -> None:
    root = write_files(
        tmp_path / "content",
        {
            "sources.yaml": """\
                good:
                  title: Good
                  publisher: acme
                  url: https://example.org/
                  date: 2024-02
                  kind: article
                Bad_Id:
                  title: x
                no-title:
                  publisher: x
                text-only: just a title
                bad-kind:
                  title: x
                  kind: blog
                bad-date:
                  title: x
                  date: 2024-02-30
                extra:
                  title: x
                  quote: y
                """
        },
    )
    assert errors(root) == {
        ("sources.yaml", 7, "invalid-id"),
        ("sources.yaml", 10, "missing-field"),
        ("sources.yaml", 11, "wrong-type"),
        ("sources.yaml", 14, "invalid-value"),
        ("sources.yaml", 17, "invalid-date"),
        ("sources.yaml", 20, "unknown-field"),
    }


def test_sources_file_must_be_a_mapping(tmp_path: Path) -> None:
    root = write_files(tmp_path / "content", {"sources.yaml": "- title: x\n"})
    assert only(root) == ("sources.yaml", 1, "not-a-mapping")


# -- Models directly ------------------------------------------------------------------


def test_models_are_frozen_and_strict() -> None:
    ada = Person.model_validate({"name": "Ada"})
    with pytest.raises(ValueError):
        ada.name = "Bob"  # type: ignore[misc]
    with pytest.raises(ValueError):
        Person.model_validate({"name": "Ada", "nmae": "x"})


def test_event_with_alias() -> None:
    event = Event.model_validate({"date": "1843", "title": "x", "with": ["bob"], "sources": ["s"]})
    assert event.with_ == ["bob"]
    with pytest.raises(ValueError):
        Event.model_validate({"date": "1843", "title": "x", "with_": ["bob"], "sources": ["s"]})
