"""The built fixture site in a real browser (Debian's Chromium, Playwright, served on 127.0.0.1): search,
filters, preview, download, language switch, no console errors (CSP included), 360 px screenshots in
test-artifacts/, axe-core finding no serious violation (none at all on the guides), and the guide's
screenshots taken from the site (UPDATE_SCREENSHOTS=1 writes them into the guide)."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from catalogo.core.config import read_config
from catalogo.site.serve import serve_in_thread

from . import guide_screenshots as shots
from .conftest import ROOT
from .sitebuild import SITE_FIXTURE, build_fixture, make_site_repo

expect = pytest.importorskip("playwright.sync_api", reason="playwright is in the dev extra").expect
expect.set_options(timeout=30_000)  # waits, not assertions on time: a busy CI machine is slow

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("site")]

CHROMIUM = Path("/usr/bin/chromium")
AXE = ROOT / "tools" / "axe" / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = ROOT / "test-artifacts"
DATASET = "datos/secretaria-de-salud/casos-covid-estados/"
RESULT = "#resultados li"
MESSAGE = "#buscador-estado"


@pytest.fixture(scope="module")
def site_url(built_site: Path) -> Iterator[str]:
    server, url = serve_in_thread(built_site)
    yield url
    server.shutdown()


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    if not CHROMIUM.exists():
        pytest.skip("/usr/bin/chromium is missing: apt-get install chromium (.ci/run installs it)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is in the dev extra")
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=["--no-sandbox"])
        yield chromium
        chromium.close()


class Visit:
    """A browser page that records console errors, failed requests and uncaught exceptions."""

    def __init__(self, browser, width: int = 1280, **options: object) -> None:
        self.context = browser.new_context(viewport={"width": width, "height": 900}, accept_downloads=True, **options)
        self.page = self.context.new_page()
        self.problems: list[str] = []
        self.page.on(
            "console",
            lambda m: self.problems.append(f"console {m.type}: {m.text}") if m.type in ("error", "warning") else None,
        )
        self.page.on("pageerror", lambda e: self.problems.append(f"exception: {e}"))
        self.page.on(
            "response", lambda r: self.problems.append(f"HTTP {r.status}: {r.url}") if r.status >= 400 else None
        )

    def open(self, url: str):
        self.page.goto(url)
        self.page.wait_for_load_state("networkidle")
        return self.page

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def visit(browser) -> Iterator[Visit]:
    current = Visit(browser)
    yield current
    current.close()


def axe_findings(page, context: str = "document") -> list[dict]:
    """axe-core's violations on the page (injected: the context must bypass the page's CSP), each
    as its rule, impact, help and first three targets."""
    if not AXE.is_file():  # npm installs it (make test); without npm the Makefile says it is skipped
        pytest.skip("axe-core is not installed: npm ci --prefix tools/axe (make test does it)")
    page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    results = page.evaluate(f"axe.run({context}, {{resultTypes: ['violations']}})")
    return [
        {
            "id": v["id"],
            "impact": v["impact"],
            "text": f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}",
        }
        for v in results["violations"]
    ]


def result_count(page) -> int:
    text = page.locator(MESSAGE).inner_text()
    return int(re.search(r"\d+", text).group(0))


def search(page, words: str) -> None:
    page.locator("#buscar-palabras").fill(words)
    page.locator("#buscar-palabras").press("Enter")
    settled(page)


def settled(page) -> None:
    """Wait until the search has answered and shown its results (buscar.js marks them busy
    from the moment a search starts)."""
    expect(page.locator("#resultados")).to_have_attribute("aria-busy", "false")
    expect(page.locator(MESSAGE)).not_to_have_text(re.compile(r"(^$|…$)"))


def titles(page) -> list[str]:
    return page.locator(f"{RESULT} .cat-result__title").all_inner_texts()


def parties(page) -> list[str]:
    return page.locator(f"{RESULT} .cat-result__party").all_inner_texts()


def test_search_finds_a_word_from_one_description(visit: Visit, site_url: str) -> None:
    page = visit.open(site_url + "datos/")
    search(page, "ozono")
    assert titles(page) == ["Calidad del aire en Guadalajara"]
    assert parties(page) == ["Gobierno del Estado de Jalisco · Estatal"]  # every result names its institution
    assert page.locator(f"{RESULT} mark").first.inner_text().lower() == "ozono"
    link = page.locator(f"{RESULT} a").first.get_attribute("href")
    assert link.endswith("/datos/gobierno-de-jalisco/calidad-del-aire-guadalajara/")
    assert "ozono" in page.url  # the words stay in the address
    assert visit.problems == []


def test_search_uses_only_pagefind_api_not_its_ui(visit: Visit, site_url: str) -> None:
    fetched: list[str] = []
    visit.page.on("request", lambda r: fetched.append(r.url))
    page = visit.open(site_url + "datos/")
    search(page, "registro")
    pagefind = {url.rsplit("/", 1)[-1].split("?")[0] for url in fetched if "/pagefind/" in url}
    assert "pagefind.js" in pagefind and not any(name.startswith("pagefind-ui") for name in pagefind)
    assert not any(url.endswith(".pf_filter") for url in fetched)  # filters load only when used
    assert visit.problems == []


def test_home_search_box_leads_to_results(visit: Visit, site_url: str) -> None:
    page = visit.open(site_url)
    page.fill("#q", "tianguis")
    page.click(".cat-search button")
    settled(page)
    assert titles(page)[0].startswith("Tianguis de Zapopan")
    assert page.locator("#buscar-palabras").input_value() == "tianguis"
    assert visit.problems == []


def test_state_filter_narrows_results(visit: Visit, site_url: str) -> None:
    page = visit.open(site_url + "datos/")
    search(page, "registro")
    everything = result_count(page)
    page.locator("summary", has_text="Entidad federativa").click()
    page.get_by_label("Jalisco", exact=True).check()
    settled(page)
    narrowed = result_count(page)
    assert everything == 6 and narrowed == 3 and page.locator(RESULT).count() == 3
    assert all("Jalisco" in p or "Zapopan" in p for p in parties(page))
    page.get_by_label("Jalisco", exact=True).uncheck()
    settled(page)
    assert result_count(page) == 6
    assert visit.problems == []


def test_filter_alone_lists_its_datasets(visit: Visit, site_url: str) -> None:
    page = visit.open(site_url + "datos/")
    page.locator("summary", has_text="Orden de gobierno").click()
    page.get_by_label("Municipal", exact=True).check()
    settled(page)
    assert titles(page) and all(p.endswith("Municipal") for p in parties(page))
    assert visit.problems == []


def test_search_offers_only_small_filters(visit: Visit, site_url: str) -> None:
    page = visit.open(site_url + "datos/")
    groups = page.locator("#buscador summary").all_inner_texts()
    assert groups == [
        "Orden de gobierno",
        "Entidad federativa",
        "Tema",
        "Formato",
        "Frecuencia",
        "Desagregado por sexo",
    ]


def test_results_that_fit_in_one_page_need_no_more_button(visit: Visit, site_url: str) -> None:
    page = visit.open(site_url + "datos/")
    search(page, "registro")
    assert page.locator(RESULT).count() == 6  # the fixture's six datasets; ten are shown at a time
    assert page.locator("#resultados button").is_hidden()
    assert visit.problems == []


def test_english_site_searches_in_english(visit: Visit, site_url: str) -> None:
    page = visit.open(site_url + "en/datos/")
    search(page, "water")  # from the theme's English name, "Environment and water"
    assert titles(page) == ["Calidad del aire en Guadalajara"]
    assert parties(page) == ["Gobierno del Estado de Jalisco · State"]
    assert page.locator(MESSAGE).inner_text() == "1 dataset found."
    assert page.locator("#buscador summary").first.inner_text() == "Level of government"
    link = page.locator(f"{RESULT} a").first.get_attribute("href")
    assert "/en/datos/gobierno-de-jalisco/calidad-del-aire-guadalajara/" in link
    assert visit.problems == []


def test_spanish_site_searches_its_own_index(visit: Visit, site_url: str) -> None:
    page = visit.open(site_url + "datos/")
    search(page, "agua")  # the theme's Spanish name, "Medio ambiente y agua"
    assert "Calidad del aire en Guadalajara" in titles(page)
    search(page, "water")
    assert page.locator(RESULT).count() == 0
    assert visit.problems == []


def test_search_works_from_the_keyboard(visit: Visit, site_url: str) -> None:
    page = visit.open(site_url + "datos/")
    page.locator("#buscar-palabras").focus()
    page.keyboard.type("tianguis")
    page.keyboard.press("Enter")
    settled(page)
    page.keyboard.press("Tab")  # the search button
    page.keyboard.press("Tab")  # the first filter
    assert page.evaluate("document.activeElement.tagName") == "SUMMARY"
    page.keyboard.press("Enter")
    assert page.locator("#buscador details").first.get_attribute("open") is not None
    assert page.locator(MESSAGE).get_attribute("role") == "status"
    assert visit.problems == []


@pytest.fixture(scope="module")
def parted_site_url(site_repo: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The fixture site with its index in two shards per language (3 + 3 pages: the parties of Sonora
    and of the Secretaría de Salud in the first, Jalisco's and Zapopan's in the second)."""
    out = tmp_path_factory.mktemp("parted") / "site"
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("catalogo.site.searchindex.SHARD_PAGES", 3)
        build_fixture(site_repo, out)
    server, url = serve_in_thread(out)
    yield url
    server.shutdown()


