"""`catalogo import adela`: datos.gob.mx's 2015 ADELA exports into inventories, plans and national
historical records; the 2016-12-31 baseline they give, worked out by hand on a real subset; and the
ways a party could try to move it (none works)."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from catalogo.checks.run import check_catalogue
from catalogo.cli.imports import PlanningSheets
from catalogo.cli.main import cli
from catalogo.enrich import enrich
from catalogo.gitdata.history import read_history
from catalogo.importers.adelawrite import AdelaOptions, import_adela
from catalogo.load import load_catalogue
from catalogo.measure.plan import opening_plan_status
from catalogo.render.measure_views import indicators_view
from catalogo.render.ui import load_languages

from .conftest import FIXTURES, ROOT, git
from .measure_support import commit, init, party, write

SUBSET = FIXTURES / "adela-2015"  # FOCIR, FCE and SCT, rows copied from the corpus (see its README.md)
PARTIES = ("focir", "fondo-de-cultura-economica", "sct")
REVIEWERS = "reviewers:\n  - revisora-inai\n"


def run(root: Path, *args: str):
    return CliRunner().invoke(cli, ["--repo", str(root), *args], catch_exceptions=False)


def new_repo(root: Path) -> Path:
    """The three parties (committed on 2026-01-10, as a catalogue that exists today would be)."""
    init(root)
    write(root, "catalogo.yaml", REVIEWERS)
    for party_id in PARTIES:
        party(root, party_id, **({"maintainers": ["focir-datos"]} if party_id == "focir" else {}))
    commit(root, "2026-01-10", "sujetos")
    return root


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The subset imported (and merged) on 2026-02-01."""
    root = new_repo(tmp_path_factory.mktemp("adela") / "repo")
    result = run(root, "import", "adela", str(SUBSET), "--format", "json")
    assert result.exit_code == 0, result.output
    (root / "import.json").write_text(result.output, encoding="utf-8")
    commit(root, "2026-02-01", "Importa la historia de ADELA 2015")
    return root


def summary_of(repo: Path) -> dict:
    return json.loads((repo / "import.json").read_text(encoding="utf-8"))


def test_the_subset_is_imported(repo: Path) -> None:
    adela = summary_of(repo)["adela"]
    # plans.csv: FOCIR 8 + FCE 5 + SCT 6 rows, and one of ADELA's test institution (not imported)
    assert (adela["plan_rows"], adela["commitments"], adela["parties"]) == (20, 19, list(PARTIES))
    # FOCIR 4 of its 8 items are on data.csv, FCE 1 of 5 ("Eventos"), SCT 5 of 6: marítimo-portuaria
    # is `infraestructura-maritima` there, a different title (and not even a possible match)
    assert (adela["fulfilled"], adela["ambiguous"], adela["possible"], adela["published"]) == (10, 0, 0, 13)
    assert adela["unmatched"] == {"adela-mxabierto": 1}
    assert adela["with_inventory"] == adela["with_plan"] == list(PARTIES)
    for party_id in PARTIES:
        record = yaml.safe_load((repo / "history" / "adela-2015" / f"{party_id}.yaml").read_text(encoding="utf-8"))
        # the subset's data.csv ends on 2015-10-27: nothing published later can be in evidence
        assert (record["baseline"], record["evidence_until"]) == ("2016-12-31", "2015-10-27")
    problems = check_catalogue(load_catalogue(repo), data=False)
    assert [p for p in problems if p.severity == "error"] == []


