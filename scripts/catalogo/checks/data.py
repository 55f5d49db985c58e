"""Stage 2, check: Data: every local tabular resource against its Table Schema (frictionless), screened
for personal data. Each problem points at the data file, its line (the header is line 1) and column."""

from __future__ import annotations

import csv
import importlib.metadata
import itertools
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..core import cache, values
from ..core.model import Dataset, Resource
from ..core.paths import resolve_resource
from ..core.problems import Problem, localized, problem
from ..core.resources import declared_format, is_delimited, is_local
from ..core.yamlio import guess_encoding
from . import columns, dialects, keys
from .screening import (
    exempt_fields,
    exempt_positions,
    field_names,
    screen_file,
    screen_lines,
    screen_table,
    screened_resources,
)

MAX_DATA_BYTES = 100 * 1024 * 1024
MAX_COLUMNS = 2_000
MAX_HEADER_BYTES = 256 * 1024
MAX_LINE_BYTES = 1024 * 1024  # no cell of an open-data table needs more; larger ones are refused
_LONG_LINE = re.compile(rb"[^\n]{%d}" % (MAX_LINE_BYTES + 1))
ERROR_LIMIT = 100
_FRICTIONLESS_VERSION = importlib.metadata.version("frictionless")  # without importing it: most checks hit the cache
# Data results depend on the readers' versions and on this module and what it imports, not on the
# rest of the code: a change to the site or the exports does not make every table be read again.
_READER_VERSIONS = [_FRICTIONLESS_VERSION, *(importlib.metadata.version(p) for p in ("polars", "numpy"))]
KEY_ROWS = 300_000  # rows read for keys and views; a larger table's keys come from its first rows
KEY_CELLS = 3_000_000  # and fewer rows of a wide table
FAST_PATH_BYTES = 4 * 1024 * 1024  # larger tables take the vectorised path when their schema allows it

_CODES = {
    "type-error": "data-type-error",
    "constraint-error": "data-constraint-error",
    "unique-error": "data-constraint-error",
    "missing-cell": "data-missing-cell",
    "extra-cell": "data-extra-cell",
    "blank-row": "data-blank-row",
    "duplicate-row": "data-duplicate-row",
    "primary-key": "data-primary-key",
    "foreign-key": "data-foreign-key",
    "incorrect-label": "data-header-mismatch",
    "missing-label": "data-missing-column",
    "extra-label": "data-extra-column",
    "blank-label": "data-blank-header",
    "duplicate-label": "data-duplicate-header",
    "schema-error": "invalid-table-schema",
    "field-error": "invalid-table-schema",
    "encoding-error": "data-encoding",
    "source-error": "data-unreadable",
    "scheme-error": "data-unreadable",
    "format-error": "data-unreadable",
}


def tabular_resources(root: Path, dataset: Dataset) -> list[tuple[Resource, Path]]:
    """Local CSV/TSV resources whose file exists inside the dataset's folder."""
    found = []
    for resource in dataset.resources:
        if not is_delimited(resource) or not is_local(resource):
            continue
        target = resolve_resource(root, dataset.folder, resource.path)
        if target.file is not None and target.file.is_file():
            found.append((resource, target.file))
    return found


def check_data_cached(root: Path, dataset: Dataset, found: dict[str, list[Any]] | None = None) -> list[Problem]:
    """check_data, reusing the result when the descriptor's resources and every data file are
    unchanged. The tables' keys and views (checks/keys.py) are cached with it and added to `found`."""
    files = tabular_resources(root, dataset) + screened_resources(root, dataset)
    if not files:
        return []
    key = cache.key_of(
        "data",
        _READER_VERSIONS,
        dataset.folder,
        values.strings(dataset.spatial.get("states")),
        dataset.get("views"),
        dataset.get("gender_disaggregated"),
        [r.data for r, _ in files],
        [(f.relative_to(root).as_posix(), f.stat().st_size, cache.file_digest(f)) for _, f in files],
        code=cache.module_fingerprint("checks/data.py"),
    )
    cached = cache.read_result(root, "data", key)
    if cached is not None:
        problems, extra = cached
    else:
        extra = {"keys": [], "views": [], "columns": []}
        problems = check_data(root, dataset, extra)
        cache.write_problems(root, "data", key, problems, extra)
    if found is not None:
        for name in ("keys", "views", "columns"):
            found.setdefault(name, []).extend(extra.get(name, []))
    return problems