@pytest.mark.parametrize("path", ["datos/", "en/datos/"])
def test_index_in_parts_searches_as_one(visit: Visit, parted_site_url: str, path: str) -> None:
    fetched: list[str] = []
    visit.context.on("request", lambda r: fetched.append(r.url))  # the page's and its worker's
    page = visit.open(parted_site_url + path)
    search(page, "registro")
    assert result_count(page) == 6 and page.locator(RESULT).count() == 6
    lang = "en" if path.startswith("en/") else "es"
    assert any(f"/pagefind/{lang}-2/" in url for url in fetched)
    assert any(f"/pagefind/{lang}-2/" in url and url.endswith(".pf_meta") for url in fetched)
    page.locator("#buscador summary").nth(1).click()  # the state: Jalisco's datasets are in the second part
    page.get_by_label("Jalisco", exact=True).check()
    settled(page)
    assert result_count(page) == 3
    assert visit.problems == []


def test_listing_works_without_javascript(browser, site_url: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site_url + "datos/")
    assert page.locator(".cat-cards .cat-card").count() == 6
    assert page.locator("#sin-javascript").is_visible()
    assert page.locator("#buscador").is_hidden()  # the search form needs the script
    context.close()


def test_dataset_page_previews_and_downloads_its_csv(visit: Visit, site_url: str) -> None:
    page = visit.open(site_url + DATASET)
    page.locator("details.cat-preview-box > summary").first.click()  # the first rows are one click away
    preview = page.locator("table.cat-preview").first
    assert preview.locator("thead th").all_inner_texts() == ["cve_ent", "entidad", "fecha", "casos", "sexo"]
    assert preview.locator("tbody tr").count() == 3
    with page.expect_download() as download_info:
        page.get_by_role("link", name=re.compile(r"^Descargar Casos por entidad")).click()
    download = download_info.value
    expected = SITE_FIXTURE / "datasets/secretaria-de-salud/casos-covid-estados/data/casos.csv"
    assert Path(download.path()).read_bytes() == expected.read_bytes()
    assert visit.problems == []


