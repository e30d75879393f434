"""`timeline rename OLD NEW`: the file moves, every reference follows byte-exactly, the
command refuses with one line when it cannot run, writes all or nothing, and the built
site keeps the old addresses (page, event anchors, feed) working."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import html5lib
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from generator import rename
from generator.build import build
from generator.check import check_content
from generator.cli import main
from tests.conftest import REPO, SAMPLE, examples, make_project


def _tree(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()
    }


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["rename", *args])
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def content(tmp_path: Path) -> Path:
    shutil.copytree(SAMPLE, tmp_path / "content")
    return tmp_path / "content"


def test_rename_an_organization_rewrites_every_reference(content: Path) -> None:
    code, out, err = _run("--content", str(content), "analytical-engines", "engines")
    assert code == 0, out + err
    after = _tree(content)
    assert "organizations/analytical-engines.yaml" not in after
    assert "former_ids: [analytical-engines]" in after["organizations/engines.yaml"].decode()
    ada = after["people/ada-lovelace.yaml"].decode()
    assert "organization: engines\n" in ada
    assert "[[engines|Analytical Engine]]" in ada
    assert "with: [charles-babbage, engines]" in ada
    assert "publisher: engines\n" in after["sources.yaml"].decode()
    # Nothing else names the old id, except the former id that keeps its addresses.
    rest = b"".join(v for k, v in after.items() if k != "organizations/engines.yaml")
    assert b"analytical-engines" not in rest
    assert "organizations/engines.yaml: 1 former id" in out
    assert "people/ada-lovelace.yaml: 1 mention, 2 references" in out
    assert "sources.yaml: 1 publisher" in out
    assert "4 files changed" in out
    assert "checked" in err
    check_content(content)  # raises on any error


def test_the_moved_file_keeps_its_layout(content: Path) -> None:
    """The renamed entity's own file: `former_ids` is inserted after `name` (a line of
    its own), or the id appended to the list in the list's own style."""
    org = content / "organizations" / "analytical-engines.yaml"
    text = org.read_text()
    assert _run("--content", str(content), "analytical-engines", "engines")[0] == 0
    new = (content / "organizations" / "engines.yaml").read_text()
    assert new == text.replace(
        "name: Analytical Engines Ltd\n",
        "name: Analytical Engines Ltd\nformer_ids: [analytical-engines]\n",
    )
    ada = (content / "people" / "ada-lovelace.yaml").read_text()
    assert _run("--content", str(content), "ada-lovelace", "ada")[0] == 0
    after = (content / "people" / "ada.yaml").read_text()
    assert after == ada.replace("former_ids: [ada-byron]", "former_ids: [ada-byron, ada-lovelace]")
    assert "[[ada]]" in (content / "pages" / "about.md").read_text()


def test_renaming_back_swaps_the_former_id(content: Path) -> None:
    ada = (content / "people" / "ada-lovelace.yaml").read_bytes()
    assert _run("--content", str(content), "ada-lovelace", "ada-byron")[0] == 0
    text = (content / "people" / "ada-byron.yaml").read_bytes()
    assert text == ada.replace(b"former_ids: [ada-byron]", b"former_ids: [ada-lovelace]")
    check_content(content)


#: One file written in every style the loader accepts; only the ids may change.
_MIXED = """\
# A person written in several styles at once
name:   Ada Lovelace   # extra spaces before the comment
summary: 'Wrote the first published program.'
former_ids: [ ada-byron,ada-king ]
description: >-
   Worked with [[acme]] on the engine;
   [[ acme |Acme]] called her "the enchantress". `[[acme]]` stays code.
roles:
- organization: "acme"     # quoted
  start: 1842~
  sources: [notes]
events:
- id: notes
  date: 1843-09
  title: Publishes her Notes
  with:
  - acme      # the workshop
  sources:
    -   notes
    - {title: A book, publisher: 'acme', date: 1990}
"""


