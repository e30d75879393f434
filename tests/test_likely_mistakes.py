"""Warnings for valid content that is probably a mistake (issue 18): a value cut at ` #`,
a role without sources, an event written twice; each located, each with its fix."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.check import check_content
from generator.errors import ContentError, Severity
from tests.helpers import write_files


def _warnings(root: Path) -> list[str]:
    content = check_content(root)
    assert all(p.severity is Severity.WARNING for p in content.problems)
    return [p.format() for p in sorted(content.problems)]


def test_a_value_cut_by_a_comment_is_shown_with_the_quoted_fix(tmp_path: Path) -> None:
    root = write_files(
        tmp_path / "content",
        {
            "people/rosa.yaml": "name: Rosa\nevents:\n  - date: 2024-02-15\n"
            '    title: Reports on "Karpathy" #departure story\n'
            '    sources: [{title: Herald, url: "https://example.com/a#b"}]\n'
            "    tags: [reporting]  # a comment after a flow list is nothing cut\n",
        },
    )
    assert _warnings(root) == [
        f"{root}/people/rosa.yaml:4:34: warning: events[0].title ends before ' #' (YAML "
        "reads the rest of the line as a comment), so its value is 'Reports on \"Karpathy\"': "
        "if '#departure story' is part of the text, put the whole value in quotes: "
        '"Reports on \\"Karpathy\\" #departure story"; if it is a comment, put it on a line '
        "of its own (or two spaces before '# ') [cut-by-comment]"
    ]


@pytest.mark.parametrize(
    "line",
    [
        'title: "Reports #1"',  # quoted: the # is text
        "title: Issue#1 of the Herald",  # no space before #: YAML keeps it
        "title: Watercolour, about 1840     # written as a comment is",
        "title: Notes\n    description: |\n      Block text # is kept\n",
    ],
)
def test_values_yaml_keeps_whole_are_not_flagged(line: str, tmp_path: Path) -> None:
    root = write_files(
        tmp_path / "content",
        {
            "people/rosa.yaml": f"name: Rosa\nevents:\n  - date: 2024\n    {line}\n"
            "    sources: [{title: Herald}]\n"
        },
    )
    assert check_content(root, strict=True).problems == []


def test_a_role_without_sources_warns_and_fails_with_strict(tmp_path: Path) -> None:
    root = write_files(
        tmp_path / "content",
        {
            "organizations/herald.yaml": "name: Herald\n",
            "people/rosa.yaml": "name: Rosa\nroles:\n  - organization: herald\n"
            "    title: Reporter\n    start: 2019\n",
        },
    )
    assert _warnings(root) == [
        f"{root}/people/rosa.yaml:3:5: warning: roles[0] (Reporter at herald) has no "
        "sources: add `sources:` with where this role is stated (a source id from "
        "sources.yaml, or {title, url}) [unsourced-role]"
    ]
    with pytest.raises(ContentError) as info:
        check_content(root, strict=True)
    assert [p.code for p in info.value.problems] == ["unsourced-role"]


EVENT = "events:\n  - date: 2024-02-15\n    title: {title}\n    with: [{other}]\n{more}"
SOURCES = "    sources: [{title: Herald}]\n"


@pytest.mark.parametrize(
    ("rosa_more", "sam_more", "why"),
    [
        ("", "", "no description to tell them apart"),
        (
            "    description: Rosa leaves the Herald after ten years.\n",
            "    description: Rosa leaves the Herald after ten years!\n",
            "similar descriptions",
        ),
    ],
)
def test_one_event_written_twice_with_another_title_names_both_places(
    rosa_more: str, sam_more: str, why: str, tmp_path: Path
) -> None:
    root = write_files(
        tmp_path / "content",
        {
            "people/rosa.yaml": "name: Rosa\n"
            + EVENT.format(title="Leaves the Herald", other="sam", more=rosa_more + SOURCES),
            "people/sam.yaml": "name: Sam\n"
            + EVENT.format(title="Rosa Quintero quits", other="rosa", more=sam_more + SOURCES),
        },
    )
    [warning] = _warnings(root)
    assert warning.startswith(
        f"{root}/people/sam.yaml:3:5: warning: events[0] ('Rosa Quintero quits') may be the "
        f"event at {root}/people/rosa.yaml:3 ('Leaves the Herald') written twice: same date "
        f"2024-02-15 and participants, {why}. Keep one"
    )
    assert warning.endswith("[possible-duplicate]")


def test_events_their_descriptions_tell_apart_are_not_duplicates(tmp_path: Path) -> None:
    root = write_files(
        tmp_path / "content",
        {
            "organizations/herald.yaml": "name: Herald\n"
            + EVENT.format(
                title="Reports Rosa's departure",
                other="rosa",
                more="    description: The Herald reports that Rosa left.\n" + SOURCES,
            ),
            "people/rosa.yaml": "name: Rosa\n"
            + EVENT.format(
                title="Declines to comment to the Herald",
                other="herald",
                more="    description: No answer to its request for comment.\n" + SOURCES,
            ),
        },
    )
    assert check_content(root, strict=True).problems == []
