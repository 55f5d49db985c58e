"""`catalogo build` on the fixture site: every page type exists in both languages and links
correctly, untrusted content stays inert, the build is all-or-nothing and deterministic."""

from __future__ import annotations

import datetime as dt
import filecmp
import json
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
import yaml
from click.testing import CliRunner

from catalogo.cli.main import cli
from catalogo.enrich import enrich
from catalogo.export.schemaorg import dataset_jsonld
from catalogo.load import load_catalogue
from catalogo.render.html import CONTENT_SECURITY_POLICY, EXTERNAL_REL
from catalogo.site import assemble as site_stage

from .conftest import ROOT
from .sitebuild import BASE_URL, TODAY, build_fixture

pytestmark = pytest.mark.xdist_group("site")

DATASETS = [
    "secretaria-de-salud/casos-covid-estados",
    "secretaria-de-salud/camas-hospitalarias",
    "gobierno-de-jalisco/presupuesto-egresos-2025",
    "gobierno-de-jalisco/calidad-del-aire-guadalajara",
    "congreso-de-sonora/iniciativas-legislativas",
    "municipio-de-zapopan/tianguis-zapopan",
]
PARTIES = ["secretaria-de-salud", "gobierno-de-jalisco", "congreso-de-sonora", "municipio-de-zapopan"]
PAGES = [
    "",
    "datos/",
    "instituciones/",
    "instituciones/por-orden/federal/",
    "instituciones/por-entidad/jalisco/",
    "instituciones/por-poder/legislativo/",
    "buenas-practicas/",
    "buenas-practicas/casos/",
    "buenas-practicas/casos/presupuesto-ciudadano/",
    "buenas-practicas/casos/sector/sociedad-civil/",
    "buenas-practicas/casos/tema/salud/",
    "buenas-practicas/casos/proposito/incidir/",
    "buenas-practicas/herramientas/",
    "buenas-practicas/herramientas/tablero-aire/",
    "guias/",
    "guias/publicar/",
    "guias/codigos/",
    "guias/usar-datos/",
    "guias/api/",
    "acerca/",
    *[f"datos/{d}/" for d in DATASETS],
    *[f"instituciones/{p}/" for p in PARTIES],
]


