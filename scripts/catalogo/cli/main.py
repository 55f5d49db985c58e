"""The `catalogo` command: a thin layer that parses arguments, calls the library and maps
outcomes to exit codes (0 valid, 1 invalid content, 2 usage or environment error)."""

from __future__ import annotations

import datetime as dt
import importlib
import os
import sys
from pathlib import Path

import click
from rich.console import Console

from ..checks import report
from ..checks.datarequests import load_requests
from ..checks.online import Online
from ..checks.ownership import BaseUnavailable, check_ownership
from ..checks.run import Scope, check_catalogue, has_errors
from ..core.config import ConfigError, load_config, requests_results_path
from ..core.problems import sorted_problems
from ..gitdata.changes import BadReference, changed_files, scope_for_paths
from ..load import NotACatalogue, load_catalogue
from ..measure.plancheck import check_plans_against_history

LANGS = click.Choice(["es", "en"])


class EnvironmentProblem(click.ClickException):
    """Usage or environment error: exit code 2, one line."""

    exit_code = 2


def _repo(ctx: click.Context) -> Path:
    return Path(ctx.obj["repo"]).resolve()


def open_catalogue(root: Path):
    try:
        return load_catalogue(root)
    except NotACatalogue:
        raise EnvironmentProblem(
            f"{root} no es un repositorio del catálogo (faltan parties/ y datasets/) / "
            "not a catalogue repository (parties/ and datasets/ are missing)"
        ) from None


# Every command but `validate` is imported when it is called: checking a pull request does not
# load the site builder (Jinja2, Markdown, mkdocs), a third of the command's start-up time.
LAZY_COMMANDS = {
    "build": "build:build_command",
    "check-links": "checks:check_links_command",
    "codeowners": "codeowners:codeowners",
    "form": "form:form_command",
    "import": "imports:import_group",
    "indicators": "checks:indicators_command",
    "new": "new:new",
    "overdue": "checks:overdue_command",
    "publish": "publish:publish_command",
    "requests": "requests:requests_group",
    "serve": "build:serve_command",
}


class LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*self.commands, *LAZY_COMMANDS})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in LAZY_COMMANDS:
            module, name = LAZY_COMMANDS[cmd_name].split(":")
            self.add_command(getattr(importlib.import_module(f".{module}", __package__), name), cmd_name)
        return super().get_command(ctx, cmd_name)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--repo",
    default=".",
    show_default=True,
    type=click.Path(file_okay=False),
    help="Carpeta del repositorio del catálogo / catalogue repository folder.",
)
@click.option("--debug", is_flag=True, help="Mostrar la traza completa de errores internos / show internal tracebacks.")
@click.version_option(package_name="catalogo")
@click.pass_context
def cli(ctx: click.Context, repo: str, debug: bool) -> None:
    """Plataforma Nacional de Datos Abiertos: el catálogo nacional como código.

    National Open Data Platform: the national catalogue as code.
    """
    ctx.ensure_object(dict)
    ctx.obj.update(repo=repo, debug=debug)


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path())
@click.option(
    "--changed-since",
    "ref",
    metavar="REF",
    help="Validar solo lo que cambió desde REF (git) y lo que se relaciona / only what changed since REF and its references.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "github", "markdown", "json"]),
    default="text",
    show_default=True,
    help="Formato del reporte / report format.",
)
@click.option("--lang", type=LANGS, default="es", show_default=True, help="Idioma de los mensajes / message language.")
@click.option("--no-data", is_flag=True, help="No validar los archivos de datos / skip data files.")
@click.option(
    "--online",
    is_flag=True,
    help="Comprobar también que cada URL de recurso responda (solo direcciones públicas) / also check that every resource URL answers (public addresses only).",
)
@click.option(
    "--author",
    metavar="LOGIN",
    help="Usuario de GitHub autor del cambio: solo puede cambiar sus sujetos obligados / the change's author, who may only change the parties they maintain.",
)
@click.option(
    "--summary",
    type=click.Path(dir_okay=False),
    help="Escribir también el reporte en Markdown en este archivo / also write the Markdown report to this file.",
)
@click.pass_context
def validate(
    ctx: click.Context,
    paths: tuple[str, ...],
    ref: str | None,
    fmt: str,
    lang: str,
    no_data: bool,
    online: bool,
    author: str | None,
    summary: str | None,
) -> None:
    """Valida el catálogo y reporta cada problema con archivo y línea.

    Validate the catalogue and report every problem with file and line.
    Exit: 0 valid, 1 problems found, 2 usage or environment error.
    """
    if author and not ref:
        raise EnvironmentProblem("--author requiere / requires --changed-since")
    root = _repo(ctx)
    catalogue = open_catalogue(root)
    try:
        config = load_config(root)  # a broken catalogo.yaml stops here with its line (exit 2)
    except ConfigError as exc:
        raise EnvironmentProblem(f"catalogo.yaml: {exc}") from None
    changed = _changed(root, ref)
    scope = _scope(catalogue, root, paths, changed)
    requests = load_requests(requests_results_path(root, config))  # `catalogo requests fetch`, when run
    problems = check_catalogue(
        catalogue, scope, data=not no_data, online=Online() if online else None, requests=requests
    )
    problems += check_plans_against_history(catalogue, scope, dt.date.today())  # needs git: not a stage-2 check
    problems = sorted_problems(problems + ownership_problems(catalogue, scope, ref, author, changed))
    if summary:
        _write_summary(Path(summary), report.as_markdown(problems, lang))
    if fmt == "text":
        report.print_text(problems, Console(stderr=False, highlight=False), lang)
    else:
        click.echo(report.RENDERERS[fmt](problems, lang))
    ctx.exit(1 if has_errors(problems) else 0)


