"""What keeps validation flat at national scale gives the same answers: worker processes replaced
in batches, the cache folder chosen by CATALOGO_CACHE, git asked only about the folders checked,
untracked files looked for only where they can matter."""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import pytest

from catalogo.checks import run as check
from catalogo.checks.run import Scope, check_catalogue, dataset_problems
from catalogo.core.digests import FileDigests
from catalogo.gitdata.changes import changed_files
from catalogo.load import load_catalogue

from .conftest import git

DATASET = "datasets/secretaria-de-salud/casos-covid-estados"


def many_datasets(repo: Path, count: int) -> None:
    """`count` copies of the fixture's dataset, one of them with a row that breaks its schema."""
    source = repo / DATASET
    for i in range(count):
        target = source.parent / f"copia-{i}"
        shutil.copytree(source, target)
        descriptor = target / "datapackage.yaml"
        descriptor.write_text(
            descriptor.read_text(encoding="utf-8").replace("casos-covid-estados", f"copia-{i}"), encoding="utf-8"
        )
    table = source.parent / "copia-3" / "data" / "casos.csv"
    table.write_text(table.read_text(encoding="utf-8") + "14,Jalisco,2020-04-15,muchos,H\n", encoding="utf-8")


def found(problems) -> set[tuple[str, str, int | None]]:
    return {(p.code, p.path, p.line) for p in problems}


def test_workers_replaced_in_batches_find_what_one_process_finds(repo_from, tmp_path: Path, monkeypatch) -> None:
    repo = repo_from("valid/minimal")
    many_datasets(repo, 2 * check.PARALLEL_FROM)
    datasets = list(load_catalogue(repo).datasets.values())
    monkeypatch.setenv("CATALOGO_CACHE", str(tmp_path / "serial"))
    serial = dataset_problems(repo, datasets, workers=1)
    monkeypatch.setenv("CATALOGO_CACHE", str(tmp_path / "batches"))
    monkeypatch.setattr(check, "RECYCLE_AFTER", 3)  # batches of 6 datasets: three pools of fresh workers
    batched = dataset_problems(repo, datasets, workers=2)
    assert ("data-type-error", f"{DATASET.rsplit('/', 1)[0]}/copia-3/data/casos.csv", 5) in found(serial)
    assert found(batched) == found(serial)
    assert len(batched) == len(serial)


def test_scope_covers_what_its_folders_and_files_name() -> None:
    rng = random.Random(5)
    parts = ["datasets", "parties", "a", "a-b", "ab", "b", ""]
    paths = {"/".join(rng.choice(parts) for _ in range(rng.randint(1, 5))) for _ in range(3000)}
    for size in (0, 1, 3, 40):
        scope = Scope(files=set(rng.sample(sorted(paths), 5)), folders=set(rng.sample(sorted(paths), size)))
        expected = {p for p in paths if p in scope.files or any(p == f or p.startswith(f + "/") for f in scope.folders)}
        assert {p for p in paths if scope.covers(p)} == expected
        assert scope.covered(iter(paths)) == expected


def test_cache_folder_from_the_environment(repo_from, tmp_path: Path, monkeypatch) -> None:
    repo = repo_from("valid/minimal")
    shutil.rmtree(repo / ".cache", ignore_errors=True)  # left in the fixture by a run in place
    elsewhere = tmp_path / "cache-elsewhere"
    monkeypatch.setenv("CATALOGO_CACHE", str(elsewhere))
    assert check_catalogue(load_catalogue(repo)) == []
    assert list((elsewhere / "dataset").rglob("*.json"))
    assert not (repo / ".cache").exists()


def test_digests_of_some_folders_take_their_names_literally(repo_from) -> None:
    repo = repo_from("valid/minimal")
    party = repo / DATASET.rsplit("/", 1)[0]
    shutil.copytree(repo / DATASET, party / "casos-[a-z]*")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "Carpeta con comodines")
    whole = FileDigests(repo)
    some = FileDigests(repo, [f"{party.relative_to(repo).as_posix()}/casos-[a-z]*"])
    assert some.known and all("/casos-[a-z]*/" in path for path in some.known)
    assert {path: whole.known[path] for path in some.known} == some.known
    folder = DATASET
    assert FileDigests(repo, [folder]).folder(folder) == whole.folder(folder)
    (repo / DATASET / "data" / "casos.csv").write_text("cambiado\n", encoding="utf-8")
    assert FileDigests(repo, [folder]).folder(folder) == FileDigests(repo).folder(folder)
    assert dict(FileDigests(repo, [folder]).folder(folder))[f"{DATASET}/data/casos.csv"].startswith("sha256:")


@pytest.mark.parametrize(
    ("untracked", "counted"),
    [
        ("parties/nuevo/party.yaml", True),
        (f"{DATASET}/data/nuevo.csv", True),
        ("best-practices/tools/nueva.yaml", True),
        ("catalogo.yaml.orig", False),
        ("notas/borrador.txt", False),
    ],
)
def test_untracked_files_count_where_they_can_matter(repo_from, untracked: str, counted: bool) -> None:
    repo = repo_from("valid/minimal")
    (repo / DATASET / "datapackage.yaml").write_text(
        (repo / DATASET / "datapackage.yaml").read_text(encoding="utf-8") + "\n", encoding="utf-8"
    )
    target = repo / untracked
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text("x\n", encoding="utf-8")
    changed = changed_files(repo, "HEAD")
    assert f"{DATASET}/datapackage.yaml" in changed
    assert (untracked in changed) is counted
