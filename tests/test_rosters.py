"""Rosters (issue 17): "now" / "then" relative to the build's day, and the year-by-year
table's spans, with "?" where partial dates leave a year uncertain."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from generator.model import Timeline
from generator.model_builder import build_timeline
from generator.rosters import role_status, roster_html
from tests.helpers import check_ok, write_files

FILES = {
    "organizations/works.yaml": "name: Works\nfounded: 2000\n",
    "people/ada.yaml": """\
        name: Ada
        roles:
          - {organization: works, title: Chair, start: 2010, end: 2015-06}
          - {organization: works, title: Adviser, start: 2020-03-01}
        """,
    "people/bob.yaml": """\
        name: Bob
        died: 2018-01-05
        roles:
          - {organization: works, title: Clerk, start: 2012~}
        """,
}


@pytest.fixture
def t(tmp_path: Path) -> Timeline:
    return build_timeline(check_ok(write_files(tmp_path / "content", FILES)))


@pytest.mark.parametrize(
    ("today", "chair", "adviser"),
    [
        (dt.date(2009, 12, 31), "later", "later"),
        (dt.date(2012, 1, 1), "now", "later"),
        (dt.date(2015, 6, 1), "then", "later"),  # an end that may have passed counts
        (dt.date(2020, 3, 1), "then", "now"),
        (dt.date(2030, 1, 1), "then", "now"),
    ],
)
def test_now_and_then_follow_the_builds_day(
    t: Timeline, today: dt.date, chair: str, adviser: str
) -> None:
    chair_role, adviser_role = t.own_roles["ada"]
    assert role_status(t, chair_role, today) == chair
    assert role_status(t, adviser_role, today) == adviser


def test_an_open_role_ends_at_a_death(t: Timeline) -> None:
    (clerk,) = t.own_roles["bob"]
    assert role_status(t, clerk, dt.date(2017, 1, 1)) == "now"
    assert role_status(t, clerk, dt.date(2019, 1, 1)) == "then"


def test_roster_rows_by_year_with_uncertain_years(t: Timeline) -> None:
    """One row per span of years with the same holders; '?' marks a year a role covers
    only in part or only under some reading of its dates; an open role runs to today."""
    html = str(roster_html(t, t.entities["works"], dt.date(2024, 1, 1)))
    rows = re.findall(r'<tr><th scope="row">(.*?)</th><td>(.*?)</td></tr>', html)
    text = [(re.sub("<[^>]+>", "", y), re.sub("<[^>]+>", "", w)) for y, w in rows]
    assert text == [
        ("2010", "Ada, Chair ?"),
        ("2011", "Ada, Chair"),
        ("2012", "Ada, Chair; Bob, Clerk ?"),  # 2012~: its first day is not known
        ("2013 – 2014", "Ada, Chair; Bob, Clerk"),
        ("2015", "Ada, Chair ?; Bob, Clerk"),  # ends June 2015
        ("2016 – 2017", "Bob, Clerk"),
        ("2018", "Bob, Clerk ?"),  # open, ended by his death in January
        ("2019", "nobody"),
        ("2020", "Ada, Adviser ?"),
        ("2021 – 2023", "Ada, Adviser"),
        ("2024", "Ada, Adviser ?"),  # ongoing: shown up to the build's day
    ]
