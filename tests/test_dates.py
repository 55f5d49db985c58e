"""Dates that tell the truth: the period first, the source's and the catalogue's publication, data
updates told from description edits, change notes instead of commit subjects, and the citation."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import pytest

from catalogo.core.cache import cache_dir
from catalogo.enrich import enrich
from catalogo.gitdata.gitlog import ADDED, MODIFIED
from catalogo.gitdata.history import DATA, DESCRIPTION, PUBLISHED, History, change_kind
from catalogo.gitdata.historycache import catalogue_log, log_path
from catalogo.load import load_catalogue
from catalogo.render.changes import change_rows, citation_year
from catalogo.render.ui import load_languages
from catalogo.render.write import SiteBuilder, environment, site_settings, write_page

from .conftest import FIXTURES, ROOT, git
from .sitebuild import BASE_URL, COMMITS, TODAY

pytestmark = pytest.mark.xdist_group("site")

KEY = "secretaria-de-salud/casos-covid-estados"
FOLDER = f"datasets/{KEY}"
LANGUAGES = load_languages(ROOT / "build")


def edit(repo: Path, rel: str, old: str, new: str) -> None:
    path = repo / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, rel
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A catalogue whose dataset was published, had its data updated, its description edited, and
    a file added with the publisher's note (in Spanish and in English)."""
    repo = tmp_path / "repo"
    shutil.copytree(FIXTURES / "valid" / "minimal", repo)
    edit(repo, f"{FOLDER}/datapackage.yaml", "keywords:", "created: 2016-05-03\nkeywords:")
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", ".")
    git(repo, "commit", "-qm", "Starter catalogue: 147 reporting parties", date="2026-01-05T10:00:00-06:00")
    data = repo / FOLDER / "data" / "casos.csv"
    data.write_text(data.read_text(encoding="utf-8") + data.read_text(encoding="utf-8").splitlines()[-1] + "\n")
    git(repo, "commit", "-qam", "fix(data): bump rows", date="2026-02-01T10:00:00-06:00")
    edit(repo, f"{FOLDER}/datapackage.yaml", "según la Secretaría", "según la propia Secretaría")
    git(repo, "commit", "-qam", "chore: typo in descriptor", date="2026-02-20T10:00:00-06:00")
    (repo / FOLDER / "LEEME.md").write_text("Notas de método.\n", encoding="utf-8")
    git(repo, "add", ".")
    message = (
        "Merge pull request #12 from salud/metodo\n\nAgrega una nota de método.\n\n"
        "Nota: Se agregó la nota de método\n  de la DGE.\nNote: Added the method note."
    )
    git(repo, "commit", "-qm", message, date="2026-03-01T10:00:00-06:00")
    return repo


def test_each_change_is_told_as_a_data_update_a_description_edit_or_the_publication(repo: Path) -> None:
    history = History.from_log(catalogue_log(repo))
    kinds = [change_kind(files) for files in history.files_of(FOLDER)]
    assert kinds == [DATA, DESCRIPTION, DATA, PUBLISHED]
    assert history.files_of(FOLDER)[1] == [("datapackage.yaml", MODIFIED)]
    assert ("LEEME.md", ADDED) in history.files_of(FOLDER)[0]
    assert history.files_of("datasets/nadie/nada") == []
    assert change_kind([("datapackage.yaml", ADDED), ("data/x.csv", ADDED)]) == PUBLISHED


def test_the_publishers_note_is_read_from_the_message_and_kept_in_the_cache(repo: Path) -> None:
    cold = History.from_log(catalogue_log(repo)).of(FOLDER)
    assert cold[0].notes == ("Se agregó la nota de método de la DGE.", "Added the method note.")
    assert cold[0].note("en") == "Added the method note." and cold[1].notes == ("", "")
    assert log_path(repo).is_file()
    cached = History.from_log(catalogue_log(repo)).of(FOLDER)
    assert cached == cold
    shutil.rmtree(cache_dir(repo))
    assert History.from_log(catalogue_log(repo)).of(FOLDER) == cold


