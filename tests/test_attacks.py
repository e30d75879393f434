"""The attack suite: hostile content must end in a located error or render inert.

Every folder in tests/attacks/ is one case: `content/` (a content tree) and
`expected.yaml`, which holds one of

- `error: {file, line, code}`: `timeline check` exits 1, prints that problem as
  `path:line:col: error: ... [code]`, and prints nothing else than such lines (no
  traceback). `subprocess: true` also runs the case in a real `python -m generator`
  process (a crash in C code would kill pytest itself otherwise).
- `inert: true, page: <url>`: the case's files join one project with every other inert
  case and the sample content, which is really built. Then every page, the search index,
  the feeds and the data exports are parsed and checked (`element_problems`); `shows`
  lists text that must stand intact inside one text node of the case's page (nothing
  escaped out of its element), `title` the start of the page's <title>, `absent` text
  that must appear in no built file (things read from disk, evaluated templates).
- `ignored: true`: the files are skipped (hidden files); the check passes with nothing.

Payloads that would run a command write `ATTACK-MARKER` into the working folder; each
case runs in a temporary working folder that must not hold one afterwards.
Further attacks that need the file system (huge files, symbolic links, FIFOs, static
files) are built here at test time.
"""

from __future__ import annotations

import html
import json
import os
import posixpath
import re
import shutil
import subprocess
import sys
import threading
import tracemalloc
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import html5lib
import pytest
import yaml
from click.testing import CliRunner

from generator import load
from generator.build import build, generate
from generator.cli import main
from generator.errors import ContentError, Location, Problem
from generator.project import Project
from tests.conftest import SAMPLE, make_project
from tests.helpers import printed_problems, problems, relative, write_files

CASES_DIR = Path(__file__).parent / "attacks"
SPECS: dict[str, dict[str, Any]] = {
    p.name: yaml.safe_load((p / "expected.yaml").read_text(encoding="utf-8"))
    for p in sorted(CASES_DIR.iterdir())
    if p.is_dir()
}
ERROR_CASES = [c for c, s in SPECS.items() if "error" in s]
INERT_CASES = [c for c, s in SPECS.items() if s.get("inert")]
IGNORED_CASES = [c for c, s in SPECS.items() if s.get("ignored")]
SUBPROCESS_CASES = [c for c in ERROR_CASES if SPECS[c].get("subprocess")]
MARKER = "ATTACK-MARKER"

SUMMARY_RE = re.compile(r"\d+ errors?, \d+ warnings?")


def _copy_case(case: str, dest: Path) -> Path:
    shutil.copytree(CASES_DIR / case / "content", dest, symlinks=True)
    return dest


def _relative(problem: Any, root: Path) -> str:
    """The problem's file relative to `root`, without following a symbolic link."""
    return Path(os.path.abspath(problem.location.path)).relative_to(root.resolve()).as_posix()


def _printed(path: str) -> str:
    """A path as the CLI prints it (Problem.format escapes invisible and control characters)."""
    return Problem(Location(path), "x", "").format().removesuffix(":1:1: error:  [x]")


def _parse_output(output: str) -> tuple[set[tuple[str, int, str]], list[str]]:
    """(file relative to ./content, line, code) of every problem line, and other lines."""
    matches, stray = printed_problems(output)
    return {(m["file"].removeprefix("content/"), int(m["line"]), m["code"]) for m in matches}, stray


# -- the cases themselves ---------------------------------------------------------------


def test_case_files_are_well_formed() -> None:
    assert len(ERROR_CASES) >= 150 and len(INERT_CASES) >= 20
    for case, spec in SPECS.items():
        kinds = [k for k in ("error", "inert", "ignored") if k in spec]
        assert len(kinds) == 1, case
        if "error" in spec:
            assert set(spec["error"]) == {"file", "line", "code"}, case
            assert (CASES_DIR / case / "content" / spec["error"]["file"]).exists(), case
        if spec.get("inert"):
            assert spec["page"].endswith("/"), case


