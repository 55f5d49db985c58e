"""Stage 3, enrich (measurements): Policy action 1.3, the opening plan: the status of each commitment,
computed from what is published. "Published" means the first git commit that added the dataset
folder named by the inventory item's `dataset`: a date the party types cannot move it."""

# - `cumplido`: first published on or before the due date;
# - `cumplido-con-retraso`: first published after the due date;
# - `vencido`: the due date has passed and nothing is published;
# - `en-plazo`: nothing is published yet and the due date has not passed.
#
# `today` is a parameter, so the same history always gives the same statuses.

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from ..core.model import Commitment, InventoryItem, Party
from ..gitdata.history import History

STATUSES = ("cumplido", "cumplido-con-retraso", "vencido", "en-plazo")
FULFILLED = frozenset({"cumplido", "cumplido-con-retraso"})


@dataclass(frozen=True)
class CommitmentStatus:
    item: str
    title: str  # the inventory item's title ('' when the item is not in the inventory)
    due: dt.date | None
    status: str
    dataset: str | None  # "party/dataset" named by the item, whether published or not
    published: dt.date | None  # day of the first commit that added the dataset folder
    commit: str | None
    pointer: str  # JSON pointer of the commitment in opening-plan.yaml

    @property
    def days_late(self) -> int | None:
        if self.published and self.due and self.published > self.due:
            return (self.published - self.due).days
        return None

    @property
    def fulfilled(self) -> bool:
        return self.status in FULFILLED

    def as_dict(self) -> dict[str, Any]:
        return {
            "item": self.item,
            "title": self.title,
            "due": _iso(self.due),
            "status": self.status,
            "dataset": self.dataset,
            "published": _iso(self.published),
            "commit": self.commit,
            "days_late": self.days_late,
        }


def parse_day(value: Any) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def first_published(history: History, dataset_key: str, today: dt.date) -> tuple[dt.date, str] | None:
    """Day and commit of the first commit that added `datasets/<dataset_key>`, if on or before today."""
    created = history.created(f"datasets/{dataset_key}")
    if created is None:
        return None
    day = parse_day(created.day)
    return (day, created.commit) if day and day <= today else None


def commitment_status(due: dt.date | None, published: dt.date | None, today: dt.date) -> str:
    if published is not None:
        return "cumplido" if due is None or published <= due else "cumplido-con-retraso"
    return "vencido" if due is not None and due < today else "en-plazo"


def opening_plan_status(
    party: Party, history: History, today: dt.date, existing: set[str] | None = None
) -> list[CommitmentStatus]:
    """The status of each of the party's commitments, in the plan's order.

    `existing` is the set of dataset keys in the catalogue now: a dataset that was published and
    then removed no longer fulfils a commitment. None skips that test.
    """
    items = {item.id: item for item in party.inventory_items()}
    return plan_statuses(party.id, party.commitments(), items, history, today, existing)


def plan_statuses(
    party_id: str,
    commitments: list[Commitment],
    items: dict[str, InventoryItem],
    history: History,
    today: dt.date,
    existing: set[str] | None = None,
) -> list[CommitmentStatus]:
    """As `opening_plan_status`, for commitments and items already read (the indicators ask for
    the same plan at many dates)."""
    return [_status(c, items, party_id, history, today, existing) for c in commitments]


def _status(
    commitment: Commitment,
    items: dict[str, InventoryItem],
    party_id: str,
    history: History,
    today: dt.date,
    existing: set[str] | None,
) -> CommitmentStatus:
    item = items.get(commitment.item)
    key = f"{party_id}/{item.dataset}" if item is not None and item.dataset else None
    found = first_published(history, key, today) if key and (existing is None or key in existing) else None
    due = parse_day(commitment.due)
    published, commit = found if found else (None, None)
    return CommitmentStatus(
        commitment.item,
        item.title if item else "",
        due,
        commitment_status(due, published, today),
        key,
        published,
        commit,
        commitment.pointer,
    )


def summary(statuses: list[CommitmentStatus]) -> dict[str, int]:
    """How many commitments have each status."""
    counts = dict.fromkeys(STATUSES, 0)
    for s in statuses:
        counts[s.status] += 1
    return counts
