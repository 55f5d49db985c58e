"""Data requests end to end: `catalogo requests fetch` against recorded GitHub API pages served on
127.0.0.1 (paginated by the Link header), then what validation, priorities, the national files and
the party pages make of the requests file, in a real git repository."""

from __future__ import annotations

import csv
import datetime as dt
import json
import shutil
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import jsonschema
import pytest
import yaml
from click.testing import CliRunner

from catalogo.checks.issuefetch import INSTITUTION_FIELD, form_answer
from catalogo.cli.main import cli
from catalogo.core.config import DEFAULTS, load_config
from catalogo.enrich import enrich
from catalogo.export.openapi import DATA_REQUEST_ROW
from catalogo.export.planning import REQUESTS, write_planning
from catalogo.load import load_catalogue
from catalogo.measure.priority import rank_inventory
from catalogo.render.write import render_site, site_settings

from .conftest import FIXTURES, ROOT
from .measure_support import commit, dataset, init, party, write

# GET /repos/{owner}/{repo}/issues responses (REST API 2022-11-28) of datosgobmx/catalogo: the newest
# issue (per_page=1), the labelled issues in two pages (a pull request among them) and the
# comments of the rejected #21. The server below adds the headers GitHub sends with them.
RECORDED = FIXTURES / "github"
REPOSITORY = "datosgobmx/catalogo"
REPOSITORY_ID = 873421956  # GitHub's `next` links name the repository by id
TOKEN = "ghs_token_de_prueba"
TODAY = dt.date(2026, 3, 15)
BASE = "https://datos.example.mx/"
ISSUES = f"https://github.com/{REPOSITORY}/issues/"

INVENTORY_SALUD = """\
items:
  - id: camas
    title: Camas hospitalarias
    series_type: institucional
    status: publicado
    dataset: camas
    priority: {demand: 2}
    demand:
      requests: [12, 15]
  - id: vacunas
    title: Vacunas aplicadas
    series_type: estrategico
    status: planeado
    priority: {demand: 2}
    demand:
      requests:
        - 15
        - 40
        - 99
  - id: expedientes
    title: Expedientes clínicos
    series_type: institucional
    status: reservado
    legal_basis: LGTAIP art. 113 fr. I
"""
INVENTORY_IMSS = """\
items:
  - id: guarderias
    title: Guarderías
    series_type: demanda
    status: planeado
    demand:
      requests: [21]
"""


class RecordedGitHub(BaseHTTPRequestHandler):
    """The API as recorded; answers 401 without the token and 404 to anything else."""

    server: ApiServer

    def do_GET(self) -> None:  # noqa: N802 - the http.server interface
        self.server.seen.append((self.path, self.headers.get("Authorization")))
        url = urlsplit(self.path)
        query = {k: v[0] for k, v in parse_qs(url.query).items()}
        labelled = {"labels": "solicitud-de-datos", "state": "all", "sort": "created", "direction": "asc"}
        if self.headers.get("Authorization") != f"Bearer {TOKEN}":
            self.reply(401, {"message": "Bad credentials", "documentation_url": "https://docs.github.com/rest"})
        elif url.path == f"/repos/{REPOSITORY}/issues" and query.get("direction") == "desc":
            self.reply(200, "issues-newest.json")
        elif url.path == f"/repos/{REPOSITORY}/issues" and query == {**labelled, "per_page": "100"}:
            link = self.server.next_origin + f"/repositories/{REPOSITORY_ID}/issues?{url.query}&page=2"
            self.reply(200, "issues-page-1.json", f'<{link}>; rel="next", <{link}>; rel="last"')
        elif url.path == f"/repositories/{REPOSITORY_ID}/issues" and query == {
            **labelled,
            "per_page": "100",
            "page": "2",
        }:
            first = self.path.replace("page=2", "page=1")
            self.reply(
                200,
                "issues-page-2.json",
                f'<{self.server.origin}{first}>; rel="prev", <{self.server.origin}{first}>; rel="first"',
            )
        elif url.path == f"/repos/{REPOSITORY}/issues/21/comments":
            self.reply(200, "issue-21-comments.json")
        else:
            self.reply(404, {"message": "Not Found", "documentation_url": "https://docs.github.com/rest"})

    def reply(self, status: int, body: str | dict, link: str = "") -> None:
        data = (RECORDED / body).read_bytes() if isinstance(body, str) else json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("X-GitHub-Api-Version-Selected", "2022-11-28")
        self.send_header("X-RateLimit-Limit", "5000")
        self.send_header("X-RateLimit-Remaining", "4987")
        if link:
            self.send_header("Link", link)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args: object) -> None:
        pass


