"""Stage 4, render (machine-readable exports): DCAT-AP 3.0 catalogue as JSON-LD and Turtle, written
directly (`rdfwrite.py`)."""

# Files (URLs relative to the base URL):
#
# - `catalogo.jsonld`, `catalogo.ttl`: the national `dcat:Catalog`.
# - `instituciones/<party>/catalogo.jsonld`, `.ttl`: each party's own catalogue.
# - When a catalogue holds more datasets than the page size (1,000 by default, `exports:
#   dcat_page_size` in catalogo.yaml), it is paged like ckanext-dcat does: the first page stays
#   at `catalogo.jsonld`/`.ttl` and the others go to `catalogo/pagina-<n>.jsonld`/`.ttl`; every
#   page carries a `hydra:PartialCollectionView` with `first`, `last`, `next`, `previous`,
#   `totalItems` and `itemsPerPage`.
#
# Each dataset (IRI: its page URL) has title, description, keywords, EU data themes, publisher
# (the party, a `foaf:Agent`), contact point (vCard), temporal (`dct:PeriodOfTime`) and spatial
# (`dct:Location`, with `dcat:bbox` and `dcat:centroid` from INEGI's frame, `geometry.py`)
# coverage, accrual periodicity (EU frequency), access rights (public), issued and modified dates
# (git; issued is the source's first publication when the descriptor's `created` is earlier), and
# one `dcat:Distribution` per resource with access/download URL, IANA media type, EU file type
# (`dct:format`), byte size, planned availability (stable for files kept in git) and license (a
# `dct:LicenseDocument` with its ADMS licence types). Every IRI used as a value is typed with the
# class DCAT-AP expects and every controlled value is a concept of the EU vocabulary DCAT-AP
# names, so the output conforms to the official shapes (`shapes.ttl`, `range.ttl` and
# `mdr-vocabularies.shape.ttl`, with the EU vocabularies loaded as harvesters have them).
#
# The catalogue streams: each dataset's own nodes (the dataset, its contact, period, places and
# distributions) are written to text once and go both to the national page and to the party's
# catalogue; the nodes datasets share (agents, concepts, media types, licenses) are gathered per
# page. Only one national page and one party are held at a time.

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, Protocol

from ..core.model import Dataset, Party
from ..core.resources import is_access_page, is_local
from ..core.urls import SiteUrls
from ..core.vocab import vocabularies
from ..gitdata.gitlog import newest_date
from ..measure.enriched import Enriched
from . import common, geometry
from .rdfwrite import TYPE, XSD, Graph, Writer, add, iri, merge, text, typed

DCAT = "http://www.w3.org/ns/dcat#"
DCT = "http://purl.org/dc/terms/"
FOAF = "http://xmlns.com/foaf/0.1/"
SKOS = "http://www.w3.org/2004/02/skos/core#"
VCARD = "http://www.w3.org/2006/vcard/ns#"
HYDRA = "http://www.w3.org/ns/hydra/core#"
LOCN = "http://www.w3.org/ns/locn#"
EU = "http://publications.europa.eu/resource/authority/"
EU_THEME = EU + "data-theme/"
EU_FREQUENCY = EU + "frequency/"
SPANISH = EU + "language/SPA"
MEXICO = EU + "country/MEX"
EU_FILE_TYPE = EU + "file-type/"
EU_AVAILABILITY = EU + "planned-availability/"
PUBLIC_ACCESS = EU + "access-right/PUBLIC"
IANA = "http://www.iana.org/assignments/media-types/"
DCATAP = "http://data.europa.eu/r5r/"
GSP = "http://www.opengis.net/ont/geosparql#"
LICENCE_TYPE = "http://purl.org/adms/licencetype/"
LICENCE_TYPES = {
    "Attribution": "Attribution",
    "PublicDomain": "Public domain",
    "ViralEffect-ShareAlike": "Viral effect (a.k.a. Share-alike)",
}
CATALOGUE_LICENSE = "libre-uso-mx"  # the site's footer: data not otherwise licensed are under Libre Uso MX
PUBLISHER_TYPE = "http://purl.org/adms/publishertype/"
PUBLISHER_TYPES = {
    "federal": ("NationalAuthority", "National authority"),
    "estatal": ("RegionalAuthority", "Regional authority"),
    "municipal": ("LocalAuthority", "Local authority"),
}
PREFIXES = {
    "dcat": DCAT,
    "dct": DCT,
    "foaf": FOAF,
    "skos": SKOS,
    "vcard": VCARD,
    "hydra": HYDRA,
    "locn": LOCN,
    "dcatap": DCATAP,
    "gsp": GSP,
    "xsd": XSD,
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
}
DEFAULT_PAGE_SIZE = 1000
FORMATS = {".jsonld": 2, ".ttl": 1}  # suffix -> index of the text in a written node


