"""CODEOWNERS generation: deterministic, reviewers on every line, maintainers per party."""

from __future__ import annotations

import shutil
from pathlib import Path

from click.testing import CliRunner

from catalogo.checks.codeowners import codeowners_text, first_difference, handle, owner_of
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
