"""Importers (`catalogo import`): Import from a DCAT-US `data.json` (Project Open Data 1.0/1.1, as
datos.gob.mx harvested it, and as this catalogue publishes it)."""

# Mapping: publisher -> party (or `--party`), its `subOrganizationOf` chain -> level and place when
# it is the one this catalogue writes (export/datajson.py); identifier -> `id` (kept, so an export
# gives it back); title, description, keyword, theme (and superTheme, EU data themes) -> the same;
# license URL or title -> license; accrualPeriodicity -> frequency; contactPoint (fn, hasEmail) ->
# contact; temporal, spatial -> coverage; landingPage -> homepage; issued -> created; distribution
# (downloadURL, else accessURL) -> resources kept as URLs, with their `field` list (an extension
# of Argentina's datos.gob.ar profile) as a Table Schema. An entry whose landingPage is
# .../datos/<party>/<dataset>/ and whose describedBy is the datapackage.json beside it comes from
# a catalogue like this one: those ids are kept, and the Data Package is read (package.py).
# Datasets with accessLevel "non-public" are not imported.

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from ..core import urls
from ..core.problems import Problem, problem
from .common import Fetcher, ImportSummary, read_source
from .mapping import SourceDataset, SourceOrganisation, SourceResource, text
from .package import DescribedBy, apply_package
from .places import chain_place, organisation_chain
from .run import ImportOptions, import_records
from .sniff import DATAJSON, looks_like_datasets, not_a_catalogue

_IDS = re.compile(rf"/{re.escape(urls.CATALOGUE)}([a-z0-9]+(?:-[a-z0-9]+)*)/([a-z0-9]+(?:-[a-z0-9]+)*)/$")


def datasets_of(value: Any, source: str = "") -> list[dict[str, Any]]:
    """The entries of a data.json (a catalogue object, or a bare list as in DCAT-US 1.0); anything
    else (ADELA's institution list, a Data Package, a CKAN response) is refused saying what it is."""
    if isinstance(value, dict) and isinstance(value.get("dataset"), list):
        return [d for d in value["dataset"] if isinstance(d, dict)]
    if not isinstance(value, list) or not looks_like_datasets(value):
        raise not_a_catalogue(source, value, DATAJSON)
    return [d for d in value if isinstance(d, dict)]


def _words(value: Any) -> list[str]:
    if isinstance(value, str):
        return [w.strip() for w in value.split(",") if w.strip()]
    return [text(w) for w in value or [] if text(w)] if isinstance(value, list) else []


def catalogue_ids(entry: dict[str, Any]) -> tuple[str, str] | None:
    """(party id, dataset id) of an entry published by a catalogue like this one: its landingPage
    is .../datos/<party>/<dataset>/ and its describedBy the datapackage.json beside it."""
    landing, described = text(entry.get("landingPage")), text(entry.get("describedBy"))
    if not landing or described != landing + urls.DATAPACKAGE:
        return None
    found = _IDS.search(urlsplit(landing).path)
    return (found[1], found[2]) if found else None


def _publisher(entry: dict[str, Any]) -> SourceOrganisation | None:
    raw = entry.get("publisher")
    name = text(raw.get("name")) if isinstance(raw, dict) else text(raw)
    if not name:
        return None
    ids = catalogue_ids(entry)
    return SourceOrganisation(
        key=ids[0] if ids else name,
        name=name,
        party_id=ids[0] if ids else "",
        place=chain_place(organisation_chain(raw)),
    )


def _resources(entry: dict[str, Any]) -> list[SourceResource]:
    result = []
    for raw in entry.get("distribution") or []:
        if isinstance(raw, dict):
            size = raw.get("byteSize")
            fields = raw.get("field")
            result.append(
                SourceResource(
                    name=text(raw.get("title")),
                    title=text(raw.get("title")),
                    url=text(raw.get("downloadURL")) or text(raw.get("accessURL")),
                    format=text(raw.get("format")),
                    mediatype=text(raw.get("mediaType")),
                    description=text(raw.get("description")),
                    size=size if isinstance(size, int) else None,
                    fields=[f for f in fields if isinstance(f, dict)] if isinstance(fields, list) else [],
                )
            )
    return result


def to_source(entry: dict[str, Any]) -> SourceDataset:
    raw_contact = entry.get("contactPoint")
    contact: dict[str, Any] = raw_contact if isinstance(raw_contact, dict) else {}
    ids = catalogue_ids(entry)
    return SourceDataset(
        identifier=text(entry.get("identifier")),
        name=ids[1] if ids else text(entry.get("title")),
        title=text(entry.get("title")),
        description=text(entry.get("description")),
        organisation=_publisher(entry),
        keywords=_words(entry.get("keyword")),
        themes=_words(entry.get("theme")) + _words(entry.get("superTheme")),
        license_id="",
        license_url=text(entry.get("license")),
        license_title="",
        frequency=text(entry.get("accrualPeriodicity")),
        contact_name=text(contact.get("fn")),
        contact_email=text(contact.get("hasEmail")),
        homepage=text(entry.get("landingPage")),
        created=text(entry.get("issued")),
        temporal=text(entry.get("temporal")),
        spatial=text(entry.get("spatial")),
        resources=_resources(entry),
        public=text(entry.get("accessLevel")) != "non-public",
    )


def import_datajson(
    source: str, root: Path, options: ImportOptions | None = None, fetcher: Fetcher | None = None
) -> ImportSummary:
    """Import a data.json (file or URL) into the catalogue at `root`."""
    options = options or ImportOptions()
    catalogue = read_source(source, fetcher)
    entries = datasets_of(catalogue, source)
    if source.lower().startswith(("http://", "https://")) and not options.source_url:
        options.source_url = source
    described = DescribedBy(source, catalogue, fetcher)
    records, notes = [], []
    for index, entry in enumerate(entries):
        record = to_source(entry)
        package, unreadable = described.read(entry, index)
        notes += [unreadable] if unreadable else []
        if package is not None:
            notes += _refused(source, index, apply_package(record, package))
        records.append(record)
    return import_records(records, root, source, options, notes)


def _refused(source: str, index: int, refused: list[tuple[str, Any]]) -> list[Problem]:
    return [
        problem(
            "import-unmapped-value",
            source,
            None,
            None,
            f"/dataset/{index}/describedBy",
            property=name,
            found=str(value)[:200],
        )
        for name, value in refused
    ]
