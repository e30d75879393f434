"""Rules across fields and files: references, date order, ids, mentions, duplicates."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.check import check_content
from generator.content_models import Event, event_id
from generator.errors import ContentError, Severity
from tests.helpers import check_ok, errors, problems, write_files

BASE = {
    "sources.yaml": "notes-1843:\n  title: Notes\nletter:\n  title: A letter\n",
    "organizations/analytical-engines.yaml": "name: Analytical Engines\n",
    "people/charles-babbage.yaml": "name: Charles Babbage\n",
}


def tree(tmp_path: Path, ada: str, files: dict[str, str] | None = None) -> Path:
    """BASE plus people/ada.yaml = `ada`, with `files` added or replacing BASE's."""
    return write_files(tmp_path / "content", {**BASE, "people/ada.yaml": ada, **(files or {})})


def messages(root: Path, code: str) -> list[str]:
    return [p.message for p in problems(root) if p.code == code]


def test_valid_cross_references_pass(tmp_path: Path) -> None:
    root = tree(
        tmp_path,
        """\
        name: Ada
        born: 1815-12-10
        died: 1852-11-27
        former_ids: [ada-byron]
        description: |
          Worked with [[charles-babbage]] on the [[analytical-engines|engine]].
          Literal `[[not-a-mention]]` and

          ```
          [[also-not]]
          ```
        roles:
          - organization: analytical-engines
            start: 1842~
            end: 1843
            sources: [notes-1843, {id: letter, note: x}]
        events:
          - date: 1843-09
            end: 1843-10
            title: Publishes her notes
            with: [charles-babbage, analytical-engines]
            sources: [notes-1843]
            other_dates:
              - date: 1843-08
                sources: [letter]
                note: Per [[charles-babbage]].
        """,
    )
    content = check_ok(root)
    assert content.problems == []
    assert content.former_ids == {"ada-byron": "ada"}


# -- References -----------------------------------------------------------------------


def test_unknown_role_organization_suggests(tmp_path: Path) -> None:
    root = tree(
        tmp_path, "name: Ada\nroles:\n  - organization: analytical-engine\n    start: 1842\n"
    )
    assert errors(root) == {("people/ada.yaml", 3, "unknown-id")}
    assert messages(root, "unknown-id") == [
        "roles[0].organization: no entity 'analytical-engine'; did you mean 'analytical-engines'?"
    ]


def test_role_suggestion_only_offers_organizations(tmp_path: Path) -> None:
    root = tree(tmp_path, "name: Ada\nroles:\n  - organization: charles-babage\n    start: 1842\n")
    assert "did you mean" not in messages(root, "unknown-id")[0]


def test_unknown_with_suggests(tmp_path: Path) -> None:
    root = tree(
        tmp_path,
        "name: Ada\nevents:\n  - date: 1843\n    title: x\n    sources: [letter]\n"
        "    with:\n      - analytical-engines\n      - charles-babage\n",
    )
    assert errors(root) == {("people/ada.yaml", 8, "unknown-id")}
    assert "did you mean 'charles-babbage'?" in messages(root, "unknown-id")[0]


def test_no_suggestion_when_nothing_is_close(tmp_path: Path) -> None:
    root = tree(tmp_path, "name: Ada\nroles:\n  - organization: zzzzzzzz\n    start: 1842\n")
    assert messages(root, "unknown-id") == ["roles[0].organization: no entity 'zzzzzzzz'"]


def test_role_organization_must_be_an_organization(tmp_path: Path) -> None:
    root = tree(tmp_path, "name: Ada\nroles:\n  - organization: charles-babbage\n    start: 1842\n")
    assert errors(root) == {("people/ada.yaml", 3, "wrong-kind")}
    assert "is a person, not an organization" in messages(root, "wrong-kind")[0]


def test_with_accepts_people_and_organizations(tmp_path: Path) -> None:
    root = tree(
        tmp_path,
        "name: Ada\nevents:\n  - date: 1843\n    title: x\n    sources: [letter]\n"
        "    with: [charles-babbage, analytical-engines]\n",
    )
    check_ok(root)


def test_self_reference_in_with(tmp_path: Path) -> None:
    root = tree(
        tmp_path,
        "name: Ada\nevents:\n  - date: 1843\n    title: x\n    sources: [letter]\n"
        "    with:\n      - charles-babbage\n      - ada\n",
    )
    assert errors(root) == {("people/ada.yaml", 8, "self-reference")}


