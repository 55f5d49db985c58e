"""Stage 4, render (machine-readable exports): Static JSON API: files any web server can host,
generated from the catalogue."""

# - `api/datasets.json`: every dataset with the fields needed for listing and faceting.
# - `api/datasets/<party>/<dataset>.json`: one dataset in full (its descriptor, dates, history,
#   URLs, stories and tools that use it).
# - `api/parties.json`, `api/parties/<party>.json`: reporting parties (profile and datasets).
# - `api/stories.json`, `api/tools.json`: success stories and tools.
# - `api/3/action/…` and `api/action/…`: a read-only CKAN API (`ckan.py`).
# - `api/openapi.json`: an OpenAPI 3.1 description of these files (`openapi.py`).
#
# Lists are written compactly (one line) because at national scale they are large; single records
# are indented.

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..core import urls
from ..core.model import Party
from ..gitdata.history import change_kind, subject_withheld
from ..measure.enriched import Enriched
from ..measure.joins import API_LIMIT
from . import common
from .datapackage import descriptor_json
from .openapi import openapi

SUMMARY_LENGTH = 280


def dataset_summary(enriched: Enriched, facts: common.Facts) -> dict[str, Any]:
    """The listing and faceting fields of one dataset."""
    info, dataset, party = facts.info, facts.dataset, facts.party
    description = " ".join(dataset.text("description").split())
    return {
        "id": dataset.key,
        "name": dataset.id,
        "title": dataset.title,
        "summary": description if len(description) <= SUMMARY_LENGTH else description[: SUMMARY_LENGTH - 1] + "…",
        "url": facts.url,
        "party": dataset.party_id,
        "party_name": party.name if party else dataset.party_id,
        "level": party.level if party else "",
        "power": party.text("power") if party else "",
        "state": party.text("state") if party else "",
        "municipality": party.text("municipality") if party else "",
        "themes": facts.themes,
        "keywords": facts.keywords,
        "formats": sorted({r.format for r in facts.resources if r.format}),
        "licenses": facts.licenses,
        "frequency": dataset.frequency,
        "gender_disaggregated": dataset.gender_disaggregated is True,
        "spatial_scope": dataset.spatial.get("scope", ""),
        "resources": len(facts.resources),
        "created": common.issued(info),
        "updated": common.modified(info),
        "quality_score": info.quality.score if info.quality else None,
        "timeliness": info.timeliness.status if info.timeliness else None,
    }


def dataset_record(enriched: Enriched, facts: common.Facts, summary: str) -> str:
    """The record: the summary's fields (`summary`: `dataset_summary` as `common.dumps_at(…, 0)`)
    then the full descriptor, history and uses, as indented JSON."""
    info = facts.info
    key = info.dataset.key
    rest = common.dumps_at(_record_rest(enriched, facts, info, key), 0)
    return f"{summary[:-2]},{rest[1:]}\n"  # the two objects' members joined: one object


def _record_rest(enriched: Enriched, facts: common.Facts, info: Any, key: str) -> dict[str, Any]:
    return {
        "datapackage_url": facts.url + "datapackage.json",
        "descriptor": common.Raw(common.indent(descriptor_json(facts), 1)),
        "history": [
            {
                "commit": c.commit,
                "date": c.date,
                "subject": "" if subject_withheld(c.subject) else common.clean(c.subject).strip(),
                "kind": change_kind(files),  # publicado, datos (its data changed) or descripcion
                "note": "" if subject_withheld(c.note("es")) else common.clean(c.note("es")),  # the publisher's
            }
            for c, files in zip(info.history, enriched.history.files_of(f"datasets/{key}", info.history), strict=True)
        ],
        "quality": info.quality.as_dict() if info.quality else None,
        "timeliness_detail": info.timeliness.as_dict() if info.timeliness else None,
        "stories": [s.id for s in enriched.stories_of.get(key, [])],
        "tools": [t.id for t in enriched.tools_of.get(key, [])],
        "keys": [_key(k) for k in (enriched.keys.get(key) or {}).get("keys", [])],
        "joinable": _joinable(enriched, facts.url, key),
    }


