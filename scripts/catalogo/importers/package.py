"""Importers (`catalogo import`): A data.json entry's `describedBy` when it is the dataset's published
Data Package (this catalogue publishes one beside each dataset page), read over HTTP or from beside
a local data.json, for what a data.json cannot carry."""

# Where: a `describedBy` ending in datapackage.json on the host of the catalogue's `@id` is read at
# the same place relative to the source (so a site built for https://datos.gob.mx/ and served
# elsewhere, or copied to a folder, is read where it is; a local source never leads outside the
# site's folder); with a URL source, one on another host is read as it is. Local sources never go
# to the network.
# What: the dataset's name, title, description, keywords, themes, frequency, temporal and spatial
# coverage, contact, created, version, series type, gender flag, sources and contributors; per
# resource (matched by its URL) its name, format, media type, encoding, dialect, schema, type,
# size, hash and legal basis. A value the catalogue's schema refuses is left out and reported.

from __future__ import annotations

import posixpath
import re
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urljoin, urlsplit

from jsonschema import Draft202012Validator, FormatChecker

from ..checks.schema import schema
from ..core.problems import Problem, localized, problem
from ..core.urls import DATAPACKAGE, iri
from .common import SLUG, Fetcher, ImportSourceError, read_source
from .mapping import SourceDataset

AS_THEY_ARE = ("contact", "series_type", "gender_disaggregated", "sources", "contributors")
RESOURCE_PROPERTIES = (
    "format",
    "mediatype",
    "encoding",
    "dialect",
    "schema",
    "type",
    "bytes",
    "hash",
    "legal_basis",
)
_WEB = re.compile(r"^https?://", re.IGNORECASE)


class DescribedBy:
    """Finds and reads the Data Packages a data.json's entries point to."""

    def __init__(self, source: str, catalogue: Any, fetcher: Fetcher | None) -> None:
        self.source, self.fetcher = source, fetcher
        self.remote = bool(_WEB.match(source))
        declared = catalogue.get("@id") if isinstance(catalogue, dict) else None
        self.base = declared if isinstance(declared, str) and _WEB.match(declared) else (source if self.remote else "")

    def location(self, url: Any) -> str | None:
        """Where to read `url` from (a URL or a local path), or None when it is not to be followed."""
        if not isinstance(url, str) or not _WEB.match(url) or posixpath.basename(urlsplit(url).path) != DATAPACKAGE:
            return None
        target, base = urlsplit(url), urlsplit(self.base) if self.base else None
        if base is None or (target.scheme, target.netloc) != (base.scheme, base.netloc):
            return url if self.remote else None
        folder = posixpath.dirname(base.path) or "/"
        relative = posixpath.relpath(target.path, folder)
        if self.remote:
            return urljoin(self.source, relative)
        here = Path(self.source).resolve().parent
        depth = len([part for part in folder.split("/") if part])
        site = here.parents[depth - 1] if 0 < depth <= len(here.parents) else here
        found = (here / unquote(relative)).resolve()
        return str(found) if found.is_relative_to(site) and found.name == DATAPACKAGE else None

    def read(self, entry: dict[str, Any], index: int) -> tuple[dict[str, Any] | None, Problem | None]:
        """The Data Package `entry` describes itself with, or the problem of reading it."""
        url = entry.get("describedBy")
        where = self.location(url)
        if where is None:
            return None, None
        try:
            value = read_source(where, self.fetcher)
        except ImportSourceError as exc:
            return None, self._unreadable(url, index, localized(exc.es, exc.en))
        if not isinstance(value, dict) or not isinstance(value.get("resources"), list):
            return None, self._unreadable(url, index, localized("no es un Data Package", "not a Data Package"))
        return value, None

    def _unreadable(self, url: Any, index: int, detail: dict[str, str]) -> Problem:
        return problem(
            "import-described-by-unreadable",
            self.source,
            None,
            None,
            f"/dataset/{index}/describedBy",
            url=url,
            detail=detail,
        )


@cache
def _properties() -> tuple[dict[str, Any], dict[str, Any]]:
    """The schema of each dataset property and of each resource property (vocabularies as enums)."""
    described = schema("datapackage")
    return described["properties"], described["properties"]["resources"]["items"]["properties"]


def _accepts(subschema: dict[str, Any], value: Any) -> bool:
    return Draft202012Validator(subschema, format_checker=FormatChecker()).is_valid(value)


def apply_package(src: SourceDataset, package: dict[str, Any]) -> list[tuple[str, Any]]:
    """Fill `src` from its published Data Package; returns what the schema refused (property, value)."""
    dataset, resource = _properties()
    refused: list[tuple[str, Any]] = []

    def take(name: str, properties: dict[str, Any], raw: dict[str, Any], pointer: str) -> Any:
        value = raw.get(name)
        if value is None or name not in properties:
            return None
        if _accepts(properties[name], value):
            return value
        refused.append((pointer + name, value))
        return None

    if take("name", dataset, package, "") and SLUG.match(package["name"]):
        src.name = package["name"]
    src.title = take("title", dataset, package, "") or src.title
    src.description = take("description", dataset, package, "") or src.description
    src.keywords = take("keywords", dataset, package, "") or src.keywords
    src.themes = take("theme", dataset, package, "") or src.themes
    src.frequency = take("frequency", dataset, package, "") or src.frequency
    src.created = str(take("created", dataset, package, "") or src.created)
    src.version = take("version", dataset, package, "") or src.version
    temporal = take("temporal", dataset, package, "")
    if temporal:
        src.temporal = "/".join(str(temporal[k]) for k in ("start", "end") if temporal.get(k))
    src.coverage = take("spatial", dataset, package, "") or src.coverage
    for name in AS_THEY_ARE:
        value = take(name, dataset, package, "")
        if value is not None:
            src.extra[name] = value
    if "contact" in src.extra:
        src.contact_name = src.extra["contact"].get("name", src.contact_name)
        src.contact_email = src.extra["contact"].get("email", src.contact_email)
    by_url = {iri(r["path"]): r for r in package["resources"] if isinstance(r, dict) and isinstance(r.get("path"), str)}
    for item in src.resources:
        raw = by_url.get(iri(item.url)) if item.url else None
        if raw is None:
            continue
        if isinstance(raw.get("name"), str) and re.match(r"^[a-z0-9._-]+$", raw["name"]):
            item.name = raw["name"]
        for name in RESOURCE_PROPERTIES:
            value = take(name, resource, raw, "resources/")
            if value is not None:
                item.extra[name] = value
    return refused
