"""The search index as the browser downloads it: only each dataset's own words, a few small
filters, fragments under their content names so that unchanged pages keep them; and the plain
listing's pagination, which links a window of pages instead of all of them."""

from __future__ import annotations

import gzip
import json
import shutil
from pathlib import Path

import pytest

from catalogo.build import build_site
from catalogo.core.model import Dataset, Files
from catalogo.render.contexts import page_window
from catalogo.render.searchmeta import english_search_words, state_pages
from catalogo.site.searchindex import SIGNATURE, decode, encode, shard_count, shards, split_parts, stabilize

from .conftest import git
from .sitebuild import BASE_URL, SITE_FIXTURE, TODAY

pytestmark = pytest.mark.xdist_group("site")


def write(path: Path, value: object) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(gzip.compress(SIGNATURE + encode(value)))


def read(path: Path) -> object:
    return decode(gzip.decompress(path.read_bytes()), len(SIGNATURE))[0]


def write_fragment(path: Path, value: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(gzip.compress(SIGNATURE + json.dumps(value).encode()))


def read_fragment(path: Path) -> dict:
    return json.loads(gzip.decompress(path.read_bytes())[len(SIGNATURE) :])


def languages(site: Path) -> dict[str, list]:
    entry = json.loads((site / "pagefind/pagefind-entry.json").read_text(encoding="utf-8"))
    return {lang: read(site / f"pagefind/pagefind.{info['hash']}.pf_meta") for lang, info in entry["languages"].items()}


def test_fragments_keep_their_content_names(tmp_path: Path) -> None:
    """A page that did not change keeps its fragment's name, so a publish uploads only the changed
    pages' fragments."""
    bundle = tmp_path / "pagefind"
    write_fragment(bundle / "fragment/es_5f0e1d2.pf_fragment", {"url": "/datos/a/b/"})
    write_fragment(bundle / "fragment/es_0a9b8c7.pf_fragment", {"url": "/datos/c/d/"})
    write(
        bundle / "pagefind.es_bbb.pf_meta", ["1.5.2", [["es_5f0e1d2", 40], ["es_0a9b8c7", 12]], [], [], [], ["title"]]
    )
    (bundle / "pagefind-entry.json").write_text(
        '{"version":"1.5.2","languages":{"es":{"hash":"es_bbb","wasm":"es","page_count":2}}}', encoding="utf-8"
    )
    stabilize(bundle)
    meta = next(iter(languages(tmp_path).values()))
    names = [name for name, _ in meta[1]]
    assert [count for _, count in meta[1]] == [40, 12]  # order and word counts kept
    assert names == ["es_5f0e1d2", "es_0a9b8c7"]
    assert read_fragment(bundle / f"fragment/{names[0]}.pf_fragment") == {"url": "/datos/a/b/"}
    assert read_fragment(bundle / f"fragment/{names[1]}.pf_fragment") == {"url": "/datos/c/d/"}
    assert sorted(p.name for p in (bundle / "fragment").iterdir()) == sorted(f"{n}.pf_fragment" for n in names)


def test_built_index_has_only_the_small_filters(built_site: Path) -> None:
    filters = {lang: [name for name, _ in meta[3]] for lang, meta in languages(built_site).items()}
    assert filters == {
        "es": sorted(
            ["Orden de gobierno", "Entidad federativa", "Tema", "Formato", "Frecuencia", "Desagregado por sexo"]
        ),
        "en": sorted(["Level of government", "State", "Theme", "Format", "Frequency", "Gender-disaggregated"]),
    }


def test_built_index_holds_each_datasets_own_words(built_site: Path) -> None:
    fragments = [read_fragment(p) for p in (built_site / "pagefind/fragment").iterdir()]
    assert len(fragments) == 12 and {f["meta"]["orden"] for f in fragments} >= {"Federal", "Estatal", "State"}
    air = next(f for f in fragments if f["url"] == "/datos/gobierno-de-jalisco/calidad-del-aire-guadalajara/")
    assert "ozono y partículas PM10" in air["content"]  # description
    assert "Medio ambiente y agua" in air["content"] and "aire, ozono" in air["content"]  # theme, keywords
    assert air["meta"]["institucion"] == "Gobierno del Estado de Jalisco"
    boilerplate = ("Puntaje de calidad", "Descargar", "Diccionario de datos", "Cómo citar", "Historial")
    assert not any(text in f["content"] for f in fragments for text in boilerplate)


@pytest.mark.parametrize(
    ("number", "count", "window"),
    [
        (1, 1, [1]),
        (1, 2, [1, 2]),
        (1, 10, [1, 2, 3, 0, 10]),
        (4, 10, [1, 2, 3, 4, 5, 6, 0, 10]),  # page 2 is shown rather than a gap of one
        (10, 10, [1, 0, 8, 9, 10]),
        (1000, 2000, [1, 0, 998, 999, 1000, 1001, 1002, 0, 2000]),
    ],
)
def test_listing_links_a_window_of_pages(number: int, count: int, window: list[int]) -> None:
    assert page_window(number, count) == window


def test_listing_page_links_few_pages(built_site: Path) -> None:
    html = (built_site / "datos/index.html").read_text(encoding="utf-8")
    assert html.count('class="cat-pagination"') <= 1  # six datasets: one page, no pagination


def test_catalogue_without_datasets_still_builds_its_search(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    shutil.copytree(
        SITE_FIXTURE,
        repo,
        ignore=shutil.ignore_patterns("datasets", "best-practices", "inventory.yaml", "opening-plan.yaml"),
    )
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "Alta de instituciones", date="2026-01-05T10:00:00-06:00")
    result = build_site(repo, tmp_path / "site", BASE_URL, TODAY)
    assert result.built, [p.code for p in result.problems]
    assert (tmp_path / "site/pagefind/pagefind.js").is_file()


@pytest.mark.parametrize(
    ("pages", "size", "lengths"),
    [
        (0, 4, []),
        (3, 4, [3]),
        (4, 4, [4]),
        (6, 4, [3, 3]),
        (9, 4, [3, 3, 3]),
        (100_000, 30_000, [25_000] * 4),
    ],
)
def test_pages_are_indexed_in_even_parts(pages: int, size: int, lengths: list[int]) -> None:
    names = [f"datos/p/{n:06d}/index.html" for n in range(pages)]
    parts = split_parts(names, size)
    assert [len(part) for part in parts] == lengths and [n for part in parts for n in part] == names


@pytest.mark.parametrize(
    ("pages", "count"), [(0, 1), (1, 1), (250, 1), (251, 2), (2_000, 8), (2_500, 16), (8_000, 32), (100_000, 32)]
)
def test_shard_count_is_a_power_of_two_near_250_pages_up_to_32(pages: int, count: int) -> None:
    assert shard_count(pages) == count


def test_a_partys_pages_share_a_shard_whatever_else_changes() -> None:
    pages = [f"datos/p{n % 40}/d{n}/index.html" for n in range(400)]
    placed = {page: shard for shard, group in shards(pages, 8) for page in group}
    fewer = {page: shard for shard, group in shards(pages[::3], 8) for page in group}
    assert all(placed[page] == shard for page, shard in fewer.items())  # others leaving moves nobody
    assert len({placed[p] for p in pages if p.startswith("datos/p7/")}) == 1
    assert len(set(placed.values())) > 4  # and the parties spread over the shards


def test_small_catalogue_is_indexed_in_one_part(built_site: Path) -> None:
    assert json.loads((built_site / "pagefind/partes.json").read_text(encoding="utf-8")) == {}
    assert not (built_site / ".pagefind-parte").exists()
    files = {p.name for p in (built_site / "pagefind").iterdir() if p.is_file()}
    assert {"pagefind.js", "pagefind-worker.js", "wasm.es.pagefind", "wasm.en.pagefind"} <= files
    assert not any(name.startswith(("pagefind-ui", "pagefind-component-ui", "pagefind-modular-ui")) for name in files)


def test_english_pages_index_the_english_names_of_spanish_words(tmp_path: Path) -> None:
    folder = tmp_path / "datos" / "p" / "d"
    folder.mkdir(parents=True)
    (folder / "datapackage.yaml").write_text("title: Almacenamiento de Presas\nkeywords: [agua]\n", encoding="utf-8")
    dataset = Dataset("d", "datos/p/d/datapackage.yaml", Files(tmp_path), party_id="p")
    assert english_search_words(dataset) == ["dams", "reservoirs", "water"]


def test_every_state_name_leads_to_its_page() -> None:
    pages = state_pages()
    assert len(pages) == 32
    assert pages["yucatan"] == ["Yucatán", "estados/31/"]
    assert pages["ciudad de mexico"][1] == "estados/09/"
