"""Stage 4, render (machine-readable exports): schema.org `Dataset` JSON-LD for every dataset page,
with the properties Google Dataset Search reads."""

# Also: name, description, url, identifier, keywords, license, creator and publisher,
# temporalCoverage, spatialCoverage, distribution (DataDownload with encodingFormat and
# contentUrl), dateCreated and dateModified (from git).
#
# The value is a plain JSON-able dict; the page template embeds it in a
# `<script type="application/ld+json">` (escaping `<`, so a description cannot close the tag).

from __future__ import annotations

from typing import Any

from ..core.model import Party
from ..core.resources import media_type
from ..core.vocab import fold, vocabularies
from ..measure.enriched import DatasetInfo, Enriched
from . import common

RELATED_IN_PAGE = 10  # the JSON-LD is in every dataset page: it names the ten best joins


def dataset_jsonld(enriched: Enriched, info: DatasetInfo, base_url: str) -> dict[str, Any]:
    dataset = info.dataset
    party = enriched.party_of(dataset)
    url = common.dataset_url(base_url, dataset)
    doc: dict[str, Any] = {
        "@context": "https://schema.org/",
        "@type": "Dataset",
        "@id": url,
        "name": dataset.title,
        "description": dataset.text("description").strip() or dataset.title,
        "url": url,
        "identifier": url,
        "inLanguage": "es-MX",
        "isAccessibleForFree": True,
    }
    optional = {
        "keywords": _keywords(dataset),
        "license": _license(dataset),
        "creator": _organization(party, base_url),
        "publisher": _organization(party, base_url),
        "temporalCoverage": _temporal(dataset),
        "spatialCoverage": _spatial(dataset),
        "distribution": _distributions(info, base_url),
        "dateCreated": common.issued(info),
        "dateModified": common.modified(info),
        "version": dataset.text("version") or None,
        "isBasedOn": dataset.text("homepage") or None,
        "isRelatedTo": [  # the best joins (measure/joins.py); the page lists more, the API record all
            {"@id": common.dataset_url(base_url, enriched.datasets[j.other].dataset)}
            for j in enriched.joins.joins(dataset.key, RELATED_IN_PAGE)
        ],
    }
    doc.update({k: v for k, v in optional.items() if v})
    return doc


def _keywords(dataset: Any) -> list[str]:
    vocab = vocabularies()
    words = common.keywords(dataset)
    words += [vocab.label("themes", t) for t in common.themes(dataset)]
    unique: dict[str, str] = {}
    for word in words:
        unique.setdefault(fold(word), word)
    return list(unique.values())


def _license(dataset: Any) -> str | list[str] | None:
    urls = common.license_urls(dataset)
    return urls[0] if len(urls) == 1 else (urls or None)


def _organization(party: Party | None, base_url: str) -> dict[str, Any] | None:
    if party is None:
        return None
    org: dict[str, Any] = {
        "@type": "GovernmentOrganization",
        "name": party.name,
        "url": common.party_url(base_url, party.id),
    }
    if party.text("acronym"):
        org["alternateName"] = party.text("acronym")
    if party.text("website"):
        org["sameAs"] = party.text("website")
    return org


def _temporal(dataset: Any) -> str | None:
    start, end = common.temporal(dataset)
    if not start:
        return None
    return f"{start}/{end}" if end else f"{start}/.."


def _spatial(dataset: Any) -> list[dict[str, Any]] | dict[str, Any] | None:
    places = [{"@type": "Place", "name": name} for name in common.places(dataset)]
    if not places:
        return None
    return places[0] if len(places) == 1 else places


def _distributions(info: DatasetInfo, base_url: str) -> list[dict[str, Any]]:
    result = []
    for resource in info.dataset.resources:
        url = common.resource_url(base_url, info.dataset, resource)
        if not url:
            continue
        item: dict[str, Any] = {
            "@type": "DataDownload",
            "name": resource.data.get("title") or resource.name,
            "contentUrl": url,
        }
        media = media_type(resource)
        if media:
            item["encodingFormat"] = media
        if isinstance(resource.data.get("bytes"), int):
            item["contentSize"] = f"{resource.data['bytes']} B"
        result.append(item)
    return result
