"""The DCAT-AP mapping as the catalogue wrote it with rdflib before the exports wrote RDF
directly: kept here as the reference the written Turtle and JSON-LD must equal (as graphs).
Independent of the writer: it builds rdflib terms and an rdflib Graph from the catalogue."""

from __future__ import annotations

from typing import Any

from rdflib import RDF, XSD, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, SKOS

from catalogo.core import resources
from catalogo.core.model import Party
from catalogo.core.vocab import license_key, vocabularies
from catalogo.export import common, geometry
from catalogo.export.dcat import CatalogInfo
from catalogo.measure.enriched import DatasetInfo, Enriched

VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
HYDRA = Namespace("http://www.w3.org/ns/hydra/core#")
LOCN = Namespace("http://www.w3.org/ns/locn#")
EU = "http://publications.europa.eu/resource/authority/"
EU_THEME = Namespace(EU + "data-theme/")
EU_FREQUENCY = Namespace(EU + "frequency/")
SPANISH = URIRef(EU + "language/SPA")
MEXICO = URIRef(EU + "country/MEX")
IANA = "http://www.iana.org/assignments/media-types/"
EU_FILE_TYPE = Namespace(EU + "file-type/")
STABLE = URIRef(EU + "planned-availability/STABLE")
PUBLIC = URIRef(EU + "access-right/PUBLIC")
DCATAP = Namespace("http://data.europa.eu/r5r/")
WKT = URIRef("http://www.opengis.net/ont/geosparql#wktLiteral")
LICENCE_TYPE = Namespace("http://purl.org/adms/licencetype/")
LICENCE_LABELS = {
    "Attribution": "Attribution",
    "PublicDomain": "Public domain",
    "ViralEffect-ShareAlike": "Viral effect (a.k.a. Share-alike)",
}
PUBLISHER_TYPE = Namespace("http://purl.org/adms/publishertype/")
PUBLISHER_TYPES = {
    "federal": ("NationalAuthority", "National authority"),
    "estatal": ("RegionalAuthority", "Regional authority"),
    "municipal": ("LocalAuthority", "Local authority"),
}
PREFIXES = {
    "dcat": DCAT,
    "dct": DCTERMS,
    "foaf": FOAF,
    "skos": SKOS,
    "vcard": VCARD,
    "hydra": HYDRA,
    "locn": LOCN,
    "xsd": XSD,
    "rdf": RDF,
}
DEFAULT_PAGE_SIZE = 1000


def catalog_graph(enriched: Enriched, catalog: CatalogInfo, infos: list[DatasetInfo], base_url: str) -> Graph:
    graph = Graph()
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
    _extent(graph, MEXICO, None)
    _license(graph, node, vocabularies().entry("licenses", "libre-uso-mx")["url"])
    modified = common.newest_date(enriched, infos)
    if modified:
        graph.add((node, DCTERMS.modified, Literal(modified[:10], datatype=XSD.date)))
    issued = min((common.issued(i) for i in infos if common.issued(i)), default=None)
    if issued:
        graph.add((node, DCTERMS.issued, Literal(issued, datatype=XSD.date)))
    if any(common.themes(i.dataset) for i in infos):
        _theme_taxonomy(graph, node)
    for info in infos:
        graph.add((node, DCAT.dataset, URIRef(common.dataset_url(base_url, info.dataset))))
        add_dataset(graph, enriched, info, base_url)
    return graph


def add_dataset(graph: Graph, enriched: Enriched, info: DatasetInfo, base_url: str) -> None:
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
    graph.add((node, DCTERMS.accessRights, PUBLIC))
    graph.add((PUBLIC, RDF.type, DCTERMS.RightsStatement))
    _frequency(graph, node, dataset)
    _contact(graph, node, url, common.contact(dataset, party))
    _temporal(graph, node, url, dataset)
    _spatial(graph, node, url, dataset)
    for resource in dataset.resources:
        _distribution(graph, node, url, info, resource, base_url)


def _document(graph: Graph, subject: URIRef, predicate: URIRef, url: str) -> None:
    node = URIRef(common.iri(url))
    graph.add((subject, predicate, node))
    graph.add((node, RDF.type, FOAF.Document))


def _language(graph: Graph, subject: URIRef) -> None:
    graph.add((subject, DCTERMS.language, SPANISH))
    graph.add((SPANISH, RDF.type, DCTERMS.LinguisticSystem))


def _agent(graph: Graph, agent: URIRef, name: str) -> None:
    graph.add((agent, RDF.type, FOAF.Agent))
    graph.add((agent, FOAF.name, Literal(name, lang="es")))


def _party_agent(graph: Graph, agent: URIRef, party: Party) -> None:
    _agent(graph, agent, party.name)
    if party.text("website").startswith(("http://", "https://")):
        _document(graph, agent, FOAF.homepage, party.text("website"))
    _publisher_type(graph, agent, party.level)


def _publisher_type(graph: Graph, agent: URIRef, level: str) -> None:
    kind = PUBLISHER_TYPES.get(level)
    if kind:
        concept = PUBLISHER_TYPE[kind[0]]
        graph.add((agent, DCTERMS.type, concept))
        graph.add((concept, RDF.type, SKOS.Concept))
        graph.add((concept, SKOS.prefLabel, Literal(kind[1], lang="en")))


