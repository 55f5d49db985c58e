"""The machine-readable outputs of a built catalogue, checked against the official shapes and
schemas (DCAT-AP SHACL, DCAT-US JSON Schema), real frictionless and pandas over HTTP, and
parsers of Atom, sitemap and CSV."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import shutil
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
import yaml
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.compare import isomorphic

from catalogo.enrich import enrich
from catalogo.export import write_exports
from catalogo.export.csvexport import neutralise
from catalogo.export.schemaorg import dataset_jsonld
from catalogo.load import load_catalogue
from catalogo.measure.enriched import Enriched

from .conftest import FIXTURES, git
from .standards import datajson_errors, serve, shacl_violations

BASE = "https://datos.example.mx/"
HYDRA = Namespace("http://www.w3.org/ns/hydra/core#")
DCAT = Namespace("http://www.w3.org/ns/dcat#")
ATOM = "{http://www.w3.org/2005/Atom}"


def _copy_dataset(repo: Path, name: str, title: str, **fields: object) -> None:
    source = repo / "datasets/secretaria-de-salud/casos-covid-estados"
    target = source.parent / name
    shutil.copytree(source, target)
    descriptor = yaml.safe_load((target / "datapackage.yaml").read_text(encoding="utf-8"))
    descriptor.update(name=name, title=title, temporal={"start": "2019", "end": "2020-02"}, **fields)
    descriptor["resources"] = descriptor["resources"][:1]  # only the local file
    descriptor["resources"][0]["bytes"] = (target / "data/casos.csv").stat().st_size  # a declared size
    (target / "datapackage.yaml").write_text(yaml.safe_dump(descriptor, allow_unicode=True), encoding="utf-8")


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The minimal catalogue plus two more datasets, committed on three different days; one title
    is a spreadsheet formula. The source of one says it was first published in 2015 (`created`, as
    the importers keep it); the other's `created` is after its first commit, so git's date stands."""
    root = tmp_path_factory.mktemp("catalogue") / "repo"
    shutil.copytree(FIXTURES / "valid" / "minimal", root)
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Catálogo inicial", date="2026-01-05T10:00:00-06:00")
    _copy_dataset(
        root, "camas-hospitalarias", "Camas hospitalarias por unidad médica", created="2015-03-01"
    )  # as the importers write it
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Camas", date="2026-02-10T10:00:00-06:00")
    _copy_dataset(root, "formula", '=HYPERLINK("http://malo.example","clic")', created="2030-01-01T00:00:00Z")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Fórmula", date="2026-03-15T10:00:00-06:00")
    return root


@pytest.fixture(scope="module")
def enriched(repo: Path) -> Enriched:
    return enrich(load_catalogue(repo), today=dt.date(2026, 4, 1))


