"""Migrating a national catalogue without losing anything: party ids unique and stable on a real
data.json (Argentina's Ministry of Justice, 15 publishers with long names), levels said or guessed
and reported, dates kept, vocabularies mapped, non-catalogues refused, and the site's own data.json
re-imported into an empty catalogue as it was."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from catalogo.checks.run import check_catalogue
from catalogo.checks.schema import is_uri
from catalogo.cli.main import cli
from catalogo.core.urls import iri
from catalogo.importers import Fetcher, ImportOptions, ImportSourceError, import_ckan, import_datajson, load_party_map
from catalogo.importers.mapping import frequency_key
from catalogo.importers.parties import MAX_ID
from catalogo.importers.places import Place, guess_place
from catalogo.importers.terms import frequency_of, license_of
from catalogo.load import load_catalogue
from catalogo.site.serve import serve_in_thread

from .conftest import CORPUS, FIXTURES
from .test_importers import _empty_repo, _need, _unlisted_errors

pytestmark = pytest.mark.xdist_group("site")  # the round trip reads the shared fixture site

JUSTICE = FIXTURES / "imports" / "datos-jus-gob-ar.data.json"
CKAN = CORPUS / "ckan-dados-gov-br" / "package_search_rows800_max6_per_org.json"
ADELA = CORPUS / "datosgobmx-adela-2015" / "catalogs.json"


def _yaml(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _parties(root: Path) -> dict[str, dict]:
    return {p.parent.name: _yaml(p) for p in root.glob("parties/*/party.yaml")}


def _datasets(root: Path) -> dict[str, dict]:
    return {f"{p.parent.parent.name}/{p.parent.name}": _yaml(p) for p in root.glob("datasets/*/*/datapackage.yaml")}


def _justice() -> list[dict]:
    return json.loads(JUSTICE.read_text(encoding="utf-8"))["dataset"]


def _party_of_publisher(root: Path) -> dict[str, str]:
    """Publisher name -> the party id its datasets went to (by the dataset's kept identifier)."""
    by_identifier = {d["id"]: key.split("/")[0] for key, d in _datasets(root).items()}
    return {e["publisher"]["name"]: by_identifier[e["identifier"]] for e in _justice()}


@pytest.fixture(scope="module")
def justice(tmp_path_factory: pytest.TempPathFactory):
    root = _empty_repo(tmp_path_factory.mktemp("justice") / "repo")
    return root, import_datajson(str(JUSTICE), root)


# --- party ids: unique and stable -----------------------------------------------------------------


def test_the_justice_catalogue_gives_15_parties_for_its_15_publishers(justice) -> None:
    root, summary = justice
    publishers = {e["publisher"]["name"] for e in _justice()}
    assert summary.datasets == 16 and len(publishers) == 15
    parties = _parties(root)
    assert len(parties) == 15
    assert {p["name"] for p in parties.values()} == publishers
    owner = _party_of_publisher(root)
    assert len(set(owner.values())) == 15  # no two publishers share a party
    assert all(len(pid) <= MAX_ID and parties[pid]["id"] == pid for pid in owner.values())
    assert owner["Ministerio de Justicia y Derechos Humanos. Oficina Anticorrupción."] == (
        "ministerio-de-justicia-y-derechos-humanos-oficina-anticorrupcion"  # short enough: its slug
    )
    assert _unlisted_errors(root, summary) == []


def test_party_ids_do_not_depend_on_the_order_of_the_source(justice, tmp_path: Path) -> None:
    root, _ = justice
    reversed_source = tmp_path / "data.json"
    value = json.loads(JUSTICE.read_text(encoding="utf-8"))
    value["dataset"].reverse()
    reversed_source.write_text(json.dumps(value, ensure_ascii=False), encoding="utf-8")
    again = _empty_repo(tmp_path / "again")
    import_datajson(str(reversed_source), again)
    assert _party_of_publisher(again) == _party_of_publisher(root)


def test_reimporting_reuses_the_parties_it_created(justice, tmp_path: Path) -> None:
    root, _ = justice
    copy = tmp_path / "copy"
    shutil.copytree(root, copy)
    summary = import_datajson(str(JUSTICE), copy)
    assert not [p for p in summary.problems if p.code == "import-party-id-taken"]
    assert summary.created == [] and _party_of_publisher(copy) == _party_of_publisher(root)


def test_an_existing_party_with_another_name_is_reported_not_merged(tmp_path: Path) -> None:
    root = _empty_repo(tmp_path / "repo")
    taken = "ministerio-de-justicia-y-derechos-humanos-oficina-anticorrupcion"
    (root / "parties" / taken).mkdir()
    existing = f"id: {taken}\nname: Oficina Anticorrupción de otro país\nlevel: federal\npower: otro\n"
    (root / "parties" / taken / "party.yaml").write_text(existing, encoding="utf-8")
    summary = import_datajson(str(JUSTICE), root)
    reported = [p for p in summary.problems if p.code == "import-party-id-taken"]
    assert len(reported) == 1 and reported[0].params["wanted"] == taken
    chosen = reported[0].params["chosen"]
    assert chosen != taken and chosen.startswith(taken[:40])
    assert (root / "parties" / taken / "party.yaml").read_text(encoding="utf-8") == existing
    assert not (root / "datasets" / taken).exists()
    assert _party_of_publisher(root)["Ministerio de Justicia y Derechos Humanos. Oficina Anticorrupción."] == chosen
    assert len(_parties(root)) == 16


def test_a_long_name_takes_the_acronym_the_map_gives(tmp_path: Path) -> None:
    root = _empty_repo(tmp_path / "repo")
    long_name = (
        "Ministerio de Justicia y Derechos Humanos. Secretaría de Justicia. Subsecretaría de Relaciones con el "
        "Poder Judicial y Asuntos Penitenciarios. Dirección Nacional del Servicio Penitenciario Federal"
    )
    mapping = tmp_path / "mapa.yaml"
    mapping.write_text(yaml.safe_dump({"parties": {long_name: {"acronym": "SPF"}}}, allow_unicode=True), "utf-8")
    summary = import_datajson(str(JUSTICE), root, ImportOptions(party_map=load_party_map(mapping)))
    assert _party_of_publisher(root)[long_name] == "spf"
    assert len(_parties(root)) == 15 and not [p for p in summary.problems if p.code == "import-party-map-unused"]


def test_a_mistyped_party_map_entry_is_reported(tmp_path: Path) -> None:
    root = _empty_repo(tmp_path / "repo")
    right = "Ministerio de Justicia y Derechos Humanos. Oficina Anticorrupción."
    mistyped = "Ministerio de Justicia y Derechos Humanos. Oficina Anticorupción"
    mapping = tmp_path / "mapa.yaml"
    mapping.write_text(
        yaml.safe_dump(
            {
                "parties": {
                    mistyped: {"id": "oficina-anticorrupcion", "level": "federal", "power": "ejecutivo"},
                    "ministerio de justicia y derechos humanos. subsecretaría de asuntos registrales. "
                    "inspección general de justicia": {"id": "igj", "level": "federal", "power": "ejecutivo"},
                }
            },
            allow_unicode=True,
        ),
        encoding="utf-8",
    )
    summary = import_datajson(str(JUSTICE), root, ImportOptions(party_map=load_party_map(mapping)))
    unused = [p for p in summary.problems if p.code == "import-party-map-unused"]
    assert [(p.path, p.pointer) for p in unused] == [(str(mapping), f"/parties/{mistyped}")]
    owner = _party_of_publisher(root)
    assert owner[right] != "oficina-anticorrupcion"  # the mistyped entry was not applied…
    assert (unused[0].params["suggestion"], unused[0].params["party"]) == (right, owner[right])  # …it says which
    assert "igj" in _parties(root) and len(_parties(root)) == 15  # the other entry (any case) was applied
    cli_root = _empty_repo(tmp_path / "cli")
    command = ["--repo", str(cli_root), "import", "datajson", str(JUSTICE), "--party-map", str(mapping)]
    result = CliRunner().invoke(cli, [*command, "--format", "json"])
    assert result.exit_code == 1 and "import-party-map-unused" in {
        p["code"] for p in json.loads(result.output)["problems"]
    }


# --- levels: said by the source or the map, else guessed and reported -----------------------------


@pytest.mark.corpus
def test_a_state_government_from_ckan_is_estatal_with_a_warning(tmp_path: Path) -> None:
    root = _empty_repo(tmp_path / "repo")
    summary = import_ckan(str(_need(CKAN)), root)
    parties = _parties(root)
    assert parties["governo-do-estado-de-santa-catarina"]["level"] == "estatal"
    assert parties["prefeitura-de-belo-horizonte-pbh"]["level"] == "municipal"
    assert parties["ministerio-da-saude-ms"]["level"] == "federal"
    guessed = {p.path.split("/")[1] for p in summary.problems if p.code == "import-level-guessed"}
    assert guessed == set(parties)  # every level the source did not give is reported
    missing_state = {p.path for p in summary.problems if p.code == "missing-property"}
    assert "parties/governo-do-estado-de-santa-catarina/party.yaml" in missing_state  # not a Mexican state
    assert _unlisted_errors(root, summary) == []


@pytest.mark.parametrize(
    ("name", "place"),
    [
        ("Gobierno del Estado de Jalisco", Place("estatal", "14")),
        ("Estado de Morelos", Place("estatal", "17")),
        ("Gobierno del Estado de México", Place("estatal", "15")),
        ("Congreso del Estado de Sonora", Place("estatal", "26")),
        ("Municipio de Zapopan", Place("municipal", "14", "14120")),
        ("H. Ayuntamiento de Torreón", Place("municipal", "05", "05035")),
        ("Ayuntamiento de Minatitlán", Place("municipal")),  # two states have one: no code guessed
        ("Governo do Estado de Santa Catarina", Place("estatal")),
        ("Gobierno de México", Place("federal")),
        ("Secretaría de Salud", Place("federal")),
    ],
)
def test_level_and_place_from_the_name(name: str, place: Place) -> None:
    assert guess_place(name) == place


@pytest.mark.corpus
def test_adela_levels_are_taken_as_given_and_a_missing_place_is_guessed(tmp_path: Path) -> None:
    root = _empty_repo(tmp_path / "repo")
    source = tmp_path / "data.json"
    entries = [
        {"title": f"Conjunto de {name}", "identifier": slug, "publisher": {"name": name}, "keyword": ["x"]}
        for slug, name in [("ayuntamiento-de-zapopan", "Ayuntamiento de Zapopan"), ("inegi", "INEGI")]
    ]
    source.write_text(json.dumps({"dataset": entries}), encoding="utf-8")
    summary = import_datajson(str(source), root, ImportOptions(party_map=load_party_map(_need(ADELA))))
    parties = _parties(root)
    zapopan = parties["ayuntamiento-de-zapopan"]
    assert (zapopan["level"], zapopan["state"], zapopan["municipality"]) == ("municipal", "14", "14120")
    assert parties["inegi"]["level"] == "federal"
    guessed = [p.path for p in summary.problems if p.code == "import-level-guessed"]
    assert guessed == ["parties/ayuntamiento-de-zapopan/party.yaml"]  # the place, not ADELA's level


# --- dates ---------------------------------------------------------------------------------------


def test_the_sources_issued_date_is_kept_as_created_and_validates(justice) -> None:
    root, summary = justice
    issued = {e["identifier"]: e["issued"][:10] for e in _justice()}
    catalogue = load_catalogue(root)
    created = {d.get("id"): d.get("created") for d in catalogue.datasets.values()}
    assert created == issued
    problems = check_catalogue(catalogue, data=False)
    assert not [p for p in problems if p.pointer == "/created"]


@pytest.mark.corpus
def test_ckan_metadata_created_is_kept_as_created(tmp_path: Path) -> None:
    root = _empty_repo(tmp_path / "repo")
    import_ckan(str(_need(CKAN)), root)
    source = json.loads(CKAN.read_text(encoding="utf-8"))["result"]["results"]
    created = {d["id"]: d["created"] for d in _datasets(root).values()}
    assert created == {p["id"]: p["metadata_created"][:10] for p in source}


# --- vocabularies ----------------------------------------------------------------------------------


def test_justice_licences_frequencies_and_fields_are_mapped(justice) -> None:
    root, summary = justice
    by_identifier = {d["id"]: d for d in _datasets(root).values()}
    licences = {
        "Open Data Commons Open Database License (ODbL)": "ODbL-1.0",
        "Creative Commons Attribution": "CC-BY-4.0",
    }
    frequencies = {"R/P1M": "mensual", "R/P3M": "trimestral", "R/P1D": "diaria", "R/P1Y": "anual"}
    frequencies |= {"R/P0.5M": "quincenal", "eventual": "irregular"}
    for entry in _justice():
        imported = by_identifier[entry["identifier"]]
        assert imported["licenses"][0]["name"] == licences[entry["license"]]
        assert imported["frequency"] == frequencies[entry["accrualPeriodicity"]]
        for distribution, resource in zip(entry["distribution"], imported["resources"], strict=True):
            fields = distribution.get("field") or []
            schema = resource.get("schema", {}).get("fields", [])
            assert [(f["title"], f["type"], f["description"]) for f in fields] == [
                (f["name"], f["type"], f["description"]) for f in schema
            ]
    codes = {p.code for p in summary.problems}
    assert "missing-license" not in codes


@pytest.mark.parametrize(
    ("raw", "key", "adjusted"),
    [
        ("R/PT1H", "continua", False),
        ("R/PT1S", "continua", False),
        ("R/P1D", "diaria", False),
        ("R/P1W", "semanal", False),
        ("R/P2W", "quincenal", False),
        ("R/P0.5M", "quincenal", False),
        ("R/P1M", "mensual", False),
        ("R/P2M", "trimestral", True),  # no bimonthly term: the next longer one
        ("R/P3M", "trimestral", False),
        ("R/P4M", "semestral", True),
        ("R/P6M", "semestral", False),
        ("R/P1Y", "anual", False),
        ("R/P2Y", "bienal", False),
        ("R/P5Y", "irregular", True),
        ("eventual", "irregular", False),
        ("quincenal", "quincenal", False),
        ("diaria", "diaria", False),
        ("semanal", "semanal", False),
        ("mensual", "mensual", False),
        ("bimestral", "trimestral", True),
        ("trimestral", "trimestral", False),
        ("cuatrimestral", "semestral", True),
        ("semestral", "semestral", False),
        ("anual", "anual", False),
        ("irregular", "irregular", False),
        ("Sin actualización (histórico)", "sin-actualizacion", False),
    ],
)
def test_every_repeating_interval_and_spanish_word_has_a_frequency(raw: str, key: str, adjusted: bool) -> None:
    found = frequency_of(raw)
    assert found is not None and (found.key, found.adjusted) == (key, adjusted)
    assert frequency_key(raw) == key


def test_an_inexact_frequency_is_reported_as_adjusted(tmp_path: Path) -> None:
    root = _empty_repo(tmp_path / "repo")
    source = tmp_path / "data.json"
    entry = {**_justice()[0], "accrualPeriodicity": "R/P2M"}
    source.write_text(json.dumps({"dataset": [entry]}, ensure_ascii=False), encoding="utf-8")
    summary = import_datajson(str(source), root)
    adjusted = [p for p in summary.problems if p.code == "import-value-adjusted" and p.pointer == "/frequency"]
    assert len(adjusted) == 1 and next(iter(_datasets(root).values()))["frequency"] == "trimestral"


@pytest.mark.parametrize(
    ("raw", "key"),
    [
        ("Open Data Commons Open Database License (ODbL)", "ODbL-1.0"),
        ("Creative Commons Attribution", "CC-BY-4.0"),
        ("Creative Commons Attribution 4.0 International", "CC-BY-4.0"),
        ("https://creativecommons.org/licenses/by/4.0/legalcode", "CC-BY-4.0"),
        ("http://creativecommons.org/licenses/by/4.0", "CC-BY-4.0"),
        ("https://creativecommons.org/licenses/by/4.0/deed.es", "CC-BY-4.0"),
        ("http://opendefinition.org/licenses/odc-odbl/", "ODbL-1.0"),
        ("https://opendatacommons.org/licenses/odbl/", "ODbL-1.0"),
        ("Open Data Commons Attribution License", "ODC-BY-1.0"),
        ("http://datos.gob.mx/libreusomx/", "libre-uso-mx"),
        ("Creative Commons Attribution Share-Alike", None),
        ("License not specified", None),
    ],
)
def test_licence_titles_and_urls(raw: str, key: str | None) -> None:
    assert license_of(raw) == key


# --- not a catalogue -------------------------------------------------------------------------------


@pytest.mark.corpus
@pytest.mark.parametrize(
    ("command", "source", "kind"),
    [
        ("datajson", ADELA, "adela-institutions"),
        ("ckan", ADELA, "adela-institutions"),
        ("datajson", CORPUS / "datasets-gdp" / "datapackage.json", "datapackage"),
        ("ckan", CORPUS / "frictionless-py" / "package" / "datapackage.json", "datapackage"),
        ("ckan", JUSTICE, "datajson"),
        ("datajson", CKAN, "ckan"),
    ],
)
def test_a_source_that_is_not_the_named_catalogue_exits_2(
    tmp_path: Path, command: str, source: Path, kind: str
) -> None:
    root = _empty_repo(tmp_path / "repo")
    importer = import_datajson if command == "datajson" else import_ckan
    with pytest.raises(ImportSourceError) as raised:
        importer(str(_need(source)), root)
    assert (raised.value.code, raised.value.kind) == ("import-not-a-catalogue", kind)
    result = CliRunner().invoke(cli, ["--repo", str(root), "import", command, str(source)])
    assert result.exit_code == 2 and "import-not-a-catalogue" in result.output
    assert list(root.glob("*/*/*")) == []  # nothing written


# --- resource URLs -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "https://datos.example.mx/archivo.csv#hoja#2",  # a raw second '#'
        "https://datos.example.mx/datos abiertos/año 2024.csv",  # spaces, a letter outside ASCII
    ],
)
def test_validate_gives_the_encoded_form_of_a_url_that_is_not_a_uri(tmp_path: Path, url: str) -> None:
    root = tmp_path / "repo"
    shutil.copytree(FIXTURES / "valid" / "minimal", root)
    rel = "datasets/secretaria-de-salud/casos-covid-estados/datapackage.yaml"
    path = root / rel
    path.write_text(path.read_text(encoding="utf-8").replace("path: data/casos.csv", f'path: "{url}"'), "utf-8")
    errors = [p for p in check_catalogue(load_catalogue(root), data=False) if p.severity == "error"]
    assert [(p.code, p.path, p.pointer) for p in errors] == [("resource-url-not-encoded", rel, "/resources/0/path")]
    assert errors[0].params["encoded"] == iri(url) and is_uri(iri(url))
    result = CliRunner().invoke(cli, ["--repo", str(root), "validate", "--format", "json"])
    assert result.exit_code == 1 and "resource-url-not-encoded" in result.output