@dataclass(frozen=True)
class CatalogInfo:
    """One catalogue: its IRI, texts, publisher, and where its files go."""

    iri: str
    title: dict[str, str]
    description: dict[str, str]
    publisher: str  # IRI of the publishing agent
    homepage: str
    folder: str  # output folder relative to the site, "" for the root
    url: str  # URL of that folder


@dataclass(frozen=True)
class Block:
    """One dataset as written: its own nodes as text (they sort together under its IRI), the
    nodes it shares with other datasets, and what its catalogue node needs."""

    iri: str
    nodes: tuple[str, str, str]  # (first subject, Turtle, JSON-LD)
    shared: Graph | None  # None in a block read back from the cache until a page needs it (`shared_of`)
    issued: str | None  # its first publication, YYYY-MM-DD (common.issued)
    updated: str | None  # last change, full ISO 8601
    themed: bool
    stored: dict[str, Any] | None = None  # its `block_json`, when read back from the cache


def page_size_from(enriched: Enriched) -> int:
    raw = enriched.config.get("exports", {})
    size = raw.get("dcat_page_size") if isinstance(raw, dict) else None
    return size if isinstance(size, int) and size > 0 else DEFAULT_PAGE_SIZE


class DcatWriter(common.Output):
    """The national catalogue and one per party, fed party by party."""

    def __init__(
        self, enriched: Enriched, out: Path, base_url: str, page_size: int | None = None, reuse: PageReuse | None = None
    ) -> None:
        super().__init__()
        self.enriched, self.out, self.base_url = enriched, out, base_url
        self.size = page_size or page_size_from(enriched)
        self.rdf = Writer(PREFIXES)
        self.national_pages = NationalPages(self, national_catalog(enriched, base_url), len(enriched.datasets), reuse)

    def blocks(self, facts: list[common.Facts]) -> list[Block]:
        return [dataset_block(self.rdf, f, self.base_url) for f in facts]

    def party(self, party_id: str, facts: list[common.Facts]) -> list[Block]:
        blocks = self.blocks(facts)
        party = self.enriched.catalogue.parties.get(party_id)
        if party is not None:
            pages = Pages(self, party_catalog(party, self.base_url), len(blocks))
            for block in blocks:
                pages.add(block)
            pages.close()
        return blocks

    def national(self, party_id: str, share: PartyBlocks | list[Block]) -> None:
        """A party's blocks for the national pages: `PartyBlocks` (export/__init__.py, which
        keeps them in a cache file of their own, read only when a page is written with them), or
        the blocks themselves."""
        if not isinstance(share, PartyBlocks):
            share = PartyBlocks("", len(share), lambda blocks=share: blocks)  # type: ignore[misc]
        self.national_pages.add_party(share)

    def share_json(self, share: list[Block]) -> list[dict[str, Any]]:
        return [block_json(block) for block in share]

    def share_from_json(self, raw: list[dict[str, Any]]) -> list[Block]:
        return [block_from_json(item) for item in raw]

    def finish(self) -> None:
        self.national_pages.close()


