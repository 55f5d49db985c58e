"""Importers (`catalogo import`): Import from CKAN: a `package_search` or `package_show` response (or a
list of packages)."""

# Mapping: organisation -> party; name, title, notes -> dataset; tags -> keywords; groups (and a
# ckanext-dcat `theme` extra) -> themes; license_id/license_url/license_title -> license;
# maintainer (else author) -> contact; a frequency extra ("frequency", "Periodicidade",
# "Frequência de atualização"…) -> frequency; temporal_start/temporal_end and spatial_text extras
# -> coverage; url -> homepage; resources -> resources (kept as URLs, formats normalised).
# Private or deleted packages (an export made with an API key may hold them) are not imported.

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..core.vocab import fold
from .common import Fetcher, ImportSourceError, ImportSummary, read_source
from .mapping import SourceDataset, SourceOrganisation, SourceResource, text, theme_keys
from .run import ImportOptions, import_records
from .sniff import CKAN, is_ckan_package, looks_like_packages, not_a_catalogue

FREQUENCY_WORDS = ("frequen", "periodic", "accrual")


def packages_of(value: Any, source: str = "") -> list[dict[str, Any]]:
    """The packages of a CKAN API response, whatever action produced it; anything else (a data.json,
    ADELA's institution list, a Data Package) is refused saying what it looks like."""
    original = value
    if isinstance(value, dict) and value.get("success") is False:
        raise ImportSourceError("la respuesta de CKAN indica un error", "the CKAN response reports an error")
    if isinstance(value, dict) and "result" in value:
        value = value["result"]
    if isinstance(value, dict) and isinstance(value.get("results"), list):
        value = value["results"]
    if isinstance(value, dict) and is_ckan_package(value):
        value = [value]
    if not isinstance(value, list) or not looks_like_packages(value):
        raise not_a_catalogue(source, original, CKAN)
    return [p for p in value if isinstance(p, dict)]


def _extras(package: dict[str, Any]) -> dict[str, str]:
    extras = package.get("extras") or []
    pairs = (
        extras.items()
        if isinstance(extras, dict)
        else ((e.get("key"), e.get("value")) for e in extras if isinstance(e, dict))
    )
    return {fold(str(k)).strip(): text(v) for k, v in pairs if k is not None and text(v)}


def _frequency(package: dict[str, Any], extras: dict[str, str]) -> str:
    if text(package.get("frequency")):
        return text(package["frequency"])
    for key, value in extras.items():
        if any(word in key for word in FREQUENCY_WORDS):
            return value
    return ""


def _themes(package: dict[str, Any], extras: dict[str, str], mapped: dict[str, str]) -> list[str]:
    raws: list[str] = []
    for group in package.get("groups") or []:
        if not isinstance(group, dict):
            continue
        names = [text(group.get(k)) for k in ("name", "title", "display_name") if text(group.get(k))]
        chosen = next((n for n in names if theme_keys([n], mapped)[0]), names[-1] if names else "")
        if chosen:
            raws.append(chosen)
    theme = extras.get("theme", "")
    raws += [t.strip(' []"') for t in theme.split(",") if t.strip(' []"')]
    return raws


def _organisation(package: dict[str, Any]) -> SourceOrganisation | None:
    org = package.get("organization")
    if not isinstance(org, dict) or not (text(org.get("name")) or text(org.get("title"))):
        return None
    return SourceOrganisation(
        key=text(org.get("name")) or text(org.get("id")),
        name=text(org.get("title")) or text(org.get("name")),
        description=text(org.get("description")),
    )


def _resources(package: dict[str, Any]) -> list[SourceResource]:
    result = []
    for raw in package.get("resources") or []:
        if isinstance(raw, dict):
            size = raw.get("size")
            result.append(
                SourceResource(
                    name=text(raw.get("name")),
                    title=text(raw.get("name")),
                    url=text(raw.get("url")),
                    format=text(raw.get("format")),
                    mediatype=text(raw.get("mimetype")),
                    description=text(raw.get("description")),
                    size=size if isinstance(size, int) else None,
                )
            )
    return result


def to_source(package: dict[str, Any], themes: dict[str, str]) -> SourceDataset:
    extras = _extras(package)
    tags = [
        text(t.get("display_name") or t.get("name")) if isinstance(t, dict) else text(t)
        for t in package.get("tags") or []
    ]
    start, end = extras.get("temporal_start", ""), extras.get("temporal_end", "")
    return SourceDataset(
        identifier=text(package.get("id")),
        name=text(package.get("name")),
        title=text(package.get("title")),
        description=text(package.get("notes")),
        organisation=_organisation(package),
        keywords=tags,
        themes=_themes(package, extras, themes),
        license_id=text(package.get("license_id")),
        license_url=text(package.get("license_url")),
        license_title=text(package.get("license_title")),
        frequency=_frequency(package, extras),
        contact_name=extras.get("contact_name") or text(package.get("maintainer")) or text(package.get("author")),
        contact_email=extras.get("contact_email")
        or text(package.get("maintainer_email"))
        or text(package.get("author_email")),
        homepage=text(package.get("url")),
        version=text(package.get("version")),
        created=text(package.get("metadata_created")),
        temporal=f"{start}/{end}" if start else "",
        spatial=extras.get("spatial_text", ""),
        resources=_resources(package),
        public=package.get("private") is not True and text(package.get("state")) in ("", "active"),
    )


def import_ckan(
    source: str, root: Path, options: ImportOptions | None = None, fetcher: Fetcher | None = None
) -> ImportSummary:
    """Import a CKAN response (file or URL) into the catalogue at `root`."""
    options = options or ImportOptions()
    packages = packages_of(read_source(source, fetcher), source)
    if source.lower().startswith(("http://", "https://")) and not options.source_url:
        options.source_url = source
    records = [to_source(p, options.party_map.themes) for p in packages]
    return import_records(records, root, source, options)
