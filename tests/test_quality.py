"""Quality per dataset: every criterion met, not met and (where it can be) not checkable, the
score computed by hand, the documentation and gender criteria, and the breakdown as plain JSON."""

from __future__ import annotations

import copy
import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path

import pytest

from catalogo.checks.links import LinkResult, LinkResults
from catalogo.core.config import DEFAULTS
from catalogo.gitdata.history import Change
from catalogo.load import load_catalogue
from catalogo.measure.quality import MET, NOT_CHECKABLE, NOT_MET, dataset_quality
from catalogo.measure.timeliness import Timeliness

from .conftest import ROOT
from .measure_support import descriptor, party, write

REMOTE = "https://datos.example.gob.mx/remoto.csv"
CONFIG = DEFAULTS["quality"]
DAY = dt.date(2026, 5, 1)
UP_TO_DATE = Timeliness("al-dia", "mensual", 31, 39, DAY, "c0ffee", ())


def link(status: int = 200, url: str = REMOTE) -> LinkResults:
    ok = 200 <= status < 300
    result = LinkResult(url, ok, status, None if ok else f"http-{status}", "HEAD", "text/csv", 1234, 5, url, 0)
    return LinkResults("2026-05-01T00:00:00+00:00", {url: result})


DOCUMENTED = {"fields": [{"name": "a", "type": "integer", "description": "Número de personas atendidas."}]}


def base() -> dict:
    return descriptor(
        "d",
        resources=[
            {
                "name": "local",
                "path": "data/datos.csv",
                "format": "csv",
                "mediatype": "text/csv",
                "schema": copy.deepcopy(DOCUMENTED),
            },
            {"name": "remoto", "path": REMOTE, "format": "csv", "schema": copy.deepcopy(DOCUMENTED)},
        ],
    )


def quality(
    tmp: Path,
    change: Callable[[dict], None] = lambda d: None,
    *,
    links: LinkResults | None = None,
    timeliness: Timeliness = UP_TO_DATE,
    publisher: bool = True,
    dates: bool = True,
    local: bool = True,
    config: dict | None = None,
):
    data = base()
    change(data)
    root = tmp / "repo"
    party(root, "p")
    write(root, "datasets/p/d/datapackage.yaml", data)
    if local:
        write(root, "datasets/p/d/data/datos.csv", "a\n1\n")
    catalogue = load_catalogue(root)
    stamp = Change("c0ffee", "2026-05-01T12:00:00-06:00", "alta") if dates else None
    return dataset_quality(
        catalogue.datasets["p/d"],
        publisher=catalogue.parties["p"] if publisher else None,
        issued=stamp,
        modified=stamp,
        timeliness=timeliness,
        links=link() if links is None else links,
        config=CONFIG if config is None else config,
    )


def test_a_complete_dataset_scores_100(tmp_path: Path) -> None:
    q = quality(tmp_path)
    assert {c.id: c.state for c in q.criteria if c.state != MET} == {
        "permanentes": NOT_CHECKABLE,
        "primarios": NOT_CHECKABLE,
        "sex_disaggregated": NOT_CHECKABLE,  # no sex column: not data about people, neutral
    }
    assert (q.score, q.rating) == (100.0, "excelente")


def test_score_by_hand(tmp_path: Path) -> None:
    """Weights sum to 605; primarios, permanentes (10 each) and sex_disaggregated (20) are not
    checkable: 565 possible. Without keywords: keywords (30) and integrales (10) are lost: 525 / 565."""
    q = quality(tmp_path, lambda d: d.pop("keywords"))
    assert q.score == round(100 * 525 / 565, 1) == 92.9
    assert q.dimensions()["findability"] == {"earned": 70.0, "possible": 100.0, "percent": 70.0}
    assert q.rating == "excelente"


def test_resource_criteria_earn_points_in_proportion(tmp_path: Path) -> None:
    q = quality(
        tmp_path,
        lambda d: d["resources"][1].update(format="xlsx", path=REMOTE.replace(".csv", ".xlsx")),
        links=link(url=REMOTE.replace(".csv", ".xlsx")),
    )
    c = q.criterion("non_proprietary")
    assert (c.state, c.share, c.points) == (NOT_MET, 0.5, 10.0)
    assert "remoto" in c.reason["es"] and "remoto" in c.reason["en"]
    assert q.criterion("formatos_abiertos").points == 0.0  # a characteristic of the whole dataset