@dataclass
class Pages:
    """A catalogue written page by page as its datasets arrive."""

    writer: DcatWriter
    catalog: CatalogInfo
    total: int
    reuse: PageReuse | None = None  # the national pages only (NationalPages)
    number: int = 0
    pending: list[Block] = field(default_factory=list)

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.writer.size))

    def add(self, block: Block) -> None:
        self.pending.append(block)
        if len(self.pending) == self.writer.size:
            self.flush()

    def close(self) -> None:
        if self.pending or self.number == 0:
            self.flush()

    def flush(self) -> None:
        self.number += 1
        self._write(self._targets())

    def _targets(self) -> list[Path]:
        return [self.writer.out / self.catalog.folder / page_file(self.number, suffix) for suffix in FORMATS]

    def _write(self, targets: list[Path]) -> list[Path]:
        rdf = self.writer.rdf
        graph = catalog_graph(self.catalog, self.pending)
        for block in self.pending:
            merge(graph, shared_of(block))
        nodes = rdf.nodes(graph) + [block.nodes for block in self.pending]
        for (suffix, index), target in zip(FORMATS.items(), targets, strict=True):
            view = rdf.nodes(
                _paging(self.catalog, self.number, self.pages, self.total, self.writer.size, suffix)
                if self.pages > 1
                else {}
            )
            self.writer.write(target, rdf.document(nodes + view, index))
        self.pending = []
        return targets


@dataclass
class PartyBlocks:
    """One party's blocks, in hand or read back when first needed. `digest` is the party's exports
    unit digest (what the blocks are made from), "" when unknown: a national page is then
    written, never reused."""

    digest: str
    count: int
    load: Callable[[], list[Block]]
    loaded: list[Block] | None = None

    def blocks(self) -> list[Block]:
        if self.loaded is None:
            self.loaded = self.load()
        return self.loaded


@dataclass
class NationalPages(Pages):
    """The national catalogue's pages, fed a party at a time. A page is reused when the parts of
    parties it holds (each party's unit digest and the range of its blocks) are the same: the
    blocks of an unchanged page are never read."""

    parts: list[tuple[PartyBlocks, int, int]] = field(default_factory=list)
    filled: int = 0

    def add_party(self, share: PartyBlocks) -> None:
        start = 0
        while start < share.count:
            end = min(share.count, start + self.writer.size - self.filled)
            self.parts.append((share, start, end))
            self.filled += end - start
            start = end
            if self.filled == self.writer.size:
                self.flush()

    def close(self) -> None:
        if self.parts or self.number == 0:
            self.flush()

    def flush(self) -> None:
        self.number += 1
        targets = self._targets()
        parts, self.parts, self.filled = self.parts, [], 0
        if self.reuse is not None and all(share.digest for share, _, _ in parts):
            inputs = (self.catalog, self.number, self.pages, self.total, self.writer.size)
            made_of = [(share.digest, start, end) for share, start, end in parts]
            if self.reuse(f"dcat:{self.number}", (inputs, made_of), lambda: self._write_parts(parts, targets)):
                self.writer.written.extend(targets)  # kept: nothing was written
            return
        self._write_parts(parts, targets)

    def _write_parts(self, parts: list[tuple[PartyBlocks, int, int]], targets: list[Path]) -> list[Path]:
        self.pending = [block for share, start, end in parts for block in share.blocks()[start:end]]
        return self._write(targets)


class PageReuse(Protocol):
    """Reuse a national page's files from the previous site when what it is made from (plain JSON)
    is the same, else call `write`; True when reused (export/__init__.py)."""

    def __call__(self, key: str, inputs: Any, write: Callable[[], list[Path]]) -> bool: ...


