"""Stage 4, render (machine-readable exports): What every export needs to say the same thing the same
way: URLs of pages and files, license URLs, media types, temporal and spatial coverage, dates. One
place, so outputs agree."""

from __future__ import annotations

import datetime as dt
import json
import re
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field
from functools import lru_cache, partial
from json.encoder import encode_basestring
from pathlib import Path
from typing import Any
from urllib.parse import quote

from ..checks.identifiers import unique_identifiers
from ..core.files import open_atomic
from ..core.model import Dataset, Party, Resource
from ..core.paths import resolve_resource
from ..core.resources import format_of, media_type
from ..core.urls import SiteUrls, iri
from ..core.vocab import license_key, vocabularies
from ..gitdata.gitlog import newest_change
from ..measure.enriched import DatasetInfo, Enriched

COUNTRY_ES = "México"


def dataset_url(base_url: str, dataset: Dataset) -> str:
    """The dataset page: <base_url>datos/<party>/<dataset>/."""
    return SiteUrls.of(base_url).dataset(dataset.party_id, dataset.id)


def party_url(base_url: str, party_id: str) -> str:
    """The party page: <base_url>instituciones/<party>/."""
    return SiteUrls.of(base_url).party(party_id)


def resource_url(base_url: str, dataset: Dataset, resource: Resource) -> str | None:
    """Where a resource is downloaded: its own URL, or the copy of a local file beside the dataset
    page. None when the path is refused (outside the folder, bad scheme)."""
    target = resolve_resource(dataset.files.root, dataset.folder, resource.path)
    if target.url:
        return iri(target.url)
    if target.file is None:
        return None
    return dataset_url(base_url, dataset) + quote(resource.path, safe="/")


# The vocabulary's lookup compares folded text with every entry; catalogues repeat a few
# license names thousands of times, so the answers are remembered (bounded).
_license_key = lru_cache(maxsize=4096)(license_key)


def _cached(lookup: Any, raw: Any) -> str | None:
    return lookup(raw) if isinstance(raw, str | None) else lookup.__wrapped__(raw)


def license_urls(dataset: Dataset) -> list[str]:
    """The dataset's license URLs: the vocabulary's URL for known keys, else the declared path."""
    urls: list[str] = []
    for item in dataset.licenses:
        key = _cached(_license_key, item.get("name")) or _cached(_license_key, item.get("path"))
        url = vocabularies().entry("licenses", key)["url"] if key else item.get("path")
        if isinstance(url, str) and url and url not in urls:
            urls.append(url)
    return urls


def license_title(url: str) -> str:
    key = _cached(_license_key, url)
    return vocabularies().label("licenses", key) if key else url


def license_types(url: str) -> list[str]:
    """The ADMS licence types of a known license (vocabulary `adms`), else none."""
    key = _cached(_license_key, url)
    kinds = vocabularies().entry("licenses", key).get("adms") if key else None
    return [k for k in kinds if isinstance(k, str)] if isinstance(kinds, list) else []


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
    start, end = dataset.temporal.get("start"), dataset.temporal.get("end")
    return (str(start) if start else None), (str(end) if end else None)


def coverage(dataset: Dataset) -> list[tuple[str | None, str]]:
    """(INEGI code, name) of the places covered: known municipalities, else known states, else
    (None, "México") for national coverage."""
    raw, vocab = dataset.spatial, vocabularies()
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
    for raw in (dataset.contact, party.get("liaison") if party else None):
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
    """First publication (YYYY-MM-DD): the source's date the descriptor keeps in `created` (the
    importers copy a portal's issued or metadata_created there) when it is earlier than the
    dataset's first commit, else that commit's day."""
    first = day(info.created)
    source = source_created(info.dataset)
    return source if source is not None and (first is None or source < first) else first


_DAY = re.compile(r"^(\d{4}-\d{2}-\d{2})(?:$|[T ])")


def source_created(dataset: Dataset) -> str | None:
    """The descriptor's `created` as a day, when it starts with a real YYYY-MM-DD date (YAML may
    have read an unquoted one as a date)."""
    raw = dataset.get("created")
    if isinstance(raw, dt.date):
        return raw.isoformat()[:10]
    found = _DAY.match(raw.strip()) if isinstance(raw, str) else None
    if found is None:
        return None
    try:
        return dt.date.fromisoformat(found[1]).isoformat()
    except ValueError:
        return None


def newest_date(enriched: Enriched, infos: list[DatasetInfo] | None = None) -> str | None:
    """The newest git change date among the given datasets (all by default), full ISO 8601."""
    chosen = infos if infos is not None else list(enriched.datasets.values())
    change = newest_change(i.updated for i in chosen)
    return change.date if change else None


def infos_by_party(enriched: Enriched) -> dict[str, list[DatasetInfo]]:
    grouped: dict[str, list[DatasetInfo]] = {}
    for key in sorted(enriched.datasets):
        info = enriched.datasets[key]
        grouped.setdefault(info.dataset.party_id, []).append(info)
    return grouped


