"""People's names and home addresses in data (catalogo.checks.personal_names): columns judged by
their header and most of their cells, reported like the other personal data (codes, column, first
line, count), exempt with a legal basis; no false alarm on institutions, places, schools and
streets named after people, or on the real corpus.

A directory of real public officials with the addresses of their offices
(`tests/fixtures/people/`, see its README for the source) goes through `catalogo new dataset
--from` into a copy of the shipped catalogue, and `catalogo validate` reports it."""

from __future__ import annotations

import csv
import io
import json
import shutil
import unicodedata
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from catalogo.checks.personal import COLUMN_KINDS, Hit, find_kinds, screen_rows
from catalogo.cli.main import cli
from catalogo.core.cache import fingerprint_in

from .conftest import FIXTURES, ROOT, shipped_catalogue
from .test_scaffold import fill

NAME, ADDRESS = COLUMN_KINDS
DIRECTORY = FIXTURES / "people" / "directorio-titulares-2019.csv"


def screen(header: list[str], rows: list[list[str]], exempt: frozenset[str] = frozenset()) -> list[Hit]:
    return screen_rows(header, [(i + 2, row) for i, row in enumerate(rows)], exempt)


def kinds(hits: list[Hit]) -> set[tuple[str, str, int, int]]:
    """(kind, column, first line, count) of the names and addresses found."""
    return {(h.kind, h.column, h.line, h.count) for h in hits if h.kind in COLUMN_KINDS}


PADRON = [
    ["1", "JUAN PÉREZ LÓPEZ", "CALLE MORELOS 12, COL. CENTRO", "Oaxaca de Juárez", "1500.00"],
    ["2", "María Guadalupe Hernández Cruz", "Av. Juárez No. 45 Int. 3, C.P. 68000", "Oaxaca de Juárez", "1500.00"],
    ["3", "PÉREZ GARCÍA, ANA", "Priv. Hidalgo s/n, Barrio de Jalatlaco", "Santa Lucía del Camino", "980.50"],
    ["4", "José Luis Martínez Ramírez", "Mz. 4 Lt. 12, Fracc. Las Flores", "Tlalixtac de Cabrera", "980.50"],
]
PADRON_HEADER = ["folio", "nombre_beneficiario", "domicilio", "municipio", "monto"]


# --------------------------------------------------------------------------------------------
# What is found, and where
# --------------------------------------------------------------------------------------------


def test_names_and_home_addresses_of_a_beneficiary_list() -> None:
    assert kinds(screen(PADRON_HEADER, PADRON)) == {
        (NAME, "nombre_beneficiario", 2, 4),
        (ADDRESS, "domicilio", 2, 4),
    }


@pytest.mark.parametrize(
    "header",
    [
        ["nombre", "apellido_paterno", "apellido_materno"],
        ["Nombre(s)", "Primer apellido", "Segundo apellido"],
        ["nombres", "apPaterno", "apMaterno"],
        ["first_name", "last_name", "surname"],
    ],
)
def test_names_split_over_columns(header: list[str]) -> None:
    rows = [["JUAN", "PÉREZ", "LÓPEZ"], ["MARÍA DE LOURDES", "HERNÁNDEZ", "CRUZ"], ["ANA", "GARCÍA", "REYES"]]
    assert kinds(screen(header, rows)) == {(NAME, column, 2, 3) for column in header}


def test_first_line_and_count_skip_empty_cells_and_follow_the_rows_lines() -> None:
    rows = [
        (2, ["1", "", ""]),
        (3, ["2", "sin dato", ""]),
        (5, ["3", "Rosa María Torres Flores", "Calle Pino 4, Col. Centro"]),  # a record on lines 4-5
        (6, ["4", "Luis Fernando Ortiz Ramos", "Av. Hidalgo 120 Int. 2"]),
        (7, ["5", "Carmen Reyes Santos", "Calle 5 de Mayo 33, C.P. 91000"]),
    ]
    hits = screen_rows(["id", "solicitante", "domicilio particular"], rows)
    assert kinds(hits) == {(NAME, "solicitante", 5, 3), (ADDRESS, "domicilio particular", 5, 3)}


def test_given_names_alone_identify_no_one() -> None:
    rows = [["Ana", "10"], ["Luis", "12"], ["Eva", "7"], ["Juan", "3"]]
    assert screen(["nombre", "monto"], rows) == []


NAMES = [
    ("Juan", "Pérez", "López"),
    ("María", "Hernández", "Cruz"),
    ("José", "García", "Reyes"),
    ("Ana Laura", "Martínez", "Flores"),
    ("Pedro", "Sánchez", "Ramírez"),
    ("Guadalupe", "Torres", "Gómez"),
]


def test_full_names_without_any_hint_in_the_header() -> None:
    rows = [[f"{given} {first} {second}", "1"] for given, first, second in NAMES]
    assert kinds(screen(["#", "n"], rows)) == {(NAME, "#", 2, len(NAMES))}
    assert kinds(screen(["#", "n"], rows[:4])) == set()  # too few to tell