def test_inventory_items_and_their_ids(repo: Path) -> None:
    catalogue = load_catalogue(repo)
    items = {i.id: i for i in catalogue.parties["fondo-de-cultura-economica"].inventory_items()}
    # the 5 planned titles, then the 2 datasets no commitment names (open in 2015, not here yet);
    # `librerias` takes its written title from its resource ("Librer&iacute;as " in MAT_test.csv)
    assert {k: (i.title, i.status) for k, i in items.items()} == {
        "proximas-publicaciones": ("Próximas publicaciones", "planeado"),
        "concurso-la-ciencia-para-todos": ("Concurso la Ciencia para todos", "planeado"),
        "catalogo": ("Catálogo", "planeado"),
        "eventos": ("Eventos", "planeado"),
        "directorios": ("Directorios", "planeado"),
        "filiales": ("Filiales", "candidato"),
        "librerias": ("Librerías", "candidato"),
    }
    plan = catalogue.parties["focir"].plan
    assert plan is not None
    # the period runs from the first recorded date (due dates and the publications the plan lists)
    # to the last due date
    assert plan.data["period"] == {"start": "2015-09-01", "end": "2016-01-01"}


def test_the_baseline_worked_out_by_hand(repo: Path) -> None:
    """At 2016-12-31 (data.csv `fecha` is the publication day; plans.csv `date` the due date):

    FOCIR (8 commitments)
      Productos y Servicios Institucionales  due 2015-09-01, published 2015-10-27: late
      Información Programático Presupuestal  due 2015-09-01, published 2015-10-27: late
      La información sobre el presupuesto    due 2015-09-01, published 2015-10-27: late
      Apoyos Reembolsables                   due 2015-11-01, published 2015-10-27: met
      Indicadores de Resultados y Desempeño  due 2016-01-01, not on data.csv:      overdue
      Estructura Orgánica                    due 2015-12-01, not on data.csv:      overdue
      Padrón ... (desagregado)               due 2015-12-01, not on data.csv:      overdue
      Padrón ... (agregado) SIIPP-G          due 2016-01-01, not on data.csv:      overdue
      -> met 1, late 3, overdue 4, on time 0
    FCE (5 commitments)
      Eventos                   due 2015-06-30, published 2015-07-31 (`eventos`): late
      Directorios               due 2015-06-30, not on data.csv:                  overdue
      Catálogo                  due 2016-03-31, not on data.csv:                  overdue
      Concurso la Ciencia ...   due 2017-03-31: not due yet:                      on time
      Próximas publicaciones    due 2018-03-31: not due yet:                      on time
      -> met 0, late 1, overdue 2, on time 2
    SCT (6 commitments)
      Mixta, Ferroviaria, Telecomunicaciones, Carretera, Aeroportuaria: due 2015-09-01,
        published 2015-05-23: met (5)
      Marítimo-Portuaria        due 2015-11-01, not matched:                      overdue
      -> met 5, late 0, overdue 1, on time 0
    National: 19 commitments; met 6, late 4, overdue 7, on time 2; fulfilment (6 + 4) / 17 = 58.8 %.
    The parties and their files reached git in 2026: at 2016 only the records put them there.
    (The export's publications end on 2015-10-28: 6 of the 7 overdue fell due after it, FOCIR's 4,
    FCE's "Catálogo" and SCT's "Marítimo-Portuaria", so a later publication would not show; SCT's
    is probably `infraestructura-maritima`, published 2015-05-23 under another title.)
    """
    result = run(repo, "indicators", "--at", "2016-12-31", "--format", "csv")
    assert result.exit_code == 0, result.output
    rows = {(r["dimension"], r["clave"]): r for r in csv.DictReader(result.output.splitlines())}
    fields = ("sujetos", "con_plan", "compromisos", "cumplidos", "cumplidos_con_retraso", "vencidos", "en_plazo")
    figures = {key: tuple(int(rows[key][f]) for f in fields) for key in rows if key[0] in ("sujeto", "nacional")}
    assert figures == {
        ("sujeto", "focir"): (1, 1, 8, 1, 3, 4, 0),
        ("sujeto", "fondo-de-cultura-economica"): (1, 1, 5, 0, 1, 2, 2),
        ("sujeto", "sct"): (1, 1, 6, 5, 0, 1, 0),
        ("nacional", "mx"): (3, 3, 19, 6, 4, 7, 2),
    }
    assert rows[("nacional", "mx")]["pct_cumplimiento_plan"] == "58.8"
    # before the first recorded date the parties did not exist yet
    early = run(repo, "indicators", "--at", "2015-01-01", "--format", "csv").output
    assert next(r for r in csv.DictReader(early.splitlines()) if r["dimension"] == "nacional")["sujetos"] == "0"


