#!/usr/bin/env python3
"""Generate a synthetic catalogue repository with a dated git history.

    python benchmarks/generate.py --datasets 10000 --parties 1000 --out /tmp/cat-10k

The history spans about three years: each party's changes of one day are one commit (as a merged
pull request would be), datasets are created and later updated as their frequency asks, and
inventories, opening plans, stories and tools arrive along the way. Commits are streamed to
`git fast-import`, so 100,000 datasets take minutes, not hours. Same seed, same repository.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import shutil
import subprocess
import sys
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

sys.path.insert(0, str(Path(__file__).resolve().parent))

import records  # noqa: E402
import synthetic as syn  # noqa: E402

from catalogo.core.vocab import vocabularies  # noqa: E402

START = dt.date(2023, 12, 1)
END = dt.date(2026, 11, 20)
SPAN = (END - START).days
MAX_UPDATES = 6
TZ = dt.timezone(dt.timedelta(hours=-6))
GITIGNORE = ".cache/\nsite/\n"
CONFIG = 'reviewers:\n  - "@datosgobmx/revisores"\n'


@dataclass(frozen=True)
class Event:
    day: dt.date
    group: str  # events of one group and day become one commit
    kind: str  # party | dataset | update | inventory | story | tool
    ref: int  # index into the matching list
    version: int = 0


@dataclass
class Plan:
    parties: list[syn.PartySpec]
    datasets: list[syn.DatasetSpec]
    events: list[Event]
    inventories: dict[int, list[int]]  # party index -> datasets published by its inventory day
    with_plan: set[int]
    stories: list[tuple[str, list[int]]]
    tools: list[tuple[str, list[int]]]
    tables: dict[int, str] = field(default_factory=dict)  # tables of datasets still to be updated


def plan_catalogue(datasets: int, parties: int, seed: int) -> Plan:
    """Every record and every dated event of the catalogue's history, without any file content."""
    party_specs = syn.make_parties(parties, seed)
    dataset_specs = syn.make_datasets(party_specs, datasets, seed)
    rng = random.Random(f"timeline-{seed}")
    events: list[Event] = []
    index_of = {p.id: i for i, p in enumerate(party_specs)}
    first_day: dict[int, dt.date] = {}
    created: list[dt.date] = []
    for i, spec in enumerate(dataset_specs):
        day = START + dt.timedelta(days=int(SPAN * rng.random() ** 0.6))  # more datasets lately
        created.append(day)
        party = index_of[spec.party]
        first_day[party] = min(first_day.get(party, day), day)
        updates = _update_days(rng, day, spec.frequency)
        spec.versions = _versions(spec.rows, len(updates))
        events.append(Event(day, spec.party, "dataset", i))
        events.extend(Event(d, spec.party, "update", i, v + 1) for v, d in enumerate(updates))
    for p, party in enumerate(party_specs):
        day = first_day.get(p, START + dt.timedelta(days=rng.randrange(SPAN)))
        events.append(Event(max(START, day - dt.timedelta(days=rng.randrange(30))), party.id, "party", p))
    inventories, with_plan = _inventories(rng, party_specs, dataset_specs, created, index_of, events)
    stories = _uses(rng, "historia", max(3, datasets // 400), dataset_specs, created, "story", events)
    tools = _uses(rng, "herramienta", max(2, datasets // 1000), dataset_specs, created, "tool", events)
    order = {"party": 0, "dataset": 1, "update": 2, "inventory": 3, "story": 4, "tool": 5}
    events.sort(key=lambda e: (e.day, e.group, order[e.kind], e.ref))
    return Plan(party_specs, dataset_specs, events, inventories, with_plan, stories, tools)


def _update_days(rng: random.Random, created: dt.date, frequency: str) -> list[dt.date]:
    terms = vocabularies().terms["frequencies"]
    if frequency == "sin-actualizacion":
        return []
    period = terms[frequency].get("days") or rng.randrange(60, 400)
    period = max(period, 7)
    stop = END if rng.random() < 0.75 else created + dt.timedelta(days=rng.randrange(0, SPAN))
    days, day = [], created
    while True:
        day += dt.timedelta(days=max(1, int(period * rng.uniform(0.8, 1.1))))
        if day > min(stop, END):
            break
        days.append(day)
    return days[-MAX_UPDATES:]


def _versions(rows: int, updates: int) -> list[int]:
    step = min(10, (rows - 10) // max(updates, 1))
    return [rows - (updates - j) * step for j in range(updates + 1)]


def _inventories(rng, parties, datasets, created, index_of, events):
    by_party: dict[int, list[int]] = defaultdict(list)
    for i, spec in enumerate(datasets):
        by_party[index_of[spec.party]].append(i)
    inventories: dict[int, list[int]] = {}
    with_plan: set[int] = set()
    for p in sorted(by_party):
        if rng.random() < 0.2:
            day = END - dt.timedelta(days=rng.randrange(200))
            inventories[p] = [i for i in by_party[p] if created[i] <= day]
            events.append(Event(day, parties[p].id, "inventory", p))
            if rng.random() < 0.6:
                with_plan.add(p)
    return inventories, with_plan


def _uses(rng, prefix, count, datasets, created, kind, events):
    uses = []
    for n in range(count):
        day = START + dt.timedelta(days=rng.randrange(SPAN // 3, SPAN))
        candidates = [rng.randrange(len(datasets)) for _ in range(20)]
        chosen = sorted({i for i in candidates if created[i] <= day}, key=candidates.index)[: rng.randrange(1, 5)]
        if not chosen:
            continue
        uses.append((f"{prefix}-{n + 1:05d}", chosen))
        events.append(Event(day, f"~{kind}-{n}", kind, len(uses) - 1))
    return uses


class FastImport:
    """Writes commits to a `git fast-import` process."""

    def __init__(self, repo: Path) -> None:
        self.process = subprocess.Popen(["git", "fast-import", "--quiet", "--done"], cwd=repo, stdin=subprocess.PIPE)
        self.out: BinaryIO = self.process.stdin  # type: ignore[assignment]

    def commit(self, when: dt.datetime, message: str, files: list[tuple[str, str]]) -> None:
        stamp = f"{int(when.timestamp())} -0600"
        self._line("commit refs/heads/main")
        self._line(f"committer Catálogo Nacional <catalogo@datos.gob.mx> {stamp}")
        self._data(message.encode())
        for path, text in files:
            self._line(f"M 100644 inline {path}")
            self._data(text.encode())

    def close(self) -> None:
        self._line("done")
        self.out.close()
        if self.process.wait() != 0:
            raise SystemExit("git fast-import failed")

    def _line(self, text: str) -> None:
        self.out.write(text.encode() + b"\n")

    def _data(self, payload: bytes) -> None:
        self.out.write(b"data %d\n" % len(payload) + payload + b"\n")


def write_history(plan: Plan, repo: Path, seed: int) -> int:
    """Stream the planned events as commits; returns the number of commits."""
    importer = FastImport(repo)
    importer.commit(
        dt.datetime.combine(START, dt.time(9), TZ),
        "Estructura del catálogo nacional",
        [(".gitignore", GITIGNORE), ("catalogo.yaml", CONFIG)],
    )
    party_of = {p.id: p for p in plan.parties}
    rng = random.Random(f"clock-{seed}")
    commits = 1
    batch: list[Event] = []
    for event in plan.events:
        if batch and (event.day, event.group) != (batch[0].day, batch[0].group):
            _commit_batch(importer, plan, party_of, batch, rng, seed)
            commits += 1
            batch = []
        batch.append(event)
    if batch:
        _commit_batch(importer, plan, party_of, batch, rng, seed)
        commits += 1
    importer.close()
    return commits


def _commit_batch(importer: FastImport, plan: Plan, party_of, batch: list[Event], rng, seed: int) -> None:
    files: list[tuple[str, str]] = []
    counts: dict[str, int] = defaultdict(int)
    for event in batch:
        files.extend(_files(plan, party_of, event, seed))
        counts[event.kind] += 1
    when = dt.datetime.combine(batch[0].day, dt.time(rng.randrange(8, 20), rng.randrange(60)), TZ)
    importer.commit(when, _message(batch[0].group, counts), files)


def _files(plan: Plan, party_of, event: Event, seed: int) -> list[tuple[str, str]]:
    if event.kind == "party":
        party = plan.parties[event.ref]
        return [(f"parties/{party.id}/party.yaml", syn.party_yaml(party))]
    if event.kind in ("dataset", "update"):
        return _dataset_files(plan, party_of, event)
    if event.kind == "inventory":
        party = plan.parties[event.ref]
        inventory = records.inventory_yaml(party, [plan.datasets[i] for i in plan.inventories[event.ref]], event.day)
        files = [(f"parties/{party.id}/inventory.yaml", inventory)]
        if event.ref in plan.with_plan:
            files.append((f"parties/{party.id}/opening-plan.yaml", records.plan_yaml(inventory, event.day)))
        return files
    uses = plan.stories if event.kind == "story" else plan.tools
    record_id, refs = uses[event.ref]
    make = records.story_yaml if event.kind == "story" else records.tool_yaml
    folder = "stories" if event.kind == "story" else "tools"
    return [
        (
            f"best-practices/{folder}/{record_id}.yaml",
            make(record_id, [plan.datasets[i] for i in refs], event.day, seed),
        )
    ]


def _dataset_files(plan: Plan, party_of, event: Event) -> list[tuple[str, str]]:
    """A new dataset writes its descriptor and first table; an update, a longer table. The final
    table is kept between a dataset's first and last version, so it is generated once."""
    spec = plan.datasets[event.ref]
    folder = f"datasets/{spec.party}/{spec.id}"
    files = []
    if event.kind == "dataset":
        descriptor, fields, rows = syn.dataset_content(spec, party_of[spec.party])
        files.append((f"{folder}/datapackage.yaml", descriptor))
        plan.tables[event.ref] = syn.csv_text(fields, rows)
    table = plan.tables[event.ref]
    cut = -1
    for _ in range(spec.versions[event.version] + 1):  # the header and the version's rows
        cut = table.index("\n", cut + 1)
    files.append((f"{folder}/data/datos.csv", table[: cut + 1]))
    if event.version == len(spec.versions) - 1:
        del plan.tables[event.ref]
    return files


def _message(group: str, counts: dict[str, int]) -> str:
    if group.startswith("~story"):
        return "Nueva historia de uso de datos"
    if group.startswith("~tool"):
        return "Nueva herramienta en el mercado digital"
    parts = []
    labels = {
        "party": "alta del sujeto obligado",
        "dataset": "conjuntos nuevos",
        "update": "actualizaciones",
        "inventory": "inventario y plan de apertura",
    }
    for kind, label in labels.items():
        if counts.get(kind):
            parts.append(label if kind in ("party", "inventory") else f"{counts[kind]} {label}")
    return f"{group}: {', '.join(parts)}"


def generate(datasets: int, parties: int, out: Path, seed: int = 1) -> dict[str, int]:
    """Create the repository at `out` (which must not exist) and check out its last commit."""
    plan = plan_catalogue(datasets, parties, seed)
    out.mkdir(parents=True)
    subprocess.run(["git", "init", "-q", "-b", "main", str(out)], check=True)
    commits = write_history(plan, out, seed)
    subprocess.run(["git", "reset", "-q", "--hard", "main"], cwd=out, check=True)
    return {
        "parties": len(plan.parties),
        "datasets": len(plan.datasets),
        "commits": commits,
        "stories": len(plan.stories),
        "tools": len(plan.tools),
        "inventories": len(plan.inventories),
        "plans": len(plan.with_plan),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--datasets", type=int, required=True, help="number of datasets")
    parser.add_argument("--parties", type=int, help="number of reporting parties (default: datasets / 10)")
    parser.add_argument("--out", type=Path, required=True, help="folder of the new repository")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--force", action="store_true", help="replace --out if it exists")
    args = parser.parse_args(argv)
    if args.out.exists():
        if not args.force:
            parser.error(f"{args.out} already exists (use --force to replace it)")
        shutil.rmtree(args.out)
    started = time.monotonic()
    summary = generate(args.datasets, args.parties or max(1, args.datasets // 10), args.out, args.seed)
    summary["seconds"] = round(time.monotonic() - started)
    print(" ".join(f"{k}={v}" for k, v in summary.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
