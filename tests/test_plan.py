"""Opening-plan status from git history, with a fixed "today": each status, its boundaries, and
dates a party types that cannot move the result."""

from __future__ import annotations

import csv
import datetime as dt
import json
import shutil
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from catalogo.checks.run import check_catalogue
from catalogo.cli.main import cli
from catalogo.core.vocab import slugify
from catalogo.enrich import enrich
from catalogo.gitdata.history import read_history
from catalogo.gitdata.historycache import log_path
from catalogo.load import load_catalogue
from catalogo.measure.plan import STATUSES, opening_plan_status, summary

from .conftest import ROOT, git
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


def planned(datasets: dict[str, str | None]) -> list[dict]:
    """Planned inventory items, one per id, linking the dataset given (None: none yet)."""
    return [
        {"id": k, "title": f"Activo {k}", "series_type": "institucional", "status": "planeado"}
        | ({"dataset": ds} if ds else {})
        for k, ds in datasets.items()
    ]


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("plan") / "repo"
    init(root)
    party(root, "p")
    write(root, "parties/p/inventory.yaml", {"items": planned({k: ds for k, (ds, _) in ITEMS.items()})})
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
    assert summary(found) == {"cumplido": 2, "cumplido-con-retraso": 2, "vencido": 4, "en-plazo": 2, "ya-publicado": 0}
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


# --- a commitment "met" by a dataset that was already open before the plan -------------------

START = "2025-01-01"
# item: (dataset or None, due date, descriptor's `created` or None)
BEFORE = {
    "viejo": ("dv", "2025-03-31", None),  # first committed 2024-06-01, before the plan's start
    "nuevo": ("dn", "2025-03-31", None),  # first committed 2025-02-01: met
    "importado": ("di", "2025-09-30", "2019-05"),  # committed 2025-02-01, published at its source in 2019
    "fecha-tardia": ("dt", "2025-06-30", "2025-01-15"),  # `created` after the start: git's date stands
    "sin-conjunto": (None, "2025-04-30", None),  # nothing published, due passed
}


@pytest.fixture(scope="module")
def before_repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("before") / "repo"
    init(root)
    party(root, "p")
    write(root, "parties/p/inventory.yaml", {"items": planned({k: d for k, (d, _, _) in BEFORE.items()})})
    dataset(root, "p", "dv")
    commit(root, "2024-06-01", "conjunto abierto antes del plan")
    write(
        root,
        "parties/p/opening-plan.yaml",
        {
            "period": {"start": START, "end": "2025-12-31"},
            "commitments": [{"item": k, "due": due} for k, (_, due, _) in BEFORE.items()],
        },
    )
    for name, _, created in BEFORE.values():
        if name and name != "dv":
            dataset(root, "p", name, **({"created": created} if created else {}))
    commit(root, "2025-02-01", "plan y conjuntos nuevos")
    return root


def test_a_dataset_open_before_the_plan_does_not_meet_it(before_repo: Path) -> None:
    catalogue = load_catalogue(before_repo)
    found = {
        s.item: s
        for s in opening_plan_status(
            catalogue.parties["p"], read_history(before_repo), D("2025-07-15"), catalogue.datasets, catalogue.datasets
        )
    }
    assert {k: s.status for k, s in found.items()} == {
        "viejo": "ya-publicado",
        "nuevo": "cumplido",
        "importado": "ya-publicado",
        "fecha-tardia": "cumplido",
        "sin-conjunto": "vencido",
    }
    assert not any(s.fulfilled for s in found.values() if s.status == "ya-publicado")
    assert (found["viejo"].published, bool(found["viejo"].commit)) == (D("2024-06-01"), True)
    assert (found["importado"].published, found["importado"].commit) == (D("2019-05-31"), None)
    assert found["fecha-tardia"].published == D("2025-02-01")  # a typed date never makes a commitment met
    enriched = enrich(catalogue, today=D("2025-07-15"))
    assert summary(enriched.plans["p"])["ya-publicado"] == 2
    row = next(r for r in enriched.indicators.rows if (r.dimension, r.key) == ("sujeto", "p"))
    # counted as unmet: "viejo" is past due, "importado" is not yet due
    assert (row.values["cumplidos"], row.values["vencidos"], row.values["en_plazo"]) == (2, 2, 1)


def validate_json(repo: Path, *args: str) -> list[dict]:
    result = CliRunner().invoke(cli, ["--repo", str(repo), "validate", "--no-data", "--format", "json", *args])
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.output)["problems"]


def commitment_line(repo: Path, item: str) -> int:
    lines = (repo / "parties/p/opening-plan.yaml").read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, 1) if line.strip() == f"- item: {item}")


def clone(repo: Path, target: Path) -> Path:
    git(target.parent, "clone", "-q", str(repo), str(target))
    return target


def test_validate_reports_the_commitment_at_its_line(before_repo: Path, tmp_path: Path) -> None:
    repo = clone(before_repo, tmp_path / "clone")  # no cache: a fresh checkout, as in CI
    found = [p for p in validate_json(repo) if p["code"] == "commitment-met-before-plan"]
    assert sorted((p["path"], p["line"], p["severity"]) for p in found) == sorted(
        ("parties/p/opening-plan.yaml", commitment_line(repo, item), "error") for item in ("viejo", "importado")
    )
    # the history was read once, and kept for the next build or check
    assert log_path(repo).exists()


def test_a_change_elsewhere_does_not_look_at_the_plan(before_repo: Path, tmp_path: Path) -> None:
    repo = clone(before_repo, tmp_path / "clone")
    git(repo, "checkout", "-qb", "otro")
    party(repo, "q")
    commit(repo, "2025-03-01", "otro sujeto")
    assert not [p for p in validate_json(repo, "--changed-since", "main") if p["code"] == "commitment-met-before-plan"]
    assert not log_path(repo).exists()  # no plan in scope: git's history was not read at all
    inventory = repo / "parties/p/inventory.yaml"
    inventory.write_text(inventory.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    commit(repo, "2025-03-02", "toca el inventario")
    found = [p for p in validate_json(repo, "--changed-since", "main") if p["code"] == "commitment-met-before-plan"]
    assert len(found) == 2


def test_every_status_has_a_label_in_both_languages() -> None:
    for lang in ("es", "en"):
        labels = yaml.safe_load((ROOT / "build" / "i18n" / f"{lang}.yaml").read_text(encoding="utf-8"))
        assert all(labels.get("plan_" + s.replace("-", "_")) for s in STATUSES), lang
