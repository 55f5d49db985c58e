"""Publishing without a clone: a recorded `issues` event from the «Publicar o actualizar un conjunto
de datos» form becomes a dataset on the issue's branch of a real git repository, valid for the
pull-request check; edits update it; hostile issues get problem codes and write nothing. Files come
from a local folder or a server on 127.0.0.1, never from the network."""

from __future__ import annotations

import copy
import json
import re
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from catalogo.checks.personal import curp_check_digit
from catalogo.cli.main import cli
from catalogo.core import net
from catalogo.core.vocab import vocabularies
from catalogo.scaffold.fromissue import run_form
from catalogo.scaffold.issueform import FORMS, Sources, issue_event, sections, url_refusal

from .conftest import FIXTURES, ROOT, git

FORMS_DIR = FIXTURES / "forms"
RECORDED = FORMS_DIR / "issue-publicar-conjunto.json"
HOSTILE = FORMS_DIR / "issue-hostil.json"
CONFIG = """\
site:
  repository: https://github.com/datosgobmx/catalogo
reviewers:
  - "@datosgobmx/revisores"
  - revisora-inai
  - {team: ogl-jalisco-datos, state: "14"}
"""
DATASET = "datasets/secretaria-de-salud/camas-hospitalarias-2025"


@pytest.fixture
def repo(repo_from) -> Path:
    root = repo_from("valid/minimal")
    (root / "catalogo.yaml").write_text(CONFIG, encoding="utf-8")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Revisores", date="2026-01-02T12:00:00+00:00")
    return root


def recorded(path: Path = RECORDED) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))


def with_fields(event: dict[str, Any], **values: str) -> dict[str, Any]:
    """The event with some of its form's values replaced (field ids with `_` for `-`)."""
    changed = copy.deepcopy(event)
    form = FORMS[changed["issue"]["labels"][0]["name"]]
    body = changed["issue"]["body"]
    for key, value in values.items():
        label = form.label_of(key.replace("_", "-"))
        body, count = re.subn(
            rf"(### {re.escape(label)}\n\n)(.*?)(?=\n\n### |\Z)",
            lambda m, value=value: m[1] + value,
            body,
            count=1,
            flags=re.S,
        )
        assert count == 1, label
    changed["issue"]["body"] = body
    return changed


def form_cli(root: Path, event: dict[str, Any] | Path, tmp_path: Path, files: Path | None = FORMS_DIR):
    if isinstance(event, dict):
        path = tmp_path / "evento.json"
        path.write_text(json.dumps(event, ensure_ascii=False), encoding="utf-8")
        event = path
    out = tmp_path / "salida"
    out.mkdir(exist_ok=True)
    args = ["--repo", str(root), "form", "--event", str(event), "--format", "json"]
    args += ["--summary", str(out / "formulario.md"), "--title", str(out / "titulo.txt")]
    args += ["--outputs", str(out / "outputs.txt")] + (["--files", str(files)] if files else [])
    result = CliRunner().invoke(cli, args, catch_exceptions=False)
    return result, (json.loads(result.output) if result.output.startswith("{") else None), out


def commit_like_the_workflow(root: Path, branch: str, message: str) -> str:
    base = git(root, "rev-parse", "HEAD").strip()
    git(root, "switch", "-q", "-c", branch)
    git(root, "add", "-A", "--", "datasets", "parties")
    git(root, "commit", "-q", "-m", message, date="2026-04-07T16:25:00+00:00")
    return base


def validate(root: Path, base: str, author: str):
    args = ["--repo", str(root), "validate", "--changed-since", base, "--author", author, "--format", "json"]
    result = CliRunner().invoke(cli, args, catch_exceptions=False)
    return result.exit_code, json.loads(result.output)


def test_forms_match_the_parser_and_the_vocabularies() -> None:
    """Each publishing form's YAML has the fields (ids, labels, order) and the label that
    scaffold/issueform.py reads, and its dropdowns offer exactly the catalogue's vocabularies."""
    vocab = vocabularies()
    for form in FORMS.values():
        data = yaml.safe_load((ROOT / ".github/ISSUE_TEMPLATE" / form.template).read_text(encoding="utf-8"))
        assert data["labels"] == [form.label]
        fields = [e for e in data["body"] if e["type"] != "markdown"]
        assert [(e["id"], e["attributes"]["label"]) for e in fields] == [(f.id, f.label) for f in form.fields]
        for e in fields:
            if e["type"] == "dropdown":
                name = {"temas": "themes", "frecuencia": "frequencies", "licencia": "licenses"}[e["id"]]
                assert e["attributes"]["options"] == [vocab.label(name, k, "es") for k in vocab.keys(name)]
                assert not any(
                    "," in option for option in e["attributes"]["options"]
                )  # a multiple choice joins with ", "
        markdown = " ".join(e["attributes"]["value"] for e in data["body"] if e["type"] == "markdown")
        if form.kind != "dataset":
            template = "inventario.csv" if form.kind == "inventory" else "plan-de-apertura.csv"
            assert f"https://datos.gob.mx/plantillas/{template}" in markdown
            assert (ROOT / "build/docs/plantillas" / template).is_file()


