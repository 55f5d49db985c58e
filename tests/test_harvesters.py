"""What real harvesters and clients read: the shipped catalogue's DCAT-AP against the official 3.0.1
shapes with the EU vocabularies, the CKAN read API through the real `ckanapi` client on 127.0.0.1,
the OpenAPI document against every API file, feed autodiscovery and schema.org in the pages."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

import ckanapi
import jsonschema
import pytest
import requests
from rdflib import Graph, URIRef
from rdflib.namespace import SKOS
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from catalogo.core.vocab import vocabularies
from catalogo.enrich import enrich
from catalogo.export import write_exports
from catalogo.export.ckan import NAME, organization_name, package_name
from catalogo.export.dcat import EU, LICENCE_TYPE, PUBLISHER_TYPE, PUBLISHER_TYPES
from catalogo.load import load_catalogue
from catalogo.site.serve import serve_in_thread

from .conftest import shipped_catalogue
from .standards import EU_VOCABULARIES, serve, shacl_results

pytestmark = pytest.mark.xdist_group("site")
JSONLD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)
# What the shipped catalogue may still be warned about: its places (INEGI's states and
# municipalities) and its publishers (Mexican institutions) are in no EU list.
EXPECTED_WARNINGS = {"http://purl.org/dc/terms/spatial", "http://purl.org/dc/terms/publisher"}


def test_every_code_the_vocabularies_map_to_is_an_eu_concept() -> None:
    """The EU codes of vocabularies.yaml (file types, frequencies, themes, licence types) and the
    publisher types are concepts of their schemes (tests/eu_vocabularies.ttl, copied from the EU's
    lists): a typo or a code the EU does not have is found here, not by a harvester."""
    concepts = Graph().parse(EU_VOCABULARIES)
    vocab = vocabularies().terms
    wanted = {(EU + "file-type/" + v["eu"], EU + "file-type") for v in vocab["formats"].values() if v.get("eu")}
    wanted |= {(EU + "frequency/" + v["eu"], EU + "frequency") for v in vocab["frequencies"].values() if v.get("eu")}
    wanted |= {(EU + "data-theme/" + v["eu"], EU + "data-theme") for v in vocab["themes"].values() if v.get("eu")}
    wanted |= {(LICENCE_TYPE + t, LICENCE_TYPE + "1.0") for v in vocab["licenses"].values() for t in v.get("adms", [])}
    wanted |= {(PUBLISHER_TYPE + kind, PUBLISHER_TYPE + "1.0") for kind, _ in PUBLISHER_TYPES.values()}
    assert len(wanted) > 50
    missing = sorted(c for c, scheme in wanted if (URIRef(c), SKOS.inScheme, URIRef(scheme)) not in concepts)
    assert missing == []


@pytest.fixture(scope="module")
def shipped_exports(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped catalogue (the repository's own datasets and parties) in a git repository, and
    its machine-readable exports."""
    base = tmp_path_factory.mktemp("shipped-exports")
    repo = shipped_catalogue(base / "repo")
    enriched = enrich(load_catalogue(repo), today=dt.date(2026, 11, 28))
    assert len(enriched.datasets) >= 10
    out = base / "site"
    write_exports(enriched, out, "https://datos.gob.mx/")
    return out


def test_the_shipped_catalogue_conforms_to_dcat_ap_3_0_1(shipped_exports: Path) -> None:
    """shapes.ttl, range.ttl and mdr-vocabularies.shape.ttl: no violation in the national catalogue
    (both syntaxes) nor in any party's; what is left are warnings about values that no EU list has."""
    files = [shipped_exports / "catalogo.ttl", shipped_exports / "catalogo.jsonld"]
    files += sorted(shipped_exports.glob("instituciones/*/catalogo.ttl"))
    for path in files:
        violations, warnings, _ = shacl_results(path)
        assert violations == [], (path, violations[:10])
        assert {w.split(" | ")[2] for w in warnings} <= EXPECTED_WARNINGS, path


def test_the_shipped_catalogue_has_the_recommended_properties(shipped_exports: Path) -> None:
    """shapes_recommended.ttl: only a distribution kept outside the catalogue lacks a planned
    availability (the catalogue vouches only for files it keeps in git)."""
    _, warnings, _ = shacl_results(shipped_exports / "catalogo.ttl", ("shapes_recommended.ttl",))
    assert {w.split(" | ")[2] for w in warnings} <= {"http://data.europa.eu/r5r/availability"}, warnings


# --- the CKAN read API ----------------------------------------------------------------------------