def _drop(*path: str | int) -> Callable[[dict], None]:
    def change(d: dict) -> None:
        target = d
        for key in path[:-1]:
            target = target[key]
        target.pop(path[-1])

    return change


def _set(value, *path: str | int) -> Callable[[dict], None]:
    def change(d: dict) -> None:
        target = d
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = copy.deepcopy(value)

    return change


def _fields(*fields: dict) -> Callable[[dict], None]:
    """Give both resources these Table Schema fields."""

    def change(d: dict) -> None:
        for resource in d["resources"]:
            resource["schema"] = {"fields": copy.deepcopy(list(fields))}

    return change


def _gender(flag: bool | None, *fields: dict) -> Callable[[dict], None]:
    def change(d: dict) -> None:
        if fields:
            _fields(*fields)(d)
        if flag is not None:
            d["gender_disaggregated"] = flag

    return change


def _no_schemas(d: dict) -> None:
    for resource in d["resources"]:
        resource.pop("schema")


SEXO = {"name": "sexo", "type": "string", "description": "Sexo.", "constraints": {"enum": ["H", "M"]}}
TEXT = {"name": "a", "type": "string", "description": "Nombre."}
CODE = {"name": "ramo", "type": "integer", "description": "Clave del ramo."}  # a number that names
CODE_NAME = {"name": "cve_mun", "type": "integer", "description": "Municipio."}
KEY = {"name": "id", "type": "integer", "constraints": {"unique": True}}
GENRE = {"name": "genero", "type": "string", "constraints": {"enum": ["novela", "poesía"]}}  # not people
NIVEL = {"name": "nivel", "type": "number", "description": "Nivel de la presa, en metros sobre el nivel del mar."}
PDF_ONLY = [{"name": "informe", "path": "data/datos.csv", "format": "pdf"}]
PAGE_ONLY = [{"name": "portal", "path": "https://datos.example.gob.mx/", "format": "html"}]
REMOTE_ONLY = [{"name": "remoto", "path": REMOTE, "format": "csv", "schema": {"fields": [{"name": "a"}]}}]
LATE = Timeliness("atrasado", "mensual", 31, 39, dt.date(2025, 1, 1), "c0ffee", ())
IRREGULAR = Timeliness("sin-periodicidad", "irregular", None, None, DAY, "c0ffee", ())
HISTORICAL = Timeliness("historico", "sin-actualizacion", None, None, DAY, "c0ffee", ())

