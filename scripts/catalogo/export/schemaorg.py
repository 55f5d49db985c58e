"""Stage 4, render (machine-readable exports): schema.org `Dataset` JSON-LD for every dataset page,
with the properties Google Dataset Search reads."""

# Also: name, description (plain text: the descriptor's Markdown rendered and its tags dropped),
# url, identifier, keywords, license, creator and publisher, temporalCoverage, spatialCoverage,
# distribution (DataDownload with encodingFormat and contentUrl), variableMeasured (the fields of
# its tables' schemas), includedInDataCatalog (the national catalogue), version (the declared one,
# else the dataset's revision: how many commits changed it), datePublished and dateCreated (the
# first publication: the source's date when the descriptor keeps an earlier one, else git's first
# commit) and dateModified (git).
#
# The value is a plain JSON-able dict; the page template embeds it in a
# `<script type="application/ld+json">` (escaping `<`, so a description cannot close the tag).

from __future__ import annotations

from functools import cache
from html.parser import HTMLParser
from typing import Any

import markdown

from ..core.model import Party
from ..core.resources import media_type
from ..core.urls import SiteUrls
from ..core.vocab import fold, vocabularies
from ..measure.enriched import DatasetInfo, Enriched
from . import common

RELATED_IN_PAGE = 10  # the JSON-LD is in every dataset page: it names the ten best joins
VARIABLES = 200  # fields named in variableMeasured, at most


def dataset_jsonld(enriched: Enriched, info: DatasetInfo, base_url: str) -> dict[str, Any]:
    dataset = info.dataset
    party = enriched.party_of(dataset)
    url = common.dataset_url(base_url, dataset)
    doc: dict[str, Any] = {
        "@context": "https://schema.org/",
        "@type": "Dataset",
        "@id": url,
        "name": dataset.title,
        "description": plain_text(dataset.text("description")) or dataset.title,
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
        "variableMeasured": _variables(dataset),
        "includedInDataCatalog": _catalog(enriched, base_url),
        "datePublished": common.issued(info),
        "dateCreated": common.issued(info),
        "dateModified": common.modified(info),
        "version": dataset.text("version").strip() or (str(len(info.history)) if info.history else None),
        "isBasedOn": dataset.text("homepage") or None,
        "isRelatedTo": [  # the best joins (measure/joins.py); the page lists more, the API record all
            {"@id": common.dataset_url(base_url, enriched.datasets[j.other].dataset)}
            for j in enriched.joins.joins(dataset.key, RELATED_IN_PAGE)
        ],
    }
    doc.update({k: v for k, v in optional.items() if v})
    return doc


def plain_text(text: str) -> str:
    """Markdown as plain text: rendered, tags dropped, entities decoded, a line per block."""
    if not text.strip():
        return ""
    converter = _converter()
    converter.reset()
    reader = _TextOf()
    reader.feed(converter.convert(text))
    reader.close()
    lines = (" ".join(line.split()) for line in "".join(reader.parts).split("\n"))
    return "\n".join(line for line in lines if line)


@cache
def _converter() -> markdown.Markdown:
    """One converter, reset between texts (building one costs more than converting a description)."""
    return markdown.Markdown(extensions=["tables", "fenced_code", "sane_lists"], output_format="html")


class _TextOf(HTMLParser):
    """The text of HTML: a line break around blocks, a space between cells, scripts and styles dropped."""

    BLOCKS = frozenset({"p", "li", "br", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "tr", "blockquote", "hr", "div"})
    HIDDEN = frozenset({"script", "style"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = self.code = 0

    def handle_data(self, data: str) -> None:
        if not self.hidden:  # outside code blocks a line break is a space (the markup's, or a soft one)
            self.parts.append(data if self.code else data.replace("\n", " "))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.code += tag == "pre"
        if tag in self.HIDDEN:
            self.hidden += 1
        elif tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        self.code = max(0, self.code - (tag == "pre"))
        if tag in self.HIDDEN:
            self.hidden = max(0, self.hidden - 1)
        elif tag in self.BLOCKS:
            self.parts.append("\n")
        elif tag in ("td", "th"):
            self.parts.append(" ")


def _catalog(enriched: Enriched, base_url: str) -> dict[str, Any]:
    """The national catalogue (the `dcat:Catalog` of catalogo.ttl)."""
    base = SiteUrls.of(base_url).base
    site = enriched.config.get("site") or {}
    return {"@type": "DataCatalog", "@id": f"{base}catalogo", "name": site.get("name_es") or base, "url": base}


def _variables(dataset: Any) -> list[str]:
    """The fields of the dataset's table schemas, each once, by name: schema.org's Text form, since
    the JSON-LD is in every dataset page (titles and descriptions are in the Data Package)."""
    found: dict[str, None] = {}
    for resource in dataset.resources:
        schema = resource.data.get("schema")
        fields = schema.get("fields") if isinstance(schema, dict) else None
        for field in fields if isinstance(fields, list) else []:
            name = field.get("name") if isinstance(field, dict) else None
            if isinstance(name, str) and name.strip() and len(found) < VARIABLES:
                found.setdefault(name)
    return list(found)


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