class ApiServer(ThreadingHTTPServer):
    seen: list[tuple[str, str | None]]
    origin: str
    next_origin: str


@pytest.fixture(scope="module")
def api() -> Iterator[ApiServer]:
    server = ApiServer(("127.0.0.1", 0), RecordedGitHub)
    server.seen = []
    server.origin = server.next_origin = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("requests") / "repo"
    init(root)
    write(root, "catalogo.yaml", f"site:\n  base_url: {BASE}\n  repository: https://github.com/{REPOSITORY}\n")
    party(root, "secretaria-de-salud", name="Secretaría de Salud", acronym="SSA")
    party(root, "imss", name="Instituto Mexicano del Seguro Social", acronym="IMSS")
    party(root, "gobierno-de-jalisco", name="Gobierno de Jalisco", level="estatal", state="14")
    write(root, "parties/secretaria-de-salud/inventory.yaml", INVENTORY_SALUD)
    write(root, "parties/imss/inventory.yaml", INVENTORY_IMSS)
    commit(root, "2026-01-05")
    dataset(root, "secretaria-de-salud", "camas")
    commit(root, "2026-02-10")
    return root


def fetch(repo: Path, api: ApiServer, *args: str, token: str = TOKEN):
    env = {"GITHUB_TOKEN": token, "GH_TOKEN": None, "GITHUB_REPOSITORY": None}
    return CliRunner().invoke(cli, ["--repo", str(repo), "requests", "fetch", "--api", api.origin, *args], env=env)


@pytest.fixture(scope="module")
def fetched(repo: Path, api: ApiServer) -> dict:
    """The requests file the command writes where the build and validation read it."""
    result = fetch(repo, api)
    assert result.exit_code == 0, result.output
    return json.loads((repo / DEFAULTS["data_requests"]["results"]).read_text(encoding="utf-8"))


def line_of(text: str, needle: str, after: str) -> int:
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if after in line)
    return next(i for i in range(start, len(lines)) if lines[i].strip() == needle) + 1


def as_of(data: dict) -> dt.date:
    """The day open requests are aged to: the build's day, or the fetch's if later."""
    return max(TODAY, dt.date.fromisoformat(data["fetched_at"][:10]))


# --- fetching ----------------------------------------------------------------------------------


def test_fetch_reads_every_page_with_the_token_and_keeps_the_requests(fetched: dict, api: ApiServer) -> None:
    assert fetched["version"] == 1 and fetched["repository"] == REPOSITORY
    assert fetched["label"] == "solicitud-de-datos" and fetched["highest_number"] == 61
    requests = {r["number"]: r for r in fetched["requests"]}
    assert list(requests) == [12, 15, 18, 21, 24, 30, 33]  # the labelled pull request #40 is not one
    paths = [path for path, _ in api.seen]
    assert any(p.startswith(f"/repositories/{REPOSITORY_ID}/issues?") and "page=2" in p for p in paths)
    assert all(auth == f"Bearer {TOKEN}" for _, auth in api.seen)
    assert [p for p in paths if "/comments" in p] == [f"/repos/{REPOSITORY}/issues/21/comments?per_page=100"]
    parties = {n: r["party"] for n, r in requests.items()}
    assert parties == {
        12: "secretaria-de-salud",  # by name
        15: "secretaria-de-salud",  # by acronym
        18: "imss",  # by the acronym in parentheses
        21: "imss",
        24: "gobierno-de-jalisco",  # by its label sujeto:gobierno-de-jalisco
        30: None,  # "Secretaría de Movilidad": no such party
        33: "secretaria-de-salud",
    }
    assert requests[18]["institution"] == "Instituto Mexicano del Seguro Social (IMSS)"
    statuses = {n: (r["state"], r["state_reason"], r["status"]) for n, r in requests.items()}
    assert statuses[12] == ("closed", "completed", "atendida")
    assert statuses[21] == ("closed", "not_planned", "rechazada")
    assert statuses[33] == ("closed", "duplicate", "rechazada")
    assert statuses[30] == ("open", None, "abierta")
    # the last maintainer comment before closing; not the requester's, nor one written afterwards
    assert requests[21]["reason"].startswith("Gracias por su solicitud. Los expedientes clínicos contienen")
    assert "\r" not in requests[21]["reason"] and "correo" not in requests[21]["reason"]
    assert requests[33]["reason"] == "Duplicada / duplicate" and requests[12]["reason"] == ""
    assert requests[12]["url"] == ISSUES + "12" and requests[12]["closed_at"] == "2026-02-03T18:30:01Z"
    assert requests[24]["labels"] == ["solicitud-de-datos", "sujeto:gobierno-de-jalisco"]
    assert "body" not in requests[12]  # only the institution's answer is kept