def block_json(block: Block) -> dict[str, Any]:
    """A block as plain JSON (its shared graph's sets as sorted lists), for the exports' cache."""
    if block.stored is not None:
        return block.stored
    shared = {s: {p: sorted(objects) for p, objects in node.items()} for s, node in shared_of(block).items()}
    return {
        "iri": block.iri,
        "nodes": list(block.nodes),
        "shared": shared,
        "issued": block.issued,
        "updated": block.updated,
        "themed": block.themed,
    }


def block_from_json(raw: dict[str, Any]) -> Block:
    """A block read back from the cache; its shared graph is made only if a page is written with it
    (most national pages are kept as they were)."""
    iri_, turtle, jsonld = raw["nodes"]
    return Block(raw["iri"], (iri_, turtle, jsonld), None, raw["issued"], raw["updated"], bool(raw["themed"]), raw)


def shared_of(block: Block) -> Graph:
    if block.shared is not None:
        return block.shared
    assert block.stored is not None
    stored = block.stored["shared"]
    return {s: {p: {tuple(o) for o in objects} for p, objects in node.items()} for s, node in stored.items()}


def national_catalog(enriched: Enriched, base_url: str) -> CatalogInfo:
    site = enriched.config.get("site") or {}
    base = SiteUrls.of(base_url).base
    return CatalogInfo(
        iri=f"{base}catalogo",
        homepage=base,
        folder="",
        url=base,
        publisher=f"{base}#publicador",
        title={"es": site.get("name_es", ""), "en": site.get("name_en", "")},
        description={
            "es": "Catálogo nacional de datos abiertos de México: los conjuntos de datos de los "
            "sujetos obligados de los tres órdenes de gobierno.",
            "en": "Mexico's national open data catalogue: the datasets of the reporting "
            "parties of the three levels of government.",
        },
    )


def party_catalog(party: Party, base_url: str) -> CatalogInfo:
    url = common.party_url(base_url, party.id)
    return CatalogInfo(
        iri=f"{url}catalogo",
        homepage=url,
        folder=f"instituciones/{party.id}",
        url=url,
        publisher=url,
        title={"es": f"Datos abiertos de {party.name}", "en": f"Open data of {party.name}"},
        description={
            "es": f"Conjuntos de datos publicados por {party.name}.",
            "en": f"Datasets published by {party.name}.",
        },
    )


def page_file(number: int, suffix: str) -> str:
    return f"catalogo{suffix}" if number == 1 else f"catalogo/pagina-{number}{suffix}"


def _paging(catalog: CatalogInfo, number: int, pages: int, total: int, size: int, suffix: str) -> Graph:
    def url(n: int) -> str:
        return iri(catalog.url + page_file(n, suffix))[0]

    graph: Graph = {}
    view = url(number)
    add(graph, view, TYPE, iri(HYDRA + "PartialCollectionView"))
    add(graph, view, HYDRA + "first", iri(url(1)))
    add(graph, view, HYDRA + "last", iri(url(pages)))
    add(graph, view, HYDRA + "totalItems", typed(str(total), XSD + "integer"))
    add(graph, view, HYDRA + "itemsPerPage", typed(str(size), XSD + "integer"))
    if number > 1:
        add(graph, view, HYDRA + "previous", iri(url(number - 1)))
    if number < pages:
        add(graph, view, HYDRA + "next", iri(url(number + 1)))
    return graph


