"""Shared by every stage (core): Typed records of the catalogue. Files are parsed lazily, once, so that
a pull request's check reads only what it touches; every record keeps its Document for positions."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import values
from .parsememo import ParsedMemo
from .problems import Problem
from .yamlio import Document, read_yaml


class Files:
    """Parses each YAML file at most once and remembers its problems."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._cache: dict[str, tuple[Document | None, list[Problem]]] = {}
        self.marks = True  # positions of values, for problems; `forget_marks` once checking is over
        self.memo: ParsedMemo | None = None

    def forget_marks(self, memo: ParsedMemo | None = None) -> None:
        """Drop the positions of every document read so far, and keep none from now on: the
        stages after checking report no problems, and marks take half of a document's memory.
        Files read from now on come from `memo` when an earlier build parsed the same bytes."""
        self.marks, self.memo = False, memo
        for doc, _ in self._cache.values():
            if doc is not None:
                doc.marks, doc.key_marks = {}, {}

    def document(self, rel: str) -> Document | None:
        return self.read(rel)[0]

    def problems(self, rel: str) -> list[Problem]:
        return self.read(rel)[1]

    def read(self, rel: str) -> tuple[Document | None, list[Problem]]:
        if rel not in self._cache:
            self._cache[rel] = read_yaml(self.root, rel, marks=self.marks, memo=self.memo)
        return self._cache[rel]


def _mapping(doc: Document | None) -> dict[str, Any]:
    return values.mapping(doc.data if doc is not None else None)


@dataclass
class Record:
    id: str
    path: str  # the record's YAML file, relative to the repository root
    files: Files = field(repr=False, compare=False)

    @property
    def doc(self) -> Document | None:
        return self.files.document(self.path)

    @property
    def data(self) -> dict[str, Any]:
        return _mapping(self.doc)

    def get(self, key: str, default: Any = None) -> Any:
        return self.data.get(key, default)

    def text(self, key: str) -> str:
        return values.text(self.data.get(key))


@dataclass
class InventoryItem:
    id: str
    title: str
    status: str
    series_type: str
    dataset: str
    pointer: str
    data: dict[str, Any]


@dataclass
class Commitment:
    item: str
    due: str
    pointer: str
    data: dict[str, Any]


@dataclass
class Party(Record):
    inventory_path: str | None = None
    plan_path: str | None = None
    record_paths: tuple[str, ...] = ()  # history/<source>/<id>.yaml: imported records (measure/records.py)

    @property
    def name(self) -> str:
        return self.text("name") or self.id

    @property
    def level(self) -> str:
        return self.text("level")

    @property
    def maintainers(self) -> list[str]:
        return values.strings(self.get("maintainers"))

    @property
    def inventory(self) -> Document | None:
        return self.files.document(self.inventory_path) if self.inventory_path else None

    @property
    def plan(self) -> Document | None:
        return self.files.document(self.plan_path) if self.plan_path else None

    def inventory_items(self) -> list[InventoryItem]:
        items = []
        for i, raw in enumerate(values.items(_mapping(self.inventory).get("items"))):
            if isinstance(raw, dict):
                items.append(
                    InventoryItem(
                        values.text(raw.get("id")),
                        values.text(raw.get("title")),
                        values.text(raw.get("status")),
                        values.text(raw.get("series_type")),
                        values.text(raw.get("dataset")),
                        f"/items/{i}",
                        raw,
                    )
                )
        return items

    def commitments(self) -> list[Commitment]:
        result = []
        for i, raw in enumerate(values.items(_mapping(self.plan).get("commitments"))):
            if isinstance(raw, dict):
                result.append(
                    Commitment(values.text(raw.get("item")), values.text(raw.get("due")), f"/commitments/{i}", raw)
                )
        return result


