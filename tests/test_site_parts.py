"""Pieces of the site build on their own: data previews, the copy of data files (never from
outside a dataset's folder), Pagefind's index made stable, languages and page paths."""

from __future__ import annotations

import datetime as dt
import gzip
import os
import shutil
from pathlib import Path

import pytest

from catalogo.core.model import Resource
from catalogo.enrich import enrich
from catalogo.gitdata.history import History
from catalogo.load import load_catalogue
from catalogo.render.contexts import PageMeta
from catalogo.render.preview import MAX_BYTES, read_preview
from catalogo.render.ui import load_languages
from catalogo.render.write import copy_data_files
from catalogo.site.searchindex import SIGNATURE, decode, encode, stabilize

from .conftest import FIXTURES, ROOT


def resource(**data: object) -> Resource:
    return Resource("p/d", 0, {"name": "r", "path": "data/x.csv", **data})


def test_preview_reads_header_and_first_rows(tmp_path: Path) -> None:
    file = tmp_path / "x.csv"
    file.write_text("\ufeffa,b\n" + "".join(f"{i},{i * 2}\n" for i in range(50)), encoding="utf-8")
    preview = read_preview(file, resource(format="csv"))
    assert preview.header == ["a", "b"] and len(preview.rows) == 20 and preview.rows[0] == ["0", "0"]


def test_preview_follows_format_dialect_and_encoding(tmp_path: Path) -> None:
    tsv = tmp_path / "x.tsv"
    tsv.write_text("a\tb\n1\t2\n", encoding="utf-8")
    assert read_preview(tsv, resource(format="tsv")).rows == [["1", "2"]]
    semicolons = tmp_path / "y.csv"
    semicolons.write_bytes("año;municipio\n2020;Tonalá\n".encode("cp1252"))
    preview = read_preview(semicolons, resource(format="csv", encoding="cp1252", dialect={"delimiter": ";"}))
    assert preview.header == ["año", "municipio"] and preview.rows == [["2020", "Tonalá"]]


