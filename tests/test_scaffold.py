"""`catalogo new`: messy spreadsheets from the corpus become UTF-8 CSV plus a descriptor that
validates once a person fills in the required fields; nothing is ever overwritten silently."""

from __future__ import annotations

import shutil
import unicodedata
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from catalogo.checks.personal import curp_check_digit
from catalogo.checks.run import check_catalogue
from catalogo.cli.main import cli
from catalogo.gitdata.changes import scope_for_paths
from catalogo.load import load_catalogue
from catalogo.scaffold.tables import detect_delimiter, detect_encoding

from .conftest import CORPUS, FIXTURES

PARTY = "secretaria-de-salud"
SPANISH = "Legislación, Cámara de Diputados; Año: niño ÑANDÚ ¿qué? ¡sí! Función pública, Índice, Órgano, Último\n"
FILLED = {
    "title": "Conjunto de prueba",
    "description": "Descripción suficiente del conjunto.",
    "keywords": ["prueba"],
    "theme": ["finanzas-publicas"],
    "frequency": "anual",
    "contact": {"name": "Dirección de Datos", "email": "datos@salud.gob.mx"},
}


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("scaffold") / "repo"
    shutil.copytree(FIXTURES / "valid" / "minimal", root)
    return root


def new(root: Path, *args: str):
    return CliRunner().invoke(cli, ["--repo", str(root), "new", *args], catch_exceptions=False)


def fill(root: Path, descriptor: str, **extra) -> None:
    data = yaml.safe_load((root / descriptor).read_text(encoding="utf-8"))
    data.update(FILLED, **extra)
    (root / descriptor).write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def problems_in(root: Path, folder: str) -> list:
    catalogue = load_catalogue(root)
    return [p for p in check_catalogue(catalogue, scope_for_paths(catalogue, [folder])) if p.path.startswith(folder)]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252", "cp850"])
def test_spanish_text_encoding_is_recognised(encoding: str) -> None:
    assert detect_encoding(SPANISH.encode(encoding)) == encoding


def test_cp850_that_latin1_would_misread_is_cp850() -> None:
    raw = "Ramo,Unidad\n1,H. Cámara de Diputados\n1,Auditoría Superior\n2,Legislación\n".encode("cp850")
    raw.decode("latin-1")  # decodes "wrongly but without error"
    assert detect_encoding(raw) == "cp850"


@pytest.mark.parametrize(
    ("sample", "delimiter"),
    [
        ('a;b;c\n1;"x, y";3\n4;5;6\n', ";"),
        ("a\tb\n1\t2\n", "\t"),
        ("a|b|c\n1|2|3\n", "|"),
        ('nombre,monto\n"Pérez; Juan","1,200"\n"López; Ana","3,400"\n', ","),
    ],
)
def test_delimiter(sample: str, delimiter: str) -> None:
    assert detect_delimiter(sample) == delimiter


def _nfd_budget() -> str:
    return next(p.name for p in (CORPUS / "openspending-fdp-demos/Mexico-Pre-Pilot").glob("Provisiones*.csv"))


CORPUS_FILES = {
    "pef-cp850": (
        "openspending-fdp-demos/Mexico-Pre-Pilot",
        "Presupuesto de Egresos de la Federación_2016.first10000rows.csv",
        "cp850",
        ",",
    ),
    "transferencias-cp1252": (
        "openspending-fdp-demos/Mexico-Pre-Pilot",
        "transferencias_entidades_fed.first10000rows.csv",
        "cp1252",
        ",",
    ),
    "ramo23-nfd-name": ("openspending-fdp-demos/Mexico-Pre-Pilot", None, "cp1252", ","),
    "bom-crlf": ("mexicovid19-datos", "poblaciones_estados_2015.csv", "utf-8-sig", ","),
    "semicolon": ("frictionless-py", "issue-1009-semicolon.csv", "utf-8", ";"),
    "accents": ("frictionless-py", "table-with-accents.csv", "cp1252", ";"),
    "xlsx-sheet": ("mexicovid19-datos", "Catalogos_0412.xlsx", "xlsx", ""),
}


READ_AS = {  # text that only the right decoding gives
    "pef-cp850": ("H. Cámara de Diputados", "Legislación"),
    "transferencias-cp1252": ("Nuevo León: Fondo de Aportaciones Múltiples",),
    "ramo23-nfd-name": ("Número de proyecto", "LÁZARO CÁRDENAS"),
}


