"""A simulated pull request: a temporary git repository made from the minimal catalogue, with
branches as contributors would push them, validated as the pull-request workflow does
(`catalogo validate --changed-since main --author LOGIN --format github`)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from catalogo.cli.main import cli

from .conftest import ROOT, git

REVIEWERS = 'reviewers:\n  - "@datosgobmx/revisores"\n  - revisora-inai\n'
PLANTED = """\
name: camas-hospitalarias
title: Camas hospitalarias por unidad médica
description: Camas censables y no censables por unidad médica de la Secretaría de Salud.
keywords: [salud, camas]
theme: [salud]
frequency: cada-rato
contact: {name: Dirección General de Información en Salud, email: dgis@salud.gob.mx}
licenses: [{name: libre-uso-mx}]
autor: DGIS
resources:
  - name: camas
    path: data/camas.csv
    format: csv
    schema:
      fields:
        - {name: clues, type: string}
        - {name: camas, type: integer}
"""
PLANTED_CSV = "clues,camas\nASSSA000011,12\nASSSA000023,doce\nASSSA000035,7\n"


@pytest.fixture
def repo(repo_from) -> Path:
    root = repo_from("valid/minimal")
    (root / "catalogo.yaml").write_text(REVIEWERS, encoding="utf-8")
    (root / ".gitignore").write_text((ROOT / ".gitignore").read_text(encoding="utf-8"), encoding="utf-8")
    zapopan = root / "parties/municipio-de-zapopan/party.yaml"
    zapopan.write_text(zapopan.read_text(encoding="utf-8") + "maintainers: [zapopan-datos]\n", encoding="utf-8")
    assert run(root, "codeowners").exit_code == 0
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Revisores y CODEOWNERS", date="2026-01-02T12:00:00+00:00")
    git(root, "checkout", "-q", "-b", "propuesta")
    return root


def run(root: Path, *args: str):
    return CliRunner().invoke(cli, ["--repo", str(root), *args], catch_exceptions=False)


def validate_pr(root: Path, author: str, *extra: str):
    return run(
        root,
        "validate",
        "--changed-since",
        "main",
        "--author",
        author,
        "--format",
        "github",
        *extra,
    )


def commit(root: Path, message: str = "Cambio") -> None:
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", message, date="2026-01-03T12:00:00+00:00")


def write(root: Path, rel: str, text: str) -> None:
    target = root / rel
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")


def edit(root: Path, rel: str, old: str, new: str) -> None:
    text = (root / rel).read_text(encoding="utf-8")
    assert old in text
    (root / rel).write_text(text.replace(old, new), encoding="utf-8")


ANNOTATION = re.compile(r"^::(error|warning) file=([^,]+)(?:,line=(\d+))?(?:,col=\d+)?,title=([a-z0-9-]+)::")


def annotations(output: str) -> set[tuple[str, str, int | None, str]]:
    found = set()
    for row in output.splitlines():
        if m := ANNOTATION.match(row):
            found.add((m[1], m[2], int(m[3]) if m[3] else None, m[4]))
    return found


def test_planted_errors_are_annotated_at_their_file_and_line(repo: Path) -> None:
    folder = "datasets/secretaria-de-salud/camas-hospitalarias"
    write(repo, f"{folder}/datapackage.yaml", PLANTED)
    write(repo, f"{folder}/data/camas.csv", PLANTED_CSV)
    commit(repo, "Agrega camas hospitalarias")
    result = validate_pr(repo, "ssa-datos")
    assert result.exit_code == 1
    found = annotations(result.output)
    assert ("error", f"{folder}/datapackage.yaml", 6, "invalid-value") in found
    assert ("error", f"{folder}/datapackage.yaml", 9, "unknown-property") in found
    assert ("error", f"{folder}/data/camas.csv", 3, "data-type-error") in found
    assert not any(code == "not-a-maintainer" for *_, code in found)


def test_touching_another_partys_files_is_reported_on_each_file(repo: Path) -> None:
    descriptor = "datasets/secretaria-de-salud/casos-covid-estados/datapackage.yaml"
    edit(
        repo,
        descriptor,
        "keywords: [covid-19, salud]",
        "keywords: [covid-19, salud, epidemiologia]",
    )
    edit(
        repo,
        "parties/municipio-de-zapopan/party.yaml",
        "name: Municipio de Zapopan",
        "name: Municipio de Zapopan, Jalisco",
    )
    commit(repo)
    result = validate_pr(repo, "zapopan-datos")
    assert result.exit_code == 1
    assert annotations(result.output) == {("error", descriptor, None, "not-a-maintainer")}


def test_a_reviewer_may_change_any_party(repo: Path) -> None:
    edit(
        repo,
        "datasets/secretaria-de-salud/casos-covid-estados/datapackage.yaml",
        "keywords: [covid-19, salud]",
        "keywords: [covid-19, salud, epidemiologia]",
    )
    write(
        repo,
        "best-practices/tools/otra.yaml",
        (repo / "best-practices/tools/frictionless-py.yaml")
        .read_text(encoding="utf-8")
        .replace("id: frictionless-py", "id: otra"),
    )
    commit(repo)
    assert validate_pr(repo, "revisora-inai").exit_code == 0
    assert validate_pr(repo, "@Revisora-INAI").exit_code == 0  # handles compare as GitHub does


def test_an_author_cannot_grant_themselves_another_partys_files(repo: Path) -> None:
    party = "parties/secretaria-de-salud/party.yaml"
    edit(repo, party, "  - ssa-datos", "  - ssa-datos\n  - zapopan-datos")
    assert run(repo, "codeowners").exit_code == 0
    commit(repo)
    found = annotations(validate_pr(repo, "zapopan-datos").output)
    assert ("error", party, None, "not-a-maintainer") in found
    assert ("error", ".github/CODEOWNERS", None, "not-a-maintainer") in found


def test_reviewers_only_files_and_stories(repo: Path) -> None:
    write(repo, ".github/workflows/otro.yml", "on: push\n")
    edit(repo, "best-practices/stories/mapa-covid.yaml", "featured: true", "featured: false")
    commit(repo)
    found = annotations(validate_pr(repo, "ssa-datos").output)
    assert {(path, code) for _, path, _, code in found} == {
        (".github/workflows/otro.yml", "not-a-maintainer"),
        ("best-practices/stories/mapa-covid.yaml", "not-a-maintainer"),
    }


def test_a_clean_branch_passes(repo: Path, tmp_path: Path) -> None:
    edit(
        repo,
        "datasets/secretaria-de-salud/casos-covid-estados/datapackage.yaml",
        "keywords: [covid-19, salud]",
        "keywords: [covid-19, salud, epidemiologia]",
    )
    commit(repo)
    summary = tmp_path / "resumen.md"
    result = validate_pr(repo, "ssa-datos", "--summary", str(summary))
    assert result.exit_code == 0, result.output
    assert result.output.strip() == ""
    assert summary.read_text(encoding="utf-8").startswith("## ✅")


def test_new_maintainers_need_a_fresh_codeowners(repo: Path) -> None:
    edit(
        repo,
        "parties/secretaria-de-salud/party.yaml",
        "  - ssa-datos",
        "  - ssa-datos\n  - ssa-estadistica",
    )
    commit(repo)
    result = validate_pr(repo, "ssa-datos")
    line = next(
        i
        for i, row in enumerate((repo / ".github/CODEOWNERS").read_text().splitlines(), 1)
        if row.startswith("/parties/secretaria-de-salud/")
    )
    assert ("error", ".github/CODEOWNERS", line, "codeowners-out-of-date") in annotations(result.output)
    assert "@ssa-estadistica" in result.output  # the message shows the line as it should read
    assert run(repo, "codeowners", "--check").exit_code == 1
    assert run(repo, "codeowners").exit_code == 0
    commit(repo)
    found = annotations(validate_pr(repo, "ssa-datos").output)
    assert (
        "error",
        ".github/CODEOWNERS",
        None,
        "not-a-maintainer",
    ) in found  # the file is the reviewers'
    assert validate_pr(repo, "revisora-inai").exit_code == 0


def test_registering_a_new_party(repo: Path) -> None:
    write(
        repo,
        "parties/municipio-de-tonala/party.yaml",
        "id: municipio-de-tonala\nname: Municipio de Tonalá\nlevel: municipal\npower: ejecutivo\n"
        'state: "14"\nmunicipality: "14101"\nmaintainers: [tonala-datos]\n',
    )
    commit(repo)
    found = annotations(validate_pr(repo, "tonala-datos").output)
    assert [code for *_, code in found] == ["codeowners-out-of-date"]
    found = annotations(validate_pr(repo, "alguien-mas").output)
    assert ("error", "parties/municipio-de-tonala/party.yaml", None, "not-a-maintainer") in found


def test_usage_errors_exit_2(repo: Path) -> None:
    assert run(repo, "validate", "--author", "ssa-datos").exit_code == 2
    result = run(repo, "validate", "--changed-since", "no-existe", "--author", "ssa-datos")
    assert result.exit_code == 2
    assert "Traceback" not in result.output


# --- reviewers scoped by state and level of government ------------------------------------------

SCOPED_REVIEWERS = """\
reviewers:
  - "@datosgobmx/revisores"
  - team: "@ogl-jalisco/revisores"
    state: "14"
    levels: [estatal, municipal]
  - team: revisora-jalisco
    state: "14"
    levels: [municipal]
