"""Data Package per dataset: `/datos/<party>/<dataset>/datapackage.json`.

The descriptor as loaded from `datapackage.yaml`, with every resource `path` made an absolute
URL (local files point to their copy beside the dataset page), so that
`frictionless validate https://…/datapackage.json` and `pandas.read_csv(<path>)` work on the
published site. The catalogue's own properties stay (frictionless ignores unknown ones). A
resource whose path is refused (outside its folder, bad scheme) is left out."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

from ..enrich import DatasetInfo, Enriched
from . import common

PROFILE = "https://datapackage.org/profiles/2.0/datapackage.json"


def descriptor(info: DatasetInfo, base_url: str) -> dict[str, Any]:
    dataset = info.dataset
    result: dict[str, Any] = copy.deepcopy(dataset.data)
    result.setdefault("$schema", PROFILE)
    result.setdefault("name", dataset.id)
    result["id"] = result.get("id") or common.dataset_url(base_url, dataset)
    result.setdefault("homepage", common.dataset_url(base_url, dataset))
    resources = []
    for resource in dataset.resources:
        url = common.resource_url(base_url, dataset, resource)
        if url:
            item = copy.deepcopy(resource.data)
            item["path"] = url
            resources.append(item)
    result["resources"] = resources
    return result


def write_datapackages(enriched: Enriched, out: Path, base_url: str) -> list[Path]:
    written = []
    for key in sorted(enriched.datasets):
        target = out / "datos" / key / "datapackage.json"
        common.write_json(target, descriptor(enriched.datasets[key], base_url))
        written.append(target)
    return written