def catalog_graph(catalog: CatalogInfo, blocks: list[Block]) -> Graph:
    graph: Graph = {}
    node = iri(catalog.iri)[0]
    add(graph, node, TYPE, iri(DCAT + "Catalog"))
    for lang in ("es", "en"):
        add(graph, node, DCT + "title", text(catalog.title[lang], lang))
        add(graph, node, DCT + "description", text(catalog.description[lang], lang))
    _document(graph, node, FOAF + "homepage", catalog.homepage)
    _language(graph, node)
    publisher = iri(catalog.publisher)
    add(graph, node, DCT + "publisher", publisher)
    if catalog.folder == "":
        _agent(graph, publisher[0], catalog.title["es"])
        _publisher_type(graph, publisher[0], "federal")
    add(graph, node, DCT + "spatial", iri(MEXICO))
    add(graph, MEXICO, TYPE, iri(DCT + "Location"))
    add(graph, MEXICO, SKOS + "prefLabel", text(common.COUNTRY_ES, "es"))
    _place(graph, MEXICO, None)
    _license(graph, node, vocabularies().entry("licenses", CATALOGUE_LICENSE)["url"])
    modified = newest_date(b.updated for b in blocks)
    if modified:
        add(graph, node, DCT + "modified", typed(modified[:10], XSD + "date"))
    issued = min((b.issued for b in blocks if b.issued), default=None)
    if issued:
        add(graph, node, DCT + "issued", typed(issued, XSD + "date"))
    if any(b.themed for b in blocks):
        _theme_taxonomy(graph, node)
    for block in blocks:
        add(graph, node, DCAT + "dataset", iri(block.iri))
    return graph


def dataset_block(rdf: Writer, facts: common.Facts, base_url: str) -> Block:
    """The dataset's triples; its own nodes written to text at once, the shared ones kept."""
    graph = dataset_graph(facts, base_url)
    url = iri(facts.url)[0]
    own = {s: graph.pop(s) for s in [s for s in graph if s == url or s.startswith(url + "#")]}
    written = rdf.nodes(own)
    nodes = (url, "\n\n".join(n[1] for n in written), ",\n".join(n[2] for n in written))
    info = facts.info
    return Block(
        url, nodes, graph, common.issued(info), info.updated.date if info.updated else None, bool(facts.themes)
    )


def dataset_graph(facts: common.Facts, base_url: str) -> Graph:
    dataset = facts.dataset
    graph: Graph = {}
    node = iri(facts.url)[0]
    add(graph, node, TYPE, iri(DCAT + "Dataset"))
    add(graph, node, DCT + "identifier", text(dataset.key))
    add(graph, node, DCT + "title", text(dataset.title, "es"))
    add(graph, node, DCT + "description", text(dataset.text("description").strip() or dataset.title, "es"))
    _document(graph, node, DCAT + "landingPage", facts.url)
    _language(graph, node)
    for word in facts.keywords:
        add(graph, node, DCAT + "keyword", text(word, "es"))
    for theme in facts.themes:
        _theme(graph, node, theme)
    party = facts.party
    if party is not None:
        agent = iri(common.party_url(base_url, party.id))
        add(graph, node, DCT + "publisher", agent)
        _party_agent(graph, agent[0], party)
    _dates(graph, node, facts)
    add(graph, node, DCT + "accessRights", iri(PUBLIC_ACCESS))  # what is published here is public
    add(graph, PUBLIC_ACCESS, TYPE, iri(DCT + "RightsStatement"))
    _frequency(graph, node, dataset)
    _contact(graph, node, common.contact(dataset, party))
    _temporal(graph, node, dataset)
    _spatial(graph, node, dataset)
    for resource in facts.links:
        _distribution(graph, node, facts, resource)
    for other in facts.related:  # datasets that share a key with this one (measure/joins.py)
        add(graph, node, DCT + "relation", iri(other))
    return graph


def _document(graph: Graph, subject: str, predicate: str, url: str) -> None:
    document = iri(common.iri(url))
    add(graph, subject, predicate, document)
    add(graph, document[0], TYPE, iri(FOAF + "Document"))


def _language(graph: Graph, subject: str) -> None:
    add(graph, subject, DCT + "language", iri(SPANISH))
    add(graph, SPANISH, TYPE, iri(DCT + "LinguisticSystem"))


def _agent(graph: Graph, agent: str, name: str) -> None:
    add(graph, agent, TYPE, iri(FOAF + "Agent"))
    add(graph, agent, FOAF + "name", text(name, "es"))