class _Page(HTMLParser):
    """The parts of a page the tests look at."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.scripts: list[dict[str, str | None]] = []
        self.attributes: list[tuple[str, str, str | None]] = []
        self.anchors: list[dict[str, str | None]] = []
        self.metas: list[dict[str, str | None]] = []
        self.ids: set[str] = set()
        self._script: dict[str, str | None] | None = None
        self.script_texts: list[tuple[dict[str, str | None], str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        self.attributes.extend((tag, name, value) for name, value in attrs)
        if values.get("id"):
            self.ids.add(values["id"])
        for name in ("href", "src"):
            if values.get(name):
                self.links.append(values[name])
        if tag == "a":
            self.anchors.append(values)
        elif tag == "meta":
            self.metas.append(values)
        elif tag == "script":
            self.scripts.append(values)
            self._script = values

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self.script_texts.append((self._script, data))

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._script = None


def parse(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def html_files(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def catalogue_pages(site: Path) -> list[Path]:
    """Pages rendered from build/templates (the narrative pages come from mkdocs)."""
    return [p for p in html_files(site) if 'class="cat-skip"' in p.read_text(encoding="utf-8")]


@pytest.mark.parametrize("path", PAGES)
@pytest.mark.parametrize("lang", ["", "en/"])
def test_every_page_type_exists_in_both_languages(built_site: Path, lang: str, path: str) -> None:
    page = built_site / lang / path / "index.html"
    assert page.is_file(), f"{lang}{path}"
    assert f'<html lang="{"en" if lang else "es"}"' in page.read_text(encoding="utf-8")


def test_relative_links_and_assets_resolve(built_site: Path) -> None:
    broken = []
    for page in html_files(built_site):
        base = page.parent.relative_to(built_site).as_posix()
        for link in parse(page).links:
            parts = urlsplit(link)
            if parts.scheme or parts.netloc or not parts.path or link.startswith("#"):
                continue
            folder = built_site if parts.path.startswith("/") else built_site / base  # 404.html is root-absolute
            target = (folder / unquote(parts.path).lstrip("/")).resolve()
            if target.is_dir():
                target = target / "index.html"
            if not target.is_file():
                broken.append(f"{page.relative_to(built_site)} -> {link}")
    assert broken == []


def test_links_to_a_place_in_a_page_find_it(built_site: Path) -> None:
    """`page/#anchor` (a code in the reference, an activity of the guide): the page has that id."""
    ids: dict[Path, set[str]] = {}
    broken = []
    for page in html_files(built_site):
        for link in parse(page).links:
            parts = urlsplit(link)
            if parts.scheme or parts.netloc or not parts.fragment:
                continue
            target = (page.parent / unquote(parts.path)).resolve() if parts.path else page
            target = target / "index.html" if target.is_dir() else target
            if target.suffix != ".html" or not target.is_file():
                continue  # a missing page is test_relative_links_and_assets_resolve's
            if target not in ids:
                ids[target] = parse(target).ids
            if unquote(parts.fragment) not in ids[target]:
                broken.append(f"{page.relative_to(built_site)} -> {link}")
    assert broken == []


# Links to the site written outside it: the validator's reports (GUIDE_URL#<code>), the issue forms
# and the pull-request template. They name the published site, https://datos.gob.mx/.
OUTSIDE = re.compile(r"https://datos\.gob\.mx/(guias/[a-z/-]*)#([a-z0-9-]+)")


def test_links_from_reports_and_forms_to_the_guides_land(built_site: Path) -> None:
    from catalogo.core.problems import GUIDE_URL, code_catalogue

    written = [f"{GUIDE_URL}#{code}" for code in code_catalogue()]
    written += [
        m[0]
        for f in sorted((ROOT / ".github").rglob("*"))
        if f.is_file()
        for m in OUTSIDE.finditer(f.read_text(encoding="utf-8"))
    ]
    assert len(written) > len(code_catalogue())
    missing = []
    for link in written:
        path, anchor = OUTSIDE.fullmatch(link).groups()
        page = built_site / path / "index.html"
        if not page.is_file() or anchor not in parse(page).ids:
            missing.append(link)
    assert missing == []
    old = parse(built_site / "guias/publicar/index.html").ids  # reports written before the codes page
    assert set(code_catalogue()) <= old


def test_language_switch_leads_to_the_same_page(built_site: Path) -> None:
    for lang, other in (("", "en/"), ("en/", "")):
        for path in PAGES:
            page = built_site / lang / path / "index.html"
            switches = [a for a in parse(page).anchors if a.get("hreflang") == (other.rstrip("/") or "es")]
            assert switches, f"{lang}{path}"
            target = (page.parent / urlsplit(switches[0]["href"]).path).resolve() / "index.html"
            assert target == (built_site / other / path / "index.html").resolve(), f"{lang}{path}"


def test_every_page_carries_the_content_security_policy(built_site: Path) -> None:
    for page in html_files(built_site):
        policies = [m.get("content") for m in parse(page).metas if m.get("http-equiv") == "Content-Security-Policy"]
        assert policies == [CONTENT_SECURITY_POLICY], page.relative_to(built_site)


def test_no_inline_scripts_or_handlers_anywhere(built_site: Path) -> None:
    for page in html_files(built_site):
        parsed = parse(page)
        for script in parsed.scripts:
            inline_data = script.get("type") in ("application/ld+json", "application/json")
            assert script.get("src") or inline_data, f"inline script in {page.relative_to(built_site)}"
            if script.get("src"):
                assert not urlsplit(script["src"]).netloc, script["src"]
        handlers = [(tag, name) for tag, name, _ in parsed.attributes if name.startswith("on")]
        assert handlers == [], page.relative_to(built_site)
        assert not [v for _, name, v in parsed.attributes if name == "style"], page.relative_to(built_site)
        bad = [
            v
            for _, name, v in parsed.attributes
            if name in ("href", "src") and v and v.strip().lower().startswith(("javascript:", "data:"))
        ]
        assert bad == [], page.relative_to(built_site)


def test_hostile_content_is_escaped_or_removed(built_site: Path) -> None:
    page = (built_site / "datos/congreso-de-sonora/iniciativas-legislativas/index.html").read_text(encoding="utf-8")
    html = re.sub(r'<script type="application/ld\+json">.*?</script>', "", page)  # checked as JSON below
    assert "<script>alert" not in html and "</script><script>" not in html
    assert "&lt;/script&gt;&lt;script&gt;alert(&#34;título&#34;)&lt;/script&gt;" in html  # the title, escaped
    assert "<iframe" not in html and "onerror" not in html and "onclick" not in html
    assert "tracker.example" not in html and "javascript:" not in html
    assert '<a href="https://congresoson.gob.mx/" rel="noopener nofollow ugc">externo</a>' in html
    party = (built_site / "instituciones/congreso-de-sonora/index.html").read_text(encoding="utf-8")
    assert "<script>alert" not in party and "CES &lt;b&gt;&amp;&lt;/b&gt;" in party


def test_external_links_in_catalogue_pages_are_marked(built_site: Path) -> None:
    for page in catalogue_pages(built_site):
        for anchor in parse(page).anchors:
            if urlsplit(anchor.get("href") or "").scheme in ("http", "https"):
                assert set(EXTERNAL_REL.split()) <= set((anchor.get("rel") or "").split()), (page, anchor)


def test_jsonld_is_the_schemaorg_export_and_cannot_break_out(built_site: Path, site_repo: Path) -> None:
    enriched = enrich(load_catalogue(site_repo), TODAY)
    for key in DATASETS:
        parsed = parse(built_site / "datos" / key / "index.html")
        blocks = [text for attrs, text in parsed.script_texts if attrs.get("type") == "application/ld+json"]
        assert len(blocks) == 1 and "<" not in blocks[0]
        assert json.loads(blocks[0]) == dataset_jsonld(enriched, enriched.datasets[key], BASE_URL)


def test_data_files_are_copied_beside_their_page(built_site: Path, site_repo: Path) -> None:
    for key, name in (
        ("secretaria-de-salud/casos-covid-estados", "data/casos.csv"),
        ("gobierno-de-jalisco/calidad-del-aire-guadalajara", "data/mediciones.tsv"),
    ):
        assert filecmp.cmp(built_site / "datos" / key / name, site_repo / "datasets" / key / name, shallow=False)


def test_search_index_covers_only_dataset_pages(built_site: Path) -> None:
    entry = json.loads((built_site / "pagefind/pagefind-entry.json").read_text(encoding="utf-8"))
    assert {lang: info["page_count"] for lang, info in entry["languages"].items()} == {"es": 6, "en": 6}
    marked = [p for p in html_files(built_site) if "data-pagefind-body" in p.read_text(encoding="utf-8")]
    assert len(marked) == 12 and all("/datos/" in p.as_posix() for p in marked)


def test_dataset_page_shows_history_from_git(built_site: Path) -> None:
    html = (built_site / "datos/gobierno-de-jalisco/calidad-del-aire-guadalajara/index.html").read_text(
        encoding="utf-8"
    )
    assert html.index("Se agregó el archivo mediciones.tsv.") < html.index("Se publicó el conjunto en el catálogo.")
    assert '<time datetime="2026-03-01">' in html and '<time datetime="2026-02-10">' in html


def test_two_builds_of_the_same_commit_are_byte_identical(built_site: Path, site_repo: Path, tmp_path: Path) -> None:
    again = tmp_path / "again"
    build_fixture(site_repo, again)
    first = sorted(p.relative_to(built_site) for p in built_site.rglob("*") if p.is_file())
    second = sorted(p.relative_to(again) for p in again.rglob("*") if p.is_file())
    assert first == second
    different = [str(p) for p in first if (built_site / p).read_bytes() != (again / p).read_bytes()]
    assert different == []


def test_ui_texts_exist_in_both_languages() -> None:
    es, en = (
        yaml.safe_load((ROOT / "build" / "i18n" / f"{lang}.yaml").read_text(encoding="utf-8")) for lang in ("es", "en")
    )
    assert set(es) == set(en)
    assert all(isinstance(key, str) for key in es)


def test_templates_name_their_context() -> None:
    for template in sorted((ROOT / "build" / "templates").glob("*.html")):
        text = template.read_text(encoding="utf-8")
        if not template.name.startswith("_"):
            assert re.search(r"Context `c`: contexts\.\w+", text), template.name


# all or nothing


def test_catalogue_with_errors_does_not_build(repo_from, tmp_path: Path) -> None:
    repo = repo_from("invalid/missing-property")
    out = tmp_path / "site"
    result = CliRunner().invoke(cli, ["--repo", str(repo), "build", "--out", str(out)])
    assert result.exit_code == 1
    assert "missing-property" in result.output or "falta" in result.output.lower()
    assert not out.exists()


def test_failed_stage_leaves_the_previous_site_intact(
    site_repo: Path, built_site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "site"
    build_fixture(site_repo, out)
    before = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}

    def fail(staging: Path, *args: object, **kwargs: object) -> None:
        raise site_stage.SiteError("pagefind: simulated failure")

    monkeypatch.setattr("catalogo.build.index_search", fail)
    result = CliRunner().invoke(cli, ["--repo", str(site_repo), "build", "--out", str(out)])
    assert result.exit_code == 2 and "simulated failure" in result.output
    after = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert after == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]  # no staging folder left behind


def test_interrupted_build_leaves_no_trace(site_repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def interrupt(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr("catalogo.build.write_exports", interrupt)
    with pytest.raises(KeyboardInterrupt):
        build_fixture(site_repo, tmp_path / "site")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("target", [".", "datasets/x", "..", "parties"])
def test_outputs_that_would_replace_sources_are_refused(site_repo: Path, target: str) -> None:
    out = (site_repo / target).resolve()
    result = CliRunner().invoke(cli, ["--repo", str(site_repo), "build", "--out", str(out)])
    assert result.exit_code == 2 and result.output.count("\n") <= 2


def test_a_folder_that_is_not_a_site_is_refused(site_repo: Path, tmp_path: Path) -> None:
    keep = tmp_path / "documents"
    keep.mkdir()
    (keep / "tesis.docx").write_text("importante", encoding="utf-8")
    result = CliRunner().invoke(cli, ["--repo", str(site_repo), "build", "--out", str(keep)])
    assert result.exit_code == 2 and (keep / "tesis.docx").read_text(encoding="utf-8") == "importante"


def test_build_outside_a_catalogue_is_a_usage_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["--repo", str(tmp_path), "build", "--out", str(tmp_path / "site")])
    assert result.exit_code == 2


def test_pages_carry_no_build_date(built_site: Path) -> None:
    """Dates on pages come from git; the day the build ran appears nowhere."""
    today = dt.date.today()
    stamps = {today.isoformat(), f"{today.day} de {spanish_months()[today.month - 1]} de {today.year}"}
    for page in catalogue_pages(built_site):
        text = page.read_text(encoding="utf-8")
        assert not any(stamp in text for stamp in stamps), page.relative_to(built_site)


def spanish_months() -> list[str]:
    return yaml.safe_load((ROOT / "build" / "i18n" / "es.yaml").read_text(encoding="utf-8"))["months"]
