"""History comes from git in one pass; a change counts from when it reached the main branch."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from catalogo.enrich import enrich
from catalogo.gitdata.history import read_history
from catalogo.gitdata.timeline import read_timeline
from catalogo.load import load_catalogue

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


def test_changes_at_different_offsets_compare_as_instants(repo_from) -> None:
    """As text, '2026-03-02T01:00:00+00:00' sorts after '2026-03-01T20:30:00-06:00', which is
    later in time (02:30 UTC): the latest change is the one latest in time."""
    repo: Path = repo_from("valid/minimal", date="2026-01-01T12:00:00-06:00")
    party = repo / "parties" / "secretaria-de-salud" / "party.yaml"
    party.write_text(party.read_text(encoding="utf-8") + "# revisado\n", encoding="utf-8")
    git(repo, "commit", "-qam", "C", date="2026-03-01T19:45:00-05:00")  # 00:45 UTC
    data = repo / KEY / "data" / "casos.csv"
    data.write_text(data.read_text(encoding="utf-8") + "14,Jalisco,2020-04-15,300,H\n", encoding="utf-8")
    git(repo, "commit", "-qam", "B", date="2026-03-02T01:00:00+00:00")  # 01:00 UTC
    descriptor = repo / KEY / "datapackage.yaml"
    descriptor.write_text(descriptor.read_text(encoding="utf-8") + "# revisado\n", encoding="utf-8")
    git(repo, "commit", "-qam", "A", date="2026-03-01T20:30:00-06:00")  # 02:30 UTC
    history = read_history(repo)
    assert history.last_change_of_files([f"{KEY}/data/casos.csv", f"{KEY}/datapackage.yaml"]).subject == "A"
    assert history.newest().subject == "A"
    assert enrich(load_catalogue(repo)).today == dt.date(2026, 3, 1)


def test_exports_take_the_newest_change_as_an_instant() -> None:
    from types import SimpleNamespace

    from catalogo.export.common import newest_date
    from catalogo.gitdata.gitlog import Change

    # As text "2026-03-02T01:00:00+00:00" is the newest; in time "2026-03-01T23:30:00-06:00" is (05:30 UTC).
    early, late = Change("a" * 40, "2026-03-02T01:00:00+00:00", "x"), Change("b" * 40, "2026-03-01T23:30:00-06:00", "y")
    infos = [SimpleNamespace(updated=early), SimpleNamespace(updated=late), SimpleNamespace(updated=None)]
    assert newest_date(SimpleNamespace(datasets={}), infos) == late.date
    assert newest_date(SimpleNamespace(datasets={}), list(reversed(infos))) == late.date