def test_fetch_says_what_it_found_and_which_requests_have_no_party(repo: Path, api: ApiServer, tmp_path: Path) -> None:
    result = fetch(repo, api, "--out", str(tmp_path / "solicitudes.json"))
    assert result.exit_code == 0, result.output
    assert "datosgobmx/catalogo en GitHub: 7 (abiertas: 4, cerradas como atendidas: 1, rechazadas: 2)" in result.output
    assert "sin sujeto obligado identificado: 1 (#30)" in result.output


def test_fetch_errors_are_environment_errors_and_leave_no_file(repo: Path, api: ApiServer, tmp_path: Path) -> None:
    out = tmp_path / "solicitudes.json"
    refused = fetch(repo, api, "--out", str(out), token="ghs_otro")
    assert refused.exit_code == 2 and "token no es válido" in refused.output and not out.exists()
    api.next_origin = "http://127.0.0.2:9"  # a `next` link elsewhere: the token must not follow it
    try:
        foreign = fetch(repo, api, "--out", str(out))
    finally:
        api.next_origin = api.origin
    assert foreign.exit_code == 2 and "fuera de su dirección" in foreign.output and not out.exists()
    out.write_text("mis notas\n", encoding="utf-8")
    kept = fetch(repo, api, "--out", str(out))
    assert kept.exit_code == 2 and "--force" in kept.output and out.read_text(encoding="utf-8") == "mis notas\n"


# --- validation --------------------------------------------------------------------------------


def validate(repo: Path) -> list[dict]:
    result = CliRunner().invoke(cli, ["--repo", str(repo), "validate", "--no-data", "--format", "json"])
    assert "Traceback" not in result.output
    return [p for p in json.loads(result.output)["problems"] if p["code"].startswith("request-")]


def test_validate_reports_cited_numbers_that_are_not_requests(repo: Path, fetched: dict, tmp_path: Path) -> None:
    text = INVENTORY_SALUD
    found = validate(repo)
    assert [(p["code"], p["severity"], p["path"], p["line"], p["pointer"]) for p in found] == [
        (
            "request-not-a-request",
            "warning",
            "parties/secretaria-de-salud/inventory.yaml",
            line_of(text, "- 40", "id: vacunas"),
            "/items/1/demand/requests/1",
        ),
        (
            "request-unknown",
            "warning",
            "parties/secretaria-de-salud/inventory.yaml",
            line_of(text, "- 99", "id: vacunas"),
            "/items/1/demand/requests/2",
        ),
    ]
    assert "#40" in found[0]["message"] and "solicitud-de-datos" in found[0]["message"]
    assert "#99" in found[1]["message"] and fetched["fetched_at"][:10] in found[1]["message"]
    without = tmp_path / "repo"
    shutil.copytree(repo, without)
    (without / DEFAULTS["data_requests"]["results"]).unlink()
    assert validate(without) == []  # without the requests file nothing is checked


# --- priorities, national files, party pages ---------------------------------------------------


