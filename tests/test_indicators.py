"""Indicators of a small catalogue built in a git repository with dated commits, compared with
figures worked out by hand: at a cut-off date (per level, state, power and party), per quarter
before it (read from git history), and each party's scorecard against the national median.

The catalogue (quality weighs only keywords, so a dataset scores 100 with keywords, 0 without):

  2025-01-05  parties fed-a (federal, ejecutivo) and est-b (estatal, state 14, judicial; inventory
              j1 -> e1); dataset est-b/e1 (trimestral: 92 + 23 days allowed)
  2025-02-10  fed-a's inventory (i1 -> d1, i2 -> d2, i3) and plan (i1 due 03-31, i2 due 06-30,
              i3 due 09-30); dataset fed-a/d1 (mensual: 31 + 8 days allowed)
  2025-04-01  story s1 using fed-a/d1 and est-b/e1; party mun-c (municipal, state 14, ejecutivo)
  2025-05-01  fed-a/d1's data file changes
  2025-08-15  dataset fed-a/d2 (anual: 366 + 92 days; no keywords, no license)
  2025-10-20  est-b/e1's descriptor only changes (not its data)
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from catalogo.cli.main import cli
from catalogo.core.config import DEFAULTS

from .conftest import ROOT
from .measure_support import commit, dataset, init, party, write

COLUMNS = [
    "sujetos",
    "con_inventario",
    "con_plan",
    "compromisos",
    "cumplidos",
    "cumplidos_con_retraso",
    "vencidos",
    "en_plazo",
    "conjuntos",
    "conjuntos_medidos",
    "conjuntos_al_dia",
    "conjuntos_atrasados",
    "pct_con_inventario",
    "pct_con_plan",
    "pct_cumplimiento_plan",
    "pct_al_dia",
    "calidad_promedio",
    "pct_formato_abierto",
    "pct_licencia_abierta",
    "historias_por_conjunto",
]


def figures(*values) -> dict[str, str]:
    return {c: "" if v is None else str(v) for c, v in zip(COLUMNS, values, strict=True)}


#                sujetos inv plan | compromisos  ok late over due | conj med aldia atras | %inv  %plan %cumpl %aldia calidad %abierto %lic hist/conj
FED_A = figures(1, 1, 1, 3, 1, 1, 1, 0, 2, 2, 1, 1, 100.0, 100.0, 66.7, 50.0, 50.0, 100.0, 50.0, 0.5)
EST_B = figures(1, 1, 0, 0, 0, 0, 0, 0, 1, 1, 0, 1, 100.0, 0.0, None, 0.0, 100.0, 100.0, 100.0, 1.0)
MUN_C = figures(1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0.0, 0.0, None, None, None, None, None, None)
AT_CUTOFF = {
    ("nacional", "mx"): figures(3, 2, 1, 3, 1, 1, 1, 0, 3, 3, 1, 2, 66.7, 33.3, 66.7, 33.3, 66.7, 100.0, 66.7, 0.67),
    ("nivel", "estatal"): EST_B,
    ("nivel", "federal"): FED_A,
    ("nivel", "municipal"): MUN_C,
    ("estado", "14"): figures(2, 1, 0, 0, 0, 0, 0, 0, 1, 1, 0, 1, 50.0, 0.0, None, 0.0, 100.0, 100.0, 100.0, 1.0),
    ("poder", "ejecutivo"): figures(2, 1, 1, 3, 1, 1, 1, 0, 2, 2, 1, 1, 50.0, 50.0, 66.7, 50.0, 50.0, 100.0, 50.0, 0.5),
    ("poder", "judicial"): EST_B,
    ("sujeto", "est-b"): EST_B,
    ("sujeto", "fed-a"): FED_A,
    ("sujeto", "mun-c"): MUN_C,
}
NATIONAL_BY_QUARTER = {
    # Q1: mun-c, the story and d2 do not exist yet; i2 and i3 are not due; d1 is 49 days old
    "2025-03-31": figures(2, 2, 1, 3, 1, 0, 0, 2, 2, 2, 1, 1, 100.0, 50.0, 100.0, 50.0, 100.0, 100.0, 100.0, 0.0),
    # Q2: i2 is due on the cut-off day itself (not yet overdue); d1 60 days old, e1 176
    "2025-06-30": figures(3, 2, 1, 3, 1, 0, 0, 2, 2, 2, 0, 2, 66.7, 33.3, 100.0, 0.0, 100.0, 100.0, 100.0, 1.0),
    # Q3: d2 published 46 days after i2's due date; i3 due on the cut-off day
    "2025-09-30": figures(3, 2, 1, 3, 1, 1, 0, 1, 3, 3, 1, 2, 66.7, 33.3, 100.0, 33.3, 66.7, 100.0, 66.7, 0.67),
}


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("indicators") / "repo"
    init(root)
    weights = {dim: dict.fromkeys(criteria, 0) for dim, criteria in DEFAULTS["quality"]["weights"].items()}
    weights["findability"]["keywords"] = 1
    write(root, "catalogo.yaml", {"quality": {"weights": weights}})
    party(root, "fed-a")
    party(root, "est-b", level="estatal", power="judicial", state="14")
    write(root, "parties/est-b/inventory.yaml", {"items": [item("j1", "e1")]})
    dataset(root, "est-b", "e1", frequency="trimestral")
    commit(root, "2025-01-05")
    write(root, "parties/fed-a/inventory.yaml", {"items": [item("i1", "d1"), item("i2", "d2"), item("i3")]})
    write(
        root,
        "parties/fed-a/opening-plan.yaml",
        {
            "period": {"start": "2025-01-01", "end": "2025-12-31"},
            "commitments": [
                {"item": "i1", "due": "2025-03-31"},
                {"item": "i2", "due": "2025-06-30"},
                {"item": "i3", "due": "2025-09-30"},
            ],
        },
    )
    dataset(root, "fed-a", "d1", frequency="mensual")
    commit(root, "2025-02-10")
    write(
        root, "best-practices/stories/s1.yaml", {"id": "s1", "title": "Historia", "datasets": ["fed-a/d1", "est-b/e1"]}
    )
    party(root, "mun-c", level="municipal", state="14", municipality="14120")
    commit(root, "2025-04-01")
    write(root, "datasets/fed-a/d1/data/datos.csv", "a\n2\n")
    commit(root, "2025-05-01")
    dataset(root, "fed-a", "d2", frequency="anual", keywords=[], licenses=None)
    commit(root, "2025-08-15")
    write(
        root,
        "datasets/est-b/e1/datapackage.yaml",
        (root / "datasets/est-b/e1/datapackage.yaml").read_text(encoding="utf-8") + "version: '2'\n",
    )
    commit(root, "2025-10-20")
    return root


def item(item_id: str, dataset_id: str | None = None) -> dict:
    data = {"id": item_id, "title": f"Activo {item_id}", "series_type": "institucional", "status": "planeado"}
    return {**data, "dataset": dataset_id} if dataset_id else data


def run(repo: Path, *args: str) -> str:
    result = CliRunner().invoke(cli, ["--repo", str(repo), "indicators", *args])
    assert result.exit_code == 0, result.output
    return result.output


def rows(text: str) -> dict[tuple[str, str, str], dict[str, str]]:
    return {
        (r["fecha"], r["dimension"], r["clave"]): {c: r[c] for c in COLUMNS} for r in csv.DictReader(io.StringIO(text))
    }


@pytest.fixture(scope="module")
def table(repo: Path) -> dict:
    return rows(run(repo, "--at", "2025-11-15"))


def test_figures_at_the_cut_off_date(table: dict) -> None:
    found = {(d, k): v for (day, d, k), v in table.items() if day == "2025-11-15"}
    assert found == AT_CUTOFF


def test_quarterly_series_from_git_history(table: dict) -> None:
    national = {day: v for (day, d, _), v in table.items() if d == "nacional" and day != "2025-11-15"}
    assert national == NATIONAL_BY_QUARTER
    assert not [key for key in table if key[1] == "sujeto" and key[0] != "2025-11-15"]  # parties only at the cut-off
    assert table[("2025-03-31", "nivel", "federal")]["conjuntos"] == "1"
    assert ("2025-03-31", "nivel", "municipal") not in table  # mun-c came later


def test_a_past_cut_off_reads_the_catalogue_as_it_was(repo: Path, table: dict) -> None:
    past = rows(run(repo, "--at", "2025-06-30"))
    assert past[("2025-06-30", "nacional", "mx")] == NATIONAL_BY_QUARTER["2025-06-30"]
    assert past[("2025-03-31", "nacional", "mx")] == NATIONAL_BY_QUARTER["2025-03-31"]
    assert {k for k in past if k[1] == "sujeto"} == {("2025-06-30", "sujeto", p) for p in ("est-b", "fed-a", "mun-c")}
    assert past[("2025-06-30", "sujeto", "fed-a")]["conjuntos"] == "1"


def test_json_has_the_same_figures_and_the_scorecards(repo: Path) -> None:
    data = json.loads(run(repo, "--at", "2025-11-15", "--format", "json"))
    national = next(r for r in data["indicadores"] if r["dimension"] == "nacional")
    assert (national["conjuntos"], national["pct_cumplimiento_plan"], national["pct_al_dia"]) == (3, 66.7, 33.3)
    assert [r["fecha"] for r in data["serie_trimestral"] if r["dimension"] == "nacional"] == list(NATIONAL_BY_QUARTER)
    card = {line["indicador"]: (line["valor"], line["mediana_nacional"]) for line in data["tarjetas"]["fed-a"]}
    assert card == {
        "pct_con_inventario": (100.0, 100.0),  # 100, 100, 0
        "pct_con_plan": (100.0, 0.0),  # 100, 0, 0
        "pct_cumplimiento_plan": (66.7, 66.7),  # only fed-a has a plan
        "conjuntos": (2, 1),  # 2, 1, 0
        "pct_al_dia": (50.0, 25.0),  # 50, 0
        "calidad_promedio": (50.0, 75.0),  # 50, 100
        "pct_formato_abierto": (100.0, 100.0),
        "pct_licencia_abierta": (50.0, 75.0),
        "historias_por_conjunto": (0.5, 0.75),
        "pct_con_clave": (0.0, 0.0),  # no table with a state, municipal or registry key
        "pct_cruzables": (0.0, 0.0),
        "pct_por_sexo": (0.0, 0.0),  # no dataset declares gender_disaggregated
    }
    assert set(data["campos"]) >= set(COLUMNS) and data["metodo"]["es"] and data["metodo"]["en"]


def test_default_cut_off_is_the_newest_commit(repo: Path) -> None:
    dates = {key[0] for key in rows(run(repo))}
    assert max(dates) == "2025-10-20"


def test_charts_are_accessible_svg(repo: Path) -> None:
    import xml.etree.ElementTree as ET

    from catalogo.enrich import enrich
    from catalogo.load import load_catalogue
    from catalogo.measure.figures import COLUMNS as FIELDS
    from catalogo.render.charts import indicator_charts
    from catalogo.render.measure_views import field_label
    from catalogo.render.ui import load_languages

    languages = load_languages(ROOT / "build")
    labels = {code: {m: field_label(lang, m) for m in FIELDS} for code, lang in languages.items()}
    enriched = enrich(load_catalogue(repo))
    for lang in ("es", "en"):
        charts = indicator_charts(enriched.indicators, lang, labels[lang])
        assert len({c.id for c in charts}) == len(charts) >= 10
        for chart in charts:
            svg = ET.fromstring(chart.svg)
            ns = "{http://www.w3.org/2000/svg}"
            assert svg.get("role") == "img" and svg.find(f"{ns}title").text == chart.title
            assert svg.find(f"{ns}desc").text
            assert svg.findall(f".//{ns}text")
            assert "<script" not in chart.svg
        trend = next(c for c in charts if c.id == "tendencia-conjuntos")
        assert (
            "2025-03-31" in trend.svg
            and trend.svg
            == indicator_charts(enriched.indicators, lang, labels[lang])[
                [c.id for c in charts].index("tendencia-conjuntos")
            ].svg
        )  # deterministic
