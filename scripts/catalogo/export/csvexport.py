"""Whole-catalogue download: `catalogo.csv`, one row per resource.

UTF-8 with a byte-order mark (so spreadsheet programs show accents), comma-separated, a header
row. Spreadsheet-safe: a cell that begins with `=`, `+`, `-`, `@`, a tab or a carriage return
is prefixed with an apostrophe, so a spreadsheet never runs it as a formula (formula
injection)."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

from ..enrich import Enriched
from . import common

COLUMNS = [
    "party", "party_name", "level", "state", "dataset", "dataset_title", "dataset_url",
    "resource", "resource_title", "format", "media_type", "url", "license", "frequency",
    "themes", "keywords", "created", "updated",
]
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: Any) -> str:
    """The text of a cell, made inert for spreadsheets."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def rows(enriched: Enriched, base_url: str) -> list[dict[str, Any]]:
    result = []
    for key in sorted(enriched.datasets):
        info = enriched.datasets[key]
        dataset = info.dataset
        party = enriched.party_of(dataset)
        shared = {
            "party": dataset.party_id, "party_name": party.name if party else "",
            "level": party.level if party else "", "state": party.text("state") if party else "",
            "dataset": dataset.id, "dataset_title": dataset.title,
            "dataset_url": common.dataset_url(base_url, dataset),
            "license": " ".join(common.license_urls(dataset)), "frequency": dataset.text("frequency"),
            "themes": "; ".join(common.themes(dataset)), "keywords": "; ".join(common.keywords(dataset)),
            "created": common.issued(info), "updated": common.modified(info),
        }
        for resource in dataset.resources:
            result.append({**shared, "resource": resource.name,
                           "resource_title": resource.data.get("title") or "",
                           "format": common.format_of(resource) or resource.format,
                           "media_type": common.media_type(resource),
                           "url": common.resource_url(base_url, dataset, resource)})
    return result


def catalogue_csv(enriched: Enriched, base_url: str) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for row in rows(enriched, base_url):
        writer.writerow([neutralise(row.get(column)) for column in COLUMNS])
    return "\ufeff" + buffer.getvalue()


def write_csv(enriched: Enriched, out: Path, base_url: str) -> list[Path]:
    target = out / "catalogo.csv"
    common.write_text(target, catalogue_csv(enriched, base_url))
    return [target]
