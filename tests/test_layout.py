"""The package's folders tell the pipeline's stages, and each module says in its first lines what it
is for and which stage it belongs to (a docstring of one to three lines)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from .conftest import ROOT

PACKAGE = ROOT / "scripts" / "catalogo"
MODULES = sorted(p.relative_to(PACKAGE).as_posix() for p in PACKAGE.rglob("*.py"))
TOP_LEVEL = {"__init__.py", "__main__.py", "build.py", "load.py", "enrich.py"}


def docstring_lines(path: Path) -> int | None:
    doc = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8")), clean=False)
    return None if doc is None else len(doc.strip("\n").splitlines())


@pytest.mark.parametrize("module", MODULES)
def test_each_module_opens_with_a_short_docstring(module: str) -> None:
    lines = docstring_lines(PACKAGE / module)
    assert lines is not None and 1 <= lines <= 3, (module, lines)


def test_a_long_docstring_is_found(tmp_path: Path) -> None:
    module = tmp_path / "m.py"
    module.write_text('"""One.\n\nTwo.\nThree."""\n', encoding="utf-8")
    assert docstring_lines(module) == 4
    module.write_text("x = 1\n", encoding="utf-8")
    assert docstring_lines(module) is None


def test_modules_sit_in_their_stage_folder() -> None:
    """Only the pipeline's story (build.py) and stages 1 and 3 sit at the top; the rest is in folders."""
    assert {m for m in MODULES if "/" not in m} == TOP_LEVEL
