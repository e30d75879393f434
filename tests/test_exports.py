"""Data exports: /data/timeline.json against its schema, TimelineJS files, JSON-LD in heads."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
from pathlib import Path
from urllib.parse import urlsplit

import jsonschema
import pytest
import yaml
from mkdocs.utils.meta import get_data

from generator import export_schemas, jsonld, paths, timelinejs
from generator.check import check_content
from generator.dates import PartialDate
from generator.fragments import Fragments
from generator.model import Timeline
from generator.model_builder import build_timeline
from generator.project import Project
from tests.conftest import REPO, SAMPLE
from tests.helpers import INLINE_SOURCE, write_files

# Tests using a built site are marked slow by tests/conftest.py; the rest are fast.

_JSONLD_RE = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.DOTALL)


def timeline_of(project: Project) -> Timeline:
    return build_timeline(check_content(project.content))


def load(project: Project, rel: str) -> dict:
    return json.loads((project.site_dir / rel).read_text(encoding="utf-8"))


def resolves(project: Project, absolute: str) -> bool:
    """Whether an absolute site URL leads to a built page (and its #anchor, if any)."""
    base = paths.site_base(project.site_url)
    if not absolute.startswith(base):
        return False
    parts = urlsplit(absolute[len(base) :])
    page = project.site_dir / parts.path / "index.html"
    if not page.is_file():
        return False
    return not parts.fragment or f'id="{parts.fragment}"' in page.read_text(encoding="utf-8")


def validator(schema: dict) -> jsonschema.Draft202012Validator:
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )


# -- /data/timeline.json ------------------------------------------------------------------


def test_schema_file_matches_the_code() -> None:
    committed = (REPO / "schema" / "timeline-data.schema.json").read_text(encoding="utf-8")
    assert committed == export_schemas.schema_text(), (
        "schema/timeline-data.schema.json is out of date: run `python -m generator.export_schemas`"
    )


def test_dataset_validates_against_the_published_schema(built: Project) -> None:
    data = load(built, paths.DATA_EXPORT)
    published = load(built, paths.DATA_SCHEMA)
    assert published == export_schemas.DATA_SCHEMA
    errors = sorted(validator(published).iter_errors(data), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors[:10])
    assert data["$schema"] == paths.site_base(built.site_url) + paths.DATA_SCHEMA


def test_dataset_holds_the_whole_timeline(built: Project) -> None:
    t = timeline_of(built)
    data = load(built, paths.DATA_EXPORT)
    assert [e["id"] for e in data["entities"]] == list(t.entities)
    assert [(e["home"], e["id"]) for e in data["events"]] == [(e.home, e.id) for e in t.events]
    assert len(data["roles"]) == len({r for rs in t.roles.values() for r in rs})
    assert {s["id"] for s in data["sources"]} == set(t.sources)
    source_ids = {s["id"] for s in data["sources"]}
    ids = set(t.entities)
    for ev in data["events"]:
        assert resolves(built, ev["url"]), ev["url"]
        assert {c["source"] for c in ev["sources"]} <= source_ids
        assert set(ev["with"]) <= ids
    for role in data["roles"]:
        assert resolves(built, role["url"]), role["url"]
        assert {c["source"] for c in role["sources"]} <= source_ids
    for e in data["entities"]:
        assert resolves(built, e["url"])
        assert (built.site_dir / e["feed"][len(paths.site_base(built.site_url)) :]).is_file()


def test_dates_keep_their_form_and_bounds(sample_site: Project) -> None:
    data = load(sample_site, paths.DATA_EXPORT)
    ev = next(e for e in data["events"] if e["id"] == "designs-engine")
    assert ev["date"] == {
        "edtf": "1837~",
        "precision": "year",
        "uncertain": False,
        "approximate": True,
        "earliest": "1837-01-01",
        "latest": "1837-12-31",
    }
    assert ev["end"]["edtf"] == "1840?" and ev["end"]["uncertain"]
    for item in data["events"]:
        for d in (item["date"], item["end"]):
            if d:
                parsed = PartialDate.parse(d["edtf"])
                assert (d["earliest"], d["latest"]) == (
                    parsed.lower().isoformat(),
                    parsed.upper().isoformat(),
                )
    assert data["former_ids"] == {"ada-byron": "ada-lovelace"}


