"""The site's lists and figures as the public reads them: the home page's ways in (theme, state) and
no card twice; institutions sorted by datasets with a name filter; inventory links named by their
dataset; a party's scorecard in its own terms; indicator charts captioned above, trends of 2+ dates."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from catalogo.enrich import enrich
from catalogo.load import load_catalogue
from catalogo.render.charts import bar_chart
from catalogo.render.write import render_site, site_settings

from .conftest import ROOT
from .measure_support import commit, dataset, init, party, write

pytestmark = pytest.mark.xdist_group("site")


def page(site: Path, path: str) -> str:
    return (site / path / "index.html").read_text(encoding="utf-8")


def section(html: str, label: str) -> str:
    match = re.search(rf'<section[^>]*aria-labelledby="{label}"[^>]*>(.*?)</section>', html, re.S)
    assert match, label
    return match.group(1)


def target(site: Path, page_path: str, href: str) -> Path:
    """The file a relative link of the page at `page_path` leads to."""
    path = unquote(urlsplit(href).path)
    resolved = (site / page_path / path).resolve()
    return resolved / "index.html" if path.endswith("/") else resolved


@pytest.mark.parametrize("home", ["", "en/"])
def test_home_lists_no_dataset_card_twice(built_site: Path, home: str) -> None:
    cards = re.findall(r'<h3 class="cat-card__title"[^>]*><a href="([^"]+)"', page(built_site, home))
    assert cards and len(cards) == len(set(cards))


@pytest.mark.parametrize("home", ["", "en/"])
def test_home_offers_ways_in_by_theme_and_by_state(built_site: Path, home: str) -> None:
    html = page(built_site, home)
    ways = section(html, "explora")
    themes = re.findall(r'<a href="([^"]+)">([^<]+)</a>', ways.split("cat-ways--themes", 1)[1].split("</ul>", 1)[0])
    assert ("Salud" if not home else "Health") in [label for _, label in themes]
    for href, label in themes:  # a search of the catalogue for the theme's name
        assert unquote(urlsplit(href).query) == f"q={label}" and target(built_site, home, href).is_file()
    states = re.findall(r'<a href="([^"]+)">([^<]+)</a>', ways.split("cat-ways--states", 1)[1].split("</ul>", 1)[0])
    assert ("./estados/14/" if not home else "../en/estados/14/", "Jalisco") in states
    for href, _ in states:
        assert target(built_site, home, href).is_file(), href
    assert html.index('id="explora"') < html.index('id="recientes"')


def test_institution_lists_put_most_datasets_first(built_site: Path) -> None:
    html = page(built_site, "instituciones/por-orden/estatal")
    names = re.findall(r'<h3 class="cat-card__title"[^>]*><a href="[^"]+">([^<(]+)', html)
    assert [n.strip() for n in names] == ["Gobierno del Estado de Jalisco", "Congreso del Estado de Sonora"]
    form = re.search(r"<form [^>]*data-filtro=\"([^\"]+)\"[^>]*>", html)
    assert form and " hidden" in form.group(0) and f'id="{form.group(1)}"' in html  # shown by filtro.js
    assert re.search(r'<input id="filtro-nombre" type="search"', html) and 'for="filtro-nombre"' in html
    script = re.search(r'<script src="([^"]*filtro\.js)"></script>', html)
    assert script and target(built_site, "instituciones/por-orden/estatal/", script.group(1)).is_file()


def test_inventory_links_are_named_by_their_dataset(built_site: Path) -> None:
    for path in ("instituciones/secretaria-de-salud/", "en/instituciones/secretaria-de-salud/"):
        links = re.findall(r'<a href="([^"]*datos/[^"]+)">([^<]+)</a>', section(page(built_site, path), "inventario"))
        assert links, path
        for href, text in links:
            title = re.search(r"<h1[^>]*>(.*?)</h1>", target(built_site, path, href).read_text(encoding="utf-8"), re.S)
            assert title and text == title.group(1).strip()


def test_scorecard_shows_no_share_of_parties_for_one_party(built_site: Path) -> None:
    for path, has in (
        ("instituciones/secretaria-de-salud", "Tiene inventario de datos"),
        ("en/instituciones/secretaria-de-salud", "Has a data inventory"),
    ):
        scorecard = section(page(built_site, path), "tarjeta")
        assert "% de sujetos" not in scorecard and "% of parties" not in scorecard
        assert re.search(rf'<th scope="row">{has}</th><td[^>]*>(Sí|Yes)</td>', scorecard)


@pytest.mark.parametrize("path", ["indicadores", "en/indicadores"])
def test_indicator_charts_have_their_caption_above(built_site: Path, path: str) -> None:
    figures = re.findall(r'<figure class="cat-chart"[^>]*>(.*?)</figure>', page(built_site, path), re.S)
    assert len(figures) >= 9
    for figure in figures:
        assert figure.index("<figcaption>") < figure.index("<svg")


@pytest.mark.parametrize("path", ["indicadores", "en/indicadores"])
def test_indicator_tables_label_every_cell_and_say_what_they_count(built_site: Path, path: str) -> None:
    html = page(built_site, path)
    tables = re.findall(r'<table class="cat-table-cards">(.*?)</table>', html, re.S)
    assert tables
    for table in tables:
        headers = re.findall(r'<th scope="col">([^<]*)</th>', table)
        for row in re.findall(r"<tr><th scope=\"row\">.*?</tr>", table):
            assert re.findall(r'<td data-label="([^"]*)">', row) == headers[1:]
    scope = re.search(r'<p class="cat-indicators-scope">([^<]+)</p>', html)
    assert scope and re.search(r"6 (conjuntos de datos|datasets) .*4 (instituciones|institutions)", scope.group(1))


def test_a_trend_of_one_date_is_a_sentence_not_a_chart(built_site: Path) -> None:
    html = page(built_site, "indicadores")  # the fixture's history fits in one quarter
    assert 'id="tendencia-' not in html
    assert re.search(r'<p class="cat-trend-note">[^<]*dos fechas de corte', html)


def test_bar_labels_wrap_whole_at_a_phone_width() -> None:
    label = "Sujetos obligados del Poder Ejecutivo federal y de sus órganos desconcentrados"
    svg = bar_chart("b", "t", "d", [(label, 5), ("Corto", None)])
    assert 'viewBox="0 0 360 ' in svg and "…" not in svg
    lines = re.findall(r'<text x="0" y="\d+">([^<]+)</text>', svg)
    assert " ".join(lines[:-2]) == label and all(len(line) <= 42 for line in lines)


@pytest.fixture(scope="module")
def small_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Three federal parties with 0, 2 and 1 datasets, published over two quarters."""
    root = tmp_path_factory.mktemp("lists") / "repo"
    init(root)
    for party_id in ("a", "b", "c"):
        party(root, party_id)
    write(root, "parties/a/inventory.yaml", {"items": []})
    commit(root, "2026-01-10")
    dataset(root, "b", "uno")
    dataset(root, "b", "dos")
    dataset(root, "c", "tres")
    commit(root, "2026-02-01")
    write(root, "datasets/b/uno/data/datos.csv", "a\n2\n")
    commit(root, "2026-05-20")
    out = root.parent / "site"
    enriched = enrich(load_catalogue(root), today=dt.date(2026, 6, 1))
    render_site(
        enriched, out, site_settings({"es": "Datos", "en": "Data"}, "https://datos.example.mx/"), ROOT / "build"
    )
    return out