@pytest.fixture(scope="module")
def enriched(repo: Path, fetched: dict):
    return enrich(load_catalogue(repo), today=TODAY)


def test_priority_counts_only_fetched_requests_that_were_not_rejected(enriched) -> None:
    ranked = {e.item.id: e for entries in enriched.priorities.values() for e in entries}
    assert ranked["camas"].requests == (12, 15)
    assert ranked["vacunas"].requests == (15,)  # 40 is a pull request, 99 does not exist
    assert ranked["guarderias"].requests == ()  # 21 was rejected
    demand = {e.item.id: next(p for p in e.score.parts if p.criterion == "demand") for e in ranked.values()}
    assert (demand["vacunas"].requests, demand["vacunas"].value) == (1, 3.0)
    unverified = rank_inventory(
        enriched.catalogue.parties["secretaria-de-salud"].inventory_items(), DEFAULTS["priority"]
    )
    assert [e.requests for e in unverified if e.item.id == "vacunas"] == [(15, 40, 99)]


def test_national_files_list_every_request_once_per_citing_item(enriched, fetched: dict, tmp_path: Path) -> None:
    write_planning(enriched, tmp_path, BASE)
    with (tmp_path / "solicitudes.csv").open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        assert reader.fieldnames == REQUESTS
        rows = list(reader)
    api = json.loads((tmp_path / "api" / "solicitudes.json").read_text(encoding="utf-8"))
    assert [{k: "" if v is None else str(v) for k, v in row.items()} for row in api] == rows
    for row in api:
        jsonschema.validate(row, DATA_REQUEST_ROW)
    table = {(r["solicitud"], r["sujeto"], r["activo"]): r for r in rows}
    assert sorted(table) == [
        ("12", "secretaria-de-salud", "camas"),
        ("15", "secretaria-de-salud", "camas"),
        ("15", "secretaria-de-salud", "vacunas"),
        ("18", "imss", ""),
        ("21", "imss", "guarderias"),
        ("24", "gobierno-de-jalisco", ""),
        ("30", "", ""),  # the national list: no party could be matched
        ("33", "secretaria-de-salud", ""),
    ]
    twelve = table[("12", "secretaria-de-salud", "camas")]
    assert (twelve["estatus"], twelve["creada"], twelve["cerrada"], twelve["dias"]) == (
        "atendida",
        "2026-01-10",
        "2026-02-03",
        "24",
    )
    assert twelve["conjunto_url"] == BASE + "datos/secretaria-de-salud/camas/" and twelve["url"] == ISSUES + "12"
    # open, but fulfilled by the dataset published on 2026-02-10: aged to that day
    assert {table[("15", "secretaria-de-salud", i)]["dias"] for i in ("camas", "vacunas")} == {"9"}
    assert table[("15", "secretaria-de-salud", "vacunas")]["estatus"] == "atendida"
    rejected = table[("21", "imss", "guarderias")]
    assert (rejected["estatus"], rejected["dias"], rejected["cerrada"]) == ("rechazada", "5", "2026-01-20")
    assert rejected["motivo"].startswith("Gracias por su solicitud.")
    assert table[("33", "secretaria-de-salud", "")]["motivo"] == "Duplicada / duplicate"
    national = table[("30", "", "")]
    assert (national["estatus"], national["sujeto_nombre"], national["asunto"]) == (
        "abierta",
        "",
        "Fotomultas por crucero",
    )
    assert national["dias"] == str((as_of(fetched) - dt.date(2026, 3, 2)).days)