def test_the_import_lists_the_same_url_problem(tmp_path: Path) -> None:
    root = _empty_repo(tmp_path / "repo")
    source = tmp_path / "data.json"
    entry = _justice()[1]
    entry["distribution"][0]["downloadURL"] += "#hoja 1#2"
    source.write_text(json.dumps({"dataset": [entry]}, ensure_ascii=False), encoding="utf-8")
    summary = import_datajson(str(source), root)
    assert [p.code for p in summary.problems if p.pointer == "/resources/0/path"] == ["resource-url-not-encoded"]
    assert _unlisted_errors(root, summary) == []


# --- round trip: the site's own data.json into an empty catalogue ----------------------------------


def test_the_data_json_says_each_publishers_government_and_each_place_apart(built_site: Path) -> None:
    entries = {
        e["landingPage"].split("/datos/")[1]: e
        for e in json.loads((built_site / "data.json").read_text("utf-8"))["dataset"]
    }

    def chain(entry: dict) -> list[str]:
        names, current = [], entry["publisher"].get("subOrganizationOf")
        while current:
            names, current = [*names, current["name"]], current.get("subOrganizationOf")
        return names

    root = "Estados Unidos Mexicanos"
    assert chain(entries["secretaria-de-salud/camas-hospitalarias/"]) == [root]
    assert chain(entries["congreso-de-sonora/iniciativas-legislativas/"]) == ["Estado de Sonora", root]
    assert chain(entries["municipio-de-zapopan/tianguis-zapopan/"]) == [
        "Municipio de Zapopan, Jalisco",
        "Estado de Jalisco",
        root,
    ]
    assert (
        entries["gobierno-de-jalisco/calidad-del-aire-guadalajara/"]["spatial"]
        == "Guadalajara, Jalisco; Zapopan, Jalisco"
    )
    assert entries["secretaria-de-salud/casos-covid-estados/"]["spatial"] == (
        "México; Aguascalientes; Baja California; Ciudad de México"
    )