@dataclass
class Resource:
    dataset: str  # "party/dataset"
    index: int
    data: dict[str, Any]

    @property
    def pointer(self) -> str:
        return f"/resources/{self.index}"

    @property
    def name(self) -> str:
        return values.text(self.data.get("name")) or f"recurso-{self.index + 1}"

    @property
    def path(self) -> str:
        return values.text(self.data.get("path"))

    @property
    def schema(self) -> dict[str, Any]:
        schema = self.data.get("schema")
        return schema if isinstance(schema, dict) else {}


@dataclass
class Dataset(Record):
    party_id: str = ""

    @property
    def key(self) -> str:
        return f"{self.party_id}/{self.id}"

    @property
    def folder(self) -> str:
        return self.path.rsplit("/", 1)[0]

    @property
    def title(self) -> str:
        return self.text("title") or self.id

    @property
    def resources(self) -> list[Resource]:
        return [
            Resource(self.key, i, r) for i, r in enumerate(values.items(self.get("resources"))) if isinstance(r, dict)
        ]

    @property
    def keywords(self) -> list[str]:
        """The declared keywords that are text, as written."""
        return values.strings(self.get("keywords"))

    @property
    def themes(self) -> list[str]:
        """The declared theme keys that are text, as written (known or not)."""
        return values.strings(self.get("theme"))

    @property
    def frequency(self) -> str:
        return self.text("frequency")

    @property
    def temporal(self) -> dict[str, Any]:
        """The `temporal` block (start, end), or {}."""
        return values.mapping(self.get("temporal"))

    @property
    def spatial(self) -> dict[str, Any]:
        """The `spatial` block (scope, states, municipalities, description), or {}."""
        return values.mapping(self.get("spatial"))

    @property
    def contact(self) -> dict[str, Any]:
        """The `contact` block (name, email, phone), or {}."""
        return values.mapping(self.get("contact"))

    @property
    def licenses(self) -> list[dict[str, Any]]:
        """The declared licenses that are blocks (name, path, title)."""
        return values.mappings(self.get("licenses"))

    @property
    def sources(self) -> list[dict[str, Any]]:
        """The declared sources that are blocks (title, path)."""
        return values.mappings(self.get("sources"))

    @property
    def gender_disaggregated(self) -> bool | None:
        """True or False as declared; None when not declared as a yes/no."""
        value = self.get("gender_disaggregated")
        return value if isinstance(value, bool) else None


@dataclass
class UsesDatasets(Record):
    """A record that lists the datasets it uses (stories and tools)."""

    @property
    def dataset_refs(self) -> list[str]:
        """The keys of the datasets it lists, as written (unknown ones are the checks' concern)."""
        return values.strings(self.get("datasets"))


@dataclass
class Story(UsesDatasets):
    @property
    def title(self) -> str:
        return self.text("title") or self.id


@dataclass
class Tool(UsesDatasets):
    @property
    def name(self) -> str:
        return self.text("name") or self.id


@dataclass
class Catalogue:
    """Everything in the repository, as records. Layout problems found while walking are kept."""

    root: Path
    files: Files
    parties: dict[str, Party] = field(default_factory=dict)
    datasets: dict[str, Dataset] = field(default_factory=dict)
    stories: dict[str, Story] = field(default_factory=dict)
    tools: dict[str, Tool] = field(default_factory=dict)
    layout_problems: list[Problem] = field(default_factory=list)
    _by_party: dict[str, list[Dataset]] | None = field(default=None, repr=False, compare=False)
    _by_party_size: int = field(default=-1, repr=False, compare=False)

    def datasets_of(self, party_id: str) -> list[Dataset]:
        """The party's datasets (an index built once: this is asked for every party)."""
        if self._by_party is None or self._by_party_size != len(self.datasets):
            index: dict[str, list[Dataset]] = {}
            for dataset in self.datasets.values():
                index.setdefault(dataset.party_id, []).append(dataset)
            self._by_party, self._by_party_size = index, len(self.datasets)
        return list(self._by_party.get(party_id, []))
