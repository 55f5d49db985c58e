"""The importers on real catalogues: a CKAN package_search response (dados.gov.br), a data.json
with 402 datasets, and datos.gob.mx's 2015 ADELA material. What they write passes validation
except the problems the summary lists, builds into exports that conform to the official shapes
and schemas, and a data.json comes back from the export as it went in."""

from __future__ import annotations

import csv
import json
import os
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from catalogo.checks.run import check_catalogue
from catalogo.cli.main import cli
from catalogo.core.files import OutsideRepository
from catalogo.enrich import enrich
from catalogo.export import write_exports
from catalogo.export.common import iri
from catalogo.importers import (
    Fetcher,
    ImportOptions,
    ImportSourceError,
    ImportSummary,
    import_ckan,
    import_datajson,
    load_party_map,
)
from catalogo.importers.mapping import frequency_key, spatial_of
from catalogo.load import load_catalogue

from .conftest import CORPUS
from .standards import datajson_errors, serve, shacl_violations

CKAN = CORPUS / "ckan-dados-gov-br" / "package_search_rows800_max6_per_org.json"
DATAJSON = CORPUS / "dcat" / "us-datajson" / "dcatus_with_none.json"
ADELA = CORPUS / "datosgobmx-adela-2015"
BASE = "https://datos.example.mx/"

pytestmark = pytest.mark.corpus


def _need(path: Path) -> Path:
    if not path.exists():
        pytest.skip(f"{path} is absent (the real-data corpus lives in ../shared/corpus)")
    return path


def _empty_repo(root: Path) -> Path:
    """A new catalogue whose configuration names the platform's contact address (DCAT-US needs an
    e-mail for every dataset; imported ones often have none)."""
    (root / "parties").mkdir(parents=True)
    (root / "datasets").mkdir()
    (root / "catalogo.yaml").write_text("exports:\n  contact_email: datos@example.mx\n", encoding="utf-8")
    return root


def _unlisted_errors(root: Path, summary: ImportSummary) -> list[str]:
    """Errors validation finds that the summary did not list as already in the source."""
    listed = {(p.path, p.code) for p in summary.problems}
    problems = check_catalogue(load_catalogue(root), data=False)
    return [
        f"{p.path} {p.code} {p.pointer}" for p in problems if p.severity == "error" and (p.path, p.code) not in listed
    ]


def _build(root: Path, out: Path) -> Path:
    write_exports(enrich(load_catalogue(root)), out, BASE)
    return out


@pytest.fixture(scope="module")
def ckan(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, ImportSummary, Path]:
    root = _empty_repo(tmp_path_factory.mktemp("ckan") / "repo")
    summary = import_ckan(str(_need(CKAN)), root)
    return root, summary, _build(root, tmp_path_factory.mktemp("ckan-site"))


@pytest.fixture(scope="module")
def datajson(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, ImportSummary, Path]:
    root = _empty_repo(tmp_path_factory.mktemp("datajson") / "repo")
    summary = import_datajson(str(_need(DATAJSON)), root)
    return root, summary, _build(root, tmp_path_factory.mktemp("datajson-site"))


def test_ckan_import_writes_every_package_and_organisation(ckan) -> None:
    root, summary, _ = ckan
    source = json.loads(CKAN.read_text(encoding="utf-8"))["result"]["results"]
    organisations = {p["organization"]["name"] for p in source}
    assert summary.datasets == len(source) == 221
    assert len(list(root.glob("datasets/*/*/datapackage.yaml"))) == 221
    assert len(list(root.glob("parties/*/party.yaml"))) == len(organisations) == 59
    assert summary.skipped == [] and len(summary.created) == 221 + 59


