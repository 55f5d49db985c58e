"""Identifiers: slugs, folder equals id, unique even ignoring case and accents, datasets under a party."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..model import Catalogue, Dataset, Record
from ..problems import Problem, problem
from ..vocab import fold, slugify

SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


def check_identifiers(catalogue: Catalogue, scope: set[str] | None) -> Iterator[Problem]:
    """Folder names and declared ids of every record whose file is in `scope` (None: all)."""
    for party in _within(catalogue.parties, scope):
        yield from _check_record(party, party.id, "id")
    for dataset in _within(catalogue.datasets, scope):
        if dataset.party_id not in catalogue.parties:
            yield problem("unknown-party", dataset.path, party=dataset.party_id)
    for record in [*_within(catalogue.stories, scope), *_within(catalogue.tools, scope)]:
        yield from _check_record(record, record.id, "id")
    # Each kind's records are keyed by their identifier (a dataset's is "party/dataset").
    for records in (catalogue.parties, catalogue.datasets, catalogue.stories, catalogue.tools):
        yield from _collisions(records, scope)


def _within(records: dict[str, Record], scope: set[str] | None) -> list[Record]:
    if scope is None:
        return list(records.values())
    return [record for record in records.values() if record.path in scope]


def _in(scope: set[str] | None, path: str) -> bool:
    return scope is None or path in scope


def check_dataset_identifier(dataset: Record) -> Iterator[Problem]:
    """A dataset's own identifier (its folder and `name`); collisions are checked catalogue-wide."""
    yield from _check_record(dataset, dataset.id, "name")


def _check_record(record: Record, folder_name: str, key: str) -> Iterator[Problem]:
    if not SLUG.match(folder_name):
        yield problem("invalid-id", record.path, id=folder_name, suggestion=slugify(folder_name) or "mi-id")
    doc = record.doc
    declared = record.get(key)
    if doc is not None and isinstance(declared, str) and declared != folder_name:
        yield doc.problem("id-mismatch", f"/{key}", id=declared, folder=folder_name)


def _collisions(records: dict[str, Record], scope: set[str] | None) -> Iterator[Problem]:
    """`duplicate-id` on each record whose identifier folds to the same text as a record earlier
    by path, when either one is in scope. Folding every identifier is cheap (ASCII folds by
    lowercasing), so a scope only narrows which groups are reported."""
    groups: dict[str, list[Record]] = {}
    for name, record in records.items():
        groups.setdefault(fold(name), []).append(record)
    found = []
    for group in groups.values():
        if len(group) < 2:
            continue
        first, *others = sorted(group, key=lambda r: r.path)
        found.extend((record, first) for record in others if _in(scope, record.path) or _in(scope, first.path))
    for record, first in sorted(found, key=lambda pair: pair[0].path):
        yield problem("duplicate-id", record.path, id=_name(record), other=first.path)


def _name(record: Record) -> str:
    return record.key if isinstance(record, Dataset) else record.id
