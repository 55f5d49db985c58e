"""`catalogo import ckan|datajson SOURCE|adela DIR`: move an existing catalogue in without retyping it."""

# Exit: 0 imported without problems, 1 imported but the source had problems that validation will
# report (listed in the summary), 2 usage or environment error (unreadable source, bad map).

from __future__ import annotations

import json
from collections.abc import Sequence
from itertools import groupby
from pathlib import Path

import click

from ..core.files import OutsideRepository
from ..core.problems import sorted_problems
from ..importers import ImportOptions, ImportSourceError, ImportSummary, import_ckan, import_datajson, load_party_map
from ..importers.adelawrite import AdelaOptions, AdelaSummary, import_adela
from ..importers.common import SLUG
from ..scaffold import planning
from ..scaffold.tables import Table
from .main import LANGS, EnvironmentProblem, _repo

_WORDS = {
    "es": {
        "imported": "Importado de {source}: {n} conjuntos de datos.",
        "files": "Archivos creados: {created}; sobrescritos: {overwritten}; omitidos porque ya existían: {skipped}.",
        "skipped": "omitido (ya existe; use --force para sobrescribir)",
        "problems": "Problemas que ya estaban en la fuente ({errors} errores, {warnings} avisos); «catalogo validate» los mostrará hasta corregirlos:",
        "clean": "La fuente no tenía problemas: lo importado pasa la validación.",
        "error": "error",
        "warning": "aviso",
    },
    "en": {
        "imported": "Imported from {source}: {n} datasets.",
        "files": "Files created: {created}; overwritten: {overwritten}; skipped because they existed: {skipped}.",
        "skipped": "skipped (exists; use --force to overwrite)",
        "problems": "Problems already in the source ({errors} errors, {warnings} warnings); 'catalogo validate' will show them until they are fixed:",
        "clean": "The source had no problems: what was imported passes validation.",
        "error": "error",
        "warning": "warning",
    },
}


def render_summary(summary: ImportSummary, lang: str = "es") -> str:
    """The summary as text for the terminal, in Spanish or English."""
    w = _WORDS[lang]
    lines = [
        w["imported"].format(source=summary.source, n=summary.datasets),
        w["files"].format(
            created=len(summary.created), overwritten=len(summary.overwritten), skipped=len(summary.skipped)
        ),
    ]
    lines += [f"  {path}: {w['skipped']}" for path in summary.skipped]
    problems = sorted_problems(summary.problems)
    errors = sum(p.severity == "error" for p in problems)
    if not problems:
        if summary.created or summary.overwritten:
            lines.append(w["clean"])
        return "\n".join(lines)
    lines.append(w["problems"].format(errors=errors, warnings=len(problems) - errors))
    for path, group in groupby(problems, key=lambda p: p.path):
        lines.append(f"  {path}")
        lines += [f"    {w[p.severity]} {p.code}: {p.message(lang)}" for p in group]
    return "\n".join(lines)


def source_error(exc: ImportSourceError, lang: str) -> str:
    """The one line of an unusable source: with a problem code, the code and the message in Spanish
    then English (`import-not-a-catalogue: … / …`); else the message in the summary's language."""
    if exc.code:
        return f"{exc.code}: {exc.es} / {exc.en}"
    return exc.es if lang == "es" else exc.en


def _run(ctx: click.Context, importer, source: str, options: ImportOptions, lang: str, fmt: str) -> None:
    root = _repo(ctx)
    if not root.is_dir():
        raise EnvironmentProblem(f"no existe la carpeta del repositorio / repository folder does not exist: {root}")
    try:
        summary = importer(source, root, options)
    except ImportSourceError as exc:
        raise EnvironmentProblem(source_error(exc, lang)) from None
    except OutsideRepository as exc:
        raise EnvironmentProblem(
            f"se negó a escribir fuera del repositorio / refused to write outside the repository: {exc}"
        ) from None
    except OSError as exc:
        raise EnvironmentProblem(f"no se pudo escribir / could not write: {exc}") from None
    if fmt == "json":
        click.echo(json.dumps(summary.as_dict(), ensure_ascii=False, indent=2))
    else:
        click.echo(render_summary(summary, lang))
    ctx.exit(1 if any(p.severity == "error" for p in summary.problems) else 0)