def test_the_indicators_page_shows_the_baseline_beside_today(repo: Path) -> None:
    enriched = enrich(load_catalogue(repo))
    assert enriched.indicators is not None
    view = indicators_view(enriched.indicators, load_languages(ROOT / "build")["es"])
    assert view.baseline is not None
    rows = {row[0]: row[1:] for row in view.baseline.rows}
    # today (2026-02-01) the two FCE commitments due in 2017 and 2018 are overdue too
    assert rows["Compromisos vencidos"] == ["7", "9"]
    assert rows["Compromisos cumplidos con retraso"] == ["4", "4"]
    assert "31 de diciembre de 2016" in view.baseline.headers[1]


def test_a_catalogue_without_history_has_no_baseline(tmp_path: Path) -> None:
    root = new_repo(tmp_path / "repo")
    enriched = enrich(load_catalogue(root))
    assert enriched.indicators is not None and enriched.indicators.baseline == []
    assert indicators_view(enriched.indicators, load_languages(ROOT / "build")["es"]).baseline is None


def test_without_plans_the_record_alone_gives_the_same_baseline(tmp_path: Path) -> None:
    """--no-plans: inventories and records only. The baseline is the same (the records are the 2015
    plans), today's figures and the weekly overdue issues only see current plans (none here)."""
    root = new_repo(tmp_path / "repo")
    result = run(root, "import", "adela", str(SUBSET), "--no-plans", "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["adela"]["with_plan"] == []
    assert not list(root.glob("parties/*/opening-plan.yaml"))
    statuses = {i.status for i in load_catalogue(root).parties["focir"].inventory_items()}
    assert statuses == {"candidato"}  # no plan commits to them any more
    commit(root, "2026-02-01", "importa")
    rows = {
        r["clave"]: r
        for r in csv.DictReader(run(root, "indicators", "--at", "2016-12-31", "--format", "csv").output.splitlines())
    }
    fields = ("compromisos", "cumplidos", "cumplidos_con_retraso", "vencidos", "en_plazo")
    assert tuple(int(rows["mx"][f]) for f in fields) == (19, 6, 4, 7, 2)
    today = next(
        r for r in csv.DictReader(run(root, "indicators", "--format", "csv").output.splitlines()) if r["clave"] == "mx"
    )
    assert (today["con_plan"], today["compromisos"]) == ("0", "0")
    assert "0 overdue commitments" in run(root, "overdue", "--out", str(tmp_path / "vencidos")).output


# --- nothing is lost, ids are kept --------------------------------------------------------------


def copy(repo: Path, target: Path) -> Path:
    git(target.parent, "clone", "-q", str(repo), str(target))
    return target


def test_existing_files_are_never_overwritten_without_force(repo: Path, tmp_path: Path) -> None:
    clone = copy(repo, tmp_path / "clone")
    before = {p: p.read_bytes() for p in clone.rglob("*.yaml") if ".git" not in p.parts}
    result = run(clone, "import", "adela", str(SUBSET), "--format", "json")
    assert result.exit_code == 0, result.output
    summary = json.loads(result.output)
    assert summary["created"] == [] and summary["overwritten"] == []
    assert len(summary["skipped"]) == 9  # each party's inventory, plan and record
    assert {p: p.read_bytes() for p in before} == before


def test_a_reimport_keeps_the_ids(repo: Path, tmp_path: Path) -> None:
    """A reviewer renamed an item's id; importing again (--force) matches it by its title."""
    clone = copy(repo, tmp_path / "clone")
    for rel in ("parties/focir/inventory.yaml", "parties/focir/opening-plan.yaml"):
        path = clone / rel
        path.write_text(path.read_text(encoding="utf-8").replace("apoyos-reembolsables", "apoyos"), encoding="utf-8")
    result = run(clone, "import", "adela", str(SUBSET), "--force", "--format", "json")
    assert result.exit_code == 0, result.output
    catalogue = load_catalogue(clone)
    ids = [i.id for i in catalogue.parties["focir"].inventory_items()]
    assert "apoyos" in ids and "apoyos-reembolsables" not in ids and len(ids) == len(set(ids)) == 8
    assert "item: apoyos\n" in (clone / "history/adela-2015/focir.yaml").read_text(encoding="utf-8")


def test_a_plan_of_another_period_is_kept_even_with_force(tmp_path: Path) -> None:
    """Merging would move the plan's start, which decides what was already open: the current plan
    stays, and the record alone gives the party's baseline."""
    root = new_repo(tmp_path / "repo")
    write(
        root,
        "parties/sct/inventory.yaml",
        {"items": [{"id": "a", "title": "Activo a", "series_type": "institucional", "status": "planeado"}]},
    )
    current = {
        "period": {"start": "2026-01-01", "end": "2026-12-31"},
        "commitments": [{"item": "a", "due": "2026-06-30"}],
    }
    plan = write(root, "parties/sct/opening-plan.yaml", current)
    text = plan.read_text(encoding="utf-8")
    result = run(root, "import", "adela", str(SUBSET), "--force", "--format", "json")
    assert result.exit_code == 0, result.output
    summary = json.loads(result.output)
    assert summary["adela"]["plans_kept"] == ["sct"]
    assert plan.read_text(encoding="utf-8") == text
    inventory = {i.id for i in load_catalogue(root).parties["sct"].inventory_items()}
    assert "a" in inventory and "infraestructura-carretera" in inventory  # merged: nothing lost
    commit(root, "2026-02-01", "importa")
    rows = run(root, "indicators", "--at", "2016-12-31", "--format", "csv").output
    sct = next(r for r in csv.DictReader(rows.splitlines()) if r["clave"] == "sct")
    assert (sct["compromisos"], sct["cumplidos"], sct["vencidos"]) == ("6", "5", "1")


# --- a date a party types cannot move the figures -----------------------------------------------


def statuses(root: Path) -> dict[str, str]:
    catalogue = load_catalogue(root)
    party_ = catalogue.parties["focir"]
    enriched_today = enrich(catalogue).today
    found = opening_plan_status(party_, read_history(root), enriched_today, set(catalogue.datasets))
    return {s.item: s.status for s in found}


def test_moving_a_due_date_loses_the_records_evidence(repo: Path, tmp_path: Path) -> None:
    """FOCIR moves "Productos y Servicios" from 2015-09-01 to 2015-10-31, after its publication
    (2015-10-27), to turn a late commitment into a met one. The record vouches for the commitment
    as it was imported, not for the new date: nothing in git publishes it, so it is overdue; and
    the baseline, read from the record, does not move."""
    clone = copy(repo, tmp_path / "clone")
    assert statuses(clone)["productos-y-servicios-institucionales"] == "cumplido-con-retraso"
    plan = clone / "parties/focir/opening-plan.yaml"
    text = plan.read_text(encoding="utf-8")
    moved = text.replace(
        "- item: productos-y-servicios-institucionales\n    due: '2015-09-01'",
        "- item: productos-y-servicios-institucionales\n    due: '2015-10-31'",
    )
    assert moved != text
    plan.write_text(moved, encoding="utf-8")
    commit(clone, "2026-03-01", "corrige una fecha")
    assert statuses(clone)["productos-y-servicios-institucionales"] == "vencido"
    rows = run(clone, "indicators", "--at", "2016-12-31", "--format", "csv").output
    focir = next(r for r in csv.DictReader(rows.splitlines()) if r["clave"] == "focir")
    assert (focir["cumplidos"], focir["cumplidos_con_retraso"], focir["vencidos"]) == ("1", "3", "4")


def test_recorded_commitments_picked_into_another_plan_borrow_nothing(repo: Path, tmp_path: Path) -> None:
    """FOCIR writes a plan for 2015-2027 with only two recorded commitments that were fulfilled
    (late), to lift today's fulfilment: the record vouches for its own plan only, so they count by
    git (nothing), and the baseline still reads the record."""
    clone = copy(repo, tmp_path / "clone")
    met = ("productos-y-servicios-institucionales", "informacion-programatico-presupuestal-y-financiera")
    plan = yaml.safe_load((clone / "parties/focir/opening-plan.yaml").read_text(encoding="utf-8"))
    picked = [c for c in plan["commitments"] if c["item"] in met]
    write(
        clone,
        "parties/focir/opening-plan.yaml",
        {"period": {"start": "2015-01-01", "end": "2027-12-31"}, "commitments": picked},
    )
    commit(clone, "2026-03-01", "plan nuevo")
    assert statuses(clone) == dict.fromkeys(met, "vencido")
    rows = run(clone, "indicators", "--at", "2016-12-31", "--format", "csv").output
    focir = next(r for r in csv.DictReader(rows.splitlines()) if r["clave"] == "focir")
    assert (focir["compromisos"], focir["cumplidos_con_retraso"], focir["vencidos"]) == ("8", "3", "4")


def test_only_national_reviewers_change_a_record(repo: Path, tmp_path: Path) -> None:
    """A pull request by FOCIR's maintainer that edits its record (to date a publication earlier)
    is refused; the same change by a national reviewer is not; a record inside the party's own
    folder is not read at all."""
    clone = copy(repo, tmp_path / "clone")
    git(clone, "checkout", "-qb", "propuesta")
    record = clone / "history/adela-2015/focir.yaml"
    record.write_text(record.read_text(encoding="utf-8").replace("'2015-10-27'", "'2015-08-01'"), encoding="utf-8")
    commit(clone, "2026-03-01", "fecha anterior")

    def refused(author: str) -> list[dict]:
        result = run(clone, "validate", "--no-data", "--changed-since", "main", "--author", author, "--format", "json")
        return [p for p in json.loads(result.output)["problems"] if p["code"] == "not-a-maintainer"]

    assert [p["path"] for p in refused("focir-datos")] == ["history/adela-2015/focir.yaml"]
    assert refused("revisora-inai") == []
    planted = clone / "parties/focir/adela-2015.yaml"
    shutil.copyfile(record, planted)
    catalogue = load_catalogue(clone)
    assert catalogue.parties["focir"].record_paths == ("history/adela-2015/focir.yaml",)
    assert ("unexpected-file", "parties/focir/adela-2015.yaml") in {(p.code, p.path) for p in catalogue.layout_problems}


def test_a_record_for_no_party_is_reported(repo: Path, tmp_path: Path) -> None:
    clone = copy(repo, tmp_path / "clone")
    shutil.copyfile(clone / "history/adela-2015/sct.yaml", clone / "history/adela-2015/semar.yaml")
    found = {(p.code, p.path) for p in load_catalogue(clone).layout_problems}
    assert ("unknown-party", "history/adela-2015/semar.yaml") in found


# --- bad input, ambiguity ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("make", "says"),
    [
        (lambda d: (d / "plans.csv").write_text("x", encoding="utf-8") and d / "plans.csv", "no es una carpeta"),
        (lambda d: d, "falta en"),
        (lambda d: _export(d, plans="a,b,c\n1,2,3\n"), "no es una exportación de ADELA"),
        (lambda d: _export(d, catalogs='{"title": "x"}'), "no es la lista de instituciones"),
        (lambda d: _export(d, catalogs="[{"), "no es JSON válido"),
        (lambda d: _export(d, data=b"\xff\xfe"), "no está en UTF-8"),
    ],
)
def test_what_is_not_an_adela_export_exits_2(tmp_path: Path, make, says: str) -> None:
    root = new_repo(tmp_path / "repo")
    source = tmp_path / "fuente"
    source.mkdir()
    result = run(root, "import", "adela", str(make(source)))
    assert result.exit_code == 2, result.output
    assert says in result.output and "Traceback" not in result.output
    assert not (root / "history").exists()


