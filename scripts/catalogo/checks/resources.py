"""Stage 2, check: Resources: local files exist and stay in their folder; URLs are http(s); names are
unique."""

from __future__ import annotations

from collections.abc import Iterator

from ..core.model import Dataset
from ..core.paths import resolve_resource
from ..core.problems import Problem


def check_resources(root, dataset: Dataset) -> Iterator[Problem]:
    doc = dataset.doc
    if doc is None:
        return
    names: set[str] = set()
    for resource in dataset.resources:
        if resource.name in names:
            yield doc.problem("duplicate-resource-name", f"{resource.pointer}/name", name=resource.name)
        names.add(resource.name)
        if not resource.path:
            continue
        target = resolve_resource(root, dataset.folder, resource.path)
        pointer = f"{resource.pointer}/path"
        if target.refusal:
            code, detail = target.refusal
            yield doc.problem(code, pointer, path=resource.path, url=resource.path, detail=detail)
        elif target.file is not None and not target.file.is_file():
            yield doc.problem("resource-not-found", pointer, path=resource.path)