def test_institutions_without_datasets_come_last_as_a_compact_list(small_site: Path) -> None:
    html = page(small_site, "instituciones/por-orden/federal")
    cards = re.findall(r'<h3 class="cat-card__title"[^>]*><a href="[^"]+">([^<]+)</a>', html)
    assert cards == ["Sujeto b", "Sujeto c"]
    without = section(html, "sin-conjuntos")
    assert re.findall(r"<li><a [^>]+>([^<]+)</a></li>", without) == ["Sujeto a"]
    assert html.index('id="con-conjuntos"') < html.index('id="sin-conjuntos"')


def test_home_updated_lists_only_changes_after_publication(small_site: Path) -> None:
    html = page(small_site, "")
    cards = re.findall(r'<h3 class="cat-card__title"[^>]*><a href="([^"]+)"', html)
    assert len(cards) == len(set(cards)) == 3


def test_a_trend_of_two_dates_is_drawn(small_site: Path) -> None:
    html = page(small_site, "indicadores")
    assert 'id="tendencia-conjuntos"' in html
    assert "3 conjuntos de datos de 2 instituciones; aún sin publicar: 1 de las 3 instituciones" in html


def test_numbers_asking_for_the_same_item_are_one_linked_request() -> None:
    from catalogo.measure.demand import Citation, RequestStatus
    from catalogo.render.measure_views import requests_view
    from catalogo.render.ui import load_languages

    cuenta = (Citation("shcp", "cuenta-publica", "Cuenta pública", ""),)
    other = (Citation("shcp", "deuda", "Deuda", ""),)
    statuses = [
        RequestStatus(21, "abierta", False, ("shcp",), cuenta),
        RequestStatus(9, "abierta", False, ("shcp",), cuenta),
        RequestStatus(14, "abierta", False, ("shcp",), other),
    ]
    repo = "https://github.com/datosgobmx/catalogo"
    view = requests_view(statuses, "shcp", load_languages(ROOT / "build")["es"], repo, None)
    assert view is not None
    shown = view.groups[0].requests
    assert [(r.number, r.also) for r in shown] == [(9, ((21, f"{repo}/issues/21"),)), (14, ())]
    assert all(r.href == f"{repo}/issues/{r.number}" for r in shown)