def test_ckan_import_maps_licenses_formats_and_tags(ckan) -> None:
    root, _, _ = ckan
    descriptor = yaml.safe_load(
        (root / "datasets/ministerio-da-economia-me/corridas-do-taxigov/datapackage.yaml").read_text(encoding="utf-8")
    )
    assert descriptor["licenses"][0]["name"] == "CC0-1.0"  # CKAN's other-pd
    assert "taxigov" in descriptor["keywords"]
    formats = {r.get("format") for r in descriptor["resources"]}
    assert formats <= {"csv", "odt", "zip", "json", "pdf", "html", None} and "zip" in formats  # zip+csv
    party = yaml.safe_load((root / "parties/ministerio-da-economia-me/party.yaml").read_text(encoding="utf-8"))
    assert party["name"] == "Ministério da Economia - ME" and (party["level"], party["power"]) == ("federal", "otro")


def test_ckan_import_passes_validation_except_listed_source_problems(ckan) -> None:
    root, summary, _ = ckan
    assert _unlisted_errors(root, summary) == []
    codes = {p.code for p in summary.problems}
    assert {"missing-license", "missing-property", "import-unknown-format"} <= codes


def test_datajson_import_passes_validation_except_listed_source_problems(datajson) -> None:
    root, summary, _ = datajson
    assert summary.datasets == 402
    assert _unlisted_errors(root, summary) == []


@pytest.mark.parametrize("which", ["ckan", "datajson"])
def test_imported_catalogue_builds_into_conforming_dcat_ap(which: str, request: pytest.FixtureRequest) -> None:
    _, _, site = request.getfixturevalue(which)
    conforms, report = shacl_violations(site / "catalogo.ttl")
    assert conforms, report[:3000]


@pytest.mark.parametrize("which", ["ckan", "datajson"])
def test_imported_catalogue_builds_into_valid_datajson(which: str, request: pytest.FixtureRequest) -> None:
    _, _, site = request.getfixturevalue(which)
    assert datajson_errors(json.loads((site / "data.json").read_text(encoding="utf-8"))) == []


def _essentials(entries: list[dict]) -> dict[str, tuple]:
    """Per identifier: title, distribution URLs (only http(s) ones: the import lists the others as
    problems of the source, e.g. a 'hhttps://' typo) and license."""

    def urls(entry: dict) -> frozenset:
        found = (d.get("downloadURL") or d.get("accessURL") or "" for d in entry.get("distribution") or [])
        return frozenset(iri(u) for u in found if u.startswith(("http://", "https://")))

    return {e["identifier"]: (e["title"], urls(e), e.get("license")) for e in entries}


def test_datajson_round_trip(datajson) -> None:
    _, _, site = datajson
    source = _essentials(json.loads(DATAJSON.read_text(encoding="utf-8"))["dataset"])
    exported = _essentials(json.loads((site / "data.json").read_text(encoding="utf-8"))["dataset"])
    assert len(exported) == len(source) == 402
    assert exported == source


def test_importing_again_overwrites_nothing_without_force(tmp_path: Path) -> None:
    root = _empty_repo(tmp_path / "repo")
    source = str(_need(CORPUS / "dcat" / "us-datajson" / "usda.gov.data.json"))
    first = import_datajson(source, root)
    before = {p: p.read_bytes() for p in root.rglob("*.yaml")}
    (root / first.created[-1]).write_text("# edited by hand\n", encoding="utf-8")
    again = import_datajson(source, root)
    assert again.created == [] and again.overwritten == [] and sorted(again.skipped) == sorted(first.created)
    assert (root / first.created[-1]).read_text(encoding="utf-8") == "# edited by hand\n"
    forced = import_datajson(source, root, ImportOptions(force=True))
    assert sorted(forced.overwritten) == sorted(first.created)
    assert {p: p.read_bytes() for p in root.rglob("*.yaml")} == before