def check_data(root: Path, dataset: Dataset, found: dict[str, list[Any]] | None = None) -> list[Problem]:
    problems: list[Problem] = []
    readable: list[tuple[Resource, Path, str]] = []
    for resource, file in tabular_resources(root, dataset):
        rel = file.relative_to(root).as_posix()
        refused = _precheck(file, rel, resource)
        if refused:
            problems.extend(refused)
        else:
            readable.append((resource, file, rel))
            problems.extend(screen_personal_data(file, rel, resource))
            problems.extend(_keys(file, rel, resource, dataset, found))
    fast = [item for item in readable if _fast_path(item[0], item[1])]
    for resource, file, rel in fast:
        problems.extend(_fast(root, resource, file, rel, dataset))
    rest = [item for item in readable if item not in fast]
    if rest:
        problems.extend(_frictionless(root / dataset.folder, dataset, rest))
    for resource, file in screened_resources(root, dataset):
        problems.extend(screen_file(root, resource, file))
    return problems


def _fast_path(resource: Resource, file: Path) -> bool:
    if file.stat().st_size <= FAST_PATH_BYTES or resource.data.get("dialect"):
        return False
    from . import fasttable  # polars and numpy load only for a large table

    return fasttable.supported(resource.schema)


def _fast(root: Path, resource: Resource, file: Path, rel: str, dataset: Dataset) -> Iterator[Problem]:
    from frictionless import FrictionlessException

    from . import fasttable

    try:
        errors = fasttable.validate_table(file, resource.schema, dialects.delimiter(resource), ERROR_LIMIT)
    except FrictionlessException:  # a schema frictionless refuses: reported as frictionless' own path does
        yield from _frictionless(root / dataset.folder, dataset, [(resource, file, rel)])
        return
    except Exception as exc:  # same contract as frictionless: hostile input becomes a problem
        yield problem("data-unreadable", rel, None, None, None, detail=f"{type(exc).__name__}: {exc}"[:300])
        return
    for error in errors:
        yield _to_problem(error, resource, rel, dataset)
    if len(errors) >= ERROR_LIMIT:
        yield problem("data-too-many-errors", rel, shown=ERROR_LIMIT)


def _precheck(file: Path, rel: str, resource: Resource) -> list[Problem]:
    """Refuse what frictionless should not be asked to read: huge, binary or non-UTF-8 files."""
    size = file.stat().st_size
    if size > MAX_DATA_BYTES:
        return [problem("file-too-large", rel, size=size, limit=MAX_DATA_BYTES)]
    raw = file.read_bytes()
    if b"\x00" in raw:
        return [
            problem(
                "data-unreadable",
                rel,
                1,
                detail=localized(
                    "contiene bytes nulos: parece un archivo binario", "has NUL bytes: it looks like a binary file"
                ),
            )
        ]
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        return [problem("data-encoding", rel, line, encoding=guess_encoding(raw))]
    long_line = _LONG_LINE.search(raw)
    if long_line:
        line = raw.count(b"\n", 0, long_line.start()) + 1
        return [
            problem(
                "data-unreadable",
                rel,
                line,
                detail=localized(
                    f"una línea mide más de {MAX_LINE_BYTES} bytes", f"a line is longer than {MAX_LINE_BYTES} bytes"
                ),
            )
        ]
    header = raw[: MAX_HEADER_BYTES + 1].split(b"\n", 1)[0]
    if len(header) > MAX_HEADER_BYTES or header.count(dialects.delimiter(resource).encode()) >= MAX_COLUMNS:
        return [
            problem(
                "data-unreadable",
                rel,
                1,
                detail=localized(
                    f"el encabezado es demasiado largo (más de {MAX_COLUMNS} columnas o {MAX_HEADER_BYTES} bytes)",
                    f"the header is too long (more than {MAX_COLUMNS} columns or {MAX_HEADER_BYTES} bytes)",
                ),
            )
        ]
    return []


