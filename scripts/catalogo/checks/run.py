"""Stage 2, check: every problem of the catalogue (or of a scope of it), never raising on content."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..core import cache
from ..core.children import die_with_parent
from ..core.digests import FileDigests
from ..core.model import Catalogue, Dataset, Files
from ..core.problems import Problem, problem, sorted_problems
from .datarequests import RequestsFile, check_requests
from .dataset import check_dataset
from .descriptor import screen_document
from .identifiers import check_identifiers
from .online import Online, check_online
from .references import check_references
from .schema import cap_per_file, check_document

PARALLEL_FROM = 8  # below this many datasets, starting worker processes costs more than it saves
# Datasets a worker process checks before a fresh one replaces it. A worker's memory only grows
# (frictionless, the allocator), so at national scale it would reach gigabytes; a fresh fork
# costs milliseconds. (ProcessPoolExecutor's max_tasks_per_child can deadlock on Python 3.11.)
RECYCLE_AFTER = 2_000


@dataclass
class Scope:
    """What to check: record files (YAML) and the folders touched. `None` scope means everything."""

    files: set[str] = field(default_factory=set)
    folders: set[str] = field(default_factory=set)

    def covers(self, path: str) -> bool:
        """The path is a scope file, a scope folder or inside one (looking up the path's own
        prefixes, not comparing it with every folder)."""
        if path in self.files or path in self.folders:
            return True
        cut = path.rfind("/")
        while cut >= 0:
            if path[:cut] in self.folders:
                return True
            cut = path.rfind("/", 0, cut)
        return False

    def covered(self, paths: Iterable[str]) -> set[str]:
        """The paths the scope covers. A pull request's scope has a few folders, so one C-level
        prefix test per path is cheaper than looking up each of the path's own prefixes."""
        if len(self.folders) > 32:
            return {path for path in paths if self.covers(path)}
        inside = tuple(f + "/" for f in self.folders)
        files = self.files | self.folders
        return {path for path in paths if path in files or path.startswith(inside)}


def documents(catalogue: Catalogue) -> Iterator[tuple[str, str]]:
    """Every YAML file of the catalogue with its kind."""
    for party in catalogue.parties.values():
        yield party.path, "party"
        if party.inventory_path:
            yield party.inventory_path, "inventory"
        if party.plan_path:
            yield party.plan_path, "opening-plan"
        for path in party.record_paths:
            yield path, "history-record"
    for dataset in catalogue.datasets.values():
        yield dataset.path, "datapackage"
    for story in catalogue.stories.values():
        yield story.path, "story"
    for tool in catalogue.tools.values():
        yield tool.path, "tool"


def check_catalogue(
    catalogue: Catalogue,
    scope: Scope | None = None,
    data: bool = True,
    online: Online | None = None,
    found: dict[str, dict[str, list[Any]]] | None = None,
    requests: RequestsFile | None = None,
) -> list[Problem]:
    """Every problem in scope; with `found`, each checked dataset's keys and views (checks/keys.py)
    are put in it by dataset key; with `requests` (the last fetch of data requests), the request
    numbers the inventories cite are checked against it."""
    files = None if scope is None else scope.covered(rel for rel, _ in documents(catalogue))
    # a tracked cache affects every record, whichever of them a change touches
    problems: list[Problem] = [
        p for p in catalogue.layout_problems if scope is None or scope.covers(p.path) or p.code == "tracked-cache"
    ]
    # Datasets first: their worker processes start from this process before it has read any
    # document, so none of them carries the catalogue's documents.
    in_scope = [d for d in catalogue.datasets.values() if files is None or d.path in files]
    problems.extend(dataset_problems(catalogue.root, in_scope, data, found=found))
    problems.extend(
        document_problems(catalogue, [(r, k) for r, k in documents(catalogue) if files is None or r in files])
    )
    problems.extend(check_identifiers(catalogue, files))
    problems.extend(check_references(catalogue, files))
    if requests is not None:
        problems.extend(check_requests(catalogue, files, requests))
    if online is not None:
        problems.extend(check_online(catalogue.root, in_scope, online))
    return cap_per_file(sorted_problems(problems))