def _datasets(site: Path) -> list[dict[str, Any]]:
    return json.loads((site / "api/datasets.json").read_text(encoding="utf-8"))


def test_ckanapi_lists_and_shows_every_dataset_from_catalogo_serve(built_site: Path) -> None:
    """The real CKAN client against the built site served by `catalogo serve`'s handler, with GET
    only (as against a static host) and with its default POST."""
    expected = {package_name(d["id"]): d for d in _datasets(built_site)}
    parties = json.loads((built_site / "api/parties.json").read_text(encoding="utf-8"))
    server, url = serve_in_thread(built_site)
    try:
        for get_only in (True, False):
            portal = ckanapi.RemoteCKAN(url, get_only=get_only)
            names = portal.action.package_list()
            assert sorted(names) == sorted(expected) and len(names) > 3
            assert portal.action.organization_list() == sorted(organization_name(p["id"]) for p in parties)
            for name in names:
                package = portal.action.package_show(id=name)
                summary = expected[name]
                assert (package["name"], package["title"]) == (name, summary["title"])
                assert package["owner_org"] == organization_name(summary["party"])
                assert package["organization"]["title"] == summary["party_name"]
                assert package["num_resources"] == len(package["resources"]) > 0
                assert {r["url"] for r in package["resources"]} and all(r["url"] for r in package["resources"])
            with pytest.raises(ckanapi.NotFound):
                portal.action.package_show(id="no-existe_nada")
    finally:
        server.shutdown()
        server.server_close()


def test_ckanapi_on_a_host_that_ignores_query_strings(built_site: Path) -> None:
    """A plain static server (like GitHub Pages or S3): the lists work as CKAN's; a record cannot be
    asked for by `package_show?id=` there (the documented limit) and is read by its path."""
    with serve(built_site) as url:
        portal = ckanapi.RemoteCKAN(url, get_only=True)
        names = portal.action.package_list()
        assert len(names) > 3 and portal.action.organization_list()
        with pytest.raises(ckanapi.CKANAPIError):
            portal.action.package_show(id=names[0])
        for name in names:
            answer = requests.get(f"{url}api/3/action/package_show/{name}.json", timeout=10).json()
            assert answer["success"] is True and answer["result"]["name"] == name


def test_ckan_names_are_valid_unique_and_keep_their_files_ascii(built_site: Path) -> None:
    names = json.loads((built_site / "api/3/action/package_list").read_text(encoding="ascii"))["result"]
    assert len(set(names)) == len(names) and all(NAME.match(n) for n in names)
    for folder in ("api/3/action", "api/action"):
        for action in ("package_list", "organization_list"):
            text = (built_site / folder / action).read_bytes()
            assert text.isascii() and json.loads(text)["success"] is True
    assert all(p.read_bytes().isascii() for p in (built_site / "api/3/action/package_show").iterdir())


@pytest.mark.parametrize(
    "key",
    [
        "a/b",  # the shortest: "a_b"
        "x/" + "d" * 120,  # too long
        "p" * 100 + "/" + "d" * 100,
        "Raro/Con Espacios",  # not a slug (refused by validation, but never a broken name)
        "uno/dos__tres",
    ],
)
def test_package_names_always_fit_ckan(key: str) -> None:
    name = package_name(key)
    assert NAME.match(name), name
    assert package_name(key) == name and name != package_name(key + "x")


def test_organization_names_fit_ckan() -> None:
    assert organization_name("inegi") == "inegi"
    for party in ("a", "p" * 120, "con__dos"):
        assert NAME.match(organization_name(party)) and organization_name(party) != party


# --- OpenAPI ------------------------------------------------------------------------------------


def _validator(spec: dict[str, Any], schema: dict[str, Any]) -> jsonschema.Draft202012Validator:
    registry = Registry().with_resource("urn:openapi", Resource.from_contents(spec, default_specification=DRAFT202012))
    rooted = json.loads(json.dumps(schema).replace('"#/components/', '"urn:openapi#/components/'))
    return jsonschema.Draft202012Validator(rooted, registry=registry)


