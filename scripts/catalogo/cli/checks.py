"""`catalogo check-links`, `catalogo overdue` and `catalogo indicators`: the catalogue measuring itself."""

# Exit codes: 0 done (check-links: also when links are broken, unless --strict), 1 with --strict
# when a link is broken or a dataset is overdue, 2 usage or environment error.

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import click

from ..checks.links import Limits, check_links, resource_urls, save_results
from ..checks.run import dataset_problems
from ..core.config import link_results_path, load_config, read_config
from ..enrich import enrich
from ..gitdata.history import read_history
from ..measure.figures import Labels, indicators_csv, indicators_json
from ..measure.indicators import compute_indicators
from ..measure.linkreport import MARKER, summaries
from ..measure.overdue import MARKER as OVERDUE_MARKER
from ..measure.overdue import OverdueReport, overdue_reports
from ..render.measure_views import indicator_labels
from ..render.ui import load_languages
from ..site.assemble import SiteError, site_source
from .main import EnvironmentProblem, _repo, open_catalogue


class Day(click.ParamType):
    """A date written YYYY-MM-DD."""

    name = "AAAA-MM-DD"

    def convert(self, value: object, param: click.Parameter | None, ctx: click.Context | None) -> dt.date:
        if isinstance(value, dt.date):
            return value
        try:
            return dt.date.fromisoformat(str(value))
        except ValueError:
            self.fail(f"fecha no válida, use AAAA-MM-DD / invalid date, use YYYY-MM-DD: {value}", param, ctx)


DAY = Day()


def _ours(path: Path, starts: str) -> bool:
    """The file is missing or is one this command wrote before (so replacing it loses nothing)."""
    if not path.exists():
        return True
    try:
        with path.open(encoding="utf-8") as f:
            return f.read(200).lstrip().startswith(starts)
    except (OSError, UnicodeDecodeError):
        return False


def _guard(path: Path, starts: str, force: bool) -> None:
    if path.is_dir():
        raise EnvironmentProblem(f"es una carpeta / is a folder: {path}")
    if not force and not _ours(path, starts):
        raise EnvironmentProblem(
            f"ya existe y no lo escribió catalogo; use --force / exists and was not written by catalogo; use --force: {path}"
        )


@click.command("check-links")
@click.option(
    "--out",
    type=click.Path(dir_okay=False),
    help="Archivo JSON de resultados (por omisión .cache/link-check.json, que lee la siguiente construcción) / results JSON file (default .cache/link-check.json, read by the next build).",
)
@click.option(
    "--summary",
    type=click.Path(),
    help="Carpeta para un <sujeto>.md por sujeto con hallazgos, o un archivo .md con todos / folder for one <party>.md per party with findings, or one .md file with all.",
)
@click.option("--concurrency", type=click.IntRange(1, 64), help="URL revisadas a la vez / URLs checked at once.")
@click.option("--timeout", type=click.FloatRange(0.1, 600), help="Segundos por URL / seconds per URL.")
@click.option("--today", type=DAY, help="Fecha de corte para la actualización / as-of date for freshness.")
@click.option(
    "--strict",
    is_flag=True,
    help="Salir con 1 si hay enlaces rotos o conjuntos atrasados / exit 1 on broken links or overdue datasets.",
)
@click.option(
    "--force", is_flag=True, help="Reemplazar archivos que no escribió catalogo / replace files catalogo did not write."
)
@click.pass_context
def check_links_command(
    ctx: click.Context,
    out: str | None,
    summary: str | None,
    concurrency: int | None,
    timeout: float | None,
    today: dt.date | None,
    strict: bool,
    force: bool,
) -> None:
    """Revisa cada URL de recurso (disponibilidad) y la actualización de cada conjunto.

    Check every resource URL (availability) and every dataset's freshness. Writes the results
    JSON that the next `catalogo build` reads, and Markdown summaries per party.
    """
    root = _repo(ctx)
    catalogue = open_catalogue(root)
    config = load_config(root)
    settings = config.get("link_check", {})
    target = Path(out) if out else link_results_path(root, config)
    _guard(target, '{\n "checked_at"', force)
    base = Limits.from_config(settings)
    limits = Limits(
        timeout if timeout is not None else base.timeout,
        base.max_bytes,
        base.max_redirects,
        concurrency if concurrency is not None else base.concurrency,
    )
    results = check_links(resource_urls(catalogue), limits)
    save_results(results, target)
    enriched = enrich(catalogue, today=today or dt.date.today(), config=config, link_results=results)
    texts = summaries(enriched, results)
    if summary:
        _write_summaries(Path(summary), texts, force)
    overdue = sum(1 for i in enriched.datasets.values() if i.timeliness and i.timeliness.overdue)
    click.echo(
        f"{len(results.results)} URL revisadas, {len(results.broken)} sin responder; "
        f"{overdue} conjuntos atrasados. Resultados: {target}"
    )
    click.echo(
        f"{len(results.results)} URLs checked, {len(results.broken)} broken; "
        f"{overdue} datasets overdue. Results: {target}"
    )
    ctx.exit(1 if strict and (results.broken or overdue) else 0)