def test_import_from_url_over_the_one_http_client(tmp_path: Path) -> None:
    root = _empty_repo(tmp_path / "repo")
    _need(DATAJSON)
    with serve(DATAJSON.parent) as base:
        url = base + DATAJSON.name
        with pytest.raises(ImportSourceError, match="address-not-public"):
            import_datajson(url, root)  # the default policy refuses loopback addresses
        summary = import_datajson(url, root, fetcher=Fetcher(allow=lambda ip: True))
    assert summary.datasets == 402
    descriptor = yaml.safe_load(next(root.glob("datasets/*/*/datapackage.yaml")).read_text(encoding="utf-8"))
    assert descriptor["sources"] == [{"title": "Importado de / imported from", "path": url}]


def test_party_map_assigns_parties_and_themes(tmp_path: Path) -> None:
    root = _empty_repo(tmp_path / "repo")
    mapping = tmp_path / "mapa.yaml"
    mapping.write_text(
        yaml.safe_dump(
            {
                "parties": {
                    "Ministério da Saúde - MS": {
                        "id": "secretaria-de-salud",
                        "name": "Secretaría de Salud",
                        "level": "federal",
                        "power": "ejecutivo",
                    },
                    "Município de São Paulo": {"level": "municipal", "power": "ejecutivo", "state": "09"},
                },
                "themes": {"saude": "salud"},
            },
            allow_unicode=True,
        ),
        encoding="utf-8",
    )
    summary = import_ckan(str(_need(CKAN)), root, ImportOptions(party_map=load_party_map(mapping)))
    party = yaml.safe_load((root / "parties/secretaria-de-salud/party.yaml").read_text(encoding="utf-8"))
    assert (party["name"], party["power"]) == ("Secretaría de Salud", "ejecutivo")
    themes = [
        yaml.safe_load(p.read_text(encoding="utf-8")).get("theme")
        for p in root.glob("datasets/secretaria-de-salud/*/datapackage.yaml")
    ]
    assert ["salud"] in themes
    assert _unlisted_errors(root, summary) == []


def test_adela_2015_material_imports_and_builds(tmp_path: Path) -> None:
    """datos.gob.mx's 2015 institutions (ADELA catalogs.json, with their level of government) as
    the party map, and its resource-level catalogue (MAT_test.csv, first 150 rows) as a data.json."""
    _need(ADELA)
    with (ADELA / "MAT_test.csv").open(encoding="utf-8") as f:
        rows = [r for _, r in zip(range(150), csv.DictReader(f), strict=False)]
    datasets = [
        {
            "identifier": f"adela-{i}",
            "title": r["base_name"],
            "description": r["base_name"],
            "publisher": {"name": r["institution"]},
            "keyword": [r["institution"]],
            "distribution": [{"downloadURL": r["url"], "mediaType": r["type"], "title": r["base_name"]}],
        }
        for i, r in enumerate(rows)
    ]
    source = tmp_path / "adela-data.json"
    source.write_text(json.dumps({"dataset": datasets}, ensure_ascii=False), encoding="utf-8")
    root = _empty_repo(tmp_path / "repo")
    summary = import_datajson(str(source), root, ImportOptions(party_map=load_party_map(ADELA / "catalogs.json")))
    assert summary.datasets == 150
    parties = {p.parent.name: yaml.safe_load(p.read_text(encoding="utf-8")) for p in root.glob("parties/*/party.yaml")}
    institutions = {r["institution"] for r in rows}
    assert set(parties) == {i for i in institutions}  # ADELA slugs become party ids
    adela = {o["slug"]: o for o in json.loads((ADELA / "catalogs.json").read_text(encoding="utf-8"))}
    for slug, party in parties.items():
        if slug in adela:
            assert party["name"] == adela[slug]["title"].strip()
            assert (
                party["level"]
                == {"federal": "federal", "autonomous": "federal", "state": "estatal", "municipal": "municipal"}[
                    adela[slug]["gov_type"]
                ]
            )
    assert _unlisted_errors(root, summary) == []
    site = _build(root, tmp_path / "site")
    conforms, report = shacl_violations(site / "catalogo.ttl")
    assert conforms, report[:3000]
    assert datajson_errors(json.loads((site / "data.json").read_text(encoding="utf-8"))) == []


