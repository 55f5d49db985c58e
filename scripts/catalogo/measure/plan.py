"""Stage 3, enrich (measurements): Policy action 1.3, the opening plan: the status of each commitment,
computed from what is published. "Published" means the first git commit that added the dataset
folder named by the inventory item's `dataset`: a date the party types cannot move it."""

# - `cumplido`: first published on or before the due date;
# - `cumplido-con-retraso`: first published after the due date;
# - `vencido`: the due date has passed and nothing is published;
# - `en-plazo`: nothing is published yet and the due date has not passed;
# - `ya-publicado`: the dataset was open before the plan's period began (its first commit, or the
#   first publication its descriptor's `created` gives, if earlier), so it fulfils no new
#   commitment: never counted as met (validation reports it as `commitment-met-before-plan`).
#
# `today` is a parameter, so the same history always gives the same statuses. A date the party
# types never makes a commitment met; `created` can only make it `ya-publicado`. A national
# historical record (records.py, which parties cannot change) that lists the commitment (its plan's
# start, item and due date) gives its publication day when git has none earlier.

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Container, Mapping
from dataclasses import dataclass
from typing import Any

from ..core import values
from ..core.model import Commitment, Dataset, InventoryItem, Party
from ..gitdata.history import History
from .records import HistoryRecord, records_of

ALREADY_PUBLISHED = "ya-publicado"
STATUSES = ("cumplido", "cumplido-con-retraso", "vencido", "en-plazo", ALREADY_PUBLISHED)
FULFILLED = frozenset({"cumplido", "cumplido-con-retraso"})


@dataclass(frozen=True)
class CommitmentStatus:
    item: str
    title: str  # the inventory item's title ('' when the item is not in the inventory)
    due: dt.date | None
    status: str
    dataset: str | None  # "party/dataset" named by the item, whether published or not
    published: dt.date | None  # day of the first commit that added the dataset folder (`ya-publicado`: or `created`)
    commit: str | None  # that commit (None when `created` or a record gave the day)
    pointer: str  # JSON pointer of the commitment in opening-plan.yaml
    record: str | None = None  # the historical record that gave the day ("adela-2015"), None for git

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
            **({"record": self.record} if self.record else {}),
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


def declared_publication(dataset: Dataset | None) -> dt.date | None:
    """The first publication the descriptor's `created` declares (an import keeps the source
    catalogue's date there): YYYY, YYYY-MM or YYYY-MM-DD, read as the latest day it can mean."""
    parts = (values.text(dataset.get("created"))[:10] if dataset is not None else "").split("-")
    if not (len(parts) <= 3 and len(parts[0]) == 4 and all(p.isdigit() for p in parts)):
        return None
    try:
        year, month = int(parts[0]), int(parts[1]) if len(parts) > 1 else 12
        return dt.date(year, month, int(parts[2]) if len(parts) > 2 else calendar.monthrange(year, month)[1])
    except ValueError:  # calendar's IllegalMonthError is one
        return None


def plan_start(party: Party) -> dt.date | None:
    """The first day of the plan's period, when it is a date."""
    period = values.mapping(party.plan.data if party.plan is not None else None).get("period")
    start = values.text(period.get("start")) if isinstance(period, dict) else ""
    return parse_day(start) if len(start) == 10 else None


def commitment_status(due: dt.date | None, published: dt.date | None, today: dt.date) -> str:
    if published is not None:
        return "cumplido" if due is None or published <= due else "cumplido-con-retraso"
    return "vencido" if due is not None and due < today else "en-plazo"


