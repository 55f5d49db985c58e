"""The guide for institutions documents every validation code, generated from codes.yaml, in
Spanish and English; a code without documentation fails here."""

from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path
from types import SimpleNamespace

import pytest

from catalogo.core.problems import code_catalogue
from catalogo.site.guide import PLACEHOLDER, codes_reference

from .conftest import ROOT

PAGES = {
    "es": ROOT / "build/docs/guias/publicar.md",
    "en": ROOT / "build/docs/en/guias/publicar.md",
}


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
def test_guide_pages_carry_the_generated_reference(lang: str) -> None:
    text = PAGES[lang].read_text(encoding="utf-8")
    assert text.count(PLACEHOLDER) == 1


def _hook():
    spec = importlib.util.spec_from_file_location("codes_hook", ROOT / "build/hooks/codes.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize(("language", "docs_dir", "lang"), [("es", "build/docs", "es"), ("en", "build/docs/en", "en")])
def test_hook_fills_the_placeholder_in_the_pages_language(language: str, docs_dir: str, lang: str) -> None:
    config = {"theme": {"language": language}, "docs_dir": str(ROOT / docs_dir)}
    out = _hook().on_page_markdown(PAGES[lang].read_text(encoding="utf-8"), SimpleNamespace(), config, None)
    assert PLACEHOLDER not in out and codes_reference(lang) in out


def test_mkdocs_renders_the_reference_with_an_anchor_per_code(tmp_path: Path) -> None:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    docs = tmp_path / "docs" / "guias"
    docs.mkdir(parents=True)
    shutil.copy(PAGES["es"], docs / "publicar.md")
    (tmp_path / "mkdocs.yml").write_text(
        f"site_name: Prueba\ndocs_dir: docs\nsite_dir: site\ntheme: {{name: mkdocs}}\nplugins: []\n"
        f"hooks: [{ROOT / 'build/hooks/codes.py'}]\nmarkdown_extensions: [tables, toc]\n",
        encoding="utf-8",
    )
    build(load_config(str(tmp_path / "mkdocs.yml")))
    page = (tmp_path / "site/guias/publicar/index.html").read_text(encoding="utf-8")
    for code in code_catalogue():
        assert f'id="{code}"' in page and f'href="#{code}"' in page, code
    assert 'id="codigos"' in page
