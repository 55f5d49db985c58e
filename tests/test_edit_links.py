"""«Editar / Proponer un cambio»: with `site.repository` set, dataset, party, story and tool pages link
the page's file in GitHub's web editor and the issue forms that publish without git, pre-filled;
without it, no page has the section. Checked on the rendered HTML (no browser)."""

from __future__ import annotations

import datetime as dt
import html
import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from catalogo.enrich import enrich
from catalogo.load import load_catalogue
from catalogo.render.write import render_site, site_settings
from catalogo.scaffold.issueform import FORMS

from .conftest import ROOT, git

REPOSITORY = "https://github.com/datosgobmx/catalogo"
TEMPLATES = {form.template: form for form in FORMS.values()}


def rendered(root: Path, out: Path) -> Path:
    enriched = enrich(load_catalogue(root), today=dt.date(2026, 4, 7))
    render_site(
        enriched, out, site_settings({"es": "Datos", "en": "Data"}, "https://datos.example.mx/"), ROOT / "build"
    )
    return out


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    import shutil

    root = tmp_path_factory.mktemp("editar") / "repo"
    shutil.copytree(ROOT / "tests/fixtures/valid/minimal", root, ignore=shutil.ignore_patterns(".cache"))
    (root / "catalogo.yaml").write_text(f"site:\n  repository: {REPOSITORY}/\n", encoding="utf-8")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Catálogo", date="2026-01-01T12:00:00+00:00")
    return rendered(root, root.parent / "sitio")


def edit_links(page: Path) -> tuple[str, list[tuple[str, str]]]:
    """The heading and the (href, text) links of the page's «Editar / Proponer un cambio» section."""
    text = page.read_text(encoding="utf-8")
    found = re.findall(r'<section class="cat-edit" aria-labelledby="editar"[^>]*>(.*?)</section>', text, re.S)
    assert len(found) == 1, page
    heading = re.search(r'<h2 id="editar">(.*?)</h2>', found[0])
    links = re.findall(r'<a href="([^"]+)" rel="noopener">(.*?)</a>', found[0])
    return (heading[1] if heading else ""), [(html.unescape(href), html.unescape(label)) for href, label in links]


def form_query(url: str) -> dict[str, str]:
    """The pre-filled fields of an issue-form link, each a field the form really has."""
    parts = urlsplit(url)
    assert f"{parts.scheme}://{parts.netloc}{parts.path}" == f"{REPOSITORY}/issues/new"
    query = {k: v[0] for k, v in parse_qs(parts.query).items()}
    form = TEMPLATES[query["template"]]
    assert set(query) - {"template", "title"} <= {f.id for f in form.fields}
    return query


def test_dataset_page_links_its_descriptor_and_the_publishing_form(site: Path) -> None:
    heading, links = edit_links(site / "datos/secretaria-de-salud/casos-covid-estados/index.html")
    assert heading == "Editar / Proponer un cambio"
    (descriptor, _), (form, label) = links
    assert descriptor == f"{REPOSITORY}/edit/main/datasets/secretaria-de-salud/casos-covid-estados/datapackage.yaml"
    query = form_query(form)
    assert query["template"] == "publicar-conjunto.yml" and "formulario" in label
    assert query["sujeto"] == "secretaria-de-salud" and query["conjunto"] == "casos-covid-estados"
    assert query["title"] == "[Publicar datos] Casos confirmados de COVID-19 por entidad federativa"
    heading, english = edit_links(site / "en/datos/secretaria-de-salud/casos-covid-estados/index.html")
    assert heading == "Edit / Propose a change" and [href for href, _ in english] == [descriptor, form]


def test_party_page_links_its_profile_and_the_three_forms(site: Path) -> None:
    _, links = edit_links(site / "instituciones/secretaria-de-salud/index.html")
    assert links[0][0] == f"{REPOSITORY}/edit/main/parties/secretaria-de-salud/party.yaml"
    forms = [form_query(href) for href, _ in links[1:]]
    assert [q["template"] for q in forms] == [
        "publicar-conjunto.yml",
        "actualizar-inventario.yml",
        "actualizar-plan.yml",
    ]
    assert all(q["sujeto"] == "secretaria-de-salud" for q in forms)


def test_story_and_tool_pages_link_their_file(site: Path) -> None:
    _, story = edit_links(site / "buenas-practicas/casos/mapa-covid/index.html")
    assert story == [(f"{REPOSITORY}/edit/main/best-practices/stories/mapa-covid.yaml", "Editar esta página en GitHub")]
    _, tool = edit_links(site / "buenas-practicas/herramientas/frictionless-py/index.html")
    assert tool[0][0] == f"{REPOSITORY}/edit/main/best-practices/tools/frictionless-py.yaml"


def test_without_a_repository_no_page_offers_to_edit(tmp_path: Path, repo_from) -> None:
    out = rendered(repo_from("valid/minimal"), tmp_path / "sitio")
    pages = list(out.rglob("index.html"))
    assert len(pages) > 10 and not any('class="cat-edit"' in p.read_text(encoding="utf-8") for p in pages)


def test_guides_carry_the_themes_edit_button_to_their_source(tmp_path: Path) -> None:
    """mkdocs' own edit_uri, absolute and without repo_url (no repository widget fetching GitHub's API)."""
    from catalogo.site.assemble import GuideEdit, build_narrative_pages, site_source

    staging = tmp_path / "sitio"
    staging.mkdir()
    build_narrative_pages(site_source(ROOT), staging, "https://datos.example.mx/", edit=GuideEdit(REPOSITORY, ROOT))
    for page, source in (
        ("guias/publicar", "build/docs/guias/publicar.md"),
        ("en/guias/api", "build/docs/en/guias/api.md"),
    ):
        text = (staging / page / "index.html").read_text(encoding="utf-8")
        assert f'href="{REPOSITORY}/edit/main/{source}"' in text and 'rel="edit"' in text
        assert "md-source" not in text  # no repository widget
    assert GuideEdit(REPOSITORY, tmp_path).uri(str(ROOT / "build/docs")) is None  # sources outside the repository
