"""Scaffolds (`catalogo form`): An issue form turned into the catalogue's files: its checked values, its
one file fetched (or read from a local folder), then the same scaffolds as `catalogo new dataset`,
`new inventory` and `new plan`. Nothing is written unless every step succeeded."""

from __future__ import annotations

import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import unquote, urlsplit

from ..core import net
from ..core.config import read_config
from ..core.files import WouldOverwrite, inside, write_atomic
from ..core.model import Catalogue
from ..core.problems import Problem, localized, problem
from ..load import load_catalogue
from .dataset import DatasetAnswers, prepare_dataset, suggested_id
from .issueform import PUBLIC_HTTPS, FormRequest, Sources, form_of, issue_event, read_form
from .planning import MissingPeriod, PlanningError, update_planning
from .refresh import WhichResource, refresh_dataset
from .tables import EXCEL_SUFFIXES, TEXT_SUFFIXES, UnreadableTable, read_table

CONTENT_TYPES = {
    "text/csv": ".csv",
    "application/csv": ".csv",
    "text/tab-separated-values": ".tsv",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": ".xlsx",
}
NEW_DATASET_FIELDS = {"title": "titulo", "description": "descripcion", "keywords": "palabras-clave"}
NEW_DATASET_FIELDS |= {"theme": "temas", "frequency": "frecuencia"}
MAX_SHEET_PROBLEMS = 50
REFUSALS = {  # the HTTP client's stable reasons, for officials
    "address-not-public": ("el servidor no tiene una dirección pública", "the server has no public address"),
    "dns-error": ("el servidor no existe", "the server does not exist"),
    "timeout": ("el servidor tardó demasiado", "the server took too long"),
    "connection-error": ("no se pudo conectar", "could not connect"),
    "too-many-redirects": ("demasiadas redirecciones", "too many redirects"),
    "redirect-loop": ("redirecciones en círculo", "redirect loop"),
    "scheme-not-allowed": (
        "redirige a una dirección que no es http(s)",
        "it redirects to an address that is not http(s)",
    ),
    "credentials-in-url": ("la dirección lleva usuario o contraseña", "the address carries a user or password"),
}
_DISPOSITION = re.compile(r"filename\*?=(?:UTF-8'')?\"?([^\";]+)", re.I)


@dataclass
class FormResult:
    """What a form became: the problems found (in the form, its file or its sheet), the files
    written (repository paths) and notes on what was done, as (Spanish, English) pairs."""

    number: int
    kind: str = ""
    request: FormRequest | None = None
    problems: list[Problem] = field(default_factory=list)
    written: list[str] = field(default_factory=list)
    notes: list[tuple[str, str]] = field(default_factory=list)
    subject: str = ""  # what the change is about, from checked values only (for the pull request's title)

    @property
    def source_field(self) -> str | None:
        return self.request.url_field if self.request is not None else None

    @property
    def blocked(self) -> bool:
        return any(p.severity == "error" for p in self.problems)

    def report(self, code: str, field_id: str | None, **args: Any) -> None:
        if field_id is not None and self.request is not None:
            args.setdefault("field", self.request.form.label_of(field_id))
        self.problems.append(problem(code, f"#{self.number}", None, None, field_id, **args))


def run_form(root: Path, payload: Any, sources: Sources = PUBLIC_HTTPS, files: Path | None = None) -> FormResult:
    """Read the `issues` event `payload`, fetch its file and write what it asks for into the
    catalogue at `root`. `files`: a folder to take the file from (by its name) instead of the network."""
    event = issue_event(payload)
    catalogue = load_catalogue(root)
    form = form_of(event)
    request, problems = read_form(event, catalogue, read_config(root).reviewers, sources)
    result = FormResult(event.number, form.kind if form else "", request, problems)
    if request is None:
        return result
    with tempfile.TemporaryDirectory(prefix="catalogo-formulario-") as folder:
        source = obtain(request.url, Path(folder), sources, files, result)
        writes = _prepare(root, catalogue, request, source, result) if source is not None else []
    if result.blocked:
        return result
    for rel, data in writes:
        target = inside(root, rel)
        if not target.is_file() or target.read_bytes() != data:
            write_atomic(root, rel, data, force=True)  # an update: git keeps the previous version
            result.written.append(rel)
    if not result.written:
        result.notes.append(
            ("Sin cambios: el archivo es igual al publicado.", "No changes: the file equals the published one.")
        )
    return result