def _options(party_map: str | None, force: bool, party: str | None = None) -> ImportOptions:
    try:
        mapping = load_party_map(Path(party_map) if party_map else None)
    except ImportSourceError as exc:
        raise EnvironmentProblem(str(exc)) from None
    if party is not None and not SLUG.match(party):
        raise EnvironmentProblem(
            f"--party debe ser un identificador (minúsculas, números y guiones) / "
            f"--party must be an identifier (lowercase, digits, hyphens): {party}"
        )
    return ImportOptions(party_map=mapping, force=force, party=party)


_SOURCE_HELP = "SOURCE: archivo JSON o dirección http(s) / a JSON file or an http(s) URL."
_map_option = click.option(
    "--party-map",
    type=click.Path(exists=True, dir_okay=False),
    help="YAML que asigna organizaciones a sujetos obligados y grupos a temas / "
    "YAML mapping organisations to parties and groups to themes.",
)
_force_option = click.option(
    "--force", is_flag=True, help="Sobrescribir archivos existentes / overwrite existing files."
)
_lang_option = click.option(
    "--lang", type=LANGS, default="es", show_default=True, help="Idioma del resumen / summary language."
)
_format_option = click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="Formato del resumen / summary format.",
)


@click.group("import")
def import_group() -> None:
    """Importa un catálogo existente (CKAN, data.json o ADELA 2015) sin volver a capturarlo.

    Import an existing catalogue (CKAN, data.json or ADELA 2015) without retyping it. Nothing is
    overwritten without --force; the summary lists what was created, what was skipped and the
    problems the source already had. Exit: 0 no problems, 1 the source had problems, 2 usage or
    environment error.
    """


@import_group.command("ckan")
@click.argument("source")
@_map_option
@_force_option
@_lang_option
@_format_option
@click.pass_context
def import_ckan_command(
    ctx: click.Context, source: str, party_map: str | None, force: bool, lang: str, fmt: str
) -> None:
    """Importa una respuesta de CKAN (package_search o package_show).

    Import a CKAN response (package_search or package_show). SOURCE: a JSON file or an http(s) URL.
    """
    _run(ctx, import_ckan, source, _options(party_map, force), lang, fmt)


@import_group.command("datajson")
@click.argument("source")
@click.option(
    "--party",
    metavar="ID",
    help="Sujeto obligado al que pertenecen todos los conjuntos / party every dataset belongs to.",
)
@_map_option
@_force_option
@_lang_option
@_format_option
@click.pass_context
def import_datajson_command(
    ctx: click.Context, source: str, party: str | None, party_map: str | None, force: bool, lang: str, fmt: str
) -> None:
    """Importa un data.json (DCAT-US), como los que cosechaba datos.gob.mx.

    Import a data.json (DCAT-US), as datos.gob.mx harvested them. SOURCE: a JSON file or an
    http(s) URL.
    """
    _run(ctx, import_datajson, source, _options(party_map, force, party), lang, fmt)


# --- catalogo import adela DIR ---------------------------------------------------------------------

_ADELA_WORDS = {
    "es": (
        "Instituciones de ADELA: {institutions}; con sujeto obligado en el catálogo: {matched}; creadas: {created}.\n"
        "Filas del plan: {plan_rows}; compromisos registrados: {commitments} de {parties} sujetos obligados; "
        "con su conjunto publicado: {fulfilled}; coincidencias ambiguas: {ambiguous}; posibles, sin contar: {possible}.\n"
        "Conjuntos publicados registrados: {published}. Inventarios escritos: {inventories}; planes escritos: {plans}.\n"
        "Instituciones sin sujeto obligado ({unmatched}): {names}"
    ),
    "en": (
        "ADELA institutions: {institutions}; with a party in the catalogue: {matched}; created: {created}.\n"
        "Plan rows: {plan_rows}; commitments recorded: {commitments} of {parties} parties; "
        "with their published dataset: {fulfilled}; ambiguous matches: {ambiguous}; possible, not counted: {possible}.\n"
        "Published datasets recorded: {published}. Inventories written: {inventories}; plans written: {plans}.\n"
        "Institutions without a party ({unmatched}): {names}"
    ),
}