# (case, change to the descriptor, other arguments, criterion, expected state)
CASES = [
    ("no-keywords", _drop("keywords"), {}, "keywords", NOT_MET),
    ("unknown-theme", _set(["inexistente"], "theme"), {}, "theme", NOT_MET),
    ("no-spatial", _drop("spatial"), {}, "spatial", NOT_MET),
    ("no-temporal", _drop("temporal"), {}, "temporal", NOT_MET),
    ("web-page", _set("html", "resources", 1, "format"), {}, "download_url", NOT_MET),
    ("broken-link", None, {"links": link(404)}, "availability", NOT_MET),
    ("missing-file", None, {"local": False}, "availability", NOT_MET),
    ("never-checked", _set(REMOTE_ONLY, "resources"), {"links": LinkResults()}, "availability", NOT_CHECKABLE),
    ("unknown-format", _set("foo", "resources", 0, "format"), {}, "format", NOT_MET),
    ("no-media-type", _drop("resources", 0, "mediatype"), {}, "media_type", NOT_MET),
    ("media-type-from-link-check", None, {}, "media_type", MET),
    ("proprietary", _set("xlsx", "resources", 0, "format"), {}, "non_proprietary", NOT_MET),
    ("not-machine-readable", _set("pdf", "resources", 0, "format"), {}, "machine_readable", NOT_MET),
    ("no-schema", _drop("resources", 0, "schema"), {}, "table_schema", NOT_MET),
    ("nothing-tabular", _set(PDF_ONLY, "resources"), {}, "table_schema", NOT_CHECKABLE),
    ("unknown-license", _set([{"name": "propietaria"}], "licenses"), {}, "license", NOT_MET),
    ("no-email", _drop("contact", "email"), {}, "contact_point", NOT_MET),
    ("no-party", None, {"publisher": False}, "publisher", NOT_MET),
    ("size-unknown", None, {"links": LinkResults()}, "byte_size", NOT_MET),
    ("size-declared", _set(99, "resources", 1, "bytes"), {"links": LinkResults()}, "byte_size", MET),
    ("not-in-git", None, {"dates": False}, "issued", NOT_MET),
    ("not-in-git", None, {"dates": False}, "modified", NOT_MET),
    ("broken-link", None, {"links": link(404)}, "accesibles", NOT_MET),
    ("only-a-web-page", _set(PAGE_ONLY, "resources"), {"links": link(url=PAGE_ONLY[0]["path"])}, "accesibles", NOT_MET),
    ("never-checked", _set(REMOTE_ONLY, "resources"), {"links": LinkResults()}, "accesibles", NOT_CHECKABLE),
    ("no-description", _set("", "description"), {}, "integrales", NOT_MET),
    ("no-schema", _drop("resources", 0, "schema"), {}, "integrales", NOT_MET),
    ("payment-required", None, {"links": link(402)}, "gratuitos", NOT_MET),
    ("never-checked", _set(REMOTE_ONLY, "resources"), {"links": LinkResults()}, "gratuitos", NOT_CHECKABLE),
    ("login-required", None, {"links": link(401)}, "no_discriminatorios", NOT_MET),
    ("up-to-date", None, {}, "oportunos", MET),
    ("overdue", None, {"timeliness": LATE}, "oportunos", NOT_MET),
    ("historical", None, {"timeliness": HISTORICAL}, "oportunos", MET),
    ("irregular", None, {"timeliness": IRREGULAR}, "oportunos", NOT_CHECKABLE),
    ("only-local-files", _set(base()["resources"][:1], "resources"), {}, "permanentes", MET),
    ("remote-files", None, {}, "permanentes", NOT_CHECKABLE),
    ("local-file-missing", _set(base()["resources"][:1], "resources"), {"local": False}, "permanentes", NOT_MET),
    ("always", None, {}, "primarios", NOT_CHECKABLE),
    ("pdf-only", _set(PDF_ONLY, "resources"), {}, "legibles_por_maquina", NOT_MET),
    ("partly-machine-readable", _set("pdf", "resources", 0, "format"), {}, "legibles_por_maquina", MET),
    ("proprietary", _set("xlsx", "resources", 0, "format"), {}, "formatos_abiertos", NOT_MET),
    ("no-license", _drop("licenses"), {}, "libre_uso", NOT_MET),
    ("every-column-described", None, {}, "field_descriptions", MET),
    ("no-description", _fields({"name": "a", "type": "integer"}), {}, "field_descriptions", NOT_MET),
    ("no-schema", _no_schemas, {}, "field_descriptions", NOT_MET),
    ("nothing-tabular", _set(PDF_ONLY, "resources"), {}, "field_descriptions", NOT_CHECKABLE),
    ("unit-named", None, {}, "field_units", MET),
    ("unit-symbol", _fields({"name": "p", "type": "number", "description": "Avance (%)."}), {}, "field_units", MET),
    ("no-unit", _fields({"name": "a", "type": "integer", "description": "Atendidos."}), {}, "field_units", NOT_MET),
    ("no-numbers", _fields(TEXT), {}, "field_units", NOT_CHECKABLE),
    ("a-code", _fields(CODE), {}, "field_units", NOT_CHECKABLE),
    ("a-key", _fields(KEY), {}, "field_units", NOT_CHECKABLE),
    ("a-code-by-name", _fields(CODE_NAME), {}, "field_units", NOT_CHECKABLE),
    ("no-schema", _no_schemas, {}, "field_units", NOT_CHECKABLE),
    ("declared", _gender(True, SEXO), {}, "sex_disaggregated", MET),
    ("declared-in-wide-columns", _gender(True), {}, "sex_disaggregated", MET),
    ("sex-column-without-flag", _gender(None, SEXO), {}, "sex_disaggregated", NOT_MET),
    ("sex-column-flag-false", _gender(False, {**SEXO, "constraints": {}}), {}, "sex_disaggregated", NOT_MET),
    ("dam-level", _gender(False, NIVEL), {}, "sex_disaggregated", NOT_CHECKABLE),
    ("literary-genre", _gender(None, GENRE), {}, "sex_disaggregated", NOT_CHECKABLE),
]


