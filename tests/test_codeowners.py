"""CODEOWNERS generation: deterministic, reviewers on every line, maintainers per party."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import yaml
from click.testing import CliRunner

from catalogo.checks.codeowners import codeowners_text, first_difference, handle, owner_of
from catalogo.checks.reviewers import read_reviewers
from catalogo.cli.main import cli
from catalogo.load import load_catalogue

from .conftest import FIXTURES, ROOT


def test_text_is_deterministic_with_reviewers_everywhere(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    shutil.copytree(FIXTURES / "valid" / "minimal", root)
    reviewers = ["@datosgobmx/revisores", "revisora-inai", "revisora-inai", "no válido"]
    text = codeowners_text(load_catalogue(root), reviewers)
    assert text == codeowners_text(load_catalogue(root), reviewers)
    rules = [line for line in text.splitlines() if line and not line.startswith("#")]
    assert rules == [
        "* @datosgobmx/revisores @revisora-inai",
        "/parties/secretaria-de-salud/ @ssa-datos @datosgobmx/revisores @revisora-inai",
        "/datasets/secretaria-de-salud/ @ssa-datos @datosgobmx/revisores @revisora-inai",
    ]  # municipio-de-zapopan has no maintainers: the reviewers' line covers it


def test_handles_and_owners() -> None:
    assert handle("ssa-datos") == handle("@ssa-datos") == "@ssa-datos"
    assert handle("org/equipo") == "@org/equipo"
    assert handle("con espacio") is None and handle("-guion") is None
    assert owner_of("datasets/inegi/censo/data/a.csv").party == "inegi"
    assert owner_of("parties/inegi/party.yaml").party == "inegi"
    assert owner_of("best-practices/stories/x.yaml").party is None
    assert owner_of(".github/workflows/validate.yml").party is None
    assert owner_of("parties/README.md").party is None


def test_first_difference() -> None:
    assert first_difference("a\nb\n", "a\nb\n") is None
    assert first_difference("a\nx\n", "a\nb\n") == (2, "b")
    assert first_difference("a\n", "a\nb\n") == (2, "b")
    assert first_difference("a\nb\n", "a\n") == (2, "")


def test_command_writes_then_checks(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    shutil.copytree(FIXTURES / "valid" / "minimal", root)
    run = CliRunner().invoke
    assert run(cli, ["--repo", str(root), "codeowners", "--check"]).exit_code == 1
    assert run(cli, ["--repo", str(root), "codeowners"]).exit_code == 0
    assert run(cli, ["--repo", str(root), "codeowners", "--check"]).exit_code == 0
    written = (root / ".github/CODEOWNERS").read_bytes()
    assert run(cli, ["--repo", str(root), "codeowners"]).exit_code == 0
    assert (root / ".github/CODEOWNERS").read_bytes() == written


def test_shipped_codeowners_is_current() -> None:
    result = CliRunner().invoke(cli, ["--repo", str(ROOT), "codeowners", "--check"])
    assert result.exit_code == 0, result.output


SCOPED = [
    "@datosgobmx/revisores",
    {"team": "@ogl-jalisco/revisores", "state": "14", "levels": ["estatal", "municipal"]},
    {"team": "@inai/federales", "levels": ["federal"]},
    {"team": "revisora-sonora", "state": 26},  # a number is read as the two-digit code
]


def scoped_catalogue(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    shutil.copytree(FIXTURES / "valid" / "minimal", root)
    for party_id, state, maintainers in (
        ("gobierno-de-jalisco", "14", []),
        ("gobierno-de-sonora", "26", ["sonora-datos"]),
    ):
        folder = root / "parties" / party_id
        folder.mkdir()
        (folder / "party.yaml").write_text(
            yaml.safe_dump(
                {"id": party_id, "name": party_id, "level": "estatal", "power": "ejecutivo", "state": state}
                | ({"maintainers": maintainers} if maintainers else {})
            ),
            encoding="utf-8",
        )
    return root


def test_scoped_reviewers_own_the_parties_of_their_state_and_levels(tmp_path: Path) -> None:
    text = codeowners_text(load_catalogue(scoped_catalogue(tmp_path)), SCOPED)
    rules = [line for line in text.splitlines() if line and not line.startswith("#")]
    assert rules == [
        "* @datosgobmx/revisores",  # scoped reviewers own nothing outside their parties
        "/parties/gobierno-de-jalisco/ @datosgobmx/revisores @ogl-jalisco/revisores",
        "/datasets/gobierno-de-jalisco/ @datosgobmx/revisores @ogl-jalisco/revisores",
        "/parties/gobierno-de-sonora/ @sonora-datos @datosgobmx/revisores @revisora-sonora",
        "/datasets/gobierno-de-sonora/ @sonora-datos @datosgobmx/revisores @revisora-sonora",
        "/parties/municipio-de-zapopan/ @datosgobmx/revisores @ogl-jalisco/revisores",
        "/datasets/municipio-de-zapopan/ @datosgobmx/revisores @ogl-jalisco/revisores",
        "/parties/secretaria-de-salud/ @ssa-datos @datosgobmx/revisores @inai/federales",
        "/datasets/secretaria-de-salud/ @ssa-datos @datosgobmx/revisores @inai/federales",
    ]


BAD_REVIEWERS = """\
reviewers:
  - "@datosgobmx/revisores"
  - "no válido"
  - team: "@ogl-jalisco/revisores"
    state: "99"
  - team: "@ogl-jalisco/revisores"
    levels: [estatal, provincial]
  - team: "@ogl-jalisco/revisores"
    estado: "14"
  - team: "@inai/federales"
    state: "09"
    levels: [federal]
  - {state: "14"}
"""


def test_a_badly_declared_reviewer_is_a_problem_at_its_line(tmp_path: Path) -> None:
    root = scoped_catalogue(tmp_path)
    (root / "catalogo.yaml").write_text(BAD_REVIEWERS, encoding="utf-8")
    reviewers, problems = read_reviewers(root)
    assert [r.handle for r in reviewers] == ["@datosgobmx/revisores"]
    assert sorted((p.code, p.path, p.line) for p in problems) == [
        ("invalid-reviewer", "catalogo.yaml", line) for line in (3, 5, 7, 8, 9, 12, 13)
    ]  # 8 and 9: the entry has no scope, and the key it has instead is unknown
    run = CliRunner().invoke
    result = run(cli, ["--repo", str(root), "codeowners"])
    assert result.exit_code == 2 and "catalogo.yaml:3:" in result.output
    assert not (root / ".github/CODEOWNERS").exists()
    result = run(cli, ["--repo", str(root), "validate", "--no-data", "--format", "json"])
    found = {(p["code"], p["line"]) for p in json.loads(result.output)["problems"]}
    assert {("invalid-reviewer", line) for line in (3, 5, 7, 8, 9, 12, 13)} <= found
