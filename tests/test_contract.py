"""The contract with institutions: every schema property is documented in Spanish and English,
every vocabulary a schema names exists, every problem code has both languages and a fix."""

from __future__ import annotations

from typing import Any

import pytest

from catalogo.checks.schema import KINDS, raw_schema
from catalogo.core.problems import code_catalogue
from catalogo.core.vocab import format_key, license_key, slugify, vocabularies


def properties(node: Any, path: str = "") -> list[tuple[str, dict]]:
    found = []
    if isinstance(node, dict):
        for name, sub in node.get("properties", {}).items():
            found.append((f"{path}/{name}", sub))
            found.extend(properties(sub, f"{path}/{name}"))
        if isinstance(node.get("items"), dict):
            found.extend(properties(node["items"], f"{path}[]"))
    return found


@pytest.mark.parametrize("kind", KINDS)
def test_every_property_is_documented_in_both_languages(kind: str) -> None:
    schema = raw_schema(kind)
    assert schema["title"] and schema["x-title-en"]
    undocumented = [p for p, sub in properties(schema) if not sub.get("description") or not sub.get("x-description-en")]
    assert undocumented == []


@pytest.mark.parametrize("kind", KINDS)
def test_vocabularies_named_by_schemas_exist(kind: str) -> None:
    def named(node: Any) -> set[str]:
        if isinstance(node, dict):
            own = {node["x-vocabulary"]} if "x-vocabulary" in node else set()
            return own.union(*(named(v) for v in node.values()))
        if isinstance(node, list):
            return set().union(*(named(v) for v in node))
        return set()

    names = named(raw_schema(kind))
    assert names or kind in ("opening-plan", "history-record")
    for name in names:
        assert vocabularies().keys(name)


def test_every_code_has_both_languages_and_a_fix() -> None:
    for code, entry in code_catalogue().items():
        assert code == code.lower() and " " not in code
        assert entry["severity"] in ("error", "warning")
        for key in ("title_es", "title_en", "es", "en", "fix_es", "fix_en"):
            assert entry.get(key), (code, key)


def test_inegi_codes_are_complete() -> None:
    vocab = vocabularies()
    assert len(vocab.states) == 32
    assert len(vocab.municipalities) >= 2400
    assert all(m[0] in vocab.states for m in vocab.municipalities.values())
    assert vocab.municipalities["09015"][1] == "Cuauhtémoc"


@pytest.mark.parametrize(
    ("raw", "key"),
    [
        ("CSV", "csv"),
        (".csv", "csv"),
        ("text/csv", "csv"),
        ("ZIP+CSV", "zip"),
        ("XLSX", "xlsx"),
        ("application/pdf", "pdf"),
        ("", None),
        ("raro", None),
    ],
)
def test_format_normalisation(raw: str, key: str | None) -> None:
    assert format_key(raw) == key


@pytest.mark.parametrize(
    ("raw", "key"),
    [
        ("cc-by", "CC-BY-4.0"),
        ("CC-BY-4.0", "CC-BY-4.0"),
        ("odc-odbl", "ODbL-1.0"),
        ("http://datos.gob.mx/libreusomx/", "libre-uso-mx"),
        ("None", None),
        ("", None),
    ],
)
def test_license_normalisation(raw: str, key: str | None) -> None:
    assert license_key(raw) == key


def test_slugify() -> None:
    assert slugify("Secretaría de Salud ") == "secretaria-de-salud"
    assert slugify("Ñandú  Über/2024") == "nandu-uber-2024"
