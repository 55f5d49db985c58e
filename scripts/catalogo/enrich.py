"""Stage 3, enrich: what the files don't say. Dates and change history come from git (one pass);
later stages read everything from the `Enriched` value, never from git or the files again."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from .checks.links import LinkResults, load_results
from .core.config import link_results_path, load_config
from .core.model import Catalogue
from .gitdata.history import History
from .gitdata.historycache import catalogue_log
from .gitdata.timeline import Timeline
from .measure import steps as measure
from .measure.enriched import DatasetInfo, Enriched


def enrich(
    catalogue: Catalogue,
    today: dt.date | None = None,
    history: History | None = None,
    *,
    config: dict | None = None,
    link_results: LinkResults | None = None,
    timeline: Timeline | None = None,
) -> Enriched:
    """`history` and `timeline` are read from git unless given (a given history without a timeline
    means no quarterly series); `link_results` from the link-check results file unless given."""
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
    enriched.priorities = measure.priorities(enriched)
    enriched.indicators = measure.indicators(enriched)
    return enriched


def _today(history: History) -> dt.date:
    """The build's notion of today: the day of the newest commit (the latest in time, whatever the
    offsets of the dates), so the same commit (and the same link-check results) builds the same bytes."""
    newest = history.newest()
    return dt.date.fromisoformat(newest.day) if newest else dt.date(2000, 1, 1)
