from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterable
from pathlib import Path

import pytest

from catalogo.core.problems import Problem

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"
CORPUS = ROOT.parent / "shared" / "corpus"
STANDARDS = ROOT.parent / "shared" / "standards"
EXCLUDES = ROOT / "tests" / "git-excludes"  # as the repository's .gitignore: caches stay out of git


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--regenerate-golden", action="store_true", help="rewrite the golden files")


@pytest.fixture
def corpus() -> Path:
    if not CORPUS.is_dir():
        pytest.skip("../shared/corpus is absent (the real-data corpus lives beside the checkout)")
    return CORPUS


def git(cwd: Path, *args: str, date: str | None = None) -> str:
    """Run git in a test repository, optionally with a fixed author and committer date."""
    env = {
        "GIT_AUTHOR_NAME": "Prueba",
        "GIT_AUTHOR_EMAIL": "prueba@example.org",
        "GIT_COMMITTER_NAME": "Prueba",
        "GIT_COMMITTER_EMAIL": "prueba@example.org",
        "HOME": str(cwd),
        "PATH": "/usr/bin:/bin:/usr/local/bin",
        "GIT_CONFIG_COUNT": "1",
        "GIT_CONFIG_KEY_0": "core.excludesFile",
        "GIT_CONFIG_VALUE_0": str(EXCLUDES),
    }
    if date:
        env.update(GIT_AUTHOR_DATE=date, GIT_COMMITTER_DATE=date)
    return subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True, text=True).stdout


SHIPPED = ("datasets", "parties", "best-practices", "catalogo.yaml")  # what makes the shipped catalogue


def shipped_catalogue(repo: Path) -> Path:
    """A copy of the shipped catalogue (the repository's own datasets, parties, best practices and
    configuration) at `repo`, made a git repository with one commit."""
    repo.mkdir(parents=True)
    for name in SHIPPED:
        source = ROOT / name
        (shutil.copytree if source.is_dir() else shutil.copyfile)(source, repo / name)
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", ".")
    git(repo, "commit", "-qm", "Catálogo", date="2026-11-27T12:00:00-06:00")
    return repo


def assert_no_crash(problems: Iterable[Problem]) -> None:
    """check.py reports a check that raised as an `internal-error` problem on its file and goes on
    with the others; in a test that is a failure, shown with the exception."""
    crashes = [f"{p.path}: {dict(p.args).get('detail')}" for p in problems if p.code == "internal-error"]
    assert not crashes, crashes


@pytest.fixture
def repo_from(tmp_path: Path):
    """Copy a fixture catalogue into a temporary folder and make it a git repository with one commit."""

    def make(fixture: str | Path, date: str = "2026-01-01T12:00:00+00:00") -> Path:
        target = tmp_path / "repo"
        shutil.copytree(
            FIXTURES / fixture if isinstance(fixture, str) else fixture, target, ignore=shutil.ignore_patterns(".cache")
        )  # a cache left by running in the fixture
        git(target, "init", "-q", "-b", "main")
        git(target, "add", "-A")
        git(target, "commit", "-q", "-m", "Catálogo inicial", date=date)
        return target

    return make


# The fixture site (tests/fixtures/site in a git repository, built once per session), shared by
# the site's tests: test_site.py, test_golden.py, test_site_browser.py.
from .seaweed import seaweed  # noqa: E402, F401
from .sitebuild import built_site, site_repo  # noqa: E402, F401
