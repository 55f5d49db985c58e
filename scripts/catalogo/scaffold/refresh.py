"""Scaffolds (`catalogo form`): A published dataset updated from a new spreadsheet: its CSV file replaced,
its descriptor kept, with only the metadata the person gave and the columns that changed."""

# The file replaced is the dataset's CSV resource named like the new file, else its only CSV file
# (a dataset with no file in the repository gets one). Columns it already declared keep their whole
# field (type, constraints, descriptions, legal basis): `catalogo validate` then says whether the
# new data still fits the published schema. Only new columns get an inferred field. The descriptor
# is written again as YAML in the catalogue's style (git keeps the previous one, comments included).

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from ..checks.personal import Hit, screen_rows
from ..core.model import Dataset
from ..core.paths import resolve_resource
from ..core.vocab import vocabularies
from .dataset import csv_resource, infer_schema, numbered_rows, suggested_id
from .planning import dump
from .tables import Table, csv_bytes, read_table


class WhichResource(Exception):
    """The dataset has several files and the new one's name matches none of them."""

    def __init__(self, names: list[str]) -> None:
        super().__init__(", ".join(names))
        self.names = names


@dataclass
class RefreshedDataset:
    descriptor: str  # paths relative to the repository root
    data: str
    descriptor_bytes: bytes
    data_bytes: bytes
    table: Table
    hits: list[Hit]
    added: list[str] = field(default_factory=list)  # columns the schema did not declare
    removed: list[str] = field(default_factory=list)  # declared columns the new file lacks


def refresh_dataset(
    dataset: Dataset, source: Path, metadata: dict[str, Any], sheet: str | None = None
) -> RefreshedDataset:
    """The dataset's descriptor and data file with `source` as its data, in memory (nothing is
    written). `metadata` holds DatasetAnswers attributes given by the person (empty ones are absent)."""
    descriptor = dict(dataset.data)
    resources = [dict(r) if isinstance(r, dict) else r for r in descriptor.get("resources") or []]
    index = _target(dataset, resources, suggested_id(source))
    table = read_table(source, sheet)
    data = csv_bytes(table)
    fields, key = infer_schema(data, table)
    added: list[str]
    removed: list[str]
    if index is None:
        resource = csv_resource(f"{suggested_id(source)}.csv", fields, key)
        resources.append(resource)
        added, removed = [str(f["name"]) for f in fields], []
    else:
        resource = resources[index]
        added, removed = _merge_schema(resource, fields, key)
    descriptor["resources"] = resources
    _apply_metadata(descriptor, metadata)
    exempt = {f.get("name") for f in resource["schema"]["fields"] if isinstance(f, dict) and f.get("legal_basis")}
    hits = screen_rows(table.header, numbered_rows(table.rows), {str(n) for n in exempt})
    unchanged = descriptor == dataset.data  # then the file keeps its own words, comments included
    return RefreshedDataset(
        dataset.path,
        f"{dataset.folder}/{PurePosixPath(resource['path'])}",
        (Path(dataset.files.root) / dataset.path).read_bytes()
        if unchanged
        else dump(descriptor, compact=True).encode("utf-8"),
        data,
        table,
        hits,
        added,
        removed,
    )


def _target(dataset: Dataset, resources: list[Any], name: str) -> int | None:
    """The index of the CSV resource kept in the dataset's folder that the new file replaces."""
    local = []
    for index, resource in enumerate(resources):
        path = resource.get("path") if isinstance(resource, dict) else None
        if not isinstance(path, str) or not path.lower().endswith(".csv"):
            continue
        if resolve_resource(dataset.files.root, dataset.folder, path).file is not None:
            local.append((index, PurePosixPath(path).stem))
    named = [index for index, stem in local if stem == name]
    if named:
        return named[0]
    if len(local) == 1:
        return local[0][0]
    if local:
        raise WhichResource([f"{stem}.csv" for _, stem in local])
    return None


def _merge_schema(
    resource: dict[str, Any], fields: list[dict[str, Any]], key: list[str]
) -> tuple[list[str], list[str]]:
    schema = dict(resource["schema"]) if isinstance(resource.get("schema"), dict) else {}
    declared = {
        f["name"]: f for f in schema.get("fields") or [] if isinstance(f, dict) and isinstance(f.get("name"), str)
    }
    merged = [declared.get(f["name"], f) for f in fields]
    names = {f["name"] for f in fields}
    schema["fields"] = merged
    primary = schema.get("primaryKey")
    primary = [primary] if isinstance(primary, str) else primary
    if not (isinstance(primary, list) and primary and set(primary) <= names):
        schema.pop("primaryKey", None)
        if key:
            schema["primaryKey"] = key
    resource["schema"] = schema
    for stale in ("bytes", "hash"):  # the file changed: a declared size or digest would be wrong
        resource.pop(stale, None)
    return [f["name"] for f in fields if f["name"] not in declared], [n for n in declared if n not in names]


def _apply_metadata(descriptor: dict[str, Any], metadata: dict[str, Any]) -> None:
    for attribute in ("title", "description", "keywords", "theme", "frequency"):
        if metadata.get(attribute):
            descriptor[attribute] = metadata[attribute]
    contact = dict(descriptor["contact"]) if isinstance(descriptor.get("contact"), dict) else {}
    for attribute, key in (("contact_name", "name"), ("contact_email", "email")):
        if metadata.get(attribute):
            contact[key] = metadata[attribute]
            descriptor["contact"] = contact
    license_key = metadata.get("license")
    entry = vocabularies().terms["licenses"].get(license_key) if license_key else None
    if entry:
        descriptor["licenses"] = [{"name": license_key, "path": entry["url"], "title": entry["es"]}]