def test_recorded_issue_becomes_a_valid_dataset_on_the_issues_branch(repo: Path, tmp_path: Path) -> None:
    result, report, out = form_cli(repo, RECORDED, tmp_path)
    assert result.exit_code == 0, result.output
    assert report["valid"] and report["problems"] == [] and report["kind"] == "dataset"
    assert report["branch"] == "formulario/issue-42"
    assert report["written"] == [f"{DATASET}/data/camas-hospitalarias-2025.csv", f"{DATASET}/datapackage.yaml"]
    descriptor = yaml.safe_load((repo / DATASET / "datapackage.yaml").read_text(encoding="utf-8"))
    assert descriptor["title"] == "Camas hospitalarias por entidad federativa, 2025"
    assert descriptor["description"].startswith("Número de camas") and "\n\nFuente:" in descriptor["description"]
    assert descriptor["keywords"] == ["camas", "hospitales", "infraestructura en salud"]
    assert descriptor["theme"] == ["salud", "gobierno"] and descriptor["frequency"] == "anual"
    assert descriptor["contact"] == {"name": "Dirección General de Información en Salud", "email": "dgis@salud.gob.mx"}
    assert descriptor["licenses"][0]["name"] == "libre-uso-mx"
    assert [f["name"] for f in descriptor["resources"][0]["schema"]["fields"]][:2] == ["cve_ent", "entidad"]
    data = (repo / DATASET / "data/camas-hospitalarias-2025.csv").read_text(encoding="utf-8")  # was cp1252 with ;
    assert data.splitlines()[3] == "09,Ciudad de México,14872,6930"
    outputs = dict(line.split("=", 1) for line in (out / "outputs.txt").read_text().splitlines())
    assert outputs == {"branch": "formulario/issue-42", "kind": "dataset", "valid": "true", "changed": "true"}
    title = (out / "titulo.txt").read_text(encoding="utf-8")
    assert title == "Formulario #42: conjunto de datos secretaria-de-salud/camas-hospitalarias-2025\n"
    summary = (out / "formulario.md").read_text(encoding="utf-8")
    assert summary.startswith("## ✅") and "datapackage.yaml" in summary and "form-" not in summary

    base = commit_like_the_workflow(repo, outputs["branch"], title)
    assert git(repo, "branch", "--show-current").strip() == "formulario/issue-42"
    assert git(repo, "diff", "--name-only", base, "HEAD").split() == report["written"]
    status, validation = validate(repo, base, "ssa-datos")
    assert status == 0 and validation["valid"] and validation["counts"]["error"] == 0, validation
    status, validation = validate(repo, base, "otra-persona")
    assert status == 1 and {p["code"] for p in validation["problems"]} == {"not-a-maintainer"}


