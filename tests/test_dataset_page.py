"""A dataset page for the researcher: the «Usar estos datos» box, the column summary computed at build
(checked against the csv module), constraints in words, the first rows and the quality breakdown one
click away."""

from __future__ import annotations

import csv
from collections import Counter
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import pytest

from catalogo.checks.columns import FEW, MAX_COLUMNS, TOP, summarise
from catalogo.core.model import Resource
from catalogo.render.tables import constraints_in_words, snippets
from catalogo.render.ui import load_languages

from .conftest import ROOT
from .sitebuild import BASE_URL, SITE_FIXTURE

pytestmark = pytest.mark.xdist_group("site")

DATASET = "datos/secretaria-de-salud/casos-covid-estados/"
CASES = SITE_FIXTURE / "datasets/secretaria-de-salud/casos-covid-estados/data/casos.csv"
CASES_URL = BASE_URL + DATASET + "data/casos.csv"
LANGUAGES = load_languages(ROOT / "build")
VOID = {"meta", "link", "br", "img", "input", "hr", "source", "wbr", "col", "area", "base", "embed", "track"}


@dataclass
class Node:
    tag: str
    attrs: dict[str, str | None]
    children: list[Node | str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "".join(c if isinstance(c, str) else c.text for c in self.children)

    @property
    def classes(self) -> list[str]:
        return (self.attrs.get("class") or "").split()

    def find_all(self, tag: str = "", cls: str = "") -> list[Node]:
        found = []
        for child in self.children:
            if isinstance(child, Node):
                if (not tag or child.tag == tag) and (not cls or cls in child.classes):
                    found.append(child)
                found += child.find_all(tag, cls)
        return found

    def find(self, tag: str = "", cls: str = "") -> Node:
        found = self.find_all(tag, cls)
        assert found, f"no <{tag or '*'} class={cls!r}>"
        return found[0]


class _Tree(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("document", {})
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, dict(attrs))
        self.stack[-1].children.append(node)
        if tag not in VOID:
            self.stack.append(node)

    def handle_endtag(self, tag: str) -> None:
        for index in range(len(self.stack) - 1, 0, -1):
            if self.stack[index].tag == tag:
                del self.stack[index:]
                break

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


def page(site: Path, path: str) -> Node:
    tree = _Tree()
    tree.feed((site / path / "index.html").read_text(encoding="utf-8"))
    return tree.root


def expected_summary(file: Path, numeric: set[str], dates: set[str]) -> dict[str, dict[str, object]]:
    """Each column's figures, computed here with the csv module alone."""
    with open(file, encoding="utf-8", newline="") as handle:
        header, *rows = list(csv.reader(handle))
    expected = {}
    for index, name in enumerate(header):
        cells = [row[index] if index < len(row) else "" for row in rows]
        filled = [c for c in cells if c.strip()]
        counts = Counter(filled)
        low = high = ""
        if name in numeric:
            low, high = str(min(filled, key=float)), str(max(filled, key=float))
        elif name in dates:
            low, high = min(filled), max(filled)
        repeats = len(counts) < len(filled) and (len(counts) <= FEW or 2 * len(counts) <= len(filled))
        top = sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:TOP] if repeats else []
        expected[name] = {
            "empty": str(len(cells) - len(filled)),
            "distinct": str(len(counts)),
            "min": low,
            "max": high,
            "top": "; ".join(f"{value} ({n})" for value, n in top),
        }
    return expected


def test_use_box_gives_each_file_its_published_url_and_loading_lines(built_site: Path) -> None:
    box = page(built_site, DATASET).find("section", "cat-use")
    assert box.find("code", "cat-use__url").text == CASES_URL
    # cve_ent holds keys with leading zeros ("01"): read as text, not as numbers
    pandas = f'import pandas as pd\ndf = pd.read_csv("{CASES_URL}", dtype={{"cve_ent": str}})'
    assert box.find("code", "cat-use__pandas").text == pandas
    r = f'datos <- read.csv("{CASES_URL}", colClasses = c("cve_ent" = "character"), fileEncoding = "UTF-8")'
    assert box.find("code", "cat-use__r").text == r
    assert box.find("code", "cat-use__curl").text == f"curl -L -O '{CASES_URL}'"
    # the dashboard published elsewhere: its address, but no line loads a web page
    urls = [code.text for code in box.find_all("code", "cat-use__url")]
    assert urls == [CASES_URL, "https://datos.covid-19.conacyt.mx/"]
    assert len(box.find_all("code", "cat-use__pandas")) == 1 and len(box.find_all("code", "cat-use__curl")) == 1
    ids = {node.attrs.get("id") for node in box.find_all("code")}
    buttons = box.find_all("button", "cat-copy")
    assert len(buttons) == 5 and all("hidden" in b.attrs and b.attrs["data-copy"] in ids for b in buttons)


def test_use_box_loads_a_tsv_with_its_separator(built_site: Path) -> None:
    box = page(built_site, "en/datos/gobierno-de-jalisco/calidad-del-aire-guadalajara/").find("section", "cat-use")
    url = BASE_URL + "datos/gobierno-de-jalisco/calidad-del-aire-guadalajara/data/mediciones.tsv"
    assert box.find("code", "cat-use__pandas").text.endswith(f'pd.read_csv("{url}", sep="\\t")')
    assert box.find("code", "cat-use__r").text == f'datos <- read.delim("{url}", fileEncoding = "UTF-8")'


