"""Names, identifiers and reports that cannot collide or inject (issue 12, part 4): hostile file
and folder names in every report format, reserved ids, duplicate dataset identifiers, formulas
in every CSV written, the per-file cap on problems, bidi characters and URIs in descriptors."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from catalogo import report
from catalogo.cli import cli
from catalogo.problems import problem

from .conftest import FIXTURES, git

VALID = FIXTURES / "valid" / "minimal"
FAKE_VERDICT = "✅ El catálogo es válido"
# Names that try to act instead of show: Markdown blocks, terminal sequences, bidi reordering,
# GitHub workflow commands, C1 controls and invisible tag characters.
HOSTILE_NAMES = [
    f"x\n\n## {FAKE_VERDICT}\n\n",
    f"x`\n## {FAKE_VERDICT}\n`",
    "x\r\n::error file=otro.yaml::falso",
    "x\x1b[2J\x1b[31mrojo\x1b]8;;https:ataque.example\x07enlace",
    "x\u202egpj.exe",
    "x\u2066aislado\u2069\u200f",
    "x\x9b31mcsi\x85nel",
    "x\u2028\u2029sep",
    "x\U000e0041\U000e007fetiqueta",
]
RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2066-\u2069\U000e0000-\U000e0fff]")


def hostile_problems(name: str) -> list:
    path = f"best-practices/stories/{name}.yaml"
    return [problem("invalid-id", path, id=name, suggestion="x"), problem("duplicate-id", "otro.yaml", id=name, other=path)]


def repo_with_story_named(tmp_path: Path, name: str) -> Path:
    repo = tmp_path / "repo"
    shutil.copytree(VALID, repo)
    story = repo / "best-practices" / "stories"
    (story / f"{name}.yaml").write_bytes((story / "mapa-covid.yaml").read_bytes())
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "inicial")
    return repo


def validate(repo: Path, *options: str) -> str:
    result = CliRunner().invoke(cli, ["--repo", str(repo), "validate", "--no-data", *options])
    assert result.exit_code == 1, result.output
    return result.output


@pytest.mark.parametrize("name", HOSTILE_NAMES[:2])
def test_a_folder_name_cannot_inject_a_verdict_into_the_markdown_summary(tmp_path: Path, name: str) -> None:
    markdown = validate(repo_with_story_named(tmp_path, name), "--format", "markdown")
    assert not re.search(f"^\\W*{FAKE_VERDICT}", markdown, re.MULTILINE)
    headings = [line for line in markdown.splitlines() if line.startswith("#")]
    assert len(headings) == 2 and headings[0].startswith("## ❌")  # the verdict and one file


@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_markdown_shows_every_hostile_name_on_one_line(name: str) -> None:
    markdown = report.as_markdown(hostile_problems(name))
    assert not RAW.search(markdown)
    assert not re.search(f"^\\W*{FAKE_VERDICT}", markdown, re.MULTILINE)
    assert sum(line.startswith("#") for line in markdown.splitlines()) == 3
    assert all(line.startswith(("#", "|", "")) for line in markdown.splitlines())
    assert len([line for line in markdown.splitlines() if line.startswith("| ")]) == 4  # 2 headers, 2 rows


@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_github_annotations_carry_no_raw_control_in_file_or_message(name: str) -> None:
    annotations = report.as_github(hostile_problems(name))
    lines = annotations.split("\n")
    assert len(lines) == 2 and all(line.startswith(("::error file=best-practices", "::error file=otro.yaml,")) for line in lines)
    assert not RAW.search(annotations) and "\r" not in annotations
    files = [re.match("::error file=([^,]*),", line) for line in lines]
    assert all(match and ":" not in match.group(1) for match in files)


@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_terminal_text_carries_no_escape_sequence(tmp_path: Path, name: str) -> None:
    output = validate(repo_with_story_named(tmp_path, name), "--format", "text")
    assert not RAW.search(output)
    assert "\x1b" not in output
    assert not re.search(f"^\\W*{FAKE_VERDICT}", output, re.MULTILINE)


@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_json_keeps_the_exact_name_with_no_raw_control(name: str) -> None:
    text = report.as_json(hostile_problems(name))
    assert not RAW.search(text)
    assert json.loads(text)["problems"][0]["path"] == f"best-practices/stories/{name}.yaml"


def test_github_format_from_the_cli_escapes_the_file_property(tmp_path: Path) -> None:
    output = validate(repo_with_story_named(tmp_path, HOSTILE_NAMES[3]), "--format", "github")
    assert "\x1b" not in output and "\\x1b[2J" in output


# --- formulas in every CSV written --------------------------------------------------------------

FORMULAS = [
    '=HYPERLINK("http://malo.example","clic")',
    "+SUM(1,1)",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(A1:A2)",
    "\t=1+1",
    "\r=1+1",
    "\n=1+1",
    "＝HYPERLINK(\"http://malo.example\")",  # fullwidth forms, folded by some spreadsheets
    "＋1+1",
    "－1+1",
    "＠SUM(A1)",
    "﹦1+1",
    "−1+1",
]
NUMBERS = ["-12", "+3.5", "-0.25", "-1e3", "42", "-.5"]


def dangerous(cell: str) -> bool:
    from catalogo.csvsafe import FORMULA_START, neutralise

    return cell[:1] in FORMULA_START and neutralise(cell) != cell


def repo_with_party_named(tmp_path: Path, name: str) -> Path:
    repo = tmp_path / "repo"
    shutil.copytree(VALID, repo)
    party = repo / "parties" / "municipio-de-zapopan" / "party.yaml"
    party.write_text(party.read_text(encoding="utf-8").replace("name: Municipio de Zapopan", f"name: {json.dumps(name)}"),
                     encoding="utf-8")
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "inicial", date="2026-01-01T12:00:00+00:00")
    return repo


@pytest.mark.parametrize("formula", FORMULAS)
def test_cli_indicators_csv_neutralises_a_formula_in_a_party_name(tmp_path: Path, formula: str) -> None:
    import csv
    import io

    result = CliRunner().invoke(cli, ["--repo", str(repo_with_party_named(tmp_path, formula)), "indicators", "--format", "csv"])
    assert result.exit_code == 0, result.output
    rows = list(csv.reader(io.StringIO(result.output, newline="")))
    names = [row[3] for row in rows if row[1] == "sujeto" and row[2] == "municipio-de-zapopan"]
    assert names and all(name == "'" + formula for name in names)
    assert not any(dangerous(cell) for row in rows for cell in row)


def test_site_indicator_file_neutralises_formulas_and_keeps_numbers(tmp_path: Path) -> None:
    import csv

    from catalogo.cli import open_catalogue
    from catalogo.enrich import enrich
    from catalogo.indicators import write_indicator_files

    enriched = enrich(open_catalogue(repo_with_party_named(tmp_path, FORMULAS[0])))
    assert enriched.indicators is not None
    write_indicator_files(enriched.indicators, tmp_path / "out")
    with (tmp_path / "out" / "indicadores.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    assert any(row[3] == "'" + FORMULAS[0] for row in rows)
    assert not any(dangerous(cell) for row in rows for cell in row)


@pytest.mark.parametrize("formula", FORMULAS)
def test_converted_spreadsheet_neutralises_formulas_and_keeps_negative_numbers(tmp_path: Path, formula: str) -> None:
    import csv
    import io

    from catalogo.tables import csv_bytes, read_table

    source = tmp_path / "fuente.csv"
    with source.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, quoting=csv.QUOTE_ALL).writerows([["nombre", "saldo"], [formula, "-12"], ["a", "-0.25"]])
    rows = list(csv.reader(io.StringIO(csv_bytes(read_table(source)).decode("utf-8"), newline="")))
    assert len(rows) == 3 and rows[1][0].startswith("'") and rows[1][1] == "-12" and rows[2] == ["a", "-0.25"]
    assert not any(dangerous(cell) for row in rows for cell in row)


@pytest.mark.parametrize("value", FORMULAS)
def test_the_one_neutralise_function_covers_every_prefix(value: str) -> None:
    from catalogo.csvsafe import neutralise
    from catalogo.export.csvexport import neutralise as export_neutralise

    assert neutralise(value) == "'" + value and export_neutralise is neutralise


@pytest.mark.parametrize("value", NUMBERS)
def test_plain_numbers_stay_numbers(value: str) -> None:
    from catalogo.csvsafe import neutralise

    assert neutralise(value) == value