def screen_personal_data(file: Path, rel: str, resource: Resource) -> list[Problem]:
    """Every row, the header included, decoded and split as the preview shows them; then every
    line whole. With `header: false` the columns are named after the schema's fields."""
    text = dialects.decode(file.read_bytes(), resource)
    delimiter, exempt = dialects.delimiter(resource), exempt_fields(resource)
    reader = dialects.reader(text, delimiter)
    try:
        names: list[str]
        if dialects.has_header(resource):
            names = next(reader, [])
            found = screen_table(names, ((reader.line_num, row) for row in reader), exempt)
        else:
            names = field_names(resource)
            found = screen_table(None, _numbered(reader), exempt, names)
    except csv.Error as exc:
        return [problem("data-unreadable", rel, reader.line_num or None, detail=str(exc))]
    found += screen_lines(text, {f.kind for f in found}, delimiter, exempt_positions(names, exempt))
    pointer = f"{resource.pointer}/schema/fields"
    return [problem(f"{f.kind}-in-data", rel, f.line, f.column, pointer, column=f.label, count=f.count) for f in found]


def _keys(
    file: Path, rel: str, resource: Resource, dataset: Dataset, found: dict[str, list[Any]] | None
) -> list[Problem]:
    """The table's keys and views (checks/keys.py) and its column summary (checks/columns.py),
    read from its first rows (KEY_ROWS, KEY_CELLS)."""
    text = dialects.decode(file.read_bytes(), resource)
    reader = dialects.reader(text, dialects.delimiter(resource))
    try:
        header = next(reader, []) if dialects.has_header(resource) else field_names(resource)
        rows = list(itertools.islice(reader, min(KEY_ROWS, max(1_000, KEY_CELLS // max(1, len(header))))))
    except csv.Error:
        return []  # reported by the screen above
    try:
        more = next(reader, None) is not None
    except csv.Error:
        more = True
    if found is not None:
        found.setdefault("columns", []).append(columns.summarise(resource.data, header, rows, more))
    result, problems = keys.detect(
        resource.data, rel, header, rows, values.strings(dataset.spatial.get("states")), views_of(dataset, resource)
    )
    if result.get("sex") and dataset.gender_disaggregated is not True:
        column = header.index(result["sex"][0]) + 1
        problems.append(
            problem("sex-column-without-flag", rel, 1, column, "/gender_disaggregated", column=result["sex"][0])
        )
    if found is not None:
        for name, items in result.items():
            found.setdefault(name, []).extend(items)
    return problems


def views_of(dataset: Dataset, resource: Resource) -> list[Any]:
    """The package's Data Package views that name the resource."""
    views = dataset.get("views")
    return [
        v
        for v in (views if isinstance(views, list) else [])
        if isinstance(v, dict) and isinstance(v.get("resources"), list) and resource.name in v["resources"]
    ]


def _numbered(reader: Any) -> Iterator[tuple[int, list[str]]]:
    """A csv reader's rows with the line each starts on."""
    line = 1
    for row in reader:
        yield line, row
        line = reader.line_num + 1


def _frictionless(base: Path, dataset: Dataset, readable: list[tuple[Resource, Path, str]]) -> Iterator[Problem]:
    from frictionless import Checklist, FrictionlessException, Package, checks

    by_name = {resource.name: (resource, rel) for resource, _, rel in readable}
    descriptor = {"name": "validation", "resources": [_clean(resource) for resource, _, _ in readable]}
    try:
        package = Package(descriptor, basepath=str(base))
        report = package.validate(checklist=Checklist(checks=[checks.duplicate_row()]), limit_errors=ERROR_LIMIT)
    except FrictionlessException as exc:
        first = readable[0]
        yield problem(
            "invalid-table-schema", dataset.path, None, None, f"{first[0].pointer}/schema", detail=exc.error.message
        )
        return
    except Exception as exc:  # frictionless can fail in many ways on hostile input
        yield problem("data-unreadable", readable[0][2], detail=f"{type(exc).__name__}: {exc}"[:300])
        return
    for task in report.tasks:
        resource, rel = by_name.get(task.name, (readable[0][0], readable[0][2]))
        for error in task.errors:
            yield _to_problem(error, resource, rel, dataset)
        if len(task.errors) >= ERROR_LIMIT:
            yield problem("data-too-many-errors", rel, shown=ERROR_LIMIT)


def _clean(resource: Resource) -> dict[str, Any]:
    """The part of a resource frictionless needs; the catalogue's own properties stay out."""
    clean: dict[str, Any] = {
        "name": resource.name,
        "path": resource.path,
        "encoding": "utf-8",
        "format": declared_format(resource),
        "type": "table",
    }
    if resource.schema:
        clean["schema"] = {k: v for k, v in resource.schema.items() if k != "$schema"}
    dialect = resource.data.get("dialect")
    if isinstance(dialect, dict):
        clean["dialect"] = dialect
    elif declared_format(resource) == "tsv":
        clean["dialect"] = {"csv": {"delimiter": "\t"}}
    return clean


def _to_problem(error: Any, resource: Resource, rel: str, dataset: Dataset) -> Problem:
    code = _CODES.get(error.type, "data-error")
    row = getattr(error, "row_number", None)
    column = getattr(error, "field_number", None)
    field = getattr(error, "field_name", None) or ""
    pointer = f"{resource.pointer}/schema/fields/{column - 1}" if column else f"{resource.pointer}/schema"
    if code in ("invalid-table-schema",):
        return problem(code, dataset.path, None, None, pointer, detail=error.note or error.message)
    field_type = getattr(error, "field_type", "") or ""
    fmt: str | dict[str, str] = ""
    if code == "data-type-error":
        spec = _field_spec(resource, column)
        if spec.get("format") and spec.get("format") != "default":
            fmt = localized(f" con formato {spec['format']}", f" with format {spec['format']}")
        field_type = spec.get("type", field_type)
    if code in ("data-primary-key", "data-foreign-key"):
        keys = resource.schema.get("primaryKey") if code == "data-primary-key" else ""
        field = ", ".join(keys) if isinstance(keys, list) else str(keys or "")
    line = (
        1
        if getattr(error, "label", None) is not None
        or code
        in (
            "data-header-mismatch",
            "data-missing-column",
            "data-extra-column",
            "data-blank-header",
            "data-duplicate-header",
        )
        else row
    )
    return problem(
        code,
        rel,
        line,
        column,
        pointer,
        field=field,
        cell=getattr(error, "cell", "") or "",
        type=_TYPE_NAMES.get(field_type, {"es": field_type, "en": field_type}),
        format=fmt,
        detail=_detail(error.note or error.message),
        label=getattr(error, "label", "") or "",
        position=column or "",
    )


_TYPE_NAMES = {
    "integer": {"es": "número entero", "en": "whole number"},
    "number": {"es": "número", "en": "number"},
    "date": {"es": "fecha (AAAA-MM-DD)", "en": "date (YYYY-MM-DD)"},
    "datetime": {"es": "fecha y hora", "en": "date and time"},
    "time": {"es": "hora", "en": "time"},
    "year": {"es": "año de cuatro cifras", "en": "four-digit year"},
    "boolean": {"es": "verdadero/falso (true/false)", "en": "true/false"},
    "string": {"es": "texto", "en": "text"},
    "yearmonth": {"es": "año y mes (AAAA-MM)", "en": "year and month (YYYY-MM)"},
    "geopoint": {"es": "punto geográfico", "en": "geographic point"},
}
_SAME_ROW = re.compile(r'the same as (?:in )?(?:the )?row at position "?(\d+)"?')
_CONSTRAINT = re.compile(r'constraint "(\w+)" is "(.*)"', re.DOTALL)


def _detail(note: str) -> dict[str, str] | str:
    """frictionless' notes, said in the message's language."""
    if match := _SAME_ROW.search(note):
        return {"es": f"igual a la fila de la línea {match[1]}", "en": f"the same as the row on line {match[1]}"}
    if "cells composing the primary keys are all" in note:
        return {"es": "las celdas de la llave están vacías", "en": "the key's cells are empty"}
    if match := _CONSTRAINT.search(note):
        return {"es": f"la restricción «{match[1]}» es {match[2]}", "en": f"the constraint '{match[1]}' is {match[2]}"}
    return note


def _field_spec(resource: Resource, column: int | None) -> dict[str, Any]:
    fields = resource.schema.get("fields")
    if column and isinstance(fields, list) and 0 < column <= len(fields) and isinstance(fields[column - 1], dict):
        return fields[column - 1]
    return {}