@pytest.mark.parametrize("case", ERROR_CASES)
def test_error_case(case: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _copy_case(case, tmp_path / "content")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["check", "--content", "content"])
    assert result.exit_code == 1, result.output
    assert isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    found, stray = _parse_output(result.output)
    e = SPECS[case]["error"]
    assert (_printed(e["file"]), e["line"], e["code"]) in found, result.output
    assert len(stray) == 1 and SUMMARY_RE.fullmatch(stray[0]), result.output
    assert not (tmp_path / MARKER).exists(), "a payload was executed"


@pytest.mark.parametrize("case", SUBPROCESS_CASES)
def test_error_case_in_a_real_process(case: str, tmp_path: Path) -> None:
    _copy_case(case, tmp_path / "content")
    run = subprocess.run(
        [sys.executable, "-m", "generator", "check", "--content", "content"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 1, (run.returncode, run.stderr)  # not a signal (segfault)
    assert "Traceback" not in run.stderr + run.stdout
    found, _ = _parse_output(run.stdout)
    e = SPECS[case]["error"]
    assert (_printed(e["file"]), e["line"], e["code"]) in found, run.stdout + run.stderr
    assert not (tmp_path / MARKER).exists(), "a payload was executed"


@pytest.mark.parametrize("case", IGNORED_CASES)
def test_ignored_case(case: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _copy_case(case, tmp_path / "content")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["check", "--content", "content"])
    assert result.exit_code == 0, result.output
    assert "checked 0 people, 0 organizations" in result.output


# -- attacks that need the file system -----------------------------------------------------

BIG = 40 * 1024 * 1024


def _big_yaml(path: Path) -> None:
    line = b"aliases: [" + b"lol, " * 200 + b"lol]\n"
    with path.open("wb") as fh:
        fh.write(b"name: Big\n")
        for _ in range(BIG // len(line) + 1):
            fh.write(line)


def test_files_of_tens_of_megabytes_are_refused_unread(tmp_path: Path) -> None:
    root = tmp_path / "content"
    (root / "people").mkdir(parents=True)
    (root / "pages").mkdir()
    _big_yaml(root / "people" / "big.yaml")
    _big_yaml(root / "sources.yaml")
    with (root / "pages" / "big.md").open("wb") as fh:
        fh.write(b"# Big\n" + b"lorem ipsum " * (BIG // 12))
    tracemalloc.start()
    try:
        found = problems(root)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    got = {(relative(p, root), p.code) for p in found}
    assert got == {
        ("people/big.yaml", "file-too-large"),
        ("sources.yaml", "file-too-large"),
        ("pages/big.md", "file-too-large"),
    }
    assert peak < 4 * 1024 * 1024, f"peak {peak:,} bytes: a big file was read"


def test_the_loader_reads_at_most_the_cap(tmp_path: Path) -> None:
    """A file whose size the loader cannot know in advance (a FIFO reports 0 bytes)."""
    fifo = tmp_path / "grows.yaml"
    os.mkfifo(fifo)
    written = 0

    def writer() -> None:
        nonlocal written
        chunk = b"# " + b"x" * 65533 + b"\n"
        try:
            with fifo.open("wb") as fh:
                for _ in range(BIG // len(chunk)):
                    fh.write(chunk)
                    written += len(chunk)
        except BrokenPipeError:
            pass

    thread = threading.Thread(target=writer, daemon=True)
    thread.start()
    tracemalloc.start()
    try:
        with pytest.raises(ContentError) as exc:
            load.load_file(fifo, "grows.yaml")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    thread.join(timeout=30)
    assert [p.code for p in exc.value.problems] == ["file-too-large"]
    # What the writer got rid of: what was read plus the pipe's buffer (64 KiB here).
    assert written <= load.MAX_FILE_BYTES + 1 + 1024 * 1024, written
    assert peak < 3 * load.MAX_FILE_BYTES, peak


PAYLOADS = {
    "apply": "!!python/object/apply:os.system ['touch {marker}']",
    "new": "!!python/object/new:os.system ['touch {marker}']",
    "verbatim": "!<tag:yaml.org,2002:python/object/apply:os.system> ['touch {marker}']",
    "subprocess": "!!python/object/apply:subprocess.check_call [['touch', '{marker}']]",
    "key": "? !!python/object/apply:os.system ['touch {marker}']\n: x",
    "nested": "events:\n  - sources:\n      - !!python/object/apply:os.system ['touch {marker}']",
}


@pytest.mark.parametrize("name", sorted(PAYLOADS))
def test_code_execution_tags_run_nothing(name: str, tmp_path: Path) -> None:
    marker = tmp_path / f"marker-{name}"
    payload = PAYLOADS[name].format(marker=marker)
    text = payload if payload.startswith(("?", "events")) else f"name: {payload}"
    with pytest.raises(ContentError) as exc:
        load.load_text(text, "people/x.yaml")
    assert [p.code for p in exc.value.problems] == ["tag"]
    assert not marker.exists()


def test_the_payload_would_run_under_an_unsafe_loader(tmp_path: Path) -> None:
    """The control for the test above: the same text does run a command elsewhere."""
    marker = tmp_path / "marker-control"
    yaml.unsafe_load(PAYLOADS["subprocess"].format(marker=marker))
    assert marker.exists()


def test_alias_bomb_costs_nothing() -> None:
    text = (CASES_DIR / "alias-bomb" / "content" / "people" / "bomb.yaml").read_text()
    tracemalloc.start()
    try:
        with pytest.raises(ContentError):
            load.load_text(text, "bomb.yaml")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 1024 * 1024


SECRET = "SECRET-TOKEN-" + uuid.uuid4().hex


@pytest.mark.parametrize(
    "link",
    ["people/leak.yaml", "organizations/leak.yaml", "sources.yaml", "pages/leak.md", "people"],
)
def test_symbolic_links_in_content_are_refused(link: str, tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    write_files(outside, {"secret.yaml": f"name: {SECRET}\n", "people/x.yaml": f"name: {SECRET}\n"})
    root = write_files(tmp_path / "content", {"organizations/org.yaml": "name: Org\n"})
    target = outside / ("people" if link == "people" else "secret.yaml")
    (root / link).parent.mkdir(parents=True, exist_ok=True)
    (root / link).symlink_to(target)
    found = problems(root)
    assert [(_relative(p, root), p.code) for p in found] == [(link, "unexpected-file")]
    assert SECRET not in "".join(p.format() for p in found)


def test_a_page_linked_to_an_endless_device_is_refused(tmp_path: Path) -> None:
    root = write_files(tmp_path / "content", {"pages/about.md": "# About\n"})
    (root / "pages" / "zero.md").symlink_to("/dev/zero")
    (root / "people").mkdir()
    (root / "people" / "zero.yaml").symlink_to("/dev/zero")
    codes = {(_relative(p, root), p.code) for p in problems(root)}
    assert codes == {("pages/zero.md", "unexpected-file"), ("people/zero.yaml", "unexpected-file")}


STATIC_REFUSED = [
    "evil.html",
    "evil.HTM",
    "evil.js",
    "images/logo.svg",
    "evil.xml",
    "assets/javascripts/bundle.min.js",
    "assets/images/favicon.png",
    "search/search_index.json",
    "people/ada.png",
    # case variants of the site's folders merge with them on case-insensitive disks
    "Search/search_index.json",
    "Assets/javascripts/x.json",
    "PEOPLE/ada.png",
    "Timeline/index.txt",
    # a trailing dot or space reads as no suffix
    "evil.html.",
    "evil.html ",
    "images/evil.svg.",
    # host configuration on Netlify and Cloudflare Pages
    "_headers",
    "_redirects",
    "images/_headers",
    "_routes.json",
    # a generated page's address (MkDocs would crash with FileExistsError)
    "about",
    "contributing/index.txt",
    "index.html",
    "notes.md",
]


@pytest.mark.parametrize("name", STATIC_REFUSED)
def test_static_files_that_could_run_are_refused_by_check(name: str, tmp_path: Path) -> None:
    """`timeline check` looks at content/static/ (the build only copies what passed)."""
    root = make_project(tmp_path / "project", SAMPLE).content
    write_files(root / "static", {name: b"<script>alert(1)</script>"})
    found = problems(root)
    assert [p.code for p in found] == ["unexpected-file"], [p.format() for p in found]
    assert found[0].location.path.endswith(name.split("/")[0]) or "static" in found[0].location.path


def _static_problems(tmp_path: Path, make: Any) -> list[tuple[str, str]]:
    root = make_project(tmp_path / "project", SAMPLE).content
    shutil.rmtree(root / "static")  # the sample's test pictures: each case makes its own
    for rel in ("people/ada-lovelace.yaml", "organizations/analytical-engines.yaml"):
        _drop_images(root / rel)
    make(root)
    return [(p.code, p.location.path) for p in problems(root)]


def _drop_images(path: Path) -> None:
    """The file without its `image:` mappings (the sample's pictures are removed)."""
    kept, skipping = [], None
    for line in path.read_text(encoding="utf-8").splitlines(keepends=True):
        indent = len(line) - len(line.lstrip())
        if skipping is not None and indent > skipping:
            continue
        skipping = indent if line.strip() == "image:" else None
        if skipping is None:
            kept.append(line)
    path.write_text("".join(kept), encoding="utf-8")


def test_static_folder_that_is_a_link_is_refused_by_check(tmp_path: Path) -> None:
    outside = write_files(tmp_path / "outside", {"secret.txt": SECRET, "CNAME": SECRET})
    found = _static_problems(tmp_path, lambda root: (root / "static").symlink_to(outside))
    assert [code for code, _ in found] == ["unexpected-file"], found
    assert found[0][1].endswith("static")


def test_static_link_is_refused(tmp_path: Path) -> None:
    def make(root: Path) -> None:
        (root / "static").mkdir()
        (root / "static" / "passwd.txt").symlink_to("/etc/passwd")
        (root / "static" / "images").mkdir()
        (root / "static" / "images" / "up").symlink_to("..")

    found = _static_problems(tmp_path, make)
    assert [code for code, _ in found] == ["unexpected-file"] * 2, found


def test_static_that_is_a_file_or_has_capital_twins_is_refused(tmp_path: Path) -> None:
    found = _static_problems(tmp_path, lambda root: (root / "static").write_text("x"))
    assert [code for code, _ in found] == ["unexpected-file"], found
    found = _static_problems(
        tmp_path / "b", lambda root: write_files(root / "static", {"A.png": b"1", "a.png": b"2"})
    )
    assert [code for code, _ in found] == ["duplicate-id"], found


def test_deep_static_folders_are_a_located_error(tmp_path: Path) -> None:
    def make(root: Path) -> None:
        (root / "static").mkdir()
        fd = os.open(root / "static", os.O_RDONLY)
        for _ in range(300):  # relative to a descriptor (rmtree recurses: not deeper)
            os.mkdir("d", dir_fd=fd)
            inner = os.open("d", os.O_RDONLY, dir_fd=fd)
            os.close(fd)
            fd = inner
        os.close(fd)

    found = _static_problems(tmp_path, make)
    assert [code for code, _ in found] == ["too-deep"], found


def test_static_size_limits_are_checked_without_reading(tmp_path: Path) -> None:
    from generator.limits import MAX_STATIC_FILE_BYTES, MAX_STATIC_TOTAL_BYTES

    def sparse(path: Path, size: int) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as fh:
            fh.truncate(size)  # no disk blocks, no reading

    found = _static_problems(
        tmp_path / "one",
        lambda root: sparse(root / "static" / "big.pdf", MAX_STATIC_FILE_BYTES + 1),
    )
    assert [code for code, _ in found] == ["file-too-large"], found
    n = MAX_STATIC_TOTAL_BYTES // MAX_STATIC_FILE_BYTES + 1

    def many(root: Path) -> None:
        for i in range(n):
            sparse(root / "static" / f"f{i:02}.pdf", MAX_STATIC_FILE_BYTES)

    found = _static_problems(tmp_path / "all", many)
    assert [code for code, _ in found] == ["file-too-large"], found


def test_ordinary_static_files_are_copied(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project", SAMPLE)
    files = {"CNAME": b"timeline.example.org\n", "robots.txt": b"", "images/a.png": b"\x89PNG"}
    write_files(project.content / "static", files)
    generate(project)
    for name, body in files.items():
        assert (project.docs_dir / name).read_bytes() == body


# -- the inert cases, built together -------------------------------------------------------


def build_attack_site(dest: Path) -> Project:
    """The sample content plus every inert case, built with MkDocs in `dest` (also used
    by the browser suite, which loads its TimelineJS files and search index)."""
    project = make_project(dest / "project", SAMPLE)
    for case in INERT_CASES:
        source = CASES_DIR / case / "content"
        for file in sorted(p for p in source.rglob("*") if p.is_file()):
            target = project.content / file.relative_to(source)
            assert not target.exists(), f"{case}: {target} is taken by another case"
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(file, target)
    # Files a snippet or include marker would publish if anything read them.
    for folder in (project.root, project.work_dir):
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "secret-token.txt").write_text(SECRET + "\n", encoding="utf-8")
    here = Path.cwd()
    os.chdir(project.root)  # relative include paths resolve from the project folder
    try:
        build(project)
    except ContentError as exc:
        pytest.fail(f"the inert cases do not pass the check:\n{exc}")
    finally:
        os.chdir(here)
    return project


@pytest.fixture(scope="module")
def attack_site(tmp_path_factory: pytest.TempPathFactory) -> Project:
    """The sample content plus every inert case, built once with MkDocs."""
    return build_attack_site(tmp_path_factory.mktemp("attacks"))


def _parse(path: Path) -> ElementTree.Element:
    return html5lib.parse(path.read_bytes(), namespaceHTMLElements=False)


def _local(name: str) -> str:
    return name.rpartition("}")[2].lower()


URL_ATTRIBUTES = {
    "href",
    "src",
    "action",
    "formaction",
    "poster",
    "data",
    "cite",
    "background",
    "ping",
    "manifest",
    "codebase",
    "longdesc",
    "lowsrc",
    "dynsrc",
    "usemap",
    "icon",
    "srcset",
}
ALLOWED_SCHEMES = {"http", "https", "mailto"}
_IGNORED_IN_URLS = re.compile("[\x00-\x20\x7f-\x9f]")
_SCHEME = re.compile(r"([a-z][a-z0-9+.\-]*):")


def bad_scheme(value: str) -> str | None:
    """The scheme of `value` when it is not allowed, as a browser would read it.

    `value` is already entity-decoded (by the HTML parser); it is decoded once more to
    be safe. Browsers drop tabs and newlines anywhere in a URL and trim control
    characters and spaces, and schemes are case-insensitive.
    """
    for candidate in {value, html.unescape(value)}:
        m = _SCHEME.match(_IGNORED_IN_URLS.sub("", candidate).lower())
        if m and m[1] not in ALLOWED_SCHEMES:
            return m[1]
    return None


def _urls(attr: str, value: str) -> list[str]:
    if attr == "srcset":
        return [part.strip().split(" ")[0] for part in value.split(",")]
    return [value]


def _normalize_script(text: str) -> str:
    """A theme script, with what differs between pages (paths to the root, ids) made equal."""
    text = re.sub(r"(?:\.\./)+", "", text)
    text = re.sub(r'"(?:\.\.|\.|/)"', '"ROOT"', text)
    text = re.sub(r'"/(?=[a-z])', '"', text)
    return re.sub(r"\b(people|organizations)/[a-z0-9-]+/", r"\1/ID/", text)


def script_signature(el: ElementTree.Element) -> tuple[str, str]:
    src = el.get("src")
    if src is not None:
        return ("src", posixpath.basename(src.split("?")[0]))
    return (el.get("type") or "", _normalize_script(el.text or ""))


def element_problems(
    root: ElementTree.Element, theme_scripts: set[tuple[str, str]] | None
) -> list[str]:
    """Executable or dangerous things in a parsed document or fragment."""
    found = []
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        tag = _local(el.tag)
        if tag == "script":
            sig = script_signature(el)
            if sig[0] == "application/ld+json":
                try:
                    json.loads(el.text or "")
                except ValueError:
                    found.append(f"JSON-LD script that is not JSON: {el.text!r:.200}")
                if "<" in (el.text or ""):
                    found.append(f"'<' inside a JSON-LD script: {el.text!r:.200}")
            elif theme_scripts is None or sig not in theme_scripts:
                found.append(f"script not in the theme's: {sig!r:.300}")
        if tag in ("iframe", "object", "embed", "frame", "base", "applet"):
            found.append(f"<{tag}> element")
        if tag == "meta" and (el.get("http-equiv") or "").lower() == "refresh":
            target = (el.get("content") or "").partition("=")[2]
            if bad_scheme(target):
                found.append(f"meta refresh to {target!r}")
        for name, value in el.attrib.items():
            attr = _local(name)
            if attr.startswith("on"):
                found.append(f"<{tag} {attr}={value!r}>")
            if attr in URL_ATTRIBUTES:
                for url in _urls(attr, value):
                    scheme = bad_scheme(url)
                    if scheme:
                        found.append(f"<{tag} {attr}={value!r}> ({scheme}:)")
            if attr == "style" and re.search(
                r"javascript:|expression\(|url\(", re.sub(r"\s", "", value), re.I
            ):
                found.append(f"<{tag} style={value!r}>")
    return found


def fragment_problems(text: str) -> list[str]:
    """Problems of an HTML fragment that something renders as HTML (search, feeds)."""
    if "<" not in text and "&" not in text:
        return []
    return element_problems(html5lib.parseFragment(text, namespaceHTMLElements=False), None)


def text_nodes(root: ElementTree.Element) -> Iterator[str]:
    for el in root.iter():
        if el.text:
            yield el.text
        if el.tail:
            yield el.tail


def _site_pages(project: Project) -> list[Path]:
    return sorted(project.site_dir.rglob("*.html"))


@pytest.fixture(scope="module")
def theme_scripts(sample_site: Project) -> set[tuple[str, str]]:
    """Every script of a clean build of the sample: the theme's own (and our redirects')."""
    sigs: set[tuple[str, str]] = set()
    for page in _site_pages(sample_site):
        sigs |= {script_signature(el) for el in _parse(page).iter("script")}
    assert any(kind == "src" for kind, _ in sigs), "the clean build has no theme script?"
    return sigs


def test_the_checks_find_what_they_should() -> None:
    """The checks themselves, on a page full of what they must catch."""
    page = html5lib.parse(
        "<title>x</title><script>alert(1)</script><img src=x onerror=alert(1)>"
        '<a href="java&#x09;script:alert(1)">a</a><a href=" JaVaScRiPt:x">b</a>'
        '<a href="&#14;data:text/html,x">c</a><form><button formaction="vbscript:x">d</button>'
        '</form><iframe src="https://example.org"></iframe><img srcset="a.png 1x, data:x 2x">'
        '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">'
        '<p style="background:url(javascript:alert(1))">e</p>'
        '<a href="https://example.org/a?b&amp;c">ok</a><a href="mailto:a@example.org">ok</a>'
        '<a href="../people/ada/#x">ok</a>',
        namespaceHTMLElements=False,
    )
    found = element_problems(page, set())
    assert len(found) == 10, "\n".join(found)
    for needle in ["script", "onerror", "javascript", "data", "vbscript", "iframe", "style"]:
        assert any(needle in f for f in found), needle


@pytest.mark.slow  # a real MkDocs build
def test_every_built_page_is_inert(
    attack_site: Project, theme_scripts: set[tuple[str, str]]
) -> None:
    pages = _site_pages(attack_site)
    assert len(pages) > 40
    found = []
    for page in pages:
        rel = page.relative_to(attack_site.site_dir).as_posix()
        head = page.read_text(encoding="utf-8").partition("</head>")[0]
        titles = re.findall(r"<title>(.*?)</title>", head, re.S)
        if len(titles) != 1 or "<" in titles[0]:
            found.append(f"{rel}: <title> holds markup: {titles!r:.300}")
        found += [f"{rel}: {p}" for p in element_problems(_parse(page), theme_scripts)]
    assert not found, "\n".join(found)


def _strings(data: object) -> Iterator[str]:
    if isinstance(data, str):
        yield data
    elif isinstance(data, dict):
        for key, value in data.items():
            yield from _strings(key)
            yield from _strings(value)
    elif isinstance(data, list):
        for value in data:
            yield from _strings(value)


#: Raw data for tools: its `description` fields are the Markdown as written, documented
#: as such in its schema (a consumer renders them like any untrusted Markdown).
RAW_DATA = {"data/timeline.json", "data/timeline.schema.json"}


@pytest.mark.slow  # a real MkDocs build
def test_search_index_and_json_exports_are_inert(attack_site: Project) -> None:
    """Material renders search titles and texts as HTML; TimelineJS renders its texts too."""
    site = attack_site.site_dir
    files = [
        f for f in sorted(site.rglob("*.json")) if f.relative_to(site).as_posix() not in RAW_DATA
    ]
    assert site / "search" / "search_index.json" in files
    assert any("timelinejs" in f.as_posix() for f in files)
    found = []
    for file in files:
        data = json.loads(file.read_text(encoding="utf-8"))
        for text in _strings(data):
            found += [f"{file.name}: {p}" for p in fragment_problems(text)]
    assert not found, "\n".join(found)


@pytest.mark.slow  # a real MkDocs build
def test_feeds_are_well_formed_and_inert(attack_site: Project) -> None:
    files = sorted(attack_site.site_dir.rglob("*.xml"))
    assert files
    found = []
    for file in files:
        root = ElementTree.parse(file).getroot()  # raises if a payload broke the XML
        for el in root.iter():
            if el.get("type") in ("html", "xhtml") and el.text:
                found += [f"{file.name}: {p}" for p in fragment_problems(el.text)]
    assert not found, "\n".join(found)


@pytest.mark.slow  # a real MkDocs build
def test_nothing_is_included_from_disk(attack_site: Project) -> None:
    needles = [SECRET.encode(), b"root:x:0:0", b"137165295"]
    for spec in (SPECS[c] for c in INERT_CASES):
        needles += [s.encode() for s in spec.get("absent", [])]
    for file in attack_site.site_dir.rglob("*"):
        if file.is_file():
            data = file.read_bytes()
            hits = [n for n in needles if n in data]
            assert not hits, f"{file}: {hits}"


@pytest.mark.slow  # a real MkDocs build
@pytest.mark.parametrize("case", INERT_CASES)
def test_inert_case_page(case: str, attack_site: Project) -> None:
    spec = SPECS[case]
    page = attack_site.site_dir / spec["page"] / "index.html"
    assert page.is_file(), f"{spec['page']} was not built"
    root = _parse(page)
    article = root.find(".//article")
    nodes = list(text_nodes(root if article is None else article))
    for text in spec.get("shows", []):
        assert any(text in node for node in nodes), f"{text!r} is not intact in one text node"
    if "title" in spec:
        title = root.find(".//title")
        assert title is not None and (title.text or "").startswith(spec["title"]), title.text


def test_a_file_name_cannot_forge_output_lines(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    forged = "ada\nx.yaml:1:1: error: forged [forged]\n\u202eevil.yaml"
    write_files(tmp_path / "content", {f"people/{forged}": "name: Ada\n"})
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["check", "--content", "content"])
    assert result.exit_code == 1
    found, stray = _parse_output(result.output)
    assert [code for _, _, code in found] == ["invalid-id"], result.output
    assert len(stray) == 1 and "\u202e" not in result.output


def test_sources_yaml_cannot_take_over_an_inline_citation(tmp_path: Path) -> None:
    """Inline sources have keys no id can spell (`inline--<hash>`), so a shared source
    named like the old key (`inline-<hash>`) is a separate source, not a takeover."""
    import hashlib

    ident = "\x1f".join(["Original", "", "https://example.org/original", ""])
    old_key = "inline-" + hashlib.sha1(ident.encode()).hexdigest()[:10]
    root = write_files(
        tmp_path / "content",
        {
            "sources.yaml": f"{old_key}:\n  title: Forged\n  url: https://example.org/forged\n",
            "people/ada.yaml": "name: Ada\nevents:\n  - date: 2020-01-01\n    title: Hi\n"
            "    sources:\n      - title: Original\n        url: https://example.org/original\n"
            f"  - date: 2021-01-01\n    title: Other\n    sources: [{old_key}]\n",
        },
    )
    from generator.check import check_content
    from generator.model_builder import build_timeline

    t = build_timeline(check_content(root))
    first = next(e for e in t.events if e.title == "Hi")
    assert [c.source.title for c in first.cites] == ["Original"]
    assert first.cites[0].source.key.startswith("inline--")
    assert t.sources[old_key].title == "Forged"


@pytest.mark.parametrize(
    "name",
    [
        "ada\n::error file=x.yaml::forged",
        "ada\r::error::forged",
        "ada%0A::error::forged",
        "ada\x1b[2J\x1b[31mred",
        "a,b:c\u202eevil",
    ],
)
def test_github_annotations_cannot_be_forged_by_a_file_name(
    name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`--format github` escapes file names per GitHub's workflow-command rules (%, CR,
    LF; `:` and `,` in properties) after making controls and invisibles visible."""
    write_files(tmp_path / "content", {f"people/{name}.yaml": "name: Ada\n"})
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["check", "--content", "content", "--format", "github"])
    assert result.exit_code == 1
    lines = [line for line in result.output.splitlines() if line]
    assert len(lines) == 1 and lines[0].startswith("::error file=content/people/"), lines
    assert "\x1b" not in result.output and "\r" not in result.output
    assert "\u202e" not in result.output
    path = lines[0].split("file=", 1)[1].split(",line=", 1)[0]
    assert "," not in path and ":" not in path
    assert "%0A" not in path or "%250A" in path or "\n" in name
    if "%" in name:
        assert "%25" in path


@pytest.mark.parametrize("name", ["site", "build", "build/docs"])
def test_an_output_folder_that_is_a_file_is_a_clear_error(name: str, tmp_path: Path) -> None:
    from generator.errors import ConfigError

    project = make_project(tmp_path / "project", SAMPLE)
    target = project.root / name
    if target.exists():
        shutil.rmtree(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text("not a folder\n")
    with pytest.raises(ConfigError, match="is not a folder"):
        build(project)
    assert target.read_text() == "not a folder\n"
    assert not list(project.root.glob(".site-new-*"))


def test_no_ascii_character_is_invisible() -> None:
    """characters.invisible and direction_control skip ASCII text unscanned: that holds
    only while no ASCII character is in their classes."""
    from generator.characters import _BIDI_RE, invisible_pattern

    for code in range(128):
        assert not invisible_pattern().search(chr(code)) and not _BIDI_RE.search(chr(code))
