"""Scaffolds (`catalogo new`): the first version of a dataset's files, written for a person to
complete."""

# `scaffold_dataset` turns a spreadsheet into `datasets/<party>/<id>/data/<name>.csv` (UTF-8,
# comma-delimited) and `datapackage.yaml` with a Table Schema inferred by frictionless, checked
# against the whole file. Required fields that only a person can fill in (title, description,
# keywords, theme, frequency, contact) are written empty, under a `# COMPLETAR` comment, so that
# `catalogo validate` fails on each of them, at its line, until it is completed: a placeholder
# text such as "COMPLETAR: título" would pass the schema and could be published by mistake.

from __future__ import annotations

import json
import re
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..checks.personal import Hit, screen_rows
from ..core.files import WouldOverwrite, existing, write_atomic
from ..core.vocab import fold, slugify, vocabularies
from .tables import Table, csv_bytes, read_table

INFER_SAMPLE = 5_000
MAX_REPAIRS = 5
TODO = "COMPLETAR"
SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
_LEADING_ZERO = re.compile(r"^[+-]?0\d")
_WIDER = {"integer": "number"}  # a type some value breaks is widened, at last to string
_KEY_NAME = re.compile(r"(^|[^a-z])(id|clave|cve|folio|codigo|code|key|no|num|numero|n[oº°])([^a-z]|$)")


class Draft:
    """A YAML file written line by line, so that it can carry comments for the person who
    completes it. Empty values are recorded as fields to complete."""

    def __init__(self, *comments: str) -> None:
        self.lines = [f"# {c}" if c else "#" for c in comments]
        self.to_complete: list[str] = []

    def comment(self, text: str, indent: int = 0) -> None:
        self.lines.append(f"{' ' * indent}# {text}")

    def value(self, key: str, value: Any, hint: str = "", indent: int = 0, path: str = "") -> None:
        """`key: value`; an empty value gets a `# COMPLETAR: hint` line above it."""
        if value in (None, "", []):
            self.to_complete.append(path or key)
            self.comment(f"{TODO}: {hint}" if hint else TODO, indent)
            value = [] if isinstance(value, list) else ""
        self.lines.append(f"{' ' * indent}{key}: {yaml_flow(value)}")

    def block(self, key: str, data: Any) -> None:
        dumped = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, default_flow_style=None, width=100)
        self.lines.append(f"{key}:")
        self.lines.extend(f"  {line}" for line in dumped.splitlines())

    def text(self) -> str:
        return "\n".join(self.lines) + "\n"


def yaml_flow(value: Any) -> str:
    """A value on one line: plain when YAML reads it back unchanged, else JSON-quoted."""
    if isinstance(value, list):
        return "[" + ", ".join(yaml_flow(v) for v in value) + "]"
    if (
        isinstance(value, str)
        and value
        and value == value.strip()
        and "#" not in value
        and ": " not in value
        and not value.startswith(tuple("[]{}&*!|>'\"%@`,?-"))
    ):
        try:
            if yaml.safe_load(value) == value:
                return value
        except yaml.YAMLError:
            pass
    return json.dumps(value, ensure_ascii=False)


@dataclass
class DatasetAnswers:
    """What a person says about the dataset (empty values are left to complete)."""

    id: str = ""
    title: str = ""
    description: str = ""
    keywords: list[str] = field(default_factory=list)
    theme: list[str] = field(default_factory=list)
    frequency: str = ""
    contact_name: str = ""
    contact_email: str = ""
    license: str = "libre-uso-mx"


@dataclass
class DatasetScaffold:
    """What `scaffold_dataset` did, for the command to report."""

    descriptor: str
    data: str
    table: Table
    fields: list[dict[str, Any]]
    primary_key: list[str]
    hits: list[Hit]
    to_complete: list[str]


def suggested_id(source: Path) -> str:
    """The dataset id and file name a spreadsheet suggests ('Presupuesto … Federación_2016' ->
    'presupuesto-de-egresos-de-la-federacion-2016'); NFD names fold like NFC ones."""
    return slugify(source.stem, max_length=80) or "datos"


