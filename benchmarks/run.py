"""Benchmark the pipeline on synthetic corpora: a table on the terminal, JSON for comparison.

    python benchmarks/run.py                      # 100, 1,000 and 10,000 entities
    python benchmarks/run.py --sizes 1000 --repeat 3 --mkdocs-max 1000

Each size runs in a fresh subprocess (so peak memory is that size's alone) and reports,
in seconds: the parse floor (PyYAML's C loader alone on the same files), load+validate,
model, render, write, generator total (check + generate), MkDocs, total, ms per page,
peak memory (RSS summed over the process tree: the build forks a second process), the
load average at the start and end of the size (compare ratios from one run on a shared
machine), and the incremental case (one entity file edited: pages rewritten and the
time until their HTML is updated). Medians over --repeat runs. Results are written to
benchmarks/out/<label>.json.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO))


def _median(xs: list[float]) -> float:
    return statistics.median(xs) if xs else float("nan")


def _tree_rss_kib(pid: int) -> int:
    """Resident memory of `pid` and every process below it, summed (from /proc)."""
    total, stack = 0, [pid]
    while stack:
        p = stack.pop()
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
                    break
            for task in Path(f"/proc/{p}/task").iterdir():
                stack += [int(c) for c in (task / "children").read_text().split()]
        except (OSError, ValueError):
            continue  # the process ended while we looked
    return total


class TreePeak:
    """Samples the summed RSS of this process and its descendants every 50 ms: peak
    memory of the whole tree (worker processes included), not one process's."""

    def __init__(self) -> None:
        import threading

        self.peak_kib = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        pid = os.getpid()
        while not self._stop.wait(0.05):
            self.peak_kib = max(self.peak_kib, _tree_rss_kib(pid))

    def stop(self) -> float:
        """Stop sampling; the peak in MiB (at least this process's own ru_maxrss)."""
        self._stop.set()
        self._thread.join()
        own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        return round(max(self.peak_kib, own) / 1024, 1)


