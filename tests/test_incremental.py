"""Regenerating after an edit (as `timeline serve` does) equals a full build, and touches
only the pages the edit can change."""

from __future__ import annotations

import json
import os
import shutil
import time
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from benchmarks.corpus import generate_corpus
from generator.build import State, generate
from generator.errors import ContentError
from generator.load import load_file
from generator.project import Project
from tests.conftest import SAMPLE, examples, make_project
from tests.helpers import read_tree


def age(project: Project) -> None:
    """Date every content file 10 s back: past serve's 2 s "racily clean" window, so that
    a long-running process reuses what it made of them (validate._load_entity)."""
    old = time.time() - 10
    for path in project.content.rglob("*"):
        os.utime(path, (old, old))


def entity_files(project: Project) -> list[Path]:
    return sorted(project.content.glob("*/*.yaml"))


def edit(project: Project, which: int, change: str, value: int) -> None:
    """Apply one realistic edit to one entity file (rewritten as JSON, which is YAML)."""
    files = entity_files(project)
    path = files[which % len(files)]
    data: dict[str, Any] = load_file(path).data
    ids = [f.stem for f in files]
    events = data.get("events") or []
    if change == "rename":
        data["name"] = f"Renamed {value}"
    elif change == "summary":
        data["summary"] = f"Summary {value}"
    elif change == "title" and events:
        events[value % len(events)]["title"] = f"Retitled {value}"
    elif change == "date" and events:
        ev = events[value % len(events)]
        ev["date"] = ev["date"][:4] + f"-{value % 12 + 1:02d}"
    elif change == "with" and events:
        ev = events[value % len(events)]
        other = ids[value % len(ids)]
        if other != path.stem:
            ev["with"] = sorted({*ev.get("with", []), other})
    elif change == "unwith" and events:
        events[value % len(events)].pop("with", None)
    elif change == "mention":
        data["description"] = f"Knows [[{ids[value % len(ids)]}]]."
    elif change == "drop" and events:
        events.pop(value % len(events))
    elif change == "role" and data.get("roles"):
        data["roles"][value % len(data["roles"])]["title"] = f"Role {value}"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


EDITS = st.lists(
    st.tuples(
        st.integers(0, 50),
        st.sampled_from(
            ["rename", "summary", "title", "date", "with", "unwith", "mention", "drop", "role"]
        ),
        st.integers(0, 1000),
    ),
    min_size=1,
    max_size=3,
)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("corpus") / "content"
    generate_corpus(root, entities=12, events=4, seed=3, pages=("exports",))
    return root


@settings(
    max_examples=examples(0.1),
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(edits=EDITS)
def test_incremental_equals_full(
    edits: list[tuple[int, str, int]], corpus: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    root = tmp_path_factory.mktemp("inc")
    project = make_project(root / "served", corpus)
    age(project)
    state = State()
    generate(project, state=state)
    for which, change, value in edits:
        edit(project, which, change, value)
    try:
        generate(project, state=state)
    except ContentError:
        assume(False)
    full = make_project(root / "full", project.content)
    generate(full)
    assert read_tree(project.docs_dir) == read_tree(full.docs_dir)
    shutil.rmtree(root)


def test_an_edit_rewrites_only_the_affected_pages(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p", SAMPLE)
    state = State()
    generate(project, state=state)
    path = project.content / "people" / "charles-babbage.yaml"
    path.write_text(path.read_text().replace("Designs the Analytical Engine", "Designs the Engine"))
    report = generate(project, state=state)
    assert report.write is not None
    assert sorted(report.write.written) == [
        "data/timeline.json",
        "data/timelinejs/analytical-engines.json",
        "data/timelinejs/charles-babbage.json",
        "data/timelinejs/index.json",
        "feed.xml",
        "index.md",  # latest events
        "organizations/analytical-engines.md",
        "organizations/analytical-engines/feed.xml",
        "people/.charles-babbage.md.search.json",  # the event's search entry
        "people/charles-babbage.md",
        "people/charles-babbage/feed.xml",
        "sources/index.md",  # lists the events each source supports
        "tags/design.md",
        "tags/publication.md",
        "timeline/1837.md",
        "timeline/index.md",
    ]
    # Ada shares no event with the edited one: her page and feed are not rendered at all.
    assert report.write.removed == ()


def test_an_edit_that_breaks_another_file_is_reported(tmp_path: Path) -> None:
    """Serve re-checks only the edited file's own rules, yet a change that breaks a
    reference in another file is reported at that file."""
    project = make_project(tmp_path / "p", SAMPLE)
    age(project)
    state = State()
    generate(project, state=state)
    babbage = project.content / "people" / "charles-babbage.yaml"
    text = babbage.read_text()
    assert "analytical-engines" in text
    engines = project.content / "organizations" / "analytical-engines.yaml"
    engines.rename(tmp_path / "aside.yaml")
    with pytest.raises(ContentError) as caught:
        generate(project, state=state)
    assert any(
        p.code == "unknown-id" and "charles-babbage.yaml" in p.location.path
        for p in caught.value.problems
    )
    (tmp_path / "aside.yaml").rename(engines)
    generate(project, state=state)  # good again
    sources = project.content / "sources.yaml"
    first = next(line for line in sources.read_text().splitlines() if line and line[0].isalpha())
    sid = first.rstrip(":")
    cited = [p for p in entity_files(project) if sid in p.read_text()]
    assert cited, f"no file cites {sid}"
    sources.write_text(sources.read_text().replace(f"\n{sid}:", f"\nx-{sid}:", 1))
    with pytest.raises(ContentError) as caught:
        generate(project, state=state)
    assert any(p.code == "unknown-source" for p in caught.value.problems)
