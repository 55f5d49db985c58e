"""The catalogue's search in a real browser at 360 px and 1280 px: no invented matches (a word absent
from the catalogue says so), results in place of the list, words, filters and order kept in the
address, result facts, filter counts and chips, English words that find Spanish datasets."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest

from .test_site_browser import (  # noqa: F401 (fixtures)
    MESSAGE,
    RESULT,
    Visit,
    browser,
    expect,
    result_count,
    search,
    settled,
    site_url,
    titles,
)

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("site")]

WIDTHS = [360, 1280]
LIST = "#todos"
NOTHING = "#buscador-nada"


@pytest.fixture(params=WIDTHS, ids=lambda w: f"{w}px")
def visit(browser, request) -> object:  # noqa: F811
    current = Visit(browser, width=request.param)
    yield current
    current.close()


def test_a_word_absent_from_the_catalogue_finds_nothing(visit: Visit, site_url: str) -> None:  # noqa: F811
    page = visit.open(site_url + "datos/")
    search(page, "dengue")  # Pagefind alone answers with every "de"
    assert page.locator(RESULT).count() == 0
    assert page.locator(MESSAGE).inner_text() == "No encontramos «dengue»."
    expect(page.locator(LIST)).to_be_hidden()
    assert visit.problems == []


@pytest.mark.parametrize("words", ["presas", "campeche", "desempleo", "oaxaca"])
def test_pagefind_stand_ins_are_not_matches(visit: Visit, site_url: str, words: str) -> None:  # noqa: F811
    page = visit.open(site_url + "datos/")
    search(page, words)  # "presas" shares its stem's start with "presupuesto"
    assert page.locator(RESULT).count() == 0
    assert page.locator(MESSAGE).inner_text() == f"No encontramos «{words}»."


def test_a_state_with_no_dataset_offers_its_page(visit: Visit, site_url: str) -> None:  # noqa: F811
    page = visit.open(site_url + "datos/")
    search(page, "Yucatán")
    assert page.locator(MESSAGE).inner_text() == "No encontramos «Yucatán»."
    link = page.locator(f"{NOTHING} .cat-nomatch__state a")
    expect(link).to_have_text("Ver la página de Yucatán")
    assert link.get_attribute("href").endswith("/estados/31/")
    link.click()
    page.wait_for_load_state()
    assert urlsplit(page.url).path.endswith("/estados/31/")
    assert visit.problems == []


def test_a_misspelt_word_offers_similar_words(visit: Visit, site_url: str) -> None:  # noqa: F811
    page = visit.open(site_url + "datos/")
    search(page, "tianguiz")
    assert page.locator(RESULT).count() == 0
    similar = page.locator(f"{NOTHING} .cat-nomatch__similar a")
    assert "tianguis" in similar.all_inner_texts()
    similar.filter(has_text=re.compile("^tianguis$")).click()
    settled(page)
    assert titles(page)[0].startswith("Tianguis de Zapopan")
    assert visit.problems == []


def test_a_word_start_of_four_letters_finds_longer_words(visit: Visit, site_url: str) -> None:  # noqa: F811
    page = visit.open(site_url + "datos/")
    search(page, "hospi")  # "hospitalarias", "hospitales"
    assert titles(page) == ["Camas hospitalarias por unidad médica"]


def test_results_replace_the_list_until_cleared(visit: Visit, site_url: str) -> None:  # noqa: F811
    page = visit.open(site_url + "datos/")
    expect(page.locator(LIST)).to_be_visible()
    search(page, "tianguis")
    expect(page.locator(LIST)).to_be_hidden()
    assert page.locator(RESULT).count() == 1
    page.locator(".cat-active__clear").click()
    expect(page.locator(LIST)).to_be_visible()
    expect(page.locator("#resultados")).to_be_hidden()
    assert page.locator("#buscar-palabras").input_value() == ""
    assert "q=" not in page.url
    assert visit.problems == []


def test_a_query_and_a_filter_round_trip_through_the_address(visit: Visit, site_url: str) -> None:  # noqa: F811
    page = visit.open(site_url + "datos/")
    search(page, "registro")
    page.locator("summary", has_text="Entidad federativa").click()
    page.get_by_label("Jalisco", exact=True).check()
    settled(page)
    page.locator("#buscar-orden").select_option("title")
    settled(page)
    shown = titles(page)
    assert result_count(page) == 3
    params = parse_qs(urlsplit(page.url).query)
    assert params == {"q": ["registro"], "state": ["Jalisco"], "orden": ["title"]}
    shared = visit.context.new_page()  # someone else opens the shared address
    shared.goto(page.url)
    settled(shared)
    assert shared.locator("#buscar-palabras").input_value() == "registro"
    assert shared.get_by_label("Jalisco", exact=True).is_checked()
    assert shared.locator("#buscar-orden").input_value() == "title"
    assert titles(shared) == shown
    expect(shared.locator(".cat-active__chips button")).to_have_text(["Jalisco ×"])
    expect(shared.locator(LIST)).to_be_hidden()
    assert visit.problems == []


def test_a_chip_removes_its_filter(visit: Visit, site_url: str) -> None:  # noqa: F811
    page = visit.open(site_url + "datos/?q=registro&state=Jalisco")
    settled(page)
    assert result_count(page) == 3
    chip = page.locator(".cat-active__chips button")
    assert chip.get_attribute("aria-label") == "Quitar filtro: Jalisco"
    chip.click()
    settled(page)
    assert result_count(page) == 6
    assert "state=" not in page.url
    expect(page.locator(".cat-active__chips button")).to_have_count(0)


def test_filters_show_counts_of_the_results(visit: Visit, site_url: str) -> None:  # noqa: F811
    page = visit.open(site_url + "datos/")
    search(page, "registro")
    counts = dict(
        zip(
            page.locator("fieldset[data-key=state] input").evaluate_all("boxes => boxes.map(b => b.value)"),
            page.locator("fieldset[data-key=state] .cat-filter__count").all_text_contents(),
            strict=True,
        )
    )
    assert counts["Jalisco"] == "(3)"
    assert all(re.fullmatch(r"\(\d+\)", n) for n in counts.values())


def test_sort_by_title_and_by_newest(visit: Visit, site_url: str) -> None:  # noqa: F811
    page = visit.open(site_url + "datos/?q=registro")
    settled(page)
    relevance = titles(page)
    page.locator("#buscar-orden").select_option("title")
    settled(page)
    by_title = titles(page)
    assert sorted(by_title) == sorted(relevance) and by_title == sorted(by_title, key=str.casefold)
    page.locator("#buscar-orden").select_option("newest")
    settled(page)
    newest = titles(page)
    assert sorted(newest) == sorted(relevance)
    assert newest[0] == "Calidad del aire en Guadalajara"  # its data changed last, on 1 March
    assert "orden=newest" in page.url
    assert visit.problems == []


def test_each_result_shows_its_facts_and_description(visit: Visit, site_url: str) -> None:  # noqa: F811
    page = visit.open(site_url + "datos/")
    search(page, "ozono")
    facts = page.locator(f"{RESULT} .cat-result__facts").inner_text()
    assert facts == "TSV · Periodo: 1 de junio de 2025 · Actualizado: 1 de marzo de 2026"
    summary = page.locator(f"{RESULT} .cat-result__excerpt")  # the description, not a run of keywords
    assert summary.inner_text().startswith("Registro horario de ozono y partículas PM10")
    assert summary.locator("mark").all_inner_texts() == ["ozono"]


def test_english_words_find_spanish_datasets(visit: Visit, site_url: str) -> None:  # noqa: F811
    page = visit.open(site_url + "en/datos/")
    search(page, "hospitals")  # "hospitales", through the search words kept with the vocabularies
    assert titles(page) == ["Camas hospitalarias por unidad médica"]
    assert page.locator(f"{RESULT} .cat-result__title a").get_attribute("lang") == "es"
    search(page, "dengue")
    assert page.locator(MESSAGE).inner_text() == "We found nothing for «dengue»."
    spanish = visit.context.new_page()
    spanish.goto(site_url + "datos/?q=hospitals")
    settled(spanish)
    assert spanish.locator(RESULT).count() == 0  # the Spanish pages carry no English words
    assert visit.problems == []