def _source(folder: str, name: str | None) -> Path:
    base = CORPUS / folder
    if name is None:
        return base / _nfd_budget()
    # the corpus keeps some names decomposed (NFD): find the file whatever its normal form
    return next(p for p in base.iterdir() if unicodedata.normalize("NFC", p.name) == name)


@pytest.mark.corpus
@pytest.mark.parametrize("case", sorted(CORPUS_FILES))
def test_corpus_file_becomes_a_valid_dataset(corpus: Path, repo: Path, case: str) -> None:
    folder, name, encoding, delimiter = CORPUS_FILES[case]
    source = _source(folder, name)
    extra = ["--sheet", "Catálogo MUNICIPIOS"] if case == "xlsx-sheet" else []
    result = new(repo, "dataset", "--party", PARTY, "--from", str(source), "--id", case, "--yes", *extra)
    assert result.exit_code == 0, result.output
    assert f"Origen / source: {encoding}" in result.output or encoding == "xlsx"
    descriptor = f"datasets/{PARTY}/{case}/datapackage.yaml"
    data_files = list((repo / f"datasets/{PARTY}/{case}/data").iterdir())
    assert len(data_files) == 1 and data_files[0].name.isascii() and data_files[0].suffix == ".csv"
    raw = data_files[0].read_bytes()
    text = raw.decode("utf-8")  # strict UTF-8, no BOM, NFC
    assert not raw.startswith(b"\xef\xbb\xbf") and unicodedata.is_normalized("NFC", text) and "\r\n" not in text
    for expected in READ_AS.get(case, ()):
        assert expected in text
    assert "¢" not in text and "┬" not in text  # what CP850 and CP1252 become when misread
    # the data's own warnings (real tables: state codes 97-99, unpadded codes) stay once it is filled
    keys = [p for p in problems_in(repo, f"datasets/{PARTY}/{case}") if p.code.startswith("key-")]
    assert all(p.severity == "warning" and p.path != descriptor for p in keys)
    before = {(p.code, p.line) for p in problems_in(repo, f"datasets/{PARTY}/{case}") if p not in keys}
    assert {code for code, _ in before} <= {"schema-violation", "invalid-value", "invalid-format"}
    assert len({line for _, line in before}) == 5  # title, description, keywords, theme, frequency
    fill(repo, descriptor)
    assert problems_in(repo, f"datasets/{PARTY}/{case}") == keys


def test_inferred_schema_keeps_codes_and_finds_the_key(tmp_path: Path, repo: Path) -> None:
    source = tmp_path / "Población por entidad.csv"
    source.write_text(
        "cve_ent;entidad;fecha;población\n01;Aguascalientes;2020-03-15;1425607\n"
        "02;Baja California;2020-03-15;3769020\n09;Ciudad de México;2020-03-15;9209944\n",
        encoding="cp1252",
    )
    result = new(repo, "dataset", "--party", PARTY, "--from", str(source), "--yes")
    assert result.exit_code == 0, result.output
    descriptor = repo / f"datasets/{PARTY}/poblacion-por-entidad/datapackage.yaml"
    schema = yaml.safe_load(descriptor.read_text(encoding="utf-8"))["resources"][0]["schema"]
    types = {f["name"]: f["type"] for f in schema["fields"]}
    assert types == {
        "cve_ent": "string",
        "entidad": "string",
        "fecha": "date",
        "población": "integer",
    }
    assert schema["primaryKey"] == ["cve_ent"]
    assert (repo / f"datasets/{PARTY}/poblacion-por-entidad/data/poblacion-por-entidad.csv").is_file()


