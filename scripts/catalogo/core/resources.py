"""Shared by every stage (core): The one place that decides what a resource is: where it points (a
remote URL or a local file), its format, whether it is a table, whether the data check reads it cell
by cell, and its media type."""

# The checks, enrich (quality facts), the pages and the exports all ask here, so they agree.
#
# Two neighbours answer narrower questions and are asked through their own names: whether a local
# path stays inside its dataset's folder (paths.resolve_resource), and whether a local file's bytes
# may be published (checks/filetypes.py, the allow-list of published file types).

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from . import values
from .model import Resource
from .vocab import format_key, vocabularies

# Formats the data check reads cell by cell (checks/data.py); every other local file is screened
# for personal data as bytes (checks/screening.py). Compared with the declared format as written.
DELIMITED = frozenset({"csv", "tsv"})
# Formats of access pages and services: their URL is where the data is reached, not a download.
ACCESS_PAGES = frozenset({"html", "api"})
MEDIA_TYPE = re.compile(r"^[-\w]+/[-\w]+(\.[-\w]+)*([+][-\w]+)?$")


def is_url(path: str) -> bool:
    """`path` names a place elsewhere (a URL of any scheme: paths.resolve_resource accepts only
    public http(s) ones) rather than a file of the repository."""
    return "://" in path or path.lower().startswith(("http:", "https:"))


def is_remote(resource: Resource) -> bool:
    return is_url(resource.path)


def is_local(resource: Resource) -> bool:
    """The resource names a file of the repository (whether it exists is for paths.py)."""
    return bool(resource.path) and not is_remote(resource)


def declared_format(resource: Resource) -> str:
    """The format as the descriptor gives it (lower case), else the path's extension; "" when neither."""
    declared = values.text(resource.data.get("format")).lower()
    if declared:
        return declared
    suffix = resource.path.rsplit("/", 1)[-1].rsplit(".", 1)
    return suffix[1].lower() if len(suffix) == 2 else ""


# Catalogues repeat a few formats thousands of times: the vocabulary's answers are remembered.
_format_key = lru_cache(maxsize=4096)(format_key)


def _key(raw: Any) -> str | None:
    return _format_key(raw) if isinstance(raw, str | None) else format_key(raw)


def declared_format_key(resource: Resource) -> str | None:
    """The key in the formats vocabulary of the declared format or the path's extension (what the
    quality measure asks: is the format stated in the descriptor a known one?)."""
    return _key(declared_format(resource))


def format_of(resource: Resource) -> str | None:
    """The resource's format as a key of the formats vocabulary: `declared_format_key`, else from
    the declared media type; None when none of them is known. Pages and exports show this one."""
    return declared_format_key(resource) or _key(resource.data.get("mediatype"))


def format_label(resource: Resource, lang: str = "es") -> str:
    """The format's name in the vocabulary, or the declared format in capitals when it is unknown."""
    key = format_of(resource)
    return vocabularies().label("formats", key, lang) if key else declared_format(resource).upper()


def is_tabular(resource: Resource) -> bool:
    """Its format is a table in the formats vocabulary (CSV, TSV, spreadsheets…)."""
    key = format_of(resource)
    return bool(key and vocabularies().entry("formats", key).get("tabular"))


def declares_table(resource: Resource) -> bool:
    """It says it is a table (`type: table`, Frictionless' tabular data resource)."""
    return resource.data.get("type") == "table"


def is_delimited(resource: Resource) -> bool:
    """The data check reads it as CSV or TSV, cell by cell (see DELIMITED)."""
    return declared_format(resource) in DELIMITED


def is_access_page(key: str | None) -> bool:
    """A resource of format `key` is a page or a service to reach the data through, not a file."""
    return key in ACCESS_PAGES


def media_type(resource: Resource) -> str | None:
    """The resource's media type without parameters: the declared one when well formed, else its
    format's in the vocabulary."""
    declared = resource.data.get("mediatype")
    if isinstance(declared, str) and MEDIA_TYPE.match(declared.split(";")[0].strip()):
        return declared.split(";")[0].strip().lower()
    key = format_of(resource)
    return vocabularies().entry("formats", key).get("media") if key else None
