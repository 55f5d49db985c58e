"""Quality per dataset: every criterion met, not met and (where it can be) not checkable, the
score computed by hand, and the breakdown as plain JSON for the API."""

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

from .measure_support import descriptor, party, write

REMOTE = "https://datos.example.gob.mx/remoto.csv"
CONFIG = DEFAULTS["quality"]
DAY = dt.date(2026, 5, 1)
UP_TO_DATE = Timeliness("al-dia", "mensual", 31, 39, DAY, "c0ffee", ())


def link(status: int = 200, url: str = REMOTE) -> LinkResults:
    ok = 200 <= status < 300
    result = LinkResult(url, ok, status, None if ok else f"http-{status}", "HEAD", "text/csv", 1234, 5, url, 0)
    return LinkResults("2026-05-01T00:00:00+00:00", {url: result})


def base() -> dict:
    return descriptor(
        "d",
        resources=[
            {
                "name": "local",
                "path": "data/datos.csv",
                "format": "csv",
                "mediatype": "text/csv",
                "schema": {"fields": [{"name": "a", "type": "integer"}]},
            },
            {
                "name": "remoto",
                "path": REMOTE,
                "format": "csv",
                "schema": {"fields": [{"name": "a", "type": "integer"}]},
            },
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
        config=CONFIG,
    )


def test_a_complete_dataset_scores_100(tmp_path: Path) -> None:
    q = quality(tmp_path)
    assert {c.id: c.state for c in q.criteria if c.state != MET} == {
        "permanentes": NOT_CHECKABLE,
        "primarios": NOT_CHECKABLE,
    }
    assert (q.score, q.rating) == (100.0, "excelente")


def test_score_by_hand(tmp_path: Path) -> None:
    """Weights sum to 485; primarios and permanentes (10 each) are not checkable: 465 possible.
    Without keywords: keywords (30) and integrales (10) are lost: 425 / 465."""
    q = quality(tmp_path, lambda d: d.pop("keywords"))
    assert q.score == round(100 * 425 / 465, 1) == 91.4
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
