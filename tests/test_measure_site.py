"""The measurements on the site: quality breakdown and timeliness flag on dataset pages; ranked
inventory, plan statuses, data requests, datasets' quality and scorecard on party pages; the
indicators page with its charts and files. Rendered with the site's own templates (no mkdocs)."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest
import yaml

from catalogo.enrich import enrich
from catalogo.load import load_catalogue
from catalogo.measure.figures import SCORECARD, indicators_csv
from catalogo.render.ui import load_languages
from catalogo.render.write import render_site, site_settings

from .conftest import ROOT
from .measure_support import commit, dataset, init, party, write

TODAY = dt.date(2026, 6, 1)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory):
    root = tmp_path_factory.mktemp("measure-site") / "repo"
    init(root)
    party(root, "p")
    party(root, "q", level="estatal", state="14")
    write(
        root,
        "parties/p/inventory.yaml",
        {
            "items": [
                {
                    "id": "a",
                    "title": "Activo A",
                    "series_type": "institucional",
                    "status": "publicado",
                    "dataset": "al-dia",
                    "priority": {"demand": 2},
                    "demand": {"requests": [3]},
                },
                {
                    "id": "b",
                    "title": "Activo B",
                    "series_type": "institucional",
                    "status": "publicado",
                    "dataset": "atrasado",
                    "priority": {"demand": 1, "public_value": 1},
                },
                {
                    "id": "c",
                    "title": "Activo C",
                    "series_type": "prioritario",
                    "status": "planeado",
                    "priority": {"demand": 5, "public_value": 5},
                    "demand": {"requests": [5]},
                },
            ]
        },
    )
    write(
        root,
        "parties/p/opening-plan.yaml",
        {
            "period": {"start": "2026-01-01", "end": "2026-12-31"},
            "commitments": [
                {"item": "a", "due": "2026-03-31"},
                {"item": "b", "due": "2026-01-15"},
                {"item": "c", "due": "2026-04-30"},
            ],
        },
    )
    commit(root, "2026-01-10")
    dataset(root, "p", "al-dia", frequency="mensual")
    dataset(root, "p", "atrasado", frequency="mensual")
    commit(root, "2026-02-01")
    write(root, "datasets/p/al-dia/data/datos.csv", "a\n2\n")
    commit(root, "2026-05-20")
    enriched = enrich(load_catalogue(root), today=TODAY)
    out = tmp_path_factory.mktemp("measure-site") / "site"
    render_site(
        enriched, out, site_settings({"es": "Datos", "en": "Data"}, "https://datos.example.mx/"), ROOT / "build"
    )
    return enriched, out


def page(out: Path, path: str) -> str:
    return (out / path / "index.html").read_text(encoding="utf-8")


def section(html: str, label: str) -> str:
    match = re.search(rf'<section aria-labelledby="{label}"[^>]*>(.*?)</section>', html, re.S)
    assert match, label
    return match.group(1)


def test_dataset_page_shows_the_quality_breakdown_and_timeliness(built) -> None:
    enriched, out = built
    late = section(page(out, "datos/p/atrasado"), "calidad")
    assert len(re.findall(r'<caption id="calidad-', late)) == 6  # five MQA dimensions and LGTAIP
    assert len(re.findall(r'<tr class="cat-criterion-', late)) == len(enriched.datasets["p/atrasado"].quality.criteria)
    assert "cat-timeliness-atrasado" in late and "<mark>" in late
    assert f"{enriched.datasets['p/atrasado'].quality.score:g}" in late
    fresh = section(page(out, "datos/p/al-dia"), "calidad")
    assert "cat-timeliness-al-dia" in fresh and "<mark>" not in fresh
    english = section(page(out, "en/datos/p/al-dia"), "calidad")
    strings = yaml.safe_load((ROOT / "build" / "i18n" / "en.yaml").read_text(encoding="utf-8"))
    assert strings["quality_label_findability"] in english and strings["quality_label_libre_uso"] in english


def test_party_page_ranks_the_inventory_and_shows_plan_requests_quality_and_scorecard(built) -> None:
    enriched, out = built
    html = page(out, "instituciones/p")
    inventory = section(html, "inventario")
    assert [enriched.priorities["p"][i].item.title for i in range(3)] == ["Activo C", "Activo A", "Activo B"]
    assert re.findall(r"Activo [ABC]", inventory) == ["Activo C", "Activo A", "Activo B"]
    plan = section(html, "plan")
    for item, status in (("a", "cumplido"), ("b", "cumplido-con-retraso"), ("c", "vencido")):
        row = re.search(rf"<tr><td>Activo {item.upper()}</td>.*?</tr>", plan, re.S).group(0)
        assert load_languages(ROOT / "build")["es"].t["plan_" + status.replace("-", "_")] in row, row
    requests = section(html, "solicitudes")
    open_part, fulfilled_part = requests.split("<h3>")[1:3]
    assert "#5" in open_part and "#3" in fulfilled_part and 'href="../../datos/p/al-dia/"' in fulfilled_part
    quality = section(html, "calidad")
    assert quality.count('<th scope="row">') == 2 and "<mark>" in quality
    scorecard = section(html, "tarjeta")
    assert scorecard.count('<th scope="row">') == len(enriched.indicators.scorecards["p"]) == len(SCORECARD)


def test_indicators_page_and_files(built) -> None:
    enriched, out = built
    for path in ("indicadores", "en/indicadores"):
        html = page(out, path)
        assert html.count('<svg xmlns="http://www.w3.org/2000/svg"') >= 10
        assert html.count('role="img"') == html.count("<title id=")
        assert "<script" not in html.split("<svg", 1)[1].rsplit("</svg>", 1)[0]
        assert 'href="../indicadores.csv"' in html or 'href="../../indicadores.csv"' in html
    assert ">Executive<" in page(out, "en/indicadores") and ">Poder Ejecutivo<" in page(out, "indicadores")
    assert (out / "indicadores.csv").read_text(encoding="utf-8") == indicators_csv(enriched.indicators)
    data = json.loads((out / "indicadores.json").read_text(encoding="utf-8"))
    assert data["fecha"] == TODAY.isoformat() and {r["clave"] for r in data["indicadores"]} >= {"mx", "p", "q"}
    assert 'href="../indicadores/"' in page(out, "datos")  # in the navigation of every page