def _facts(root: Path) -> dict:
    """What must survive: dataset names (under their party), party ids, levels and places, spatial
    coverage, and what only the published datapackage.json carries."""
    datasets, parties = _datasets(root), _parties(root)
    owners = {key.split("/")[0] for key in datasets}
    return {
        "datasets": sorted(datasets),
        "parties": {
            pid: (p["level"], p.get("state"), p.get("municipality")) for pid, p in parties.items() if pid in owners
        },
        "spatial": {key: d.get("spatial") for key, d in datasets.items()},
        "described": {
            key: (
                d.get("series_type"),
                d.get("gender_disaggregated"),
                [s for s in d.get("sources", []) if "imported from" not in s["title"]],
                d.get("frequency"),
                [r.get("schema") for r in d["resources"]],
            )
            for key, d in datasets.items()
        },
    }


@pytest.mark.parametrize("over", ["http", "file"])
def test_the_sites_data_json_reimports_as_it_was(site_repo: Path, built_site: Path, tmp_path: Path, over: str) -> None:
    root = _empty_repo(tmp_path / "repo")
    if over == "http":
        server, base = serve_in_thread(built_site)
        try:
            summary = import_datajson(base + "data.json", root, fetcher=Fetcher(allow=lambda ip: True))
        finally:
            server.shutdown()
            server.server_close()
    else:
        summary = import_datajson(str(built_site / "data.json"), root)
    assert summary.problems == []  # levels said by the publisher chain, every descriptor read
    assert _facts(root) == _facts(site_repo)
    result = CliRunner().invoke(cli, ["--repo", str(root), "validate"])
    assert result.exit_code == 0, result.output


def test_without_its_datapackages_the_data_json_still_gives_names_parties_and_places(
    site_repo: Path, built_site: Path, tmp_path: Path
) -> None:
    alone = tmp_path / "data.json"
    shutil.copy(built_site / "data.json", alone)
    root = _empty_repo(tmp_path / "repo")
    summary = import_datajson(str(alone), root)
    assert {p.code for p in summary.problems} == {"import-described-by-unreadable"}
    expected, found = _facts(site_repo), _facts(root)
    assert (found["datasets"], found["parties"], found["spatial"]) == (
        expected["datasets"],
        expected["parties"],
        expected["spatial"],
    )
