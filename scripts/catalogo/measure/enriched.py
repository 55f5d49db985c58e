"""The enriched catalogue: the value stage 3 (enrich) fills and every later stage reads (pages,
exports, indicators). Types only, so that the measurements and the outputs share them without
importing the enrich stage."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from ..checks.datarequests import RequestsFile
from ..checks.links import LinkResults
from ..core.model import Catalogue, Dataset, Party, Story, Tool
from ..gitdata.history import Change, History
from ..gitdata.timeline import Timeline
from .demand import RequestStatus
from .figures import Indicators
from .joins import JoinGraph
from .plan import CommitmentStatus
from .priority import RankedItem
from .quality import Quality
from .timeliness import Timeliness


@dataclass
class DatasetInfo:
    dataset: Dataset
    history: list[Change]
    timeliness: Timeliness | None = None  # from git and the declared frequency (timeliness.py)
    quality: Quality | None = None  # score and breakdown (quality.py); .as_dict() for JSON

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
    config: dict = field(default_factory=dict)  # catalogo.yaml over defaults
    link_results: LinkResults = field(default_factory=LinkResults)  # last `catalogo check-links`
    plans: dict[str, list[CommitmentStatus]] = field(default_factory=dict)  # party -> commitments with status
    priorities: dict[str, list[RankedItem]] = field(default_factory=dict)  # party -> inventory by priority
    indicators: Indicators | None = None  # national, per level, state, power and party; quarterly series
    timeline: Timeline = field(default_factory=Timeline)  # when each file was added and changed (git)
    keys: dict[str, dict] = field(default_factory=dict)  # dataset -> its tables' keys and views (checks/keys.py)
    joins: JoinGraph = field(default_factory=JoinGraph)  # datasets that share a key (measure/joins.py)
    requests_file: RequestsFile | None = None  # last `catalogo requests fetch` (None: not fetched)
    data_requests: list[RequestStatus] = field(default_factory=list)  # by number, with status (demand.py)
    requests_by_party: dict[str, list[RequestStatus]] = field(default_factory=dict)  # party -> its requests

    def party_of(self, dataset: Dataset) -> Party | None:
        return self.catalogue.parties.get(dataset.party_id)