def test_schema_rejects_a_broken_export(sample_site: Project) -> None:
    data = load(sample_site, paths.DATA_EXPORT)
    v = validator(export_schemas.DATA_SCHEMA)
    data["events"][0]["date"]["edtf"] = "Feb 2024"
    data["entities"][0]["surprise"] = True
    del data["sources"][0]["title"]
    assert len(list(v.iter_errors(data))) == 3


# -- TimelineJS ---------------------------------------------------------------------------


def test_timelinejs_files_have_what_timelinejs_requires(built: Project) -> None:
    t = timeline_of(built)
    v = validator(export_schemas.TIMELINEJS_SCHEMA)
    files = {paths.TIMELINEJS_SITE: None}
    files.update({paths.timelinejs(e.id): e for e in t.entities.values()})
    checked = 0
    for rel, entity in files.items():
        events = t.timelines.get(entity.id, ()) if entity else t.events
        path = built.site_dir / rel
        if not events:
            assert not path.exists(), f"{rel}: TimelineJS refuses a timeline without events"
            continue
        doc = json.loads(path.read_text(encoding="utf-8"))
        errors = list(v.iter_errors(doc))
        assert not errors, (rel, [e.message for e in errors[:5]])
        assert len(doc["events"]) == len(events)
        ids = [e["unique_id"] for e in doc["events"]]
        assert len(set(ids)) == len(ids), rel
        assert doc["title"]["unique_id"] not in ids
        for item, ev in zip(doc["events"], events, strict=True):
            assert isinstance(item["start_date"]["year"], int)
            assert item["start_date"]["year"] == ev.date.year
            assert item["text"]["headline"]
            assert item["group"] == t.entities[ev.home].name
            # An end TimelineJS would drop (equal on the start's keys) is never written:
            # the end is there exactly when the event's end differs at the start's precision.
            end = _tl_date(ev.end) if ev.end else None
            differs = end is not None and any(
                end.get(k) != v for k, v in item["start_date"].items()
            )
            assert item.get("end_date") == (end if differs else None), (rel, ev)
            # unique_id is the event's anchor on the matching page.
            if entity:
                page = built.site_dir / paths.entity_url(entity.kind, entity.id) / "index.html"
            else:
                page = built.site_dir / paths.year_url(ev.date.year) / "index.html"
            assert f'id="{item["unique_id"]}"' in page.read_text(encoding="utf-8"), (rel, ev)
        for era in doc.get("eras", []):
            start, end = (dt.date(**era[k]) for k in ("start_date", "end_date"))
            assert start < end, (rel, era)  # TimelineJS rejects an era without length
        checked += 1
    assert checked


def _tl_date(d: PartialDate) -> dict[str, int]:
    """A date as TimelineJS takes it, at the date's precision (written out here, not
    with the exporter's own function)."""
    parts = {"year": d.year, "month": d.month, "day": d.day}
    return {k: v for k, v in parts.items() if v is not None}


def test_timelinejs_same_date_follows_timelinejs() -> None:
    assert timelinejs.timelinejs_same_date({"year": 2024}, {"year": 2024, "month": 2})
    assert not timelinejs.timelinejs_same_date({"year": 2024, "month": 2}, {"year": 2024})
    assert not timelinejs.timelinejs_same_date({"year": 2011}, {"year": 2016})


def test_timelinejs_dates_follow_precision() -> None:
    assert timelinejs.timelinejs_date(PartialDate.parse("2024")) == {"year": 2024}
    assert timelinejs.timelinejs_date(PartialDate.parse("2024-02~")) == {"year": 2024, "month": 2}
    assert timelinejs.timelinejs_date(PartialDate.parse("2024-02-13")) == {
        "year": 2024,
        "month": 2,
        "day": 13,
    }


