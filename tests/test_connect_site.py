"""Connect and view, on the shipped catalogue plus a real table added with `catalogo new dataset
--from`: datasets link both ways through their keys, state-keyed data is drawn on a map of Mexico,
each state has a page, and a rebuild after a key changes equals a build from nothing."""

from __future__ import annotations

import datetime as dt
import gzip
import json
import re
import shutil
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from catalogo.build import build_site
from catalogo.cli.main import cli
from catalogo.core.vocab import vocabularies

from .conftest import CORPUS, git, shipped_catalogue
from .sitebuild import make_site_repo
from .test_incremental import assert_rebuild_equals_cold, build, edit
from .test_scaffold import fill

pytestmark = pytest.mark.corpus
NEW = "inegi/claves-municipios-2022"


def joins_section(page: Path) -> str:
    html = page.read_text(encoding="utf-8")
    start = html.index('id="cruzar"')
    return html[start : html.index("</section>", start)]


@pytest.fixture(scope="module")
def shipped_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not CORPUS.is_dir():  # as conftest's `corpus` fixture, which a module-scoped fixture cannot use
        pytest.skip("../shared/corpus is absent (the real-data corpus lives beside the checkout)")
    base = tmp_path_factory.mktemp("shipped")
    repo = shipped_catalogue(base / "repo")
    table = CORPUS / "isaacarroyov-datos-facil-acceso" / "cve_nom_municipios.csv"
    result = CliRunner().invoke(
        cli,
        ["--repo", str(repo), "new", "dataset", "--party", "inegi", "--from", str(table), "--id", NEW.split("/")[1]],
        input="\n" * 20,
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    fill(repo, f"datasets/{NEW}/datapackage.yaml", title="Claves de municipios (datos de fácil acceso)")
    git(repo, "add", ".")
    git(repo, "commit", "-qm", "Claves de municipios", date="2026-11-28T12:00:00-06:00")
    out = base / "site"
    built = build_site(repo, out, "https://datos.example.mx/", dt.date(2026, 11, 28))
    assert built.built, [(p.code, p.path) for p in built.problems if p.severity == "error"]
    return out


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("inegi/poblacion-entidades-federativas-2015", "shcp/ramo-23-desarrollo-regional"),  # names, codes
        ("salud/covid19-entidades-federativas", "inegi/poblacion-entidades-federativas-2015"),  # headers, names
        (NEW, "inegi/catalogo-municipios-2022"),  # cve_geo, cve_geo
        ("sesnsp/incidencia-delictiva-cdmx-2013-2017", "inegi/catalogo-municipios-2022"),  # delegaciones
    ],
)
def test_tables_link_both_ways(shipped_site: Path, one: str, other: str) -> None:
    assert f'href="../../../datos/{other}/"' in joins_section(shipped_site / "datos" / one / "index.html")
    assert f'href="../../../datos/{one}/"' in joins_section(shipped_site / "datos" / other / "index.html")
    record = json.loads((shipped_site / "api" / "datasets" / f"{one}.json").read_text(encoding="utf-8"))
    assert other in [j["key"] for j in record["joinable"]["datasets"]]


def test_a_state_keyed_dataset_shows_a_map_of_mexico(shipped_site: Path) -> None:
    folder = shipped_site / "datos" / "inegi" / "poblacion-entidades-federativas-2015"
    svg = (folder / "mapa-entidades.svg").read_text(encoding="utf-8")
    shapes = re.findall(r'<path d="[^"]+" fill="(#[0-9a-f]{6})"><title>([^<]+)</title>', svg)
    assert len(shapes) == 32 and {title.split(":")[0] for _, title in shapes} == set(vocabularies().states.values())
    assert "<title id=" in svg and 'role="img"' in svg
    english = shipped_site / "en" / "datos" / "inegi" / "poblacion-entidades-federativas-2015"
    assert not list(english.glob("*.svg"))  # written once: the English page links the same file
    assert 'src="../../../../datos/inegi/poblacion-entidades-federativas-2015/mapa-entidades.svg"' in (
        english / "index.html"
    ).read_text(encoding="utf-8")
    html = (folder / "index.html").read_text(encoding="utf-8")
    assert (
        'src="../../../datos/inegi/poblacion-entidades-federativas-2015/mapa-entidades.svg"' in html
        and '<th scope="row">Yucatán</th><td>2,097,175</td>' in html
    )


