"""The default content (issue 4): each reported fact on the pages of everyone involved."""

from __future__ import annotations

import datetime as dt

import pytest
from click.testing import CliRunner

from generator import jsonld
from generator.charts import entity_chart
from generator.check import check_content
from generator.cli import main
from generator.model import Timeline
from generator.model_builder import build_timeline
from generator.project import Project
from tests.conftest import REPO

# Tests using a built site are marked slow by tests/conftest.py; the rest are fast.


def page(project: Project, url: str) -> str:
    return (project.site_dir / url / "index.html").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def timeline() -> Timeline:
    return build_timeline(check_content(REPO / "content"))


def test_karpathy_chart_runs_openai_tesla_openai(timeline: Timeline) -> None:
    """The charts issue's acceptance: OpenAI, Tesla, OpenAI again; OpenAI's people as lanes."""
    t, today = timeline, dt.date(2023, 11, 14)
    chart = str(entity_chart(t, t.entities["andrej-karpathy"], today))
    assert "OpenAI Dec 2015 – 2017, Tesla 2017 – 2022, OpenAI Feb 2023" in chart
    openai = [r.index for r in t.roles["andrej-karpathy"] if r.organization == "openai"]
    assert len(openai) == 2 and all(f'#role-{i}"' in chart for i in openai)
    org = str(entity_chart(t, t.entities["openai"], today))
    for name in ("Andrej Karpathy", "Sam Altman", "Ilya Sutskever"):
        assert f"<title>{name}</title>" in org


def test_karpathy_stanford_dates_are_qualified_in_jsonld(timeline: Timeline) -> None:
    """His Stanford role runs "c. 2011 – 2016?": neither end is a schema.org date."""
    ld = jsonld.profile_jsonld(
        timeline, "S", "https://e.org/", timeline.entities["andrej-karpathy"]
    )
    roles = {r["memberOf"]["name"]: r for r in ld["mainEntity"]["memberOf"]}
    assert "startDate" not in roles["Stanford University"]
    assert "endDate" not in roles["Stanford University"]
    assert roles["Tesla"]["startDate"] == "2017" and roles["Tesla"]["endDate"] == "2022"


def test_check_is_clean(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
    result = CliRunner().invoke(main, ["check", "--strict"])
    assert result.exit_code == 0, result.output
    assert "0 errors, 0 warnings" in result.output


def test_departure_on_karpathy_and_openai_linked_both_ways(default_site: Project) -> None:
    karpathy = page(default_site, "people/andrej-karpathy")
    openai = page(default_site, "organizations/openai")
    assert 'id="leaves-openai-2024"' in karpathy
    assert 'href="../../people/andrej-karpathy/#leaves-openai-2024"' in openai
    assert 'href="../../organizations/openai/"' in karpathy


def test_disputed_day_reads_as_disputed(default_site: Project) -> None:
    karpathy = page(default_site, "people/andrej-karpathy")
    start = karpathy.index('id="leaves-openai-2024"')
    block = karpathy[start : karpathy.index("</li>", start)]
    assert "Sources differ:" in block
    assert "12 Feb 2024" in block and "13 Feb 2024" in block


def test_altman_firing_on_altman_and_openai(default_site: Project) -> None:
    assert 'id="fired-by-board-2023"' in page(default_site, "people/sam-altman")
    assert "#fired-by-board-2023" in page(default_site, "organizations/openai")


@pytest.mark.parametrize(
    "url",
    [
        "organizations/tesla",
        "organizations/stanford-university",
        "people/fei-fei-li",
        "people/lex-fridman",
        "organizations/the-information",
        "organizations/gizmodo",
        "organizations/openai",
    ],
)
def test_karpathy_is_listed(default_site: Project, url: str) -> None:
    assert 'href="../../people/andrej-karpathy/' in page(default_site, url)


def test_karpathy_career_shows_openai_tesla_openai(default_site: Project) -> None:
    karpathy = page(default_site, "people/andrej-karpathy")
    table = karpathy[karpathy.index('<table class="tl-roles"') :]
    table = table[: table.index("</table>")]
    orgs = [name for name in ("OpenAI", "Tesla") for _ in range(table.count(f">{name}</a>"))]
    assert sorted(orgs) == ["OpenAI", "OpenAI", "Tesla"]
    assert table.index(">OpenAI</a>") < table.index(">Tesla</a>") < table.rindex(">OpenAI</a>")


def test_every_event_cites_a_source(default_site: Project) -> None:
    timeline = default_site.docs_dir
    for md in (timeline / "people").glob("*.md"):
        text = md.read_text(encoding="utf-8")
        assert text.count('class="tl-event"') <= text.count('class="tl-ref"')


def test_nothing_is_escaped_twice(default_site: Project) -> None:
    for md in default_site.docs_dir.rglob("*.md"):
        text = md.read_text(encoding="utf-8")
        for twice in ("&lt;a ", "&lt;time", "&lt;cite", "&amp;#", "&amp;amp;", "&amp;lt;"):
            assert twice not in text, f"{md.name}: {twice!r} (escaped twice)"
