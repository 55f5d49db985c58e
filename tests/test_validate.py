"""The validator against fixture catalogues: valid ones give no error; each invalid one gives
exactly the problems its expected.yaml lists, at the right file and line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from catalogo.checks.run import check_catalogue
from catalogo.cli.main import cli
from catalogo.load import load_catalogue

from .conftest import FIXTURES, ROOT

VALID = sorted(p.name for p in (FIXTURES / "valid").iterdir() if p.is_dir())
INVALID = sorted(p.name for p in (FIXTURES / "invalid").iterdir() if p.is_dir())


def expected(case: str) -> list[tuple[str, str, int | None]]:
    data = yaml.safe_load((FIXTURES / "invalid" / case / "expected.yaml").read_text(encoding="utf-8"))
    return [(p["code"], p["path"], p["line"]) for p in data["problems"]]


@pytest.mark.parametrize("case", VALID)
def test_valid_fixture_has_no_errors(case: str) -> None:
    problems = check_catalogue(load_catalogue(FIXTURES / "valid" / case))
    assert [p for p in problems if p.severity == "error"] == []


@pytest.mark.parametrize("case", INVALID)
def test_invalid_fixture_reports_its_planted_problems(case: str) -> None:
    problems = check_catalogue(load_catalogue(FIXTURES / "invalid" / case))
    found = {(p.code, p.path, p.line) for p in problems}
    missing = [e for e in expected(case) if e not in found]
    assert missing == [], f"found instead: {sorted(found, key=str)}"
    unexpected = {(p.code, p.path) for p in problems if p.severity == "error"} - {(c, p) for c, p, _ in expected(case)}
    assert unexpected == set()


@pytest.mark.parametrize("case", INVALID)
def test_every_format_reports_every_planted_problem(case: str) -> None:
    runner = CliRunner()
    repo = str(FIXTURES / "invalid" / case)
    outputs = {
        fmt: runner.invoke(cli, ["--repo", repo, "validate", "--format", fmt])
        for fmt in ("json", "github", "markdown", "text")
    }
    for result in outputs.values():
        assert result.exit_code == 1, result.output
        assert "Traceback" not in result.output
    problems = json.loads(outputs["json"].output)["problems"]
    for code, path, line in expected(case):
        assert any(p["code"] == code and p["path"] == path and p["line"] == line for p in problems)
        gh = f"file={path.replace(':', '%3A').replace(',', '%2C')}" + (f",line={line}," if line else ",")
        assert any(gh in row and f"title={code}::" in row for row in outputs["github"].output.splitlines())
        assert any(
            f"`{code}`" in row and (f"| línea {line} |" if line else "| — |") in row
            for row in outputs["markdown"].output.splitlines()
        )
        assert path in outputs["text"].output and code in outputs["text"].output


def test_json_shape_is_pinned() -> None:
    result = CliRunner().invoke(
        cli, ["--repo", str(FIXTURES / "invalid" / "yaml-syntax"), "validate", "--format", "json"]
    )
    payload = json.loads(result.output)
    assert set(payload) == {"valid", "counts", "problems"}
    assert payload["valid"] is False
    assert payload["counts"] == {"error": 1, "warning": 0}
    assert set(payload["problems"][0]) == {"code", "severity", "path", "line", "column", "pointer", "message"}
    assert payload["problems"][0]["column"] == 8


def test_messages_in_english_on_request() -> None:
    repo = str(FIXTURES / "invalid" / "unknown-property")
    es = json.loads(CliRunner().invoke(cli, ["--repo", repo, "validate", "--format", "json"]).output)
    en = json.loads(CliRunner().invoke(cli, ["--repo", repo, "validate", "--format", "json", "--lang", "en"]).output)
    assert es["problems"][0]["code"] == en["problems"][0]["code"] == "unknown-property"
    assert es["problems"][0]["message"] != en["problems"][0]["message"]
    assert es["problems"][0]["message"].count("acronym") == 1  # the "did you mean" suggestion


def test_shipped_catalogue_is_valid() -> None:
    result = CliRunner().invoke(cli, ["--repo", str(ROOT), "validate", "--format", "json"])
    payload = json.loads(result.output)
    assert [p for p in payload["problems"] if p["severity"] == "error"] == []
    assert result.exit_code == 0


def test_exit_code_2_when_not_a_catalogue(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["--repo", str(tmp_path), "validate"])
    assert result.exit_code == 2
    assert len(result.output.strip().splitlines()) == 1


def test_exit_code_2_on_bad_flag() -> None:
    assert CliRunner().invoke(cli, ["validate", "--format", "xml"]).exit_code == 2


def test_symlink_out_of_the_dataset_is_refused(tmp_path: Path) -> None:
    import shutil

    repo = tmp_path / "c"
    shutil.copytree(FIXTURES / "valid" / "minimal", repo)
    (tmp_path / "secreto.csv").write_text("a\n1\n", encoding="utf-8")
    data = repo / "datasets/secretaria-de-salud/casos-covid-estados/data"
    (data / "casos.csv").unlink()
    (data / "casos.csv").symlink_to(tmp_path / "secreto.csv")
    problems = check_catalogue(load_catalogue(repo))
    assert ("resource-path-outside", "datasets/secretaria-de-salud/casos-covid-estados/datapackage.yaml", 25) in {
        (p.code, p.path, p.line) for p in problems
    }


def test_ids_colliding_without_case_or_accents(tmp_path: Path) -> None:
    import shutil

    repo = tmp_path / "c"
    shutil.copytree(FIXTURES / "valid" / "minimal", repo)
    twin = repo / "parties" / "Secretaria-De-Salud"
    twin.mkdir()
    (twin / "party.yaml").write_text(
        (repo / "parties/secretaria-de-salud/party.yaml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    codes = {(p.code, p.path) for p in check_catalogue(load_catalogue(repo))}
    assert ("duplicate-id", "parties/secretaria-de-salud/party.yaml") in codes or (
        "duplicate-id",
        "parties/Secretaria-De-Salud/party.yaml",
    ) in codes
    assert ("invalid-id", "parties/Secretaria-De-Salud/party.yaml") in codes


def test_rule_changes_revalidate_everything(repo_from) -> None:
    from .conftest import git

    repo = repo_from("valid/minimal")
    (repo / "parties" / "ya-roto").mkdir()
    (repo / "parties/ya-roto/party.yaml").write_text("id: ya-roto\nname: Roto\nlevel: federal\n", encoding="utf-8")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "Sujeto incompleto")
    git(repo, "checkout", "-qb", "cambio")
    (repo / "catalogo.yaml").write_text("reviewers: []\n", encoding="utf-8")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "Configuración")
    result = CliRunner().invoke(cli, ["--repo", str(repo), "validate", "--changed-since", "main", "--format", "json"])
    assert "parties/ya-roto/party.yaml" in {p["path"] for p in json.loads(result.output)["problems"]}


def test_broken_configuration_is_an_environment_error(tmp_path: Path) -> None:
    import shutil

    repo = tmp_path / "c"
    shutil.copytree(FIXTURES / "valid" / "minimal", repo)
    (repo / "catalogo.yaml").write_text("site: hola\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["--repo", str(repo), "validate"])
    assert result.exit_code == 2 and "Traceback" not in result.output


def test_impossible_temporal_dates_and_wrong_spatial_types(tmp_path: Path) -> None:
    import shutil

    repo = tmp_path / "c"
    shutil.copytree(FIXTURES / "valid" / "minimal", repo)
    descriptor = repo / "datasets/secretaria-de-salud/casos-covid-estados/datapackage.yaml"
    text = descriptor.read_text(encoding="utf-8").replace(
        "temporal: {start: 2020-04-15, end: 2020-04-15}", "temporal: {start: 2020-13-01}"
    )
    descriptor.write_text(
        text.replace('spatial: {scope: nacional, states: ["01", "02", "09"]}', "spatial: {scope: nacional, states: 5}"),
        encoding="utf-8",
    )
    found = {(p.code, p.line) for p in check_catalogue(load_catalogue(repo))}
    assert ("invalid-format", 10) in found and ("wrong-type", 11) in found


def test_a_failing_check_is_reported_on_its_file(monkeypatch, tmp_path) -> None:
    from catalogo.checks import run as check_module

    def broken(doc, kind):
        raise TypeError("boom")

    monkeypatch.setenv("CATALOGO_CACHE", str(tmp_path))  # an empty cache: the checks run
    monkeypatch.setattr(check_module, "check_document", broken)
    problems = check_catalogue(load_catalogue(FIXTURES / "valid" / "minimal"), data=False)
    assert ("internal-error", "parties/secretaria-de-salud/party.yaml") in {(p.code, p.path) for p in problems}