# --------------------------------------------------------------------------------------------
# The legal basis
# --------------------------------------------------------------------------------------------


def test_a_legal_basis_exempts_each_column() -> None:
    assert kinds(screen(PADRON_HEADER, PADRON, frozenset({"nombre_beneficiario"}))) == {(ADDRESS, "domicilio", 2, 4)}
    assert kinds(screen(PADRON_HEADER, PADRON, frozenset({"nombre_beneficiario", "domicilio"}))) == set()


# --------------------------------------------------------------------------------------------
# No false alarm
# --------------------------------------------------------------------------------------------

INSTITUTIONS = [
    "Secretaría de Salud",
    "Escuela Primaria Benito Juárez",
    "Hospital General Dr. Manuel Gea González",
    "Dirección General de Información en Salud",
    "Instituto Nacional de Estadística y Geografía",
]
PLACES = ["Benito Juárez", "Gustavo A. Madero", "San Pedro Garza García", "Emiliano Zapata", "Lázaro Cárdenas"]


@pytest.mark.parametrize("header", ["nombre", "nombre completo", "titular", "beneficiario"])
def test_institutions_and_places_are_not_people(header: str) -> None:
    assert screen([header], [[v] for v in INSTITUTIONS]) == []
    assert screen([header], [[v] for v in PLACES]) == []


def test_schools_named_after_people() -> None:
    rows = [
        ["09DPR0001A", "BENITO JUAREZ", "AVENIDA", "BENITO JUÁREZ", "10"],
        ["09DPR0002B", "JOSEFA ORTIZ DE DOMINGUEZ", "CALLE", "5 DE MAYO", "3"],
        ["09DPR0003C", "PROFR. SAMUEL DELGADO MOYA", "CALLE", "ING. EDUARDO MOLINA", "SIN NÚMERO"],
        ["09DPR0004D", "ANGELICA FLORES DURAN", "EJE VIAL", "LUCAS ALAMAN", "81"],
    ]
    for header in (
        ["cct", "nombre", "tipo_de_vialidad", "calle", "numero_exterior"],
        ["clave", "nombre_de_centro_de_trabajo", "vialidad", "nombre_de_calle", "numero"],
        ["clave", "escuela", "tipo", "domicilio", "numero"],
    ):
        assert screen(header, rows) == [], header


def test_things_named_after_people_under_a_bare_nombre() -> None:
    """Dams, schools and streets carry a person's given name and one surname; people in a
    register carry both surnames."""
    rows = [["Lázaro Cárdenas"], ["Plutarco Elías Calles"], ["Álvaro Obregón"], ["Abraham González"], ["Cuauhtémoc"]]
    assert screen(["nombre"], rows) == []
    assert screen(["presa"], rows) == []


def test_office_addresses_without_people_are_not_home_addresses() -> None:
    rows = [
        ["Secretaría de Salud", "Lieja 7, Col. Juárez, C.P. 06600"],
        ["Secretaría de Educación Pública", "República de Argentina 28, Col. Centro, C.P. 06020"],
        ["Banco de México", "Av. 5 de Mayo 2, Col. Centro, C.P. 06000"],
    ]
    assert screen(["dependencia", "domicilio"], rows) == []
    assert screen(["dependencia", "dirección"], rows) == []


def test_one_value_is_never_a_name_or_an_address() -> None:
    """Commit subjects, descriptor texts and sheet names are single values: no column to judge."""
    for value in ("Juan Pérez López", "Calle Morelos 12, Col. Centro, C.P. 68000", PADRON[1][1]):
        assert find_kinds(value) == set()


# --------------------------------------------------------------------------------------------
# The real corpus
# --------------------------------------------------------------------------------------------


def read_table(path: Path) -> tuple[list[str], list[tuple[int, list[str]]]]:
    raw = path.read_bytes()
    for encoding in ("utf-8-sig", "cp1252", "latin-1"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    first = text.split("\n", 1)[0]
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=";" if first.count(";") > first.count(",") else ",")
    header = next(reader, [])
    return header, [(reader.line_num, row) for row in reader]


@pytest.mark.corpus
def test_no_names_or_addresses_in_the_corpus(corpus: Path) -> None:
    """Schools and streets named after people (CDMX), municipalities, dams named after presidents
    (Sonora), budgets with programme and unit names (openspending): nothing."""
    named = [
        "cdmx-opendataday-2018/total_sitios_escuelas_cdmx_2017-09-19.csv",
        "isaacarroyov-datos-facil-acceso/cve_nom_municipios.csv",
        "sonora-recursos-hidricos/nombres_presas.csv",
    ]
    files = sorted(corpus.rglob("*.csv"))
    assert all(corpus / name in files for name in named)
    assert any("openspending" in path.as_posix() for path in files)
    found = set()
    for path in files:
        header, rows = read_table(path)
        rel = unicodedata.normalize("NFC", path.relative_to(corpus).as_posix())
        found |= {(rel, h.kind, h.column) for h in screen_rows(header, rows) if h.kind in COLUMN_KINDS}
    assert found == set()


