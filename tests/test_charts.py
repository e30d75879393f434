"""Charts (generator/charts.py, generator/time_axis.py): golden SVGs of the sample tree,
property tests over random careers, and every link of every chart on the built site.

Run `pytest tests/test_charts.py --update-golden` after an intended change and review
the diff of tests/golden/charts/ like code.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
import re
import xml.etree.ElementTree as ET
from dataclasses import fields
from html.parser import HTMLParser
from pathlib import Path
from types import MappingProxyType
from urllib.parse import urljoin, urlsplit

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator import charts, paths
from generator.anchors import ROOT
from generator.charts import TICK_FONT, entity_chart, years_chart
from generator.check import check_content
from generator.dates import PartialDate, source_date_epoch
from generator.model import Entity, Event, Role, Timeline
from generator.model_builder import build_timeline
from generator.project import Project
from generator.time_axis import LABEL_GAP, Tick, place_labels, text_width, time_axis, truncate
from tests.conftest import GOLDEN, REPO, SAMPLE, CompareWithGolden, examples

GOLDEN_CHARTS = GOLDEN / "charts"
TODAY = dt.date(2023, 11, 14)  # SOURCE_DATE_EPOCH=1700000000, as conftest sets it
SVG = "{http://www.w3.org/2000/svg}"
NUMERIC = ("x", "y", "width", "height", "x1", "y1", "x2", "y2")
MARKS = ("tl-chart__bar", "tl-chart__fuzz", "tl-chart__event", "tl-chart__hit")


def _svg(figure: str, depth: int) -> str:
    """The SVGs of a chart figure (lane labels, then the plot), one document each, with
    the root marker resolved as on a page that deep."""
    svgs = re.findall(r"<svg\b.*?</svg>", str(figure), re.S)
    return "\n".join(svgs).replace(ROOT, "../" * depth) + "\n"


def _root(text: str) -> ET.Element:
    """The plot SVG of `_svg`'s text, with the lane labels' SVG appended inside it (both
    share one coordinate system), so a test can look at the chart as one tree."""
    svgs = [ET.fromstring(s) for s in re.findall(r"<svg\b.*?</svg>", text, re.S)]
    plot = next(s for s in svgs if "tl-chart__svg" in s.get("class", ""))
    for other in svgs:
        if other is not plot:
            plot.append(other)
    return plot


@pytest.fixture(scope="module")
def sample() -> Timeline:
    return build_timeline(check_content(SAMPLE))


def _sample_charts(t: Timeline) -> dict[str, str]:
    out = {f"{e.id}.svg": _svg(entity_chart(t, e, TODAY), 2) for e in t.entities.values()}
    out["timeline.svg"] = _svg(years_chart(t), 1)
    return out


def test_sample_charts_match_golden(
    sample: Timeline, compare_with_golden: CompareWithGolden
) -> None:
    actual = {name: text.encode() for name, text in _sample_charts(sample).items()}
    compare_with_golden(actual, GOLDEN_CHARTS)


def test_charts_are_deterministic(sample: Timeline) -> None:
    assert _sample_charts(sample) == _sample_charts(build_timeline(check_content(SAMPLE)))


def test_sample_chart_content(sample: Timeline) -> None:
    ada = entity_chart(sample, sample.entities["ada-lovelace"], TODAY)
    assert 'role="group"' in ada and "<desc id=" in ada and "Career of Ada Lovelace" in ada
    assert 'href="#role-0"' in ada and 'href="#publishes-notes"' in ada
    assert 'href="#analytical-engines--workshop-opens"' not in ada  # not on her timeline
    org = entity_chart(sample, sample.entities["analytical-engines"], TODAY)
    assert f'href="{ROOT}people/charles-babbage/#role-0"' in org
    assert 'href="#workshop-opens"' in org and 'href="#ada-lovelace--publishes-notes"' in org
    assert "tl-chart__now" in org  # Babbage's role as founder is ongoing: it runs to today
    assert "Charles Babbage (1834 – present), Ada Lovelace (c. 1842 – 1843)" in org


def _label_links(root: ET.Element) -> list[ET.Element]:
    group = next(g for g in root.iter(f"{SVG}g") if g.get("class") == "tl-chart__labels")
    return group.findall(f"{SVG}a")


def test_source_date_epoch() -> None:
    assert source_date_epoch({"SOURCE_DATE_EPOCH": "1700000000"}).date() == TODAY
    assert source_date_epoch({"SOURCE_DATE_EPOCH": "soon"}) is None
    assert source_date_epoch({}) is None


def test_truncate_keeps_short_and_cuts_long() -> None:
    assert truncate("OpenAI", 100, 12) == "OpenAI"
    cut = truncate("A very long organization name indeed", 100, 12)
    assert cut.endswith("…") and text_width(cut, 12) <= 100


def test_colours_come_from_the_palette(sample: Timeline) -> None:
    css = (REPO / "site_templates" / "charts.css").read_text(encoding="utf-8")
    colour = re.compile(r"#[0-9a-fA-F]{3,8}\b|\brgba?\(|\bhsla?\(|\b(black|white)\b")
    assert not colour.search(css)
    for prop in re.findall(r"(?:fill|stroke|stop-color)\s*:\s*([^;}]+)", css):
        assert prop.strip().startswith(("var(--md-", "transparent")), prop
    for text in _sample_charts(sample).values():
        assert not colour.search(re.sub(r'(?:href|fill)="[^"]*"', "", text))
        assert not re.search(r'\s(?:stroke|stop-color|style)="', text)
        assert all(v.startswith("url(#") for v in re.findall(r'\sfill="([^"]*)"', text))


def test_precision_sets_the_width_of_event_marks() -> None:
    t = _timeline(
        [],
        [
            (PartialDate.parse("2020"), None),
            (PartialDate.parse("2021-06"), None),
            (PartialDate.parse("2022-06-15"), None),
        ],
    )
    root = _root(_svg(entity_chart(t, t.entities["p"], TODAY), 2))
    widths = {
        r.get("class").split("--")[-1]: float(r.get("width"))
        for r in root.iter(f"{SVG}rect")
        if r.get("class", "").startswith("tl-chart__event ")
    }
    assert widths["year"] == pytest.approx(12 * widths["month"], rel=0.1)
    assert widths["day"] == 2.0 and widths["month"] > 2.0


# -- random careers ---------------------------------------------------------------------

ORGS = ("o0", "o1", "o2")
names = st.text(st.characters(categories=("L", "N", "P", "S", "Zs")), min_size=1, max_size=90)


@st.composite
def partial_dates(draw: st.DrawFn, lo: int = 1900, hi: int = 2030) -> PartialDate:
    year = draw(st.integers(lo, hi))
    text = f"{year:04d}"
    if draw(st.booleans()):
        month = draw(st.integers(1, 12))
        text += f"-{month:02d}"
        if draw(st.booleans()):
            text += f"-{draw(st.integers(1, 28)):02d}"
    return PartialDate.parse(text + draw(st.sampled_from(["", "", "?", "~", "%"])))


@st.composite
def spans(draw: st.DrawFn) -> tuple[PartialDate, PartialDate | None]:
    lo = draw(st.sampled_from([1900, 1990, 2015, 2023]))
    a = draw(partial_dates(lo, lo + draw(st.sampled_from([0, 1, 10, 100]))))
    if draw(st.booleans()):
        return a, None
    b = draw(partial_dates(a.year, a.year + draw(st.sampled_from([0, 1, 5, 40]))))
    return (a, b) if a.lower() <= b.lower() else (b, a)


def _timeline(roles: list, events: list, person_name: str = "P", org_names=ORGS) -> Timeline:
    def entity(eid: str, kind: str, name: str) -> Entity:
        return Entity(eid, kind, name, None, None, (), (), None, None, None, ())  # type: ignore[arg-type]

    entities = {"p": entity("p", "person", person_name)}
    entities |= {o: entity(o, "organization", n) for o, n in zip(ORGS, org_names, strict=True)}
    rs = sorted(
        (
            Role("p", ORGS[k], i, title, start, end, (), None)
            for i, (k, title, (start, end)) in enumerate(roles)
        ),
        key=Role.sort_key,
    )
    evs = sorted(
        (
            Event("p" if i % 2 else "o0", f"e{i}", d, e, f"Event {i} <&>", None, ("p",), (), (), ())
            for i, (d, e) in enumerate(events)
        ),
        key=Event.sort_key,
    )
    by_org = {o: tuple(r for r in rs if r.organization == o) for o in ORGS}
    years: dict[int, list[Event]] = {}
    for ev in evs:
        years.setdefault(ev.date.year, []).append(ev)
    given = {
        "entities": MappingProxyType(entities),
        "events": tuple(evs),
        "timelines": MappingProxyType(
            {"p": tuple(evs), "o0": tuple(e for e in evs if e.home == "o0")}
        ),
        "roles": MappingProxyType({"p": tuple(rs)} | {o: r for o, r in by_org.items() if r}),
        "years": MappingProxyType({y: tuple(v) for y, v in sorted(years.items())}),
    }
    return Timeline(**{f.name: given.get(f.name, MappingProxyType({})) for f in fields(Timeline)})


def _check_svg(figure: str, uid: str) -> ET.Element:
    text = _svg(figure, 2)
    root = _root(text)  # well-formed XML, every text escaped
    for el in root.iter():
        for name in NUMERIC:
            if el.get(name) is not None:
                assert math.isfinite(float(el.get(name)))
    ids = [el.get("id") for el in root.iter() if el.get("id")]
    assert len(ids) == len(set(ids)) and all(i.startswith(uid + "-") for i in ids)
    for a in root.iter(f"{SVG}a"):
        assert a[0].tag == f"{SVG}title" and a[0].text
    view_x, _, view_w, height = (float(v) for v in root.get("viewBox").split())
    assert float(root.get("height")) == height
    axis = next(el for el in root.iter(f"{SVG}line") if el.get("class") == "tl-chart__axis")
    x0, x1, axis_y = float(axis.get("x1")), float(axis.get("x2")), float(axis.get("y1"))
    for r in root.iter(f"{SVG}rect"):
        if r.get("class", "").split()[0] in MARKS:
            x, w = float(r.get("x")), float(r.get("width"))
            y, h = float(r.get("y")), float(r.get("height"))
            assert x0 - 0.051 <= x and x + w <= x1 + 0.101 and w > 0, (x, w, x0, x1)
            assert y >= 0 and y + h <= axis_y + 0.051
    labels = sorted(
        (float(el.get("x")), el.text)
        for el in root.iter(f"{SVG}text")
        if el.get("class") == "tl-chart__tick"
    )
    assert labels, "the axis has at least one label"
    right = -math.inf
    for x, label in labels:
        half = text_width(label, TICK_FONT) / 2
        assert x - half >= max(right + LABEL_GAP - 0.11, view_x - 0.051)
        assert x + half <= view_x + view_w + 0.051
        right = x + half
    assert height > axis_y
    return root


@settings(max_examples=examples(0.5))
@given(
    roles=st.lists(st.tuples(st.integers(0, 2), st.none() | names, spans()), max_size=8),
    events=st.lists(spans(), max_size=12),
    person=names,
    orgs=st.tuples(names, names, names),
    today=st.dates(dt.date(1950, 1, 1), dt.date(2040, 12, 31)),
)
def test_random_careers(roles, events, person, orgs, today) -> None:
    t = _timeline(roles, events, person, orgs)
    figure = entity_chart(t, t.entities["p"], today)
    if not roles and not events:
        assert figure == ""
        return
    root = _check_svg(figure, "tl-chart-p")
    hrefs = {a.get("href") for a in root.iter(f"{SVG}a")}
    for r in t.roles["p"]:
        assert f"#role-{r.index}" in hrefs
    for ev in t.timelines["p"]:
        assert ("#" + ev.id if ev.home == "p" else f"#o0--{ev.id}") in hrefs
    for o in ORGS:
        if t.roles.get(o) or t.timelines.get(o):
            _check_svg(entity_chart(t, t.entities[o], today), f"tl-chart-{o}")
    if events:
        _check_svg(years_chart(t), "tl-chart-timeline")


@given(
    lo=st.integers(dt.date(1000, 1, 1).toordinal(), dt.date(2100, 1, 1).toordinal()),
    span=st.integers(1, 365 * 400),
    width=st.integers(300, 1200),
)
def test_axis_ticks_are_nice_and_labels_never_overlap(lo: int, span: int, width: int) -> None:
    scale, ticks = time_axis(lo, lo + span, 160, 160 + width, TICK_FONT)  # as in a chart
    assert scale.d0 <= lo and scale.d1 >= lo + span
    assert len(ticks) >= 2
    xs = [k.x for k in ticks]
    assert xs == sorted(xs) and scale.x0 <= xs[0] and xs[-1] <= scale.x1
    kept = place_labels(ticks, TICK_FONT, 0, 160 + width + 16)
    assert kept
    for a, b in itertools.pairwise(kept):
        gap = (b.x - text_width(b.label, TICK_FONT) / 2) - (
            a.x + text_width(a.label, TICK_FONT) / 2
        )
        assert gap >= LABEL_GAP - 1e-9


@given(
    ticks=st.lists(
        st.tuples(st.floats(-50, 800), st.text("0123456789 JanFebSep", min_size=1, max_size=9)),
        max_size=40,
    )
)
def test_placed_labels_never_overlap(ticks: list[tuple[float, str]]) -> None:
    """Greedy placement keeps a label only where it fits, and keeps every one that fits."""
    all_ticks = [Tick(x, label) for x, label in sorted(ticks)]
    kept = place_labels(all_ticks, TICK_FONT, 0, 720)
    boxes = [
        (k.x - text_width(k.label, TICK_FONT) / 2, k.x + text_width(k.label, TICK_FONT) / 2)
        for k in kept
    ]
    assert all(a >= 0 and b <= 720 for a, b in boxes)
    assert all(b1 + LABEL_GAP <= a2 + 1e-9 for (_, b1), (a2, _) in itertools.pairwise(boxes))
    for tick in all_ticks:  # each dropped label leaves the box or collides with a kept one
        if tick in kept:
            continue
        half = text_width(tick.label, TICK_FONT) / 2
        a, b = tick.x - half, tick.x + half
        assert (
            a < 0 or b > 720 or any(a < kb + LABEL_GAP and ka < b + LABEL_GAP for ka, kb in boxes)
        )


def test_long_and_hostile_names_are_escaped_and_truncated() -> None:
    name = 'Société "Générale" & <Fils> of the Extremely Long Name Foundation'
    t = _timeline(
        [(0, "CEO & <founder>", (PartialDate.parse("2001"), None))], [], org_names=(name, "b", "c")
    )
    figure = entity_chart(t, t.entities["p"], TODAY)
    root = _check_svg(figure, "tl-chart-p")
    label = _label_links(root)[0]
    assert label.find(f"{SVG}title").text == name
    assert label.find(f"{SVG}text").text.endswith("…")
    assert "&lt;Fils&gt;" in figure and "<Fils>" not in figure


def test_lanes_are_capped(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(charts, "MAX_CHART_LANES", 2)
    t = _timeline([(k, None, (PartialDate.parse("2001"), None)) for k in range(3)], [])
    root = _check_svg(entity_chart(t, t.entities["p"], TODAY), "tl-chart-p")
    assert len(_label_links(root)) == 2
    assert "and 1 more" in root.find(f"{SVG}desc").text


# -- the built sample site --------------------------------------------------------------


class _Page(HTMLParser):
    """Every id on a page, and the links inside its charts."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.chart_links: list[str] = []
        self.charts = 0
        self._depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if a.get("id"):
            self.ids.add(a["id"])  # type: ignore[arg-type]
        if tag == "figure" and "tl-chart" in (a.get("class") or "").split():
            self.charts += 1
            self._depth = 1
        elif self._depth and tag == "figure":
            self._depth += 1
        if self._depth and tag == "a" and a.get("href"):
            self.chart_links.append(a["href"])  # type: ignore[arg-type]

    def handle_endtag(self, tag: str) -> None:
        if self._depth and tag == "figure":
            self._depth -= 1


def _parse(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def test_every_chart_link_resolves_on_the_built_site(sample_site: Project) -> None:
    site = sample_site.site_dir
    t = build_timeline(check_content(sample_site.content))
    urls = [paths.entity_url(e.kind, e.id) for e in t.entities.values()] + ["timeline/"]
    checked = 0
    for url in urls:
        path = site / url / "index.html"
        page = _parse(path)
        assert page.charts == 1, path
        base = "/" + path.relative_to(site).parent.as_posix() + "/"
        for href in page.chart_links:
            target = urlsplit(urljoin(base, href))
            target_file = site / target.path.lstrip("/") / "index.html"
            assert target_file.is_file(), (path, href)
            ids = page.ids if target.path == base else _parse(target_file).ids
            if target.fragment:
                assert target.fragment in ids, (path, href)
            checked += 1
        same_page = [h for h in page.chart_links if h.startswith("#")]
        assert all(h[1:] in page.ids for h in same_page)
    assert checked > 10