def ownership_problems(
    catalogue, scope: Scope | None, ref: str | None, author: str | None, changed: list[str] | None
) -> list:
    """CODEOWNERS on a full validation or a change that concerns it; the author's rights on a change."""
    try:
        touched = changed if ref else (None if scope is None else [])
        return check_ownership(catalogue, touched, ref, author)
    except (BadReference, BaseUnavailable):
        raise EnvironmentProblem(f"referencia git no encontrada / git reference not found: {ref}") from None


def _write_summary(target: Path, markdown: str) -> None:
    """The report's own file may be replaced; any other existing file is left alone."""
    existing = target.read_text(encoding="utf-8", errors="replace").split("\n", 1)[0] if target.is_file() else None
    ours = (
        existing is not None
        and existing.startswith("## ")
        and existing.endswith(("Resultado de la validación", "Validation result"))
    )
    if (existing is not None and not ours) or (target.exists() and not target.is_file()):
        raise EnvironmentProblem(
            f"{target} ya existe y no es un reporte de validación / already exists and is not a validation report"
        )
    try:
        target.write_text(markdown, encoding="utf-8")
    except OSError as exc:
        raise EnvironmentProblem(f"no se pudo escribir / could not write {target}: {exc.strerror}") from None


def _changed(root: Path, ref: str | None) -> list[str] | None:
    """The files a change touched (one set of git calls per command), or None without --changed-since."""
    if not ref:
        return None
    try:
        return changed_files(root, ref)
    except BadReference:
        raise EnvironmentProblem(f"referencia git no encontrada / git reference not found: {ref}") from None


def _scope(catalogue, root: Path, paths: tuple[str, ...], changed: list[str] | None) -> Scope | None:
    selected: list[str] = []
    for raw in paths:
        target = Path(raw).resolve()
        if not target.exists():
            raise EnvironmentProblem(f"no existe / does not exist: {raw}")
        if not target.is_relative_to(root):
            raise EnvironmentProblem(f"está fuera del repositorio / is outside the repository: {raw}")
        rel = target.relative_to(root).as_posix()
        if rel == ".":
            return None
        selected.append(rel)
    if changed is not None:
        selected.extend(changed)
        if not changed and not paths:
            return Scope()
    return scope_for_paths(catalogue, selected) if selected else None


def main() -> None:
    debug = "--debug" in sys.argv or os.environ.get("CATALOGO_DEBUG")
    try:
        cli(standalone_mode=True)
    except SystemExit:
        raise
    except ConfigError as exc:
        click.echo(f"catalogo.yaml: {exc}", err=True)
        sys.exit(2)
    except Exception as exc:  # the edge: no traceback for users unless --debug
        if debug:
            raise
        click.echo(f"Error interno / internal error: {type(exc).__name__}: {exc}", err=True)
        sys.exit(2)


if __name__ == "__main__":
    main()
