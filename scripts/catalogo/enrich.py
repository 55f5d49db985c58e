"""Stage 3, enrich: what the files don't say. Dates and change history come from git (one pass);
later stages read everything from the `Enriched` value, never from git or the files again."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from .history import Change, History, read_history
from .model import Catalogue, Dataset, Party, Story, Tool


@dataclass
class DatasetInfo:
    dataset: Dataset
    history: list[Change]

    @property
    def created(self) -> Change | None:
        return self.history[-1] if self.history else None

    @property
    def updated(self) -> Change | None:
        return self.history[0] if self.history else None


@dataclass
class Enriched:
    catalogue: Catalogue
    history: History
    today: dt.date
    datasets: dict[str, DatasetInfo] = field(default_factory=dict)
    stories_of: dict[str, list[Story]] = field(default_factory=dict)  # dataset key -> stories using it
    tools_of: dict[str, list[Tool]] = field(default_factory=dict)  # dataset key -> tools using it

    def party_of(self, dataset: Dataset) -> Party | None:
        return self.catalogue.parties.get(dataset.party_id)


def enrich(catalogue: Catalogue, today: dt.date | None = None, history: History | None = None) -> Enriched:
    history = history if history is not None else read_history(Path(catalogue.root))
    enriched = Enriched(catalogue, history, today or _today(history))
    for key, dataset in sorted(catalogue.datasets.items()):
        enriched.datasets[key] = DatasetInfo(dataset, history.of(f"datasets/{key}"))
    for story in sorted(catalogue.stories.values(), key=lambda s: s.id):
        for ref in story.dataset_refs:
            enriched.stories_of.setdefault(ref, []).append(story)
    for tool in sorted(catalogue.tools.values(), key=lambda t: t.id):
        for ref in tool.dataset_refs:
            enriched.tools_of.setdefault(ref, []).append(tool)
    return enriched


def _today(history: History) -> dt.date:
    """The build's notion of today: the newest commit's date, so the same commit builds the same bytes."""
    dates = [changes[0].date for changes in history.records.values() if changes]
    return dt.date.fromisoformat(max(dates)[:10]) if dates else dt.date(2000, 1, 1)