def test_unknown_sources(tmp_path: Path) -> None:
    root = tree(
        tmp_path,
        """\
        name: Ada
        roles:
          - organization: analytical-engines
            start: 1842
            sources:
              - id: leter
        events:
          - date: 1843
            title: x
            sources:
              - notes-1843
              - notes-1844
            other_dates:
              - date: 1844
                sources: [nowhere]
        """,
    )
    assert errors(root) == {
        ("people/ada.yaml", 6, "unknown-source"),
        ("people/ada.yaml", 12, "unknown-source"),
        ("people/ada.yaml", 15, "unknown-source"),
    }
    assert any("did you mean 'letter'?" in m for m in messages(root, "unknown-source"))
    assert any("did you mean 'notes-1843'?" in m for m in messages(root, "unknown-source"))


def test_no_sources_file_means_every_cited_id_is_unknown(tmp_path: Path) -> None:
    root = write_files(
        tmp_path / "content",
        {"people/ada.yaml": "name: Ada\nevents:\n  - date: 1843\n    title: x\n    sources: [s]\n"},
    )
    assert errors(root) == {("people/ada.yaml", 5, "unknown-source")}


# -- Former ids -----------------------------------------------------------------------


def test_reference_to_a_former_id_names_the_new_id(tmp_path: Path) -> None:
    root = tree(
        tmp_path,
        "name: Ada\nroles:\n  - organization: engines-ltd\n    start: 1842\n",
        {"organizations/analytical-engines.yaml": "name: Engines\nformer_ids: [engines-ltd]\n"},
    )
    assert errors(root) == {("people/ada.yaml", 3, "former-id")}
    assert "use 'analytical-engines'" in messages(root, "former-id")[0]


def test_mention_of_a_former_id_names_the_new_id(tmp_path: Path) -> None:
    root = tree(tmp_path, "name: Ada\ndescription: See [[babbage]].\n")
    (root / "people" / "charles-babbage.yaml").write_text(
        "name: Charles Babbage\nformer_ids: [babbage]\n"
    )
    assert errors(root) == {("people/ada.yaml", 2, "unknown-mention")}
    assert "renamed to 'charles-babbage'" in messages(root, "unknown-mention")[0]


def test_mention_of_a_former_id_in_a_page_names_the_new_id_too(tmp_path: Path) -> None:
    """Pages and entity files report a mention the same way (they used to disagree)."""
    root = tree(tmp_path, "name: Ada\n")
    (root / "people" / "charles-babbage.yaml").write_text(
        "name: Charles Babbage\nformer_ids: [babbage]\n"
    )
    write_files(root, {"pages/about.md": "# About\n\nSee [[babbage]].\n"})
    assert errors(root) == {("pages/about.md", 3, "unknown-mention")}
    assert "renamed to 'charles-babbage'" in messages(root, "unknown-mention")[0]


def test_former_id_may_not_be_a_live_id(tmp_path: Path) -> None:
    root = tree(tmp_path, "name: Ada\nformer_ids:\n  - ada-byron\n  - charles-babbage\n")
    assert errors(root) == {("people/ada.yaml", 4, "former-id-collision")}


def test_former_id_may_not_be_claimed_twice(tmp_path: Path) -> None:
    root = tree(tmp_path, "name: Ada\nformer_ids: [old]\n")
    (root / "people" / "charles-babbage.yaml").write_text("name: Charles\nformer_ids: [old]\n")
    found = [p for p in problems(root) if p.code == "former-id-collision"]
    assert len(found) == 1
    assert "also claimed by" in found[0].message


# -- Date order -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "line"),
    [
        ("born: 1815\ndied: 1814-12\n", 3),
        ("roles:\n  - organization: analytical-engines\n    start: 1843-05\n    end: 1843-04\n", 5),
        (
            "events:\n  - date: 1843-09-02\n    end: 1843-09-01\n    title: x\n"
            "    sources: [letter]\n",
            4,
        ),
    ],
)
def test_end_before_start(body: str, line: int, tmp_path: Path) -> None:
    root = tree(tmp_path, "name: Ada\n" + body)
    assert errors(root) == {("people/ada.yaml", line, "date-order")}