def test_preview_is_bounded(tmp_path: Path) -> None:
    file = tmp_path / "big.csv"
    file.write_text("a\n" + ("x" * 1000 + "\n") * (MAX_BYTES // 1000 + 10), encoding="utf-8")
    preview = read_preview(file, resource(format="csv"))
    assert all(len(cell) <= 200 for row in preview.rows for cell in row)
    assert read_preview(tmp_path / "missing.csv", resource(format="csv")) is None


def test_data_files_outside_the_dataset_folder_are_never_copied(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    shutil.copytree(FIXTURES / "valid" / "minimal", repo)
    secret = tmp_path / "secreto.txt"
    secret.write_text("no publicar", encoding="utf-8")
    folder = repo / "datasets/secretaria-de-salud/casos-covid-estados"
    os.symlink(secret, folder / "data" / "enlace.csv")
    descriptor = folder / "datapackage.yaml"
    descriptor.write_text(
        descriptor.read_text(encoding="utf-8")
        + (
            "  - {name: enlace, path: data/enlace.csv, format: csv}\n"
            "  - {name: arriba, path: ../../../parties/secretaria-de-salud/party.yaml, format: txt}\n"
            "  - {name: indice, path: index.html, format: html}\n"
        ),
        encoding="utf-8",
    )
    (folder / "index.html").write_text("<p>x</p>", encoding="utf-8")
    enriched = enrich(load_catalogue(repo), dt.date(2026, 1, 1), History())
    out = tmp_path / "site"
    assert len(copy_data_files(enriched, "secretaria-de-salud/casos-covid-estados", out)) == 1
    copied = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())
    assert copied == ["datos/secretaria-de-salud/casos-covid-estados/data/casos.csv"]


@pytest.mark.parametrize(
    "value", [0, 23, 24, 255, 256, 65536, 2**32, "", "título", ["a", [1, 2]], {"k": [True, False, None]}, b"\x00\x01"]
)
def test_cbor_round_trip(value: object) -> None:
    assert decode(encode(value)) == (value, len(encode(value)))


def test_stabilize_sorts_filters_and_renames_files(tmp_path: Path) -> None:
    bundle = tmp_path / "pagefind"
    (bundle / "filter").mkdir(parents=True)

    def write(path: Path, value: object) -> None:
        path.write_bytes(gzip.compress(SIGNATURE + encode(value)))

    write(bundle / "filter" / "es_aaa.pf_filter", ["Tema", [["Salud", [3, 1]], ["Economía", [2]]]])
    write(bundle / "pagefind.es_bbb.pf_meta", ["1.5.2", [], [], [["Tema", "es_aaa"]], [], ["title"]])
    (bundle / "pagefind-entry.json").write_text(
        '{"version":"1.5.2","languages":{"es":{"hash":"es_bbb","wasm":"es","page_count":3}}}', encoding="utf-8"
    )
    stabilize(bundle)
    filters = list((bundle / "filter").iterdir())
    assert len(filters) == 1 and filters[0].name != "es_aaa.pf_filter"
    raw = gzip.decompress(filters[0].read_bytes())
    assert decode(raw, len(SIGNATURE))[0] == ["Tema", [["Economía", [2]], ["Salud", [1, 3]]]]
    metas = list(bundle.glob("pagefind.*.pf_meta"))
    entry = (bundle / "pagefind-entry.json").read_text(encoding="utf-8")
    meta_hash = metas[0].name.removeprefix("pagefind.").removesuffix(".pf_meta")
    assert len(metas) == 1 and f'"hash":"{meta_hash}"' in entry


def test_page_paths_are_relative_to_where_the_page_is() -> None:
    languages = load_languages(ROOT / "build")
    es, en = languages["es"], languages["en"]
    meta = PageMeta(es, "datos/p/d/", "t", "", "catalogue", "s", "https://x.mx/")
    assert (meta.root, meta.base, meta.alternate, meta.canonical) == (
        "../../../",
        "../../../",
        "../../../en/datos/p/d/",
        "https://x.mx/datos/p/d/",
    )
    meta = PageMeta(en, "", "t", "", "home", "s", "https://x.mx/")
    assert (meta.root, meta.base, meta.alternate, meta.canonical) == ("../", "../en/", "../", "https://x.mx/en/")
    assert [item.current for item in meta.nav].count(True) == 1


def test_dates_and_sizes_in_each_language() -> None:
    languages = load_languages(ROOT / "build")
    assert languages["es"].date("2026-03-01") == "1 de marzo de 2026"
    assert languages["en"].date("2026-03-01") == "March 1, 2026"
    assert languages["es"].date("2025") == "2025"
    assert languages["es"].size(1_532_000) == "1.5 MB" and languages["en"].size(None) == "unknown"


@pytest.mark.parametrize("fixture", ["valid/minimal", "site"])
def test_page_count_is_the_number_of_pages(fixture: str) -> None:
    from catalogo.render.pages import SiteBuilder
    from catalogo.render.write import site_settings

    enriched = enrich(load_catalogue(FIXTURES / fixture), dt.date(2026, 1, 1), History())
    settings = site_settings({"es": "Datos", "en": "Data"}, "https://datos.example.mx/")
    builder = SiteBuilder(enriched, settings, load_languages(ROOT / "build"))
    assert builder.page_count() == sum(1 for _ in builder.pages())


def test_presentation_comes_from_the_catalogue_or_else_the_project(tmp_path: Path) -> None:
    from catalogo.site.assemble import site_source, source_checkout

    assert source_checkout() == ROOT
    assert site_source(tmp_path).build_dir == ROOT / "build"
    (tmp_path / "build" / "templates").mkdir(parents=True)
    for name in ("mkdocs.yml", "mkdocs.en.yml"):
        (tmp_path / name).write_text("site_name: x\n", encoding="utf-8")
    assert site_source(tmp_path).build_dir == tmp_path / "build"


def test_a_long_party_list_is_paginated(tmp_path: Path) -> None:
    """Past 100 datasets a party's list goes on at instituciones/<party>/pagina-<n>/, with the
    catalogue's window pagination; the profile and the measures are on the first page only."""
    from catalogo.render.pages import PARTY_PAGE_SIZE, SiteBuilder
    from catalogo.render.write import environment, site_settings, write_page

    repo = tmp_path / "repo"
    shutil.copytree(FIXTURES / "valid" / "minimal", repo, ignore=shutil.ignore_patterns(".cache"))
    source = repo / "datasets" / "secretaria-de-salud" / "casos-covid-estados"
    before = len(list((repo / "datasets" / "secretaria-de-salud").iterdir()))
    for n in range(2 * PARTY_PAGE_SIZE + 30 - before):
        copy = source.with_name(f"copia-{n:03d}")
        shutil.copytree(source, copy)
        descriptor = copy / "datapackage.yaml"
        text = descriptor.read_text(encoding="utf-8").replace("name: casos-covid-estados", f"name: copia-{n:03d}", 1)
        descriptor.write_text(text, encoding="utf-8")
    enriched = enrich(load_catalogue(repo), dt.date(2026, 1, 1), History())
    languages = load_languages(ROOT / "build")
    builder = SiteBuilder(
        enriched, site_settings({"es": "Datos", "en": "Data"}, "https://datos.example.mx/"), languages
    )
    specs = [s for s in builder.party_pages("secretaria-de-salud") if s.lang == "es"]
    assert [s.path for s in specs] == [
        "instituciones/secretaria-de-salud/",
        "instituciones/secretaria-de-salud/pagina-2/",
        "instituciones/secretaria-de-salud/pagina-3/",
    ]
    assert [len(s.context.datasets) for s in specs] == [100, 100, 30]
    assert [len(s.context.quality.rows) for s in specs] == [100, 100, 30]
    assert {s.context.quality.average for s in specs} == {specs[0].context.quality.average}  # of all 230
    assert specs[1].context.previous == specs[0].path and specs[1].context.next == specs[2].path
    assert builder.page_count() == sum(1 for _ in builder.pages())

    env = environment(ROOT / "build" / "templates")
    first, second = (write_page(env, tmp_path / "site", s, languages["es"]).read_text("utf-8") for s in specs[:2])
    assert 'id="perfil"' in first and 'id="perfil"' not in second  # the profile on the first page only
    assert 'rel="next"' in first and 'rel="prev"' in second and 'aria-current="page">2<' in second


def test_a_site_past_github_pages_limits_is_warned_about(tmp_path: Path) -> None:
    from catalogo.site.assemble import PAGES_MAX_BYTES, PAGES_MAX_FILES, pages_limit_warning, site_size

    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "b" / "index.html").write_bytes(b"x" * 10)
    (tmp_path / "data.json").write_bytes(b"y" * 5)
    assert site_size(tmp_path) == (15, 2)
    assert pages_limit_warning(PAGES_MAX_BYTES, PAGES_MAX_FILES) is None
    assert "s3://" in (pages_limit_warning(PAGES_MAX_BYTES + 1, 10) or "")
    assert "s3://" in (pages_limit_warning(10, PAGES_MAX_FILES + 1) or "")