def test_editing_the_issue_updates_the_published_dataset(repo: Path, tmp_path: Path) -> None:
    """Once merged, a form naming the dataset replaces its file and keeps its descriptor: the
    fields it declared stay, new columns get inferred fields; the same file again changes nothing."""
    assert form_cli(repo, RECORDED, tmp_path)[0].exit_code == 0
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "Formulario #42", date="2026-04-08T10:00:00+00:00")
    again, report, out = form_cli(repo, RECORDED, tmp_path)
    assert again.exit_code == 0 and report["written"] == [] and report["valid"]
    assert "sin cambios" in (out / "formulario.md").read_text(encoding="utf-8")
    assert git(repo, "status", "--porcelain", "--", "datasets") == ""

    files = tmp_path / "adjuntos"
    files.mkdir()
    (files / "camas-2026.csv").write_text(
        "cve_ent,entidad,camas_censables,camas_no_censables,consultorios\n01,Aguascalientes,1210,652,300\n",
        encoding="utf-8",
    )
    event = with_fields(
        recorded(),
        conjunto="https://datos.gob.mx/datos/secretaria-de-salud/camas-hospitalarias-2025/",
        archivo="[camas-2026.csv](https://github.com/user-attachments/files/18299999/camas-2026.csv)",
        titulo="_No response_",
        descripcion="_No response_",
        frecuencia="Mensual",
    )
    event["action"] = "edited"
    result, report, out = form_cli(repo, event, tmp_path, files)
    assert result.exit_code == 0, result.output
    assert report["written"] == [f"{DATASET}/data/camas-hospitalarias-2025.csv", f"{DATASET}/datapackage.yaml"]
    descriptor = yaml.safe_load((repo / DATASET / "datapackage.yaml").read_text(encoding="utf-8"))
    assert descriptor["title"] == "Camas hospitalarias por entidad federativa, 2025"  # kept: left empty
    assert descriptor["frequency"] == "mensual"  # changed: given
    fields = descriptor["resources"][0]["schema"]["fields"]
    assert fields[-1] == {"name": "consultorios", "type": "integer"}
    assert "consultorios" in (out / "formulario.md").read_text(encoding="utf-8")
    base = commit_like_the_workflow(repo, "formulario/issue-42", "Formulario #42")
    assert validate(repo, base, "ssa-datos")[0] == 0


HOSTILE_CODES = {"form-unknown-party", "form-url-not-allowed", "form-invalid-value", "form-missing-field"}


def test_hostile_issue_gets_codes_and_writes_nothing(repo: Path, tmp_path: Path) -> None:
    result, report, out = form_cli(repo, HOSTILE, tmp_path)
    assert result.exit_code == 1
    assert {p["code"] for p in report["problems"]} == HOSTILE_CODES
    invalid = {p["field"] for p in report["problems"] if p["code"] == "form-invalid-value"}
    assert invalid == {"conjunto", "titulo", "temas", "frecuencia", "correo"}
    refused = [p["field"] for p in report["problems"] if p["code"] == "form-url-not-allowed"]
    assert refused == ["url", "archivo", "archivo"]  # http://169.254…, another host, an image
    assert report["written"] == [] and git(repo, "status", "--porcelain") == ""
    assert (out / "outputs.txt").read_text() == (
        "branch=formulario/issue-66\nkind=dataset\nvalid=false\nchanged=false\n"
    )  # nothing of the issue reaches the workflow's outputs
    summary = (out / "formulario.md").read_text(encoding="utf-8")
    assert summary.startswith("## ❌") and all(f"`{code}`" in summary for code in HOSTILE_CODES)
    assert "@everyone" not in summary and "`@`everyone" in summary  # no one is notified
    assert "\u202e" not in summary and "<script>" not in summary
    assert all(line.count(" | ") == 2 for line in summary.splitlines() if line.startswith("| ") and "form-" in line)


@pytest.mark.parametrize(
    ("change", "codes"),
    [
        ({"sujeto": "secretaria-de-hacienda"}, {"form-unknown-party"}),
        ({"sujeto": "municipio-de-zapopan"}, {"form-not-a-maintainer"}),  # no maintainers: only reviewers
        ({"archivo": "_No response_"}, {"form-no-file"}),
        ({"url": "https://datos.salud.gob.mx/camas.csv"}, {"form-several-files"}),
        ({"url": "https://usuario:clave@datos.salud.gob.mx/camas.csv", "archivo": ""}, {"form-url-not-allowed"}),
        ({"temas": "Salud, Salud, Energía, Transporte, Justicia, Educación, Agricultura"}, {"form-invalid-value"}),
    ],
)
def test_form_problems_have_codes(repo: Path, change: dict[str, str], codes: set[str]) -> None:
    result = run_form(repo, with_fields(recorded(), **change), files=FORMS_DIR)
    assert {p.code for p in result.problems} == codes and result.blocked and result.written == []


def test_an_issue_that_is_not_a_form_or_lost_its_headings(repo: Path) -> None:
    event = recorded()
    event["issue"]["labels"] = [{"name": "solicitud-de-datos"}]
    assert [p.code for p in run_form(repo, event).problems] == ["form-not-from-a-form"]
    event = recorded()
    event["issue"]["body"] = event["issue"]["body"].replace("### Temas\n", "Temas\n")
    result = run_form(repo, event, files=FORMS_DIR)
    assert [(p.code, p.pointer) for p in result.problems] == [("form-malformed", "temas")]