def _mixed_content(root: Path) -> Path:
    (root / "people").mkdir(parents=True)
    (root / "organizations").mkdir()
    (root / "pages").mkdir()
    (root / "people" / "ada.yaml").write_text(_MIXED)
    # CR LF line ends and a byte-order mark are kept as they are.
    crlf = "\ufeffname: Acme\r\nevents:\r\n  - date: 1834\r\n    title: Opens\r\n"
    crlf += "    sources: [notes]\r\n"
    (root / "organizations" / "acme.yaml").write_bytes(crlf.encode())
    (root / "sources.yaml").write_text("notes:\n  title: Notes\n  publisher: acme  # here\n")
    (root / "pages" / "about.md").write_text(
        "# About\n\nSee [[acme]] and [[acme|the workshop]], not `[[acme]]`.\n\n```\n[[acme]]\n```\n"
    )
    return root


def test_only_the_ids_change_byte_for_byte(tmp_path: Path) -> None:
    root = _mixed_content(tmp_path / "content")
    before = _tree(root)
    code, out, err = _run("--content", str(root), "acme", "acme-works")
    assert code == 0, out + err
    after = _tree(root)
    assert after["people/ada.yaml"].decode() == (
        _MIXED.replace("[[acme]] on", "[[acme-works]] on")
        .replace("[[ acme |", "[[ acme-works |")
        .replace('"acme"', '"acme-works"')
        .replace("  - acme      #", "  - acme-works      #")
        .replace("publisher: 'acme'", "publisher: 'acme-works'")
    )
    assert after["organizations/acme-works.yaml"] == before["organizations/acme.yaml"].replace(
        b"name: Acme\r\n", b"name: Acme\r\nformer_ids: [acme]\r\n"
    )
    assert after["sources.yaml"] == b"notes:\n  title: Notes\n  publisher: acme-works  # here\n"
    assert after["pages/about.md"] == (
        b"# About\n\nSee [[acme-works]] and [[acme-works|the workshop]], not `[[acme]]`.\n\n"
        b"```\n[[acme]]\n```\n"
    )
    check_content(root)


def test_block_former_ids_get_a_line_in_the_same_style(tmp_path: Path) -> None:
    root = _mixed_content(tmp_path / "content")
    org = root / "organizations" / "acme.yaml"
    org.write_text("name: Acme\nformer_ids:\n  - acme-old   # 2019\nevents: []\n")
    assert _run("--content", str(root), "acme", "acme-works")[0] == 0
    assert (root / "organizations" / "acme-works.yaml").read_text() == (
        "name: Acme\nformer_ids:\n  - acme-old   # 2019\n  - acme\nevents: []\n"
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("ada-lovelace", "charles-babbage"), "people/charles-babbage.yaml already exists"),
        (("ada-lovelace", "analytical-engines"), "analytical-engines.yaml already exists"),
        (("nobody", "somebody"), "no entity 'nobody'"),
        (("ada-lovelace", "Ada_Lovelace"), "'Ada_Lovelace' is not a valid id"),
        (("ada-lovelace", "tags"), "'tags' is reserved"),
        (("ada-lovelace", "ada-lovelace"), "'ada-lovelace' is already the id"),
    ],
)
def test_refusals_are_one_line_and_change_nothing(
    content: Path, args: tuple[str, str], message: str
) -> None:
    before = _tree(content)
    code, out, err = _run("--content", str(content), *args)
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1 and err.startswith("error: ") and message in err, err
    assert _tree(content) == before


def test_refuses_when_the_content_has_errors(content: Path) -> None:
    (content / "people" / "charles-babbage.yaml").write_text("name: Charles\nborn: 17\n")
    before = _tree(content)
    code, _, err = _run("--content", str(content), "ada-lovelace", "ada")
    assert code == 2
    assert err.startswith("error: the content has ") and "fix them before renaming" in err
    assert err.count("\n") == 1
    assert _tree(content) == before


def test_refuses_a_former_id_of_another_entity(content: Path) -> None:
    code, _, err = _run("--content", str(content), "charles-babbage", "ada-byron")
    assert code == 2
    assert "'ada-byron' is a former id of 'ada-lovelace'" in err