def test_types_are_checked_on_every_row(tmp_path: Path, repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("catalogo.scaffold.dataset.INFER_SAMPLE", 3)
    rows = "".join(f"{i},{i * 10}\n" for i in range(1, 8)) + "8,ocho\n"
    source = tmp_path / "muestra.csv"
    source.write_text("folio,monto\n" + rows, encoding="utf-8")
    assert new(repo, "dataset", "--party", PARTY, "--from", str(source), "--yes").exit_code == 0
    schema = yaml.safe_load((repo / f"datasets/{PARTY}/muestra/datapackage.yaml").read_text())["resources"][0]["schema"]
    assert [f["type"] for f in schema["fields"]] == ["integer", "string"]
    fill(repo, f"datasets/{PARTY}/muestra/datapackage.yaml")
    assert problems_in(repo, f"datasets/{PARTY}/muestra") == []


def test_workbook_values_become_text_of_the_right_type(tmp_path: Path, repo: Path) -> None:
    from datetime import date

    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["clave", "fecha", "monto", None])
    sheet.append([1, date(2024, 1, 31), 1500.0, None])
    sheet.append([2, date(2024, 2, 29), 2750.5, None])
    sheet.append([None, None, None, None])
    book.save(tmp_path / "libro.xlsx")
    result = new(repo, "dataset", "--party", PARTY, "--from", str(tmp_path / "libro.xlsx"), "--yes")
    assert result.exit_code == 0, result.output
    csv_text = (repo / f"datasets/{PARTY}/libro/data/libro.csv").read_text(encoding="utf-8")
    assert csv_text == "clave,fecha,monto\n1,2024-01-31,1500\n2,2024-02-29,2750.5\n"
    schema = yaml.safe_load((repo / f"datasets/{PARTY}/libro/datapackage.yaml").read_text())["resources"][0]["schema"]
    assert [f["type"] for f in schema["fields"]] == ["integer", "date", "number"]


def test_personal_data_is_reported_and_then_blocks_validation(tmp_path: Path, repo: Path) -> None:
    curps = [b + str(curp_check_digit(b)) for b in ("GOMA850101HJCMRR0", "LOPE900215MDFPRR0")]
    source = tmp_path / "beneficiarios.csv"
    source.write_text(f"folio,curp,monto\n1,{curps[0]},100\n2,{curps[1]},200\n", encoding="utf-8")
    result = new(repo, "dataset", "--party", PARTY, "--from", str(source), "--yes")
    assert result.exit_code == 0
    assert "curp: columna / column «curp», 2 celdas / cells, primera en la línea / first at line 2" in result.output
    fill(repo, f"datasets/{PARTY}/beneficiarios/datapackage.yaml")
    found = {(p.code, p.line, p.column) for p in problems_in(repo, f"datasets/{PARTY}/beneficiarios")}
    assert found == {("curp-in-data", 2, 2)}


def test_nothing_is_overwritten_without_force(tmp_path: Path, repo: Path) -> None:
    source = tmp_path / "tabla.csv"
    source.write_text("a,b\n1,2\n", encoding="utf-8")
    assert new(repo, "dataset", "--party", PARTY, "--from", str(source), "--yes").exit_code == 0
    descriptor = repo / f"datasets/{PARTY}/tabla/datapackage.yaml"
    descriptor.write_text("# editado a mano\n", encoding="utf-8")
    source.write_text("a,b\n3,4\n", encoding="utf-8")
    again = new(repo, "dataset", "--party", PARTY, "--from", str(source), "--yes")
    assert again.exit_code == 2 and "--force" in again.output
    assert descriptor.read_text(encoding="utf-8") == "# editado a mano\n"
    assert (repo / f"datasets/{PARTY}/tabla/data/tabla.csv").read_text() == "a,b\n1,2\n"
    assert new(repo, "dataset", "--party", PARTY, "--from", str(source), "--yes", "--force").exit_code == 0
    assert (repo / f"datasets/{PARTY}/tabla/data/tabla.csv").read_text() == "a,b\n3,4\n"
    assert not list((repo / f"datasets/{PARTY}/tabla").rglob(".tmp-*"))


@pytest.mark.parametrize(
    "args",
    [
        ["--party", "../../fuera", "--id", "x"],
        ["--party", PARTY, "--id", "../../fuera"],
        ["--party", "no-existe"],
        ["--party", PARTY, "--id", "Con Mayúsculas"],
    ],
)
def test_bad_targets_exit_2_and_write_nothing(tmp_path: Path, repo: Path, args: list[str]) -> None:
    source = tmp_path / "t.csv"
    source.write_text("a\n1\n", encoding="utf-8")
    before = sorted(p for p in repo.parent.rglob("*"))
    result = new(repo, "dataset", "--from", str(source), "--yes", *args)
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert sorted(p for p in repo.parent.rglob("*")) == before


def test_unreadable_input_exits_2(tmp_path: Path, repo: Path) -> None:
    source = tmp_path / "datos.pdf"
    source.write_bytes(b"%PDF-1.4")
    assert new(repo, "dataset", "--party", PARTY, "--from", str(source), "--yes").exit_code == 2
    utf16 = tmp_path / "utf16.csv"
    utf16.write_text("a,b\n1,2\n", encoding="utf-16")
    assert new(repo, "dataset", "--party", PARTY, "--from", str(utf16), "--yes").exit_code == 2


