"""The guides for institutions: the opening guide walks the policy's fifteen activities with their
forms, templates and screenshots, linking the configured repository; the codes page documents
every validation code from codes.yaml, in Spanish and English."""

from __future__ import annotations

import csv
import importlib.util
import io
import re
import shutil
from pathlib import Path
from types import SimpleNamespace

import pytest

from catalogo.core.problems import GUIDE_URL, code_catalogue
from catalogo.core.vocab import vocabularies
from catalogo.scaffold.planning import template_csv
from catalogo.site.guide import (
    ISSUE_FORM,
    PLACEHOLDER,
    REPOSITORY,
    codes_reference,
    render_codes,
    render_repository_links,
)

from . import guide_screenshots as shots
from .conftest import ROOT

PAGES = {
    "es": ROOT / "build/docs/guias/publicar.md",
    "en": ROOT / "build/docs/en/guias/publicar.md",
}
CODES_PAGES = {
    "es": ROOT / "build/docs/guias/codigos.md",
    "en": ROOT / "build/docs/en/guias/codigos.md",
}
FORMS = ROOT / ".github/ISSUE_TEMPLATE"
# The policy's activities, in its order: (number, the section's anchor, the issue form it uses)
ACTIVITIES = [
    ("1.1", "inventario", "actualizar-inventario.yml"),
    ("1.2", "priorizar", None),
    ("1.3", "plan", "actualizar-plan.yml"),
    ("2.1", "preparar", None),
    ("2.2", "documentar", None),
    ("2.3", "publicar", "publicar-conjunto.yml"),
    ("3.1", "promover", None),
    ("3.2", "capacitar", None),
    ("3.3", "alianzas", None),
    ("4.1", "calidad", None),
    ("4.2", "necesidades", "solicitar-datos.yml"),
    ("4.3", "cambio-institucional", None),
    ("5.1 y 5.2", "casos-de-exito", "proponer-caso-de-exito.yml"),
    ("5.3", "herramientas", "proponer-herramienta.yml"),
]
TEMPLATES = {"inventory": "inventario", "plan": "plan-de-apertura"}


def text(lang: str, pages: dict[str, Path] = PAGES) -> str:
    return pages[lang].read_text(encoding="utf-8")


def sections(markdown: str) -> list[tuple[str, str]]:
    """Each `### <heading> {#anchor}` of a page: its heading and its Markdown up to the next one."""
    parts = re.split(r"^### (.+) \{#([a-z-]+)\}$", markdown, flags=re.M)
    return [(f"{parts[i]} #{parts[i + 1]}", parts[i + 2]) for i in range(1, len(parts) - 2, 3)]


@pytest.mark.parametrize("lang", ["es", "en"])
def test_every_code_is_documented(lang: str) -> None:
    reference = codes_reference(lang)
    for code, entry in code_catalogue().items():
        for key in (f"title_{lang}", lang, f"fix_{lang}"):
            assert str(entry.get(key, "")).strip(), f"{code} has no {key} in codes.yaml"
        assert f'<a id="{code}"></a>' in reference, code
        assert f"### `{code}`:" in reference and f"[`{code}`](#{code})" in reference, code
    assert "{" not in reference  # every template field is turned into prose


@pytest.mark.parametrize("lang", ["es", "en"])
def test_the_codes_have_a_page_of_their_own(lang: str) -> None:
    assert text(lang, CODES_PAGES).count(PLACEHOLDER) == 1
    guide = text(lang)
    assert PLACEHOLDER not in guide and guide.count("<!-- catalogo:codes-index ../codigos/ -->") == 1
    assert "](codigos.md)" in guide
    assert GUIDE_URL.endswith("/guias/codigos/")  # where the validator's reports link each code


@pytest.mark.parametrize("lang", ["es", "en"])
def test_guide_walks_the_fifteen_activities_in_order(lang: str) -> None:
    found = sections(text(lang))
    assert [heading.rsplit("#", 1)[1] for heading, _ in found] == [anchor for _, anchor, _ in ACTIVITIES]
    for (heading, body), (number, _, form) in zip(found, ACTIVITIES, strict=True):
        assert heading.startswith(number.replace(" y ", " and " if lang == "en" else " y ") + " "), heading
        assert re.search(r"\*\*(Qué hacer|What to do)\.\*\*", body) and re.search(r"\*\*(Cómo|How)\.\*\*", body)
        if form:
            assert f"{{{{formulario:{form}}}}}" in body, (heading, form)