def test_refuses_to_write_through_a_link_outside_the_repository(tmp_path: Path) -> None:
    root = _empty_repo(tmp_path / "repo")
    outside = tmp_path / "outside"
    outside.mkdir()
    os.symlink(outside, root / "parties" / "usda")
    with pytest.raises(OutsideRepository):
        import_datajson(
            str(_need(CORPUS / "dcat" / "us-datajson" / "usda.gov.data.json")), root, ImportOptions(party="usda")
        )
    assert list(outside.iterdir()) == []


def test_cli_exit_codes_and_summary(tmp_path: Path) -> None:
    root = _empty_repo(tmp_path / "repo")
    runner = CliRunner()
    source = str(_need(CORPUS / "dcat" / "us-datajson" / "arm.data.json"))
    first = runner.invoke(
        cli, ["--repo", str(root), "import", "datajson", source, "--party", "arm", "--format", "json"]
    )
    assert first.exit_code == 1, first.output  # the source has problems: listed, exit 1
    summary = json.loads(first.output)
    assert summary["created"] and {p["code"] for p in summary["problems"]} >= {"missing-property"}
    again = runner.invoke(cli, ["--repo", str(root), "import", "datajson", source, "--party", "arm", "--lang", "en"])
    assert again.exit_code == 0 and "skipped" in again.output
    assert runner.invoke(cli, ["--repo", str(root), "import", "ckan", str(tmp_path / "nothing.json")]).exit_code == 2
    assert runner.invoke(cli, ["--repo", str(root), "import", "datajson", source, "--party", "No Slug"]).exit_code == 2
    not_ckan = tmp_path / "list.json"
    not_ckan.write_text('{"hello": 1}', encoding="utf-8")
    result = runner.invoke(cli, ["--repo", str(root), "import", "ckan", str(not_ckan)])
    assert result.exit_code == 2 and "CKAN" in result.output


@pytest.mark.parametrize(
    ("raw", "key"),
    [
        ("Mensal", "mensual"),
        ("Anual", "anual"),
        ("diária", "diaria"),
        ("R/P1M", "mensual"),
        ("R/P1Y", "anual"),
        ("http://publications.europa.eu/resource/authority/frequency/QUARTERLY", "trimestral"),
        ("http://purl.org/cld/freq/weekly", "semanal"),
        ("irregular", "irregular"),
        ("Quinzenal", "quincenal"),
        ("sem periodicidade", None),
        ("", None),
    ],
)
def test_frequency_as_portals_write_it(raw: str, key: str | None) -> None:
    assert frequency_key(raw) == key


def test_spatial_only_when_it_names_mexico_or_a_state() -> None:
    assert spatial_of("México") == {"scope": "nacional"}
    assert spatial_of("Jalisco") == {"scope": "estatal", "states": ["14"]}
    assert spatial_of("Philadelphia, Pennsylvania") is None


def test_private_and_non_public_datasets_are_not_imported(tmp_path: Path) -> None:
    root = _empty_repo(tmp_path / "repo")
    package = {
        "name": "secreto",
        "title": "Datos internos",
        "private": True,
        "resources": [],
        "organization": {"name": "sujeto", "title": "Sujeto de prueba"},
    }
    source = tmp_path / "ckan.json"
    source.write_text(json.dumps({"success": True, "result": {"results": [package]}}), encoding="utf-8")
    summary = import_ckan(str(source), root)
    assert [p.code for p in summary.problems] == ["import-not-public"] and summary.created == []
    entry = {"title": "Interno", "accessLevel": "non-public", "publisher": {"name": "Sujeto"}}
    source.write_text(json.dumps({"dataset": [entry]}), encoding="utf-8")
    assert [p.code for p in import_datajson(str(source), root).problems] == ["import-not-public"]
    assert list(root.glob("datasets/*")) == []