@dataclass(frozen=True)
class ResourceFacts:
    resource: Resource
    url: str | None  # `resource_url`: None when the path is refused
    format: str | None  # resources.format_of
    media: str | None  # resources.media_type


@dataclass(frozen=True)
class Facts:
    """What the exports say about one dataset, computed once per build (resolving a resource's
    path asks the file system) and shared by every output."""

    info: DatasetInfo
    party: Party | None
    url: str  # the dataset page
    resources: list[ResourceFacts]
    licenses: list[str]
    themes: list[str]
    keywords: list[str]
    identifier: str = ""  # unique in the catalogue: the descriptor's `id`, or else the page
    related: list[str] = field(default_factory=list)  # pages of the datasets it joins with, best first
    texts: dict[str, str] = field(default_factory=dict, compare=False)  # see `remember`

    def remember(self, name: str, make: Callable[[], str]) -> str:
        """A text two outputs share (the descriptor as JSON: its own file and the API record)."""
        if name not in self.texts:
            self.texts[name] = make()
        return self.texts[name]

    @property
    def dataset(self) -> Dataset:
        return self.info.dataset

    @property
    def links(self) -> list[ResourceFacts]:
        """The resources that have a URL (a refused path is left out of every export)."""
        return [r for r in self.resources if r.url]


RELATED = 20  # joinable datasets named in the exports (dct:relation, isRelatedTo); the API lists more


def facts(enriched: Enriched, info: DatasetInfo, base_url: str, identifier: str | None = None) -> Facts:
    dataset = info.dataset
    resources = [
        ResourceFacts(r, resource_url(base_url, dataset, r), format_of(r), media_type(r)) for r in dataset.resources
    ]
    page = dataset_url(base_url, dataset)
    return Facts(
        info,
        enriched.party_of(dataset),
        page,
        resources,
        license_urls(dataset),
        themes(dataset),
        keywords(dataset),
        identifier or page,
        [dataset_url(base_url, enriched.datasets[j.other].dataset) for j in enriched.joins.joins(dataset.key, RELATED)],
    )


def parties_for_export(
    enriched: Enriched, base_url: str
) -> Iterator[tuple[str, list[tuple[DatasetInfo, str]], Callable[[], list[Facts]]]]:
    """The datasets party by party, in key order, each with its identifier (unique in the
    catalogue), and how to compute the party's facts when they are needed: the exports stream
    through the catalogue and hold one party's datasets at a time."""
    pages = {key: dataset_url(base_url, info.dataset) for key, info in enriched.datasets.items()}
    declared = {key: info.dataset.text("id") for key, info in enriched.datasets.items()}
    identifiers = unique_identifiers(declared, pages)
    for party_id, infos in infos_by_party(enriched).items():
        named = [(info, identifiers[info.dataset.key]) for info in infos]
        yield party_id, named, partial(_facts_of, enriched, base_url, named)


def _facts_of(enriched: Enriched, base_url: str, named: list[tuple[DatasetInfo, str]]) -> list[Facts]:
    return [facts(enriched, info, base_url, identifier) for info, identifier in named]


def dumps(value: Any) -> str:
    """`json.dumps(value, ensure_ascii=False, indent=2)` plus a final newline, the same bytes
    about three times faster: with `indent` the standard library encodes in pure Python
    through nested generators, this appends to one list."""
    parts: list[str] = []
    _indented(value, "\n", parts)
    parts.append("\n")
    return "".join(parts)


def dumps_at(value: Any, level: int) -> str:
    """`dumps` of a value nested `level` containers deep (its lines indented to match), without
    the final newline: how an item of a streamed list is written."""
    parts: list[str] = []
    _indented(value, "\n" + "  " * level, parts)
    return "".join(parts)


def _float(value: float) -> str:
    if value != value:
        return "NaN"
    if value in (float("inf"), float("-inf")):
        return "Infinity" if value > 0 else "-Infinity"
    return float.__repr__(value)


class Raw(str):
    """JSON already encoded (at the depth where it goes), written by `dumps` as it is."""


_SCALARS: dict[type, Any] = {
    str: encode_basestring,
    int: int.__repr__,
    float: _float,
    Raw: str.__str__,
    bool: lambda v: "true" if v else "false",
    type(None): lambda _: "null",
}


