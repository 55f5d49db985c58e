"""Opening-plan status from git history, with a fixed "today": each status, its boundaries, and
dates a party types that cannot move the result."""

from __future__ import annotations

import csv
import datetime as dt
import shutil
from pathlib import Path

import pytest

from catalogo.checks.run import check_catalogue
from catalogo.core.vocab import slugify
from catalogo.enrich import enrich
from catalogo.gitdata.history import read_history
from catalogo.load import load_catalogue
from catalogo.measure.plan import opening_plan_status, summary

from .conftest import ROOT
from .measure_support import commit, dataset, init, party, write

TODAY = dt.date(2026, 6, 1)
D = dt.date.fromisoformat

# item: (dataset or None, due date)
ITEMS = {
    "a": ("da", "2026-03-31"),  # published 2026-02-01: before due
    "b": ("db", "2026-03-31"),  # published 2026-05-10: 40 days late
    "c": (None, "2026-04-30"),  # nothing, due passed
    "d": ("dd", "2026-12-31"),  # nothing yet, due ahead
    "e": ("de", "2026-04-15"),  # published on the due date itself
    "f": (None, "2026-06-01"),  # due today: not passed yet
    "g": ("dg", "2026-02-28"),  # descriptor says created 2026-01-01, committed 2026-05-20
    "h": ("dh", "2026-05-15"),  # committed 2026-07-01, after today
    "i": ("di", "2026-04-01"),  # published 2026-02-01, removed 2026-03-01
}


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("plan") / "repo"
    init(root)
    party(root, "p")
    items = [
        {
            "id": k,
            "title": f"Activo {k}",
            "series_type": "institucional",
            "status": "planeado",
            **({"dataset": ds} if ds else {}),
        }
        for k, (ds, _) in ITEMS.items()
    ]
    write(root, "parties/p/inventory.yaml", {"items": items})
    commitments = [{"item": k, "due": due} for k, (_, due) in ITEMS.items()] + [{"item": "zz", "due": "2026-01-01"}]
    write(
        root,
        "parties/p/opening-plan.yaml",
        {"period": {"start": "2026-01-01", "end": "2026-12-31"}, "commitments": commitments},
    )
    commit(root, "2026-01-10", "plan")
    for day, names in (("2026-02-01", ["da", "di"]), ("2026-04-15", ["de"]), ("2026-05-10", ["db"])):
        for name in names:
            dataset(root, "p", name)
        commit(root, day)
    (root / "datasets/p/di/datapackage.yaml").unlink()
    (root / "datasets/p/di/data/datos.csv").unlink()
    commit(root, "2026-03-01", "retira di")
    dataset(root, "p", "dg", created="2026-01-01")
    commit(root, "2026-05-20")
    dataset(root, "p", "dh")
    commit(root, "2026-07-01")
    return root


def statuses(repo: Path, today: dt.date = TODAY) -> dict:
    catalogue = load_catalogue(repo)
    found = opening_plan_status(catalogue.parties["p"], read_history(repo), today, set(catalogue.datasets))
    return {s.item: s for s in found}


def test_each_status_from_git_history(repo: Path) -> None:
    found = statuses(repo)
    assert {k: s.status for k, s in found.items()} == {
        "a": "cumplido",
        "b": "cumplido-con-retraso",
        "c": "vencido",
        "d": "en-plazo",
        "e": "cumplido",
        "f": "en-plazo",
        "g": "cumplido-con-retraso",
        "h": "vencido",
        "i": "vencido",
        "zz": "vencido",
    }
    assert (found["a"].published, found["a"].dataset) == (D("2026-02-01"), "p/da")
    assert found["b"].days_late == 40 and found["a"].days_late is None
    assert found["a"].commit and len(found["a"].commit) == 40


def test_a_typed_creation_date_does_not_count(repo: Path) -> None:
    assert statuses(repo)["g"].published == D("2026-05-20")


def test_today_is_a_parameter(repo: Path) -> None:
    before = statuses(repo, D("2026-03-15"))
    assert (before["a"].status, before["b"].status, before["c"].status) == ("cumplido", "en-plazo", "en-plazo")
    later = statuses(repo, D("2026-08-01"))
    assert later["h"].status == "cumplido-con-retraso" and later["h"].published == D("2026-07-01")
    assert later["d"].status == "en-plazo"


