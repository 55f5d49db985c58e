"""Stage 2, check: What the site publishes: every local resource file is of an allowed type, its
extension, declared format and content agree (filetypes.py), and its path does not take a name the
build writes beside the dataset's page. Remote resources are not copied, so they are not looked at."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from ..core.model import Dataset, Resource
from ..core.paths import resolve_resource
from ..core.problems import Problem
from .filetypes import RESERVED_NAMES, is_reserved, refusals


def check_published(root: Path, dataset: Dataset) -> Iterator[Problem]:
    doc = dataset.doc
    if doc is None:
        return
    for resource in dataset.resources:
        if not resource.path:
            continue
        target = resolve_resource(root, dataset.folder, resource.path)
        if target.file is None:  # a URL, or a path refused by check_resources
            continue
        pointer = resource.pointer
        if is_reserved(resource.path):
            yield doc.problem(
                "resource-path-reserved",
                f"{pointer}/path",
                path=resource.path,
                reserved=", ".join(sorted(RESERVED_NAMES)),
            )
            continue
        if not target.file.is_file():
            continue
        for refusal in refusals(target.file, resource.path, _text(resource, "format"), _text(resource, "mediatype")):
            key = refusal.key if refusal.key in resource.data else "path"
            yield doc.problem(refusal.code, f"{pointer}/{key}", **refusal.args)


def _text(resource: Resource, key: str) -> str | None:
    value = resource.data.get(key)
    return value if isinstance(value, str) and value.strip() else None
