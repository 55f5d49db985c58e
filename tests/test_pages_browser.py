"""Every page type in a real browser at 360 and 1280 px: one header (sticky, two lines at most, a menu
button without script, targets of 24 px, a skip link) and footer, the guides included; a real 404 in
both languages; Spanish content marked on English pages; axe finding nothing at all."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest

from . import test_site_browser as site_browser
from .test_site_browser import DATASET, Visit, axe_findings, expect

browser, site_url = site_browser.browser, site_browser.site_url  # the fixtures, shared


pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("site")]

MISSING = "datos/no/existe/"
PAGE_TYPES = [
    "",
    "datos/",
    DATASET,
    "instituciones/",
    "instituciones/secretaria-de-salud/",
    "instituciones/por-orden/federal/",
    "estados/",
    "estados/14/",
    "estados/14/120/",
    "indicadores/",
    "buenas-practicas/",
    "buenas-practicas/casos/",
    "buenas-practicas/casos/tema/salud/",
    "buenas-practicas/casos/presupuesto-ciudadano/",
    "buenas-practicas/herramientas/",
    "buenas-practicas/herramientas/tablero-aire/",
    "guias/",
    "guias/usar-datos/",
    "acerca/",
    MISSING,
]
MENU = {
    "es": ["Inicio", "Catálogo", "Estados", "Instituciones", "Buenas prácticas", "Indicadores", "Guías", "Acerca de"],
    "en": ["Home", "Catalogue", "States", "Institutions", "Best practices", "Indicators", "Guides", "About"],
}
HEADER_TARGETS = ".cat-header a, .cat-header summary"
LINE = 48  # px: one line of the header (its targets are 32 px tall and it has some padding)
VISIBLE_BOXES = """els => els.filter(e => e.offsetParent !== null).map(e => {
  const r = e.getBoundingClientRect();
  return {y: r.top, width: r.width, height: r.height, text: e.textContent.trim()};
})"""


def open_menu(page) -> None:
    """On a phone the menu sits behind its button; elsewhere it is always shown."""
    button = page.locator(".cat-menu summary")
    if button.is_visible():
        button.click()
        expect(page.locator(".cat-nav")).to_be_visible()


def missing_page(visit: Visit, url: str):
    response = visit.page.goto(url)
    visit.page.wait_for_load_state("networkidle")
    assert response is not None and response.status == 404
    return visit.page


@pytest.mark.parametrize("path", ["", DATASET, "guias/usar-datos/", MISSING, "en/", "en/guias/api/", "en/" + MISSING])
def test_header_is_sticky_and_two_lines_at_most_on_a_phone(browser, site_url: str, path: str) -> None:
    narrow = Visit(browser, width=360)
    page = narrow.page
    page.goto(site_url + path)
    header = page.locator("header.cat-header")
    box = header.bounding_box()
    rows = {round(b["y"]) for b in header.locator(HEADER_TARGETS).evaluate_all(VISIBLE_BOXES)}
    page.mouse.wheel(0, 3000)
    expect(header).to_be_in_viewport()
    top = header.evaluate("h => h.getBoundingClientRect().top")
    narrow.close()
    assert box is not None and box["height"] <= 2 * LINE, f"{path}: header {box} tall"
    assert len(rows) <= 2, f"{path}: header items on {len(rows)} lines"
    assert top == 0


@pytest.mark.parametrize("width", [360, 1280])
@pytest.mark.parametrize("path", ["", DATASET, "guias/usar-datos/", "en/estados/14/", "en/guias/api/", MISSING])
def test_header_targets_are_at_least_24_pixels(browser, site_url: str, path: str, width: int) -> None:
    visit = Visit(browser, width=width)
    page = visit.page
    page.goto(site_url + path)
    open_menu(page)
    boxes = page.locator(HEADER_TARGETS).evaluate_all(VISIBLE_BOXES)
    visit.close()
    small = [b for b in boxes if b["height"] < 24 or b["width"] < 24]
    assert len(boxes) >= 10 and small == []  # the name, the language, the menu's eight items


@pytest.mark.parametrize("lang", ["es", "en"])
def test_every_page_has_the_same_menu_and_footer(browser, site_url: str, lang: str) -> None:
    visit = Visit(browser)
    prefix = "en/" if lang == "en" else ""
    menus, footers = {}, {}
    for path in ["", DATASET, "buenas-practicas/casos/", "guias/", "guias/api/", "acerca/", MISSING]:
        visit.page.goto(site_url + prefix + path)
        menus[path] = visit.page.locator(".cat-nav a").all_inner_texts()
        footers[path] = visit.page.locator("footer").all_inner_texts()
    visit.close()
    assert all(menu == MENU[lang] for menu in menus.values()), menus
    assert all(footer == footers[""] for footer in footers.values()), footers
    assert "Material for MkDocs" not in footers["guias/"][0]


def test_menu_button_works_without_javascript(browser, site_url: str) -> None:
    context = browser.new_context(java_script_enabled=False, viewport={"width": 360, "height": 800})
    page = context.new_page()
    found = {}
    for path in ["datos/", "guias/usar-datos/"]:
        page.goto(site_url + path)
        hidden = page.locator(".cat-nav").is_hidden()
        page.locator(".cat-menu summary").click()
        expect(page.locator(".cat-nav")).to_be_visible()
        found[path] = (hidden, page.locator(".cat-nav a").all_inner_texts())
    context.close()
    assert found == {path: (True, MENU["es"]) for path in found}


@pytest.mark.parametrize("path", ["datos/", DATASET, "guias/usar-datos/", "en/guias/api/", MISSING])
def test_skip_link_leads_to_the_content(browser, site_url: str, path: str) -> None:
    visit = Visit(browser, width=360)
    page = visit.page
    page.goto(site_url + path)
    page.keyboard.press("Tab")
    skip = page.locator(".cat-skip")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    inside = page.evaluate("document.getElementById('contenido').contains(document.activeElement)")
    visit.close()
    assert inside


@pytest.mark.parametrize(
    ("path", "lang", "title", "other"),
    [
        (MISSING, "es", "No encontramos esta página", "en/"),
        ("en/" + MISSING, "en", "We could not find this page", ""),
        ("datos/sin-institucion/", "es", "No encontramos esta página", "en/"),
    ],
)
def test_missing_address_shows_the_sites_own_404(
    browser, site_url: str, path: str, lang: str, title: str, other: str
) -> None:
    visit = Visit(browser, width=360)
    page = missing_page(visit, site_url + path)
    assert page.locator("html").get_attribute("lang") == lang
    assert page.locator("h1").inner_text() == title
    assert page.locator(".cat-nav a").all_inner_texts() == MENU[lang]
    footer = page.locator("footer").inner_text()
    page.locator("header a[hreflang]").click()
    page.wait_for_load_state("networkidle")
    switched = page.url
    missing_page(visit, site_url + path)
    page.fill("#q", "tianguis")
    page.locator("#q").press("Enter")
    page.wait_for_load_state("networkidle")
    searched = page.url
    # the page's own answer is a 404 (each other failed request is listed with its address)
    problems = [p for p in visit.problems if not p.endswith((site_url + path, "status of 404 (Not Found)"))]
    visit.close()
    assert switched == site_url + other
    assert urlsplit(searched).path == urlsplit(site_url).path + ("en/" if lang == "en" else "") + "datos/"
    assert "q=tianguis" in searched
    assert "Material for MkDocs" not in footer
    assert problems == []


def test_english_pages_mark_spanish_content(browser, site_url: str) -> None:
    visit = Visit(browser)
    page = visit.open(site_url + "en/" + DATASET)
    english = {
        "title": page.locator("article h1").get_attribute("lang"),
        "description": page.locator(".cat-description").first.get_attribute("lang"),
        "party": page.locator(".cat-party-line a").first.get_attribute("lang"),
        "heading": page.locator("article h2").first.get_attribute("lang"),  # an English UI text
    }
    page = visit.open(site_url + "en/instituciones/por-orden/federal/")
    cards = page.locator(".cat-card__title").evaluate_all("els => els.map(e => e.lang)")
    page = visit.open(site_url + DATASET)
    spanish = page.locator("article h1").get_attribute("lang")
    visit.close()
    assert english == {"title": "es", "description": "es", "party": "es", "heading": None}
    assert cards and set(cards) == {"es"}
    assert spanish is None  # the page's own language


@pytest.mark.parametrize("width", [360, 1280])
@pytest.mark.parametrize("path", PAGE_TYPES + ["en/" + p for p in PAGE_TYPES])
def test_axe_finds_nothing_on_any_page_type(browser, site_url: str, path: str, width: int) -> None:
    checked = Visit(browser, width=width, bypass_csp=True)  # the policy forbids the injected axe
    page = checked.page
    page.goto(site_url + path)
    page.wait_for_load_state("networkidle")
    open_menu(page)
    findings = axe_findings(page)
    checked.close()
    assert [f["text"] for f in findings] == []


def test_guides_have_no_theme_header_or_tabs(browser, site_url: str) -> None:
    visit = Visit(browser, width=1280)
    page = visit.open(site_url + "guias/usar-datos/")
    theme_parts = page.locator(".md-tabs, .md-header__button, .md-footer-meta").count()
    language = page.locator("header a[hreflang]").get_attribute("href")
    visit.close()
    assert theme_parts == 0
    assert re.fullmatch(r"(\.\./)+en/guias/usar-datos/", language)
