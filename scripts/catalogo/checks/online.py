"""Stage 2, check: `validate --online`: every resource URL of the datasets in scope answers (through
the one HTTP client, so only http(s) to public addresses, with bounded redirects, time and bytes)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from ..core import net
from ..core.model import Dataset
from ..core.paths import resolve_resource
from ..core.problems import Problem
from .links import Limits, ResourceRef, check_links


@dataclass(frozen=True)
class Online:
    """How online checks reach the network (tests inject a resolver and an address policy)."""

    limits: Limits = Limits(timeout=15.0, max_bytes=65536, max_redirects=5, concurrency=8)
    resolver: net.Resolver = net.system_resolver
    allow: Callable[[str], bool] = field(default=net.is_public)


def check_online(root, datasets: list[Dataset], online: Online) -> Iterator[Problem]:
    places: dict[str, list[tuple[Dataset, int]]] = {}
    for dataset in datasets:
        for resource in dataset.resources:
            if resource.path and resolve_resource(root, dataset.folder, resource.path).url:
                places.setdefault(resource.path, []).append((dataset, resource.index))
    if not places:
        return
    urls = {url: tuple(ResourceRef(d.key, str(i)) for d, i in where) for url, where in places.items()}
    results = check_links(urls, online.limits, resolver=online.resolver, allow=online.allow)
    for url, result in sorted(results.results.items()):
        if result.ok:
            continue
        reason = result.error or (f"http-{result.status}" if result.status else "sin respuesta")
        for dataset, index in places[url]:
            if dataset.doc is not None:
                yield dataset.doc.problem("resource-unreachable", f"/resources/{index}/path", url=url, reason=reason)