def suggested_title(source: Path) -> str:
    words = re.sub(r"[_\s]+", " ", source.stem).strip()
    return words[:1].upper() + words[1:]


def dataset_paths(party: str, dataset_id: str, source: Path) -> tuple[str, str]:
    folder = f"datasets/{party}/{dataset_id}"
    return f"{folder}/datapackage.yaml", f"{folder}/data/{suggested_id(source)}.csv"


@dataclass
class PreparedDataset:
    """A dataset's two files, made in memory and not yet written (`write_dataset` writes them)."""

    scaffold: DatasetScaffold
    data: bytes
    descriptor: bytes


def scaffold_dataset(
    root: Path,
    party: str,
    source: Path,
    answers: DatasetAnswers,
    sheet: str | None = None,
    force: bool = False,
) -> DatasetScaffold:
    """Read, convert, infer, screen, then write both files (nothing is written if any step fails)."""
    return write_dataset(root, prepare_dataset(root, party, source, answers, sheet, force), force)


def prepare_dataset(
    root: Path,
    party: str,
    source: Path,
    answers: DatasetAnswers,
    sheet: str | None = None,
    force: bool = False,
) -> PreparedDataset:
    """Read, convert, infer and screen, writing nothing: the caller may still refuse the result
    (the issue forms do when the screening finds personal data)."""
    dataset_id = answers.id or suggested_id(source)
    descriptor_rel, data_rel = dataset_paths(party, dataset_id, source)
    if not force and (taken := existing(root, [descriptor_rel, data_rel])):
        raise WouldOverwrite(", ".join(taken))
    table = read_table(source, sheet)
    data = csv_bytes(table)
    fields, primary_key = infer_schema(data, table)
    hits = screen_rows(table.header, numbered_rows(table.rows))
    resource = csv_resource(data_rel.rsplit("/", 1)[-1], fields, primary_key)
    draft = dataset_draft(dataset_id, answers, resource, source)
    result = DatasetScaffold(descriptor_rel, data_rel, table, fields, primary_key, hits, draft.to_complete)
    return PreparedDataset(result, data, draft.text().encode("utf-8"))


def write_dataset(root: Path, prepared: PreparedDataset, force: bool = False) -> DatasetScaffold:
    result = prepared.scaffold
    write_atomic(root, result.data, prepared.data, force=force)
    write_atomic(root, result.descriptor, prepared.descriptor, force=force)
    return result


def numbered_rows(rows: list[list[str]]) -> Iterable[tuple[int, list[str]]]:
    """Rows with their line in the written CSV (the header is line 1; quoted newlines count)."""
    line = 2
    for row in rows:
        yield line, row
        line += 1 + sum(cell.count("\n") for cell in row)


def infer_schema(data: bytes, table: Table) -> tuple[list[dict[str, Any]], list[str]]:
    """Field types from frictionless on a sample, then checked on every row: a field whose type
    any value breaks is widened (integer to number, anything else to string), so the schema
    always validates the file it came from.
    Codes written with leading zeros (INEGI keys such as 01, 007) stay strings."""
    from frictionless import Detector, Resource, Schema

    with tempfile.TemporaryDirectory(prefix="catalogo-") as folder:
        Path(folder, "datos.csv").write_bytes(data)
        sample = min(len(table.rows), INFER_SAMPLE) + 1  # frictionless counts the header in its sample
        inferred = Resource(
            path="datos.csv",
            basepath=folder,
            detector=Detector(sample_size=sample, field_confidence=1.0),
        )
        inferred.infer()
        fields = [_field(f.name, f.type, f.format) for f in inferred.schema.fields]
        _keep_leading_zeros(fields, table)
        for _ in range(MAX_REPAIRS):
            checked = Resource(path="datos.csv", basepath=folder, schema=Schema.from_descriptor({"fields": fields}))
            broken = {
                getattr(e, "field_name", None)
                for e in checked.validate(limit_errors=1000).tasks[0].errors
                if e.type in ("type-error", "constraint-error")
            } - {None}
            if not broken:
                break
            fields = [
                f if f["name"] not in broken else _field(f["name"], _WIDER.get(f["type"], "string"), "default")
                for f in fields
            ]
    return fields, primary_key(fields, table)


