"""Stage 2, check: Policy action 4.1, availability: check every resource URL of the catalogue and keep
the result for the next build (quality's `availability` and the LGTAIP characteristics read it)."""

# Each URL is asked with HEAD and, when the server refuses HEAD or answers it with an error, with
# a ranged GET (`Range: bytes=0-…`) that reads at most `max_bytes`. Requests go through the one
# HTTP client (`net.fetch`): only http(s), only public addresses (after DNS, on every redirect),
# redirects followed to a limit, time and bytes bounded. URLs are checked concurrently by a pool
# of threads; each distinct URL is checked once, however many resources share it.

from __future__ import annotations

import datetime as dt
import json
import re
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

from ..core import net
from ..core.files import open_atomic
from ..core.model import Catalogue
from ..core.paths import resolve_resource

FORMAT_VERSION = 1
# HEAD refusals that deserve a second try with GET (servers that mishandle HEAD);
# timeouts and address refusals would only repeat.
_RETRY_WITH_GET = frozenset({"connection-error"})
_CONTENT_RANGE = re.compile(r"bytes\s+\d+-\d+/(\d+)")


@dataclass(frozen=True)
class ResourceRef:
    dataset: str  # "party/dataset"
    resource: str  # the resource's name


@dataclass(frozen=True)
class LinkResult:
    url: str
    ok: bool
    status: int | None  # HTTP status of the final answer (None when no answer)
    error: str | None  # stable reason: http-404, timeout, redirect-loop, address-not-public…
    method: str  # HEAD or GET (the request that gave the result)
    content_type: str | None
    bytes: int | None  # size announced by the server (Content-Length or Content-Range)
    elapsed_ms: int
    final_url: str
    redirects: int
    resources: tuple[ResourceRef, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["resources"] = [asdict(r) for r in self.resources]
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> LinkResult:
        refs = tuple(
            ResourceRef(str(r.get("dataset", "")), str(r.get("resource", "")))
            for r in data.get("resources", [])
            if isinstance(r, dict)
        )
        return cls(
            str(data["url"]),
            bool(data.get("ok")),
            _int(data.get("status")),
            data.get("error"),
            str(data.get("method", "")),
            data.get("content_type"),
            _int(data.get("bytes")),
            _int(data.get("elapsed_ms")) or 0,
            str(data.get("final_url", data["url"])),
            _int(data.get("redirects")) or 0,
            refs,
        )


@dataclass
class LinkResults:
    """The outcome of one `catalogo check-links` run, by URL."""

    checked_at: str | None = None
    results: dict[str, LinkResult] = field(default_factory=dict)

    def get(self, url: str) -> LinkResult | None:
        return self.results.get(url)

    @property
    def broken(self) -> list[LinkResult]:
        return [r for r in self.results.values() if not r.ok]

    def as_dict(self) -> dict[str, Any]:
        return {
            "version": FORMAT_VERSION,
            "checked_at": self.checked_at,
            "results": [self.results[u].as_dict() for u in sorted(self.results)],
        }


@dataclass(frozen=True)
class Limits:
    timeout: float = 20.0
    max_bytes: int = 65536
    max_redirects: int = 5
    concurrency: int = 8

    @classmethod
    def from_config(cls, config: dict[str, Any]) -> Limits:
        return cls(
            float(config.get("timeout", 20)),
            int(config.get("max_bytes", 65536)),
            int(config.get("max_redirects", 5)),
            int(config.get("concurrency", 8)),
        )


def _int(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def resource_urls(catalogue: Catalogue) -> dict[str, tuple[ResourceRef, ...]]:
    """Every http(s) resource URL of the catalogue with the resources that point to it."""
    found: dict[str, list[ResourceRef]] = {}
    for key, dataset in sorted(catalogue.datasets.items()):
        for resource in dataset.resources:
            target = resolve_resource(catalogue.root, dataset.folder, resource.path)
            if target.url:
                found.setdefault(target.url, []).append(ResourceRef(key, resource.name))
    return {url: tuple(refs) for url, refs in sorted(found.items())}


def check_url(
    url: str,
    limits: Limits = Limits(),
    *,
    resolver: net.Resolver = net.system_resolver,
    allow: Callable[[str], bool] = net.is_public,
) -> LinkResult:
    """HEAD, then a ranged GET when HEAD is refused or answered with an error."""
    started = time.monotonic()
    first = _request(url, "HEAD", limits, resolver, allow)
    answer = first
    if _worth_get(first):
        answer = _request(url, "GET", limits, resolver, allow)
    elapsed = int(round((time.monotonic() - started) * 1000))
    return _result(url, answer, elapsed)


def _request(
    url: str, method: str, limits: Limits, resolver: net.Resolver, allow: Callable[[str], bool]
) -> tuple[str, net.Response | net.Refused]:
    headers = {"Range": f"bytes=0-{max(limits.max_bytes - 1, 0)}"} if method == "GET" else {}
    try:
        return method, net.fetch(
            url,
            method=method,
            timeout=limits.timeout,
            max_bytes=limits.max_bytes,
            max_redirects=limits.max_redirects,
            headers=headers,
            resolver=resolver,
            allow=allow,
        )
    except net.Refused as refused:
        return method, refused


def _worth_get(answer: tuple[str, net.Response | net.Refused]) -> bool:
    _, outcome = answer
    if isinstance(outcome, net.Refused):
        return outcome.reason in _RETRY_WITH_GET
    return outcome.status >= 400


def _result(url: str, answer: tuple[str, net.Response | net.Refused], elapsed_ms: int) -> LinkResult:
    method, outcome = answer
    if isinstance(outcome, net.Refused):
        return LinkResult(url, False, None, outcome.reason, method, None, None, elapsed_ms, url, 0)
    ok = 200 <= outcome.status < 300
    return LinkResult(
        url,
        ok,
        outcome.status,
        None if ok else f"http-{outcome.status}",
        method,
        outcome.headers.get("content-type"),
        _size(outcome),
        elapsed_ms,
        outcome.url,
        len(outcome.redirects),
    )


def _size(response: net.Response) -> int | None:
    ranged = _CONTENT_RANGE.match(response.headers.get("content-range", ""))
    if ranged:
        return int(ranged.group(1))
    length = response.headers.get("content-length", "")
    if response.status == 206 or not length.isdigit():
        return None
    return int(length)


def check_links(
    urls: dict[str, tuple[ResourceRef, ...]],
    limits: Limits = Limits(),
    *,
    resolver: net.Resolver = net.system_resolver,
    allow: Callable[[str], bool] = net.is_public,
    now: Callable[[], dt.datetime] | None = None,
) -> LinkResults:
    """Check every URL with `limits.concurrency` threads; results keep the resources using each."""
    clock = now or (lambda: dt.datetime.now(dt.UTC))
    checked_at = clock().replace(microsecond=0).isoformat()

    def one(url: str) -> LinkResult:
        result = check_url(url, limits, resolver=resolver, allow=allow)
        return replace(result, resources=urls[url])

    with ThreadPoolExecutor(max_workers=max(1, limits.concurrency)) as pool:
        results = list(pool.map(one, sorted(urls)))
    return LinkResults(checked_at, {r.url: r for r in results})


def save_results(results: LinkResults, path: Path) -> None:
    """Write the results as JSON atomically (a reader never sees half a file)."""
    text = json.dumps(results.as_dict(), ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    with open_atomic(path, mode=None, prefix=".link-check-", suffix=".json") as f:
        f.write(text)


def load_results(path: Path) -> LinkResults:
    """The results of the last check; a missing or unreadable file means none (never an error:
    availability is then simply not checkable)."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return LinkResults()
    if not isinstance(data, dict) or not isinstance(data.get("results"), list):
        return LinkResults()
    results = {}
    for raw in data["results"]:
        if isinstance(raw, dict) and isinstance(raw.get("url"), str):
            results[raw["url"]] = LinkResult.from_dict(raw)
    checked_at = data.get("checked_at")
    return LinkResults(checked_at if isinstance(checked_at, str) else None, results)