def test_dissolved_before_founded(tmp_path: Path) -> None:
    root = tree(tmp_path, "name: Ada\n")
    (root / "organizations" / "analytical-engines.yaml").write_text(
        "name: Engines\nfounded: 1840\ndissolved: 1839-12-31\n"
    )
    assert errors(root) == {("organizations/analytical-engines.yaml", 3, "date-order")}


@pytest.mark.parametrize(
    ("start", "end"),
    [
        ("1843", "1843"),
        ("1843-05", "1843"),  # a year-only end may fall in any of its months
        ("1843", "1843-01"),
        ("1843-05-31", "1843-05"),
        ("1843~", "1843-01?"),
    ],
)
def test_overlapping_precisions_are_not_out_of_order(start: str, end: str, tmp_path: Path) -> None:
    root = tree(
        tmp_path,
        f"name: Ada\nroles:\n  - organization: analytical-engines\n"
        f"    start: '{start}'\n    end: '{end}'\n",
    )
    check_ok(root)


def test_other_date_same_as_date(tmp_path: Path) -> None:
    root = tree(
        tmp_path,
        "name: Ada\nevents:\n  - date: 1843-09\n    title: x\n    sources: [letter]\n"
        "    other_dates:\n      - date: 1843-08\n        sources: [letter]\n"
        "      - date: '1843-09'\n        sources: [notes-1843]\n",
    )
    assert errors(root) == {("people/ada.yaml", 9, "same-date")}


def test_other_date_differing_only_in_qualifier_is_allowed(tmp_path: Path) -> None:
    root = tree(
        tmp_path,
        "name: Ada\nevents:\n  - date: 1843-09\n    title: x\n    sources: [letter]\n"
        "    other_dates:\n      - date: 1843-09?\n        sources: [letter]\n",
    )
    check_ok(root)


# -- Event ids ------------------------------------------------------------------------


def test_duplicate_explicit_event_ids(tmp_path: Path) -> None:
    root = tree(
        tmp_path,
        """\
        name: Ada
        events:
          - id: notes
            date: 1843
            title: One
            sources: [letter]
          - id: notes
            date: 1844
            title: Two
            sources: [letter]
        """,
    )
    assert errors(root) == {("people/ada.yaml", 7, "duplicate-event-id")}
    assert messages(root, "duplicate-event-id") == [
        "events[1]: id 'notes' is also used by events[0]"
    ]


def test_duplicate_derived_event_ids(tmp_path: Path) -> None:
    root = tree(
        tmp_path,
        "name: Ada\nevents:\n"
        "  - date: 1843\n    title: Publishes notes\n    sources: [letter]\n"
        "  - date: 1843\n    title: Publishes Notes!\n    sources: [letter]\n",
    )
    assert errors(root) == {("people/ada.yaml", 6, "duplicate-event-id")}


def test_same_event_id_in_two_files_is_fine(tmp_path: Path) -> None:
    ev = "events:\n  - id: notes\n    date: 1843\n    title: {}\n    sources: [letter]\n"
    root = tree(tmp_path, "name: Ada\n" + ev.format("Ada's"))
    (root / "people" / "charles-babbage.yaml").write_text("name: C\n" + ev.format("Charles's"))
    check_ok(root)


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ({"id": "notes", "date": "1843", "title": "x"}, "notes"),
        ({"date": "1843-09?", "title": "Publishes her Notes!"}, "1843-09-publishes-her-notes"),
        ({"date": "1843", "title": "Ádá's «engine»"}, "1843-ada-s-engine"),
        ({"date": "1843", "title": "!!!"}, "1843-event"),
    ],
)
def test_event_id(data: dict[str, str], expected: str) -> None:
    assert event_id(Event.model_validate({**data, "sources": ["s"]})) == expected


# -- Mentions -------------------------------------------------------------------------


def test_unknown_mention_lines(tmp_path: Path) -> None:
    root = tree(
        tmp_path,
        """\
        name: Ada
        description: |
          Line one [[charles-babbage]].

          Line three [[charles-babage]] and [[Bad Id|x]].
        events:
          - date: 1843
            title: x
            sources: [letter]
            description: "Meets [[nobody]]."
            other_dates:
              - date: 1844
                sources: [letter]
                note: >
                  Folded
                  then [[ghost]].
        """,
    )
    assert errors(root) == {
        ("people/ada.yaml", 5, "unknown-mention"),
        ("people/ada.yaml", 10, "unknown-mention"),
        ("people/ada.yaml", 16, "unknown-mention"),
    }
    assert any("did you mean 'charles-babbage'?" in m for m in messages(root, "unknown-mention"))
    assert len(messages(root, "unknown-mention")) == 4