def _party_agent(graph: Graph, agent: str, party: Party) -> None:
    _agent(graph, agent, party.name)
    if party.text("website").startswith(("http://", "https://")):
        _document(graph, agent, FOAF + "homepage", party.text("website"))
    _publisher_type(graph, agent, party.level)


def _publisher_type(graph: Graph, agent: str, level: str) -> None:
    kind = PUBLISHER_TYPES.get(level)
    if kind:
        concept = PUBLISHER_TYPE + kind[0]
        add(graph, agent, DCT + "type", iri(concept))
        add(graph, concept, TYPE, iri(SKOS + "Concept"))
        add(graph, concept, SKOS + "prefLabel", text(kind[1], "en"))


def _theme_taxonomy(graph: Graph, catalog: str) -> None:
    scheme = EU + "data-theme"
    add(graph, catalog, DCAT + "themeTaxonomy", iri(scheme))
    add(graph, scheme, TYPE, iri(SKOS + "ConceptScheme"))
    add(graph, scheme, DCT + "title", text("Data theme", "en"))


@cache
def _theme_labels(code: str) -> dict[str, str]:
    """The labels of an EU data theme: those of the first catalogue theme mapped to it."""
    vocab = vocabularies()
    first = next(k for k, v in vocab.terms["themes"].items() if v.get("eu") == code)
    return {lang: vocab.label("themes", first, lang) for lang in ("es", "en")}


def _theme(graph: Graph, dataset: str, theme: str) -> None:
    code = vocabularies().entry("themes", theme).get("eu")
    if not code:
        return
    concept = EU_THEME + code
    add(graph, dataset, DCAT + "theme", iri(concept))
    add(graph, concept, TYPE, iri(SKOS + "Concept"))
    add(graph, concept, SKOS + "inScheme", iri(EU + "data-theme"))
    for lang, label in _theme_labels(code).items():
        add(graph, concept, SKOS + "prefLabel", text(label, lang))


def _dates(graph: Graph, node: str, facts: common.Facts) -> None:
    issued, modified = common.issued(facts.info), common.modified(facts.info)
    if issued:
        add(graph, node, DCT + "issued", typed(issued, XSD + "date"))
    if modified:
        add(graph, node, DCT + "modified", typed(modified, XSD + "date"))


def _frequency(graph: Graph, node: str, dataset: Dataset) -> None:
    code = common.frequency(dataset).get("eu")
    if code:
        add(graph, node, DCT + "accrualPeriodicity", iri(EU_FREQUENCY + code))
        add(graph, EU_FREQUENCY + code, TYPE, iri(DCT + "Frequency"))


def _contact(graph: Graph, node: str, contact: dict[str, str]) -> None:
    if not contact:
        return
    card = node + "#contacto"
    add(graph, node, DCAT + "contactPoint", iri(card))
    add(graph, card, TYPE, iri(VCARD + "Kind"))
    add(graph, card, TYPE, iri(VCARD + "Organization"))
    if contact.get("name"):
        add(graph, card, VCARD + "fn", text(contact["name"]))
    if contact.get("email"):
        add(graph, card, VCARD + "hasEmail", iri(common.iri("mailto:" + contact["email"])))
    if contact.get("phone"):
        add(graph, card, VCARD + "hasTelephone", text(contact["phone"]))


def _license(graph: Graph, node: str, license_url: str) -> None:
    """The license as a `dct:LicenseDocument` with its title and ADMS licence types (known ones)."""
    document = iri(common.iri(license_url))[0]
    add(graph, node, DCT + "license", iri(document))
    add(graph, document, TYPE, iri(DCT + "LicenseDocument"))
    add(graph, document, DCT + "title", text(common.license_title(license_url), "es"))
    for kind in common.license_types(license_url):
        add(graph, document, DCT + "type", iri(LICENCE_TYPE + kind))
        add(graph, LICENCE_TYPE + kind, TYPE, iri(SKOS + "Concept"))
        add(graph, LICENCE_TYPE + kind, SKOS + "prefLabel", text(LICENCE_TYPES.get(kind, kind), "en"))