def test_history_rows_show_notes_or_what_changed_never_the_subject(repo: Path) -> None:
    history = History.from_log(catalogue_log(repo))
    es, en = LANGUAGES["es"], LANGUAGES["en"]
    rows = change_rows(history.of(FOLDER), history.files_of(FOLDER), es)
    assert [(r.kind_label, r.note) for r in rows] == [
        ("Datos actualizados", "Se agregó la nota de método de la DGE."),
        ("Descripción editada", "Se editó la descripción."),
        ("Datos actualizados", "Se actualizó el archivo casos.csv."),
        ("Publicación", "Se publicó el conjunto en el catálogo."),
    ]
    english = change_rows(history.of(FOLDER), history.files_of(FOLDER), en)
    assert english[0].note == "Added the method note." and english[2].note == "Updated the file casos.csv."


def test_a_note_with_personal_data_is_withheld(repo: Path) -> None:
    edit(repo, f"{FOLDER}/datapackage.yaml", "propia", "misma")
    git(repo, "commit", "-qam", "x\n\nNota: Dudas a GODE561231HDFRRN00", date="2026-03-02T10:00:00-06:00")
    history = History.from_log(catalogue_log(repo))
    row = change_rows(history.of(FOLDER), history.files_of(FOLDER), LANGUAGES["es"])[0]
    assert "GODE" not in row.note and "omitida" in row.note


def render_dataset_page(repo: Path, out: Path, lang: str = "es") -> str:
    enriched = enrich(load_catalogue(repo), TODAY)
    builder = SiteBuilder(enriched, site_settings({"es": "Datos", "en": "Data"}, BASE_URL), LANGUAGES)
    spec = builder.dataset_page(LANGUAGES[lang], enriched.datasets[KEY])
    return write_page(environment(ROOT / "build" / "templates"), out, spec, LANGUAGES[lang]).read_text(encoding="utf-8")


def test_a_dataset_page_puts_the_period_and_its_dates_beside_the_title(repo: Path, tmp_path: Path) -> None:
    html = render_dataset_page(repo, tmp_path / "site")
    top = html[html.index("<h1") : html.index("<h2")]
    assert "Periodo que cubren los datos" in top and "15 de abril de 2020" in top
    assert re.search(r"Publicado por la fuente</dt><dd><time datetime=\"2016-05-03\">", top)
    assert re.search(r"Publicado en el catálogo</dt><dd><time datetime=\"2026-01-05\">", top)
    assert re.search(r"Datos actualizados</dt><dd><time datetime=\"2026-03-01\">", top)
    assert "Descripción editada" not in top  # older than the last data update: nothing new to say
    assert "Última actualización" not in html and "Publicado por primera vez" not in html
    for subject in ("Starter catalogue", "fix(data)", "chore: typo", "Merge pull request"):
        assert subject not in html
    citation = html[html.index('class="cat-citation"') :].split("</p>", 1)[0]
    assert "(2016)" in citation and "versión del 1 de marzo de 2026" in citation


def test_a_description_edit_after_the_data_is_shown_apart(repo: Path, tmp_path: Path) -> None:
    edit(repo, f"{FOLDER}/datapackage.yaml", "propia", "misma")
    git(repo, "commit", "-qam", "wip", date="2026-03-10T10:00:00-06:00")
    top = render_dataset_page(repo, tmp_path / "site", "en")
    top = top[top.index("<h1") : top.index("<h2")]
    assert re.search(r"Description edited</dt><dd><time datetime=\"2026-03-10\">", top)
    assert re.search(r"Data updated</dt><dd><time datetime=\"2026-03-01\">", top)


def test_the_citation_year_is_the_sources(repo: Path) -> None:
    enriched = enrich(load_catalogue(repo), TODAY)
    info = enriched.datasets[KEY]
    assert citation_year(info, 2030) == "2016"  # its own publication (`created`)
    del info.dataset.data["created"]
    assert citation_year(info, 2030) == "2020"  # else the end of the period its data cover
    info.dataset.data["temporal"] = {}
    assert citation_year(info, 2030) == "2026"  # else when it entered the catalogue
    info.history = []
    assert citation_year(info, 2030) == "2030"


