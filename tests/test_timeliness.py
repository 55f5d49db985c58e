"""Timeliness from git: data files (or the descriptor, for URL resources) against the declared
frequency plus the tolerance in catalogo.yaml; editing only the descriptor does not count."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from catalogo.core.config import DEFAULTS
from catalogo.enrich import enrich
from catalogo.gitdata.history import History, read_history
from catalogo.load import load_catalogue
from catalogo.measure.timeliness import allowed_days, assess, dataset_timeliness

from .measure_support import commit, dataset, init, party, write

TODAY = dt.date(2026, 6, 1)
TOLERANCE = DEFAULTS["timeliness"]  # max(3 days, 25 % of the period)
URL = [{"name": "remoto", "path": "https://datos.example.gob.mx/remoto.csv", "format": "csv"}]


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("timeliness") / "repo"
    init(root)
    party(root, "p")
    dataset(root, "p", "fresco", frequency="mensual")  # data changed 2026-05-01: 31 days
    dataset(root, "p", "maquillado", frequency="mensual")  # data 2026-01-15, descriptor edited 2026-05-25
    dataset(root, "p", "remoto", frequency="mensual", data=None, resources=URL)  # descriptor 2026-05-20
    dataset(root, "p", "limite", frequency="semanal")  # data 2026-05-22: exactly 7 + 3 days
    dataset(root, "p", "pasado", frequency="semanal")  # data 2026-05-21: one day more
    dataset(root, "p", "irregular", frequency="irregular")
    dataset(root, "p", "historico", frequency="sin-actualizacion")
    commit(root, "2026-01-15")
    for name, day in (("fresco", "2026-05-01"), ("pasado", "2026-05-21"), ("limite", "2026-05-22")):
        write(root, f"datasets/p/{name}/data/datos.csv", f"a\n{day[-2:]}\n")
        commit(root, day)
    write(
        root,
        "datasets/p/remoto/datapackage.yaml",
        (root / "datasets/p/remoto/datapackage.yaml").read_text(encoding="utf-8") + "version: '2'\n",
    )
    commit(root, "2026-05-20")
    path = root / "datasets/p/maquillado/datapackage.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("Descripción de prueba.", "Actualizado."), encoding="utf-8"
    )
    commit(root, "2026-05-25")
    dataset(root, "p", "nuevo", frequency="mensual")  # not committed
    return root


@pytest.fixture(scope="module")
def found(repo: Path) -> dict:
    catalogue = load_catalogue(repo)
    history = read_history(repo)
    return {d.id: dataset_timeliness(d, history, TODAY, TOLERANCE) for d in catalogue.datasets.values()}


def test_tolerance_from_the_configuration() -> None:
    assert allowed_days(31, TOLERANCE) == 31 + 8  # ceil(0.25 * 31)
    assert allowed_days(7, TOLERANCE) == 7 + 3  # ceil(1.75) = 2 < the 3-day minimum
    assert allowed_days(1, {"tolerance_share": 0, "tolerance_min_days": 0}) == 1


def test_each_case(found: dict) -> None:
    assert {k: t.status for k, t in found.items()} == {
        "fresco": "al-dia",
        "maquillado": "atrasado",
        "remoto": "al-dia",
        "limite": "al-dia",
        "pasado": "atrasado",
        "irregular": "sin-periodicidad",
        "historico": "historico",
        "nuevo": "sin-historial",
    }


def test_editing_the_descriptor_does_not_make_data_fresh(found: dict) -> None:
    t = found["maquillado"]
    assert t.last_change == dt.date(2026, 1, 15)
    assert t.basis == ("datasets/p/maquillado/data/datos.csv",)
    assert t.due == dt.date(2026, 1, 15) + dt.timedelta(days=39)
    assert t.days_overdue(TODAY) == (TODAY - t.due).days


def test_url_resources_count_the_descriptor(found: dict) -> None:
    assert found["remoto"].basis == ("datasets/p/remoto/datapackage.yaml",)
    assert found["remoto"].last_change == dt.date(2026, 5, 20)


def test_boundary_of_the_tolerance(found: dict) -> None:
    assert found["limite"].allowed_days == 10 and (TODAY - found["limite"].last_change).days == 10
    assert (TODAY - found["pasado"].last_change).days == 11
    assert assess("semanal", dt.date(2026, 5, 22), TODAY, TOLERANCE)[0] == "al-dia"  # 10 days
    assert assess("semanal", dt.date(2026, 5, 21), TODAY, TOLERANCE)[0] == "atrasado"  # 11 days


def test_enrich_sets_timeliness_and_flags_overdue(repo: Path) -> None:
    enriched = enrich(load_catalogue(repo), today=TODAY)
    overdue = sorted(k for k, i in enriched.datasets.items() if i.timeliness.overdue)
    assert overdue == ["p/maquillado", "p/pasado"]
    assert enriched.datasets["p/fresco"].timeliness.as_dict()["last_change"] == "2026-05-01"


def test_without_history_nothing_is_measured(repo: Path) -> None:
    catalogue = load_catalogue(repo)
    t = dataset_timeliness(catalogue.datasets["p/fresco"], History(), TODAY, TOLERANCE)
    assert t.status == "sin-historial" and t.last_change is None


def test_overdue_datasets_go_into_their_party_summary(repo: Path) -> None:
    from catalogo.checks.links import LinkResults
    from catalogo.measure.linkreport import summaries

    enriched = enrich(load_catalogue(repo), today=TODAY)
    texts = summaries(enriched, LinkResults())
    assert list(texts) == ["p"]
    assert texts["p"].startswith("<!-- catalogo:check-links sujeto=p -->")
    assert "`p/maquillado`" in texts["p"] and "`p/pasado`" in texts["p"] and "`p/fresco`" not in texts["p"]


def test_the_party_summary_tells_its_maintainers(repo: Path, tmp_path: Path) -> None:
    """The weekly issue @mentions the handles the party declares (`maintainers`), and only those."""
    import shutil

    from catalogo.checks.links import LinkResults
    from catalogo.measure.linkreport import summaries

    root = tmp_path / "repo"
    shutil.copytree(repo, root)
    party(root, "p", maintainers=["ana-lopez", "datos-salud"])
    text = summaries(enrich(load_catalogue(root), today=TODAY), LinkResults())["p"]
    assert "Para / to: @ana-lopez @datos-salud" in text and text.count("@") == 2