def test_pages_and_drawings_stay_small(shipped_site: Path) -> None:
    pages = list((shipped_site / "datos").glob("*/*/index.html"))
    drawings = list(shipped_site.glob("**/*.svg"))
    assert pages and drawings
    # The widest page (two tables of 34 columns: their dictionary, column summary and preview) is
    # 62 KB, 11 KB once compressed, as servers send it.
    assert max(p.stat().st_size for p in pages) <= 64 * 1024
    assert max(len(gzip.compress(p.read_bytes())) for p in pages) <= 14 * 1024
    assert max(p.stat().st_size for p in drawings) <= 60 * 1024


def test_each_state_has_its_page(shipped_site: Path) -> None:
    yucatan = (shipped_site / "estados" / "31" / "index.html").read_text(encoding="utf-8")
    for about in (
        "poblacion-entidades-federativas-2015",
        "covid19-casos-confirmados-20200415",
        "ramo-23-desarrollo-regional",
    ):
        assert f"/{about}/" in yucatan
    assert "incidencia-delictiva-cdmx" not in yucatan and "almacenamiento-presas-sonora" not in yucatan
    assert (shipped_site / "estados" / "31" / "mapa.svg").is_file()
    assert (shipped_site / "estados" / "09" / "010" / "index.html").is_file()  # Álvaro Obregón, from the crime table
    assert (shipped_site / "en" / "estados" / "31" / "index.html").is_file()
    index = (shipped_site / "estados" / "index.html").read_text(encoding="utf-8")
    assert index.count('href="../estados/') == 32 or index.count('href="31/"') + index.count("estados/31/") >= 1
    catalogue = (shipped_site / "datos" / "index.html").read_text(encoding="utf-8")
    assert 'href="../estados/31/"' in catalogue  # the state filter links each state's page


def test_a_rebuild_after_a_key_appears_equals_a_build_from_nothing(tmp_path: Path) -> None:
    """A new table keyed by state names joins the fixture's state-coded table: the other
    dataset's page changes with it, and again when the new one's title changes."""
    repo = make_site_repo(tmp_path / "repo")
    site = tmp_path / "site"
    build(repo, site)
    other = site / "datos" / "secretaria-de-salud" / "casos-covid-estados" / "index.html"
    assert "poblacion-estados" not in joins_section(other)
    folder = repo / "datasets" / "secretaria-de-salud" / "poblacion-estados"
    shutil.copytree(repo / "datasets" / "secretaria-de-salud" / "casos-covid-estados", folder)
    descriptor = yaml.safe_load((folder / "datapackage.yaml").read_text(encoding="utf-8"))
    descriptor.update(name="poblacion-estados", title="Población por entidad")
    descriptor["resources"] = [
        {
            "name": "poblacion",
            "path": "data/poblacion.csv",
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "schema": {
                "fields": [
                    {"name": "estado", "type": "string", "joinKey": "entidad"},
                    {"name": "anio", "type": "integer"},
                    {"name": "habitantes", "type": "integer"},
                ]
            },
        }
    ]
    descriptor["views"] = [  # a Data Package view chooses what the map shows
        {
            "name": "mapa",
            "resources": ["poblacion"],
            "specType": "simple",
            "spec": {"type": "bar", "group": "estado", "series": ["habitantes"]},
        }
    ]
    (folder / "datapackage.yaml").write_text(yaml.safe_dump(descriptor, allow_unicode=True), encoding="utf-8")
    (folder / "data" / "casos.csv").unlink()
    (folder / "data" / "poblacion.csv").write_text(
        "estado,anio,habitantes\nAGUASCALIENTES,2015,1312544\nBaja California,2015,3315766\nCDMX,2015,8918653\n",
        encoding="utf-8",
    )
    git(repo, "add", ".")
    git(repo, "commit", "-qm", "Población", date="2026-03-10T10:00:00-06:00")
    assert_rebuild_equals_cold(repo, site, tmp_path / "cold")
    assert "Población por entidad" in joins_section(other) and "3 de 32 entidades" in joins_section(other)
    page = (site / "datos" / "secretaria-de-salud" / "poblacion-estados" / "index.html").read_text(encoding="utf-8")
    assert "Mapa por entidad federativa: habitantes" in page  # the view's column, not the first numeric one
    edit(repo, "datasets/secretaria-de-salud/poblacion-estados/datapackage.yaml", "Población por entidad", "Habitantes")
    git(repo, "commit", "-qam", "Título", date="2026-03-11T10:00:00-06:00")
    shutil.rmtree(tmp_path / "cold")
    assert_rebuild_equals_cold(repo, site, tmp_path / "cold")
    assert "Habitantes" in joins_section(other)