def measure_one(entities: int, events: int, repeat: int, with_mkdocs: bool) -> dict[str, object]:
    """Run in the child process: build a corpus and time each stage."""
    import gc

    from benchmarks.corpus import generate_corpus
    from generator.build import generate, release_generation, run_mkdocs
    from generator.project import find_project

    tree_peak = TreePeak()
    load_at_start = os.getloadavg()[0]  # the machine may be shared: say how busy it was
    work = Path(tempfile.mkdtemp(prefix=f"tl-bench-{entities}-"))
    try:
        shutil.copy(REPO / "mkdocs.yml", work / "mkdocs.yml")
        shutil.copytree(REPO / "site_templates", work / "site_templates")
        # The hand-written pages that mkdocs.yml's nav names (About, Contributing, ...).
        pages = tuple(p.stem for p in (REPO / "content" / "pages").glob("*.md"))
        generate_corpus(work / "content", entities, events, seed=1, pages=pages)
        project = find_project(work)
        files = sorted((work / "content").rglob("*.yaml"))
        size_mb = sum(f.stat().st_size for f in files) / 1e6
        times: dict[str, list[float]] = {
            k: [] for k in ("parse_floor", "check", "model", "render_write", "generator", "mkdocs")
        }
        for _ in range(repeat):
            times["parse_floor"].append(_parse_floor(files))
            shutil.rmtree(project.docs_dir, ignore_errors=True)
            gc.collect()
            t0 = time.perf_counter()
            report = generate(project)  # exactly what `timeline build` runs before MkDocs
            release_generation(report)  # as `timeline build` does, and counted with it
            times["generator"].append(time.perf_counter() - t0)
            for stage, seconds in report.timings.items():
                times[stage.replace("+", "_")].append(seconds)
        pages = sum(1 for _ in project.docs_dir.rglob("*.md"))
        floor = None
        if with_mkdocs:
            # Interleaved: the real MkDocs step, then the trivial-page floor, `repeat` times.
            floors: list[float] = []
            for _ in range(repeat):
                site = work / "site-bench"
                gc.collect()
                t0 = time.perf_counter()
                run_mkdocs(project, site)
                times["mkdocs"].append(time.perf_counter() - t0)
                shutil.rmtree(site, ignore_errors=True)
                floors.append(measure_floor(project, pages))
            floor = _median(floors)
        peak_build = tree_peak.stop()  # full builds only; serve's state comes after
        incremental = measure_incremental(project, with_mkdocs)
        med = {k: _median(v) for k, v in times.items()}
        total = med["generator"] + (med["mkdocs"] if with_mkdocs else 0.0)
        return {
            "entities": entities,
            "events": entities * events,
            "yaml_mb": round(size_mb, 1),
            "pages": pages,
            **{k: round(v, 3) for k, v in med.items()},
            "total": round(total, 3),
            "ms_per_page": round(1000 * total / pages, 2) if with_mkdocs else None,
            "generator_vs_floor": round(med["generator"] / med["parse_floor"], 2),
            "check_vs_floor": round(med["check"] / med["parse_floor"], 2),
            "mkdocs_floor": round(floor, 3) if floor else None,
            "mkdocs_vs_floor": round(med["mkdocs"] / floor, 2) if floor else None,
            # Summed over this process and any workers it starts, sampled every 50 ms.
            "peak_mib": peak_build,
            "incremental": incremental,
            "load": f"{load_at_start:.1f}-{os.getloadavg()[0]:.1f}",
        }
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _parse_floor(files: list[Path]) -> float:
    """Seconds for PyYAML's C loader alone on `files`, timed in a forked child: the
    parsed trees would otherwise stay in this process's heap, which the build's own
    processes fork from and the tree's peak would count."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("fork")) as pool:
        return pool.submit(_time_parse, files).result()


def _time_parse(files: list[Path]) -> float:
    import gc

    import yaml

    from generator.build import gc_paused

    gc.collect()
    # The collector paused, as `check` and `build` pause it: a fair floor.
    with gc_paused():
        t0 = time.perf_counter()
        for f in files:
            yaml.load(f.read_bytes(), Loader=yaml.CSafeLoader)
        return time.perf_counter() - t0


def measure_floor(project, pages: int) -> float:  # type: ignore[no-untyped-def]
    """MkDocs + Material with the same mkdocs.yml on as many one-paragraph pages."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    docs = project.root / "floor-docs"
    shutil.rmtree(docs, ignore_errors=True)
    nav_pages = ["index.md", "about.md", "exports.md", "contributing.md"]
    nav_pages += [f"{f}/index.md" for f in ("people", "organizations", "timeline", "tags")]
    nav_pages += ["sources/index.md", "corrections/index.md"]
    names = nav_pages + [f"p/{i}.md" for i in range(max(0, pages - len(nav_pages)))]
    for name in names:
        path = docs / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"# Page {name}\n\nOne paragraph of text for the page.\n")
    site = project.root / "floor-site"
    config = load_config(str(project.config_file), docs_dir=str(docs), site_dir=str(site))
    t0 = time.perf_counter()
    build(config)
    seconds = time.perf_counter() - t0
    shutil.rmtree(site, ignore_errors=True)
    return seconds


