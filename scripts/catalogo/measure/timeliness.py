"""Stage 3, enrich (measurements): Policy action 2.3/4.1, timeliness you can't fake: a dataset is up to
date when its data files (or its descriptor, for resources given by URL) last changed in git no
longer ago than its declared frequency's `days` plus a tolerance (`timeliness:` in catalogo.yaml)."""

# Editing only the descriptor of a dataset whose data lives in the repository does not make it up
# to date.
#
# Statuses: `al-dia` (up to date), `atrasado` (overdue), `historico` (frequency
# `sin-actualizacion`: no new data is expected), `sin-periodicidad` (irregular or no frequency:
# nothing to measure against), `sin-historial` (its files are not in git history yet).

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any

from ..core.model import Dataset, Resource
from ..core.paths import Target, resolve_resource
from ..core.vocab import vocabularies
from ..gitdata.history import History

STATUSES = ("al-dia", "atrasado", "historico", "sin-periodicidad", "sin-historial")
MEASURED = frozenset({"al-dia", "atrasado"})  # the statuses that count in "share up to date"


@dataclass(frozen=True)
class Timeliness:
    status: str
    frequency: str
    period_days: int | None  # the frequency's days (vocab)
    allowed_days: int | None  # period plus tolerance
    last_change: dt.date | None  # last git change of the files below
    commit: str | None
    basis: tuple[str, ...]  # repository paths whose changes count

    @property
    def overdue(self) -> bool:
        return self.status == "atrasado"

    @property
    def due(self) -> dt.date | None:
        """The last day on which the dataset still counts as up to date."""
        if self.last_change and self.allowed_days is not None:
            return self.last_change + dt.timedelta(days=self.allowed_days)
        return None

    def days_overdue(self, today: dt.date) -> int | None:
        due = self.due
        return (today - due).days if self.overdue and due else None

    def as_dict(self) -> dict[str, Any]:
        return {
            "status": self.status,
            "frequency": self.frequency or None,
            "period_days": self.period_days,
            "allowed_days": self.allowed_days,
            "last_change": self.last_change.isoformat() if self.last_change else None,
            "due": self.due.isoformat() if self.due else None,
            "commit": self.commit,
            "basis": list(self.basis),
        }


def allowed_days(period: int, config: dict[str, Any]) -> int:
    """The period plus its tolerance: max(tolerance_min_days, tolerance_share × period)."""
    share = float(config.get("tolerance_share", 0.25))
    minimum = int(config.get("tolerance_min_days", 3))
    return period + max(minimum, math.ceil(share * period))


Targets = list[tuple[Resource, Target]]


def resource_targets(dataset: Dataset) -> Targets:
    """Where each resource points (paths.resolve_resource), worked out once per dataset for both
    timeliness and quality: resolving a path asks the file system."""
    return [(r, resolve_resource(dataset.files.root, dataset.folder, r.path)) for r in dataset.resources]


def basis_files(dataset: Dataset, targets: Targets | None = None) -> tuple[str, ...]:
    """Repository paths whose git changes show the data changed: the local data files, plus the
    descriptor when a resource is given by URL (its data changes outside the repository)."""
    files: set[str] = set()
    for resource, target in targets if targets is not None else resource_targets(dataset):
        if target.file is not None:
            files.add(PurePosixPath(dataset.folder, resource.path).as_posix())
        elif target.url is not None:
            files.add(dataset.path)
    return tuple(sorted(files or {dataset.path}))


def assess(
    frequency: str, last_change: dt.date | None, today: dt.date, config: dict[str, Any]
) -> tuple[str, int | None, int | None]:
    """Status, period and allowed days for a frequency and a last change, as of `today`."""
    period = vocabularies().entry("frequencies", frequency).get("days")
    if frequency == "sin-actualizacion":
        return "historico", None, None
    if not isinstance(period, int):
        return "sin-periodicidad", None, None
    allowed = allowed_days(period, config)
    if last_change is None:
        return "sin-historial", period, allowed
    return ("al-dia" if (today - last_change).days <= allowed else "atrasado"), period, allowed


def dataset_timeliness(
    dataset: Dataset, history: History, today: dt.date, config: dict[str, Any], targets: Targets | None = None
) -> Timeliness:
    """Timeliness of a dataset from the git history of its data files, as of `today`."""
    basis = basis_files(dataset, targets)
    change = history.last_change_of_files(list(basis))
    last = dt.date.fromisoformat(change.day) if change else None
    frequency = dataset.text("frequency")
    status, period, allowed = assess(frequency, last, today, config)
    return Timeliness(status, frequency, period, allowed, last, change.commit if change else None, basis)