def _undocumented(value: Any, schema: dict[str, Any], spec: dict[str, Any], where: str) -> list[str]:
    """Keys of `value` that its schema does not name (free-form objects, without `properties`,
    name none on purpose: a descriptor, a profile, a story as their YAML says them)."""
    while "$ref" in schema:
        schema = spec["components"]["schemas"][schema["$ref"].rsplit("/", 1)[-1]]
    if "allOf" in schema:
        merged: dict[str, Any] = {}
        for part in schema["allOf"]:
            while "$ref" in part:
                part = spec["components"]["schemas"][part["$ref"].rsplit("/", 1)[-1]]
            merged.update(part.get("properties", {}))
        schema = {"properties": merged}
    found = []
    if isinstance(value, dict):
        properties = schema.get("properties")
        if properties is None:
            extra = schema.get("additionalProperties")
            items = value.items() if isinstance(extra, dict) else []
            return [m for k, v in items for m in _undocumented(v, extra, spec, f"{where}.{k}")]
        for key, item in value.items():
            if key not in properties:
                found.append(f"{where}.{key}")
            else:
                found += _undocumented(item, properties[key], spec, f"{where}.{key}")
    elif isinstance(value, list) and isinstance(schema.get("items"), dict):
        for item in value:
            found += _undocumented(item, schema["items"], spec, f"{where}[]")
    return found


def test_openapi_describes_every_property_the_api_returns(built_site: Path) -> None:
    """Every file the OpenAPI document names, for each concrete dataset and party: valid against
    its schema (types included), and every property it holds named there."""
    spec = json.loads((built_site / "api/openapi.json").read_text(encoding="utf-8"))
    datasets = _datasets(built_site)
    parties = [p["id"] for p in json.loads((built_site / "api/parties.json").read_text(encoding="utf-8"))]
    checked, problems = 0, []
    for template, item in spec["paths"].items():
        schema = item["get"]["responses"]["200"]["content"]["application/json"]["schema"]
        if "{name}" in template:
            files = [template.replace("{name}", package_name(d["id"])) for d in datasets]
        elif "{dataset}" in template:
            files = [template.replace("{party}/{dataset}", d["id"]) for d in datasets]
        elif "{party}" in template:
            files = [template.replace("{party}", p) for p in parties]
        else:
            files = [template]
        for rel in files:
            value = json.loads((built_site / "api" / rel.lstrip("/")).read_text(encoding="utf-8"))
            problems += [f"{rel}: {e.message[:200]}" for e in _validator(spec, schema).iter_errors(value)]
            problems += [f"{rel}: {key} undocumented" for key in _undocumented(value, schema, spec, "")]
            checked += 1
    assert checked > 20 and problems == []


# --- pages: feeds and schema.org ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("page", "feeds"),
    [
        ("index.html", "feeds/"),
        ("en/index.html", "feeds/"),
        ("datos/index.html", "feeds/"),
        ("instituciones/secretaria-de-salud/index.html", "instituciones/secretaria-de-salud/feeds/"),
    ],
)
def test_pages_announce_their_atom_feeds(built_site: Path, page: str, feeds: str) -> None:
    html = (built_site / page).read_text(encoding="utf-8")
    links = re.findall(r'<link rel="alternate" type="application/atom\+xml" title="[^"]+" href="([^"]+)">', html)
    folder = (built_site / page).parent
    assert [(folder / link).resolve() for link in links] == [
        (built_site / feeds / "nuevos.xml").resolve(),
        (built_site / feeds / "actualizados.xml").resolve(),
    ]
    assert all((folder / link).is_file() for link in links)


def test_schemaorg_in_pages_has_catalogue_variables_dates_version_and_plain_text(built_site: Path) -> None:
    for entry in _datasets(built_site):
        page = (built_site / "datos" / entry["id"] / "index.html").read_text(encoding="utf-8")
        doc = next(d for d in map(json.loads, JSONLD.findall(page)) if d.get("@type") == "Dataset")
        assert doc["includedInDataCatalog"] == {
            "@type": "DataCatalog",
            "@id": "https://datos.example.mx/catalogo",
            "name": doc["includedInDataCatalog"]["name"],
            "url": "https://datos.example.mx/",
        }
        assert doc["datePublished"] == entry["created"] and doc["dateModified"] == entry["updated"]
        assert doc["version"]
        assert not re.search(r"\*\*|\]\(|^#+ |`", doc["description"], re.M), doc["description"]
        record = json.loads((built_site / "api/datasets" / f"{entry['id']}.json").read_text(encoding="utf-8"))
        fields = {
            f["name"]
            for r in record["descriptor"]["resources"]
            for f in (r.get("schema") or {}).get("fields", [])
            if isinstance(r.get("schema"), dict)
        }
        assert set(doc.get("variableMeasured", [])) == fields


def test_ckan_lists_are_published_as_json() -> None:
    from catalogo.publish.objects import content_type

    assert (
        content_type("api/3/action/package_list") == content_type("api/action/organization_list") == "application/json"
    )
    assert content_type("api/3/action/package_show/a_b.json").startswith("application/json")
