"""`validate --changed-since REF` in a real git repository: only what the change touched, plus the
references into and out of it."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from catalogo.cli.main import cli

from .conftest import git


def validate(repo: Path, *args: str) -> tuple[int, list[dict]]:
    result = CliRunner().invoke(cli, ["--repo", str(repo), "validate", "--format", "json", *args])
    assert "Traceback" not in result.output
    return result.exit_code, json.loads(result.output)["problems"] if result.output.startswith("{") else []


def broken_party(repo: Path, party: str) -> None:
    folder = repo / "parties" / party
    folder.mkdir(parents=True)
    (folder / "party.yaml").write_text(f"id: {party}\nname: Roto\nlevel: federal\n", encoding="utf-8")


def test_unchanged_catalogue_is_valid_and_untouched_errors_are_ignored(repo_from) -> None:
    repo = repo_from("valid/minimal")
    broken_party(repo, "ya-roto")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "Sujeto con errores antiguos")
    git(repo, "checkout", "-qb", "cambio")
    (repo / "parties/municipio-de-zapopan/party.yaml").write_text(
        (repo / "parties/municipio-de-zapopan/party.yaml").read_text(encoding="utf-8") + "acronym: ZAP\n",
        encoding="utf-8",
    )
    git(repo, "commit", "-qam", "Siglas de Zapopan")
    code, problems = validate(repo, "--changed-since", "main")
    assert code == 0
    assert problems == []
    code, problems = validate(repo)
    assert code == 1
    assert {p["path"] for p in problems} == {"parties/ya-roto/party.yaml"}


def test_changed_file_is_checked_with_its_lines(repo_from) -> None:
    repo = repo_from("valid/minimal")
    git(repo, "checkout", "-qb", "cambio")
    broken_party(repo, "nuevo")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "Nuevo sujeto")
    code, problems = validate(repo, "--changed-since", "main")
    assert code == 1
    assert ("missing-property", "parties/nuevo/party.yaml", 1) in {(p["code"], p["path"], p["line"]) for p in problems}


def test_uncommitted_and_untracked_changes_count(repo_from) -> None:
    repo = repo_from("valid/minimal")
    broken_party(repo, "sin-commit")
    code, problems = validate(repo, "--changed-since", "HEAD")
    assert code == 1
    assert {p["path"] for p in problems} == {"parties/sin-commit/party.yaml"}


def test_removing_a_dataset_checks_the_stories_that_use_it(repo_from) -> None:
    repo = repo_from("valid/minimal")
    git(repo, "checkout", "-qb", "cambio")
    git(repo, "rm", "-rq", "datasets/secretaria-de-salud/casos-covid-estados")
    git(repo, "commit", "-qm", "Retira conjunto")
    code, problems = validate(repo, "--changed-since", "main")
    found = {(p["code"], p["path"]) for p in problems}
    assert ("unknown-dataset", "best-practices/stories/mapa-covid.yaml") in found
    assert ("unknown-dataset", "best-practices/tools/frictionless-py.yaml") in found
    assert ("published-item-without-dataset", "parties/secretaria-de-salud/inventory.yaml") in found
    assert code == 1


def test_removing_a_party_checks_its_datasets(repo_from) -> None:
    repo = repo_from("valid/minimal")
    git(repo, "checkout", "-qb", "cambio")
    git(repo, "rm", "-rq", "parties/secretaria-de-salud")
    git(repo, "commit", "-qm", "Retira sujeto")
    code, problems = validate(repo, "--changed-since", "main")
    assert ("unknown-party", "datasets/secretaria-de-salud/casos-covid-estados/datapackage.yaml") in {
        (p["code"], p["path"]) for p in problems
    }


def test_bad_reference_is_an_environment_error(repo_from) -> None:
    repo = repo_from("valid/minimal")
    result = CliRunner().invoke(cli, ["--repo", str(repo), "validate", "--changed-since", "no-existe"])
    assert result.exit_code == 2
    assert "no-existe" in result.output


def test_paths_restrict_validation(repo_from) -> None:
    repo = repo_from("valid/minimal")
    broken_party(repo, "otro-roto")
    result = CliRunner().invoke(
        cli, ["--repo", str(repo), "validate", "--format", "json", str(repo / "parties" / "secretaria-de-salud")]
    )
    assert result.exit_code == 0, result.output
