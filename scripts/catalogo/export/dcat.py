"""DCAT-AP 3.0 catalogue as JSON-LD and Turtle, built with rdflib.

Files (URLs relative to the base URL):

- `catalogo.jsonld`, `catalogo.ttl`: the national `dcat:Catalog`.
- `instituciones/<party>/catalogo.jsonld`, `.ttl`: each party's own catalogue.
- When a catalogue holds more datasets than the page size (1,000 by default, `exports:
  dcat_page_size` in catalogo.yaml), it is paged like ckanext-dcat does: the first page stays
  at `catalogo.jsonld`/`.ttl` and the others go to `catalogo/pagina-<n>.jsonld`/`.ttl`; every
  page carries a `hydra:PartialCollectionView` with `first`, `last`, `next`, `previous`,
  `totalItems` and `itemsPerPage`.

Each dataset (IRI: its page URL) has title, description, keywords, EU data themes, publisher
(the party, a `foaf:Agent`), contact point (vCard), temporal (`dct:PeriodOfTime`) and spatial
(`dct:Location`) coverage, accrual periodicity (EU frequency), issued and modified dates from
git, and one `dcat:Distribution` per resource with access/download URL, media type and license.
Every IRI used as a value is typed with the class DCAT-AP expects, so the output conforms to the
official shapes (`shapes.ttl` + `range.ttl`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rdflib import RDF, XSD, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, SKOS

from ..enrich import DatasetInfo, Enriched
from ..model import Party
from ..vocab import vocabularies
from . import common
from .rdfwrite import Triples, to_jsonld, to_turtle

VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
HYDRA = Namespace("http://www.w3.org/ns/hydra/core#")
LOCN = Namespace("http://www.w3.org/ns/locn#")
EU = "http://publications.europa.eu/resource/authority/"
EU_THEME = Namespace(EU + "data-theme/")
EU_FREQUENCY = Namespace(EU + "frequency/")
SPANISH = URIRef(EU + "language/SPA")
MEXICO = URIRef(EU + "country/MEX")
IANA = "http://www.iana.org/assignments/media-types/"
PUBLISHER_TYPE = Namespace("http://purl.org/adms/publishertype/")
PUBLISHER_TYPES = {"federal": ("NationalAuthority", "National authority"),
                   "estatal": ("RegionalAuthority", "Regional authority"),
                   "municipal": ("LocalAuthority", "Local authority")}
PREFIXES = {"dcat": DCAT, "dct": DCTERMS, "foaf": FOAF, "skos": SKOS, "vcard": VCARD,
            "hydra": HYDRA, "locn": LOCN, "xsd": XSD, "rdf": RDF}
DEFAULT_PAGE_SIZE = 1000


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


def page_size_from(enriched: Enriched) -> int:
    raw = enriched.config.get("exports", {})
    size = raw.get("dcat_page_size") if isinstance(raw, dict) else None
    return size if isinstance(size, int) and size > 0 else DEFAULT_PAGE_SIZE


def write_dcat(enriched: Enriched, out: Path, base_url: str, page_size: int | None = None) -> list[Path]:
    """Write the national catalogue and one per party, paged; returns the files written."""
    size = page_size or page_size_from(enriched)
    written = write_catalog(enriched, out, base_url, national_catalog(enriched, base_url),
                            list(enriched.datasets.values()), size)
    for party_id, infos in common.infos_by_party(enriched).items():
        party = enriched.catalogue.parties.get(party_id)
        if party is not None:
            written += write_catalog(enriched, out, base_url, party_catalog(party, base_url), infos, size)
    return written


def national_catalog(enriched: Enriched, base_url: str) -> CatalogInfo:
    site = enriched.config.get("site") or {}
    base = common.with_slash(base_url)
    return CatalogInfo(
        iri=f"{base}catalogo", homepage=base, folder="", url=base, publisher=f"{base}#publicador",
        title={"es": site.get("name_es", ""), "en": site.get("name_en", "")},
        description={"es": "Catálogo nacional de datos abiertos de México: los conjuntos de datos de los "
                           "sujetos obligados de los tres órdenes de gobierno.",
                     "en": "Mexico's national open data catalogue: the datasets of the reporting "
                           "parties of the three levels of government."})


def party_catalog(party: Party, base_url: str) -> CatalogInfo:
    url = common.party_url(base_url, party.id)
    return CatalogInfo(
        iri=f"{url}catalogo", homepage=url, folder=f"instituciones/{party.id}", url=url, publisher=url,
        title={"es": f"Datos abiertos de {party.name}", "en": f"Open data of {party.name}"},
        description={"es": f"Conjuntos de datos publicados por {party.name}.",
                     "en": f"Datasets published by {party.name}."})


def write_catalog(enriched: Enriched, out: Path, base_url: str, catalog: CatalogInfo,
                  infos: list[DatasetInfo], page_size: int) -> list[Path]:
    pages = max(1, math.ceil(len(infos) / page_size))
    written = []
    for number in range(1, pages + 1):
        chunk = infos[(number - 1) * page_size: number * page_size]
        graph = catalog_graph(enriched, catalog, chunk, base_url)
        for suffix, render in ((".jsonld", to_jsonld), (".ttl", to_turtle)):
            view = _paging(catalog, number, pages, len(infos), page_size, suffix) if pages > 1 else []
            for triple in view:
                graph.add(triple)
            target = out / catalog.folder / page_file(number, suffix)
            common.write_text(target, render(graph))
            for triple in view:
                graph.remove(triple)
            written.append(target)
    return written


def page_file(number: int, suffix: str) -> str:
    return f"catalogo{suffix}" if number == 1 else f"catalogo/pagina-{number}{suffix}"


def _paging(catalog: CatalogInfo, number: int, pages: int, total: int, size: int, suffix: str) -> list[tuple]:
    def url(n: int) -> URIRef:
        return URIRef(catalog.url + page_file(n, suffix))

    view = url(number)
    triples = [(view, RDF.type, HYDRA.PartialCollectionView), (view, HYDRA.first, url(1)),
               (view, HYDRA.last, url(pages)),
               (view, HYDRA.totalItems, Literal(total, datatype=XSD.integer)),
               (view, HYDRA.itemsPerPage, Literal(size, datatype=XSD.integer))]
    if number > 1:
        triples.append((view, HYDRA.previous, url(number - 1)))
    if number < pages:
        triples.append((view, HYDRA.next, url(number + 1)))
    return triples


def catalog_graph(enriched: Enriched, catalog: CatalogInfo, infos: list[DatasetInfo], base_url: str) -> Triples:
    graph = Triples(PREFIXES)
    node = URIRef(catalog.iri)
    graph.add((node, RDF.type, DCAT.Catalog))
    for lang in ("es", "en"):
        graph.add((node, DCTERMS.title, Literal(catalog.title[lang], lang=lang)))
        graph.add((node, DCTERMS.description, Literal(catalog.description[lang], lang=lang)))
    _document(graph, node, FOAF.homepage, catalog.homepage)
    _language(graph, node)
    graph.add((node, DCTERMS.publisher, URIRef(catalog.publisher)))
    if catalog.folder == "":
        _agent(graph, URIRef(catalog.publisher), catalog.title["es"])
        _publisher_type(graph, URIRef(catalog.publisher), "federal")
    graph.add((node, DCTERMS.spatial, MEXICO))
    graph.add((MEXICO, RDF.type, DCTERMS.Location))
    graph.add((MEXICO, SKOS.prefLabel, Literal(common.COUNTRY_ES, lang="es")))
    modified = common.newest_date(enriched, infos)
    if modified:
        graph.add((node, DCTERMS.modified, Literal(modified[:10], datatype=XSD.date)))
    issued = min((i.created.day for i in infos if i.created is not None), default=None)
    if issued:
        graph.add((node, DCTERMS.issued, Literal(issued, datatype=XSD.date)))
    if any(common.themes(i.dataset) for i in infos):
        _theme_taxonomy(graph, node)
    for info in infos:
        graph.add((node, DCAT.dataset, URIRef(common.dataset_url(base_url, info.dataset))))
        add_dataset(graph, enriched, info, base_url)
    return graph


def add_dataset(graph: Triples, enriched: Enriched, info: DatasetInfo, base_url: str) -> None:
    dataset = info.dataset
    url = common.dataset_url(base_url, dataset)
    node = URIRef(url)
    graph.add((node, RDF.type, DCAT.Dataset))
    graph.add((node, DCTERMS.identifier, Literal(dataset.key)))
    graph.add((node, DCTERMS.title, Literal(dataset.title, lang="es")))
    graph.add((node, DCTERMS.description, Literal(dataset.text("description").strip() or dataset.title, lang="es")))
    _document(graph, node, DCAT.landingPage, url)
    _language(graph, node)
    for word in common.keywords(dataset):
        graph.add((node, DCAT.keyword, Literal(word, lang="es")))
    for theme in common.themes(dataset):
        _theme(graph, node, theme)
    party = enriched.party_of(dataset)
    if party is not None:
        agent = URIRef(common.party_url(base_url, party.id))
        graph.add((node, DCTERMS.publisher, agent))
        _party_agent(graph, agent, party)
    _dates(graph, node, info)
    _frequency(graph, node, dataset)
    _contact(graph, node, url, common.contact(dataset, party))
    _temporal(graph, node, url, dataset)
    _spatial(graph, node, url, dataset)
    for resource in dataset.resources:
        _distribution(graph, node, url, info, resource, base_url)


def _document(graph: Triples, subject: URIRef, predicate: URIRef, url: str) -> None:
    node = URIRef(common.iri(url))
    graph.add((subject, predicate, node))
    graph.add((node, RDF.type, FOAF.Document))


def _language(graph: Triples, subject: URIRef) -> None:
    graph.add((subject, DCTERMS.language, SPANISH))
    graph.add((SPANISH, RDF.type, DCTERMS.LinguisticSystem))


def _agent(graph: Triples, agent: URIRef, name: str) -> None:
    graph.add((agent, RDF.type, FOAF.Agent))
    graph.add((agent, FOAF.name, Literal(name, lang="es")))


def _party_agent(graph: Triples, agent: URIRef, party: Party) -> None:
    _agent(graph, agent, party.name)
    if party.text("website").startswith(("http://", "https://")):
        _document(graph, agent, FOAF.homepage, party.text("website"))
    _publisher_type(graph, agent, party.level)


def _publisher_type(graph: Triples, agent: URIRef, level: str) -> None:
    kind = PUBLISHER_TYPES.get(level)
    if kind:
        concept = PUBLISHER_TYPE[kind[0]]
        graph.add((agent, DCTERMS.type, concept))
        graph.add((concept, RDF.type, SKOS.Concept))
        graph.add((concept, SKOS.prefLabel, Literal(kind[1], lang="en")))


def _theme_taxonomy(graph: Triples, catalog: URIRef) -> None:
    scheme = URIRef(EU + "data-theme")
    graph.add((catalog, DCAT.themeTaxonomy, scheme))
    graph.add((scheme, RDF.type, SKOS.ConceptScheme))
    graph.add((scheme, DCTERMS.title, Literal("Data theme", lang="en")))


def _theme(graph: Triples, dataset: URIRef, theme: str) -> None:
    code = vocabularies().entry("themes", theme).get("eu")
    if not code:
        return
    concept = EU_THEME[code]
    graph.add((dataset, DCAT.theme, concept))
    if (concept, RDF.type, SKOS.Concept) in graph:
        return
    graph.add((concept, RDF.type, SKOS.Concept))
    graph.add((concept, SKOS.inScheme, URIRef(EU + "data-theme")))
    first = next(k for k, v in vocabularies().terms["themes"].items() if v.get("eu") == code)
    for lang in ("es", "en"):
        graph.add((concept, SKOS.prefLabel, Literal(vocabularies().label("themes", first, lang), lang=lang)))


def _dates(graph: Triples, node: URIRef, info: DatasetInfo) -> None:
    if common.issued(info):
        graph.add((node, DCTERMS.issued, Literal(common.issued(info), datatype=XSD.date)))
    if common.modified(info):
        graph.add((node, DCTERMS.modified, Literal(common.modified(info), datatype=XSD.date)))


def _frequency(graph: Triples, node: URIRef, dataset: Any) -> None:
    code = common.frequency(dataset).get("eu")
    if code:
        graph.add((node, DCTERMS.accrualPeriodicity, EU_FREQUENCY[code]))
        graph.add((EU_FREQUENCY[code], RDF.type, DCTERMS.Frequency))


def _contact(graph: Triples, node: URIRef, url: str, contact: dict[str, str]) -> None:
    if not contact:
        return
    card = URIRef(url + "#contacto")
    graph.add((node, DCAT.contactPoint, card))
    graph.add((card, RDF.type, VCARD.Kind))
    graph.add((card, RDF.type, VCARD.Organization))
    if contact.get("name"):
        graph.add((card, VCARD.fn, Literal(contact["name"])))
    if contact.get("email"):
        graph.add((card, VCARD.hasEmail, URIRef(common.iri("mailto:" + contact["email"]))))
    if contact.get("phone"):
        graph.add((card, VCARD.hasTelephone, Literal(contact["phone"])))


def date_literal(value: str) -> Literal:
    """YYYY, YYYY-MM or YYYY-MM-DD as xsd:gYear, xsd:gYearMonth or xsd:date."""
    kind = {4: XSD.gYear, 7: XSD.gYearMonth}.get(len(value), XSD.date)
    return Literal(value, datatype=kind)


def _temporal(graph: Triples, node: URIRef, url: str, dataset: Any) -> None:
    start, end = common.temporal(dataset)
    if not start and not end:
        return
    period = URIRef(url + "#periodo")
    graph.add((node, DCTERMS.temporal, period))
    graph.add((period, RDF.type, DCTERMS.PeriodOfTime))
    if start:
        graph.add((period, DCAT.startDate, date_literal(start)))
    if end:
        graph.add((period, DCAT.endDate, date_literal(end)))


def _spatial(graph: Triples, node: URIRef, url: str, dataset: Any) -> None:
    for code, name in common.coverage(dataset):
        place = MEXICO if code is None else URIRef(f"{url}#lugar-{code}")
        graph.add((node, DCTERMS.spatial, place))
        graph.add((place, RDF.type, DCTERMS.Location))
        graph.add((place, SKOS.prefLabel, Literal(name, lang="es")))
        if code is not None:
            graph.add((place, DCTERMS.identifier, Literal(code)))


def _distribution(graph: Triples, node: URIRef, url: str, info: DatasetInfo, resource: Any, base_url: str) -> None:
    access = common.resource_url(base_url, info.dataset, resource)
    if not access:
        return
    dist = URIRef(f"{url}#recurso-{resource.index + 1}")
    graph.add((node, DCAT.distribution, dist))
    graph.add((dist, RDF.type, DCAT.Distribution))
    graph.add((dist, DCAT.accessURL, URIRef(access)))
    if common.format_of(resource) not in ("html", "api"):
        graph.add((dist, DCAT.downloadURL, URIRef(access)))
    graph.add((dist, DCTERMS.title, Literal(resource.data.get("title") or resource.name, lang="es")))
    if isinstance(resource.data.get("description"), str) and resource.data["description"].strip():
        graph.add((dist, DCTERMS.description, Literal(resource.data["description"].strip(), lang="es")))
    media = common.media_type(resource)
    if media:
        kind = URIRef(IANA + media)
        graph.add((dist, DCAT.mediaType, kind))
        graph.add((dist, DCTERMS.format, kind))
        graph.add((kind, RDF.type, DCTERMS.MediaType))
        graph.add((kind, RDF.type, DCTERMS.MediaTypeOrExtent))
    if isinstance(resource.data.get("bytes"), int):
        graph.add((dist, DCAT.byteSize, Literal(resource.data["bytes"], datatype=XSD.nonNegativeInteger)))
    for license_url in common.license_urls(info.dataset)[:1]:
        doc = URIRef(common.iri(license_url))
        graph.add((dist, DCTERMS.license, doc))
        graph.add((doc, RDF.type, DCTERMS.LicenseDocument))
        graph.add((doc, DCTERMS.title, Literal(common.license_title(license_url), lang="es")))
    if info.updated:
        graph.add((dist, DCTERMS.modified, Literal(info.updated.day, datatype=XSD.date)))
