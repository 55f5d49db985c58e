"""Golden pages: the meaningful content of the fixture site's pages (title and article, not the
theme's frame) compared to committed files in tests/golden/. After an intended change, regenerate
them with `make golden` (pytest tests/test_golden.py --regenerate-golden) and review the diff."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from .conftest import ROOT

pytestmark = pytest.mark.xdist_group("site")

GOLDEN = ROOT / "tests" / "golden"
PAGES = [
    "",
    "datos/",
    "instituciones/",
    "instituciones/por-entidad/jalisco/",
    "datos/secretaria-de-salud/casos-covid-estados/",
    "datos/secretaria-de-salud/camas-hospitalarias/",
    "datos/gobierno-de-jalisco/presupuesto-egresos-2025/",
    "datos/gobierno-de-jalisco/calidad-del-aire-guadalajara/",
    "datos/congreso-de-sonora/iniciativas-legislativas/",
    "datos/municipio-de-zapopan/tianguis-zapopan/",
    "instituciones/secretaria-de-salud/",
    "instituciones/gobierno-de-jalisco/",
    "instituciones/congreso-de-sonora/",
    "instituciones/municipio-de-zapopan/",
    "buenas-practicas/",
    "buenas-practicas/casos/",
    "buenas-practicas/casos/presupuesto-ciudadano/",
    "buenas-practicas/casos/sector/sociedad-civil/",
    "buenas-practicas/herramientas/",
    "buenas-practicas/herramientas/tablero-aire/",
    "en/",
    "en/datos/",
    "en/datos/gobierno-de-jalisco/calidad-del-aire-guadalajara/",
    "en/instituciones/secretaria-de-salud/",
    "en/buenas-practicas/casos/",
]
_TITLE = re.compile(r"<title>(.*?)</title>", re.S)
_ARTICLE = re.compile(r"<article[^>]*>(.*)</article>", re.S)


def meaningful(html: str) -> str:
    """The page's title and article, one tag-aligned line per source line, blank lines dropped."""
    title = _TITLE.search(html)
    article = _ARTICLE.search(html)
    lines = [f"<title>{title.group(1) if title else ''}</title>"]
    lines += [line.rstrip() for line in (article.group(1) if article else "").splitlines() if line.strip()]
    return "\n".join(lines) + "\n"


def golden_file(page: str) -> Path:
    return GOLDEN / ((page.strip("/").replace("/", "__") or "inicio") + ".html")


@pytest.mark.parametrize("page", PAGES)
def test_page_matches_golden(built_site: Path, page: str, request: pytest.FixtureRequest) -> None:
    actual = meaningful((built_site / page / "index.html").read_text(encoding="utf-8"))
    expected_file = golden_file(page)
    if request.config.getoption("--regenerate-golden"):
        expected_file.parent.mkdir(parents=True, exist_ok=True)
        expected_file.write_text(actual, encoding="utf-8")
        return
    assert expected_file.is_file(), f"missing {expected_file.relative_to(ROOT)}: run `make golden`"
    assert actual == expected_file.read_text(encoding="utf-8"), (
        f"{page or 'home'} differs from {expected_file.relative_to(ROOT)}; if intended, run `make golden`"
    )


def test_every_golden_file_is_a_page() -> None:
    assert sorted(p.name for p in GOLDEN.glob("*.html")) == sorted(golden_file(p).name for p in PAGES)
