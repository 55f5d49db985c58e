"""The machine-readable outputs inside a site built by `catalogo build` (the shared fixture
site): they conform to the official DCAT-AP shapes and DCAT-US schema, and every dataset page
embeds the schema.org JSON-LD the exports compute."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from .standards import datajson_errors, shacl_violations

pytestmark = pytest.mark.xdist_group("site")
JSONLD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


def test_built_site_dcat_ap_conforms(built_site: Path) -> None:
    files = [
        built_site / "catalogo.ttl",
        built_site / "catalogo.jsonld",
        *sorted(built_site.glob("instituciones/*/catalogo.ttl")),
    ]
    assert len(files) > 3
    for path in files:
        conforms, report = shacl_violations(path)
        assert conforms, f"{path}: {report[:2000]}"


def test_built_site_datajson_validates(built_site: Path) -> None:
    for path in [built_site / "data.json", *sorted(built_site.glob("instituciones/*/data.json"))]:
        assert datajson_errors(json.loads(path.read_text(encoding="utf-8"))) == [], path


def test_datajson_has_a_deterministic_gzip_copy(built_site: Path) -> None:
    import gzip

    packed = (built_site / "data.json.gz").read_bytes()
    assert gzip.decompress(packed) == (built_site / "data.json").read_bytes()
    assert packed[4:8] == b"\x00\x00\x00\x00" and not packed[3] & 0x08  # no time, no file name


def test_every_dataset_page_embeds_schemaorg_and_has_a_datapackage(built_site: Path) -> None:
    datasets = json.loads((built_site / "api/datasets.json").read_text(encoding="utf-8"))
    assert datasets
    for entry in datasets:
        folder = built_site / "datos" / entry["id"]
        page = (folder / "index.html").read_text(encoding="utf-8")
        blocks = [json.loads(b) for b in JSONLD.findall(page)]
        dataset = next(b for b in blocks if b.get("@type") == "Dataset")
        assert dataset["url"] == entry["url"] and dataset["name"] == entry["title"]
        package = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
        assert all(r["path"].startswith(("http://", "https://")) for r in package["resources"])


def test_sitemap_lists_the_guides_too(built_site: Path) -> None:
    sitemap = (built_site / "sitemap.xml").read_text(encoding="utf-8")
    assert "guias/publicar/" in sitemap and "en/guias/publicar/" in sitemap


def test_national_files_list_every_dataset(built_site: Path) -> None:
    """The national DCAT-AP pages (both serialisations), data.json and catalogo.csv each name every
    dataset of the API's list, once."""
    import csv

    from rdflib import Graph
    from rdflib.namespace import DCAT, RDF

    pages = {path.name for path in built_site.glob("catalogo/pagina-*")}
    expected = {e["url"] for e in json.loads((built_site / "api/datasets.json").read_text(encoding="utf-8"))}
    assert len(expected) > 3
    for suffix, syntax in ((".ttl", "turtle"), (".jsonld", "json-ld")):
        graph = Graph()
        for path in [built_site / f"catalogo{suffix}", *sorted(built_site.glob(f"catalogo/pagina-*{suffix}"))]:
            graph.parse(path, format=syntax)
        found = [
            str(page)
            for node in graph.subjects(RDF.type, DCAT.Dataset)
            for page in graph.objects(node, DCAT.landingPage)
        ]
        assert sorted(found) == sorted(expected), (suffix, pages)
    datajson = json.loads((built_site / "data.json").read_text(encoding="utf-8"))
    assert sorted(d["landingPage"] for d in datajson["dataset"]) == sorted(expected)
    with open(built_site / "catalogo.csv", encoding="utf-8-sig", newline="") as handle:
        assert {row["dataset_url"] for row in csv.DictReader(handle)} == expected


def test_planning_files_list_inventories_plans_and_requests(built_site: Path) -> None:
    """Public inventory items one by one, reserved ones counted per legal basis, each commitment
    with its status, each cited request; the API has the same rows."""
    import csv

    tables = {}
    for name in ("inventarios", "planes", "solicitudes"):
        with (built_site / f"{name}.csv").open(encoding="utf-8-sig", newline="") as handle:
            tables[name] = list(csv.DictReader(handle))
        api = json.loads((built_site / "api" / f"{name}.json").read_text(encoding="utf-8"))
        assert [{k: "" if v is None else str(v) for k, v in row.items()} for row in api] == tables[name]
    items = {(r["sujeto"], r["activo"], r["estatus"], r["cantidad"]) for r in tables["inventarios"]}
    assert ("secretaria-de-salud", "casos-covid", "publicado", "1") in items
    assert ("secretaria-de-salud", "", "reservado", "1") in items  # counted, not named
    assert not any(r["activo"] == "expedientes-clinicos" for r in tables["inventarios"])
    assert len([r for r in tables["planes"] if r["sujeto"] == "secretaria-de-salud"]) == 2
    [request] = [r for r in tables["solicitudes"] if r["solicitud"] == "12"]
    assert request["estatus"] == "atendida" and request["conjunto_url"].endswith("/casos-covid-estados/")
    described = json.loads((built_site / "api" / "openapi.json").read_text(encoding="utf-8"))["paths"]
    assert {"/inventarios.json", "/planes.json", "/solicitudes.json"} <= set(described)
