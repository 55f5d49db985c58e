"""The quality gates of `make lint` (and so of CI) pass on the tree: lint rules, formatting and
types. Run here too, so that a gate nobody runs cannot rot unnoticed."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT

SOURCES = ["scripts", "tests", "benchmarks"]


def tool(name: str) -> str:
    """The development tool installed next to this Python (the project's .venv), else on PATH."""
    beside = Path(sys.executable).parent / name
    found = str(beside) if beside.exists() else shutil.which(name)
    if found is None:
        pytest.skip(f"{name} is not installed (make test installs the development tools)")
    return found


def run(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False, timeout=600)


def test_ruff_check() -> None:
    result = run(tool("ruff"), "check", *SOURCES)
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_format() -> None:
    result = run(tool("ruff"), "format", "--check", *SOURCES)
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy() -> None:
    """mypy over the package, as configured in pyproject.toml ([tool.mypy])."""
    result = run(tool("mypy"))
    assert result.returncode == 0, result.stdout + result.stderr


# --- the package's layers (import-linter contracts in pyproject.toml) --------------------------


def lint_imports(cwd: Path, env_path: Path | None = None) -> subprocess.CompletedProcess[str]:
    import os

    env = dict(os.environ)
    if env_path is not None:
        env["PYTHONPATH"] = str(env_path)  # the copy's package shadows the installed one
    return subprocess.run(
        [tool("lint-imports"), "--config", str(cwd / "pyproject.toml"), "--no-cache"],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )


def test_the_stages_import_only_downwards() -> None:
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.fixture
def package_copy(tmp_path: Path) -> Path:
    """The package and its pyproject.toml copied, for a change the contracts must refuse."""
    shutil.copytree(ROOT / "scripts" / "catalogo", tmp_path / "catalogo", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    return tmp_path


def add_line(path: Path, line: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + f"\n{line}\n", encoding="utf-8")


@pytest.mark.parametrize(
    ("module", "upward"),
    [
        ("core/model.py", "from ..render import pages  # noqa"),  # core reaching up to render
        ("measure/quality.py", "from .. import enrich  # noqa"),  # the old enrich <-> measure cycle
        ("checks/online.py", "from ..gitdata import history  # noqa"),
        ("export/dcat.py", "from ..render import views  # noqa"),  # exports never import pages
        ("importers/run.py", "from ..scaffold import dataset  # noqa"),  # independent siblings
    ],
)
def test_an_upward_import_is_reported(package_copy: Path, module: str, upward: str) -> None:
    assert lint_imports(package_copy, package_copy).returncode == 0  # the copy itself keeps the contracts
    add_line(package_copy / "catalogo" / module, upward)
    result = lint_imports(package_copy, package_copy)
    assert result.returncode != 0
    importer = "catalogo." + module.removesuffix(".py").replace("/", ".")
    assert importer in result.stdout


CYCLES = """
import sys, grimp
graph = grimp.build_graph("catalogo", cache_dir=None)
print(sorted(
    (module, imported)
    for module in graph.modules
    for imported in graph.find_modules_directly_imported_by(module)
    if graph.chain_exists(importer=imported, imported=module)
))
"""


def import_cycles(path: Path | None = None) -> str:
    """Pairs of modules of the package (at `path`, else the installed one) that import each other,
    directly or through others, as printed by grimp (import-linter's graph)."""
    import os

    env = dict(os.environ)
    if path is not None:
        env["PYTHONPATH"] = str(path)
    result = subprocess.run(
        [sys.executable, "-c", CYCLES], env=env, capture_output=True, text=True, check=True, timeout=600
    )
    return result.stdout.strip()


def test_no_import_cycles() -> None:
    assert import_cycles() == "[]"


def test_a_cycle_is_found(package_copy: Path) -> None:
    """Within one folder the layers allow any import; a cycle there is still found."""
    assert import_cycles(package_copy) == "[]"
    add_line(package_copy / "catalogo" / "core" / "values.py", "from . import model  # noqa")
    assert "('catalogo.core.model', 'catalogo.core.values')" in import_cycles(package_copy)


# --- labels belong to the site's translations ----------------------------------------------------


def bilingual_dicts(path: Path) -> list[int]:
    """Lines of dict literals with both "es" and "en" string keys (a label in two languages)."""
    import ast

    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Dict):
            keys = {k.value for k in node.keys if isinstance(k, ast.Constant)}
            if {"es", "en"} <= keys:
                found.append(node.lineno)
    return found


def test_the_measure_stage_names_codes_not_labels() -> None:
    """measure/ returns codes and numbers; build/i18n/<lang>.yaml words them, render translates."""
    found = {
        path.name: lines
        for path in sorted((ROOT / "scripts" / "catalogo" / "measure").glob("*.py"))
        if (lines := bilingual_dicts(path))
    }
    # the quality reasons are still written in both languages where each criterion is judged
    assert set(found) <= {"quality_facts.py", "quality_criteria.py"}, found


def test_a_bilingual_label_is_found(tmp_path: Path) -> None:
    module = tmp_path / "m.py"
    module.write_text('LABELS = {"a": {"es": "Uno", "en": "One"}}\n', encoding="utf-8")
    assert bilingual_dicts(module) == [1]


def test_every_measure_code_has_its_label_in_both_languages() -> None:
    import yaml

    from catalogo.measure.figures import COLUMNS
    from catalogo.measure.quality import codes

    keys = [f"quality_label_{code.replace('-', '_')}" for code in codes()]
    keys += [f"indicator_field_{name}" for name in COLUMNS] + ["indicators_method"]
    for lang in ("es", "en"):
        strings = yaml.safe_load((ROOT / "build" / "i18n" / f"{lang}.yaml").read_text(encoding="utf-8"))
        assert [k for k in keys if not strings.get(k)] == [], lang
