"""Data results are keyed by the code that produces them, not by the whole package: changing the
site or the exports keeps every table's result, changing the data checks or what they import
does not."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from catalogo.core.cache import fingerprint_in, module_fingerprint

from .conftest import ROOT

PACKAGE = ROOT / "scripts" / "catalogo"


@pytest.fixture
def package(tmp_path: Path) -> Path:
    copy = tmp_path / "catalogo"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    return copy


def touch(path: Path) -> None:
    path.write_text(path.read_text(encoding="utf-8") + "\n# changed\n", encoding="utf-8")


def test_the_copy_has_the_same_fingerprint(package: Path) -> None:
    assert fingerprint_in(package, "checks/data.py") == module_fingerprint("checks/data.py")


@pytest.mark.parametrize(
    "changed", ["render/write.py", "render/pages.py", "export/dcat.py", "build.py", "checks/schema.py"]
)
def test_code_the_data_checks_do_not_import_keeps_the_key(package: Path, changed: str) -> None:
    before = fingerprint_in(package, "checks/data.py")
    touch(package / changed)
    assert fingerprint_in(package, "checks/data.py") == before


@pytest.mark.parametrize(
    "changed",
    [
        "checks/data.py",
        "checks/fasttable.py",
        "checks/tableread.py",
        "checks/personal.py",
        "checks/screening.py",
        "core/paths.py",
        "core/problems.py",
        "codes.yaml",
    ],
)
def test_the_data_checks_and_what_they_import_change_the_key(package: Path, changed: str) -> None:
    before = fingerprint_in(package, "checks/data.py")
    touch(package / changed)
    assert fingerprint_in(package, "checks/data.py") != before


def test_an_import_inside_a_function_counts(package: Path) -> None:
    before = fingerprint_in(package, "checks/data.py")
    (package / "checks" / "data.py").write_text(
        (package / "checks" / "data.py").read_text(encoding="utf-8")
        + "\n\ndef _late() -> None:\n    from ..render.write import write_page  # noqa: F401\n",
        encoding="utf-8",
    )
    middle = fingerprint_in(package, "checks/data.py")
    touch(package / "render" / "write.py")
    assert fingerprint_in(package, "checks/data.py") != middle != before
