"""`catalogo build` and `catalogo serve`: the public site. The work is build.build_site(); these
commands parse options, draw progress and map outcomes to exit codes (0 built, 1 the catalogue
has errors, 2 usage or environment error)."""

from __future__ import annotations

import datetime as dt
import os
import time
from pathlib import Path

import click
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)

from ..build import STAGES, BuildResult, build_site
from ..checks import report
from ..load import NotACatalogue
from ..site.assemble import SiteError
from ..site.serve import serve_in_thread, sources_signature
from .main import LANGS, EnvironmentProblem

STAGE_LABELS = {
    "load": ("Leyendo el catálogo", "Loading the catalogue"),
    "check": ("Validando", "Checking"),
    "enrich": ("Leyendo la historia de git", "Reading git history"),
    "render": ("Generando páginas", "Rendering pages"),
    "exports": ("Escribiendo formatos para máquinas", "Writing machine-readable exports"),
    "mkdocs": ("Generando guías (mkdocs-material)", "Building guides (mkdocs-material)"),
    "pagefind": ("Indexando la búsqueda (Pagefind)", "Indexing search (Pagefind)"),
    "publish": ("Publicando el sitio", "Publishing the site"),
}


class PlainReporter:
    """One log line per stage, for CI logs and pipes."""

    def __init__(self, lang: str) -> None:
        self.index = 0 if lang == "es" else 1

    def stage(self, name: str) -> None:
        number = STAGES.index(name) + 1
        click.echo(f"[{number}/{len(STAGES)}] {STAGE_LABELS[name][self.index]}", err=True)

    def progress(self, done: int, total: int) -> None:
        pass


class RichReporter:
    """A progress bar over the stages and, while rendering, over the pages."""

    def __init__(self, progress: Progress, lang: str) -> None:
        self.bar, self.index = progress, 0 if lang == "es" else 1
        self.stages = progress.add_task("", total=len(STAGES))
        self.pages: TaskID | None = None

    def stage(self, name: str) -> None:
        self.bar.update(self.stages, completed=STAGES.index(name), description=STAGE_LABELS[name][self.index])

    def progress(self, done: int, total: int) -> None:
        if self.pages is None:
            self.pages = self.bar.add_task("  " + STAGE_LABELS["render"][self.index], total=total)
        self.bar.update(self.pages, completed=done, total=total)

    def finish(self) -> None:
        self.bar.update(self.stages, completed=len(STAGES))


def run_build(root: Path, out: Path, base_url: str | None, today: dt.date | None, lang: str) -> BuildResult:
    console = Console(stderr=True)
    try:
        if console.is_terminal and not os.environ.get("CI"):
            columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
            with Progress(*columns, console=console, transient=False) as progress:
                reporter = RichReporter(progress, lang)
                result = build_site(root, out, base_url, today, reporter)
                if result.built:
                    reporter.finish()
                return result
        return build_site(root, out, base_url, today, PlainReporter(lang))
    except NotACatalogue:
        raise EnvironmentProblem(
            f"{root} no es un repositorio del catálogo (faltan parties/ y datasets/) / "
            "not a catalogue repository (parties/ and datasets/ are missing)"
        ) from None
    except SiteError as exc:
        raise EnvironmentProblem(str(exc)) from None


def _summary(result: BuildResult, started: float, lang: str) -> str:
    seconds = time.monotonic() - started
    if lang == "en":
        return f"Site built in {result.out}: {result.pages} pages, {result.data_files} data files ({seconds:.1f} s)."
    return f"Sitio generado en {result.out}: {result.pages} páginas, {result.data_files} archivos de datos ({seconds:.1f} s)."


def _build_or_report(
    ctx: click.Context, out: Path, base_url: str | None, today: dt.date | None, lang: str
) -> BuildResult:
    started = time.monotonic()
    result = run_build(Path(ctx.obj["repo"]).resolve(), out, base_url, today, lang)
    if not result.built:
        report.print_text(result.problems, Console(stderr=False, highlight=False), lang)
        click.echo(
            "El catálogo tiene errores: no se generó el sitio. / The catalogue has errors: the site was not built.",
            err=True,
        )
        return result
    for warning in result.warnings:
        click.echo(f"aviso / warning: {warning}", err=True)
    click.echo(_summary(result, started, lang), err=True)
    return result


OUT_OPTION = click.option(
    "--out",
    default="site",
    show_default=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Carpeta del sitio; se reemplaza solo si todo salió bien / site folder; replaced only when everything succeeded.",
)
TODAY_OPTION = click.option(
    "--today",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="Fecha de «hoy» (AAAA-MM-DD); por omisión, la del commit más reciente / the build's 'today'; default: the newest commit's date.",
)
LANG_OPTION = click.option(
    "--lang", type=LANGS, default="es", show_default=True, help="Idioma de los mensajes / message language."
)


@click.command("build")
@OUT_OPTION
@click.option(
    "--base-url",
    metavar="URL",
    help="URL pública del sitio; por omisión, site.base_url de catalogo.yaml / public URL of the site; default: site.base_url in catalogo.yaml.",
)
@TODAY_OPTION
@LANG_OPTION
@click.pass_context
def build_command(ctx: click.Context, out: Path, base_url: str | None, today: dt.datetime | None, lang: str) -> None:
    """Valida el catálogo y genera el sitio público (páginas, guías, búsqueda, formatos para máquinas).

    Validate the catalogue and build the public site (pages, guides, search, machine-readable files).
    Exit: 0 built, 1 the catalogue has errors (nothing is written), 2 usage or environment error.
    """
    result = _build_or_report(ctx, out, base_url, today.date() if today else None, lang)
    ctx.exit(0 if result.built else 1)


@click.command("serve")
@click.option(
    "--port",
    default=8000,
    show_default=True,
    type=click.IntRange(0, 65535),
    help="Puerto en 127.0.0.1 / port on 127.0.0.1.",
)
@OUT_OPTION
@TODAY_OPTION
@LANG_OPTION
@click.option(
    "--interval",
    default=1.0,
    show_default=True,
    type=click.FloatRange(0.2, 60),
    help="Segundos entre revisiones de cambios / seconds between checks for changes.",
)
@click.pass_context
def serve_command(
    ctx: click.Context, port: int, out: Path, today: dt.datetime | None, lang: str, interval: float
) -> None:
    """Genera el sitio, lo sirve en 127.0.0.1 y lo regenera cuando cambian los archivos.

    Build the site, serve it on 127.0.0.1 and rebuild it when the sources change (Ctrl+C stops).
    """
    root, day = Path(ctx.obj["repo"]).resolve(), today.date() if today else None
    try:
        server, url = serve_in_thread(out.resolve(), port)
    except OSError as exc:
        raise EnvironmentProblem(
            f"no se pudo abrir el puerto / could not open the port {port}: {exc.strerror}"
        ) from None
    base_url = url
    signature = sources_signature(root)
    if not _build_or_report(ctx, out, base_url, day, lang).built and not out.is_dir():
        server.shutdown()
        ctx.exit(1)
    click.echo(f"Sirviendo / serving {url} (Ctrl+C)", err=True)
    try:
        while True:
            time.sleep(interval)
            current = sources_signature(root)
            if current != signature:
                signature = current
                click.echo("Cambios detectados: regenerando / changes found: rebuilding", err=True)
                _build_or_report(ctx, out, base_url, day, lang)
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()