@dataclass(frozen=True)
class Plan:
    """A party's plan as read once: the indicators ask for its statuses at many dates."""

    party_id: str
    commitments: list[Commitment]
    items: dict[str, InventoryItem]
    start: dt.date | None  # the period's first day
    records: tuple[HistoryRecord, ...] = ()  # the party's national historical records

    @classmethod
    def of(cls, party: Party) -> Plan:
        items = {i.id: i for i in party.inventory_items()}
        return cls(party.id, party.commitments(), items, plan_start(party), records_of(party))

    def recorded_on(self, day: dt.date) -> bool:
        """A historical record shows the party with a plan on `day`."""
        return any(r.start <= day for r in self.records)

    def recorded(self, day: dt.date) -> Plan:
        """The plan as the historical records show it on `day` (no commitments when none does): what
        counts on the dates before git holds the party's plan."""
        records = [r for r in self.records if r.start <= day]
        commitments = [
            Commitment(c.item, c.due.isoformat(), f"{r.path}#/commitments/{i}", {})
            for r in records
            for i, c in enumerate(r.commitments)
        ]
        start = min((r.start for r in records), default=None)
        return Plan(self.party_id, commitments, self.items, start, self.records)


def opening_plan_status(
    party: Party,
    history: History,
    today: dt.date,
    existing: Container[str] | None = None,
    datasets: Mapping[str, Dataset] | None = None,
) -> list[CommitmentStatus]:
    """The status of each of the party's commitments, in the plan's order.

    `existing` is the set of dataset keys in the catalogue now: a dataset that was published and
    then removed no longer fulfils a commitment. None skips that test. `datasets` (by key) give
    the `created` dates that can make a commitment `ya-publicado`; None reads git alone.
    """
    return plan_statuses(Plan.of(party), history, today, existing, datasets)


def plan_statuses(
    plan: Plan,
    history: History,
    today: dt.date,
    existing: Container[str] | None = None,
    datasets: Mapping[str, Dataset] | None = None,
) -> list[CommitmentStatus]:
    """As `opening_plan_status`, for a plan already read."""
    return [_status(c, plan, history, today, existing, datasets) for c in plan.commitments]


def _status(
    commitment: Commitment,
    plan: Plan,
    history: History,
    today: dt.date,
    existing: Container[str] | None,
    datasets: Mapping[str, Dataset] | None,
) -> CommitmentStatus:
    item = plan.items.get(commitment.item)
    key = f"{plan.party_id}/{item.dataset}" if item is not None and item.dataset else None
    found = first_published(history, key, today) if key and (existing is None or key in existing) else None
    due = parse_day(commitment.due)
    published, commit = found if found else (None, None)
    record, recorded = _recorded(plan, commitment.item, due, today)
    if recorded is not None and (published is None or recorded < published):
        published, commit = recorded, None
    else:
        record = None
    status = commitment_status(due, published, today)
    if published is not None and plan.start is not None:
        declared = declared_publication(datasets.get(key)) if key and datasets is not None else None
        if declared is not None and declared < min(published, plan.start):
            published, commit, record = declared, None, None  # the source catalogue published it first
        if published < plan.start:
            status = ALREADY_PUBLISHED
    return CommitmentStatus(
        commitment.item,
        item.title if item else "",
        due,
        status,
        key,
        published,
        commit,
        commitment.pointer,
        record,
    )


def _recorded(plan: Plan, item: str, due: dt.date | None, today: dt.date) -> tuple[str | None, dt.date | None]:
    """The record and day of the earliest publication, on or before today, that a historical record
    shows for this very commitment: in the recorded plan (same start), same item, same due date. A
    plan of another period borrows nothing from a record, so recorded commitments picked into it
    count only by git."""
    found: tuple[str | None, dt.date | None] = (None, None)
    for record in plan.records:
        vouched = record.vouches(item, due) if record.start == plan.start else None
        day = vouched.published if vouched is not None else None
        if day is not None and day <= today and (found[1] is None or day < found[1]):
            found = (record.source, day)
    return found


def summary(statuses: list[CommitmentStatus]) -> dict[str, int]:
    """How many commitments have each status."""
    counts = dict.fromkeys(STATUSES, 0)
    for s in statuses:
        counts[s.status] += 1
    return counts