"""


@pytest.fixture
def scoped(repo: Path) -> Path:
    """main with a Jalisco reviewer of municipal parties, listed by handle (so she can author)."""
    git(repo, "checkout", "-q", "main")
    (repo / "catalogo.yaml").write_text(SCOPED_REVIEWERS, encoding="utf-8")
    assert run(repo, "codeowners").exit_code == 0
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "Revisores por entidad", date="2026-01-02T13:00:00+00:00")
    git(repo, "checkout", "-q", "-B", "propuesta")
    return repo


def codeowners_rules(root: Path) -> list[str]:
    text = (root / ".github/CODEOWNERS").read_text(encoding="utf-8")
    return [line for line in text.splitlines() if line and not line.startswith("#")]


def test_scoped_reviewers_in_codeowners(scoped: Path) -> None:
    rules = codeowners_rules(scoped)
    assert rules[0] == "* @datosgobmx/revisores"
    zapopan = "@zapopan-datos @datosgobmx/revisores @ogl-jalisco/revisores @revisora-jalisco"
    assert f"/parties/municipio-de-zapopan/ {zapopan}" in rules
    assert f"/datasets/municipio-de-zapopan/ {zapopan}" in rules
    assert "/parties/secretaria-de-salud/ @ssa-datos @datosgobmx/revisores" in rules  # federal: out of scope


def test_a_scoped_reviewer_may_change_the_parties_she_reviews(scoped: Path) -> None:
    edit(scoped, "parties/municipio-de-zapopan/party.yaml", "name: Municipio de Zapopan", "name: Zapopan")
    commit(scoped)
    result = validate_pr(scoped, "revisora-jalisco")
    assert result.exit_code == 0, result.output


def test_a_scoped_reviewer_may_not_change_anything_else(scoped: Path) -> None:
    descriptor = "datasets/secretaria-de-salud/casos-covid-estados/datapackage.yaml"
    edit(scoped, descriptor, "keywords: [covid-19, salud]", "keywords: [covid-19, salud, epidemiologia]")
    edit(scoped, "best-practices/stories/mapa-covid.yaml", "featured: true", "featured: false")
    commit(scoped)
    found = {(path, code) for _, path, _, code in annotations(validate_pr(scoped, "revisora-jalisco").output)}
    assert found == {
        (descriptor, "not-a-maintainer"),  # a federal party
        ("best-practices/stories/mapa-covid.yaml", "not-a-maintainer"),  # national reviewers only
    }


def test_a_party_cannot_be_moved_into_a_reviewers_scope(scoped: Path) -> None:
    """The party's state and level come from the base of the change, as its maintainers do."""
    party = "parties/secretaria-de-salud/party.yaml"
    edit(scoped, party, "level: federal", 'level: municipal\nstate: "14"\nmunicipality: "14120"')
    commit(scoped)
    found = annotations(validate_pr(scoped, "revisora-jalisco").output)
    assert ("error", party, None, "not-a-maintainer") in found


def test_a_scoped_reviewer_may_register_a_party_in_her_scope(scoped: Path) -> None:
    write(
        scoped,
        "parties/municipio-de-tonala/party.yaml",
        "id: municipio-de-tonala\nname: Municipio de Tonalá\nlevel: municipal\npower: ejecutivo\n"
        'state: "14"\nmunicipality: "14101"\n',
    )
    assert run(scoped, "codeowners").exit_code == 0  # the new party's lines name the Jalisco reviewers
    assert any(line.startswith("/parties/municipio-de-tonala/ ") for line in codeowners_rules(scoped))
    commit(scoped)
    found = {(path, code) for _, path, _, code in annotations(validate_pr(scoped, "revisora-jalisco").output)}
    assert ("parties/municipio-de-tonala/party.yaml", "not-a-maintainer") not in found
    assert (".github/CODEOWNERS", "not-a-maintainer") in found  # the file is the national reviewers'