@pytest.mark.parametrize("path", ["", DATASET, "instituciones/gobierno-de-jalisco/", "guias/api/"])
def test_language_switch_leads_to_the_english_page(visit: Visit, site_url: str, path: str) -> None:
    page = visit.open(site_url + path)
    page.locator("a[hreflang=en]").first.click()
    page.wait_for_load_state("networkidle")
    assert page.url == site_url + "en/" + path
    assert page.locator("html").get_attribute("lang") == "en"
    page.locator("a[hreflang=es]").first.click()
    page.wait_for_load_state("networkidle")
    assert page.url == site_url + path
    assert visit.problems == []


@pytest.mark.parametrize(
    "path",
    [
        "",
        "datos/",
        DATASET,
        "instituciones/secretaria-de-salud/",
        "buenas-practicas/",
        "guias/",
        "guias/usar-datos/",
        "en/",
        "en/datos/",
        "en/" + DATASET,
        "estados/",
        "estados/14/",
    ],
)
def test_pages_load_without_console_errors(visit: Visit, site_url: str, path: str) -> None:
    visit.open(site_url + path)
    assert visit.problems == []


@pytest.mark.parametrize(
    "path", ["", DATASET, "instituciones/secretaria-de-salud/", "guias/api/", "estados/", "estados/14/", "indicadores/"]
)
def test_readable_at_360_pixels(browser, site_url: str, path: str) -> None:
    narrow = Visit(browser, width=360)
    page = narrow.open(site_url + path)
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    ARTIFACTS.mkdir(exist_ok=True)
    name = "site-360-" + (path.strip("/").replace("/", "-") or "inicio") + ".png"
    page.screenshot(path=str(ARTIFACTS / name), full_page=True)
    narrow.close()
    assert overflow <= 0, f"{path}: {overflow}px wider than the screen"
    assert (ARTIFACTS / name).stat().st_size > 0