def _export(
    folder: Path, plans: str | None = None, data: str | bytes | None = None, catalogs: str | None = None
) -> Path:
    for name in ("catalogs.json", "plans.csv", "data.csv"):
        shutil.copyfile(SUBSET / name, folder / name)
    for name, value in (("plans.csv", plans), ("data.csv", data), ("catalogs.json", catalogs)):
        if isinstance(value, bytes):
            (folder / name).write_bytes(value)
        elif value is not None:
            (folder / name).write_text(value, encoding="utf-8")
    return folder


def test_ambiguous_duplicate_and_possible_matches_are_reported_not_counted(tmp_path: Path) -> None:
    """Made-up rows in ADELA's shape: two items whose titles both start with a slug ADELA cut at 95
    characters (which one is it?), an item listed twice, and a title that only begins another."""
    cut = "estadistica-de-la-unidad-especializada-en-investigacion-de-delitos-contra-los-derechos-de-autor"
    source = tmp_path / "fuente"
    source.mkdir()
    (source / "catalogs.json").write_text(
        '[{"title": "PGR", "slug": "pgr", "description": "", "gov_type": "autonomous"}]', encoding="utf-8"
    )
    title = "Estadística de la Unidad Especializada en Investigación de Delitos contra los Derechos de Autor y la Propiedad Industrial"
    (source / "plans.csv").write_text(
        '"dep","name","desc","date"\n'
        f'"pgr","{title} 2014","","2015-10-01"\n'
        f'"pgr","{title} 2015","","2015-11-01"\n'
        '"pgr","Presupuesto","","2015-10-01"\n'
        '"pgr","Presupuesto","","2016-01-01"\n',
        encoding="utf-8",
    )
    (source / "data.csv").write_text(
        '"Inst","Conjunto","Recursos","Desc","fecha"\n'
        f'"PGR","{cut}","1","","2015-10-27T00:00:00"\n'
        '"PGR","presupuesto-de-la-dgrmsg","1","","2015-10-27T00:00:00"\n',
        encoding="utf-8",
    )
    root = new_repo(tmp_path / "repo")
    party(root, "pgr", power="autonomo")
    summary = import_adela(str(source), root, AdelaOptions(PlanningSheets()))
    codes = sorted(p.code for p in summary.problems)
    assert codes == [
        "adela-ambiguous-match",
        "adela-ambiguous-match",
        "adela-duplicate-commitment",
        "adela-possible-match",
    ]
    assert (summary.commitments, summary.fulfilled) == (3, 0)
    record = (root / "history/adela-2015/pgr.yaml").read_text(encoding="utf-8")
    assert "dataset:" in record and "match:" not in record  # both datasets recorded, no commitment linked


