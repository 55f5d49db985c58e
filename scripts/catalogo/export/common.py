"""What every export needs to say the same thing the same way: URLs of pages and files, license
URLs, media types, temporal and spatial coverage, dates. One place, so outputs agree."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any
from urllib.parse import quote

from ..enrich import DatasetInfo, Enriched
from ..files import write_atomic
from ..model import Dataset, Party, Resource
from ..paths import resolve_resource
from ..vocab import format_key, license_key, vocabularies

COUNTRY_ES = "México"
MEDIA_TYPE = re.compile(r"^[-\w]+/[-\w]+(\.[-\w]+)*([+][-\w]+)?$")


def with_slash(base_url: str) -> str:
    return base_url if base_url.endswith("/") else base_url + "/"


def dataset_url(base_url: str, dataset: Dataset) -> str:
    """The dataset page: <base_url>datos/<party>/<dataset>/."""
    return f"{with_slash(base_url)}datos/{quote(dataset.party_id)}/{quote(dataset.id)}/"


def party_url(base_url: str, party_id: str) -> str:
    """The party page: <base_url>instituciones/<party>/."""
    return f"{with_slash(base_url)}instituciones/{quote(party_id)}/"


def resource_url(base_url: str, dataset: Dataset, resource: Resource) -> str | None:
    """Where a resource is downloaded: its own URL, or the copy of a local file beside the dataset
    page. None when the path is refused (outside the folder, bad scheme)."""
    target = resolve_resource(dataset.files.root, dataset.folder, resource.path)
    if target.url:
        return iri(target.url)
    if target.file is None:
        return None
    return dataset_url(base_url, dataset) + quote(resource.path, safe="/")


def iri(url: str) -> str:
    """A URL as written by people made a valid URI: spaces, quotes, braces, control and
    non-ASCII characters are percent-encoded; reserved characters and existing escapes stay."""
    return quote(url.strip(), safe=":/?#[]@!$&'()*+,;=%~")


def license_urls(dataset: Dataset) -> list[str]:
    """The dataset's license URLs: the vocabulary's URL for known keys, else the declared path."""
    urls: list[str] = []
    for item in dataset.get("licenses") or []:
        if not isinstance(item, dict):
            continue
        key = license_key(item.get("name")) or license_key(item.get("path"))
        url = vocabularies().entry("licenses", key)["url"] if key else item.get("path")
        if isinstance(url, str) and url and url not in urls:
            urls.append(url)
    return urls


def license_title(url: str) -> str:
    key = license_key(url)
    return vocabularies().label("licenses", key) if key else url


def format_of(resource: Resource) -> str | None:
    """The vocabulary key of a resource's format (declared, media type or file suffix)."""
    return format_key(resource.format) or format_key(resource.data.get("mediatype"))


def media_type(resource: Resource) -> str | None:
    """The resource's media type (without parameters), declared or from its format."""
    declared = resource.data.get("mediatype")
    if isinstance(declared, str) and MEDIA_TYPE.match(declared.split(";")[0].strip()):
        return declared.split(";")[0].strip().lower()
    key = format_of(resource)
    return vocabularies().entry("formats", key).get("media") if key else None


def themes(dataset: Dataset) -> list[str]:
    known = vocabularies().terms["themes"]
    return [t for t in dataset.get("theme") or [] if isinstance(t, str) and t in known]


def keywords(dataset: Dataset) -> list[str]:
    return [k for k in dataset.get("keywords") or [] if isinstance(k, str) and k.strip()]


def frequency(dataset: Dataset) -> dict[str, Any]:
    value = dataset.get("frequency")
    return vocabularies().entry("frequencies", value) if isinstance(value, str) else {}


def temporal(dataset: Dataset) -> tuple[str | None, str | None]:
    """(start, end) as the descriptor says them (YYYY, YYYY-MM or YYYY-MM-DD)."""
    raw = dataset.get("temporal")
    if not isinstance(raw, dict):
        return None, None
    start, end = raw.get("start"), raw.get("end")
    return (str(start) if start else None), (str(end) if end else None)


def coverage(dataset: Dataset) -> list[tuple[str | None, str]]:
    """(INEGI code, name) of the places covered: known municipalities, else known states, else
    (None, "México") for national coverage."""
    raw = dataset.get("spatial")
    if not isinstance(raw, dict):
        return []
    vocab = vocabularies()
    found: list[tuple[str | None, str]] = []
    for code in raw.get("municipalities") or []:
        if isinstance(code, str) and code in vocab.municipalities:
            state, name = vocab.municipalities[code]
            found.append((code, f"{name}, {vocab.states.get(state, state)}"))
    if not found:
        found = [(c, vocab.states[c]) for c in raw.get("states") or [] if isinstance(c, str) and c in vocab.states]
    if not found and raw.get("scope") == "nacional":
        found = [(None, COUNTRY_ES)]
    return found


def places(dataset: Dataset) -> list[str]:
    """Names of the places covered (see `coverage`)."""
    return [name for _, name in coverage(dataset)]


def contact(dataset: Dataset, party: Party | None) -> dict[str, str]:
    """The dataset's contact point, else the party's transparency liaison."""
    for raw in (dataset.get("contact"), party.get("liaison") if party else None):
        if isinstance(raw, dict) and (raw.get("name") or raw.get("email")):
            return {k: str(v) for k, v in raw.items() if k in ("name", "email", "phone") and v}
    return {}


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")


def clean(text: str) -> str:
    """Text without control characters (they are not allowed in XML and mean nothing to readers)."""
    return _CONTROL.sub("", text)


def day(change: Any) -> str | None:
    return change.day if change is not None else None


def modified(info: DatasetInfo) -> str | None:
    return day(info.updated)


def issued(info: DatasetInfo) -> str | None:
    return day(info.created)


def newest_date(enriched: Enriched, infos: list[DatasetInfo] | None = None) -> str | None:
    """The newest git change date among the given datasets (all by default), full ISO 8601."""
    chosen = infos if infos is not None else list(enriched.datasets.values())
    dates = [i.updated.date for i in chosen if i.updated is not None]
    return max(dates) if dates else None


def infos_by_party(enriched: Enriched) -> dict[str, list[DatasetInfo]]:
    grouped: dict[str, list[DatasetInfo]] = {}
    for key in sorted(enriched.datasets):
        info = enriched.datasets[key]
        grouped.setdefault(info.dataset.party_id, []).append(info)
    return grouped


def dumps(value: Any) -> str:
    """Deterministic JSON: sorted keys where the mapping order carries no meaning is the caller's
    choice; here we keep insertion order, UTF-8 and a final newline."""
    return json.dumps(value, ensure_ascii=False, indent=2) + "\n"


def write_text(path: Path, text: str) -> None:
    """Write atomically (temp file + rename, readable by the web server), creating folders."""
    write_atomic(path.parent, path.name, text.encode("utf-8"), force=True)


def write_json(path: Path, value: Any) -> None:
    write_text(path, dumps(value))