def _indented(value: Any, newline: str, parts: list[str]) -> None:
    """Most values are scalars of the exact built-in types: those are written in the loop of
    their container, without a call per value."""
    scalar = _SCALARS.get(type(value))
    if scalar is not None:
        parts.append(scalar(value))
    elif isinstance(value, dict):
        if not value:
            parts.append("{}")
            return
        inner = newline + "  "
        separator = "{" + inner
        for key, item in value.items():
            name = encode_basestring(key if type(key) is str else _key(key))
            scalar = _SCALARS.get(type(item))
            if scalar is not None:
                parts.append(f"{separator}{name}: {scalar(item)}")
            else:
                parts.append(f"{separator}{name}: ")
                _indented(item, inner, parts)
            separator = "," + inner
        parts.append(newline + "}")
    elif isinstance(value, list | tuple):
        if not value:
            parts.append("[]")
            return
        inner = newline + "  "
        scalars: list[Any] = [_SCALARS.get(type(item)) for item in value]
        if None not in scalars:
            parts.append(f"[{inner}{(',' + inner).join(s(v) for s, v in zip(scalars, value, strict=True))}{newline}]")
            return
        separator = "[" + inner
        for item in value:
            parts.append(separator)
            _indented(item, inner, parts)
            separator = "," + inner
        parts.append(newline + "]")
    elif isinstance(value, str):
        parts.append(encode_basestring(value))
    elif isinstance(value, int):  # bool included; subclasses as json writes them
        parts.append(json.dumps(value))
    else:
        parts.append(json.dumps(value))  # float subclasses; anything else raises as json does


def indent(text: str, level: int) -> str:
    """An encoded JSON value (`dumps_at(value, 0)`) moved `level` containers deeper: JSON text
    has no raw line breaks inside strings, so every line break starts a line to indent."""
    return text.replace("\n", "\n" + "  " * level)


def _key(key: Any) -> str:
    """A non-string key as json writes it."""
    if isinstance(key, str):
        return str(key)
    if isinstance(key, bool) or key is None or isinstance(key, int | float):
        return json.dumps(key)
    raise TypeError(f"keys must be str, int, float, bool or None, not {type(key).__name__}")


def compact(value: Any) -> str:
    """One line, UTF-8: for lists that are large at national scale."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def write_text(path: Path, text: str) -> None:
    """Write atomically (a temporary file in the same folder, then a rename; readable by the web
    server), creating the folder when missing."""
    with open_atomic(path) as handle:
        handle.write(text)


def write_json(path: Path, value: Any) -> None:
    write_text(path, dumps(value))


_MARK = "\x00items\x00"


class JsonList:
    """A JSON document with one list (the value `JsonList.ITEMS` in `document`) written item by
    item, as `dumps` (indented) or `compact` would write the whole: the list is never held."""

    ITEMS = _MARK

    def __init__(self, handle: Any, document: Any, indented: bool) -> None:
        text = dumps(document) if indented else compact(document) + "\n"
        before, self.after = text.split(encode_basestring(_MARK))
        self.handle, self.count = handle, 0
        if indented:
            line = before.rsplit("\n", 1)[-1]  # the line of the list's key
            outer = "\n" + " " * (len(line) - len(line.lstrip(" ")))
            self.level = len(outer) // 2 + 1  # of the items
            self.first, self.separator, self.last = "[" + outer + "  ", "," + outer + "  ", outer + "]"
        else:
            self.level = -1
            self.first, self.separator, self.last = "[", ",", "]"
        handle.write(before)

    def add(self, item_text: str) -> None:
        """An item already encoded (`dumps_at(item, self.level)` or `compact(item)`)."""
        self.handle.write(self.separator if self.count else self.first)
        self.handle.write(item_text)
        self.count += 1

    def encode(self, item: Any) -> str:
        return dumps_at(item, self.level) if self.level >= 0 else compact(item)

    def close(self) -> None:
        self.handle.write((self.last if self.count else "[]") + self.after)


class Output(ABC):
    """An export fed party by party (`party`), finished by `finish`; used in a `with` block, so an
    error leaves none of its files half-written (each appears only when complete)."""

    def __init__(self) -> None:
        self.written: list[Path] = []
        self._files = ExitStack()

    def open(self, path: Path) -> Any:
        handle = self._files.enter_context(open_atomic(path))
        self.written.append(path)
        return handle

    def write(self, path: Path, text: str) -> None:
        write_text(path, text)
        self.written.append(path)

    @abstractmethod
    def party(self, party_id: str, facts: list[Facts]) -> Any:
        """Write one party's own files of this export; return its share of the national files
        (plain JSON once `share_json` has passed over it), which `national` then adds."""

    def national(self, party_id: str, share: Any) -> None:  # noqa: B027 (optional: some exports are per party only)
        """Add one party's share (from `party`, or kept from an earlier build) to the national files."""

    def share_json(self, share: Any) -> Any:
        """The share as plain JSON, to be kept for the next build (most shares already are)."""
        return share

    def share_from_json(self, raw: Any) -> Any:
        return raw

    def finish(self) -> None:  # noqa: B027 (optional: most exports write nothing after the last party)
        """Write what comes after the last party."""

    def __enter__(self) -> Output:
        return self

    def __exit__(self, kind: Any, value: Any, trace: Any) -> None:
        if kind is None:
            try:
                self.finish()
            except BaseException as error:
                self._files.__exit__(type(error), error, error.__traceback__)
                raise
        self._files.__exit__(kind, value, trace)
