"""Stage 3, enrich: what the files don't say. Dates and change history come from git (one pass);
later stages read everything from the `Enriched` value, never from git or the files again."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from .checks.datarequests import RequestsFile, load_requests
from .checks.links import LinkResults, load_results
from .core.config import link_results_path, load_config, requests_results_path
from .core.digests import FileDigests
from .core.model import Catalogue
from .core.outputs import digest_of
from .core.paths import resolve_resource
from .gitdata.history import History
from .gitdata.historycache import catalogue_log
from .gitdata.timeline import Timeline
from .measure import steps as measure
from .measure.demand import by_party
from .measure.enriched import DatasetInfo, Enriched
from .measure.joins import build_graph


def enrich(
    catalogue: Catalogue,
    today: dt.date | None = None,
    history: History | None = None,
    *,
    config: dict | None = None,
    link_results: LinkResults | None = None,
    timeline: Timeline | None = None,
    keys: dict[str, dict] | None = None,
    requests_file: RequestsFile | None = None,
) -> Enriched:
    """`history` and `timeline` are read from git unless given (a given history without a timeline
    means no quarterly series); `link_results` from the link-check results file and `requests_file`
    from the data-requests file unless given; `keys` are the data check's keys and views by dataset
    (check_catalogue's `found`)."""
    root = Path(catalogue.root)
    if history is None:
        log = catalogue_log(root)  # one git log (or the cache) for both the history and the timeline
        history = History.from_log(log)
        timeline = timeline if timeline is not None else Timeline.from_log(log)
        del log
    elif timeline is None:
        timeline = Timeline()
    config = config if config is not None else load_config(root)
    if link_results is None:
        link_results = load_results(link_results_path(root, config))
    enriched = Enriched(
        catalogue, history, today or _today(history), config=config, link_results=link_results, timeline=timeline
    )
    enriched.requests_file = requests_file or load_requests(requests_results_path(root, config))
    enriched.keys = {k: v for k, v in (keys or {}).items() if k in catalogue.datasets}
    enriched.joins = build_graph(enriched.keys, {k: d.party_id for k, d in catalogue.datasets.items()})
    for key, dataset in sorted(catalogue.datasets.items()):
        enriched.datasets[key] = DatasetInfo(dataset, history.of(f"datasets/{key}"))
    for story in sorted(catalogue.stories.values(), key=lambda s: s.id):
        for ref in story.dataset_refs:
            enriched.stories_of.setdefault(ref, []).append(story)
    for tool in sorted(catalogue.tools.values(), key=lambda t: t.id):
        for ref in tool.dataset_refs:
            enriched.tools_of.setdefault(ref, []).append(tool)
    measure.assess_datasets(enriched)
    enriched.plans = measure.opening_plans(enriched)
    enriched.data_requests = measure.data_requests(enriched)
    enriched.requests_by_party = by_party(enriched.data_requests)
    enriched.priorities = measure.priorities(enriched)
    enriched.indicators = measure.indicators(enriched)
    return enriched


def _today(history: History) -> dt.date:
    """The build's notion of today: the day of the newest commit (the latest in time, whatever the
    offsets of the dates), so the same commit (and the same link-check results) builds the same bytes."""
    newest = history.newest()
    return dt.date.fromisoformat(newest.day) if newest else dt.date(2000, 1, 1)


def dataset_sources(enriched: Enriched, digests: FileDigests, key: str, party_datasets: int) -> tuple[Any, ...]:
    """Everything a dataset's outputs (pages, cards, copied files, exports) are made from besides
    the code and the configuration, for the output caches (core/outputs.py): the bytes of its
    descriptor, of its party's, of the stories and tools that use it and of its local resources;
    its party's number of datasets; what enrich computed for it (history, timeliness, quality);
    and of the build's day only what the outputs show of it (days overdue; the year, cited when
    git has no date). tests/test_incremental.py rebuilds after each kind of change and compares
    with a build from nothing."""
    info = enriched.datasets[key]
    dataset, party = info.dataset, enriched.party_of(info.dataset)
    root = Path(enriched.catalogue.root)
    files = []
    for resource in dataset.resources:
        if resolve_resource(root, dataset.folder, resource.path).file is not None:
            files.append((resource.path, digests.digest(f"{dataset.folder}/{resource.path}")))
    users = [
        (u.path, digests.digest(u.path)) for u in (*enriched.stories_of.get(key, []), *enriched.tools_of.get(key, []))
    ]
    today = enriched.today
    return (
        key,
        dataset.path,
        digests.digest(dataset.path),
        (party.id, party.path, digests.digest(party.path), party_datasets) if party else None,
        users,
        files,
        info.history,
        info.timeliness,
        info.timeliness.days_overdue(today) if info.timeliness else None,
        today.year if info.updated is None else None,
        _quality_fields(info.quality),
        enriched.keys.get(key),
        enriched.joins.digest(key, lambda other: enriched.datasets[other].dataset.title),
    )


def _quality_fields(quality: Any) -> Any:
    """Everything a quality assessment holds, as plain tuples (its criteria are slotted
    dataclasses, which pickle through Python code: this is several times faster to digest)."""
    if quality is None:
        return None
    criteria = [(c.dimension, c.id, c.state, c.reason, c.weight, c.points, c.share) for c in quality.criteria]
    return (quality.score, quality.rating, criteria)


def source_digests(enriched: Enriched, digests: FileDigests | None = None) -> dict[str, str]:
    """The digest of each dataset's `dataset_sources`, worked out once per build for every output
    that is reused by them (pages, exports, search)."""
    digests = digests or FileDigests(Path(enriched.catalogue.root))
    sizes: dict[str, int] = {}
    for info in enriched.datasets.values():
        sizes[info.dataset.party_id] = sizes.get(info.dataset.party_id, 0) + 1
    return {
        key: digest_of("", dataset_sources(enriched, digests, key, sizes[info.dataset.party_id]))
        for key, info in enriched.datasets.items()
    }
