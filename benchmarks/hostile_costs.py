"""Cost suite: each hostile input grown x1, x10, x100; time and peak RSS must grow at most
linearly (a ratio of about 10 per step, never 100).

Each measurement runs in its own process (peak RSS of that process, median of 3 runs,
a timeout for the quadratic code of older versions). Not a test: machines are shared
and noisy; README quotes the figures of one run.

    .venv/bin/python benchmarks/hostile_costs.py            # this checkout
    .venv/bin/python benchmarks/hostile_costs.py --code DIR # another checkout's generator/
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import statistics
import subprocess
import sys
import textwrap
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

#: name -> (what, base size, Python snippet timing the hostile input of size `n`).
CASES: dict[str, tuple[str, int, str]] = {
    "mention-fences": (
        "lines opening a code fence that never closes, in mention detection",
        200,
        """
        from generator.mentions import find_mentions
        text = "```x\\n" * n
        run(lambda: find_mentions(text))
        """,
    ),
    "markdown-probe": (
        "blank lines of spaces, in the Markdown-syntax probe",
        2000,
        """
        from generator import markup
        text = " \\n" * n + "x"
        run(lambda: markup._needs_markdown(text))
        """,
    ),
    "heading-spaces": (
        "a page heading with trailing spaces before a last word",
        2000,
        """
        text = "# a" + " " * n + "b"
        try:
            from generator.page_headings import split_page
            run(lambda: split_page(text))
        except ImportError:  # before the fix: the renderer's heading pattern
            from generator.render import _HEADING_LINE
            run(lambda: _HEADING_LINE.match(text))
        """,
    ),
    "markdown-brackets": (
        "unclosed [ in one description, through the Markdown renderer",
        200,
        """
        from generator.markup import MarkdownRenderer
        r, text = MarkdownRenderer(), "[" * n
        run(lambda: r.render(text, lambda i, label: i))
        """,
    ),
    "markdown-link-targets": (
        "[a]( never closed, in one description, through the Markdown renderer",
        40,
        """
        from generator.markup import MarkdownRenderer
        r, text = MarkdownRenderer(), "[a](" * n
        run(lambda: r.render(text, lambda i, label: i))
        """,
    ),
    "nested-inline-html": (
        "<q>x nested, in one description, through the Markdown renderer",
        50,
        """
        from generator.markup import MarkdownRenderer
        r, text = MarkdownRenderer(), "<q>x" * n
        run(lambda: r.render(text, lambda i, label: i))
        """,
    ),
    "check-brackets": (
        "[ and [x]( in the descriptions of one file's events, through timeline check",
        20,
        """
        import tempfile
        from pathlib import Path
        try:
            from generator.check import check_content
        except ImportError:
            from generator.rules import check_content
        root = Path(tempfile.mkdtemp())
        (root / "people").mkdir()
        events = "".join(
            f"  - date: 2020-01-{1 + i % 28:02}\\n    id: e{i}\\n    title: Event {i}\\n"
            "    description: '" + "[x](" * 50 + "[" * 150 + "'\\n"
            "    sources:\\n      - title: S\\n        url: https://example.org/s\\n"
            for i in range(n)
        )
        (root / "people" / "ada.yaml").write_text("name: Ada\\nevents:\\n" + events)
        def go():
            try:
                check_content(root)
            except Exception as exc:  # a located error is an outcome too
                if type(exc).__name__ != "ContentError":
                    raise
        run(go)
        """,
    ),
    "same-day-events": (
        "events on one day with the same people and similar titles (duplicate check)",
        20,
        """
        import tempfile
        from pathlib import Path
        try:
            from generator.check import check_content
        except ImportError:
            from generator.rules import check_content
        root = Path(tempfile.mkdtemp())
        (root / "people").mkdir()
        events = "".join(
            f"  - date: 2020-01-01\\n    id: e{i}\\n    title: The same event number {i}\\n"
            "    sources:\\n      - title: S\\n        url: https://example.org/s\\n"
            for i in range(n)
        )
        (root / "people" / "ada.yaml").write_text("name: Ada\\nevents:\\n" + events)
        run(lambda: check_content(root))
        """,
    ),
}

RUNNER = """
import json, resource, sys, time
n = int(sys.argv[1])
def run(f):
    t = time.perf_counter()
    f()
    took = time.perf_counter() - t
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    print(json.dumps({"seconds": took, "rss": rss}))
"""


def measure(code: Path, snippet: str, n: int, timeout: float) -> dict[str, float] | None:
    program = RUNNER + textwrap.dedent(snippet)
    env = {**os.environ, "PYTHONPATH": str(code), "NO_MKDOCS_2_WARNING": "1"}
    runs = []
    for _ in range(3):
        try:
            out = subprocess.run(
                [sys.executable, "-c", program, str(n)],
                env=env,
                cwd=code,  # `-c` puts the working folder first on sys.path: the code's own
                capture_output=True,
                text=True,
                timeout=timeout,
                check=True,
            ).stdout
        except subprocess.TimeoutExpired:
            return None
        runs.append(json.loads(out.splitlines()[-1]))
        if runs[-1]["seconds"] > timeout / 3:
            break
    return {
        "seconds": statistics.median(r["seconds"] for r in runs),
        "rss": max(r["rss"] for r in runs),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--code", type=Path, default=REPO, help="folder holding generator/")
    parser.add_argument("--timeout", type=float, default=60.0)
    parser.add_argument("--case", action="append", choices=sorted(CASES), help="only these")
    args = parser.parse_args()
    print("| input | x1 | x10 | x100 | time ratio x10, x100 |")
    print("|---|---|---|---|---|")
    for name, (what, base, snippet) in CASES.items():
        if args.case and name not in args.case:
            continue
        cells, times = [], []
        for factor in (1, 10, 100):
            m = measure(args.code, snippet, base * factor, args.timeout)
            if m is None:
                cells.append(f"> {args.timeout:.0f} s")
                times.append(None)
                break
            cells.append(f"{m['seconds']:.3f} s, {m['rss'] / 2**20:.0f} MiB")
            times.append(m["seconds"])
        cells += ["not run"] * (3 - len(cells))
        ratios = [f"{b / a:.0f}" if a and b else "-" for a, b in itertools.pairwise(times)]
        print(f"| {name} (n={base}: {what}) | " + " | ".join(cells) + f" | {', '.join(ratios)} |")


if __name__ == "__main__":
    main()
