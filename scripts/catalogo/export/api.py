"""Static JSON API: files any web server can host, generated from the catalogue.

- `api/datasets.json`: every dataset with the fields needed for listing and faceting.
- `api/datasets/<party>/<dataset>.json`: one dataset in full (its descriptor, dates, history,
  URLs, stories and tools that use it).
- `api/parties.json`, `api/parties/<party>.json`: reporting parties (profile and datasets).
- `api/stories.json`, `api/tools.json`: success stories and tools.
- `api/3/action/package_list.json`, `api/3/action/organization_list.json`: the names CKAN
  clients expect, in CKAN's envelope (`{"help", "success", "result"}`); package names are the
  dataset keys `<party>/<dataset>`.
- `api/openapi.json`: an OpenAPI 3.1 description of these files (`openapi.py`).

Lists are written compactly (one line) because at national scale they are large; single records
are indented.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ..enrich import DatasetInfo, Enriched
from ..model import Party
from . import common
from .datapackage import descriptor
from .openapi import openapi

SUMMARY_LENGTH = 280


def dataset_summary(enriched: Enriched, info: DatasetInfo, base_url: str) -> dict[str, Any]:
    """The listing and faceting fields of one dataset."""
    dataset = info.dataset
    party = enriched.party_of(dataset)
    description = " ".join(dataset.text("description").split())
    return {
        "id": dataset.key,
        "name": dataset.id,
        "title": dataset.title,
        "summary": description if len(description) <= SUMMARY_LENGTH else description[:SUMMARY_LENGTH - 1] + "…",
        "url": common.dataset_url(base_url, dataset),
        "party": dataset.party_id,
        "party_name": party.name if party else dataset.party_id,
        "level": party.level if party else "",
        "power": party.text("power") if party else "",
        "state": party.text("state") if party else "",
        "municipality": party.text("municipality") if party else "",
        "themes": common.themes(dataset),
        "keywords": common.keywords(dataset),
        "formats": sorted({f for r in dataset.resources if (f := common.format_of(r))}),
        "licenses": common.license_urls(dataset),
        "frequency": dataset.text("frequency"),
        "gender_disaggregated": dataset.get("gender_disaggregated") is True,
        "spatial_scope": (dataset.get("spatial") or {}).get("scope", "") if isinstance(dataset.get("spatial"), dict) else "",
        "resources": len(dataset.resources),
        "created": common.issued(info),
        "updated": common.modified(info),
        "quality_score": info.quality.score if info.quality else None,
        "timeliness": info.timeliness.status if info.timeliness else None,
    }


def dataset_record(enriched: Enriched, info: DatasetInfo, base_url: str) -> dict[str, Any]:
    key = info.dataset.key
    return {
        **dataset_summary(enriched, info, base_url),
        "datapackage_url": common.dataset_url(base_url, info.dataset) + "datapackage.json",
        "descriptor": descriptor(info, base_url),
        "history": [{"commit": c.commit, "date": c.date, "subject": common.clean(c.subject).strip()} for c in info.history],
        "quality": info.quality.as_dict() if info.quality else None,
        "timeliness_detail": info.timeliness.as_dict() if info.timeliness else None,
        "stories": [s.id for s in enriched.stories_of.get(key, [])],
        "tools": [t.id for t in enriched.tools_of.get(key, [])],
    }


def party_summary(enriched: Enriched, party: Party, base_url: str) -> dict[str, Any]:
    return {
        "id": party.id,
        "name": party.name,
        "acronym": party.text("acronym"),
        "level": party.level,
        "power": party.text("power"),
        "state": party.text("state"),
        "municipality": party.text("municipality"),
        "url": common.party_url(base_url, party.id),
        "datasets": len(enriched.catalogue.datasets_of(party.id)),
    }


def party_record(enriched: Enriched, party: Party, base_url: str) -> dict[str, Any]:
    profile = dict(party.data)
    datasets = sorted(enriched.catalogue.datasets_of(party.id), key=lambda d: d.id)
    return {
        **party_summary(enriched, party, base_url),
        "profile": profile,
        "dataset_list": [dataset_summary(enriched, enriched.datasets[d.key], base_url) for d in datasets
                         if d.key in enriched.datasets],
    }


def _entries(records: dict[str, Any]) -> list[dict[str, Any]]:
    return [{"id": r.id, **{k: v for k, v in r.data.items() if k != "id"}} for _, r in sorted(records.items())]


def ckan(result: Any, action: str) -> dict[str, Any]:
    return {"help": f"https://docs.ckan.org/en/2.10/api/index.html#ckan.logic.action.get.{action}",
            "success": True, "result": result}


def _compact(path: Path, value: Any) -> None:
    common.write_text(path, json.dumps(value, ensure_ascii=False, separators=(",", ":")) + "\n")


def write_api(enriched: Enriched, out: Path, base_url: str) -> list[Path]:
    api = out / "api"
    parties = sorted(enriched.catalogue.parties.values(), key=lambda p: p.id)
    infos = [enriched.datasets[k] for k in sorted(enriched.datasets)]
    lists = {
        api / "datasets.json": [dataset_summary(enriched, i, base_url) for i in infos],
        api / "parties.json": [party_summary(enriched, p, base_url) for p in parties],
        api / "stories.json": _entries(enriched.catalogue.stories),
        api / "tools.json": _entries(enriched.catalogue.tools),
        api / "3/action/package_list.json": ckan([i.dataset.key for i in infos], "package_list"),
        api / "3/action/organization_list.json": ckan([p.id for p in parties], "organization_list"),
    }
    for path, value in lists.items():
        _compact(path, value)
    written = list(lists)
    for info in infos:
        path = api / "datasets" / info.dataset.party_id / f"{info.dataset.id}.json"
        common.write_json(path, dataset_record(enriched, info, base_url))
        written.append(path)
    for party in parties:
        path = api / "parties" / f"{party.id}.json"
        common.write_json(path, party_record(enriched, party, base_url))
        written.append(path)
    common.write_json(api / "openapi.json", openapi(base_url))
    written.append(api / "openapi.json")
    return written