def render_adela(summary: AdelaSummary, lang: str = "es") -> str:
    """The ADELA import's counts, then the files and problems as for every import."""
    counts = _ADELA_WORDS[lang].format(
        institutions=summary.institutions,
        matched=summary.institutions_matched,
        created=len(summary.parties_created),
        plan_rows=summary.plan_rows,
        commitments=summary.commitments,
        parties=len(summary.parties),
        fulfilled=summary.fulfilled,
        ambiguous=summary.ambiguous,
        possible=summary.possible,
        published=summary.published,
        inventories=len(summary.with_inventory),
        plans=len(summary.with_plan),
        unmatched=len(summary.unmatched),
        names=", ".join(f"{name} ({rows})" for name, rows in sorted(summary.unmatched.items())) or "—",
    )
    return render_summary(summary, lang) + "\n" + counts


class PlanningSheets:
    """The importers' `Sheets`: scaffold/planning.py, which keeps an item's id when its title is
    imported again and writes the YAML as `catalogo new inventory|plan` does."""

    def inventory(self, existing: dict | None, header: Sequence[str], rows: list[list[str]]) -> dict:
        return self._checked(planning.import_inventory(Table(list(header), rows, "utf-8", ","), existing))

    def plan(self, existing: dict | None, header: Sequence[str], rows: list[list[str]], start: str, end: str) -> dict:
        return self._checked(planning.import_plan(Table(list(header), rows, "utf-8", ","), existing, start, end))

    def dump(self, data: dict) -> str:
        return planning.dump(data)

    @staticmethod
    def _checked(imported: planning.Imported) -> dict:
        if imported.problems:  # the importer writes only keys the template knows: a bug, not the source's
            raise ValueError(f"planning sheet: {imported.problems[:3]}")
        return imported.data


@import_group.command("adela")
@click.argument("folder", metavar="DIR")
@click.option(
    "--create-parties",
    is_flag=True,
    help="Crear los sujetos obligados de catalogs.json que aún no existen / "
    "create the parties of catalogs.json that do not exist yet.",
)
@click.option(
    "--no-plans",
    is_flag=True,
    help="No escribir opening-plan.yaml: el plan de 2015 queda solo en el registro histórico, que da la línea "
    "base / do not write opening-plan.yaml: the 2015 plan stays in the historical record, which gives the baseline.",
)
@_map_option
@_force_option
@_lang_option
@_format_option
@click.pass_context
def import_adela_command(
    ctx: click.Context,
    folder: str,
    create_parties: bool,
    no_plans: bool,
    party_map: str | None,
    force: bool,
    lang: str,
    fmt: str,
) -> None:
    """Importa las exportaciones de ADELA de 2015 (datos.gob.mx): planes, conjuntos publicados y recursos.

    Import datos.gob.mx's 2015 ADELA exports (catalogs.json, plans.csv, data.csv, MAT_test.csv,
    ieda.tsv in DIR) into the parties' inventories and opening plans, with each party's historical
    record in history/adela-2015/ (the evidence of what was published, changed only by national
    reviewers). `catalogo indicators --at 2016-12-31` then gives the 2015-2016 baseline.
    """
    base = _options(party_map, force)
    options = AdelaOptions(
        PlanningSheets(), force=force, create_parties=create_parties, plans=not no_plans, party_map=base.party_map
    )
    root = _repo(ctx)
    if not root.is_dir():
        raise EnvironmentProblem(f"no existe la carpeta del repositorio / repository folder does not exist: {root}")
    try:
        summary = import_adela(folder, root, options)
    except ImportSourceError as exc:
        raise EnvironmentProblem(exc.es if lang == "es" else exc.en) from None
    except (OutsideRepository, OSError) as exc:
        raise EnvironmentProblem(f"no se pudo escribir / could not write: {exc}") from None
    if fmt == "json":
        click.echo(json.dumps(summary.as_dict(), ensure_ascii=False, indent=2))
    else:
        click.echo(render_adela(summary, lang))
    ctx.exit(1 if any(p.severity == "error" for p in summary.problems) else 0)
