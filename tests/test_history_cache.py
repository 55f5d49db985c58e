"""The git log is read once per HEAD and kept in the cache folder: a build after new commits reads
only those, and whatever the cache holds (nothing, another branch, a rewritten history, a corrupt
or foreign file) the history equals a cold read from git."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from catalogo.gitdata import gitlog
from catalogo.gitdata.gitlog import Log, locate, read_log
from catalogo.gitdata.history import History, read_history
from catalogo.gitdata.historycache import catalogue_log, log_path
from catalogo.gitdata.timeline import Timeline

from .conftest import git

KEY = "datasets/secretaria-de-salud/casos-covid-estados"
DATA = f"{KEY}/data/casos.csv"


def cold(root: Path) -> Log:
    repo = locate(root)
    assert repo is not None
    log = read_log(repo)
    assert log is not None
    return log


def facts(log: Log) -> list:
    """The log's content whatever the order its paths were first seen in."""
    return [(change, pairs) for change, pairs in log.entries()]


def same_as_cold(root: Path, log: Log) -> None:
    expected = cold(root)
    assert log.head == expected.head
    assert facts(log) == facts(expected)
    history, timeline = History.from_log(log), Timeline.from_log(log)
    assert list(history.records.items()) == list(History.from_log(expected).records.items())
    assert list(history.files.items()) == list(History.from_log(expected).files.items())
    assert timeline == Timeline.from_log(expected)


def add_row(root: Path, row: str, date: str, message: str = "Agrega renglón") -> None:
    data = root / DATA
    data.write_text(data.read_text(encoding="utf-8") + row + "\n", encoding="utf-8")
    git(root, "commit", "-qam", message, date=date)


def head(root: Path) -> str:
    return git(root, "rev-parse", "HEAD").strip()


@pytest.fixture
def repo(repo_from) -> Path:
    root: Path = repo_from("valid/minimal", date="2026-01-01T12:00:00-06:00")
    add_row(root, "14,Jalisco,2020-04-15,300,H", "2026-02-01T12:00:00-06:00")
    return root


def test_the_cache_is_written_and_read_at_the_same_head(repo: Path) -> None:
    first = catalogue_log(repo)
    stored = json.loads(log_path(repo).read_text(encoding="utf-8"))
    assert stored["head"] == head(repo)
    again = catalogue_log(repo)
    same_as_cold(repo, again)
    assert facts(again) == facts(first)


def test_new_commits_extend_the_cached_log(repo: Path) -> None:
    before = catalogue_log(repo)
    add_row(repo, "15,Colima,2020-04-16,20,M", "2026-03-01T09:00:00-06:00")
    (repo / "LEEME.md").write_text("fuera del catálogo\n", encoding="utf-8")
    git(repo, "add", "LEEME.md")
    git(repo, "commit", "-qm", "Fuera del catálogo", date="2026-03-02T09:00:00-06:00")
    extended = read_log(locate(repo), before)
    assert extended is not None
    same_as_cold(repo, extended)
    log = catalogue_log(repo)
    same_as_cold(repo, log)
    assert log.head == head(repo)
    assert json.loads(log_path(repo).read_text(encoding="utf-8"))["head"] == head(repo)
    assert [c.day for c in History.from_log(log).of(KEY)] == ["2026-03-01", "2026-02-01", "2026-01-01"]


def test_a_rewritten_history_is_read_cold(repo: Path) -> None:
    before = catalogue_log(repo)
    git(repo, "reset", "-q", "--hard", "HEAD~1")
    add_row(repo, "16,Nayarit,2020-04-17,7,H", "2026-02-03T12:00:00-06:00", "Otra historia")
    assert read_log(locate(repo), before) is None
    log = catalogue_log(repo)
    same_as_cold(repo, log)
    assert [c.subject for c in History.from_log(log).of(KEY)] == ["Otra historia", "Catálogo inicial"]


