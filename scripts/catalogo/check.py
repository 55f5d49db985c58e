"""Stage 2, check: every problem of the catalogue (or of a scope of it), never raising on content."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from .checks.data import check_data
from .checks.identifiers import check_identifiers
from .checks.openness import check_openness
from .checks.references import check_references
from .checks.resources import check_resources
from .checks.schema import check_document
from .model import Catalogue
from .problems import Problem, sorted_problems


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


def check_catalogue(catalogue: Catalogue, scope: Scope | None = None, data: bool = True) -> list[Problem]:
    files = None if scope is None else {rel for rel, _ in documents(catalogue) if scope.covers(rel)}
    problems: list[Problem] = [p for p in catalogue.layout_problems if scope is None or scope.covers(p.path)]
    for rel, kind in documents(catalogue):
        if files is None or rel in files:
            problems.extend(_check_file(catalogue, rel, kind))
    problems.extend(check_identifiers(catalogue, files))
    problems.extend(check_references(catalogue, files))
    for dataset in catalogue.datasets.values():
        if files is None or dataset.path in files:
            problems.extend(check_resources(catalogue.root, dataset))
            problems.extend(check_openness(dataset))
            if data and dataset.doc is not None:
                problems.extend(check_data(catalogue.root, dataset))
    return sorted_problems(problems)


def _check_file(catalogue: Catalogue, rel: str, kind: str) -> Iterable[Problem]:
    doc, problems = catalogue.files.read(rel)
    yield from problems
    if doc is not None:
        yield from check_document(doc, kind)


def has_errors(problems: Iterable[Problem]) -> bool:
    return any(p.severity == "error" for p in problems)
