#!/usr/bin/env python3
"""The join graph (measure/joins.py) at national scale: 100,000 datasets' keys, as the data check
would cache them, made into the graph, then every dataset's page list (its first 20 joins), its
total and its digest for the output caches.

    python benchmarks/joingraph.py [--datasets 100000] [--parties 10000] [--seed 1]

The keys follow what the shipped catalogue and the corpus show: most keyed tables cover all 32
states or one state; municipal tables cover one state's municipalities or the whole country;
a few hold schools (CCT) of one state. Prints JSON and stores it in
benchmarks/out/results/joingraph.json for the README.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
if not any(
    Path(p, "catalogo").is_dir() for p in sys.path if p
):  # the snapshot benchmarks/run measures, or this checkout
    sys.path.insert(0, str(HERE.parent / "scripts"))

from catalogo.core.vocab import vocabularies  # noqa: E402
from catalogo.measure.joins import API_LIMIT, build_graph  # noqa: E402

TARGET_SECONDS = 30.0


def synthetic_keys(datasets: int, parties: int, seed: int) -> tuple[dict[str, dict], dict[str, str]]:
    rng = random.Random(seed)
    vocab = vocabularies()
    states = sorted(vocab.states)
    towns: dict[str, list[str]] = {}
    for code, (state, _) in vocab.municipalities.items():
        towns.setdefault(state, []).append(code)
    found: dict[str, dict] = {}
    party_of: dict[str, str] = {}
    for n in range(datasets):
        key = f"sujeto-{n % parties:05d}/conjunto-{n:06d}"
        party_of[key] = key.split("/")[0]
        state = states[(n % parties) % 32]
        roll = rng.random()
        items = []
        if roll < 0.25:  # a national table by state
            items.append(_key("state", "code", states))
        elif roll < 0.40:  # a state's own table
            items.append(_key("state", "name", [state]))
        elif roll < 0.50:  # a state's municipalities, all or some
            chosen = towns[state] if rng.random() < 0.7 else rng.sample(towns[state], max(1, len(towns[state]) // 3))
            items.append(_key("municipality", "code", sorted(chosen)))
        elif roll < 0.53:  # national municipal tables
            items.append(_key("municipality", "pair", sorted(vocab.municipalities)))
            items.append(_key("state", "code", states))
        elif roll < 0.55:  # schools of a state
            items.append(_key("cct", "code", sorted(f"{state}DPR{rng.randrange(10_000):04d}X" for _ in range(200))))
        if items:
            found[key] = {"keys": items, "views": []}
    return found, party_of


def _key(kind: str, form: str, values: list[str]) -> dict:
    return {
        "resource": "datos",
        "path": "datos.csv",
        "kind": kind,
        "form": form,
        "fields": ["clave"],
        "values": values,
        "count": len(values),
    }


def measure_graph(datasets: int, parties: int, seed: int = 1) -> dict:
    """Build the graph of `datasets` synthetic keyed datasets and ask it what a build asks."""
    found, party_of = synthetic_keys(datasets, parties, seed)
    start, cpu = time.perf_counter(), time.process_time()
    graph = build_graph(found, party_of)
    built, built_cpu = time.perf_counter() - start, time.process_time() - cpu
    shown = totals = across = 0
    for key in found:  # what pages, API records, exports and indicators ask of it
        shown += sum(1 for _ in graph.joins(key, API_LIMIT))
        totals += graph.count(key)
        across += graph.joinable_across(key, party_of[key])
        graph.digest(key, lambda other: other)
    wall, cpu_total = time.perf_counter() - start, time.process_time() - cpu
    listed = wall - built
    return {
        "datasets": datasets,
        "keyed": len(found),
        "groups": len(graph._members),
        "build_seconds": round(built, 2),
        "build_cpu_seconds": round(built_cpu, 2),
        "lists_counts_and_digests_seconds": round(listed, 2),
        "seconds": round(wall, 2),
        "cpu_seconds": round(cpu_total, 2),
        "max_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "joins_listed": shown,
        "joins_total": totals,
        "joinable_across": across,
        "target_seconds": TARGET_SECONDS,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--datasets", type=int, default=100_000)
    parser.add_argument("--parties", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--work", type=Path, default=HERE / "out")
    args = parser.parse_args(argv)
    result = measure_graph(args.datasets, args.parties, args.seed)
    print(json.dumps(result, indent=1))
    target = args.work / "results" / "joingraph.json"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