def test_interconnection_indicators_agree_with_the_api(shipped_site: Path) -> None:
    records = [json.loads(p.read_text(encoding="utf-8")) for p in (shipped_site / "api" / "datasets").glob("*/*.json")]
    keyed = [r for r in records if r["keys"]]
    across = [r for r in keyed if any(j["key"].split("/")[0] != r["party"] for j in r["joinable"]["datasets"])]
    figures = json.loads((shipped_site / "indicadores.json").read_text(encoding="utf-8"))
    national = next(r for r in figures["indicadores"] if r["dimension"] == "nacional")
    assert (national["conjuntos_con_clave"], national["conjuntos_cruzables"]) == (len(keyed), len(across))
    assert 0 < len(across) < len(keyed) < len(records)  # the schools' CCT joins nothing; one table has no key


def test_join_code_cannot_be_broken_by_a_title(tmp_path: Path) -> None:
    """A title with line breaks stays inside its comment in the downloadable scripts."""
    from catalogo.render.connect import JoinRow, code_files

    hostile = JoinRow(
        "datos/p/x/", "Título\nimport os; os.system('x')\r\u2028--", "p", "k", "a", "b", "c", "a = 1", "SELECT 1;"
    )
    python, sql = (text for _, text in code_files([hostile]))
    assert [line for line in python.splitlines() if "os.system" in line][0].startswith("# ")
    assert [line for line in sql.splitlines() if "os.system" in line][0].startswith("-- ")
    assert "\u2028" not in python and "\r" not in python


def test_with_a_repository_every_dataset_page_links_to_the_request_form(tmp_path: Path) -> None:
    repo = make_site_repo(tmp_path / "repo")
    (repo / "catalogo.yaml").write_text(
        "site:\n  repository: https://github.com/datosgobmx/catalogo\n", encoding="utf-8"
    )
    git(repo, "add", ".")
    git(repo, "commit", "-qm", "Repositorio", date="2026-03-10T10:00:00-06:00")
    site = tmp_path / "site"
    build(repo, site)
    pages = sorted((site / "datos").glob("*/*/index.html"))
    assert pages
    for page in [*pages, site / "instituciones" / "secretaria-de-salud" / "index.html"]:
        links = re.findall(
            r'href="(https://github.com/datosgobmx/catalogo/issues/new\?[^"]+)"', page.read_text(encoding="utf-8")
        )
        requests = [link for link in links if "template=solicitar-datos.yml" in link]  # beside the edit forms
        assert len(requests) == 1 and "institucion=" in requests[0], page


def test_what_is_written_beside_a_dataset_page_is_a_reserved_resource_name() -> None:
    """A resource named like a map or the join code would be overwritten by it (or overwrite it):
    the validator refuses those names."""
    from catalogo.checks.filetypes import RESERVED_NAMES
    from catalogo.render.connect import BARS_FILE, CODE_FILES, FILE_NAMES, VIEW_FILES

    written = {*VIEW_FILES.values(), BARS_FILE, *CODE_FILES, *(f"claves-{name}.csv" for name in FILE_NAMES.values())}
    assert written <= RESERVED_NAMES


def test_a_sex_column_suggests_the_gender_flag(tmp_path: Path) -> None:
    """The fixture's cases by state have a `sexo` column (H/M): declared, nothing to say;
    undeclared, a warning on that column that names the flag."""
    from catalogo.checks.run import check_catalogue
    from catalogo.load import load_catalogue

    repo = make_site_repo(tmp_path / "repo")
    folder = "datasets/secretaria-de-salud/casos-covid-estados"

    def warned() -> list[tuple[str, int | None, int | None]]:
        found = check_catalogue(load_catalogue(repo))
        return [(p.path, p.line, p.column) for p in found if p.code == "sex-column-without-flag"]

    assert warned() == []
    edit(repo, f"{folder}/datapackage.yaml", "gender_disaggregated: true", "gender_disaggregated: false")
    assert warned() == [(f"{folder}/data/casos.csv", 1, 5)]