def test_copy_buttons_come_from_an_external_script(built_site: Path) -> None:
    scripts = [n.attrs.get("src") or "" for n in page(built_site, DATASET).find_all("script")]
    assert any(src.endswith("assets/catalogo/copiar.js") for src in scripts)
    assert (built_site / "assets/catalogo/copiar.js").is_file()


@pytest.mark.parametrize("lang", ["", "en/"])
def test_column_summary_matches_the_file(built_site: Path, lang: str) -> None:
    summary = page(built_site, lang + DATASET).find("table", "cat-summary")
    rows = summary.find("tbody").find_all("tr")
    keys = ("type", "empty", "distinct", "min", "max", "top")  # the columns after the name, in order
    assert len(summary.find("thead").find_all("th")) == 1 + len(keys)
    cells = {row.find("th").text: dict(zip(keys, (td.text for td in row.find_all("td")), strict=True)) for row in rows}
    shown = {name: {k: v for k, v in found.items() if k != "type"} for name, found in cells.items()}
    assert shown == expected_summary(CASES, numeric={"casos"}, dates={"fecha"})
    types = [found["type"] for found in cells.values()]
    assert types == (
        ["texto", "texto", "fecha", "número entero", "texto"]
        if not lang
        else ["text", "text", "date", "whole number", "text"]
    )


def test_first_rows_are_one_click_away(built_site: Path) -> None:
    resource = page(built_site, DATASET).find("section", "cat-resource")
    box = resource.find("details", "cat-preview-box")
    assert "open" not in box.attrs  # the summary is shown first
    assert [th.text for th in box.find("table", "cat-preview").find("thead").find_all("th")] == [
        "cve_ent",
        "entidad",
        "fecha",
        "casos",
        "sexo",
    ]


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("", {"cve_ent": r"con la forma \d{2} (expresión regular)", "casos": "al menos 0", "sexo": "uno de: H, M"}),
        ("en/", {"cve_ent": r"matching \d{2} (regular expression)", "casos": "at least 0", "sexo": "one of: H, M"}),
    ],
)
def test_constraints_are_said_in_words(built_site: Path, lang: str, words: dict[str, str]) -> None:
    table = page(built_site, lang + DATASET).find("table", "cat-fields")
    shown = {row.find("code").text: row.find_all("td")[-1].text for row in table.find("tbody").find_all("tr")}
    assert {name: shown[name] for name in words} == words
    assert shown["entidad"] == ""


def test_every_constraint_has_words_in_both_languages() -> None:
    constraints = {
        "required": True,
        "unique": True,
        "minimum": 0,
        "maximum": 100,
        "minLength": 2,
        "enum": list("abcdefghijkl"),
    }
    es, en = (constraints_in_words(constraints, LANGUAGES[code]) for code in ("es", "en"))
    assert (
        es == "obligatorio; sin repetidos; entre 0 y 100; al menos 2 caracteres; uno de: a, b, c, d, e, f, g, h, i, j…"
    )
    assert en.startswith("required; no repeated values; between 0 and 100; at least 2 characters; one of: a,")
    assert constraints_in_words({"required": False, "maximum": 5}, LANGUAGES["es"]) == "a lo más 5"


def test_quality_breakdown_is_collapsed_under_its_score(built_site: Path) -> None:
    section = page(built_site, DATASET).find("details", "cat-quality-details")
    assert "open" not in section.attrs
    summary = section.children[next(i for i, c in enumerate(section.children) if isinstance(c, Node))]
    assert isinstance(summary, Node) and summary.tag == "summary" and "/ 100" in summary.text
    assert section.find_all("table")  # every dimension's criteria, inside


def test_summary_is_bounded_and_counts_declared_missing_values() -> None:
    header = [f"c{i}" for i in range(MAX_COLUMNS + 5)]
    rows = [[str(i)] * len(header) for i in range(4)] + [["NA", "", "x"]]
    resource = {"name": "t", "schema": {"missingValues": ["", "NA"], "fields": [{"name": "c0", "type": "integer"}]}}
    found = summarise(resource, header, rows, more=True)
    assert found["more"] and found["rows"] == 5 and len(found["columns"]) == MAX_COLUMNS
    first, second, third = found["columns"][:3]
    assert (first["empty"], first["distinct"], first["min"], first["max"], first["top"]) == (1, 4, "0", "3", [])
    assert second["type"] == "integer" and not second["declared"] and second["empty"] == 1
    assert third["type"] == "string" and third["min"] is None  # "x" is not a number: no order for text
    codes = summarise({"name": "k"}, ["ent", "n"], [["01", "1"], ["10", "2"], ["", "3"]], more=False)
    assert [c["code"] for c in codes["columns"]] == [True, False]


def test_snippets_follow_the_format() -> None:
    def of(**data: object) -> list[str]:
        found = snippets(Resource("p/d", 0, {"name": "r", "path": "data/r", **data}), "https://x.mx/a.b")
        return [s.tool for s in found]

    assert of(format="csv") == ["pandas", "R", "curl"]
    assert of(format="xlsx") == ["pandas", "R", "curl"]
    assert of(format="pdf") == ["curl"]
    assert of(format="html") == []
