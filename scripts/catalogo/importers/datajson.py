"""Importers (`catalogo import`): Import from a DCAT-US `data.json` (Project Open Data 1.0/1.1, as
datos.gob.mx harvested it)."""

# Mapping: publisher -> party (or `--party`); identifier -> `id` (kept, so an export gives it back);
# title, description, keyword, theme; license URL -> license; accrualPeriodicity -> frequency;
# contactPoint (fn, hasEmail) -> contact; temporal, spatial -> coverage; landingPage -> homepage;
# issued -> created; distribution (downloadURL, else accessURL) -> resources kept as URLs.
# Datasets with accessLevel "non-public" are not imported.

from __future__ import annotations

from pathlib import Path
from typing import Any

from .common import Fetcher, ImportSourceError, ImportSummary, read_source
from .mapping import SourceDataset, SourceOrganisation, SourceResource, text
from .run import ImportOptions, import_records


def datasets_of(value: Any) -> list[dict[str, Any]]:
    if isinstance(value, dict) and isinstance(value.get("dataset"), list):
        value = value["dataset"]
    if not isinstance(value, list):
        raise ImportSourceError(
            "no es un data.json (falta la lista «dataset»)", "not a data.json (the 'dataset' list is missing)"
        )
    return [d for d in value if isinstance(d, dict)]


def _words(value: Any) -> list[str]:
    if isinstance(value, str):
        return [w.strip() for w in value.split(",") if w.strip()]
    return [text(w) for w in value or [] if text(w)] if isinstance(value, list) else []


def _publisher(entry: dict[str, Any]) -> SourceOrganisation | None:
    raw = entry.get("publisher")
    name = text(raw.get("name")) if isinstance(raw, dict) else text(raw)
    return SourceOrganisation(key=name, name=name) if name else None


def _resources(entry: dict[str, Any]) -> list[SourceResource]:
    result = []
    for raw in entry.get("distribution") or []:
        if isinstance(raw, dict):
            size = raw.get("byteSize")
            result.append(
                SourceResource(
                    name=text(raw.get("title")),
                    title=text(raw.get("title")),
                    url=text(raw.get("downloadURL")) or text(raw.get("accessURL")),
                    format=text(raw.get("format")),
                    mediatype=text(raw.get("mediaType")),
                    description=text(raw.get("description")),
                    size=size if isinstance(size, int) else None,
                )
            )
    return result


def to_source(entry: dict[str, Any]) -> SourceDataset:
    raw_contact = entry.get("contactPoint")
    contact: dict[str, Any] = raw_contact if isinstance(raw_contact, dict) else {}
    return SourceDataset(
        identifier=text(entry.get("identifier")),
        name=text(entry.get("title")),
        title=text(entry.get("title")),
        description=text(entry.get("description")),
        organisation=_publisher(entry),
        keywords=_words(entry.get("keyword")),
        themes=_words(entry.get("theme")),
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
    entries = datasets_of(read_source(source, fetcher))
    if source.lower().startswith(("http://", "https://")) and not options.source_url:
        options.source_url = source
    return import_records([to_source(e) for e in entries], root, source, options)
