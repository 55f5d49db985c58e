"""Stage 3, enrich (measurements): Historical records (`history/<source>/<party>.yaml`): a party's
past commitments and publications as an imported source recorded them (ADELA, datos.gob.mx 2015)."""

# A record lives outside the party's folders, so the party's maintainers cannot change it: CODEOWNERS
# gives `history/` to the national reviewers alone and the pull-request check refuses anyone else
# (checks/ownership.py, `not-a-maintainer`). What it says therefore counts as evidence that a date a
# party types cannot be: a commitment it lists, in the plan it records (same start, same item, same
# due date), is met by the publication it records. Before git holds the party's plan (the
# baseline's dates), the record's own commitments are the plan. Malformed entries are skipped here;
# validation reports them against schemas/history-record.json.

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from ..core import values
from ..core.model import Party


@dataclass(frozen=True)
class RecordedCommitment:
    item: str
    due: dt.date
    published: dt.date | None  # when the source shows it published; None: never, as far as it knows


@dataclass(frozen=True)
class HistoryRecord:
    path: str  # history/<source>/<party>.yaml
    source: str  # the folder: "adela-2015"
    start: dt.date  # the recorded plan's first day
    baseline: dt.date | None  # the cut-off the record is a baseline for ("2016-12-31")
    commitments: tuple[RecordedCommitment, ...]
    _index: dict[tuple[str, dt.date], RecordedCommitment] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        for c in reversed(self.commitments):  # the first of two alike wins
            self._index[(c.item, c.due)] = c

    def vouches(self, item: str, due: dt.date | None) -> RecordedCommitment | None:
        """The recorded commitment with this item and due date, if any."""
        return self._index.get((item, due)) if due is not None else None


def _day(value: object) -> dt.date | None:
    text = values.text(value)
    try:
        return dt.date.fromisoformat(text) if len(text) == 10 else None
    except ValueError:
        return None


def read_record(party: Party, path: str) -> HistoryRecord | None:
    """The record at `path` (parsed once by the catalogue's files), None when it has no plan start."""
    doc = party.files.document(path)
    data = values.mapping(doc.data if doc is not None else None)
    start = _day(values.mapping(data.get("period")).get("start"))
    if start is None:
        return None
    published = {
        values.text(p.get("dataset")): day
        for p in values.mappings(data.get("publications"))
        if (day := _day(p.get("published"))) is not None
    }
    commitments = []
    for raw in values.mappings(data.get("commitments")):
        due = _day(raw.get("due"))
        item = values.text(raw.get("item"))
        if item and due is not None:
            dataset = values.text(raw.get("dataset"))
            commitments.append(RecordedCommitment(item, due, published.get(dataset) if dataset else None))
    source = path.split("/")[1] if path.count("/") >= 2 else path
    return HistoryRecord(path, source, start, _day(data.get("baseline")), tuple(commitments))


def records_of(party: Party) -> tuple[HistoryRecord, ...]:
    """The party's readable records, in path order."""
    found = (read_record(party, path) for path in sorted(party.record_paths))
    return tuple(r for r in found if r is not None)