@pytest.mark.parametrize(
    ("case", "change", "kwargs", "criterion", "state"), CASES, ids=[f"{c[3]}-{c[0]}" for c in CASES]
)
def test_criterion(tmp_path: Path, case, change, kwargs, criterion: str, state: str) -> None:
    q = quality(tmp_path, change or (lambda d: None), **kwargs)
    found = q.criterion(criterion)
    assert found is not None and found.state == state, found
    assert found.reason["es"] and found.reason["en"]
    if state == NOT_CHECKABLE:
        assert found.points == 0.0


def _one_table(*fields: dict, **declared) -> Callable[[dict], None]:
    """Only the local resource, with these fields; `declared` goes into the descriptor."""

    def change(d: dict) -> None:
        d["resources"] = d["resources"][:1]
        d["resources"][0]["schema"] = {"fields": copy.deepcopy(list(fields)), "primaryKey": "id"}
        d.update(declared)

    return change


def test_documentation_earns_points_in_proportion_to_the_columns(tmp_path: Path) -> None:
    """4 of 5 columns described (80 × .8 = 64); of the numeric ones, `id` is the primary key (a
    number that names, not measures): 2 of edad, monto, poblacion name a unit (20 × 2/3)."""
    q = quality(
        tmp_path,
        _one_table(
            {"name": "id", "type": "integer", "description": "Número consecutivo del registro."},
            {"name": "nombre", "type": "string"},
            {"name": "edad", "type": "integer", "description": "Edad en años cumplidos."},
            {"name": "monto", "type": "number", "description": "Monto aprobado."},
            {"name": "poblacion", "type": "integer", "description": "Población total (personas)."},
        ),
    )
    described, units = q.criterion("field_descriptions"), q.criterion("field_units")
    assert (described.state, described.share, described.points) == (NOT_MET, 0.8, 64.0)
    assert described.reason == {
        "es": "4 de 5 columnas con descripción; sin descripción: nombre",
        "en": "4 of 5 columns have a description; without a description: nombre",
    }
    assert (units.state, units.share, units.points) == (NOT_MET, 2 / 3, 13.33)
    assert units.reason == {
        "es": "2 de 3 columnas numéricas con unidad; sin unidad: monto",
        "en": "2 of 3 numeric columns state their unit; without a unit: monto",
    }
    assert described.dimension == units.dimension == "reusability"


def test_a_dataset_without_column_descriptions_or_units_is_not_excelente(tmp_path: Path) -> None:
    """Everything else complete: 565 possible (see test_score_by_hand), 100 lost: 465 / 565."""
    q = quality(tmp_path, _fields({"name": "a", "type": "integer"}))
    assert (q.criterion("field_descriptions").share, q.criterion("field_units").share) == (0.0, 0.0)
    assert q.criterion("field_descriptions").reason["es"] == "0 de 2 columnas con descripción; sin descripción: a, a"
    assert (q.score, q.rating) == (round(100 * 465 / 565, 1), "buena") == (82.3, "buena")


def test_undescribed_text_columns_are_not_excelente_even_with_every_other_point(tmp_path: Path) -> None:
    """The most a dataset without column descriptions can have: only local files (permanentes
    met), declared disaggregated by sex (met), no numeric column (units not checkable): 575
    possible, 80 lost."""
    q = quality(
        tmp_path, _one_table({"name": "id", "type": "string"}, SEXO | {"description": ""}, gender_disaggregated=True)
    )
    assert q.criterion("permanentes").state == q.criterion("sex_disaggregated").state == MET
    assert q.criterion("field_units").state == NOT_CHECKABLE
    assert (q.score, q.rating) == (round(100 * 495 / 575, 1), "buena") == (86.1, "buena")


