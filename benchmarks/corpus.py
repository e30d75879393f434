"""Deterministic synthetic content for benchmarks: N entities, K events each, cross-linked.

    python benchmarks/corpus.py OUT_DIR --entities 1000 --events 50 --seed 1

Seventy percent people, thirty percent organizations; people hold 1-4 roles; events name
1-3 other entities in `with`, cite shared and inline sources, and some dates are
uncertain, approximate or month/year precision. The same arguments give the same files.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
from pathlib import Path

WORDS = [
    "research",
    "lab",
    "launch",
    "model",
    "paper",
    "board",
    "chief",
    "robot",
    "vision",
    "language",
    "team",
    "award",
    "grant",
    "interview",
    "podcast",
    "lecture",
    "course",
    "startup",
    "funding",
    "merger",
    "hire",
    "leave",
    "return",
    "founding",
    "keynote",
    "dataset",
    "benchmark",
    "release",
    "policy",
    "safety",
    "review",
    "hearing",
    "report",
]


def _q(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def _date(rng: random.Random) -> str:
    year = rng.randint(1990, 2024)
    roll = rng.random()
    if roll < 0.15:
        text = f"{year}"
    elif roll < 0.35:
        text = f"{year}-{rng.randint(1, 12):02d}"
    else:
        text = f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    qual = rng.random()
    return text + ("?" if qual < 0.05 else "~" if qual < 0.08 else "")


def generate_corpus(
    out: Path, entities: int, events: int, seed: int = 1, pages: tuple[str, ...] = ()
) -> Path:
    """Write a content folder under `out` (replaced if present); return it."""
    rng = random.Random(seed)
    if out.exists():
        shutil.rmtree(out)
    people_n = max(1, int(entities * 0.7))
    people = [f"person-{i:05d}" for i in range(people_n)]
    orgs = [f"org-{i:05d}" for i in range(max(1, entities - people_n))]
    everyone = people + orgs
    (out / "people").mkdir(parents=True)
    (out / "organizations").mkdir()
    (out / "pages").mkdir()
    n_sources = max(10, entities // 2)
    lines = []
    for i in range(n_sources):
        lines += [
            f"source-{i:05d}:",
            f"  title: {_q('Report number ' + str(i))}",
            f"  publisher: {rng.choice(orgs)}",
            f"  url: https://example.org/s/{i}",
            f"  date: {_date(rng)}",
            "  kind: article",
        ]
    (out / "sources.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    for eid in everyone:
        person = eid.startswith("person")
        out_lines = [
            f"name: {_q(eid.replace('-', ' ').title())}",
            f"summary: {_q('A synthetic ' + ('person' if person else 'organization'))}",
            f"aliases: [{_q(eid.upper())}]",
            "description: "
            + _q(f"Works with [[{rng.choice(everyone)}]] on {' '.join(rng.sample(WORDS, 6))}."),
        ]
        if person:
            out_lines.append("roles:")
            for _ in range(rng.randint(1, 4)):
                start = rng.randint(1990, 2020)
                out_lines += [
                    f"  - organization: {rng.choice(orgs)}",
                    "    title: Researcher",
                    f"    start: {start}",
                ]
                if rng.random() < 0.8:
                    out_lines.append(f"    end: {start + rng.randint(0, 6)}")
                out_lines.append(f"    sources: [source-{rng.randrange(n_sources):05d}]")
        out_lines.append("events:")
        for k in range(events):
            others = [o for o in rng.sample(everyone, rng.randint(1, 3)) if o != eid]
            title = " ".join(rng.sample(WORDS, 5)).capitalize()
            out_lines += [f"  - id: e{k}", f"    date: {_date(rng)}", f"    title: {_q(title)}"]
            if rng.random() < 0.5:
                out_lines.append(
                    f"    description: {_q(' '.join(rng.sample(WORDS, 12)).capitalize() + '.')}"
                )
            elif rng.random() < 0.3:
                out_lines.append(
                    "    description: " + _q(f"With *emphasis* and [[{rng.choice(everyone)}]].")
                )
            out_lines.append(f"    with: [{', '.join(others)}]")
            out_lines.append(f"    tags: [{rng.choice(WORDS)}]")
            out_lines.append("    sources:")
            out_lines.append(f"      - source-{rng.randrange(n_sources):05d}")
            if rng.random() < 0.3:
                out_lines += [
                    f"      - title: {_q('Inline note ' + str(k))}",
                    f"        url: https://example.org/{eid}/{k}",
                ]
        folder = "people" if person else "organizations"
        (out / folder / f"{eid}.yaml").write_text("\n".join(out_lines) + "\n", encoding="utf-8")
    for stem in ("about", "contributing", *pages):
        (out / "pages" / f"{stem}.md").write_text(f"# {stem.title()}\n\nA synthetic page.\n")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--entities", type=int, default=1000)
    parser.add_argument("--events", type=int, default=50)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    generate_corpus(args.out, args.entities, args.events, args.seed)


if __name__ == "__main__":
    main()
