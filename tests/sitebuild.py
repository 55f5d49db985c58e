"""The fixture site shared by the site's tests (golden pages, determinism, security, browser):
tests/fixtures/site made into a git repository with three dated commits, built once per test
session. Test modules import the fixtures and run in the `site` xdist group so that one worker
builds it once."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from catalogo.build import BuildResult, build_site

from .conftest import FIXTURES, git

SITE_FIXTURE = FIXTURES / "site"
BASE_URL = "https://datos.example.mx/"
TODAY = dt.date(2026, 3, 15)
# (date, message, paths added): history gives datasets different first and last changes.
COMMITS = [
    (
        "2026-01-05T10:00:00-06:00",
        "Alta de instituciones y primeros conjuntos",
        [
            "parties",
            "datasets/secretaria-de-salud",
            "datasets/gobierno-de-jalisco/presupuesto-egresos-2025",
            "datasets/municipio-de-zapopan",
            "best-practices",
        ],
    ),
    (
        "2026-02-10T09:30:00-06:00",
        "Congreso de Sonora publica sus iniciativas",
        ["datasets/congreso-de-sonora", "datasets/gobierno-de-jalisco/calidad-del-aire-guadalajara/datapackage.yaml"],
    ),
    (
        "2026-03-01T18:45:00-06:00",
        "Mediciones de marzo de la calidad del aire",
        ["datasets/gobierno-de-jalisco/calidad-del-aire-guadalajara/data"],
    ),
]


def make_site_repo(target: Path) -> Path:
    shutil.copytree(SITE_FIXTURE, target)
    git(target, "init", "-q", "-b", "main")
    for date, message, paths in COMMITS:
        git(target, "add", *paths)
        git(target, "commit", "-q", "-m", message, date=date)
    return target


def build_fixture(repo: Path, out: Path) -> BuildResult:
    result = build_site(repo, out, BASE_URL, TODAY)
    assert result.built, [p.code for p in result.problems]
    return result


@pytest.fixture(scope="session")
def site_repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_site_repo(tmp_path_factory.mktemp("site-repo") / "repo")


@pytest.fixture(scope="session")
def built_site(site_repo: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("site-out") / "site"
    build_fixture(site_repo, out)
    return out