def _theme_taxonomy(graph: Graph, catalog: URIRef) -> None:
    scheme = URIRef(EU + "data-theme")
    graph.add((catalog, DCAT.themeTaxonomy, scheme))
    graph.add((scheme, RDF.type, SKOS.ConceptScheme))
    graph.add((scheme, DCTERMS.title, Literal("Data theme", lang="en")))


def _theme(graph: Graph, dataset: URIRef, theme: str) -> None:
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


def _dates(graph: Graph, node: URIRef, info: DatasetInfo) -> None:
    if common.issued(info):
        graph.add((node, DCTERMS.issued, Literal(common.issued(info), datatype=XSD.date)))
    if common.modified(info):
        graph.add((node, DCTERMS.modified, Literal(common.modified(info), datatype=XSD.date)))


def _frequency(graph: Graph, node: URIRef, dataset: Any) -> None:
    code = common.frequency(dataset).get("eu")
    if code:
        graph.add((node, DCTERMS.accrualPeriodicity, EU_FREQUENCY[code]))
        graph.add((EU_FREQUENCY[code], RDF.type, DCTERMS.Frequency))


def _contact(graph: Graph, node: URIRef, url: str, contact: dict[str, str]) -> None:
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


def _temporal(graph: Graph, node: URIRef, url: str, dataset: Any) -> None:
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


def _spatial(graph: Graph, node: URIRef, url: str, dataset: Any) -> None:
    for code, name in common.coverage(dataset):
        place = MEXICO if code is None else URIRef(f"{url}#lugar-{code}")
        graph.add((node, DCTERMS.spatial, place))
        graph.add((place, RDF.type, DCTERMS.Location))
        graph.add((place, SKOS.prefLabel, Literal(name, lang="es")))
        if code is not None:
            graph.add((place, DCTERMS.identifier, Literal(code)))
        _extent(graph, place, code)


def _extent(graph: Graph, place: URIRef, code: str | None) -> None:
    found = geometry.extent(code)
    if found is not None:
        graph.add((place, DCAT.bbox, Literal(found.bbox, datatype=WKT)))
        graph.add((place, DCAT.centroid, Literal(found.centroid, datatype=WKT)))


def _license(graph: Graph, node: URIRef, url: str) -> None:
    doc = URIRef(common.iri(url))
    graph.add((node, DCTERMS.license, doc))
    graph.add((doc, RDF.type, DCTERMS.LicenseDocument))
    graph.add((doc, DCTERMS.title, Literal(common.license_title(url), lang="es")))
    key = license_key(url)
    for kind in vocabularies().entry("licenses", key).get("adms", []) if key else []:
        graph.add((doc, DCTERMS.type, LICENCE_TYPE[kind]))
        graph.add((LICENCE_TYPE[kind], RDF.type, SKOS.Concept))
        graph.add((LICENCE_TYPE[kind], SKOS.prefLabel, Literal(LICENCE_LABELS[kind], lang="en")))


def _distribution(graph: Graph, node: URIRef, url: str, info: DatasetInfo, resource: Any, base_url: str) -> None:
    access = common.resource_url(base_url, info.dataset, resource)
    if not access:
        return
    dist = URIRef(f"{url}#recurso-{resource.index + 1}")
    graph.add((node, DCAT.distribution, dist))
    graph.add((dist, RDF.type, DCAT.Distribution))
    graph.add((dist, DCAT.accessURL, URIRef(access)))
    if resources.format_of(resource) not in ("html", "api"):
        graph.add((dist, DCAT.downloadURL, URIRef(access)))
    graph.add((dist, DCTERMS.title, Literal(resource.data.get("title") or resource.name, lang="es")))
    if isinstance(resource.data.get("description"), str) and resource.data["description"].strip():
        graph.add((dist, DCTERMS.description, Literal(resource.data["description"].strip(), lang="es")))
    media = resources.media_type(resource)
    if media:
        kind = URIRef(IANA + media)
        graph.add((dist, DCAT.mediaType, kind))
        graph.add((kind, RDF.type, DCTERMS.MediaType))
    key = resources.format_of(resource)
    file_type = vocabularies().entry("formats", key).get("eu") if key else None
    if file_type:
        graph.add((dist, DCTERMS.format, EU_FILE_TYPE[file_type]))
        graph.add((EU_FILE_TYPE[file_type], RDF.type, DCTERMS.MediaTypeOrExtent))
    size = resource.data.get("bytes")
    if isinstance(size, int) and not isinstance(size, bool) and size >= 0:
        graph.add((dist, DCAT.byteSize, Literal(size, datatype=XSD.nonNegativeInteger)))
    if resources.is_local(resource):
        graph.add((dist, DCATAP.availability, STABLE))
        graph.add((STABLE, RDF.type, SKOS.Concept))
    for license_url in common.license_urls(info.dataset)[:1]:
        _license(graph, dist, license_url)
    if info.updated:
        graph.add((dist, DCTERMS.modified, Literal(info.updated.day, datatype=XSD.date)))