def obtain(url: str, folder: Path, sources: Sources, files: Path | None, result: FormResult) -> Path | None:
    """The form's file saved in `folder` under a safe name with its type's suffix, or None (reported)."""
    name = unquote(urlsplit(url).path.rsplit("/", 1)[-1])
    if files is not None:
        raw = _local(files, name, url, sources, result)
        headers: dict[str, str] = {}
    else:
        raw, headers = _download(url, sources, result)
    if raw is None:
        return None
    suffix = PurePosixPath(name).suffix.lower()
    if suffix not in TEXT_SUFFIXES | EXCEL_SUFFIXES:
        disposition = _DISPOSITION.search(headers.get("content-disposition", ""))
        if disposition:
            name = unquote(disposition[1]).rsplit("/", 1)[-1]
            suffix = PurePosixPath(name).suffix.lower()
    if suffix not in TEXT_SUFFIXES | EXCEL_SUFFIXES:
        suffix = CONTENT_TYPES.get(headers.get("content-type", "").split(";")[0].strip().lower(), "")
    if not suffix:
        result.report("form-file-type", result.source_field, name=name or url)
        return None
    target = folder / f"{suggested_id(Path(PurePosixPath(name).stem or 'datos'))}{suffix}"
    target.write_bytes(raw)
    return target


def _local(files: Path, name: str, url: str, sources: Sources, result: FormResult) -> bytes | None:
    candidate = files / name
    if not name or "/" in name or name.startswith(".") or not candidate.is_file():
        result.report(
            "form-download-failed",
            result.source_field,
            url=url,
            reason=localized("no está en la carpeta local", "not in the local folder"),
        )
        return None
    if candidate.stat().st_size > sources.max_bytes:
        result.report("form-file-too-large", result.source_field, limit=sources.max_bytes)
        return None
    return candidate.read_bytes()


def _download(url: str, sources: Sources, result: FormResult) -> tuple[bytes | None, dict[str, str]]:
    try:
        response = net.fetch(
            url, timeout=sources.timeout, max_bytes=sources.max_bytes, resolver=sources.resolver, allow=sources.allow
        )
    except net.Refused as exc:
        result.report(
            "form-download-failed",
            result.source_field,
            url=url,
            reason=localized(*REFUSALS.get(exc.reason, (exc.reason, exc.reason))),
        )
        return None, {}
    if urlsplit(response.url).scheme.lower() not in sources.schemes:
        reason = localized(
            "redirige a una dirección que no es https://", "it redirects to an address that is not https://"
        )
        result.report("form-url-not-allowed", result.source_field, url=url, reason=reason)
        return None, {}
    if response.status != 200:
        result.report("form-download-failed", result.source_field, url=url, reason=f"HTTP {response.status}")
        return None, {}
    if response.truncated:
        result.report("form-file-too-large", result.source_field, limit=sources.max_bytes)
        return None, {}
    return response.body, response.headers


def _prepare(
    root: Path, catalogue: Catalogue, request: FormRequest, source: Path, result: FormResult
) -> list[tuple[str, bytes]]:
    """The files to write (path, bytes); problems go to `result`."""
    try:
        if request.form.kind == "dataset":
            return _dataset(root, catalogue, request, source, result)
        return _planning(root, request, source, result)
    except UnreadableTable as exc:
        result.report("form-unreadable-file", result.source_field, name=request.url.rsplit("/", 1)[-1], detail=str(exc))
        return []