def test_search_readable_at_360_pixels(browser, site_url: str) -> None:
    narrow = Visit(browser, width=360)
    page = narrow.open(site_url + "datos/?q=registro")
    settled(page)
    page.locator("summary", has_text="Tema").click()
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "site-360-busqueda.png"), full_page=True)
    shown = page.locator(RESULT).count()
    narrow.close()
    assert overflow <= 0, f"search: {overflow}px wider than the screen"
    assert shown == 6 and narrow.problems == []


AXE_PAGES = [
    "",
    "datos/",
    DATASET,
    "instituciones/secretaria-de-salud/",
    "instituciones/",
    "buenas-practicas/casos/presupuesto-ciudadano/",
    "guias/usar-datos/",
    "en/" + DATASET,
    "estados/",
    "estados/14/",
    "estados/14/120/",
]


@pytest.mark.parametrize("path", AXE_PAGES)
def test_axe_finds_no_serious_violation(browser, site_url: str, path: str) -> None:
    # The policy forbids injected scripts, so this context lets axe in; the other tests keep it.
    checked = Visit(browser, bypass_csp=True)
    page = checked.open(site_url + path)
    if path == "datos/":
        search(page, "registro")
        page.locator("summary", has_text="Entidad federativa").click()
    findings = axe_findings(page)
    checked.close()
    assert [f["text"] for f in findings if f["impact"] in ("serious", "critical")] == []


@pytest.mark.parametrize(
    ("path", "image"), [(DATASET, "mapa-entidades.svg"), ("estados/", "mapa.svg"), ("estados/14/", "mapa.svg")]
)
def test_maps_load_as_images_with_their_text(visit: Visit, site_url: str, path: str, image: str) -> None:
    page = visit.open(site_url + path)
    drawn = page.locator(f'img[src$="/{image}"], img[src="{image}"]')
    assert drawn.count() == 1
    drawn.scroll_into_view_if_needed()  # maps load lazily, when the reader gets to them
    expect(drawn).to_have_js_property("complete", True)
    assert drawn.evaluate("img => img.naturalWidth > 0")
    assert drawn.get_attribute("alt")
    assert visit.problems == []


# The institutions' guide and its code reference: readable on a phone, with nothing for axe to find
# at either width, every collapsed part opened (its code blocks included).
GUIDE_PAGES = ["guias/publicar/", "guias/codigos/", "en/guias/publicar/", "en/guias/codigos/"]
GUIDE_HEIGHT = 20_000  # px at 360 px: 60,165 when the reference of every code was on the guide
OPEN_ALL = "document.querySelectorAll('details').forEach(d => { d.open = true; })"
CLOSE_ALL = "document.querySelectorAll('details').forEach(d => { d.open = false; })"


def guide_page(browser, url: str, width: int, **options: object) -> tuple[Visit, object]:
    visit = Visit(browser, width=width, **options)
    page = visit.open(url)
    page.evaluate(OPEN_ALL)
    return visit, page