@pytest.mark.parametrize("lang", ["es", "en"])
def test_guide_links_forms_the_repository_has_and_no_made_up_repository(lang: str) -> None:
    guide = text(lang)
    forms = set(ISSUE_FORM.findall(guide))
    assert forms >= {form for *_, form in ACTIVITIES if form} | {"registrar-sujeto-obligado.yml"}
    assert all((FORMS / form).is_file() for form in forms), sorted(f for f in forms if not (FORMS / f).is_file())
    assert "github.com/<" not in guide and "github.com/‹" not in guide  # no placeholder to fill in by hand
    assert re.findall(r"https://github\.com/[^)\s]*", guide) == ["https://github.com/signup"]
    assert f"git clone {REPOSITORY}.git" in guide


@pytest.mark.parametrize("lang", ["es", "en"])
def test_no_git_route_comes_before_the_command_line(lang: str) -> None:
    for heading, body in sections(text(lang)):
        folded = body.find("??? example")
        if folded >= 0:
            assert body.find("**" + ("Cómo" if lang == "es" else "How")) < folded, heading


@pytest.mark.parametrize("lang", ["es", "en"])
def test_guide_offers_the_templates_as_excel_and_csv(lang: str) -> None:
    guide = text(lang)
    up = "../../" if lang == "es" else "../../../"
    for name in TEMPLATES.values():
        for suffix in (".xlsx", ".csv"):
            assert f"]({up}plantillas/{name}{suffix})" in guide, name + suffix
            assert (ROOT / "build/docs/plantillas" / (name + suffix)).is_file()


@pytest.mark.parametrize("kind", ["inventory", "plan"])
def test_excel_templates_hold_the_csv_templates_rows(kind: str) -> None:
    from openpyxl import load_workbook

    book = load_workbook(ROOT / "build/docs/plantillas" / f"{TEMPLATES[kind]}.xlsx", read_only=True)
    rows = [["" if cell is None else str(cell) for cell in row] for row in book.active.iter_rows(values_only=True)]
    assert rows == list(csv.reader(io.StringIO(template_csv(kind).lstrip("\ufeff"))))


@pytest.mark.parametrize("lang", ["es", "en"])
def test_every_screenshot_the_guide_shows_is_there_and_taken_by_the_browser_tests(lang: str) -> None:
    shown = re.findall(r"!\[[^\]]+\]\(img/([^)]+)\)\{ \.cat-shot loading=lazy \}", text(lang))
    assert len(shown) == len(re.findall(r"!\[", text(lang)))  # every image is a screenshot, with its alt text
    assert sorted(shown) == sorted(shots.SCREENSHOTS), "tests/guide_screenshots.py lists what the guide shows"
    missing = [name for name in shown if not (shots.IMAGES[lang] / name).is_file()]
    assert missing == [], "UPDATE_SCREENSHOTS=1 pytest tests/test_site_browser.py -k screenshots"
    for name in shown:
        data = (shots.IMAGES[lang] / name).read_bytes()
        assert data.startswith(b"\x89PNG") and len(data) < shots.MAX_BYTES, name
        assert int.from_bytes(data[16:20], "big") == shots.WIDTH, name  # taken at a phone's width


def test_repository_placeholders_become_the_configured_repository() -> None:
    markdown = f"[{REPOSITORY}]({REPOSITORY}) [f]({{{{formulario:solicitar-datos.yml}}}}) `git clone {REPOSITORY}.git`"
    out = render_repository_links(markdown, "https://github.com/ejemplo/catalogo/")
    assert out == (
        "[https://github.com/ejemplo/catalogo](https://github.com/ejemplo/catalogo) "
        "[f](https://github.com/ejemplo/catalogo/issues/new?template=solicitar-datos.yml) "
        "`git clone https://github.com/ejemplo/catalogo.git`"
    )


@pytest.mark.parametrize("lang", ["es", "en"])
def test_allowed_values_are_listed_from_the_vocabularies(lang: str) -> None:
    guide = render_codes(text(lang), lang)
    for name, anchor in (("themes", "temas"), ("frequencies", "frecuencias"), ("licenses", "licencias")):
        assert f'id="{anchor}"' in guide
        for key, entry in vocabularies().terms[name].items():
            assert f"<tr><td><code>{key}</code></td><td>{entry[lang]}</td></tr>" in guide, key


