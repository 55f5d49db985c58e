"""Stage 2, check: every problem of the catalogue (or of a scope of it), never raising on content."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from .checks.data import check_data_cached
from .checks.identifiers import check_identifiers
from .checks.online import Online, check_online
from .checks.openness import check_openness
from .checks.references import check_references
from .checks.resources import check_resources
from .checks.schema import check_document
from .model import Catalogue, Dataset, Files
from .problems import Problem, sorted_problems

PARALLEL_FROM = 8  # below this many datasets, starting worker processes costs more than it saves


@dataclass
class Scope:
    """What to check: record files (YAML) and the folders touched. `None` scope means everything."""

    files: set[str] = field(default_factory=set)
    folders: set[str] = field(default_factory=set)

    def covers(self, path: str) -> bool:
        return path in self.files or any(path == f or path.startswith(f + "/") for f in self.folders)


def documents(catalogue: Catalogue) -> Iterator[tuple[str, str]]:
    """Every YAML file of the catalogue with its kind."""
    for party in catalogue.parties.values():
        yield party.path, "party"
        if party.inventory_path:
            yield party.inventory_path, "inventory"
        if party.plan_path:
            yield party.plan_path, "opening-plan"
    for dataset in catalogue.datasets.values():
        yield dataset.path, "datapackage"
    for story in catalogue.stories.values():
        yield story.path, "story"
    for tool in catalogue.tools.values():
        yield tool.path, "tool"


def check_catalogue(catalogue: Catalogue, scope: Scope | None = None, data: bool = True,
                    online: Online | None = None) -> list[Problem]:
    files = None if scope is None else {rel for rel, _ in documents(catalogue) if scope.covers(rel)}
    problems: list[Problem] = [p for p in catalogue.layout_problems if scope is None or scope.covers(p.path)]
    for rel, kind in documents(catalogue):
        if files is None or rel in files:
            problems.extend(_check_file(catalogue, rel, kind))
    problems.extend(check_identifiers(catalogue, files))
    problems.extend(check_references(catalogue, files))
    in_scope = [d for d in catalogue.datasets.values() if files is None or d.path in files]
    for dataset in in_scope:
        problems.extend(check_resources(catalogue.root, dataset))
        problems.extend(check_openness(dataset))
    if data:
        problems.extend(data_problems(catalogue.root, [d for d in in_scope if d.doc is not None]))
    if online is not None:
        problems.extend(check_online(catalogue.root, in_scope, online))
    return sorted_problems(problems)


def data_problems(root: Path, datasets: list[Dataset], workers: int | None = None) -> list[Problem]:
    """Data validation of many datasets, spread over the machine's cores when there is enough work."""
    workers = workers or os.cpu_count() or 1
    jobs = [(str(root), d.path, d.party_id, d.id) for d in datasets]
    if workers == 1 or len(jobs) < PARALLEL_FROM:
        return [p for job in jobs for p in _data_job(job)]
    with ProcessPoolExecutor(max_workers=workers) as pool:
        return [p for result in pool.map(_data_job, jobs, chunksize=16) for p in result]


def _data_job(job: tuple[str, str, str, str]) -> list[Problem]:
    root, path, party_id, dataset_id = job
    dataset = Dataset(dataset_id, path, Files(Path(root)), party_id=party_id)
    return check_data_cached(Path(root), dataset)


def _check_file(catalogue: Catalogue, rel: str, kind: str) -> Iterable[Problem]:
    doc, problems = catalogue.files.read(rel)
    yield from problems
    if doc is not None:
        yield from check_document(doc, kind)


def has_errors(problems: Iterable[Problem]) -> bool:
    return any(p.severity == "error" for p in problems)
