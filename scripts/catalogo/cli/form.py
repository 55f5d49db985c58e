"""`catalogo form`: publish from an issue form (GitHub's `issues` event): the workflow formulario.yml
runs it; the library (scaffold/fromissue.py) does the work, this only reads and writes files."""

from __future__ import annotations

import json
from pathlib import Path

import click

from ..core.config import ConfigError
from ..core.files import OutsideRepository
from ..scaffold.formreport import form_branch, form_summary, pull_request_title, workflow_outputs
from ..scaffold.fromissue import run_form
from ..scaffold.issueform import NotAnIssueEvent
from .main import EnvironmentProblem, _repo, open_catalogue

MAX_EVENT_BYTES = 2 * 1024 * 1024


def _output(option: str, help_text: str):  # noqa: ANN202 - a click decorator
    return click.option(option, type=click.Path(dir_okay=False, path_type=Path), help=help_text)


@click.command("form")
@click.option(
    "--event",
    "event_path",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    envvar="GITHUB_EVENT_PATH",
    required=True,
    help="JSON del evento `issues` (por omisión $GITHUB_EVENT_PATH) / the `issues` event's JSON.",
)
@_output("--summary", "Escribir el resultado en Markdown (para comentar el issue) / write the Markdown result.")
@_output("--title", "Escribir el título de la solicitud de cambios / write the pull request's title.")
@_output("--outputs", "Agregar branch=, kind=, valid=, changed= a este archivo ($GITHUB_OUTPUT) / append outputs.")
@click.option(
    "--files",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="Tomar el archivo del formulario de esta carpeta (por su nombre) en vez de descargarlo / "
    "take the form's file from this folder (by its name) instead of downloading it.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="Formato del resultado en la salida / result format on standard output.",
)
@click.pass_context
def form_command(
    ctx: click.Context,
    event_path: Path,
    summary: Path | None,
    title: Path | None,
    outputs: Path | None,
    files: Path | None,
    fmt: str,
) -> None:
    """Publica desde un formulario de issue: lee el evento, revisa los campos, descarga el archivo
    (solo https a direcciones públicas) y escribe el conjunto, el inventario o el plan.

    Publish from an issue form: read the event, check its fields, download its file (https to
    public addresses only) and write the dataset, inventory or plan.
    Exit: 0 done (or nothing to change), 1 the form has problems (nothing written), 2 usage or
    environment error.
    """
    root = _repo(ctx)
    open_catalogue(root)  # refuses a folder that is not a catalogue
    if event_path.stat().st_size > MAX_EVENT_BYTES:
        raise EnvironmentProblem(f"{event_path}: el evento es demasiado grande / the event is too large")
    try:
        payload = json.loads(event_path.read_text(encoding="utf-8"))
        result = run_form(root, payload, files=files)
    except (ValueError, UnicodeDecodeError) as exc:
        raise EnvironmentProblem(f"{event_path}: JSON no válido / invalid JSON: {exc}") from None
    except NotAnIssueEvent as exc:
        raise EnvironmentProblem(f"{event_path}: {exc}") from None
    except ConfigError as exc:
        raise EnvironmentProblem(f"catalogo.yaml: {exc}") from None
    except OutsideRepository as exc:
        raise EnvironmentProblem(f"fuera del repositorio / outside the repository: {exc}") from None
    for target, text in ((summary, form_summary(result)), (title, pull_request_title(result) + "\n")):
        if target is not None:
            target.write_text(text, encoding="utf-8")
    if outputs is not None:
        with outputs.open("a", encoding="utf-8") as handle:
            handle.write(workflow_outputs(result))
    if fmt == "json":
        click.echo(json.dumps(_as_json(result), ensure_ascii=False, indent=2))
    else:
        click.echo(form_summary(result), nl=False)
    ctx.exit(1 if result.blocked else 0)


def _as_json(result) -> dict:  # noqa: ANN001 - a FormResult
    return {
        "issue": result.number,
        "kind": result.kind or None,
        "valid": not result.blocked,
        "branch": form_branch(result.number),
        "subject": result.subject or None,
        "written": result.written,
        "problems": [
            {"code": p.code, "severity": p.severity, "field": p.pointer, "message": p.message("es")}
            for p in result.problems
        ],
    }
