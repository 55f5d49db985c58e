"""Everything that depends on one dataset's folder alone: its descriptor (syntax, schema,
identifier, places), its resources, its openness and its data. The result is a function of the
folder's contents, so the check stage caches it by their digests."""

from __future__ import annotations

from pathlib import Path

from ..model import Dataset
from ..problems import Problem
from .data import check_data_cached
from .identifiers import check_dataset_identifier
from .openness import check_openness
from .references import check_spatial
from .resources import check_resources
from .schema import check_document


def check_dataset(root: Path, dataset: Dataset, data: bool = True) -> list[Problem]:
    doc, problems = dataset.files.read(dataset.path)
    problems = list(problems)
    problems.extend(check_dataset_identifier(dataset))
    if doc is None:
        return problems
    problems.extend(check_document(doc, "datapackage"))
    problems.extend(check_spatial(doc, dataset.get("spatial")))
    problems.extend(check_resources(root, dataset))
    problems.extend(check_openness(dataset))
    if data:
        problems.extend(check_data_cached(root, dataset))
    return problems