@pytest.fixture(scope="module")
def site(enriched, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("requests-site") / "site"
    render_site(enriched, out, site_settings({"es": "Datos", "en": "Data"}, BASE), ROOT / "build")
    return out


def requests_section(site: Path, path: str) -> str:
    html = (site / path / "index.html").read_text(encoding="utf-8")
    start = html.index('<section aria-labelledby="solicitudes"')
    return html[start : html.index("</section>", start)]


def groups(section: str) -> dict[str, str]:
    return {part.split("</h3>")[0]: part for part in section.split("<h3>")[1:]}


def test_party_pages_list_each_request_once_with_status_age_and_link(site: Path, fetched: dict) -> None:
    salud = requests_section(site, "instituciones/secretaria-de-salud")
    assert "Solicitudes leídas de GitHub el" in salud
    assert list(groups(salud)) == ["Abiertas (0)", "Atendidas (2)", "Rechazadas (1)"]
    fulfilled = groups(salud)["Atendidas (2)"]
    assert fulfilled.count(f'href="{ISSUES}15"') == 1  # cited by two items, listed once
    fifteen = next(li for li in fulfilled.split("<li")[1:] if f"{ISSUES}15" in li)
    assert 'class="cat-request-atendida"' in fifteen and "atendida en 9 días" in fifteen
    assert "Camas y vacunas por entidad" in fifteen and "Vacunas aplicadas" in fifteen
    assert 'href="../../datos/secretaria-de-salud/camas/"' in fifteen
    assert f'href="{ISSUES}33"' in groups(salud)["Rechazadas (1)"] and "Duplicada" in salud
    imss = groups(requests_section(site, "instituciones/imss"))
    days = (as_of(fetched) - dt.date(2026, 2, 20)).days
    assert f'href="{ISSUES}18"' in imss["Abiertas (1)"] and f"abierta desde hace {days} días" in imss["Abiertas (1)"]
    assert (
        "rechazada en 5 días" in imss["Rechazadas (1)"]
        and "Motivo: Gracias por su solicitud." in imss["Rechazadas (1)"]
    )
    assert f'href="{ISSUES}24"' in requests_section(site, "instituciones/gobierno-de-jalisco")
    assert not any(f"{ISSUES}30" in p.read_text(encoding="utf-8") for p in (site / "instituciones").rglob("*.html"))
    english = requests_section(site, "en/instituciones/secretaria-de-salud")
    assert "fulfilled in 9 days" in english and "Rejected (1)" in english


# --- the weekly fetch and where the build finds its file ---------------------------------------


def _workflow(name: str) -> dict:
    return yaml.load((ROOT / ".github/workflows" / name).read_text(encoding="utf-8"), Loader=yaml.BaseLoader)


def test_weekly_fetch_keeps_the_file_where_publication_and_validation_restore_it() -> None:
    results = DEFAULTS["data_requests"]["results"]
    assert load_config(ROOT)["data_requests"] == DEFAULTS["data_requests"]
    job = _workflow("checks.yml")["jobs"]["data-requests"]
    assert job["permissions"] == {"contents": "read", "issues": "read"}
    [fetching] = [s for s in job["steps"] if "catalogo requests fetch" in s.get("run", "")]
    assert fetching["env"] == {"GITHUB_TOKEN": "${{ github.token }}"} and f"--out {results}" in fetching["run"]
    [saving] = [s for s in job["steps"] if s.get("uses", "").startswith("actions/cache/save@")]
    assert saving["with"] == {"path": results, "key": "solicitudes-${{ github.run_id }}"}
    for name, job_id in (("publish.yml", "build"), ("validate.yml", "validate")):
        steps = _workflow(name)["jobs"][job_id]["steps"]
        restore = next(
            i
            for i, s in enumerate(steps)
            if s.get("uses", "").startswith("actions/cache/restore@") and s["with"]["path"] == results
        )
        assert steps[restore]["with"]["restore-keys"] == "solicitudes-", name
        first_use = next(i for i, s in enumerate(steps) if "catalogo validate" in s.get("run", ""))
        assert restore < first_use, name


def test_the_fetch_reads_the_form_as_the_form_is_written() -> None:
    form = yaml.safe_load((ROOT / ".github/ISSUE_TEMPLATE/solicitar-datos.yml").read_text(encoding="utf-8"))
    assert DEFAULTS["data_requests"]["label"] in form["labels"]
    [field] = [e for e in form["body"] if e.get("id") == "institucion"]
    assert field["attributes"]["label"] == INSTITUTION_FIELD
    assert form_answer(f"### {INSTITUTION_FIELD}\n\n_No response_\n\n### Otro\n\nx", INSTITUTION_FIELD) == ""