def test_prompts_on_a_terminal(tmp_path: Path, repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("catalogo.cli.new.is_terminal", lambda: True)
    source = tmp_path / "Camas 2024.csv"
    source.write_text("clues,camas\nA1,3\nB2,5\n", encoding="utf-8")
    answers = "\n".join(
        [
            PARTY,
            str(source),
            "camas-2024",
            "",
            "Camas censables por unidad médica.",
            "camas, hospitales",
            "nada, salud",
            "salud",
            "anual",
            "",
            "",
            "CC-BY-4.0",
            "",
        ]
    )
    result = CliRunner().invoke(cli, ["--repo", str(repo), "new", "dataset"], input=answers)
    assert result.exit_code == 0, result.output
    assert "nada" in result.output  # the unknown theme was refused and asked again
    data = yaml.safe_load((repo / f"datasets/{PARTY}/camas-2024/datapackage.yaml").read_text(encoding="utf-8"))
    assert data["title"] == "Camas 2024" and data["theme"] == ["salud"] and data["frequency"] == "anual"
    assert data["contact"] == {
        "name": "Unidad de Transparencia",
        "email": "transparencia@salud.gob.mx",
    }
    assert data["licenses"][0]["name"] == "CC-BY-4.0"
    assert problems_in(repo, f"datasets/{PARTY}/camas-2024") == []


@pytest.mark.parametrize(
    ("kind", "args", "fill_with"),
    [
        (
            "party",
            [
                "--name",
                "Municipio de Tonalá",
                "--level",
                "municipal",
                "--municipality",
                "14101",
                "--maintainer",
                "@tonala-datos",
            ],
            {
                "power": "ejecutivo",
                "liaison": {"name": "Unidad de Transparencia", "email": "ut@tonala.gob.mx"},
            },
        ),
        (
            "story",
            ["--title", "Mapa del gasto en salud", "--dataset", f"{PARTY}/casos-covid-estados"],
            {
                "summary": "Un mapa del gasto por entidad.",
                "organization": {"name": "Datos Ciudadanos", "sector": "periodismo"},
                "purpose": "conocer",
            },
        ),
        (
            "tool",
            ["--id", "visor", "--name", "Visor de datos"],
            {
                "description": "Un visor de tablas para el público.",
                "url": "https://visor.example.org/",
                "category": "aplicacion",
            },
        ),
    ],
)
def test_entries_validate_once_completed(tmp_path: Path, kind: str, args: list[str], fill_with: dict) -> None:
    root = tmp_path / "repo"
    shutil.copytree(FIXTURES / "valid" / "minimal", root)
    result = new(root, kind, *args, "--yes")
    assert result.exit_code == 0, result.output
    rel = result.output.split("Creado / created: ", 1)[1].split("\n", 1)[0]
    errors = [p for p in check_catalogue(load_catalogue(root)) if p.path == rel]
    assert errors and all(p.line for p in errors)
    data = yaml.safe_load((root / rel).read_text(encoding="utf-8"))
    data.update(fill_with)
    (root / rel).write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    assert [p for p in check_catalogue(load_catalogue(root)) if p.path == rel] == []
    assert new(root, kind, *args, "--yes").exit_code == 2  # never overwritten


def test_entry_needs_an_id(repo: Path) -> None:
    assert new(repo, "tool", "--yes").exit_code == 2


def test_entry_prompts_on_a_terminal(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("catalogo.cli.new.is_terminal", lambda: True)
    root = tmp_path / "repo"
    shutil.copytree(FIXTURES / "valid" / "minimal", root)
    answers = [
        "Visor de datos",  # name
        "Un visor de tablas para el público.",  # description
        "https://visor.example.org/",  # url
        "",  # repository (optional)
        "",  # license
        "app",  # category: not in the list, asked again
        "aplicacion",
        "",  # organization
        "secretaria-de-salud/casos-covid-estados",  # datasets
        "csv, json",  # formats
        "",  # date: today
        "",  # id: the slug of the name
    ]
    result = CliRunner().invoke(cli, ["--repo", str(root), "new", "tool"], input="\n".join(answers) + "\n")
    assert result.exit_code == 0, result.output
    data = yaml.safe_load((root / "best-practices/tools/visor-de-datos.yaml").read_text(encoding="utf-8"))
    assert data["category"] == "aplicacion" and data["formats"] == ["csv", "json"]
    assert [p for p in check_catalogue(load_catalogue(root)) if p.path.endswith("visor-de-datos.yaml")] == []