def test_roles_become_eras_but_never_zero_length_ones(sample_site: Project) -> None:
    ada = load(sample_site, paths.timelinejs("ada-lovelace"))
    # Translator, 1842~ to 1843: from its first possible day to its last.
    assert ada["eras"] == [
        {
            "start_date": {"year": 1842, "month": 1, "day": 1},
            "end_date": {"year": 1843, "month": 12, "day": 31},
            "text": {"headline": "Analytical Engines Ltd: Translator &amp; annotator"},
        }
    ]
    # Charles Babbage's role has no end: it runs to the build's today
    # (SOURCE_DATE_EPOCH=1700000000) and says so.
    [babbage] = load(sample_site, paths.timelinejs("charles-babbage"))["eras"]
    assert babbage["end_date"] == {"year": 2023, "month": 11, "day": 14}
    assert babbage["text"]["headline"].endswith("(ongoing; shown to 14 Nov 2023)")
    t = build_timeline(check_content(SAMPLE))
    role = t.roles["ada-lovelace"][0]
    day = PartialDate.parse("1843-05-01")
    same_day = dataclasses.replace(role, start=day, end=day)
    assert timelinejs._timelinejs_era(t, same_day, "ada-lovelace", dt.date(2023, 11, 14)) is None


# -- JSON-LD --------------------------------------------------------------------------------


def jsonld_of(page: Path) -> list[dict]:
    return [json.loads(block) for block in _JSONLD_RE.findall(page.read_text(encoding="utf-8"))]


def test_entity_pages_carry_profile_jsonld(built: Project) -> None:
    t = timeline_of(built)
    base = paths.site_base(built.site_url)
    for e in t.entities.values():
        page = built.site_dir / paths.entity_url(e.kind, e.id) / "index.html"
        blocks = jsonld_of(page)
        assert len(blocks) == 1, page
        ld = blocks[0]
        assert ld["@context"] == "https://schema.org"
        assert ld["@type"] == "ProfilePage"
        assert ld["url"] == base + paths.entity_url(e.kind, e.id)
        main = ld["mainEntity"]
        assert main["@type"] == ("Person" if e.kind == "person" else "Organization")
        assert main["name"] == e.name
        assert main.get("sameAs", []) == [url for _, url in e.links] + (
            [f"https://www.wikidata.org/wiki/{e.wikidata}"] if e.wikidata else []
        )
        key = "memberOf" if e.kind == "person" else "member"
        own = [r for r in t.roles.get(e.id, ()) if getattr(r, e.kind) == e.id]
        assert len(main.get(key, [])) == len(own)
        for role in main.get(key, []):
            assert role["@type"] == "OrganizationRole"
            assert role[key]["@type"] in ("Person", "Organization")
            assert role.get("startDate") or "start: " in role["description"]
            assert resolves(built, role[key]["url"])
            assert role[key]["@id"] == role[key]["url"] + "#" + role[key]["@type"].lower()


def test_jsonld_of_the_sample(sample_site: Project) -> None:
    [ada] = jsonld_of(sample_site.site_dir / "people/ada-lovelace/index.html")
    person = ada["mainEntity"]
    assert person["birthDate"] == "1815-12-10" and person["deathDate"] == "1852-11-27"
    assert person["alternateName"] == ["Augusta Ada King", "Countess of Lovelace"]
    assert person["memberOf"] == [
        {
            "@type": "OrganizationRole",
            "memberOf": {
                "@type": "Organization",
                "@id": paths.site_base(sample_site.site_url)
                + "organizations/analytical-engines/#organization",
                "name": "Analytical Engines Ltd",
                "url": paths.site_base(sample_site.site_url) + "organizations/analytical-engines/",
            },
            "roleName": "Translator & annotator",
            "endDate": "1843",
            "description": "start: c. 1842 (approximate).",
        }
    ]
    [org] = jsonld_of(sample_site.site_dir / "organizations/analytical-engines/index.html")
    assert org["mainEntity"]["foundingDate"] == "1834"
    assert {m["member"]["name"] for m in org["mainEntity"]["member"]} == {
        "Ada Lovelace",
        "Charles Babbage",
    }
    # Other pages carry none.
    assert jsonld_of(sample_site.site_dir / "index.html") == []


def test_jsonld_ids_link_the_nodes_of_every_page(built: Project) -> None:
    """Every Person/Organization node another page names carries the `@id` of the main
    entity of that entity's own page: merged (as a JSON-LD consumer merges by @id), the
    pages form one graph with no dangling node."""
    t = timeline_of(built)
    main_ids, refs = set(), []

    def walk(node: object) -> None:
        if isinstance(node, dict):
            if node.get("@type") in ("Person", "Organization") and "url" in node:
                refs.append(node)
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    for e in t.entities.values():
        [ld] = jsonld_of(built.site_dir / paths.entity_url(e.kind, e.id) / "index.html")
        main_ids.add(ld["mainEntity"]["@id"])
        walk(ld)
    assert refs and all(r.get("@id") in main_ids for r in refs), [
        r for r in refs if r.get("@id") not in main_ids
    ]


