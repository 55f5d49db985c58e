"""Identifiers compared without case or accents: `fold`'s ASCII shortcut gives exactly the full
fold, and collisions found for a scope are the ones a check of everything reports for it."""

from __future__ import annotations

import random
import shutil
import string
import unicodedata
from pathlib import Path

import pytest

from catalogo.checks.identifiers import check_identifiers
from catalogo.checks.run import Scope, check_catalogue
from catalogo.core.vocab import fold
from catalogo.load import load_catalogue

from .conftest import FIXTURES


def full_fold(text: str) -> str:
    """The fold by its definition: NFKD, combining marks dropped, casefolded."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


NON_ASCII = [
    "Secretaría de Salud",
    "ÑANDÚ",
    "straße",
    "STRASSE",
    "ﬁscal",
    "İstanbul",
    "ΣΊΣΥΦΟΣ",
    "Ｄａｔｏｓ",
    "e\u0301",
    "\u0301",
    "²³",
    "Ⅻ",
    "ǅ",
    "🙂 datos",
    "datos\u00a0abiertos",
    "ﬀ-Ǆ",
    "ŉ",
    "\U0001d400",
]


def test_ascii_fold_equals_the_full_fold() -> None:
    rng = random.Random(7)
    texts = [chr(i) for i in range(128)] + [string.printable, "Secretaria-De-Salud/Casos-COVID"]
    texts += ["".join(rng.choice(string.printable) for _ in range(rng.randint(0, 40))) for _ in range(2000)]
    for text in texts:
        assert text.isascii()
        assert fold(text) == full_fold(text), repr(text)


def test_non_ascii_fold_equals_the_full_fold() -> None:
    rng = random.Random(11)
    alphabet = "aáÁeéñÑüÜßẞﬁİıσςΣＡ\u0301\u0327ǅ²"
    texts = NON_ASCII + [
        "".join(rng.choice(alphabet + "azAZ-") for _ in range(rng.randint(1, 20))) for _ in range(2000)
    ]
    for text in texts:
        assert fold(text) == full_fold(text), repr(text)


def old_collisions(catalogue, scope: set[str] | None) -> set[tuple[str, str, str]]:
    """Every record by path, each compared with the first one that folds the same (the rule)."""
    found = set()
    for records, name in [
        (catalogue.parties.values(), lambda r: r.id),
        (catalogue.datasets.values(), lambda r: r.key),
        (catalogue.stories.values(), lambda r: r.id),
        (catalogue.tools.values(), lambda r: r.id),
    ]:
        seen: dict[str, object] = {}
        for record in sorted(records, key=lambda r: r.path):
            folded = full_fold(name(record))
            first = seen.setdefault(folded, record)
            if first is not record and (scope is None or record.path in scope or first.path in scope):
                found.add((record.path, name(record), first.path))
    return found


@pytest.fixture
def colliding(tmp_path: Path) -> Path:
    """The minimal catalogue with parties, datasets and stories whose ids differ only in case or accents."""
    repo = tmp_path / "c"
    shutil.copytree(FIXTURES / "valid" / "minimal", repo)
    party = (repo / "parties/secretaria-de-salud/party.yaml").read_text(encoding="utf-8")
    for name in ["Secretaria-De-Salud", "secretaría-de-salud", "SECRETARÍA-DE-SALUD"]:
        (repo / "parties" / name).mkdir()
        (repo / "parties" / name / "party.yaml").write_text(party, encoding="utf-8")
    source = repo / "datasets/secretaria-de-salud/casos-covid-estados"
    for name in ["Casos-Covid-Estados", "casos-covid-éstados", "otro"]:
        shutil.copytree(source, source.parent / name)
    stories = repo / "best-practices/stories"
    story = next(stories.glob("*.yaml"))
    for name in ["Mapa-Covid", "mápa-covid"]:
        shutil.copy(story, stories / f"{name}.yaml")
    return repo


def test_collisions_in_a_scope_are_those_of_the_whole_check(colliding: Path) -> None:
    catalogue = load_catalogue(colliding)
    everything = old_collisions(catalogue, None)
    assert len(everything) >= 7
    paths = sorted(
        {rel for rel, *_ in everything}
        | {first for *_, first in everything}
        | {"parties/secretaria-de-salud/party.yaml"}
    )
    scopes: list[set[str] | None] = [None, set(), *({p} for p in paths), set(paths[:3])]
    for scope in scopes:
        found = {
            (p.path, p.params["id"], p.params["other"])
            for p in check_identifiers(catalogue, scope)
            if p.code == "duplicate-id"
        }
        assert found == old_collisions(catalogue, scope), scope


def test_a_scoped_check_reports_the_collisions_of_its_files(colliding: Path) -> None:
    catalogue = load_catalogue(colliding)
    whole = {(p.code, p.path) for p in check_catalogue(catalogue, data=False) if p.code == "duplicate-id"}
    folder = "datasets/secretaria-de-salud/casos-covid-éstados"
    scoped = {
        (p.code, p.path)
        for p in check_catalogue(catalogue, Scope(folders={folder}), data=False)
        if p.code == "duplicate-id"
    }
    assert scoped == {("duplicate-id", f"{folder}/datapackage.yaml")}
    assert scoped < whole
