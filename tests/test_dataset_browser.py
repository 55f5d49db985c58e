"""A dataset page's «Usar estos datos» box in a real browser: the pandas copy button copies a line that
the real pandas runs against the site served on 127.0.0.1; without JavaScript the lines stay readable
and wrap at 360 px."""

from __future__ import annotations

import csv

import pandas as pd
import pytest

from .sitebuild import BASE_URL, SITE_FIXTURE
from .test_site_browser import Visit, browser, expect, site_url  # noqa: F401  (fixtures)

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("site")]

DATASET = "datos/secretaria-de-salud/casos-covid-estados/"
CASES = SITE_FIXTURE / "datasets/secretaria-de-salud/casos-covid-estados/data/casos.csv"
PANDAS = "button.cat-copy[data-copy$='-pandas']"


@pytest.mark.parametrize("width", [360, 1280])
def test_copied_pandas_line_runs_against_the_site(browser, site_url: str, width: int) -> None:  # noqa: F811
    visit = Visit(browser, width=width, permissions=["clipboard-read", "clipboard-write"])
    page = visit.open(site_url + DATASET)
    button = page.locator(PANDAS).first
    expect(button).to_be_visible()
    button.click()
    expect(button).to_have_text("Copiado")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == page.locator("code.cat-use__pandas").first.text_content()
    assert visit.problems == []
    visit.close()
    # The fixture site is built for its published address (BASE_URL), as a deployed site is; here
    # the same files are served from 127.0.0.1, so the line is pointed at the server's root.
    assert BASE_URL in copied
    namespace: dict[str, object] = {}
    exec(copied.replace(BASE_URL, site_url), namespace)  # the researcher's line, as copied
    frame = namespace["df"]
    with open(CASES, encoding="utf-8", newline="") as handle:
        header, *rows = list(csv.reader(handle))
    assert isinstance(frame, pd.DataFrame)
    assert list(frame.columns) == header and len(frame) == len(rows)
    assert frame["casos"].tolist() == [int(row[header.index("casos")]) for row in rows]
    assert frame["cve_ent"].tolist() == [row[0] for row in rows]  # keys keep their leading zeros


def test_lines_are_readable_without_javascript_at_360_pixels(browser, site_url: str) -> None:  # noqa: F811
    visit = Visit(browser, width=360, java_script_enabled=False)
    page = visit.open(site_url + DATASET)
    assert page.locator("button.cat-copy").first.is_hidden()  # nothing to click without the script
    for code in page.locator("section.cat-use pre").all():
        expect(code).to_be_visible()
        assert code.evaluate("e => e.scrollWidth - e.clientWidth") <= 0  # wrapped, not cut
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0
    visit.close()