@pytest.mark.corpus
@pytest.mark.parametrize(
    ("name", "column"),
    [
        ("cdmx-opendataday-2018/total_sitios_escuelas_cdmx_2017-09-19.csv", "nombre_de_centro_de_trabajo"),
        ("cdmx-opendataday-2018/total_sitios_escuelas_cdmx_2017-09-19.csv", "nombre_de_calle"),
        ("isaacarroyov-datos-facil-acceso/cve_nom_municipios.csv", "nombre_municipio"),
        ("sonora-recursos-hidricos/nombres_presas.csv", "Presa"),
    ],
)
def test_corpus_columns_renamed_to_a_bare_nombre(corpus: Path, name: str, column: str) -> None:
    """Even when the header only says "nombre", the values do not make these people."""
    header, rows = read_table(corpus / name)
    header[header.index(column)] = "nombre"
    assert [h for h in screen_rows(header, rows) if h.kind in COLUMN_KINDS] == []


# --------------------------------------------------------------------------------------------
# A real directory of people through `catalogo new dataset --from` and `catalogo validate`
# --------------------------------------------------------------------------------------------


def test_the_directory_fixture_screens_as_expected() -> None:
    header, rows = read_table(DIRECTORY)
    assert len(rows) == 28
    assert kinds(screen_rows(header, rows)) == {
        (NAME, "nombre", 2, 28),
        (NAME, "primer_apellido", 2, 28),
        (NAME, "segundo_apellido", 2, 28),
        (ADDRESS, "domicilio", 2, 28),
    }


@pytest.fixture
def shipped(tmp_path: Path) -> Path:
    """A copy of the shipped catalogue in a git repository."""
    repo = shipped_catalogue(tmp_path / "repo")
    return repo


def validate(repo: Path) -> tuple[int, list[dict]]:
    result = CliRunner().invoke(cli, ["--repo", str(repo), "validate", "--format", "json"])
    return result.exit_code, json.loads(result.output)["problems"]


def test_a_directory_of_people_added_with_new_dataset_fails_validation(shipped: Path) -> None:
    added = CliRunner().invoke(
        cli,
        [
            "--repo",
            str(shipped),
            "new",
            "dataset",
            "--party",
            "inegi",
            "--from",
            str(DIRECTORY),
            "--id",
            "titulares",
            "--yes",
        ],
        catch_exceptions=False,
    )
    assert added.exit_code == 0, added.output
    assert "person-name: columna / column «primer_apellido»" in added.output
    assert "home-address: columna / column «domicilio»" in added.output
    folder = "datasets/inegi/titulares"
    fill(shipped, f"{folder}/datapackage.yaml", title="Directorio de titulares de dependencias")
    data = f"{folder}/data/directorio-titulares-2019.csv"
    assert (shipped / data).is_file()

    code, problems = validate(shipped)
    errors = {(p["code"], p["path"], p["line"], p["column"]) for p in problems if p["severity"] == "error"}
    assert code == 1
    assert errors == {
        ("person-name-in-data", data, 2, 3),
        ("person-name-in-data", data, 2, 4),
        ("person-name-in-data", data, 2, 5),
        ("home-address-in-data", data, 2, 6),
    }

    # The law requires this directory (LGTAIP art. 70, fr. VII): a legal basis on each field.
    descriptor = shipped / folder / "datapackage.yaml"
    package = yaml.safe_load(descriptor.read_text(encoding="utf-8"))
    for field in package["resources"][0]["schema"]["fields"]:
        if field["name"] in ("nombre", "primer_apellido", "segundo_apellido", "domicilio"):
            field["legal_basis"] = "LGTAIP, artículo 70, fracción VII (directorio de servidores públicos)"
    descriptor.write_text(yaml.safe_dump(package, allow_unicode=True, sort_keys=False), encoding="utf-8")
    code, problems = validate(shipped)
    assert [p for p in problems if p["severity"] == "error"] == []
    assert code == 0


# --------------------------------------------------------------------------------------------
# Cached like the other data results
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("changed", ["checks/personal_names.py", "vocab/person_names.csv"])
def test_the_detector_and_its_vocabulary_key_the_data_cache(tmp_path: Path, changed: str) -> None:
    package = tmp_path / "catalogo"
    shutil.copytree(ROOT / "scripts" / "catalogo", package, ignore=shutil.ignore_patterns("__pycache__"))
    before = fingerprint_in(package, "checks/data.py")
    target = package / changed
    target.write_text(target.read_text(encoding="utf-8") + "\n# cambiado\n", encoding="utf-8")
    assert fingerprint_in(package, "checks/data.py") != before