def test_documented_data_not_about_people_loses_nothing(tmp_path: Path) -> None:
    """A fully documented dam-level table: both documentation criteria met, the gender criterion
    left out (not checkable), so the score is the same as without the new criteria."""
    change = _one_table({"name": "id", "type": "string", "description": "Clave de la presa."}, NIVEL)
    q = quality(tmp_path, change)
    assert [q.criterion(c).state for c in ("field_descriptions", "field_units", "sex_disaggregated")] == [
        MET,
        MET,
        NOT_CHECKABLE,
    ]
    assert q.criterion("sex_disaggregated").points == 0.0 and q.score == 100.0
    config = copy.deepcopy(CONFIG)
    for criterion in ("field_descriptions", "field_units", "sex_disaggregated"):
        config["weights"]["reusability"][criterion] = 0
    assert quality(tmp_path / "sin", change, config=config).score == q.score


def test_the_shipped_dam_and_case_tables() -> None:
    """The catalogue's own datasets, read as the build reads them: the dam levels of Sonora are not
    about people (gender not checkable); the COVID-19 cases have a sex column and declare it."""
    catalogue = load_catalogue(ROOT)
    found = {}
    for key in ("estado-de-sonora/almacenamiento-presas-sonora", "salud/covid19-casos-confirmados-20200415"):
        q = dataset_quality(
            catalogue.datasets[key],
            publisher=catalogue.parties.get(catalogue.datasets[key].party_id),
            issued=None,
            modified=None,
            timeliness=UP_TO_DATE,
            links=LinkResults(),
            config=CONFIG,
        )
        found[key] = [q.criterion(c).state for c in ("field_descriptions", "field_units", "sex_disaggregated")]
    assert found == {
        "estado-de-sonora/almacenamiento-presas-sonora": [MET, MET, NOT_CHECKABLE],
        "salud/covid19-casos-confirmados-20200415": [MET, MET, MET],
    }


def test_every_configured_criterion_is_covered() -> None:
    configured = {c for dimension in CONFIG["weights"].values() for c in dimension}
    assert configured == {c[3] for c in CASES}
    assert len(CONFIG["weights"]["lgtaip"]) == 10


def test_breakdown_is_plain_json(tmp_path: Path) -> None:
    q = quality(tmp_path, lambda d: d.pop("spatial"), links=link(404))
    data = json.loads(json.dumps(q.as_dict()))
    assert data["score"] == q.score and data["rating"] == q.rating
    assert {c["dimension"] for c in data["criteria"]} == {
        "findability",
        "accessibility",
        "interoperability",
        "reusability",
        "contextuality",
        "lgtaip",
    }
    spatial = next(c for c in data["criteria"] if c["id"] == "spatial")
    assert (spatial["state"], spatial["points"], spatial["weight"]) == ("not-met", 0.0, 20.0)
    assert set(spatial["reason"]) == {"es", "en"}


def test_enrich_reads_availability_from_the_link_check_file(tmp_path: Path) -> None:
    """The results of `catalogo check-links` in .cache/ feed the next build's quality."""
    from catalogo.checks.links import save_results
    from catalogo.enrich import enrich
    from catalogo.gitdata.history import History

    root = tmp_path / "repo"
    party(root, "p")
    write(root, "datasets/p/d/datapackage.yaml", descriptor("d", resources=REMOTE_ONLY))
    catalogue = load_catalogue(root)
    before = enrich(catalogue, today=DAY, history=History()).datasets["p/d"].quality
    assert before.criterion("availability").state == NOT_CHECKABLE
    save_results(link(404), root / ".cache" / "link-check.json")
    after = enrich(load_catalogue(root), today=DAY, history=History()).datasets["p/d"].quality
    assert after.criterion("availability").state == NOT_MET
    assert after.score < before.score