def test_unknown_mention_in_page(tmp_path: Path) -> None:
    root = tree(tmp_path, "name: Ada\n")
    write_files(
        root,
        {"pages/about.md": "# About\n\nSee `[[code]]` and [[ada]] and\nthen [[charles-babage]].\n"},
    )
    found = [p for p in problems(root) if p.code == "unknown-mention"]
    assert [(p.location.line, p.location.column) for p in found] == [(4, 6)]


def test_mention_places_survive_folding_and_code(tmp_path: Path) -> None:
    root = tree(
        tmp_path,
        """\
        name: Ada
        description: >
          Folded `[[in-code]]` text
          with [[ghost]] and again
          [[ghost]] here.
        events:
          - date: 1843
            title: x
            sources: [letter]
            description: "Quoted
              over lines [[nobody]]"
        """,
    )
    found = [p for p in problems(root) if p.code == "unknown-mention"]
    assert [(p.location.line, p.location.column) for p in found] == [(4, 8), (5, 3), (11, 18)]


def test_mentions_in_code_are_not_checked(tmp_path: Path) -> None:
    root = tree(tmp_path, "name: Ada\n")
    write_files(root, {"pages/about.md": "Use `[[some-id]]` or\n\n```\n[[other]]\n```\n"})
    check_ok(root)


# -- Possible duplicates --------------------------------------------------------------


def _duplicated(tmp_path: Path) -> Path:
    ev = (
        "events:\n  - date: 1843-09\n    title: {title}\n    with: [{other}]\n"
        "    sources: [notes-1843]\n"
    )
    root = tree(
        tmp_path, "name: Ada\n" + ev.format(title="Publishes the notes", other="charles-babbage")
    )
    (root / "people" / "charles-babbage.yaml").write_text(
        "name: Charles\n" + ev.format(title="Publishes the Notes.", other="ada")
    )
    return root


def test_possible_duplicate_is_a_warning(tmp_path: Path) -> None:
    root = _duplicated(tmp_path)
    content = check_content(root)
    assert [(p.code, p.severity) for p in content.problems] == [
        ("possible-duplicate", Severity.WARNING)
    ]
    assert content.problems[0].location.path.endswith("people/charles-babbage.yaml")
    assert content.problems[0].location.line == 3


def test_possible_duplicate_fails_only_with_strict(tmp_path: Path) -> None:
    root = _duplicated(tmp_path)
    with pytest.raises(ContentError) as info:
        check_content(root, strict=True)
    assert [p.code for p in info.value.problems] == ["possible-duplicate"]
    assert info.value.errors == []


def test_different_titles_are_not_duplicates(tmp_path: Path) -> None:
    ev = "events:\n  - date: 1843-09\n    title: {}\n    sources: [notes-1843]\n"
    root = tree(tmp_path, "name: Ada\n" + ev.format("Publishes the notes"))
    (root / "people" / "charles-babbage.yaml").write_text(
        "name: Charles\n" + ev.format("Publishes the notes")
    )
    # Same title and date, different participants: not a duplicate.
    assert check_content(root).problems == []


def test_rules_check_what_a_file_with_schema_errors_holds(tmp_path: Path) -> None:
    # One pass (issue 18): a file that fails its schema is still cross-checked as far
    # as its valid parts go (salvage.py), so its unknown organization is reported in
    # the same run as its impossible date.
    root = tree(
        tmp_path,
        "name: Ada\nborn: 2023-02-29\nroles:\n  - organization: nowhere\n    start: 1842\n",
    )
    (root / "people" / "charles-babbage.yaml").write_text(
        "name: Charles\nroles:\n  - organization: analytical-engines\n    start: 1842\n"
        "    end: 1841\n"
    )
    assert errors(root) == {
        ("people/ada.yaml", 2, "invalid-date"),
        ("people/ada.yaml", 4, "unknown-id"),
        ("people/charles-babbage.yaml", 5, "date-order"),
    }
