"""content/changes.lock: feeds that show when an event was added or changed.

`timeline stamp` records each new or changed event with today's date (SOURCE_DATE_EPOCH's
day here), `check` reports a stale file, `rename` carries the records, and feed readers
(feedparser) see only the changed entry as updated, first, with `published` unchanged.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import feedparser
import pytest
from click.testing import CliRunner

from generator import feeds, paths
from generator.build import State, build, generate
from generator.changes import fingerprint, lock_path
from generator.check import check_content
from generator.cli import main
from generator.content_models import Person
from generator.errors import ContentError
from generator.fragments import Fragments
from generator.load import load_text
from generator.model_builder import build_timeline
from tests.conftest import REPO, SAMPLE, make_project
from tests.helpers import read_tree

#: 2 Dec 2025, 00:00 UTC: the day `stamp` records in these tests.
STAMP_EPOCH = "1764633600"
STAMP_DAY = "2025-12-02"


def stamp(content: Path, *args: str, epoch: str = STAMP_EPOCH) -> tuple[int, str]:
    result = CliRunner().invoke(
        main, ["stamp", "--content", str(content), *args], env={"SOURCE_DATE_EPOCH": epoch}
    )
    assert "Traceback" not in result.output, result.output
    return result.exit_code, result.output


def lock_lines(content: Path) -> dict[str, str]:
    """Record lines of the file by key."""
    text = lock_path(content).read_text(encoding="utf-8")
    return {line.split(":", 1)[0]: line for line in text.splitlines() if not line.startswith("#")}


def entries(document: bytes | str) -> list[tuple[str, str, str]]:
    """(id, published, updated) of each entry, in the feed's order, as a reader sees them."""
    feed = feedparser.parse(document)
    assert not feed.bozo, feed.get("bozo_exception")
    return [(e.id, e.published, e.updated) for e in feed.entries]


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    shutil.copytree(SAMPLE, tmp_path / "content")
    return tmp_path / "content"


def test_the_default_content_carries_a_current_file() -> None:
    content = check_content(REPO / "content")  # stale or missing records would raise
    assert content.changes is not None
    assert len(content.changes) == sum(len(e.model.events) for e in content.entities.values())


