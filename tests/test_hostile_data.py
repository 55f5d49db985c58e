"""Hostile data files give problems, never a crash, a hang or an out-of-memory."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from catalogo.checks.run import check_catalogue
from catalogo.load import load_catalogue

from .conftest import FIXTURES

DATA = "datasets/secretaria-de-salud/casos-covid-estados/data/casos.csv"
HEADER = b"cve_ent,entidad,fecha,casos,sexo\n"


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    target = tmp_path / "repo"
    shutil.copytree(FIXTURES / "valid" / "minimal", target)
    return target


def codes_for(repo: Path, payload: bytes) -> set[tuple[str, str]]:
    (repo / DATA).write_bytes(payload)
    return {(p.code, p.path) for p in check_catalogue(load_catalogue(repo)) if p.severity == "error"}


def test_huge_field(repo: Path) -> None:
    found = codes_for(repo, HEADER + b'01,"' + b"x" * 3_000_000 + b'",2020-01-01,1,M\n')
    assert ("data-unreadable", DATA) in found


def test_millions_of_columns(repo: Path) -> None:
    found = codes_for(repo, b",".join(b"c%d" % i for i in range(1_000_000)) + b"\n1\n")
    assert ("data-unreadable", DATA) in found


def test_nul_bytes_and_binary(repo: Path) -> None:
    assert ("data-unreadable", DATA) in codes_for(repo, HEADER + b"01,A\x00B,2020-01-01,1,M\n")
    assert ("data-unreadable", DATA) in codes_for(repo, bytes(range(256)) * 100)


def test_empty_and_header_only_files(repo: Path) -> None:
    assert codes_for(repo, b"")
    assert codes_for(repo, b"cve_ent\n")


def test_yaml_bombs_and_depth(repo: Path) -> None:
    party = repo / "parties/secretaria-de-salud/party.yaml"
    lol = 'a: &a ["x","x","x","x","x","x","x","x","x"]\n' + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{','.join([f'*{chr(97 + i)}'] * 9)}]\n" for i in range(8)
    )
    party.write_text(lol, encoding="utf-8")
    problems = check_catalogue(load_catalogue(repo))
    assert ("yaml-too-complex", "parties/secretaria-de-salud/party.yaml") in {(p.code, p.path) for p in problems}
    party.write_text("a: " + "[" * 5000 + "]" * 5000, encoding="utf-8")
    problems = check_catalogue(load_catalogue(repo))
    assert ("yaml-too-complex", "parties/secretaria-de-salud/party.yaml") in {(p.code, p.path) for p in problems}
    party.write_bytes(b"x" * (3 * 1024 * 1024))
    problems = check_catalogue(load_catalogue(repo))
    assert ("file-too-large", "parties/secretaria-de-salud/party.yaml") in {(p.code, p.path) for p in problems}


def test_control_characters_in_names(repo: Path) -> None:
    bad = repo / "parties" / "mal\x07nombre"
    bad.mkdir()
    (bad / "party.yaml").write_text("id: x\n", encoding="utf-8")
    problems = check_catalogue(load_catalogue(repo))
    assert "invalid-file-name" in {p.code for p in problems}


def test_catastrophic_pattern_is_stopped_by_the_time_bound(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from catalogo.checks import dataset as dataset_checks

    monkeypatch.setattr(dataset_checks, "DATA_SECONDS", 1.0)
    descriptor = repo / "datasets/secretaria-de-salud/casos-covid-estados/datapackage.yaml"
    text = descriptor.read_text(encoding="utf-8").replace(
        "- {name: entidad, type: string}", "- {name: entidad, type: string, constraints: {pattern: '(a+)+$'}}"
    )
    descriptor.write_text(text, encoding="utf-8")
    found = codes_for(repo, HEADER + b"01," + b"a" * 60 + b"!,2020-01-01,1,M\n")
    assert ("data-timeout", "datasets/secretaria-de-salud/casos-covid-estados/datapackage.yaml") in found