@pytest.mark.parametrize(
    ("login", "party", "allowed"),
    [
        ("Revisora-INAI", "municipio-de-zapopan", True),  # a national reviewer, any case
        ("ogl-jalisco-datos", "municipio-de-zapopan", True),  # Jalisco's reviewer, a party of Jalisco
        ("ogl-jalisco-datos", "secretaria-de-salud", False),  # ... not a federal one
    ],
)
def test_reviewers_may_send_the_forms_of_the_parties_they_review(
    repo: Path, login: str, party: str, allowed: bool
) -> None:
    event = with_fields(recorded(), sujeto=party)
    event["sender"]["login"] = login
    codes = {p.code for p in run_form(repo, event, files=FORMS_DIR).problems}
    assert ("form-not-a-maintainer" not in codes) == allowed


def test_a_new_dataset_needs_what_only_a_person_can_say(repo: Path) -> None:
    event = with_fields(recorded(), sujeto="municipio-de-zapopan", descripcion="_No response_", correo="_No response_")
    event["sender"]["login"] = "revisora-inai"
    result = run_form(repo, event, files=FORMS_DIR)
    missing = {p.pointer for p in result.problems if p.code == "form-missing-field"}
    assert missing == {"descripcion", "correo"}  # Zapopan has no liaison to take the e-mail from
    assert result.written == []


def test_personal_data_in_the_file_is_never_written(repo: Path, tmp_path: Path) -> None:
    files = tmp_path / "adjuntos"
    files.mkdir()
    curp = "GOMA850101HJCMRR0" + str(curp_check_digit("GOMA850101HJCMRR0"))
    (files / "beneficiarios.csv").write_text(f"folio,curp,monto\n1,{curp},100\n2,{curp},250\n", encoding="utf-8")
    event = with_fields(
        recorded(), archivo="[beneficiarios.csv](https://github.com/user-attachments/files/1/beneficiarios.csv)"
    )
    result = run_form(repo, event, files=files)
    hits = [p for p in result.problems if p.code == "form-personal-data"]
    assert hits and dict(hits[0].args)["column"] == "curp" and result.written == []
    assert not (repo / "datasets/secretaria-de-salud/beneficiarios").exists()


# --- files at an address given in the form, served on 127.0.0.1 ---------------------------------

INVENTORY_CSV = FORMS_DIR.parent.parent.parent / "build/docs/plantillas/inventario.csv"


