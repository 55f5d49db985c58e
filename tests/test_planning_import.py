"""`catalogo new inventory|plan`: an inventory spreadsheet in the template becomes a valid
inventory.yaml; importing it again after an edit changes only what was edited; a plan sheet
becomes opening-plan.yaml; unreadable cells are reported by row and nothing is written."""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from catalogo.checks.run import check_catalogue
from catalogo.cli.main import cli
from catalogo.load import load_catalogue
from catalogo.scaffold.planning import INVENTORY_COLUMNS, template_csv

from .conftest import FIXTURES

PARTY = "secretaria-de-salud"


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    shutil.copytree(FIXTURES / "site", root)
    for name in ("inventory.yaml", "opening-plan.yaml"):
        (root / "parties" / PARTY / name).unlink()
    return root


def run(repo: Path, *args: str):
    return CliRunner().invoke(cli, ["--repo", str(repo), "new", *args], catch_exceptions=False)


def sheet(tmp_path: Path, rows: list[list[str]], name: str = "inventario.csv", encoding: str = "cp1252") -> Path:
    """A spreadsheet as an official would save it from Excel: Windows-1252, semicolons."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow([header for header, *_ in INVENTORY_COLUMNS])
    writer.writerows(rows)
    path = tmp_path / name
    path.write_bytes(out.getvalue().encode(encoding))
    return path


ROWS = [
    [
        "",
        "Camas censables por unidad médica",
        "Camas por hospital y servicio.",
        "Dirección de Información",
        "CSV, XLSX",
        "Mensual",
        "Estratégico",
        "Planeado",
        "4",
        "5",
        "2",
        "3",
        "1",
        "12",
        "",
        "",
    ],
    [
        "",
        "Expedientes clínicos",
        "Expedientes de pacientes.",
        "Dirección Médica",
        "",
        "",
        "Institucional",
        "Reservado",
        "",
        "",
        "",
        "",
        "",
        "",
        "LGTAIP art. 113 fr. I",
        "",
    ],
    [
        "casos-covid",
        "Casos de COVID-19 por entidad",
        "",
        "",
        "CSV",
        "Diaria",
        "prioritario",
        "publicado",
        "",
        "",
        "",
        "",
        "",
        "",
        "",
        "casos-covid-estados",
    ],
]


def problems_of(repo: Path) -> list[tuple[str, str]]:
    return [(p.code, p.path) for p in check_catalogue(load_catalogue(repo), data=False) if p.severity == "error"]


def test_help_for_both_commands(repo: Path) -> None:
    for kind in ("inventory", "plan"):
        result = run(repo, kind, "--help")
        assert result.exit_code == 0 and "--from" in result.output and "--template" in result.output


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_the_template_imports_into_a_valid_inventory(repo: Path, tmp_path: Path, suffix: str) -> None:
    template = tmp_path / f"plantilla{suffix}"
    assert run(repo, "inventory", "--party", PARTY, "--template", str(template)).exit_code == 0
    assert run(repo, "inventory", "--party", PARTY, "--template", str(template)).exit_code == 2  # not overwritten
    result = run(repo, "inventory", "--party", PARTY, "--from", str(template))
    assert result.exit_code == 0, result.output
    assert problems_of(repo) == []
    items = load_catalogue(repo).parties[PARTY].inventory_items()
    assert [(i.id, i.series_type, i.status) for i in items] == [("padron-beneficiarios", "estrategico", "planeado")]
    assert items[0].data["priority"] == {
        "demand": 4,
        "public_value": 5,
        "effort": 2,
        "quality": 3,
        "personal_data_risk": 2,
    }


def test_an_edited_sheet_changes_only_what_was_edited(repo: Path, tmp_path: Path) -> None:
    first = sheet(tmp_path, ROWS)
    assert run(repo, "inventory", "--party", PARTY, "--from", str(first)).exit_code == 0
    target = repo / "parties" / PARTY / "inventory.yaml"
    before = target.read_text(encoding="utf-8")
    assert problems_of(repo) == []
    items = {i.id: i for i in load_catalogue(repo).parties[PARTY].inventory_items()}
    assert set(items) == {"camas-censables-por-unidad-medica", "expedientes-clinicos", "casos-covid"}
    assert items["camas-censables-por-unidad-medica"].data["demand"] == {"requests": [12]}
    assert items["camas-censables-por-unidad-medica"].data["formats"] == ["CSV", "XLSX"]
    # the official edits one cell in the sheet, which still has no ids, and imports it again
    edited = [list(row) for row in ROWS]
    edited[0][5] = "Trimestral"
    again = sheet(tmp_path, edited, "inventario-2.csv")
    result = run(repo, "inventory", "--party", PARTY, "--from", str(again))
    assert result.exit_code == 0 and "0 nuevos" in result.output
    after = target.read_text(encoding="utf-8")
    changed = [(a, b) for a, b in zip(before.splitlines(), after.splitlines(), strict=True) if a != b]
    assert changed == [("    frequency: mensual", "    frequency: trimestral")]


def test_unreadable_cells_are_reported_by_row_and_nothing_is_written(repo: Path, tmp_path: Path) -> None:
    bad = [list(row) for row in ROWS]
    bad[1][6] = "Muy importante"
    bad[2][8] = "9"
    result = run(repo, "inventory", "--party", PARTY, "--from", str(sheet(tmp_path, bad)))
    assert result.exit_code == 1
    assert "inventario.csv:3: Tipo de serie" in result.output and "inventario.csv:4: Demanda (1-5)" in result.output
    assert not (repo / "parties" / PARTY / "inventory.yaml").exists()


def test_a_plan_sheet_becomes_the_opening_plan(repo: Path, tmp_path: Path) -> None:
    assert run(repo, "inventory", "--party", PARTY, "--from", str(sheet(tmp_path, ROWS))).exit_code == 0
    plan = tmp_path / "plan.csv"
    plan.write_text(
        "\ufeffActivo,Fecha compromiso,Notas\ncamas-censables-por-unidad-medica,2026-09-30,Atiende la solicitud 12\n",
        encoding="utf-8",
    )
    assert run(repo, "plan", "--party", PARTY, "--from", str(plan)).exit_code == 2  # no period yet
    result = run(repo, "plan", "--party", PARTY, "--from", str(plan), "--start", "2026-01-01", "--end", "2027-12-31")
    assert result.exit_code == 0, result.output
    assert problems_of(repo) == []
    [commitment] = load_catalogue(repo).parties[PARTY].commitments()
    assert (commitment.item, commitment.due) == ("camas-censables-por-unidad-medica", "2026-09-30")


def test_the_template_names_every_column_once() -> None:
    headers = next(csv.reader(io.StringIO(template_csv("inventory").lstrip("\ufeff"))))
    assert headers == [header for header, *_ in INVENTORY_COLUMNS] and len(set(headers)) == len(headers)


@pytest.mark.parametrize(("name", "kind"), [("inventario.csv", "inventory"), ("plan-de-apertura.csv", "plan")])
def test_the_site_offers_the_current_templates(name: str, kind: str) -> None:
    from .conftest import ROOT

    assert (ROOT / "build" / "docs" / "plantillas" / name).read_text(encoding="utf-8") == template_csv(kind)