@pytest.mark.parametrize("path", GUIDE_PAGES)
def test_guide_readable_at_360_pixels(browser, site_url: str, path: str) -> None:
    narrow, page = guide_page(browser, site_url + path, 360)
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    hidden = page.evaluate(
        "[...document.querySelectorAll('pre > code')].filter(c => c.scrollWidth > c.clientWidth).length"
    )
    page.evaluate(CLOSE_ALL)  # as a reader first sees it
    images = page.locator("article img")
    for i in range(images.count()):
        images.nth(i).scroll_into_view_if_needed()  # they load lazily
    page.wait_for_load_state("networkidle")
    broken = images.evaluate_all("imgs => imgs.filter(i => !i.complete || i.naturalWidth === 0).map(i => i.src)")
    height = page.evaluate("document.documentElement.scrollHeight")
    ARTIFACTS.mkdir(exist_ok=True)
    name = "site-360-" + path.strip("/").replace("/", "-")
    (ARTIFACTS / f"{name}.height.txt").write_text(f"{height}\n", encoding="utf-8")
    narrow.close()
    assert overflow <= 0, f"{path}: {overflow}px wider than the screen"
    assert hidden == 0, f"{path}: {hidden} code blocks cut at the screen's edge"
    assert broken == [] and narrow.problems == []
    if path.endswith("publicar/"):
        assert height < GUIDE_HEIGHT, f"{path}: {height}px tall at 360 px"


@pytest.mark.parametrize("width", [360, 1280])
@pytest.mark.parametrize("path", GUIDE_PAGES)
def test_axe_finds_nothing_on_the_guides(browser, site_url: str, path: str, width: int) -> None:
    checked, page = guide_page(browser, site_url + path, width, bypass_csp=True)
    findings = axe_findings(page)
    checked.close()
    assert [f["text"] for f in findings] == []


@pytest.fixture(scope="module")
def screenshot_site_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The fixture site built with this project's site.repository, as the published site is: its
    pages carry the «Editar / Proponer un cambio» links and forms that the guide points to."""
    repo = make_site_repo(tmp_path_factory.mktemp("guia") / "repo")
    repository = read_config(ROOT).site.repository
    (repo / "catalogo.yaml").write_text(f"site:\n  repository: {repository}\n", encoding="utf-8")
    out = repo.parent / "site"
    build_fixture(repo, out)
    server, url = serve_in_thread(out)
    yield url
    server.shutdown()


@pytest.mark.parametrize("lang", ["es", "en"])
def test_guide_screenshots_are_taken_from_the_site(browser, screenshot_site_url: str, lang: str) -> None:
    """Always into test-artifacts/guia/<lang>/; with UPDATE_SCREENSHOTS=1, into the guide's images."""
    folder = shots.IMAGES[lang] if os.environ.get("UPDATE_SCREENSHOTS") == "1" else ARTIFACTS / "guia" / lang
    folder.mkdir(parents=True, exist_ok=True)
    narrow = Visit(browser, width=shots.WIDTH)
    taken = {}
    for name, (path, selector) in shots.SCREENSHOTS.items():
        page = narrow.open(screenshot_site_url + ("en/" if lang == "en" else "") + path)
        part = page.locator(selector)
        expect(part).to_have_count(1)
        part.scroll_into_view_if_needed()
        box = part.bounding_box()
        top = box["y"] + page.evaluate("window.scrollY") - 8
        clip = {"x": 0, "y": top, "width": shots.WIDTH, "height": min(box["height"] + 16, shots.MAX_HEIGHT)}
        page.screenshot(path=str(folder / name), clip=clip, full_page=True)
        taken[name] = (folder / name).stat().st_size
    narrow.close()
    assert narrow.problems == []
    assert all(0 < size < shots.MAX_BYTES for size in taken.values()), taken


def test_old_links_to_a_code_on_the_guide_lead_to_its_explanation(visit: Visit, site_url: str) -> None:
    """Reports written before the codes had a page of their own link guias/publicar/#<code>."""
    page = visit.open(site_url + "guias/publicar/#missing-license")
    expect(page.locator("#missing-license")).to_be_visible()  # its collapsed index opens by itself
    page.locator("#missing-license").click()
    page.wait_for_load_state("networkidle")
    assert page.url == site_url + "guias/codigos/#missing-license"
    expect(page.locator("h3", has_text="missing-license")).to_be_in_viewport()
    assert visit.problems == []