def _hook(name: str):
    spec = importlib.util.spec_from_file_location(f"{name}_hook", ROOT / f"build/hooks/{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize(("language", "docs_dir", "lang"), [("es", "build/docs", "es"), ("en", "build/docs/en", "en")])
def test_hook_fills_the_placeholder_in_the_pages_language(language: str, docs_dir: str, lang: str) -> None:
    config = {"theme": {"language": language}, "docs_dir": str(ROOT / docs_dir)}
    out = _hook("codes").on_page_markdown(text(lang, CODES_PAGES), SimpleNamespace(), config, None)
    assert PLACEHOLDER not in out and codes_reference(lang) in out


def test_repository_hook_uses_extra_repository_and_reports_missing_forms(caplog: pytest.LogCaptureFixture) -> None:
    config = SimpleNamespace(
        extra={"repository": "https://github.com/ejemplo/fork"}, config_file_path=str(ROOT / "mkdocs.yml")
    )
    page = SimpleNamespace(file=SimpleNamespace(src_uri="guias/publicar.md"))
    out = _hook("repository").on_page_markdown(text("es") + "\n{{formulario:no-existe.yml}}\n", page, config, None)
    assert "{{" not in out and "https://github.com/ejemplo/fork/issues/new?template=publicar-conjunto.yml" in out
    assert [r.getMessage() for r in caplog.records] == [
        "guias/publicar.md enlaza un formulario que no existe / links a missing issue form: no-existe.yml"
    ]


def test_mkdocs_renders_the_reference_and_the_old_anchors(tmp_path: Path) -> None:
    """Each code has its anchor on the codes page, and still one on the guide (reports and issues
    written before the reference moved link guias/publicar/#<code>), leading to the codes page."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    docs = tmp_path / "docs" / "guias"
    docs.mkdir(parents=True)
    shutil.copy(PAGES["es"], docs / "publicar.md")
    shutil.copy(CODES_PAGES["es"], docs / "codigos.md")
    shutil.copytree(shots.IMAGES["es"], docs / "img")
    hooks = ", ".join(str(ROOT / f"build/hooks/{name}.py") for name in ("codes", "repository"))
    (tmp_path / "mkdocs.yml").write_text(
        f"site_name: Prueba\ndocs_dir: docs\nsite_dir: site\ntheme: {{name: mkdocs}}\nplugins: []\n"
        f"hooks: [{hooks}]\nmarkdown_extensions: [attr_list, tables, toc, pymdownx.details, pymdownx.superfences]\n"
        "extra: {repository: 'https://github.com/ejemplo/fork'}\n",
        encoding="utf-8",
    )
    build(load_config(str(tmp_path / "mkdocs.yml")))
    codes = (tmp_path / "site/guias/codigos/index.html").read_text(encoding="utf-8")
    guide = (tmp_path / "site/guias/publicar/index.html").read_text(encoding="utf-8")
    for code in code_catalogue():
        assert f'id="{code}"' in codes and f'href="#{code}"' in codes, code
        assert f'<a id="{code}" href="../codigos/#{code}">' in guide, code
    assert 'id="codigos"' in codes and 'id="codigos"' in guide
    assert 'id="inventario-y-plan-de-apertura-desde-una-hoja-de-calculo"' in guide  # the forms link it
    assert "https://github.com/ejemplo/fork/issues/new?template=actualizar-plan.yml" in guide


def test_the_national_repository_is_the_fallback_of_builds_without_site_repository() -> None:
    import yaml

    from catalogo.core.config import read_config

    mkdocs = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    assert mkdocs["extra"]["repository"] == read_config(ROOT).site.repository.rstrip("/")


def test_catalogo_build_links_the_guides_to_site_repository(tmp_path: Path) -> None:
    """A fork that sets site.repository gets guides that link its own repository and forms."""
    from catalogo.site.assemble import GuideEdit, build_narrative_pages, site_source

    fork = "https://github.com/ogl-jalisco/catalogo"
    build_narrative_pages(site_source(ROOT), tmp_path, "https://datos.example.mx/", edit=GuideEdit(fork + "/", ROOT))
    for page in ("guias/publicar/index.html", "en/guias/publicar/index.html"):
        html = (tmp_path / page).read_text(encoding="utf-8")
        assert f'href="{fork}/issues/new?template=publicar-conjunto.yml"' in html
        assert f"{fork}.git" in html and "datosgobmx" not in html  # git clone, in the command-line route