def measure_incremental(project, with_mkdocs: bool) -> dict[str, object]:  # type: ignore[no-untyped-def]
    """Edit one event title in one entity file, as `timeline serve` sees it.

    Times the regeneration alone and, with MkDocs, the whole step from the edit to the
    updated HTML (serve's builder: incremental generate, dirty MkDocs build, search
    index merge); counts the Markdown pages rewritten and the HTML pages rebuilt.
    """
    import os

    from generator.build import State, generate
    from generator.serve import Builder

    target = sorted((project.content / "people").glob("*.yaml"))[0]
    old = time.time() - 10  # files older than serve's 2 s "racily clean" window
    for f in project.content.rglob("*.yaml"):
        os.utime(f, (old, old))
    site = project.root / "site-serve"
    builder = Builder(project, site, "http://127.0.0.1:8000/") if with_mkdocs else None
    state = builder.state if builder else State()
    if builder:
        builder()
    else:
        generate(project, state=state)
    before = {p: p.stat().st_mtime_ns for p in site.rglob("*.html")} if builder else {}
    text = target.read_text(encoding="utf-8")
    target.write_text(text.replace("title: ", "title: Edited ", 1), encoding="utf-8")
    t0 = time.perf_counter()
    if builder:
        builder()
    else:
        report = generate(project, state=state)
    seconds = time.perf_counter() - t0
    result: dict[str, object] = {"edited": target.name, "to_html_s": round(seconds, 3)}
    if builder:
        after = {p: p.stat().st_mtime_ns for p in site.rglob("*.html")}
        result["html_rebuilt"] = sum(after[p] != before.get(p) for p in after)
    else:
        result["pages_rewritten"] = len(report.write.written) if report.write else 0
    # The regeneration alone, for the same kind of edit.
    target.write_text(text.replace("title: ", "title: Edited twice ", 1), encoding="utf-8")
    t0 = time.perf_counter()
    report = generate(project, state=state)
    result["generate_s"] = round(time.perf_counter() - t0, 3)
    result["pages_rewritten"] = len(report.write.written) if report.write else 0
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 10000])
    parser.add_argument("--events", type=int, default=50, help="events per entity")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--mkdocs-max",
        type=int,
        default=100000,
        help="run MkDocs only up to this many entities",
    )
    parser.add_argument("--label", default=None, help="name of the JSON file in benchmarks/out/")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        result = measure_one(args.one, args.events, args.repeat, args.one <= args.mkdocs_max)
        print(json.dumps(result))
        return
    rows = []
    for n in args.sizes:
        cmd = [
            sys.executable,
            str(HERE / "run.py"),
            "--one",
            str(n),
            "--events",
            str(args.events),
            "--repeat",
            str(args.repeat),
            "--mkdocs-max",
            str(args.mkdocs_max),
        ]
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
        proc = subprocess.run(cmd, capture_output=True, text=True, env=env, check=False)
        if proc.returncode:
            sys.exit(f"size {n} failed:\n{proc.stderr[-3000:]}")
        rows.append(json.loads(proc.stdout.strip().splitlines()[-1]))
        print_table(rows[-1:], header=len(rows) == 1)
    if len(rows) > 1:
        by = {r["entities"]: r for r in rows}
        if 1000 in by and 10000 in by:
            print(
                "linearity: generator 10k / 1k = "
                f"{by[10000]['generator'] / by[1000]['generator']:.1f}x"
            )
    label = args.label or time.strftime("%Y%m%d-%H%M%S")
    (HERE / "out").mkdir(exist_ok=True)
    (HERE / "out" / f"{label}.json").write_text(json.dumps(rows, indent=2) + "\n")


COLUMNS = [
    ("entities", 8),
    ("events", 8),
    ("pages", 6),
    ("parse_floor", 11),
    ("check", 6),
    ("model", 6),
    ("render_write", 12),
    ("generator", 9),
    ("generator_vs_floor", 9),
    ("check_vs_floor", 9),
    ("mkdocs", 7),
    ("mkdocs_floor", 7),
    ("mkdocs_vs_floor", 8),
    ("total", 7),
    ("ms_per_page", 8),
    ("peak_mib", 8),
    ("load", 9),
]


def print_table(rows: list[dict[str, object]], header: bool = True) -> None:
    names = {
        "generator_vs_floor": "gen/floor",
        "check_vs_floor": "chk/floor",
        "mkdocs_floor": "md-floor",
        "mkdocs_vs_floor": "md/floor",
        "ms_per_page": "ms/page",
        "render_write": "render+write",
        "parse_floor": "parse floor",
        "peak_mib": "peak MiB",
    }
    if header:
        print(" ".join(names.get(c, c).rjust(w) for c, w in COLUMNS) + "  incremental")
    for r in rows:
        inc = r["incremental"]
        cells = []
        for c, w in COLUMNS:
            v = r.get(c)
            cells.append(("-" if v is None or (v == 0 and c == "mkdocs") else f"{v}").rjust(w))
        html = (
            f", {inc['html_rebuilt']} HTML in {inc['to_html_s']}s" if "html_rebuilt" in inc else ""
        )
        print(" ".join(cells) + f"  {inc['pages_rewritten']} md in {inc['generate_s']}s{html}")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
