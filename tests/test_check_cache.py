"""A dataset's checks are reused only while its folder's contents are unchanged."""

from __future__ import annotations

from pathlib import Path

from catalogo.checks.run import check_catalogue
from catalogo.load import load_catalogue

from .conftest import git

DATA = "datasets/secretaria-de-salud/casos-covid-estados/data/casos.csv"


def codes(repo: Path) -> set[tuple[str, str]]:
    return {(p.code, p.path) for p in check_catalogue(load_catalogue(repo))}


def test_uncommitted_committed_and_restored_changes_are_seen(repo_from) -> None:
    repo: Path = repo_from("valid/minimal")
    assert codes(repo) == set()
    assert list((repo / ".cache" / "catalogo" / "dataset").rglob("*.json"))
    original = (repo / DATA).read_text(encoding="utf-8")
    (repo / DATA).write_text(original + "14,Jalisco,2020-04-15,muchos,H\n", encoding="utf-8")
    assert ("data-type-error", DATA) in codes(repo)
    git(repo, "commit", "-qam", "Dato roto")
    assert ("data-type-error", DATA) in codes(repo)
    (repo / DATA).write_text(original, encoding="utf-8")
    assert codes(repo) == set()


def test_new_untracked_file_changes_the_result(repo_from) -> None:
    repo: Path = repo_from("valid/minimal")
    descriptor = repo / "datasets/secretaria-de-salud/casos-covid-estados/datapackage.yaml"
    descriptor.write_text(
        descriptor.read_text(encoding="utf-8").replace("data/casos.csv", "data/nuevo.csv"), encoding="utf-8"
    )
    assert ("resource-not-found", descriptor.relative_to(repo).as_posix()) in codes(repo)
    (repo / "datasets/secretaria-de-salud/casos-covid-estados/data/nuevo.csv").write_text(
        (repo / DATA).read_text(encoding="utf-8"), encoding="utf-8"
    )
    assert codes(repo) == set()