class Handler(BaseHTTPRequestHandler):
    requests: list[str] = []

    def log_message(self, *args: object) -> None:
        pass

    def do_GET(self) -> None:  # noqa: N802
        Handler.requests.append(self.path)
        port = self.server.server_port
        routes = {
            "/inventario.csv": (200, {"Content-Type": "text/csv"}, INVENTORY_CSV.read_bytes()),
            "/descargar?id=7": (200, {"Content-Type": "text/csv; charset=utf-8"}, INVENTORY_CSV.read_bytes()),
            "/pagina": (200, {"Content-Type": "text/html"}, b"<html>inicio de sesion</html>"),
            "/a-intranet": (302, {"Location": f"http://intranet.test:{port}/inventario.csv"}, b""),
        }
        status, headers, body = routes.get(self.path, (404, {}, b"no"))
        self.send_response(status)
        for key, value in headers.items():
            self.send_header(key, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://datos.institucion.test:{httpd.server_port}"
    httpd.shutdown()


def resolver(host: str, port: int) -> list[str]:
    addresses = {"datos.institucion.test": ["127.0.0.1"], "intranet.test": ["10.0.0.7"]}
    if host not in addresses:
        raise net.Refused("dns-error", host)
    return addresses[host]


LOCAL = Sources(schemes=("http", "https"), allow=lambda address: address == "127.0.0.1", resolver=resolver)


def inventory_event(url: str, login: str = "ssa-datos") -> dict[str, Any]:
    event = recorded()
    event["issue"]["labels"] = [{"name": "actualizar-inventario"}]
    event["issue"]["body"] = (
        f"### Sujeto obligado (identificador)\n\nsecretaria-de-salud\n\n### Dirección del archivo (URL)\n\n{url}\n\n"
        "### Archivo adjunto\n\n_No response_\n\n### Hoja del libro de Excel\n\n_No response_\n\n"
        "### Confirmación\n\n- [X] Trabajo en esta institución y estoy autorizado(a) para actualizar su inventario de datos."
    )
    event["sender"]["login"] = login
    return event


def test_inventory_from_an_address_in_the_form(repo: Path, server: str) -> None:
    for path in ("/inventario.csv", "/descargar?id=7"):  # the second is named by its Content-Type
        result = run_form(repo, inventory_event(server + path), sources=LOCAL)
        assert result.problems == [] and result.kind == "inventory", result.problems
    assert result.written == [] and result.notes  # the same sheet again: nothing to change
    inventory = yaml.safe_load((repo / "parties/secretaria-de-salud/inventory.yaml").read_text(encoding="utf-8"))
    item = next(i for i in inventory["items"] if i["id"] == "padron-beneficiarios")
    assert item["frequency"] == "mensual" and item["priority"]["demand"] == 4


@pytest.mark.parametrize(
    ("path", "sources", "code"),
    [
        ("/no-existe.csv", LOCAL, "form-download-failed"),
        ("/a-intranet", LOCAL, "form-download-failed"),  # a redirect to a private address
        ("/pagina", LOCAL, "form-file-type"),
        (
            "/inventario.csv",
            Sources(schemes=LOCAL.schemes, allow=LOCAL.allow, resolver=resolver, max_bytes=100),
            "form-file-too-large",
        ),
        (
            "/inventario.csv",
            Sources(schemes=LOCAL.schemes, resolver=resolver),
            "form-download-failed",
        ),  # loopback is not public
    ],
)
def test_download_refusals(repo: Path, server: str, path: str, sources: Sources, code: str) -> None:
    result = run_form(repo, inventory_event(server + path), sources=sources)
    assert [p.code for p in result.problems] == [code] and result.written == []


def test_nothing_is_downloaded_for_someone_who_does_not_maintain_the_party(repo: Path, server: str) -> None:
    Handler.requests.clear()
    result = run_form(repo, inventory_event(server + "/inventario.csv", login="desconocida"), sources=LOCAL)
    assert [p.code for p in result.problems] == ["form-not-a-maintainer"]
    assert Handler.requests == []


def test_a_new_plan_needs_its_period(repo: Path, server: str) -> None:
    event = inventory_event(server + "/inventario.csv", login="revisora-inai")
    event["issue"]["labels"] = [{"name": "actualizar-plan"}]
    body = event["issue"]["body"].replace("secretaria-de-salud", "municipio-de-zapopan")
    body = body.replace(
        "\n\n### Confirmación",
        "\n\n### Inicio del periodo del plan\n\n_No response_\n\n"
        "### Fin del periodo del plan\n\n2027-13\n\n### Confirmación",
    )
    event["issue"]["body"] = body
    result = run_form(repo, event, sources=LOCAL)
    assert [(p.code, p.pointer) for p in result.problems] == [("form-invalid-value", "fin")]
    event["issue"]["body"] = body.replace("2027-13", "2027-12-31")
    result = run_form(repo, event, sources=LOCAL)
    assert {(p.code, p.pointer) for p in result.problems} == {
        ("form-missing-field", "inicio"),
        ("form-missing-field", "fin"),
    }


# --- reading the issue's Markdown ---------------------------------------------------------------


def test_sections_follow_the_forms_order_and_no_response_is_empty() -> None:
    form = FORMS["actualizar-inventario"]
    body = (
        "### Sujeto obligado (identificador)\r\n\r\nsecretaria-de-salud\r\n\r\n"
        "### Dirección del archivo (URL)\r\n\r\n_No response_\r\n\r\n"
        "### Archivo adjunto\r\n\r\nTexto\n### Sujeto obligado (identificador)\n\notra\n\n"
        "### Hoja del libro de Excel\n\nHoja 1"
    )
    values, missing = sections(body, form)
    assert values["sujeto"] == "secretaria-de-salud" and values["url"] == ""
    assert values["archivo"].endswith("otra")  # an imitated heading stays inside the value it was written in
    assert values["hoja"] == "Hoja 1" and [f.id for f in missing] == ["confirmacion"]


@pytest.mark.parametrize(
    "url",
    [
        "http://datos.gob.mx/a.csv",
        "file:///etc/passwd",
        "https:///sin-servidor.csv",
        "https://usuario:clave@datos.gob.mx/a.csv",
        "https://datos.gob.mx/a b.csv",
        "https://datos.gob.mx/" + "a" * 3000,
        "javascript:alert(1)",
    ],
)
def test_addresses_that_are_refused_before_any_request(url: str) -> None:
    assert url_refusal(url) is not None


def test_an_event_that_is_not_an_issue_is_a_usage_error(repo: Path, tmp_path: Path) -> None:
    result, _, _ = form_cli(repo, {"action": "opened", "pull_request": {"number": 3}}, tmp_path)
    assert result.exit_code == 2
    assert issue_event(recorded()).author == "ssa-datos"