def test_a_failed_write_changes_nothing(content: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A failure while files are moved into place puts back what was already replaced."""
    before = _tree(content)
    real_replace = os.replace
    calls = []

    def failing(src: str | Path, dst: str | Path) -> None:
        calls.append(dst)
        if len(calls) == 3:
            raise OSError(28, "No space left on device")
        real_replace(src, dst)

    monkeypatch.setattr(rename.os, "replace", failing)
    code, _, err = _run("--content", str(content), "analytical-engines", "engines")
    assert code == 1
    assert "nothing was changed" in err
    monkeypatch.setattr(rename.os, "replace", real_replace)
    assert _tree(content) == before


def test_a_layout_it_cannot_rewrite_exactly_changes_nothing(
    content: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each edited file is parsed again; if it does not hold what the rename means,
    nothing at all is written."""
    before = _tree(content)
    monkeypatch.setattr(rename.re_, "scalar_edit", lambda src, path, new: rename.re_.Edit(0, 0, ""))
    code, _, err = _run("--content", str(content), "analytical-engines", "engines")
    assert code == 1
    assert "could not be rewritten exactly; nothing was changed" in err
    assert _tree(content) == before


@pytest.mark.slow
def test_rename_as_a_real_process(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project", SAMPLE)
    done = subprocess.run(
        [sys.executable, "-m", "generator", "rename", "charles-babbage", "babbage"],
        cwd=project.root,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "content/people/charles-babbage.yaml -> content/people/babbage.yaml" in done.stdout
    assert (project.root / "content" / "people" / "babbage.yaml").is_file()
    assert done.stderr.startswith("checked 2 people")


def _ids(page: Path) -> set[str]:
    doc = html5lib.parse(page.read_bytes(), namespaceHTMLElements=False)
    return {el.get("id") for el in doc.iter() if el.get("id")}


@pytest.mark.slow
def test_old_addresses_keep_working_in_the_built_site(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project", SAMPLE)
    assert _run("--content", str(project.content), "charles-babbage", "babbage")[0] == 0
    build(project)
    site = project.site_dir
    # The old page redirects (keeping the #anchor), the old feed is the feed.
    assert "people/babbage/" in (site / "people" / "charles-babbage" / "index.html").read_text()
    assert (site / "people" / "charles-babbage" / "feed.xml").read_bytes() == (
        site / "people" / "babbage" / "feed.xml"
    ).read_bytes()
    # An old deep link to one of his events on another page still lands on it.
    ids = _ids(site / "organizations" / "analytical-engines" / "index.html")
    assert {"babbage--designs-engine", "charles-babbage--designs-engine"} <= ids
    assert "charles-babbage--designs-engine" in _ids(site / "timeline" / "1837" / "index.html")


def test_a_mention_written_with_escapes_rewrites_that_value_only(tmp_path: Path) -> None:
    """A mention the text does not hold as written (`\\x6d` for `m`) cannot be edited in
    place: that one value is written again, double-quoted; the rest stays."""
    root = _mixed_content(tmp_path / "content")
    org = root / "organizations" / "acme.yaml"
    org.write_text('name: Acme\ndescription: "Makes [[ac\\x6de]] engines"  # sic\nevents: []\n')
    assert _run("--content", str(root), "acme", "acme-works")[0] == 0
    assert (root / "organizations" / "acme-works.yaml").read_text() == (
        "name: Acme\nformer_ids: [acme]\n"
        'description: "Makes [[acme-works]] engines"  # sic\nevents: []\n'
    )


def test_a_nav_entry_naming_the_page_follows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """mkdocs.yml's nav may name an entity's page; the rename rewrites that entry too
    (MkDocs would otherwise fail the build on a nav entry to no page)."""
    project = make_project(tmp_path / "project", SAMPLE)
    config = project.root / "mkdocs.yml"
    text = config.read_text()
    assert "  - Home: index.md\n" in text
    config.write_text(
        text.replace(
            "  - Home: index.md\n", "  - Home: index.md\n  - Ada: 'people/ada-lovelace.md'\n"
        )
    )
    monkeypatch.chdir(project.root)
    code, out, err = _run("ada-lovelace", "ada")
    assert code == 0, out + err
    assert "  - Ada: 'people/ada.md'\n" in config.read_text()
    assert "mkdocs.yml: 1 nav entry" in out


def test_links_to_the_old_page_follow(content: Path) -> None:
    """Relative links to the entity's page (in pages and Markdown fields) name the new
    address, so they need no redirect; another site's address and code stay."""
    about = content / "pages" / "about.md"
    about.write_text(
        about.read_text() + "\nSee [her page](../people/ada-lovelace/), "
        "[her notes](../people/ada-lovelace/#publishes-notes), "
        "[elsewhere](https://example.org/people/ada-lovelace/) and "
        "`../people/ada-lovelace/`.\n"
    )
    babbage = content / "people" / "charles-babbage.yaml"
    babbage.write_text(
        babbage.read_text().replace(
            "summary: Designed the Analytical Engine.\n",
            "summary: Designed the Analytical Engine.\n"
            "description: >\n  Worked with [Ada](../ada-lovelace/) and\n"
            "  [Ada again](../../people/ada-lovelace/).\n",
        )
    )
    code, out, err = _run("--content", str(content), "ada-lovelace", "ada")
    assert code == 0, out + err
    text = about.read_text()
    assert "[her page](../people/ada/), [her notes](../people/ada/#publishes-notes)" in text
    assert "https://example.org/people/ada-lovelace/" in text
    assert "`../people/ada-lovelace/`" in text
    assert "[Ada again](../../people/ada/)" in babbage.read_text()
    assert "pages/about.md: 2 links, 1 mention" in out
    check_content(content)


_ID_STYLES = st.sampled_from(["{}", "'{}'", '"{}"'])
_COMMENTS = st.sampled_from(["", "  # a note", "\t# tabbed"])


@st.composite
def _person(draw: st.DrawFn) -> str:
    """A person file naming `acme` in events' `with` (flow or block, any quoting, with
    comments) and in mentions, among other ids and text that only looks like them."""
    lines = ["name: Bea" + draw(_COMMENTS), "description: |"]
    lines.append("  With [[acme]], [[ acme |Acme]], `[[acme]]`, acme-like [[bob]].")
    lines.append("events:")
    for i in range(draw(st.integers(1, 3))):
        ids = draw(st.lists(st.sampled_from(["acme", "bob"]), min_size=1, max_size=3, unique=True))
        written = [draw(_ID_STYLES).format(x) for x in ids]
        lines += [f"  - date: {2000 + i}", f"    title: Event {i}"]
        if draw(st.booleans()):
            lines.append(f"    with: [{', '.join(written)}]" + draw(_COMMENTS))
        else:
            lines.append("    with:")
            lines += [f"      - {w}" + draw(_COMMENTS) for w in written]
        lines.append("    sources: [notes]")
    return "\n".join(lines) + "\n"


@settings(max_examples=examples(0.25))
@given(person=_person(), crlf=st.booleans())
def test_only_the_renamed_ids_change(
    tmp_path_factory: pytest.TempPathFactory, person: str, crlf: bool
) -> None:
    """Property: in every file but the moved one, putting the old id back where the new
    one stands gives the file as it was, byte for byte."""
    root = tmp_path_factory.mktemp("prop") / "content"
    newline = "\r\n" if crlf else "\n"
    files = {
        "people/bea.yaml": person,
        "people/bob.yaml": "name: Bob\n",
        "organizations/acme.yaml": "name: Acme\n",
        "sources.yaml": "notes:\n  title: Notes\n  publisher: acme\n",
    }
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_bytes(text.replace("\n", newline).encode())
    before = _tree(root)
    code, out, err = _run("--content", str(root), "acme", "acme-works")
    assert code == 0, out + err
    after = _tree(root)
    for rel in ("people/bea.yaml", "people/bob.yaml", "sources.yaml"):
        assert after[rel].replace(b"acme-works", b"acme") == before[rel]
    assert b"`[[acme]]`" in after["people/bea.yaml"]  # code stays as written
    check_content(root)  # a reference left to 'acme' would be a former-id error
