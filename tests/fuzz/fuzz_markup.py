"""Atheris fuzz target: contributor Markdown through the sanitizing renderer, and plain
text through the heading escaper, checking the output's safety properties.

A finding is any exception, or HTML holding a script, an event-handler attribute, a
URL attribute with a scheme other than http, https or mailto (after entity decoding,
ignoring the control characters and spaces browsers drop), a mention's mark left in
the HTML or a mention link other than as many as the reading placed, a link check
passes that lost its href, or a heading that does not show exactly the plain text put in.

    mkdir -p .fuzz/markup
    python tests/fuzz/fuzz_markup.py .fuzz/markup tests/attacks -max_len=8192 \
        -max_total_time=180 -artifact_prefix=.fuzz/

See README.
"""

from __future__ import annotations

import html
import re
import sys

import atheris

with atheris.instrument_imports(include=["generator", "markdown"]):
    import markdown

    from generator.markdown_check import MarkdownChecker
    from generator.markup import MarkdownRenderer, md_text

import html5lib

RENDERER = MarkdownRenderer()
CHECKER = MarkdownChecker()
HEADING = markdown.Markdown(extensions=["toc", "tables", "admonition"])
URL_ATTRS = {"href", "src", "action", "formaction", "data", "poster", "srcset", "cite"}
IGNORED = re.compile("[\x00-\x20\x7f-\x9f]")
SCHEME = re.compile(r"([a-z][a-z0-9+.\-]*):")
#: What plain-text fields refuse (field_types.py and load.py); the rest must show as written.
PLAIN_FORBIDDEN = re.compile(
    "[<>\x00-\x1f\x7f-\x9f\u2028\u2029\u200b-\u200f\u202a-\u202e\u2066-\u2069]"
)


def mention(entity_id: str, label: str | None) -> str:
    return f'<a class="tl-mention" href="../people/x/">{html.escape(label or entity_id)}</a>'


def problems(out: str) -> list[str]:
    found = []
    if re.search(r"<\s*script", out, re.I):
        found.append("<script")
    for el in html5lib.parseFragment(out, namespaceHTMLElements=False).iter():
        if not isinstance(el.tag, str):
            continue
        if el.tag.rpartition("}")[2].lower() in ("script", "iframe", "object", "embed", "base"):
            found.append(f"<{el.tag}>")
        for name, value in el.attrib.items():
            attr = name.rpartition("}")[2].lower()
            if attr.startswith("on"):
                found.append(f"{attr}={value!r}")
            if attr in URL_ATTRS:
                for candidate in (value, html.unescape(value)):
                    m = SCHEME.match(IGNORED.sub("", candidate).lower())
                    if m and m[1] not in ("http", "https", "mailto"):
                        found.append(f"{attr}={value!r}")
    return found


def mentions(text: str, out: str) -> None:
    """Marks never survive; mention links are exactly the placed mentions, all in text;
    when check finds nothing, no link of the output lost its href."""
    if "\ue001" in out or "\ue002" in out:
        raise AssertionError(f"a mark survived in {out!r} from {text!r}")
    reading = RENDERER.read(text)
    tree = html5lib.parseFragment(out, namespaceHTMLElements=False)
    links = [el for el in tree.iter("a") if el.get("class") == "tl-mention"]
    placed = len(reading.mentions) - len(reading.misplaced)
    if len(links) < placed:  # (contributor HTML may spell the class too)
        raise AssertionError(f"{placed} mentions placed, {len(links)} links: {out!r}")
    for el in tree.iter():
        tagged = isinstance(el.tag, str) and any("tl-mention" in v for v in el.attrib.values())
        if tagged and (el.tag != "a" or el.get("class") != "tl-mention"):
            raise AssertionError(f"a mention inside an attribute: {out!r} from {text!r}")
    if not list(CHECKER.problems(text)):
        targets = RENDERER.read(text, links=True).link_targets
        kept = [el for el in tree.iter("a") if el.get("href") and el.get("class") != "tl-mention"]
        if len(kept) < len(targets):
            raise AssertionError(f"check passes, but a link lost its href: {out!r} from {text!r}")


def test_one_input(data: bytes) -> None:
    fdp = atheris.FuzzedDataProvider(data)
    text = fdp.ConsumeUnicodeNoSurrogates(len(data))
    out = str(RENDERER.render(text, mention))
    bad = problems(out)
    if bad:
        raise AssertionError(f"unsafe HTML {bad} from {text!r}: {out!r}")
    mentions(text, out)
    line = text.strip()
    if line and not PLAIN_FORBIDDEN.search(line):
        HEADING.reset()
        heading = HEADING.convert("# " + md_text(line))
        h1 = html5lib.parseFragment(heading, namespaceHTMLElements=False).find("h1")
        shown = "".join(h1.itertext()) if h1 is not None else None
        if shown != line:
            raise AssertionError(f"heading shows {shown!r} for {line!r}: {heading!r}")


def main() -> None:
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