def _key(found: dict[str, Any]) -> dict[str, Any]:
    """A key the data check found in one of the dataset's tables (checks/keys.py)."""
    return {
        "resource": found.get("resource"),
        "kind": found.get("kind"),
        "form": found.get("form"),
        "fields": found.get("fields"),
        "count": found.get("count"),
        "values": found.get("values") if found.get("kind") in ("state", "municipality") else None,
    }


def _joinable(enriched: Enriched, url: str, key: str) -> dict[str, Any]:
    """The datasets that share a key with this one, best coverage first (measure/joins.py): up
    to API_LIMIT of them, with how many there are."""
    joins = list(enriched.joins.joins(key, API_LIMIT))
    base = url[: -len(urls.dataset_path(key))]
    return {
        "total": enriched.joins.count(key) if len(joins) >= API_LIMIT else len(joins),
        "datasets": [
            {
                "key": j.other,
                "url": base + urls.dataset_path(j.other),
                "kind": j.kind,
                "shared": j.shared,
                "of": j.universe,
            }
            for j in joins
        ],
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


def party_record(enriched: Enriched, party: Party, base_url: str, summaries: list[str]) -> dict[str, Any]:
    """The party's profile and its datasets (`summaries` encoded as in `dataset_record`, in key
    order, which is `id` order)."""
    return {
        **party_summary(enriched, party, base_url),
        "profile": dict(party.data),
        "dataset_list": [common.Raw(common.indent(s, 2)) for s in summaries],
    }


def _entries(records: dict[str, Any]) -> list[dict[str, Any]]:
    return [{"id": r.id, **{k: v for k, v in r.data.items() if k != "id"}} for _, r in sorted(records.items())]


class ApiWriter(common.Output):
    """The static API: lists streamed, one file per dataset and per party."""

    def __init__(self, enriched: Enriched, out: Path, base_url: str) -> None:
        super().__init__()
        self.enriched, self.api, self.base_url = enriched, out / "api", base_url
        items = common.JsonList.ITEMS
        self.datasets = common.JsonList(self.open(self.api / "datasets.json"), items, False)
        self.parties_done: set[str] = set()

    def party(self, party_id: str, facts: list[common.Facts]) -> dict[str, list[str]]:
        summaries, listed = [], []
        for f in facts:
            summary = dataset_summary(self.enriched, f)
            listed.append(common.compact(summary))
            summaries.append(common.dumps_at(summary, 0))
            path = self.api / "datasets" / f.dataset.party_id / f"{f.dataset.id}.json"
            self.write(path, dataset_record(self.enriched, f, summaries[-1]))
        party = self.enriched.catalogue.parties.get(party_id)
        if party is not None:
            self._party_record(party, summaries)
        return {"datasets": listed}

    def national(self, party_id: str, share: dict[str, list[str]]) -> None:
        for summary in share["datasets"]:
            self.datasets.add(summary)
        if party_id in self.enriched.catalogue.parties:
            self.parties_done.add(party_id)

    def _party_record(self, party: Party, summaries: list[str]) -> None:
        self.parties_done.add(party.id)
        record = party_record(self.enriched, party, self.base_url, summaries)
        self.write(self.api / "parties" / f"{party.id}.json", common.dumps(record))

    def finish(self) -> None:
        self.datasets.close()
        catalogue = self.enriched.catalogue
        parties = sorted(catalogue.parties.values(), key=lambda p: p.id)
        for party in parties:
            if party.id not in self.parties_done:
                self._party_record(party, [])
        lists = {
            self.api / "parties.json": [party_summary(self.enriched, p, self.base_url) for p in parties],
            self.api / "stories.json": _entries(catalogue.stories),
            self.api / "tools.json": _entries(catalogue.tools),
        }
        for path, value in lists.items():
            self.write(path, common.compact(value) + "\n")
        self.write(self.api / "openapi.json", common.dumps(openapi(self.base_url)))