def test_parties_are_created_only_when_asked(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    init(root)
    summary = import_adela(str(SUBSET), root, AdelaOptions(PlanningSheets()))
    assert summary.parties == [] and sorted(summary.unmatched) == [
        "FOCIR",
        "Fondo de Cultura Económica",
        "SCT",
        "adela-mxabierto",
        "focir",
        "fondo-de-cultura-economica",
        "sct",
    ]
    summary = import_adela(str(SUBSET), root, AdelaOptions(PlanningSheets(), create_parties=True))
    assert summary.parties_created == list(PARTIES)  # never ADELA's test institution
    assert summary.parties == list(PARTIES)
    assert [p for p in check_catalogue(load_catalogue(root), data=False) if p.severity == "error"] == []


def test_a_party_map_names_the_party(tmp_path: Path) -> None:
    """The catalogue calls FCE `fce`: a map (--party-map) says so; a map naming no existing party
    (`sct` -> `scyt`) matches nothing rather than creating it."""
    root = tmp_path / "repo"
    init(root)
    party(root, "fce")
    mapping = tmp_path / "mapa.yaml"
    mapping.write_text(
        "parties:\n"
        "  Fondo de Cultura Económica: {id: fce}\n"
        "  fondo-de-cultura-economica: {id: fce}\n"
        "  sct: {id: scyt}\n"
        "  SCT: {id: scyt}\n",
        encoding="utf-8",
    )
    result = run(root, "import", "adela", str(SUBSET), "--party-map", str(mapping), "--format", "json")
    assert result.exit_code == 0, result.output
    adela = json.loads(result.output)["adela"]
    assert adela["parties"] == ["fce"] and adela["commitments"] == 5
    assert {"SCT", "sct"} <= set(adela["unmatched"])
    assert not (root / "parties" / "scyt").exists()


# --- the whole 2015 export --------------------------------------------------------------------


def _imported_inventories(folder: str, names: list[str]) -> list[str]:
    return ["inventory.yaml"] if "inventory.yaml" in names and "opening-plan.yaml" not in names else []


@pytest.mark.corpus
def test_the_real_2015_export_into_the_shipped_parties(corpus: Path, tmp_path: Path) -> None:
    """The 2,535 rows of plans.csv into a copy of the shipped catalogue's 147 parties, as they were
    before the shipped catalogue took the import (the inventories it wrote left out: only the four
    parties with a plan had one)."""
    root = tmp_path / "repo"
    shutil.copytree(ROOT / "parties", root / "parties", ignore=_imported_inventories)
    shutil.copytree(ROOT / "datasets", root / "datasets")
    shutil.copyfile(ROOT / "catalogo.yaml", root / "catalogo.yaml")
    result = run(root, "import", "adela", str(corpus / "datosgobmx-adela-2015"), "--format", "json")
    assert result.exit_code == 0, result.output
    summary = json.loads(result.output)
    adela = summary["adela"]
    assert (adela["institutions"], adela["institutions_matched"], len(adela["parties"])) == (148, 147, 146)
    assert (adela["plan_rows"], adela["commitments"], adela["fulfilled"], adela["published"]) == (2535, 2167, 522, 1104)
    assert (adela["ambiguous"], adela["possible"]) == (7, 32)
    assert (len(adela["with_inventory"]), len(adela["with_plan"])) == (142, 132)
    assert {"tu-gobierno-en-mapas", "null", "Veracruz", "semar"} <= set(adela["unmatched"])
    # ADELA registered ProMéxico twice ("PROMEXICO", `promexico-b8a8…`): both go to `promexico`
    assert "promexico-b8a8dff1-2cfa-4e63-ba3b-37b68c648a49" not in adela["unmatched"]
    # the two commitments of PGR whose titles both begin with one slug that ADELA cut short
    cut = "estadistica-de-la-unidad-especializada-en-investigacion-de-delitos-contra-los-derechos-de-autor"
    assert sum(cut in p["message"] for p in summary["problems"] if p["code"] == "adela-ambiguous-match") == 2
    # the four parties that already had an inventory and a plan keep them; their record is written
    assert {
        f"parties/{p}/{f}" for p in ("salud", "sct", "sesnsp", "shcp") for f in ("inventory.yaml", "opening-plan.yaml")
    } == set(summary["skipped"])
    assert "history/adela-2015/sct.yaml" in summary["created"]
    problems = check_catalogue(load_catalogue(root), data=False)
    assert [f"{p.path} {p.code}" for p in problems if p.severity == "error"] == []
