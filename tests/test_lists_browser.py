"""Lists and figures in a real browser (Chromium, the fixture site): the institutions' name filter,
and the indicators page at 360 px, with tables as cards and charts whose text stays legible."""

from __future__ import annotations

import pytest

from .test_site_browser import Visit, axe_findings, browser, expect, site_url  # noqa: F401 (fixtures)

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("site")]

LIST = "instituciones/por-orden/estatal/"


def test_the_name_filter_narrows_the_institutions(browser, site_url: str) -> None:  # noqa: F811
    visit = Visit(browser, width=360)
    try:
        page = visit.open(site_url + LIST)
        cards = page.locator("#lista-instituciones li")
        expect(page.locator("#filtro-nombre")).to_be_visible()  # the script shows the form
        expect(cards).to_have_count(2)
        page.locator("#filtro-nombre").fill("sonora")
        expect(page.locator("#lista-instituciones li:visible")).to_have_count(1)
        assert "Sonora" in page.locator("#lista-instituciones li:visible").inner_text()
        expect(page.locator(".cat-filter-status")).to_have_text("1 de 2 instituciones")
        page.locator("#filtro-nombre").fill("jalísco")  # accents and case do not matter
        assert "Jalisco" in page.locator("#lista-instituciones li:visible").inner_text()
        page.locator("#filtro-nombre").fill("ninguna así")
        expect(page.locator("#lista-instituciones li:visible")).to_have_count(0)
        expect(page.locator(".cat-filter-none")).to_be_visible()
        page.locator("#filtro-nombre").fill("")
        expect(page.locator("#lista-instituciones li:visible")).to_have_count(2)
        assert visit.problems == []
    finally:
        visit.close()


def test_without_javascript_every_institution_shows(browser, site_url: str) -> None:  # noqa: F811
    visit = Visit(browser, java_script_enabled=False)
    try:
        page = visit.open(site_url + LIST)
        expect(page.locator("#filtro-nombre")).to_be_hidden()
        expect(page.locator("#lista-instituciones li:visible")).to_have_count(2)
    finally:
        visit.close()


TABLES = ".cat-table-scroll"
PARTY_TABLES = "[aria-labelledby=inventario-tabla], [aria-labelledby=tarjeta-tabla]"


@pytest.mark.parametrize(
    ("path", "tables"),
    [
        ("indicadores/", TABLES),
        ("en/indicadores/", TABLES),
        ("instituciones/secretaria-de-salud/", PARTY_TABLES),
        (LIST, TABLES),
        ("", TABLES),
    ],
)
def test_a_phone_never_scrolls_sideways(browser, site_url: str, path: str, tables: str) -> None:  # noqa: F811
    visit = Visit(browser, width=360)
    try:
        page = visit.open(site_url + path)
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
        wide = page.evaluate(
            f"[...document.querySelectorAll('{tables}')].filter(e => e.scrollWidth > e.clientWidth + 1).length"
        )
        assert wide == 0  # the tables became cards: nothing to scroll inside them either
        assert visit.problems == []
    finally:
        visit.close()


def test_indicator_charts_stay_legible_on_a_phone(browser, site_url: str) -> None:  # noqa: F811
    visit = Visit(browser, width=360)
    try:
        page = visit.open(site_url + "indicadores/")
        sizes = page.evaluate(
            "[...document.querySelectorAll('figure.cat-chart svg text')].map(t => t.getBoundingClientRect().height)"
        )
        assert sizes and min(sizes) >= 12  # about 13 px text; at 640 px drawings it was about 6 px
        below = page.evaluate(
            "[...document.querySelectorAll('figure.cat-chart')].every(f =>"
            " f.querySelector('figcaption').getBoundingClientRect().bottom <= f.querySelector('svg').getBoundingClientRect().top + 1)"
        )
        assert below  # each caption is above its chart
    finally:
        visit.close()


@pytest.mark.parametrize("width", [360, 1280])
@pytest.mark.parametrize("path", ["", "indicadores/", "en/indicadores/", LIST, "instituciones/secretaria-de-salud/"])
def test_axe_finds_nothing_in_the_lists_and_figures(browser, site_url: str, path: str, width: int) -> None:  # noqa: F811
    checked = Visit(browser, width=width, bypass_csp=True)  # the policy forbids injected scripts
    try:
        page = checked.open(site_url + path)
        # the page's content only: the header and footer are the layout's own tests
        findings = axe_findings(page, "{include: ['article']}")
    finally:
        checked.close()
    assert [f["text"] for f in findings] == []