@pytest.fixture(scope="module")
def site(enriched: Enriched, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("site")
    write_exports(enriched, out, BASE)
    return out


EXPECTED_FILES = [
    "catalogo.jsonld",
    "catalogo.ttl",
    "data.json",
    "catalogo.csv",
    "sitemap.xml",
    "robots.txt",
    "instituciones/secretaria-de-salud/catalogo.jsonld",
    "instituciones/secretaria-de-salud/catalogo.ttl",
    "instituciones/secretaria-de-salud/data.json",
    "datos/secretaria-de-salud/casos-covid-estados/datapackage.json",
    "api/datasets.json",
    "api/datasets/secretaria-de-salud/casos-covid-estados.json",
    "api/parties.json",
    "api/parties/secretaria-de-salud.json",
    "api/parties/municipio-de-zapopan.json",
    "api/stories.json",
    "api/tools.json",
    "api/3/action/package_list.json",
    "api/3/action/organization_list.json",
    "api/3/action/package_list",
    "api/3/action/organization_list",
    "api/action/package_list",
    "api/action/organization_list",
    "api/3/action/package_show/secretaria-de-salud_casos-covid-estados.json",
    "api/openapi.json",
    "feeds/nuevos.xml",
    "feeds/actualizados.xml",
    "instituciones/secretaria-de-salud/feeds/nuevos.xml",
    "instituciones/secretaria-de-salud/feeds/actualizados.xml",
]


@pytest.mark.parametrize("rel", EXPECTED_FILES)
def test_every_output_is_written(site: Path, rel: str) -> None:
    assert (site / rel).is_file()


def test_output_is_deterministic(enriched: Enriched, site: Path, tmp_path: Path) -> None:
    write_exports(enriched, tmp_path, BASE)
    first = {p.relative_to(site): p.read_bytes() for p in site.rglob("*") if p.is_file()}
    second = {p.relative_to(tmp_path): p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()}
    assert first == second


@pytest.mark.parametrize("rel", ["catalogo.ttl", "catalogo.jsonld", "instituciones/secretaria-de-salud/catalogo.ttl"])
def test_dcat_ap_conforms_to_the_official_shapes(site: Path, rel: str) -> None:
    conforms, report = shacl_violations(site / rel)
    assert conforms, report


def test_turtle_and_jsonld_say_the_same(site: Path) -> None:
    turtle = Graph().parse(site / "catalogo.ttl", format="turtle")
    jsonld = Graph().parse(site / "catalogo.jsonld", format="json-ld")
    assert isomorphic(turtle, jsonld)


def test_dcat_describes_datasets_with_vocabularies(site: Path) -> None:
    graph = Graph().parse(site / "catalogo.ttl")
    dataset = URIRef(BASE + "datos/secretaria-de-salud/casos-covid-estados/")
    dct = Namespace("http://purl.org/dc/terms/")
    assert (URIRef(BASE + "catalogo"), DCAT.dataset, dataset) in graph
    assert (dataset, DCAT.theme, URIRef("http://publications.europa.eu/resource/authority/data-theme/HEAL")) in graph
    assert (
        dataset,
        dct.accrualPeriodicity,
        URIRef("http://publications.europa.eu/resource/authority/frequency/NEVER"),
    ) in graph
    assert (dataset, dct.publisher, URIRef(BASE + "instituciones/secretaria-de-salud/")) in graph
    assert (
        dataset,
        dct.modified,
        Literal("2026-01-05", datatype=URIRef("http://www.w3.org/2001/XMLSchema#date")),
    ) in graph
    licenses = set(graph.objects(None, dct.license))
    assert licenses == {URIRef("https://datos.gob.mx/libreusomx")}


EU = "http://publications.europa.eu/resource/authority/"
DCT = Namespace("http://purl.org/dc/terms/")
WKT = URIRef("http://www.opengis.net/ont/geosparql#wktLiteral")


def test_dcat_distributions_name_eu_file_types_sizes_and_availability(site: Path) -> None:
    """`dct:format` from the EU file types, the IANA media type in `dcat:mediaType`, the declared
    size as xsd:nonNegativeInteger, and a stable availability only for files kept in git."""
    graph = Graph().parse(site / "catalogo.ttl")
    page = BASE + "datos/secretaria-de-salud/casos-covid-estados/"
    local, remote = URIRef(page + "#recurso-1"), URIRef(page + "#recurso-2")
    assert graph.value(local, DCT["format"]) == URIRef(EU + "file-type/CSV")
    assert graph.value(local, DCAT.mediaType) == URIRef("http://www.iana.org/assignments/media-types/text/csv")
    assert graph.value(remote, DCT["format"]) == URIRef(EU + "file-type/HTML")
    availability = URIRef("http://data.europa.eu/r5r/availability")
    assert graph.value(local, availability) == URIRef(EU + "planned-availability/STABLE")
    assert graph.value(remote, availability) is None  # kept elsewhere: the catalogue cannot vouch for it
    size = graph.value(URIRef(BASE + "datos/secretaria-de-salud/camas-hospitalarias/#recurso-1"), DCAT.byteSize)
    assert size.datatype == URIRef("http://www.w3.org/2001/XMLSchema#nonNegativeInteger") and int(size) == 142


def test_dcat_licenses_access_rights_and_places(site: Path) -> None:
    """Licence documents typed with ADMS licence types, the catalogue's own licence, public access,
    and a bounding box and centroid (WKT) for the country and each state."""
    graph = Graph().parse(site / "catalogo.ttl")
    libre_uso = URIRef("https://datos.gob.mx/libreusomx")
    assert (URIRef(BASE + "catalogo"), DCT.license, libre_uso) in graph
    assert graph.value(libre_uso, DCT.type) == URIRef("http://purl.org/adms/licencetype/Attribution")
    dataset = URIRef(BASE + "datos/secretaria-de-salud/casos-covid-estados/")
    assert graph.value(dataset, DCT.accessRights) == URIRef(EU + "access-right/PUBLIC")
    places = list(graph.objects(dataset, DCT.spatial))
    assert len(places) == 3
    for place in [*places, URIRef(EU + "country/MEX")]:
        box, centroid = graph.value(place, DCAT.bbox), graph.value(place, DCAT.centroid)
        assert box.datatype == WKT and str(box).startswith("POLYGON((-"), place
        assert centroid.datatype == WKT and re.fullmatch(r"POINT\(-\d+\.\d+ \d+\.\d+\)", str(centroid)), place
    aguascalientes = URIRef(str(dataset) + "#lugar-01")
    lon, lat = map(float, str(graph.value(aguascalientes, DCAT.centroid))[6:-1].split())
    assert -103 < lon < -101.8 and 21.6 < lat < 22.5


def test_the_first_publication_is_the_sources_when_earlier(site: Path) -> None:
    """A descriptor whose `created` (the source's first publication) is earlier than its first
    commit is issued then in every export; a later one leaves git's date."""
    expected = {"camas-hospitalarias": "2015-03-01", "formula": "2026-03-15", "casos-covid-estados": "2026-01-05"}
    graph = Graph().parse(site / "catalogo.ttl")
    datajson = {d["landingPage"]: d for d in json.loads((site / "data.json").read_text(encoding="utf-8"))["dataset"]}
    summaries = {d["name"]: d for d in json.loads((site / "api/datasets.json").read_text(encoding="utf-8"))}
    for name, day in expected.items():
        page = f"{BASE}datos/secretaria-de-salud/{name}/"
        assert str(graph.value(URIRef(page), DCT.issued)) == day, name
        assert datajson[page]["issued"] == day and summaries[name]["created"] == day
        ckan = json.loads((site / f"api/3/action/package_show/secretaria-de-salud_{name}.json").read_text("ascii"))
        assert {"key": "issued", "value": day} in ckan["result"]["extras"]
    assert str(graph.value(URIRef(BASE + "catalogo"), DCT.issued)) == "2015-03-01"


def test_schemaorg_dates_from_the_source(enriched: Enriched) -> None:
    doc = dataset_jsonld(enriched, enriched.datasets["secretaria-de-salud/camas-hospitalarias"], BASE)
    assert doc["datePublished"] == doc["dateCreated"] == "2015-03-01" and doc["dateModified"] == "2026-02-10"


def test_the_3_0_0_shapes_would_refuse_the_declared_byte_size(site: Path) -> None:
    """Why the tests use DCAT-AP 3.0.1: 3.0.0's shapes want dcat:byteSize as xsd:decimal, which
    DCAT 3 and the DCAT-AP text do not (SEMICeu/DCAT-AP issue 422); the fixtures declare sizes."""
    import pyshacl

    from .conftest import STANDARDS

    old = STANDARDS / "dcat-ap-3.0.0" / "shapes.ttl"
    if not old.is_file():
        pytest.skip("../shared/standards/dcat-ap-3.0.0 is absent")
    conforms, results, _ = pyshacl.validate(Graph().parse(site / "catalogo.ttl"), shacl_graph=Graph().parse(old))
    assert not conforms and (None, None, DCAT.byteSize) in results


def test_dcat_is_paged_with_hydra(enriched: Enriched, tmp_path: Path) -> None:
    write_exports(enriched, tmp_path, BASE, dcat_page_size=2)
    first = Graph().parse(tmp_path / "catalogo.ttl")
    second = Graph().parse(tmp_path / "catalogo/pagina-2.ttl")
    view1, view2 = URIRef(BASE + "catalogo.ttl"), URIRef(BASE + "catalogo/pagina-2.ttl")
    assert (view1, HYDRA.next, view2) in first and (view2, HYDRA.previous, view1) in second
    assert (view1, HYDRA.last, view2) in first and (view2, HYDRA.first, view1) in second
    assert int(first.value(view1, HYDRA.totalItems)) == 3
    datasets = set(first.objects(None, DCAT.dataset)) | set(second.objects(None, DCAT.dataset))
    assert len(datasets) == 3 and len(set(first.objects(None, DCAT.dataset))) == 2
    jsonld_view = URIRef(BASE + "catalogo/pagina-2.jsonld")
    assert (jsonld_view, HYDRA.first, URIRef(BASE + "catalogo.jsonld")) in Graph().parse(
        tmp_path / "catalogo/pagina-2.jsonld"
    )
    for rel in ("catalogo.ttl", "catalogo/pagina-2.jsonld"):
        conforms, report = shacl_violations(tmp_path / rel)
        assert conforms, report


@pytest.mark.parametrize("rel", ["data.json", "instituciones/secretaria-de-salud/data.json"])
def test_datajson_validates_against_dcat_us(site: Path, rel: str) -> None:
    value = json.loads((site / rel).read_text(encoding="utf-8"))
    assert datajson_errors(value) == []
    assert len(value["dataset"]) == 3


def test_datajson_fields(site: Path) -> None:
    entries = {d["title"]: d for d in json.loads((site / "data.json").read_text(encoding="utf-8"))["dataset"]}
    entry = entries["Camas hospitalarias por unidad médica"]
    assert entry["publisher"] == {
        "@type": "org:Organization",
        "name": "Secretaría de Salud",
        "subOrganizationOf": {"@type": "org:Organization", "name": "Estados Unidos Mexicanos"},  # federal
    }
    assert entry["temporal"] == "2019-01-01/2020-02-29"
    assert entry["accrualPeriodicity"] == "irregular"
    assert entry["modified"] == "2026-02-10"
    assert {"downloadURL": BASE + "datos/secretaria-de-salud/camas-hospitalarias/data/casos.csv"}.items() <= entry[
        "distribution"
    ][0].items()


def test_schemaorg_dataset_has_what_dataset_search_reads(enriched: Enriched) -> None:
    info = enriched.datasets["secretaria-de-salud/casos-covid-estados"]
    doc = dataset_jsonld(enriched, info, BASE)
    json.dumps(doc)
    assert doc["@type"] == "Dataset" and doc["url"] == BASE + "datos/secretaria-de-salud/casos-covid-estados/"
    for key in (
        "name",
        "description",
        "identifier",
        "keywords",
        "license",
        "creator",
        "publisher",
        "temporalCoverage",
        "spatialCoverage",
        "distribution",
        "dateModified",
    ):
        assert doc.get(key), key
    assert doc["temporalCoverage"] == "2020-04-15/2020-04-15"
    download = doc["distribution"][0]
    assert download["@type"] == "DataDownload" and download["encodingFormat"] == "text/csv"
    assert download["contentUrl"] == BASE + "datos/secretaria-de-salud/casos-covid-estados/data/casos.csv"


def test_csv_neutralises_formulas(site: Path) -> None:
    text = (site / "catalogo.csv").read_text(encoding="utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == 4  # 2 + 1 + 1 resources
    titles = {r["dataset_title"] for r in rows}
    assert '\'=HYPERLINK("http://malo.example","clic")' in titles
    assert not any(cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row.values())


@pytest.mark.parametrize("value", ["=1+1", "+1+1", "-1+1", "@SUM(A1)", "\t=1", "\r=1"])
def test_neutralise(value: str) -> None:
    assert neutralise(value) == "'" + value


def test_feeds_come_from_git_dates(site: Path) -> None:
    feed = ET.parse(site / "feeds/actualizados.xml").getroot()
    assert feed.tag == f"{ATOM}feed"
    assert feed.findtext(f"{ATOM}updated") == "2026-03-15T10:00:00-06:00"
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == 3
    assert len({e.findtext(f"{ATOM}id") for e in entries}) == 3
    new = ET.parse(site / "feeds/nuevos.xml").getroot()
    first = new.find(f"{ATOM}entry")
    assert first.find(f"{ATOM}link").get("href") == BASE + "datos/secretaria-de-salud/formula/"


def test_sitemap_and_robots(site: Path) -> None:
    ns = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
    urls = {u.findtext(f"{ns}loc"): u.findtext(f"{ns}lastmod") for u in ET.parse(site / "sitemap.xml").getroot()}
    assert urls[BASE + "datos/secretaria-de-salud/camas-hospitalarias/"] == "2026-02-10"
    assert BASE + "instituciones/municipio-de-zapopan/" in urls
    assert f"Sitemap: {BASE}sitemap.xml" in (site / "robots.txt").read_text(encoding="utf-8")


def test_sitemap_keeps_pages_already_listed(enriched: Enriched, tmp_path: Path) -> None:
    (tmp_path / "sitemap.xml").write_text(
        '<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        f"<url><loc>{BASE}guias/</loc></url></urlset>",
        encoding="utf-8",
    )
    write_exports(enriched, tmp_path, BASE)
    assert f"<loc>{BASE}guias/</loc>" in (tmp_path / "sitemap.xml").read_text(encoding="utf-8")


def test_api_files(site: Path) -> None:
    datasets = json.loads((site / "api/datasets.json").read_text(encoding="utf-8"))
    assert [d["id"] for d in datasets] == [
        "secretaria-de-salud/camas-hospitalarias",
        "secretaria-de-salud/casos-covid-estados",
        "secretaria-de-salud/formula",
    ]
    assert {"party", "level", "state", "themes", "formats", "licenses", "frequency", "gender_disaggregated"} <= set(
        datasets[0]
    )
    packages = json.loads((site / "api/3/action/package_list.json").read_text(encoding="utf-8"))
    assert packages["success"] is True and len(packages["result"]) == 3
    orgs = json.loads((site / "api/3/action/organization_list.json").read_text(encoding="utf-8"))
    assert orgs["result"] == ["municipio-de-zapopan", "secretaria-de-salud"]
    record = json.loads(
        (site / "api/datasets/secretaria-de-salud/casos-covid-estados.json").read_text(encoding="utf-8")
    )
    assert record["stories"] == ["mapa-covid"] and record["tools"] == ["frictionless-py"]
    assert record["history"][0]["date"] == "2026-01-05T10:00:00-06:00"


def test_openapi_describes_existing_files(site: Path) -> None:
    spec = json.loads((site / "api/openapi.json").read_text(encoding="utf-8"))
    assert spec["openapi"].startswith("3.1")
    concrete = {
        "{party}": "secretaria-de-salud",
        "{dataset}": "casos-covid-estados",
        "{name}": "secretaria-de-salud_casos-covid-estados",
    }
    for template in spec["paths"]:
        rel = template
        for key, value in concrete.items():
            rel = rel.replace(key, value)
        assert (site / "api" / rel.lstrip("/")).is_file(), template


def test_datapackage_is_valid_over_http_for_frictionless_and_pandas(
    enriched: Enriched, repo: Path, tmp_path: Path
) -> None:
    pandas = pytest.importorskip("pandas")
    from frictionless import validate

    folder = "datos/secretaria-de-salud/camas-hospitalarias"
    with serve(tmp_path) as base:
        write_exports(enriched, tmp_path, base)
        (tmp_path / folder / "data").mkdir(parents=True, exist_ok=True)  # the site build copies data files
        shutil.copy(
            repo / "datasets/secretaria-de-salud/camas-hospitalarias/data/casos.csv",
            tmp_path / folder / "data/casos.csv",
        )
        report = validate(f"{base}{folder}/datapackage.json")
        assert report.valid, report.flatten(["type", "note"])
        descriptor = json.loads((tmp_path / folder / "datapackage.json").read_text(encoding="utf-8"))
        assert [r["path"] for r in descriptor["resources"]] == [f"{base}{folder}/data/casos.csv"]
        frame = pandas.read_csv(descriptor["resources"][0]["path"], dtype=str)
        assert list(frame.columns) == ["cve_ent", "entidad", "fecha", "casos", "sexo"] and len(frame) > 0


def test_sitemap_lists_pages_already_rendered(enriched: Enriched, tmp_path: Path) -> None:
    (tmp_path / "buenas-practicas" / "mapa-covid").mkdir(parents=True)
    (tmp_path / "buenas-practicas" / "mapa-covid" / "index.html").write_text("<html></html>", encoding="utf-8")
    write_exports(enriched, tmp_path, BASE)
    assert f"<loc>{BASE}buenas-practicas/mapa-covid/</loc>" in (tmp_path / "sitemap.xml").read_text(encoding="utf-8")


def test_sitemap_text_parses_back_to_its_urls() -> None:
    from catalogo.export.discovery import SITEMAP, urlset

    urls = {BASE + "a/?x=1&y=<2>": "2026-01-01", BASE + "b/%C3%A9/": None, BASE: "2026-02-03"}
    root = ET.fromstring(urlset(urls).encode("utf-8"))
    ns = f"{{{SITEMAP}}}"
    assert {u.findtext(f"{ns}loc"): u.findtext(f"{ns}lastmod") for u in root} == urls


def test_an_interrupted_export_leaves_no_partial_file(enriched: Enriched, tmp_path: Path) -> None:
    """The national files are streamed while the parties are written: when a party's file cannot
    be written, the streamed files never appear and no temporary file is left."""
    (tmp_path / "instituciones").mkdir()
    (tmp_path / "instituciones" / "secretaria-de-salud").write_text("not a folder", encoding="utf-8")
    with pytest.raises(OSError):
        write_exports(enriched, tmp_path, BASE)
    left = {p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*") if p.is_file()}
    assert not any(p.rsplit("/", 1)[-1].startswith(".tmp-") for p in left), left
    assert not {"data.json", "catalogo.csv", "api/datasets.json", "catalogo.jsonld"} & left