def test_a_cache_read_on_a_merged_branch_is_not_extended(repo: Path) -> None:
    """The branch's tip is an ancestor of the merge but not on main's first-parent chain: its
    commits count from the merge, so the cached log of the branch cannot be extended."""
    git(repo, "checkout", "-qb", "rama")
    add_row(repo, "17,Sonora,2020-04-18,12,M", "2026-02-10T12:00:00-06:00", "En la rama")
    on_branch = catalogue_log(repo)
    git(repo, "checkout", "-q", "main")
    git(repo, "merge", "-q", "--no-ff", "-m", "Fusiona rama", "rama", date="2026-02-15T12:00:00-06:00")
    assert read_log(locate(repo), on_branch) is None
    log = catalogue_log(repo)
    same_as_cold(repo, log)
    assert History.from_log(log).of(KEY)[0].subject == "Fusiona rama"


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"{not json",
        b"\xff\xfe garbage",
        b"[1, 2, 3]",
        b'{"format": "catalogo-git-log", "version": 1, "prefix": "", "head": "0000000000000000000000000000000000000000",'
        b' "paths": [], "commits": []}',
        b'{"format": "catalogo-git-log", "version": 1, "prefix": "", "head": "HEAD", "paths": ["x"], "commits": []}',
        b'{"format": "catalogo-git-log", "version": 1, "prefix": "", "head": "%(head)s", "paths": ["x"],'
        b' "commits": [["c", "2026-01-01T00:00:00+00:00", "s", [99]]]}',
        b'{"format": "catalogo-git-log", "version": 1, "prefix": "", "head": "%(head)s", "paths": ["x"],'
        b' "commits": [["c", "2026-01-01T00:00:00+00:00"]]}',
        b'{"format": "otra-cosa", "version": 1}',
    ],
)
def test_a_corrupt_or_foreign_cache_is_ignored_and_rewritten(repo: Path, content: bytes) -> None:
    path = log_path(repo)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content.replace(b"%(head)s", head(repo).encode()))
    log = catalogue_log(repo)
    same_as_cold(repo, log)
    assert json.loads(path.read_text(encoding="utf-8"))["head"] == head(repo)


def test_a_deleted_cache_is_read_cold(repo: Path) -> None:
    catalogue_log(repo)
    log_path(repo).unlink()
    same_as_cold(repo, catalogue_log(repo))
    assert log_path(repo).is_file()


def test_a_long_chain_read_in_slices_equals_one_pass(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for day in range(2, 9):
        add_row(repo, f"{day},Estado,2020-05-0{day},{day},H", f"2026-03-0{day}T12:00:00-06:00")
    one_pass = cold(repo)
    monkeypatch.setattr(gitlog, "SPLIT_ABOVE", 1)
    monkeypatch.setattr(gitlog.os, "cpu_count", lambda: 3)
    sliced = cold(repo)
    assert facts(sliced) == facts(one_pass)
    assert len(sliced.commits) == 9


def test_a_catalogue_in_a_subfolder_keeps_paths_relative_to_it(repo_from, tmp_path: Path) -> None:
    root: Path = repo_from("valid/minimal")
    outer = tmp_path / "outer"
    (outer / "catalogo").mkdir(parents=True)
    for entry in root.iterdir():
        if entry.name != ".git":
            entry.rename(outer / "catalogo" / entry.name)
    (outer / "otro").mkdir()
    (outer / "otro" / "datasets").mkdir()
    (outer / "otro" / "datasets" / "x.txt").write_text("x\n", encoding="utf-8")
    git(outer, "init", "-q", "-b", "main")
    git(outer, "add", "-A")
    git(outer, "commit", "-qm", "Todo", date="2026-01-05T12:00:00-06:00")
    history = read_history(outer / "catalogo")
    assert [c.day for c in history.of(KEY)] == ["2026-01-05"]
    assert all(not p.startswith(("catalogo/", "otro/")) for p in history.files)
    assert read_history(outer / "catalogo").records == history.records  # from the cache
