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
