"""Shared by every stage (core): The one place that knows the controlled vocabularies
(vocab/vocabularies.yaml and INEGI codes)."""

from __future__ import annotations

import csv
import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import yaml


@dataclass(frozen=True)
class Vocabularies:
    terms: dict[str, dict[str, dict[str, Any]]]
    states: dict[str, str]
    municipalities: dict[str, tuple[str, str]]  # code -> (state code, name)

    def keys(self, name: str) -> list[str]:
        return list(self.terms[name])

    def label(self, name: str, key: str, lang: str = "es") -> str:
        entry = self.terms.get(name, {}).get(key)
        return str(entry[lang]) if entry else key

    def entry(self, name: str, key: str) -> dict[str, Any]:
        return self.terms.get(name, {}).get(key, {})


@cache
def vocabularies() -> Vocabularies:
    folder = resources.files("catalogo").joinpath("vocab")
    terms = yaml.load(folder.joinpath("vocabularies.yaml").read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    terms.pop("sources", None)
    with folder.joinpath("states.csv").open(encoding="utf-8") as f:
        states = {row["code"]: row["name"] for row in csv.DictReader(f)}
    with folder.joinpath("municipalities.csv").open(encoding="utf-8") as f:
        municipalities = {row["code"]: (row["state"], row["name"]) for row in csv.DictReader(f)}
    return Vocabularies(terms, states, municipalities)


def fold(text: str) -> str:
    """Lowercase without accents: how identifiers and names are compared for collisions."""
    if text.isascii():  # NFKD keeps ASCII as it is and no ASCII character combines: the same result
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


def slugify(text: str, max_length: int = 80) -> str:
    """The one slug function: 'Secretaría de Salud' -> 'secretaria-de-salud'."""
    out, dash = [], False
    for ch in fold(text):
        if ch.isascii() and ch.isalnum():
            out.append(ch)
            dash = False
        elif not dash and out:
            out.append("-")
            dash = True
    return "".join(out).strip("-")[:max_length].strip("-")


def license_key(name: str | None) -> str | None:
    """The catalogue's key for a license name, URL or alias; None when it is not an open license."""
    if not name:
        return None
    wanted = fold(str(name).strip()).rstrip("/")
    for key, entry in vocabularies().terms["licenses"].items():
        candidates = [key, entry["url"], *entry.get("aliases", [])]
        if any(fold(c).rstrip("/") == wanted for c in candidates):
            return key
    return None


def encoding_codec(declared: object) -> str | None:
    """The decoder of a declared encoding ('UTF-8', 'latin1'...), or None when it is not in the
    vocabulary: the one answer the screen, the preview and the site share."""
    if not isinstance(declared, str):
        return None
    wanted = declared.strip().lower().replace("_", "-")
    for key, entry in vocabularies().terms["encodings"].items():
        if wanted == key or wanted in entry.get("aliases", []):
            return str(entry["codec"])
    return None


_FORMAT_ALIASES = {
    "text/csv": "csv",
    "application/csv": "csv",
    "zip+csv": "zip",
    "csv+zip": "zip",
    "text/tab-separated-values": "tsv",
    "application/json": "json",
    "application/geo+json": "geojson",
    "application/vnd.geo+json": "geojson",
    "text/xml": "xml",
    "application/xml": "xml",
    "application/pdf": "pdf",
    "application/zip": "zip",
    "application/x-zip-compressed": "zip",
    "application/vnd.ms-excel": "xls",
    "text/plain": "txt",
    "text/html": "html",
    "web page": "html",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
    "jpeg": "jpg",
    "tiff": "tif",
    "esri shapefile": "shp",
    "shapefile": "shp",
    "geo+json": "geojson",
    "rdf/xml": "rdf",
    "turtle": "ttl",
    "json-ld": "jsonld",
    "xlsm": "xlsx",
}


def format_key(raw: str | None) -> str | None:
    """Normalise a format as portals write it ('CSV', '.csv', 'text/csv', 'ZIP+CSV') to a vocabulary key."""
    if not raw:
        return None
    text = fold(str(raw).strip()).lstrip(".")
    formats = vocabularies().terms["formats"]
    if text in formats:
        return text
    if text in _FORMAT_ALIASES:
        return _FORMAT_ALIASES[text]
    for key, entry in formats.items():
        if entry["media"] == text:
            return key
    return None