def dataset_problems(
    root: Path,
    datasets: list[Dataset],
    data: bool = True,
    workers: int | None = None,
    found: dict[str, dict[str, list[Any]]] | None = None,
) -> list[Problem]:
    """Each dataset's own checks: reused from the cache when its folder is unchanged, otherwise
    run, spread over the machine's cores when there is enough work."""
    if not datasets:
        return []
    digests = FileDigests(root, [d.folder for d in datasets])
    keys = {d.key: cache.key_of("dataset", data, d.folder, digests.folder(d.folder)) for d in datasets}
    problems: list[Problem] = [problem("symlink-refused", link) for link in digests.links]
    missing = []
    for dataset in datasets:
        cached = cache.read_result(root, "dataset", keys[dataset.key])
        if cached is None:
            missing.append(dataset)
        else:
            problems.extend(cached[0])
            if found is not None and cached[1]:
                found[dataset.key] = cached[1]
    for dataset, (own, extra) in zip(missing, _run(root, missing, data, workers), strict=True):
        if not any(p.code == "data-timeout" for p in own):  # a verdict that depends on the machine's load
            cache.write_problems(root, "dataset", keys[dataset.key], own, extra)
        problems.extend(own)
        if found is not None and extra:
            found[dataset.key] = extra
    return problems


Result = tuple[list[Problem], dict[str, list[Any]]]


def _run(root: Path, datasets: list[Dataset], data: bool, workers: int | None) -> list[Result]:
    workers = workers or os.cpu_count() or 1
    jobs = [(str(root), d.path, d.party_id, d.id, data) for d in datasets]
    if workers == 1 or len(jobs) < PARALLEL_FROM:
        return [_dataset_job(job) for job in jobs]
    found: list[Result] = []
    batch = workers * RECYCLE_AFTER
    for start in range(0, len(jobs), batch):
        # fresh workers for each batch, which end with this process even when it is killed
        with ProcessPoolExecutor(workers, initializer=die_with_parent, initargs=(os.getpid(),)) as pool:
            found.extend(pool.map(_dataset_job, jobs[start : start + batch], chunksize=16))
    return found


def _dataset_job(job: tuple[str, str, str, str, bool]) -> Result:
    root, path, party_id, dataset_id, data = job
    dataset = Dataset(dataset_id, path, Files(Path(root)), party_id=party_id)
    found: dict[str, list[Any]] = {}
    try:
        return check_dataset(Path(root), dataset, data, found), found
    except Exception as exc:  # one file's failure is reported on that file; the others are still checked
        return [problem("internal-error", path, detail=f"{type(exc).__name__}: {exc}"[:200])], {}


def document_problems(catalogue: Catalogue, documents: list[tuple[str, str]]) -> list[Problem]:
    """The own checks of each file that is not a dataset's (parties, inventories, plans, stories,
    tools): reused from the cache when the file's bytes are the same."""
    others = [(rel, kind) for rel, kind in documents if kind != "datapackage"]
    if not others:
        return []
    root = Path(catalogue.root)
    digests = FileDigests(root, sorted({rel.rsplit("/", 1)[0] for rel, _ in others}))
    problems: list[Problem] = []
    for rel, kind in others:
        key = cache.key_of("document", kind, rel, digests.digest(rel))
        found = cache.read_problems(root, "document", key)
        if found is None:
            found = _check_file(catalogue, rel, kind)
            if not any(p.code == "internal-error" for p in found):
                cache.write_problems(root, "document", key, found)
        problems.extend(found)
    return problems


def _check_file(catalogue: Catalogue, rel: str, kind: str) -> list[Problem]:
    doc, problems = catalogue.files.read(rel)
    try:
        return [*problems, *(check_document(doc, kind) + screen_document(doc) if doc is not None else [])]
    except Exception as exc:  # reported on the file, like any other problem
        return [*problems, problem("internal-error", rel, detail=f"{type(exc).__name__}: {exc}"[:200])]


def has_errors(problems: Iterable[Problem]) -> bool:
    return any(p.severity == "error" for p in problems)