def _dataset(
    root: Path, catalogue: Catalogue, request: FormRequest, source: Path, result: FormResult
) -> list[tuple[str, bytes]]:
    dataset_id = request.dataset_id or suggested_id(source)
    key = f"{request.party}/{dataset_id}"
    result.subject = key
    existing = catalogue.datasets.get(key)
    if existing is not None:
        try:
            refreshed = refresh_dataset(existing, source, request.metadata, request.sheet)
        except WhichResource as exc:
            result.report(
                "form-which-resource",
                result.source_field,
                names=", ".join(exc.names),
                name=request.url.rsplit("/", 1)[-1],
            )
            return []
        _personal(refreshed.hits, result)
        result.notes.append(
            _table_note(f"Se actualiza el conjunto «{key}»", f"Updating the dataset '{key}'", refreshed.table)
        )
        if refreshed.added or refreshed.removed:
            added, removed = ", ".join(refreshed.added) or "—", ", ".join(refreshed.removed) or "—"
            result.notes.append(
                (
                    f"Columnas nuevas: {added}; columnas que ya no vienen: {removed}.",
                    f"New columns: {added}; columns no longer there: {removed}.",
                )
            )
        return [(refreshed.data, refreshed.data_bytes), (refreshed.descriptor, refreshed.descriptor_bytes)]
    answers = _new_answers(catalogue, request, dataset_id, result)
    if result.blocked:
        return []
    try:
        prepared = prepare_dataset(root, request.party, source, answers, request.sheet)
    except WouldOverwrite as exc:
        result.report(
            "form-invalid-value",
            "conjunto",
            value=dataset_id,
            expected=localized(f"un identificador libre ({exc} ya existe)", f"a free id ({exc} exists)"),
        )
        return []
    _personal(prepared.scaffold.hits, result)
    result.notes.append(_table_note(f"Conjunto nuevo «{key}»", f"New dataset '{key}'", prepared.scaffold.table))
    return [(prepared.scaffold.data, prepared.data), (prepared.scaffold.descriptor, prepared.descriptor)]


def _new_answers(catalogue: Catalogue, request: FormRequest, dataset_id: str, result: FormResult) -> DatasetAnswers:
    """A new dataset needs what only a person can say; the contact defaults to the party's liaison."""
    party = catalogue.parties[request.party]
    liaison = party.get("liaison") if isinstance(party.get("liaison"), dict) else {}
    answers = DatasetAnswers(
        id=dataset_id, contact_name=str(liaison.get("name") or ""), contact_email=str(liaison.get("email") or "")
    )
    for attribute, value in request.metadata.items():
        setattr(answers, attribute, value)
    missing = dict(NEW_DATASET_FIELDS)
    if not answers.contact_name:
        missing["contact_name"] = "contacto"
    if not answers.contact_email:
        missing["contact_email"] = "correo"
    for attribute, field_id in missing.items():
        if not getattr(answers, attribute):
            result.report(
                "form-missing-field",
                field_id,
                why=localized("es obligatorio para un conjunto nuevo", "required for a new dataset"),
            )
    return answers


def _planning(root: Path, request: FormRequest, source: Path, result: FormResult) -> list[tuple[str, bytes]]:
    table = read_table(source, request.sheet)
    result.subject = request.party
    try:
        update = update_planning(root, request.form.kind, request.party, table, request.start, request.end)
    except MissingPeriod:
        for field_id in ("inicio", "fin"):
            result.report(
                "form-missing-field",
                field_id,
                why=localized("es obligatorio para un plan nuevo", "required for a new plan"),
            )
        return []
    except PlanningError as exc:
        result.report("form-unreadable-file", None, name=request.form.kind, detail=str(exc))
        return []
    for line, detail in update.imported.problems[:MAX_SHEET_PROBLEMS]:
        result.report("form-sheet-row", None, line=line, detail=detail)
    what = (
        ("el inventario", "the inventory")
        if request.form.kind == "inventory"
        else ("el plan de apertura", "the opening plan")
    )
    imported = update.imported
    result.notes.append(
        (
            f"Se {'actualiza' if update.existed else 'crea'} {what[0]}: {imported.added} activos nuevos, {imported.updated} actualizados.",
            f"{'Updating' if update.existed else 'Creating'} {what[1]}: {imported.added} new entries, {imported.updated} updated.",
        )
    )
    return [(update.path, update.text().encode("utf-8"))]


def _personal(hits: list[Any], result: FormResult) -> None:
    for hit in hits:
        result.report("form-personal-data", None, column=hit.column, kind=hit.kind, count=hit.count, line=hit.line)


def _table_note(es: str, en: str, table: Any) -> tuple[str, str]:
    rows, columns = len(table.rows), len(table.header)
    return f"{es}: {rows} filas, {columns} columnas.", f"{en}: {rows} rows, {columns} columns."
