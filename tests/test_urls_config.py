"""The site's addresses (core/urls.py), the typed configuration and the typed fields of a dataset."""

from __future__ import annotations

from pathlib import Path

import pytest

from catalogo.build import normalize_base_url
from catalogo.checks.identifiers import RESERVED_IDS, is_reserved
from catalogo.core import urls
from catalogo.core.config import DEFAULTS, ConfigError, read_config
from catalogo.core.model import Dataset, Files
from catalogo.core.urls import SiteUrls


def test_relative_paths_keep_ids_and_absolute_urls_encode_them() -> None:
    site = SiteUrls.of(normalize_base_url("  https://example.org/mx "))
    assert site.base == "https://example.org/mx/"
    assert urls.dataset_path("p/d ñ") == "datos/p/d ñ/"
    assert site.dataset("p", "d ñ") == "https://example.org/mx/datos/p/d%20%C3%B1/"
    assert site.party("p") == "https://example.org/mx/instituciones/p/"
    assert site.sitemap == "https://example.org/mx/sitemap.xml"
    assert site.api == "https://example.org/mx/api"
    assert [urls.listing_path(n) for n in (1, 2, 3)] == ["datos/", "datos/pagina-2/", "datos/pagina-3/"]
    assert urls.party_group_path("por-orden", "federal") == "instituciones/por-orden/federal/"
    assert urls.story_filter_path("tema", "salud") == "buenas-practicas/casos/tema/salud/"


def test_generated_segments_are_reserved_ids() -> None:
    assert urls.generated_segments() <= RESERVED_IDS
    assert is_reserved(urls.LISTING_PAGE.format(n=7))


def test_config_defaults_and_overrides_are_typed(tmp_path: Path) -> None:
    config = read_config(tmp_path)
    assert config.site.base_url == DEFAULTS["site"]["base_url"]
    assert config.timeliness.tolerance_min_days == 3
    assert config.link_check.results == ".cache/link-check.json"
    assert config.reviewers == ()
    (tmp_path / "catalogo.yaml").write_text(
        "site:\n  base_url: https://example.org\nreviewers: [ana]\ntimeliness:\n  tolerance_share: 0.5\n",
        encoding="utf-8",
    )
    config = read_config(tmp_path)
    assert (config.site.base_url, config.reviewers, config.timeliness.tolerance_share) == (
        "https://example.org",
        ("ana",),
        0.5,
    )
    assert config.raw["quality"]["ratings"] == DEFAULTS["quality"]["ratings"]
    (tmp_path / "catalogo.yaml").write_text("timeliness:\n  tolerance_share: mucho\n", encoding="utf-8")
    with pytest.raises(ConfigError):
        read_config(tmp_path)


def test_dataset_fields_are_typed_with_the_same_fallbacks(tmp_path: Path) -> None:
    folder = tmp_path / "datos" / "p" / "d"
    folder.mkdir(parents=True)
    (folder / "datapackage.yaml").write_text(
        "title: T\nkeywords: [a, 3, b]\ntheme: salud\nfrequency: mensual\ntemporal: {start: 2020}\n"
        "spatial: nacional\ncontact: {name: Ana}\nlicenses: [{name: cc-by-4.0}, x]\nsources: x\n"
        "gender_disaggregated: 'sí'\n",
        encoding="utf-8",
    )
    dataset = Dataset("d", "datos/p/d/datapackage.yaml", Files(tmp_path), party_id="p")
    assert dataset.keywords == ["a", "b"]
    assert dataset.themes == []
    assert dataset.frequency == "mensual"
    assert dataset.temporal == {"start": 2020}
    assert dataset.spatial == {}
    assert dataset.contact == {"name": "Ana"}
    assert dataset.licenses == [{"name": "cc-by-4.0"}]
    assert dataset.sources == []
    assert dataset.gender_disaggregated is None
