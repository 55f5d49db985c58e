"""History comes from git in one pass; a change counts from when it reached the main branch."""

from __future__ import annotations

from pathlib import Path

from catalogo.history import read_history
from catalogo.timeline import read_timeline

from .conftest import git

KEY = "datasets/secretaria-de-salud/casos-covid-estados"


def test_merged_branch_counts_from_the_merge(repo_from) -> None:
    repo: Path = repo_from("valid/minimal", date="2026-01-01T12:00:00+00:00")
    git(repo, "checkout", "-qb", "rama")
    data = repo / KEY / "data" / "casos.csv"
    data.write_text(data.read_text(encoding="utf-8") + "14,Jalisco,2020-04-15,300,H\n", encoding="utf-8")
    git(repo, "commit", "-qam", "Agrega Jalisco", date="2026-02-01T12:00:00+00:00")
    git(repo, "checkout", "-q", "main")
    git(repo, "merge", "-q", "--no-ff", "-m", "Fusiona rama", "rama", date="2026-03-15T12:00:00+00:00")
    history = read_history(repo)
    assert [c.day for c in history.of(KEY)] == ["2026-03-15", "2026-01-01"]
    assert history.of(KEY)[0].subject == "Fusiona rama"
    assert history.files[f"{KEY}/data/casos.csv"].day == "2026-03-15"
    assert read_timeline(repo) is not None


def test_outside_git_the_history_is_empty(tmp_path: Path) -> None:
    (tmp_path / "parties").mkdir()
    assert read_history(tmp_path).records == {}