# The fixture site (tests/sitebuild.py)


def test_coverage_period_comes_before_the_first_heading_after_the_title(built_site: Path) -> None:
    for lang, label in (("", "Periodo que cubren los datos"), ("en/", "Period the data cover")):
        html = (built_site / lang / "datos/gobierno-de-jalisco/presupuesto-egresos-2025/index.html").read_text(
            encoding="utf-8"
        )
        top = html[html.index("<h1") : html.index("<h2")]
        assert label in top and "2025" in top.split(label, 1)[1].split("</p>", 1)[0]


def test_fixture_pages_tell_data_updates_and_cite_the_sources_year(built_site: Path) -> None:
    html = (built_site / "datos/gobierno-de-jalisco/calidad-del-aire-guadalajara/index.html").read_text(
        encoding="utf-8"
    )
    history = html[html.index('id="historial"') :].split("</section>", 1)[0]
    assert history.index("Se agregó el archivo mediciones.tsv.") < history.index("Se publicó el conjunto")
    assert "cat-change--datos" in history and "cat-change--publicado" in history
    top = html[html.index("<h1") : html.index("<h2")]
    assert re.search(r"Datos actualizados</dt><dd><time datetime=\"2026-03-01\">", top)
    assert re.search(r"Publicado en el catálogo</dt><dd><time datetime=\"2026-02-10\">", top)
    citation = html[html.index('class="cat-citation"') :].split("</p>", 1)[0]
    assert "(2025)" in citation and "(2026)" not in citation


def test_no_page_shows_a_commit_subject(built_site: Path, site_repo: Path) -> None:
    subjects = [s for s in git(site_repo, "log", "--format=%s").splitlines() if s]
    assert sorted(subjects) == sorted(message for _, message, _ in COMMITS)
    pages = sorted(built_site.rglob("*.html"))
    assert len(pages) > 50
    for page in pages:
        text = page.read_text(encoding="utf-8")
        assert not [s for s in subjects if s in text], page.relative_to(built_site)


def test_feeds_say_what_changed_not_the_subject(built_site: Path, site_repo: Path) -> None:
    subjects = [s for s in git(site_repo, "log", "--format=%s").splitlines() if s]
    feed = (built_site / "feeds/actualizados.xml").read_text(encoding="utf-8")
    assert not [s for s in subjects if s in feed]
    assert "Datos actualizados — " in feed


def test_pages_carry_no_build_date_in_their_citation(built_site: Path) -> None:
    html = (built_site / "datos/gobierno-de-jalisco/presupuesto-egresos-2025/index.html").read_text(encoding="utf-8")
    assert dt.date.today().isoformat() not in html and "versión del 5 de enero de 2026" in html


def test_a_cache_of_the_previous_format_is_read_again_from_git(repo: Path) -> None:
    """Version 2 of the history cache had no notes: it is not trusted to say there are none."""
    from catalogo.core.cache import write_entry
    from catalogo.gitdata.historycache import NAME, VERSION

    log = catalogue_log(repo)
    old = {
        "format": "catalogo-git-log",
        "version": 2,
        "prefix": "",
        "head": log.head,
        "paths": log.paths,
        "malformed": 0,
        "commits": [[c.commit, c.date, c.subject, codes] for c, codes in zip(log.commits, log.changes, strict=True)],
    }
    write_entry(repo, NAME, old)
    assert VERSION == 3
    assert History.from_log(catalogue_log(repo)).of(FOLDER)[0].notes[1] == "Added the method note."


def test_the_api_record_says_the_kind_and_note_of_each_change(built_site: Path) -> None:
    import json

    record = json.loads(
        (built_site / "api/datasets/gobierno-de-jalisco/calidad-del-aire-guadalajara.json").read_text(encoding="utf-8")
    )
    assert [(h["kind"], h["note"]) for h in record["history"]] == [("datos", ""), ("publicado", "")]
