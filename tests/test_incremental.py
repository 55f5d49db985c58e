"""A build after a change reuses the pages of the datasets whose inputs did not change, and its
site is byte for byte the site a build from nothing makes; pages are rendered the same in one
process and in several."""

from __future__ import annotations

import datetime as dt
import os
import shutil
from pathlib import Path

import pytest

from catalogo.build import build_site
from catalogo.core.cache import cache_dir
from catalogo.enrich import enrich
from catalogo.load import load_catalogue
from catalogo.render import write as render
from catalogo.render.write import render_site, site_settings

from .conftest import ROOT, git
from .sitebuild import BASE_URL, TODAY, make_site_repo

UNCHANGED = "datos/secretaria-de-salud/casos-covid-estados/index.html"
EDITED_FOLDER = "datasets/municipio-de-zapopan/tianguis-zapopan"
EDITED_PAGE = "datos/municipio-de-zapopan/tianguis-zapopan/index.html"


def files_of(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def build(repo: Path, out: Path) -> None:
    result = build_site(repo, out, BASE_URL, TODAY)
    assert result.built, [p.code for p in result.problems]


def assert_rebuild_equals_cold(repo: Path, site: Path, cold: Path) -> None:
    """Build again into `site` (reusing what it can), then from nothing into `cold`: same bytes."""
    build(repo, site)
    shutil.rmtree(cache_dir(repo))
    build(repo, cold)
    assert files_of(site) == files_of(cold)


def edit(repo: Path, rel: str, old: str, new: str) -> None:
    path = repo / rel
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return make_site_repo(tmp_path / "repo")


def test_rebuild_after_a_change_equals_a_build_from_nothing(repo: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    build(repo, site)
    inode = os.stat(site / UNCHANGED).st_ino
    edit(repo, f"{EDITED_FOLDER}/datapackage.yaml", "title: ", "title: Edición 2026 de ")
    git(repo, "commit", "-qam", "Título nuevo", date="2026-03-10T10:00:00-06:00")

    assert_rebuild_equals_cold(repo, site, tmp_path / "cold")
    assert os.stat(site / UNCHANGED).st_ino == inode  # linked from the previous site, not rendered
    assert b"Edici\xc3\xb3n 2026 de" in (site / EDITED_PAGE).read_bytes()


REUSED = [
    "instituciones/secretaria-de-salud/index.html",  # another party's page
    "en/instituciones/secretaria-de-salud/index.html",
    "guias/publicar/index.html",  # the guides (mkdocs)
    "en/guias/publicar/index.html",
    "instituciones/secretaria-de-salud/data.json",  # another party's exports
    "instituciones/secretaria-de-salud/catalogo.ttl",
    "api/parties/secretaria-de-salud.json",
    "api/datasets/secretaria-de-salud/casos-covid-estados.json",
    "datos/secretaria-de-salud/casos-covid-estados/datapackage.json",
]


def test_pages_and_guides_a_change_does_not_touch_are_reused(repo: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    build(repo, site)
    inodes = {rel: os.stat(site / rel).st_ino for rel in [*REUSED, "instituciones/municipio-de-zapopan/index.html"]}
    edit(repo, f"{EDITED_FOLDER}/datapackage.yaml", "title: ", "title: Edición 2026 de ")
    git(repo, "commit", "-qam", "Título nuevo", date="2026-03-10T10:00:00-06:00")
    build(repo, site)
    assert {rel: os.stat(site / rel).st_ino for rel in REUSED} == {rel: inodes[rel] for rel in REUSED}
    # the edited dataset's party lists its new title: rendered again
    assert (
        os.stat(site / "instituciones/municipio-de-zapopan/index.html").st_ino
        != inodes["instituciones/municipio-de-zapopan/index.html"]
    )


PARTY_SOURCES = {
    "profile": ("parties/municipio-de-zapopan/party.yaml", "name: Municipio de Zapopan", "name: Gobierno de Zapopan"),
    "inventory": ("parties/secretaria-de-salud/inventory.yaml", "requests: [12]", "requests: [12, 31]"),
    "plan": ("parties/secretaria-de-salud/opening-plan.yaml", "due: 2027-06-30", "due: 2026-02-28"),
    "another party's dataset": (f"{EDITED_FOLDER}/datapackage.yaml", "title: ", "title: Edición 2026 de "),
}


@pytest.mark.parametrize("source", sorted(PARTY_SOURCES))
def test_party_pages_follow_each_of_their_sources(repo: Path, tmp_path: Path, source: str) -> None:
    """A party's pages are one unit keyed by their sources (its files, its datasets, what enrich
    worked out for it): after each kind of change the site is the one a build from nothing makes,
    and the party pages that did not change are kept."""
    site = tmp_path / "site"
    build(repo, site)
    inodes = {p.relative_to(site): p.stat().st_ino for p in site.glob("instituciones/*/index.html")}
    rel, old, new = PARTY_SOURCES[source]
    edit(repo, rel, old, new)
    git(repo, "commit", "-qam", f"Cambio: {source}", date="2026-03-10T10:00:00-06:00")
    assert_rebuild_equals_cold(repo, site, tmp_path / "cold")
    changed = {page for page, inode in inodes.items() if (site / page).stat().st_ino != inode}
    party = Path(
        f"instituciones/{rel.split('/')[1] if rel.startswith('parties/') else 'municipio-de-zapopan'}/index.html"
    )
    if source == "plan":  # plan compliance enters the national medians every party's scorecard shows
        assert party in changed
    else:
        assert changed == {party}


def test_national_dcat_pages_are_kept_unless_their_datasets_changed(repo: Path, tmp_path: Path) -> None:
    """Pages of two datasets: Sonora (1) and Jalisco (2), then Zapopan (1) and Salud (2). Jalisco's
    datasets fall on pages 1 and 2; a change to Zapopan's writes page 2 again (with Jalisco's
    second dataset read back from the cache) and keeps pages 1 and 3."""
    (repo / "catalogo.yaml").write_text("exports:\n  dcat_page_size: 2\n", encoding="utf-8")
    git(repo, "add", "catalogo.yaml")
    git(repo, "commit", "-qm", "Páginas de dos", date="2026-03-09T10:00:00-06:00")
    site = tmp_path / "site"
    build(repo, site)
    pages = ["catalogo.jsonld", "catalogo/pagina-2.jsonld", "catalogo/pagina-3.ttl"]
    inodes = {page: (site / page).stat().st_ino for page in pages}
    edit(repo, f"{EDITED_FOLDER}/datapackage.yaml", "title: ", "title: Edición 2026 de ")
    git(repo, "commit", "-qam", "Título nuevo", date="2026-03-10T10:00:00-06:00")
    assert_rebuild_equals_cold(repo, site, tmp_path / "cold")
    assert [page for page in pages if (site / page).stat().st_ino != inodes[page]] == ["catalogo/pagina-2.jsonld"]
    assert "Edición 2026 de".encode() in (site / "catalogo/pagina-2.ttl").read_bytes()


def test_a_party_change_renders_its_datasets_again(repo: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    build(repo, site)
    edit(repo, "parties/municipio-de-zapopan/party.yaml", "name: ", "name: H. ")
    git(repo, "commit", "-qam", "Nombre oficial", date="2026-03-10T10:00:00-06:00")
    assert_rebuild_equals_cold(repo, site, tmp_path / "cold")


def test_an_uncommitted_data_change_is_not_hidden_by_the_cache(repo: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    build(repo, site)
    data = sorted((repo / EDITED_FOLDER).rglob("*.csv"))[0]
    data.write_text(
        data.read_text(encoding="utf-8") + data.read_text(encoding="utf-8").splitlines()[-1] + "\n", encoding="utf-8"
    )
    build(repo, site)
    copied = site / "datos/municipio-de-zapopan/tianguis-zapopan" / data.relative_to(repo / EDITED_FOLDER)
    assert copied.read_bytes() == data.read_bytes()


@pytest.mark.parametrize("damage", ["corrupt", "page-edited", "page-removed"])
def test_a_damaged_cache_or_site_only_costs_time(repo: Path, tmp_path: Path, damage: str) -> None:
    site = tmp_path / "site"
    build(repo, site)
    expected = files_of(site)
    if damage == "corrupt":
        for manifest in (cache_dir(repo) / "pages").glob("*.json"):
            manifest.write_text('{"version": 1, "fingerprint": ', encoding="utf-8")
    elif damage == "page-edited":
        (site / UNCHANGED).write_text("<p>cambiada a mano</p>\n", encoding="utf-8")
    else:
        (site / UNCHANGED).unlink()
    build(repo, site)
    assert files_of(site) == expected


def test_pages_are_the_same_from_one_process_or_several(
    repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    enriched = enrich(load_catalogue(repo), TODAY)
    settings = site_settings({"es": "Datos", "en": "Data"}, BASE_URL)
    render_site(enriched, tmp_path / "one", settings, ROOT / "build", workers=1)
    monkeypatch.setattr(render, "SERIAL_BELOW", 0)
    render_site(enriched, tmp_path / "two", settings, ROOT / "build", workers=2)
    one, two = files_of(tmp_path / "one"), files_of(tmp_path / "two")
    assert len(one) > 20 and one == two


def test_today_moves_overdue_counts_and_nothing_else(repo: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    build(repo, site)
    later = build_site(repo, site, BASE_URL, TODAY + dt.timedelta(days=400))
    assert later.built
    cold = tmp_path / "cold"
    shutil.rmtree(cache_dir(repo))
    assert build_site(repo, cold, BASE_URL, TODAY + dt.timedelta(days=400)).built
    assert files_of(site) == files_of(cold)


def test_the_dataset_key_covers_what_its_pages_are_made_from(repo: Path, tmp_path: Path) -> None:
    """Each source of a dataset's pages changes its digest: its descriptor's and its party's bytes,
    its history, quality and timeliness, the stories that use it; the texts of a language do not
    enter it (they are files of build/, in the fingerprint)."""
    import dataclasses

    from catalogo.core.digests import FileDigests
    from catalogo.enrich import source_digests
    from catalogo.render.ui import load_languages

    key = "secretaria-de-salud/casos-covid-estados"
    languages = load_languages(ROOT / "build")

    def digest(enriched) -> str:
        return source_digests(enriched, FileDigests(repo))[key]

    def enriched():
        return enrich(load_catalogue(repo), TODAY)

    same = digest(enriched())
    assert digest(enriched()) == same
    changed = {}
    for name in ("history", "quality", "timeliness"):
        e = enriched()
        info = e.datasets[key]
        e.datasets[key] = dataclasses.replace(info, **{name: [] if name == "history" else None})
        changed[name] = digest(e)
    e = enriched()
    e.stories_of[key] = [*e.stories_of.get(key, []), next(iter(e.catalogue.stories.values()))]
    changed["story"] = digest(e)
    for lang in languages.values():
        lang.t[next(iter(lang.t))] = "cambiada"
    changed["texts"] = digest(enriched())
    for rel in (f"datasets/{key}/datapackage.yaml", "parties/secretaria-de-salud/party.yaml"):
        path = repo / rel
        path.write_text(path.read_text(encoding="utf-8") + "\n", encoding="utf-8")
        changed[rel] = digest(enriched())
    assert changed.pop("texts") == same
    assert [name for name, value in changed.items() if value == same] == []
    assert len(set(changed.values())) == len(changed)


def test_a_change_reindexes_only_its_shard(repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Two shards per language (Sonora and the Secretaría de Salud; Jalisco and Zapopan): a change
    to a dataset of the Secretaría de Salud leaves the second shard's files as they were."""
    monkeypatch.setattr("catalogo.site.searchindex.SHARD_PAGES", 3)
    site = tmp_path / "site"
    build(repo, site)
    second = {
        p.relative_to(site): p.stat().st_ino
        for lang in ("es", "en")
        for p in (site / "pagefind" / f"{lang}-2").rglob("*")
        if p.is_file()
    }
    assert second
    edit(repo, "datasets/secretaria-de-salud/camas-hospitalarias/datapackage.yaml", "title: ", "title: Nuevas ")
    git(repo, "commit", "-qam", "Título nuevo", date="2026-03-10T10:00:00-06:00")
    assert_rebuild_equals_cold(repo, site, tmp_path / "cold")
    assert {rel: (site / rel).stat().st_ino for rel in second} == second


def test_a_removed_dataset_leaves_nothing_behind(repo: Path, tmp_path: Path) -> None:
    """The site is updated in place: the removed dataset's pages, data and exports are deleted,
    its now empty folders too, and what stays is the same as a build from nothing."""
    site = tmp_path / "site"
    build(repo, site)
    assert (site / EDITED_PAGE).is_file()
    git(repo, "rm", "-rq", EDITED_FOLDER)
    git(repo, "commit", "-qm", "Retira el tianguis", date="2026-03-10T10:00:00-06:00")
    assert_rebuild_equals_cold(repo, site, tmp_path / "cold")
    assert not (site / EDITED_PAGE).parent.exists()
    assert not (site / "api/datasets/municipio-de-zapopan/tianguis-zapopan.json").exists()
    assert [p for p in site.parent.iterdir() if p.name.startswith(".site.")] == []  # no staging left