def test_jsonld_keeps_qualified_dates_out_of_date_properties(tmp_path: Path) -> None:
    """A role of "c. 2011 – 2016?": neither end is asserted as a schema.org date; the
    description says what is known. A certain role keeps its dates at their precision."""
    root = write_files(
        tmp_path / "content",
        {
            "organizations/uni.yaml": "name: Uni\n",
            "organizations/cars.yaml": "name: Cars\n",
            "people/kim.yaml": f"""
                name: Kim
                roles:
                  - {{organization: uni, start: 2011~, end: 2016?, sources: {INLINE_SOURCE}}}
                  - {{organization: cars, start: 2017-06, end: 2022, sources: {INLINE_SOURCE}}}
            """,
        },
    )
    t = build_timeline(check_content(root))
    ld = jsonld.profile_jsonld(t, "S", "https://e.org/r/", t.entities["kim"])
    roles = {r["memberOf"]["name"]: r for r in ld["mainEntity"]["memberOf"]}
    assert "startDate" not in roles["Uni"] and "endDate" not in roles["Uni"]
    assert "c. 2011 (approximate)" in roles["Uni"]["description"]
    assert "(uncertain)" in roles["Uni"]["description"]
    assert roles["Cars"]["startDate"] == "2017-06" and roles["Cars"]["endDate"] == "2022"
    assert "description" not in roles["Cars"]


HOSTILE = {
    "name": "</script><script>alert(1)</script> & <!-- ' \"",
    "lines": "a\u2028b\u2029c\x85d\x7f\x9f",
    "astral": "emoji 😀 and 𝔘",
    "nested": [{"x": "\\u003c"}, None, True, 1.5],
}


def test_safe_json_is_json_yaml_and_script_safe() -> None:
    text = jsonld.safe_json(HOSTILE)
    assert not set(text) & set("<>&\n\u2028\u2029\x85")
    assert json.loads(text) == HOSTILE
    assert yaml.safe_load(f"key: {text}") == {"key": HOSTILE}


def test_front_matter_reaches_mkdocs_intact() -> None:
    t = build_timeline(check_content(SAMPLE))
    entity = t.entities["ada-lovelace"]
    text = jsonld.front_matter("Site </script>", entity) + "# Ada\n"
    body, meta = get_data(text)
    assert body == "# Ada\n"
    assert meta == {
        "timeline_feed": "people/ada-lovelace/feed.xml",
        "timeline_feed_title": "Ada Lovelace · Site </script>",
    }
    assert "</script>" not in text


def test_jsonld_script_cannot_be_closed_by_content() -> None:
    """Hostile text stays inside the JSON: nothing in it closes the <script>."""
    t = build_timeline(check_content(SAMPLE))
    entity = t.entities["ada-lovelace"]
    out = jsonld.jsonld_script(t, "Site </script><script>x()", "https://e.org/r/", entity)
    assert out.count("</script>") == 1 and out.count("<script") == 1
    [block] = _JSONLD_RE.findall(out)
    assert json.loads(block) == jsonld.profile_jsonld(
        t, "Site </script><script>x()", "https://e.org/r/", entity
    )


def test_timelinejs_keeps_the_newest_events_past_its_limit(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    t = build_timeline(check_content(SAMPLE))
    monkeypatch.setattr(timelinejs, "TIMELINEJS_LIMIT", 2)
    doc = timelinejs.timelinejs_document(
        Fragments(t), "S", "https://e.org/", today=dt.date(2023, 11, 14)
    )
    assert [e["text"]["headline"] for e in doc["events"]] == [ev.title for ev in t.events[-2:]]


def test_the_data_page_documents_the_exports(default_site: Project) -> None:
    page = (default_site.site_dir / "exports/index.html").read_text(encoding="utf-8")
    for name in ("feed.xml", "data/timeline.json", "data/timeline.schema.json", "TimelineJS"):
        assert name in page, name
