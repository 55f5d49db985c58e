"""The one way content becomes HTML: Markdown is sanitised, JSON-LD cannot close its element,
external links are marked, and guides keep their structure but lose anything executable."""

from __future__ import annotations

import json
import re

import pytest

from catalogo.render.html import (
    EXTERNAL_REL,
    clean_html,
    json_for_html,
    jsonld_script,
    mark_external_links,
    markdown_html,
    safe_url,
)

from .conftest import ROOT

HOSTILE = [
    "<script>alert(1)</script>",
    '<img src="x" onerror="alert(1)">',
    '<a href="javascript:alert(1)">x</a>',
    '<a href="JaVaScRiPt:alert(1)">x</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD4=">x</a>',
    "[x](javascript:alert(1))",
    "[x](data:text/html,<script>alert(1)</script>)",
    '<iframe src="https://example.org/"></iframe>',
    '<object data="x.swf"></object>',
    '<embed src="x.swf">',
    '<p style="background:url(https://tracker.example/)">s</p>',
    "<style>body{display:none}</style>",
    '<svg onload="alert(1)"><circle/></svg>',
    '<form action="https://evil.example/"><input name="q"></form>',
    '<div onclick="alert(1)" onmouseover="x()">d</div>',
    '<a href="https://example.org/" onclick="alert(1)">ok</a>',
    '<math><mi xlink:href="javascript:alert(1)">x</mi></math>',
    '<base href="https://evil.example/">',
    '<meta http-equiv="refresh" content="0;url=https://evil.example/">',
]


@pytest.mark.parametrize("text", HOSTILE)
def test_markdown_html_removes_everything_executable(text: str) -> None:
    html = str(markdown_html(f"Antes\n\n{text}\n\nDespués")).lower()
    assert "<script" not in html and "<style" not in html
    assert not re.search(r"<(iframe|object|embed|svg|math|form|input|base|meta|img)\b", html)
    assert not re.search(r"\son\w+\s*=", html)
    assert "style=" not in html
    assert "javascript:" not in html and "data:" not in html
    assert "después" in html  # the rest of the text survives


def test_markdown_keeps_formatting_tables_and_safe_links() -> None:
    html = str(
        markdown_html(
            "# Título\n\n**negritas** y [sitio](https://example.org/) y [interno](../x/)\n\n"
            "| a | b |\n|---|---|\n| 1 | 2 |\n"
        )
    )
    assert "<h3>Título</h3>" in html  # nested under the page's own h2 sections
    assert "<strong>negritas</strong>" in html and "<table>" in html and "<td>1</td>" in html
    assert f'<a href="https://example.org/" rel="{EXTERNAL_REL}">sitio</a>' in html
    assert '<a href="../x/">interno</a>' in html  # links within the site are not marked


def test_mailto_links_are_kept_without_rel() -> None:
    assert '<a href="mailto:datos@example.org">' in str(markdown_html("[correo](mailto:datos@example.org)"))


def test_heading_level_is_configurable() -> None:
    assert "<h5>R</h5>" in str(markdown_html("# R", heading_level=5))
    assert "<h6>" in str(markdown_html("###### deep", heading_level=5))


def test_empty_markdown_is_empty_markup() -> None:
    assert str(markdown_html(None)) == "" and str(markdown_html("")) == ""


def test_json_for_html_cannot_close_the_script_element() -> None:
    data = {"name": "</script><script>alert(1)</script>", "d": "a & b > c", "s": "\u2028"}
    text = json_for_html(data)
    assert "<" not in text and ">" not in text and "&" not in text and "\u2028" not in text
    assert json.loads(text) == data  # the same value for JSON-LD readers


def test_jsonld_script_is_one_data_block() -> None:
    html = str(jsonld_script({"@type": "Dataset", "name": "</script>"}))
    assert html.startswith('<script type="application/ld+json">') and html.count("</script>") == 1


def test_jsonld_is_stable() -> None:
    assert json_for_html({"b": 1, "a": [2, 1]}) == '{"a":[2,1],"b":1}'


def test_mark_external_links_respects_quoted_attributes() -> None:
    html = '<a href="https://example.org/" title="a&gt;b">x</a><a href="#top">y</a><a href="//cdn.example/">z</a>'
    marked = mark_external_links(html)
    assert marked.count(f'rel="{EXTERNAL_REL}"') == 2
    assert '<a href="#top">y</a>' in marked


def test_clean_html_keeps_page_structure_and_drops_scripts() -> None:
    page = (
        '<h2 id="uso" class="x">Uso<a class="headerlink" href="#uso">¶</a></h2>'
        '<div class="admonition note"><p>Nota</p></div><script>alert(1)</script>'
        '<p onclick="x()">t</p><a href="https://example.org/">e</a>'
    )
    cleaned = clean_html(page)
    assert '<h2 id="uso" class="x">' in cleaned and '<div class="admonition note">' in cleaned
    assert "<script" not in cleaned and "onclick" not in cleaned
    assert f'rel="{EXTERNAL_REL}"' in cleaned


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://example.org/", "https://example.org/"),
        ("mailto:a@b.mx", "mailto:a@b.mx"),
        ("javascript:alert(1)", None),
        ("data:text/html,x", None),
        ("ftp://x", None),
        (None, None),
        (3, None),
    ],
)
def test_safe_url(url: object, expected: str | None) -> None:
    assert safe_url(url) == expected


@pytest.mark.parametrize("lang", ["es", "en"])
def test_translations_name_each_text_once(lang: str) -> None:
    """A key written twice in build/i18n silently keeps the last text (a heading once became a
    paragraph that way): the project's YAML reader reports it."""
    from catalogo.core.yamlio import parse_yaml

    text = (ROOT / "build" / "i18n" / f"{lang}.yaml").read_text(encoding="utf-8")
    _, problems = parse_yaml(text, f"build/i18n/{lang}.yaml")
    assert [p.code for p in problems] == []
