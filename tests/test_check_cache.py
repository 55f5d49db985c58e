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


PARTY = "parties/secretaria-de-salud/party.yaml"


def test_a_party_file_is_checked_again_only_when_its_bytes_change(repo_from, monkeypatch) -> None:
    from catalogo.checks import run

    repo: Path = repo_from("valid/minimal")
    checked: list[str] = []
    real = run._check_file

    def counting(catalogue, rel, kind):
        checked.append(rel)
        return real(catalogue, rel, kind)

    monkeypatch.setattr(run, "_check_file", counting)
    assert codes(repo) == set() and PARTY in checked
    checked.clear()
    assert codes(repo) == set() and checked == []  # every file's own checks came from the cache
    party = repo / PARTY
    party.write_text(party.read_text(encoding="utf-8") + "website: no es una dirección\n", encoding="utf-8")
    found = codes(repo)
    assert checked == [PARTY]
    assert any(path == PARTY for _, path in found)
    git(repo, "commit", "-qam", "Sitio roto")
    assert codes(repo) == found
    checked.clear()
    assert codes(repo) == found and checked == []
