"""Stage 4, render (machine-readable exports): Whole-catalogue download: `catalogo.csv`, one row per
resource."""

# UTF-8 with a byte-order mark (so spreadsheet programs show accents), comma-separated, a header
# row. Spreadsheet-safe: every cell goes through `csvsafe.neutralise` (a cell that a spreadsheet
# would run as a formula is prefixed with an apostrophe; plain numbers stay numbers).

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..core.csvsafe import SafeWriter, neutralise
from ..core.resources import declared_format
from . import common

__all__ = ["COLUMNS", "CsvWriter", "neutralise", "rows"]

COLUMNS = [
    "party",
    "party_name",
    "level",
    "state",
    "dataset",
    "dataset_title",
    "dataset_url",
    "resource",
    "resource_title",
    "format",
    "media_type",
    "url",
    "license",
    "frequency",
    "themes",
    "keywords",
    "created",
    "updated",
]


def rows(facts: common.Facts) -> list[dict[str, Any]]:
    """The rows of one dataset's resources."""
    info, dataset, party = facts.info, facts.dataset, facts.party
    shared = {
        "party": dataset.party_id,
        "party_name": party.name if party else "",
        "level": party.level if party else "",
        "state": party.text("state") if party else "",
        "dataset": dataset.id,
        "dataset_title": dataset.title,
        "dataset_url": facts.url,
        "license": " ".join(facts.licenses),
        "frequency": dataset.text("frequency"),
        "themes": "; ".join(facts.themes),
        "keywords": "; ".join(facts.keywords),
        "created": common.issued(info),
        "updated": common.modified(info),
    }
    return [
        {
            **shared,
            "resource": r.resource.name,
            "resource_title": r.resource.data.get("title") or "",
            "format": r.format or declared_format(r.resource),
            "media_type": r.media,
            "url": r.url,
        }
        for r in facts.resources
    ]


class CsvWriter(common.Output):
    """`catalogo.csv`, streamed row by row."""

    def __init__(self, out: Path) -> None:
        super().__init__()
        handle = self.open(out / "catalogo.csv")
        handle.write("\ufeff")
        self.writer = SafeWriter(handle, lineterminator="\r\n")
        self.writer.writerow(COLUMNS)

    def party(self, party_id: str, facts: list[common.Facts]) -> list[list[Any]]:
        return [[row.get(column) for column in COLUMNS] for f in facts for row in rows(f)]

    def national(self, party_id: str, share: list[list[Any]]) -> None:
        self.writer.writerows(share)