def _write_summaries(path: Path, texts: dict[str, str], force: bool) -> None:
    marker = MARKER.split(" sujeto=", 1)[0]
    if path.suffix.lower() == ".md":
        _guard(path, marker, force)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("\n".join(texts.values()) or f"{marker} -->\nSin hallazgos. / No findings.\n", encoding="utf-8")
        return
    if path.exists() and not path.is_dir():
        raise EnvironmentProblem(f"no es una carpeta / is not a folder: {path}")
    path.mkdir(parents=True, exist_ok=True)
    for party, text in texts.items():
        file = path / f"{party}.md"
        _guard(file, marker, force)
        file.write_text(text, encoding="utf-8")


@click.command("overdue")
@click.option(
    "--out",
    required=True,
    type=click.Path(file_okay=False),
    help="Carpeta para un <sujeto>/<AAAA>-T<n>.md por sujeto obligado y trimestre de vencimiento / folder for one <party>/<YYYY>-T<n>.md per party and quarter of the due dates.",
)
@click.option("--today", type=DAY, help="Fecha de corte (por omisión, hoy) / as-of date (default: today).")
@click.option(
    "--force", is_flag=True, help="Reemplazar archivos que no escribió catalogo / replace files catalogo did not write."
)
@click.pass_context
def overdue_command(ctx: click.Context, out: str, today: dt.date | None, force: bool) -> None:
    """Escribe los compromisos vencidos de cada sujeto obligado, un Markdown por trimestre de vencimiento.

    Write each party's overdue opening-plan commitments, one Markdown file per quarter in which
    they fell due, for the weekly workflow's issues. Files this command wrote before and that no
    longer apply are removed. Exit: 0 written (also when nothing is overdue), 2 usage error.
    """
    root = _repo(ctx)
    catalogue = open_catalogue(root)
    config = read_config(root)
    day = today or dt.date.today()
    reports = overdue_reports(catalogue, read_history(root), day, config.site.base_url, config.site.repository)
    _write_overdue(Path(out), reports, force)
    count = sum(r.commitments for r in reports)
    parties = len({r.party for r in reports})
    click.echo(f"{count} compromisos vencidos de {parties} sujetos obligados al {day}: {out}")
    click.echo(f"{count} overdue commitments of {parties} parties as of {day}: {out}")


def _write_overdue(folder: Path, reports: list[OverdueReport], force: bool) -> None:
    marker = OVERDUE_MARKER.split(" sujeto=", 1)[0]
    if folder.exists() and not folder.is_dir():
        raise EnvironmentProblem(f"no es una carpeta / is not a folder: {folder}")
    targets = {folder / r.party / f"{r.quarter}.md": r.text for r in reports}
    for target in targets:
        if target.is_symlink() or target.parent.is_symlink():  # it would write outside the folder
            raise EnvironmentProblem(f"es un enlace simbólico / is a symbolic link: {target}")
        _guard(target, marker, force)
    for stale in sorted(set(folder.glob("*/*.md")) - set(targets)):
        if not (stale.is_symlink() or stale.parent.is_symlink()) and _ours(stale, marker):
            stale.unlink()  # met since the last run: the workflow closes its issue
    for target, text in targets.items():
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    for party in folder.glob("*/") if folder.is_dir() else []:
        if party.is_dir() and not party.is_symlink() and not any(party.iterdir()):
            party.rmdir()


@click.command("indicators")
@click.option(
    "--format", "fmt", type=click.Choice(["csv", "json"]), default="csv", show_default=True, help="Formato / format."
)
@click.option(
    "--at",
    type=DAY,
    help="Fecha de corte (por omisión, la del último commit) / cut-off date (default: the newest commit's).",
)
@click.option(
    "--out",
    type=click.Path(dir_okay=False),
    help="Escribir en un archivo en lugar de la salida estándar / write to a file instead of stdout.",
)
@click.option("--force", is_flag=True, help="Reemplazar un archivo existente / replace an existing file.")
@click.pass_context
def indicators_command(ctx: click.Context, fmt: str, at: dt.date | None, out: str | None, force: bool) -> None:
    """Indicadores nacionales, por nivel, estado, poder y sujeto obligado, con su serie trimestral.

    National indicators and per level of government, state, power and party, with the quarterly
    series from git history.
    """
    root = _repo(ctx)
    catalogue = open_catalogue(root)
    found: dict[str, dict] = {}  # the tables' keys, for the interconnection figures (cached with the data check)
    dataset_problems(root, list(catalogue.datasets.values()), found=found)
    enriched = enrich(catalogue, keys=found)
    indicators = (
        enriched.indicators if at is None else compute_indicators(enriched, enriched.timeline, enriched.config, at)
    )
    assert indicators is not None
    text = (
        indicators_csv(indicators)
        if fmt == "csv"
        else json.dumps(
            indicators_json(indicators, _indicator_labels(root)), ensure_ascii=False, indent=1, sort_keys=True
        )
        + "\n"
    )
    if out is None:
        click.echo(text, nl=False)
        return
    target = Path(out)
    if target.exists() and not force:
        raise EnvironmentProblem(f"ya existe; use --force / already exists; use --force: {out}")
    target.write_text(text, encoding="utf-8")


def _indicator_labels(root: Path) -> Labels:
    """The fields' labels and method note, from the site's translations (the catalogue's build/,
    else this project's)."""
    try:
        build_dir = site_source(root).build_dir
    except SiteError as exc:
        raise EnvironmentProblem(str(exc)) from None
    return indicator_labels(load_languages(build_dir))
