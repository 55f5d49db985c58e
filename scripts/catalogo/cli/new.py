"""`catalogo new party|dataset|story|tool`: scaffolds. On a terminal it asks for what it does not
know (click prompts); in scripts, flags and `--yes` (accept the defaults, ask nothing) do."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import Any

import click

from ..checks.personal import Hit
from ..core.files import OutsideRepository, WouldOverwrite, write_atomic
from ..core.vocab import slugify, vocabularies
from ..scaffold.dataset import SLUG, DatasetAnswers, DatasetScaffold, scaffold_dataset, suggested_id, suggested_title
from ..scaffold.entries import KINDS, Entry, entry_path, scaffold_entry
from ..scaffold.tables import UnreadableTable, read_table
from .main import EnvironmentProblem, _repo, open_catalogue

YES = click.option(
    "--yes",
    "-y",
    is_flag=True,
    help="Aceptar los valores por omisión sin preguntar / accept defaults without prompting.",
)
FORCE = click.option("--force", is_flag=True, help="Reemplazar archivos existentes / overwrite existing files.")
ID = click.option(
    "--id",
    "entry_id",
    metavar="ID",
    help="Identificador (minúsculas, números y guiones) / identifier.",
)


def is_terminal() -> bool:
    return sys.stdin.isatty() and sys.stdout.isatty()


def _asking(yes: bool) -> bool:
    return not yes and is_terminal()


@click.group("new")
def new() -> None:
    """Crea los archivos de un sujeto obligado, conjunto de datos, caso de éxito o herramienta.

    Create the files of a party, dataset, success story or tool.
    Exit: 0 created, 2 usage or environment error (nothing is overwritten without --force).
    """


@new.command("dataset")
@click.option("--party", "party_id", metavar="PARTY", help="Sujeto obligado (id) / party id.")
@click.option(
    "--from",
    "source",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Hoja de cálculo de origen: CSV, TSV o XLSX / source spreadsheet.",
)
@ID
@click.option(
    "--sheet",
    help="Hoja del libro XLSX (por omisión la primera) / XLSX sheet (default: the first).",
)
@click.option("--title", help="Título del conjunto / dataset title.")
@YES
@FORCE
@click.pass_context
def new_dataset(
    ctx: click.Context,
    party_id: str | None,
    source: Path | None,
    entry_id: str | None,
    sheet: str | None,
    title: str | None,
    yes: bool,
    force: bool,
) -> None:
    """Convierte una hoja de cálculo en un conjunto: CSV en UTF-8, esquema inferido y
    datapackage.yaml por completar; revisa si contiene datos personales.

    Turn a spreadsheet into a dataset: UTF-8 CSV, inferred schema and a datapackage.yaml to
    complete; screens it for personal data.
    """
    root = _repo(ctx)
    catalogue = open_catalogue(root)
    ask = _asking(yes)
    if not party_id and ask:
        party_id = click.prompt(
            "Sujeto obligado (id) / party id",
            type=click.Choice(sorted(catalogue.parties)),
            show_choices=False,
        )
    if not party_id or party_id not in catalogue.parties:
        raise EnvironmentProblem(
            f"sujeto obligado no encontrado / party not found: {party_id or '(falta --party)'}; "
            "créelo con / create it with «catalogo new party»"
        )
    if source is None and ask:
        source = click.prompt(
            "Archivo CSV, TSV o XLSX / file",
            type=click.Path(exists=True, dir_okay=False, path_type=Path),
        )
    if source is None:
        raise EnvironmentProblem("falta / missing --from FILE")
    answers = _dataset_answers(catalogue.parties[party_id], source, entry_id, title, ask)
    try:
        result = scaffold_dataset(root, party_id, source, answers, sheet=sheet, force=force)
    except WouldOverwrite as exc:
        raise EnvironmentProblem(
            f"ya existe / already exists: {exc} (use --force para reemplazar / to overwrite)"
        ) from None
    except (UnreadableTable, OutsideRepository) as exc:
        raise EnvironmentProblem(f"{source.name}: {exc}") from None
    click.echo(dataset_report(result, answers.id))


def _dataset_answers(party: Any, source: Path, entry_id: str | None, title: str | None, ask: bool) -> DatasetAnswers:
    liaison = party.get("liaison") if isinstance(party.get("liaison"), dict) else {}
    answers = DatasetAnswers(
        id=entry_id or suggested_id(source),
        title=title or "",
        contact_name=str(liaison.get("name") or ""),
        contact_email=str(liaison.get("email") or ""),
    )
    if ask:
        v = vocabularies()
        answers.id = click.prompt("Identificador / id", default=answers.id, value_proc=_slug)
        answers.title = click.prompt("Título / title", default=title or suggested_title(source))
        answers.description = _ask("Descripción / description")
        answers.keywords = _split(_ask("Palabras clave, separadas por comas / keywords, comma-separated"))
        answers.theme = _ask_terms("Temas / themes", "themes", multiple=True)
        answers.frequency = _ask_terms("Frecuencia / frequency", "frequencies")
        answers.contact_name = _ask("Contacto: área / contact: office", answers.contact_name)
        answers.contact_email = _ask("Contacto: correo / contact: e-mail", answers.contact_email)
        answers.license = click.prompt(
            "Licencia / license", default=answers.license, type=click.Choice(v.keys("licenses"))
        )
    if not SLUG.match(answers.id):
        raise EnvironmentProblem(f"identificador no válido / invalid id: {answers.id} (minúsculas, números y guiones)")
    return answers


def _ask(label: str, default: str = "") -> str:
    return click.prompt(
        f"{label} [vacío: completar después / empty: later]" if not default else label,
        default=default,
        show_default=bool(default),
    ).strip()


def _split(text: str) -> list[str]:
    return list(dict.fromkeys(p.strip() for p in text.split(",") if p.strip()))


def _ask_terms(label: str, vocabulary: str, multiple: bool = False) -> Any:
    keys = vocabularies().keys(vocabulary)

    def check(text: str) -> Any:
        chosen = _split(text) if multiple else [text.strip()] if text.strip() else []
        unknown = [c for c in chosen if c not in keys]
        if unknown:
            raise click.BadParameter(f"{', '.join(unknown)}: use / use one of {', '.join(keys)}")
        return chosen if multiple else (chosen[0] if chosen else "")

    return click.prompt(f"{label} ({', '.join(keys)})", default="", show_default=False, value_proc=check)


def _slug(text: str) -> str:
    if not SLUG.match(text.strip()):
        raise click.BadParameter("minúsculas sin acentos, números y guiones / lowercase letters, digits, hyphens")
    return text.strip()


def dataset_report(result: DatasetScaffold, dataset_id: str) -> str:
    table = result.table
    source = "XLSX" if table.encoding == "xlsx" else f"{table.encoding}, «{_show(table.delimiter)}»"
    types: dict[str, int] = {}
    for spec in result.fields:
        types[spec["type"]] = types.get(spec["type"], 0) + 1
    lines = [
        f"Creado / created: {result.data} ({len(table.rows)} filas / rows, {len(table.header)} columnas / columns)",
        f"Creado / created: {result.descriptor}",
        f"Origen / source: {source} → UTF-8, «,»",
        *(f"Cambio / change: {es} / {en}" for es, en in table.notes),
        "Esquema / schema: "
        + ", ".join(f"{n} {t}" for t, n in sorted(types.items()))
        + f"; llave primaria / primary key: {', '.join(result.primary_key) or '—'}",
        *personal_data_lines(result.hits),
    ]
    if result.to_complete:
        lines.append(f"Por completar / to complete: {', '.join(result.to_complete)}")
    folder = result.descriptor.rsplit("/", 1)[0]
    lines.append(
        f"Siguiente paso / next step: edite / edit {result.descriptor}; luego / then: catalogo validate {folder}"
    )
    return "\n".join(lines)


def personal_data_lines(hits: list[Hit]) -> list[str]:
    if not hits:
        return ["Datos personales / personal data: no se encontraron / none found"]
    lines = [
        f"¡Atención! Datos personales / personal data: {len(hits)} hallazgos / findings "
        "(no publique hasta quitarlos o declarar su fundamento legal / do not publish until removed "
        "or their legal basis is declared):"
    ]
    lines += [
        f"  - {hit.kind}: columna / column «{hit.column}», {hit.count} celdas / cells, "
        f"primera en la línea / first at line {hit.line}"
        for hit in hits
    ]
    return lines


def _show(delimiter: str) -> str:
    return {"\t": "tab", "": "—"}.get(delimiter, delimiter)


def _entry_command(
    kind: str, answers: dict[str, Any], entry_id: str | None, name_key: str, yes: bool, force: bool
) -> None:
    root = _repo(click.get_current_context())
    open_catalogue(root)  # refuses a folder that is not a catalogue
    ask = _asking(yes)
    if ask:
        for entry in KINDS[kind]:
            if entry.key not in answers:
                answers[entry.key] = _prompt_entry(entry)
    entry_id = entry_id or slugify(str(answers.get(name_key) or ""))
    if ask:
        entry_id = click.prompt("Identificador / id", default=entry_id or None, value_proc=_slug)
    if not entry_id or not SLUG.match(entry_id):
        raise EnvironmentProblem(
            f"identificador no válido o ausente / invalid or missing id: {entry_id or '(use --id)'}"
        )
    try:
        draft = scaffold_entry(root, kind, entry_id, answers, force=force)
    except WouldOverwrite:
        raise EnvironmentProblem(f"ya existe / already exists: {entry_path(kind, entry_id)} (use --force)") from None
    except OutsideRepository as exc:
        raise EnvironmentProblem(f"fuera del repositorio / outside the repository: {exc}") from None
    click.echo(f"Creado / created: {entry_path(kind, entry_id)}")
    if draft.to_complete:
        click.echo(f"Por completar / to complete: {', '.join(draft.to_complete)}")
    click.echo(f"Siguiente paso / next step: catalogo validate {entry_path(kind, entry_id)}")


def _prompt_entry(entry: Entry) -> Any:
    if entry.vocabulary:
        return _ask_terms(f"{entry.es} / {entry.en}", entry.vocabulary, entry.multiple)
    text = _ask(f"{entry.es} / {entry.en}", date.today().isoformat() if entry.key == "date" else "")
    return _split(text) if entry.multiple else text


def _given(**values: Any) -> dict[str, Any]:
    return {k.replace("__", "/"): v for k, v in values.items() if v not in (None, "", ())}


def PLANNING_SOURCE(command: Any) -> Any:  # noqa: N802 - a decorator, named like the options
    """--party, --from and --sheet of `new inventory` and `new plan`."""
    command = click.option(
        "--sheet", help="Hoja del libro XLSX (por omisión la primera) / XLSX sheet (default: the first)."
    )(command)
    command = click.option(
        "--from",
        "source",
        type=click.Path(exists=True, dir_okay=False, path_type=Path),
        help="Hoja de cálculo con las columnas de la plantilla (CSV o XLSX) / spreadsheet in the template's columns.",
    )(command)
    return click.option("--party", "party_id", required=True, metavar="PARTY", help="Sujeto obligado (id) / party id.")(
        command
    )


TEMPLATE = click.option(
    "--template",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Escribir la plantilla (.csv o .xlsx) en este archivo / write the template (.csv or .xlsx) to this file.",
)


@new.command("inventory")
@PLANNING_SOURCE
@TEMPLATE
@FORCE
def new_inventory(party_id: str, source: Path | None, sheet: str | None, template: Path | None, force: bool) -> None:
    """Inventario de datos del sujeto obligado desde una hoja de cálculo (la plantilla tiene los
    encabezados en español); volver a importarla actualiza el inventario y conserva los
    identificadores.

    A party's data inventory from a spreadsheet (the template has Spanish headers); importing it
    again updates the inventory in place and keeps the ids.
    """
    _planning_command("inventory", party_id, source, sheet, template, force)


@new.command("plan")
@PLANNING_SOURCE
@click.option("--start", metavar="AAAA-MM-DD", help="Inicio del periodo del plan / the plan period's start.")
@click.option("--end", metavar="AAAA-MM-DD", help="Fin del periodo del plan / the plan period's end.")
@TEMPLATE
@FORCE
def new_plan(
    party_id: str,
    source: Path | None,
    sheet: str | None,
    start: str | None,
    end: str | None,
    template: Path | None,
    force: bool,
) -> None:
    """Plan de apertura del sujeto obligado desde una hoja de cálculo: un compromiso (activo del
    inventario y fecha) por renglón; volver a importarla actualiza el plan.

    A party's opening plan from a spreadsheet: one commitment (inventory item and due date) per
    row; importing it again updates the plan in place.
    """
    _planning_command("plan", party_id, source, sheet, template, force, start or "", end or "")


def _planning_command(
    kind: str,
    party_id: str,
    source: Path | None,
    sheet: str | None,
    template: Path | None,
    force: bool,
    start: str = "",
    end: str = "",
) -> None:
    from ..scaffold import planning

    if template is not None:
        if template.exists() and not force:
            raise EnvironmentProblem(f"ya existe / already exists: {template} (use --force)")
        if template.suffix.lower() == ".xlsx":
            planning.template_xlsx(kind, template)
        else:
            template.write_text(planning.template_csv(kind), encoding="utf-8")
        click.echo(f"Plantilla / template: {template}")
        return
    root = _repo(click.get_current_context())
    catalogue = open_catalogue(root)
    if party_id not in catalogue.parties:
        raise EnvironmentProblem(f"no existe el sujeto obligado / unknown party: {party_id}")
    if source is None:
        raise EnvironmentProblem("indique --from HOJA o --template ARCHIVO / give --from SHEET or --template FILE")
    try:
        table = read_table(source, sheet)
    except UnreadableTable as exc:
        raise EnvironmentProblem(f"{source.name}: {exc}") from None
    try:
        update = planning.update_planning(root, kind, party_id, table, start, end)
    except planning.MissingPeriod:
        raise EnvironmentProblem("indique el periodo del plan con --start y --end / give the plan's period") from None
    except planning.PlanningError as exc:
        raise EnvironmentProblem(str(exc)) from None
    result = update.imported
    if result.problems:
        for line, text in result.problems:
            click.echo(f"{source.name}:{line}: {text}", err=True)
        raise click.exceptions.Exit(1)
    write_atomic(root, update.path, update.text().encode("utf-8"), force=True)  # an update: git keeps the old one
    click.echo(
        f"{'Actualizado / updated' if update.existed else 'Creado / created'}: {update.path} ({result.added} nuevos / new, {result.updated} actualizados / updated)"
    )
    click.echo(f"Siguiente paso / next step: catalogo validate parties/{party_id}")


@new.command("party")
@ID
@click.option("--name", help="Nombre oficial completo / full official name.")
@click.option("--level", type=click.Choice(vocabularies().keys("levels")), help="Orden de gobierno / level.")
@click.option("--power", type=click.Choice(vocabularies().keys("powers")), help="Poder / power.")
@click.option("--state", metavar="CLAVE", help="Clave INEGI de la entidad (dos dígitos) / state code.")
@click.option(
    "--municipality",
    metavar="CLAVE",
    help="Clave INEGI del municipio (cinco dígitos) / municipality code.",
)
@click.option(
    "--maintainer",
    "maintainers",
    multiple=True,
    metavar="USUARIO",
    help="Usuario de GitHub que mantendrá los datos (repetible) / maintainer's GitHub user (repeatable).",
)
@YES
@FORCE
def new_party(
    entry_id: str | None,
    name: str | None,
    level: str | None,
    power: str | None,
    state: str | None,
    municipality: str | None,
    maintainers: tuple[str, ...],
    yes: bool,
    force: bool,
) -> None:
    """Crea parties/<id>/party.yaml. / Create parties/<id>/party.yaml."""
    answers = _given(
        name=name,
        level=level,
        power=power,
        state=state,
        municipality=municipality,
        maintainers=[m.strip().removeprefix("@") for m in maintainers],
    )
    _entry_command("party", answers, entry_id, "name", yes, force)


@new.command("story")
@ID
@click.option("--title", help="Título / title.")
@click.option(
    "--dataset",
    "datasets",
    multiple=True,
    metavar="SUJETO/CONJUNTO",
    help="Conjunto usado (repetible) / dataset used (repeatable).",
)
@YES
@FORCE
def new_story(entry_id: str | None, title: str | None, datasets: tuple[str, ...], yes: bool, force: bool) -> None:
    """Crea best-practices/stories/<id>.yaml. / Create a success story."""
    answers = _given(title=title, datasets=list(datasets), date=date.today().isoformat())
    _entry_command("story", answers, entry_id, "title", yes, force)


@new.command("tool")
@ID
@click.option("--name", help="Nombre / name.")
@click.option("--url", help="Dirección https:// / https:// address.")
@YES
@FORCE
def new_tool(entry_id: str | None, name: str | None, url: str | None, yes: bool, force: bool) -> None:
    """Crea best-practices/tools/<id>.yaml. / Create a tool of the marketplace."""
    _entry_command("tool", _given(name=name, url=url), entry_id, "name", yes, force)