def date_literal(value: str) -> tuple[str, str, str, int]:
    """YYYY, YYYY-MM or YYYY-MM-DD as xsd:gYear, xsd:gYearMonth or xsd:date."""
    kind = {4: "gYear", 7: "gYearMonth"}.get(len(value), "date")
    return typed(value, XSD + kind)


def _temporal(graph: Graph, node: str, dataset: Dataset) -> None:
    start, end = common.temporal(dataset)
    if not start and not end:
        return
    period = node + "#periodo"
    add(graph, node, DCT + "temporal", iri(period))
    add(graph, period, TYPE, iri(DCT + "PeriodOfTime"))
    if start:
        add(graph, period, DCAT + "startDate", date_literal(start))
    if end:
        add(graph, period, DCAT + "endDate", date_literal(end))


def _spatial(graph: Graph, node: str, dataset: Dataset) -> None:
    for code, name in common.coverage(dataset):
        place = MEXICO if code is None else iri(f"{node}#lugar-{code}")[0]
        add(graph, node, DCT + "spatial", iri(place))
        add(graph, place, TYPE, iri(DCT + "Location"))
        add(graph, place, SKOS + "prefLabel", text(name, "es"))
        if code is not None:
            add(graph, place, DCT + "identifier", text(code))
        _place(graph, place, code)


def _place(graph: Graph, place: str, code: str | None) -> None:
    """The box and centroid of Mexico (code None), a state or a municipality, when it has a shape."""
    found = geometry.extent(code)
    if found is not None:
        add(graph, place, DCAT + "bbox", typed(found.bbox, geometry.WKT))
        add(graph, place, DCAT + "centroid", typed(found.centroid, geometry.WKT))


def _distribution(graph: Graph, node: str, facts: common.Facts, link: common.ResourceFacts) -> None:
    resource, access = link.resource, iri(link.url or "")
    dist = f"{node}#recurso-{resource.index + 1}"
    add(graph, node, DCAT + "distribution", iri(dist))
    add(graph, dist, TYPE, iri(DCAT + "Distribution"))
    add(graph, dist, DCAT + "accessURL", access)
    if not is_access_page(link.format):
        add(graph, dist, DCAT + "downloadURL", access)
    add(graph, dist, DCT + "title", text(resource.data.get("title") or resource.name, "es"))
    description = resource.data.get("description")
    if isinstance(description, str) and description.strip():
        add(graph, dist, DCT + "description", text(description.strip(), "es"))
    if link.media:
        kind = IANA + link.media
        add(graph, dist, DCAT + "mediaType", iri(kind))
        add(graph, kind, TYPE, iri(DCT + "MediaType"))
    file_type = vocabularies().entry("formats", link.format).get("eu") if link.format else None
    if file_type:
        add(graph, dist, DCT + "format", iri(EU_FILE_TYPE + file_type))
        add(graph, EU_FILE_TYPE + file_type, TYPE, iri(DCT + "MediaTypeOrExtent"))
    size = resource.data.get("bytes")
    if isinstance(size, int) and not isinstance(size, bool) and size >= 0:
        add(graph, dist, DCAT + "byteSize", typed(str(size), XSD + "nonNegativeInteger"))
    if is_local(resource):  # kept in git, every version with its commit (the LGTAIP's "permanent")
        add(graph, dist, DCATAP + "availability", iri(EU_AVAILABILITY + "STABLE"))
        add(graph, EU_AVAILABILITY + "STABLE", TYPE, iri(SKOS + "Concept"))
    for license_url in facts.licenses[:1]:
        _license(graph, dist, license_url)
    if facts.info.updated:
        add(graph, dist, DCT + "modified", typed(facts.info.updated.day, XSD + "date"))