def test_counts_and_plain_values(repo: Path) -> None:
    found = list(statuses(repo).values())
    assert summary(found) == {"cumplido": 2, "cumplido-con-retraso": 2, "vencido": 4, "en-plazo": 2}
    first = found[0].as_dict()
    assert first == {
        "item": "a",
        "title": "Activo a",
        "due": "2026-03-31",
        "status": "cumplido",
        "dataset": "p/da",
        "published": "2026-02-01",
        "commit": first["commit"],
        "days_late": None,
    }


def test_enrich_gives_every_party_its_plan(repo: Path) -> None:
    enriched = enrich(load_catalogue(repo), today=TODAY)
    assert {s.item: s.status for s in enriched.plans["p"]} == {k: s.status for k, s in statuses(repo).items()}


@pytest.mark.corpus
def test_real_2015_plan_dates(corpus: Path, tmp_path: Path) -> None:
    """SECTUR's 2015 opening plan (plans.csv): real items and due dates; some datasets published
    at set dates, the statuses follow the rule for every commitment."""
    with (corpus / "datosgobmx-adela-2015" / "plans.csv").open(encoding="utf-8", newline="") as f:
        rows = [r for r in csv.DictReader(f) if r["dep"] == "sectur" and r["date"][:4].isdigit()]
    ids: dict[str, str] = {}
    for row in rows:
        ids.setdefault(slugify(row["name"], 60) or "sin-nombre", row["date"][:10])
    assert len(ids) >= 15
    root = tmp_path / "repo"
    init(root)
    party(root, "sectur")
    write(
        root,
        "parties/sectur/inventory.yaml",
        {
            "items": [
                {"id": k, "title": k, "series_type": "institucional", "status": "planeado", "dataset": k} for k in ids
            ]
        },
    )
    write(
        root,
        "parties/sectur/opening-plan.yaml",
        {
            "period": {"start": "2014-01-01", "end": "2016-12-31"},
            "commitments": [{"item": k, "due": v} for k, v in ids.items()],
        },
    )
    commit(root, "2014-10-01", "plan")
    published = {}
    for n, (k, due) in enumerate(ids.items()):
        if n % 3 == 2:
            continue  # never published
        day = D(due) + dt.timedelta(days=-10 if n % 3 == 0 else 20)
        dataset(root, "sectur", k)
        commit(root, day.isoformat())
        published[k] = day
    today = D("2015-11-15")
    found = statuses_of(root, "sectur", today)
    for k, due in ids.items():
        day = published.get(k)
        if day and day <= today:
            expected = "cumplido" if day <= D(due) else "cumplido-con-retraso"
        else:
            expected = "vencido" if D(due) < today else "en-plazo"
        assert found[k] == expected, k
    assert set(found.values()) == {"cumplido", "cumplido-con-retraso", "vencido", "en-plazo"}


def statuses_of(root: Path, party_id: str, today: dt.date) -> dict[str, str]:
    catalogue = load_catalogue(root)
    return {s.item: s.status for s in opening_plan_status(catalogue.parties[party_id], read_history(root), today)}


def test_gamed_figures_in_a_copy_of_the_shipped_catalogue(tmp_path: Path) -> None:
    """A commitment due after its plan's period and an item that claims a dataset another item
    already links each give their own problem (policy figures cannot be inflated that way)."""
    repo = tmp_path / "repo"
    for name in ("datasets", "parties", "catalogo.yaml"):
        source = ROOT / name
        (shutil.copytree if source.is_dir() else shutil.copyfile)(source, repo / name)
    plan = repo / "parties" / "sct" / "opening-plan.yaml"
    plan.write_text(
        plan.read_text(encoding="utf-8").replace("due: '2026-06-30'", "due: '2028-06-30'", 1), encoding="utf-8"
    )
    inventory = repo / "parties" / "sct" / "inventory.yaml"
    text = inventory.read_text(encoding="utf-8")
    claimed = "    dataset: mexico-conectado-escuelas-cdmx-2017\n"
    assert claimed in text
    second = text.index("  - id:", text.index(claimed))  # the next item claims the same dataset
    end = text.index("\n", text.index("    status:", second)) + 1
    inventory.write_text(text[:end] + claimed + text[end:], encoding="utf-8")
    found = {(p.code, p.path) for p in check_catalogue(load_catalogue(repo), data=False)}
    assert ("commitment-outside-period", "parties/sct/opening-plan.yaml") in found
    assert ("dataset-claimed-twice", "parties/sct/inventory.yaml") in found
