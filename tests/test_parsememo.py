"""A build parses only the YAML files whose bytes changed: the others come back from the parse memo
(core/parsememo.py), equal to what parsing gives, and only from entries that verify."""

from __future__ import annotations

from pathlib import Path

import pytest

from catalogo.core import yamlio
from catalogo.core.cache import cache_dir
from catalogo.core.model import Files
from catalogo.core.parsememo import FOLDER, ParsedMemo

DESCRIPTOR = "datasets/secretaria-de-salud/casos-covid-estados/datapackage.yaml"


def read_all(repo: Path, rels: list[str]) -> dict[str, object]:
    files = Files(repo)
    memo = ParsedMemo(repo)
    files.forget_marks(memo)
    found = {rel: files.document(rel).data for rel in rels}  # type: ignore[union-attr]
    memo.save(prune=True)
    return found


@pytest.fixture
def repo(repo_from) -> Path:
    return repo_from("valid/minimal")


def yaml_files(repo: Path) -> list[str]:
    return sorted(p.relative_to(repo).as_posix() for p in repo.rglob("*.yaml") if ".cache" not in p.parts)


def test_unchanged_files_are_not_parsed_again(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    rels = yaml_files(repo)
    first = read_all(repo, rels)
    assert first == {rel: yamlio.parse_yaml((repo / rel).read_text(encoding="utf-8"), rel)[0].data for rel in rels}
    parsed: list[str] = []
    real = yamlio.parse_yaml

    def counting(text: str, rel: str, marks: bool = True):
        parsed.append(rel)
        return real(text, rel, marks)

    monkeypatch.setattr(yamlio, "parse_yaml", counting)
    assert read_all(repo, rels) == first and parsed == []
    path = repo / DESCRIPTOR
    path.write_text(path.read_text(encoding="utf-8").replace("title: ", "title: Nuevo ", 1), encoding="utf-8")
    again = read_all(repo, rels)
    assert parsed == [DESCRIPTOR]
    assert again[DESCRIPTOR]["title"].startswith("Nuevo ")  # type: ignore[index]


def test_a_value_read_back_is_a_fresh_copy(repo: Path) -> None:
    read_all(repo, [DESCRIPTOR])
    files = Files(repo)
    files.forget_marks(ParsedMemo(repo))
    first = files.document(DESCRIPTOR).data  # type: ignore[union-attr]
    first["title"] = "cambiado"
    other = Files(repo)
    other.forget_marks(ParsedMemo(repo))
    assert other.document(DESCRIPTOR).data["title"] != "cambiado"  # type: ignore[union-attr]


def test_a_file_with_problems_is_not_kept(repo: Path) -> None:
    path = repo / DESCRIPTOR
    path.write_text(path.read_text(encoding="utf-8") + "title: otra vez\n", encoding="utf-8")
    files = Files(repo)
    memo = ParsedMemo(repo)
    files.forget_marks(memo)
    assert [p.code for p in files.problems(DESCRIPTOR)] == ["yaml-duplicate-key"]
    memo.save()
    again = Files(repo)
    again.forget_marks(ParsedMemo(repo))
    assert [p.code for p in again.problems(DESCRIPTOR)] == ["yaml-duplicate-key"]


@pytest.mark.parametrize("tamper", ["edit", "foreign"])
def test_an_entry_that_does_not_verify_is_parsed_again(repo: Path, tamper: str, monkeypatch) -> None:
    read_all(repo, [DESCRIPTOR])
    shards = sorted((cache_dir(repo) / FOLDER).glob("*.json"))
    assert len(shards) == 1
    raw = shards[0].read_bytes()
    if tamper == "edit":  # a planted value under a valid-looking entry: its MAC no longer verifies
        shards[0].write_bytes(raw.replace(b"Casos", b"Fraude"))
    else:  # an entry made with another cache's secret
        (cache_dir(repo) / "secret").write_bytes(b"x" * 32)
    parsed: list[str] = []
    real = yamlio.parse_yaml
    monkeypatch.setattr(
        yamlio, "parse_yaml", lambda text, rel, marks=True: parsed.append(rel) or real(text, rel, marks)
    )
    from catalogo.core.cache import forget_cache_state

    forget_cache_state()
    data = read_all(repo, [DESCRIPTOR])[DESCRIPTOR]
    assert parsed == [DESCRIPTOR] and "Fraude" not in str(data)