def test_an_edited_event_is_updated_first_and_rebuilds_are_identical(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project", REPO / "content")
    build(project)
    site_feed = project.site_dir / paths.SITE_FEED
    before = entries(site_feed.read_bytes())
    before_lock = lock_lines(project.content)
    openai = project.content / "organizations" / "openai.yaml"
    text = openai.read_text(encoding="utf-8")
    old_title = "title: OpenAI launches as a non-profit AI research company"
    assert old_title in text
    openai.write_text(text.replace(old_title, old_title + " in San Francisco"), "utf-8")
    with pytest.raises(ContentError) as stale:
        build(project)
    assert [p.code for p in stale.value.problems] == ["unstamped-change"]
    assert "openai/launch-2015" in stale.value.problems[0].message

    code, output = stamp(project.content)
    assert code == 0, output
    assert f"1 changed event (dated {STAMP_DAY})" in output
    after_lock = lock_lines(project.content)
    changed = {k for k in after_lock if after_lock[k] != before_lock.get(k)}
    assert changed == {"openai/launch-2015"} and set(after_lock) == set(before_lock)
    assert f"changed: {STAMP_DAY}" in after_lock["openai/launch-2015"]

    build(project)
    after = entries(site_feed.read_bytes())
    link = feeds.event_link(
        build_timeline(check_content(project.content)),
        paths.site_base(project.site_url),
        next(
            ev
            for ev in build_timeline(check_content(project.content)).events
            if ev.key == "openai/launch-2015"
        ),
    )
    assert after[0] == (link, "2015-12-11T00:00:00+00:00", f"{STAMP_DAY}T00:00:00+00:00")
    assert {e for e in before if e[0] != link} == set(after[1:])  # nothing else moved
    assert next(e for e in before if e[0] == link)[1] == after[0][1]  # published kept
    feed = feedparser.parse(site_feed.read_bytes())
    assert feed.feed.updated == f"{STAMP_DAY}T00:00:00+00:00"
    openai_feed = entries(
        (project.site_dir / paths.entity_feed("organization", "openai")).read_bytes()
    )
    assert openai_feed[0][0] == link

    first = read_tree(project.site_dir)
    build(project)
    assert read_tree(project.site_dir) == first, "a rebuild of the same content differs"


def test_feeds_do_not_depend_on_source_date_epoch(monkeypatch: pytest.MonkeyPatch) -> None:
    t = build_timeline(check_content(REPO / "content"))
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    without = dict(feeds.feed_files(Fragments(t), "S", "https://example.org/"))
    monkeypatch.setenv("SOURCE_DATE_EPOCH", STAMP_EPOCH)
    assert dict(feeds.feed_files(Fragments(t), "S", "https://example.org/")) == without


def _feeds(content: Path) -> dict[str, str]:
    t = build_timeline(check_content(content))
    return dict(feeds.feed_files(Fragments(t), "S", "https://example.org/"))


def test_adopting_the_file_changes_no_feed(sample: Path) -> None:
    before = _feeds(sample)
    code, output = stamp(sample)
    assert code == 0 and "created" in output, output
    assert _feeds(sample) == before
    assert stamp(sample) == (0, stamp(sample)[1]) and "is up to date" in stamp(sample)[1]


def test_a_new_event_gets_one_record_and_reaches_subscribers(sample: Path) -> None:
    stamp(sample)
    before = lock_lines(sample)
    babbage = sample / "people" / "charles-babbage.yaml"
    babbage.write_text(
        babbage.read_text(encoding="utf-8")
        + "  - id: difference-engine\n    date: 1822-06\n    title: Proposes the Difference"
        " Engine\n    sources: [{title: A history of computing}]\n",
        encoding="utf-8",
    )
    with pytest.raises(ContentError) as missing:
        check_content(sample)
    (problem,) = missing.value.problems
    assert problem.code == "unstamped-change" and "has no record" in problem.message
    assert problem.location.path.endswith("charles-babbage.yaml")
    assert stamp(sample)[0] == 0
    after = lock_lines(sample)
    assert set(after) - set(before) == {"charles-babbage/difference-engine"}
    assert {k: v for k, v in after.items() if k in before} == before
    site = entries(_feeds(sample)[paths.SITE_FEED])
    assert site[0][0].endswith("#difference-engine")
    assert site[0][1:] == ("1822-06-01T00:00:00+00:00", f"{STAMP_DAY}T00:00:00+00:00")


def test_new_and_removed_events_and_timeline_new(sample: Path) -> None:
    stamp(sample)
    result = CliRunner().invoke(
        main, ["new", "person", "Mary Somerville", "--content", str(sample)]
    )
    assert result.exit_code == 0, result.output
    check_content(sample)  # a new entity has no events: the file is still current
    babbage = sample / "people" / "charles-babbage.yaml"
    text = babbage.read_text(encoding="utf-8")
    start = text.index("events:\n")
    babbage.write_text(text[:start] + "events: []\n", encoding="utf-8")  # its events, removed
    with pytest.raises(ContentError) as removed:
        check_content(sample)
    lock = lock_lines(sample)
    gone = [p for p in removed.value.problems if p.location.path.endswith("changes.lock")]
    assert gone and all(p.code == "unstamped-change" for p in gone)
    assert gone[0].location.line == list(lock).index("charles-babbage/designs-engine") + 4
    code, output = stamp(sample)
    assert code == 0 and "removed" in output, output
    assert not any(k.startswith("charles-babbage/") for k in lock_lines(sample))


def test_rename_carries_the_records_and_marks_nothing_changed(sample: Path) -> None:
    stamp(sample, epoch="86400")
    before = lock_lines(sample)
    feeds_before = entries(_feeds(sample)[paths.SITE_FEED])
    result = CliRunner().invoke(
        main, ["rename", "charles-babbage", "babbage", "--content", str(sample)]
    )
    assert result.exit_code == 0, result.output
    assert "changes.lock" in result.output
    after = lock_lines(sample)
    assert not any(k.startswith("charles-babbage/") for k in after)
    assert len(after) == len(before)

    def day(line: str) -> str:
        return line.split("changed: ", 1)[1][:10]

    renamed = {k.replace("charles-babbage/", "babbage/"): day(v) for k, v in before.items()}
    assert {k: day(v) for k, v in after.items()} == renamed
    check_content(sample)  # current: the fingerprints follow the rewritten ids
    dates = [(p, u) for _, p, u in entries(_feeds(sample)[paths.SITE_FEED])]
    assert dates == [(p, u) for _, p, u in feeds_before]


def test_a_stale_record_stays_stale_through_a_rename(sample: Path) -> None:
    stamp(sample)
    ada = sample / "people" / "ada-lovelace.yaml"
    ada.write_text(ada.read_text(encoding="utf-8").replace("Publishes her Notes", "Publishes"))
    assert (
        CliRunner()
        .invoke(main, ["rename", "charles-babbage", "babbage", "--content", str(sample)])
        .exit_code
        == 0
    )
    with pytest.raises(ContentError) as stale:
        check_content(sample)
    assert [p.code for p in stale.value.problems] == ["unstamped-change"]
    assert "ada-lovelace/publishes-notes" in stale.value.problems[0].message


def test_serve_previews_an_unstamped_edit(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project", SAMPLE)
    stamp(project.content)
    ada = project.content / "people" / "ada-lovelace.yaml"
    ada.write_text(ada.read_text(encoding="utf-8").replace("Publishes her Notes", "Publishes"))
    report = generate(project, state=State())  # serve's way: no error
    assert report.write is not None
    with pytest.raises(ContentError):
        generate(project)


def test_stamp_refuses_content_with_errors_and_writes_nothing(sample: Path) -> None:
    stamp(sample)
    lock = lock_path(sample).read_bytes()
    (sample / "people" / "broken.yaml").write_text("name: [Broken\n", encoding="utf-8")
    code, output = stamp(sample)
    assert code == 1 and "yaml-syntax" in output and "nothing was written" in output
    assert lock_path(sample).read_bytes() == lock


def test_stamp_check_fails_on_a_missing_or_stale_file(sample: Path) -> None:
    code, output = stamp(sample, "--check")
    assert code == 1 and "changes.lock does not exist" in output
    assert not lock_path(sample).exists()
    stamp(sample)
    assert stamp(sample, "--check")[0] == 0
    ada = sample / "people" / "ada-lovelace.yaml"
    ada.write_text(ada.read_text(encoding="utf-8").replace("Publishes her Notes", "Publishes"))
    code, output = stamp(sample, "--check", "--format", "github")
    assert code == 1 and "::error file=" in output and "unstamped-change" in output


def test_a_comment_only_file_holds_no_records(sample: Path) -> None:
    lock_path(sample).write_text("# nothing yet\n", encoding="utf-8")
    with pytest.raises(ContentError) as missing:
        check_content(sample)
    assert {p.code for p in missing.value.problems} == {"unstamped-change"}


_EVENT = """\
name: Ada
events:
  - id: notes
    date: 1843-09
    title: Publishes her Notes
    with: [charles-babbage]
    sources: [notes-1843, {title: A biography, date: 1990}]
"""
#: The same event written differently: key order, quoting, flow style, a comment.
_SAME = """\
name: Ada
events:
  - title: "Publishes her Notes"   # as before
    sources:
      - notes-1843
      - {date: "1990", title: A biography}
    date: '1843-09'
    with: [charles-babbage]
    id: notes
"""


def _fingerprint(text: str) -> str:
    data = load_text(text, "ada.yaml").data
    Person.model_validate(data)
    return fingerprint(data["events"][0])  # type: ignore[index]


def test_fingerprints_are_stable_and_follow_only_the_content() -> None:
    # Pinned: a different value would mark every event of every site as changed.
    assert _fingerprint(_EVENT) == _fingerprint(_SAME) == "8e9e7d3649d5d752"
    assert _fingerprint(_EVENT.replace("1843-09", "1843-10")) != _fingerprint(_EVENT)
    assert _fingerprint(_EVENT.replace("notes-1843", "notes-1844")) != _fingerprint(_EVENT)


def test_the_day_stamped_is_source_date_epochs_else_the_clocks(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from generator.stamp import today

    monkeypatch.setenv("SOURCE_DATE_EPOCH", STAMP_EPOCH)
    assert today() == dt.date.fromisoformat(STAMP_DAY)
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    assert today() == dt.datetime.now(dt.UTC).date()


def test_a_new_project_starts_with_an_empty_file_that_stamp_fills(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert CliRunner().invoke(main, ["init", "site"]).exit_code == 0
    content = tmp_path / "site" / "content"
    assert check_content(content).changes == {}
    assert (
        CliRunner().invoke(main, ["new", "person", "Ada", "--content", str(content)]).exit_code == 0
    )
    ada = content / "people" / "ada.yaml"
    ada.write_text(
        ada.read_text(encoding="utf-8").replace(
            "events: []\n",
            "events:\n  - {date: 1843, title: Publishes, sources: [{title: Notes}]}\n",
        ),
        encoding="utf-8",
    )
    with pytest.raises(ContentError):
        check_content(content)
    code, output = stamp(content)
    assert code == 0 and "1 new event" in output, output
    assert list(lock_lines(content)) == ["ada/1843-publishes"]
    check_content(content)