def _field(name: str, type_: str, fmt: str) -> dict[str, Any]:
    spec: dict[str, Any] = {"name": name, "type": type_ if type_ != "any" else "string"}
    if fmt and fmt != "default":
        spec["format"] = fmt
    return spec


def _keep_leading_zeros(fields: list[dict[str, Any]], table: Table) -> None:
    for index, spec in enumerate(fields):
        if spec["type"] in ("integer", "number", "year") and any(
            _LEADING_ZERO.match(row[index].strip()) for row in table.rows if index < len(row)
        ):
            fields[index] = _field(spec["name"], "string", "default")


def primary_key(fields: list[dict[str, Any]], table: Table) -> list[str]:
    """A column whose values are all present and all different: the first such integer or text
    column named like a key (id, clave, folio…), else the first column if it qualifies."""
    if not table.rows:
        return []
    candidates = [i for i, spec in enumerate(fields) if spec["type"] in ("integer", "string")]
    named = [i for i in candidates if _KEY_NAME.search(fold(fields[i]["name"]))]
    for index in [*named, *([0] if 0 in candidates else [])]:
        values = [row[index].strip() for row in table.rows]
        if all(values) and len(set(values)) == len(values):
            return [fields[index]["name"]]
    return []


def csv_resource(filename: str, fields: list[dict[str, Any]], key: list[str]) -> dict[str, Any]:
    schema: dict[str, Any] = {"fields": fields}
    if key:
        schema["primaryKey"] = key
    return {
        "name": filename.removesuffix(".csv"),
        "path": f"data/{filename}",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "schema": schema,
    }


def dataset_draft(dataset_id: str, answers: DatasetAnswers, resource: dict[str, Any], source: Path) -> Draft:
    v = vocabularies()
    draft = Draft(
        f"Creado con «catalogo new dataset» a partir de «{source.name}».",
        f"Complete cada campo marcado {TODO}; «catalogo validate» señala lo que falta, con su línea.",
        f"Created by 'catalogo new dataset'. Fill in every field marked {TODO} (to complete).",
    )
    draft.value("name", dataset_id)
    draft.value("title", answers.title, f"título claro y descriptivo. Sugerencia: {suggested_title(source)}")
    draft.value(
        "description",
        answers.description,
        "qué contiene, cómo se produjo y sus limitaciones (al menos 10 caracteres)",
    )
    draft.value("keywords", answers.keywords, "palabras clave, p. ej. [presupuesto, gasto público]")
    draft.value("theme", answers.theme, "de 1 a 5 temas: " + ", ".join(v.keys("themes")))
    draft.value("frequency", answers.frequency, "una de: " + ", ".join(v.keys("frequencies")))
    draft.lines.append("contact:")
    draft.value("name", answers.contact_name, "área responsable de los datos", 2, "contact/name")
    draft.value("email", answers.contact_email, "correo institucional del área", 2, "contact/email")
    _license(draft, answers.license)
    draft.comment("Opcional / optional:")
    draft.comment('temporal: {start: "2016-01", end: "2016-12"}')
    draft.comment("spatial: {scope: nacional}   # nacional, estatal, municipal o local")
    draft.comment("gender_disaggregated: false  # true si los datos están desagregados por sexo")
    draft.comment("series_type: institucional   # " + ", ".join(v.keys("series_types")))
    draft.block("resources", [resource])
    return draft


def _license(draft: Draft, key: str) -> None:
    entry = vocabularies().terms["licenses"].get(key)
    if not entry:
        draft.lines.append("licenses: []")
        draft.to_complete.append("licenses")
        return
    draft.block("licenses", [{"name": key, "path": entry["url"], "title": entry["es"]}])
