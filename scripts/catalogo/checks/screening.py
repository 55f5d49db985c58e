"""Personal-data screening of every local file that is not a declared CSV/TSV (those go through the
data check): spreadsheets (XLSX), JSON and any other text are turned into rows and screened like
CSV columns, whatever format the descriptor declares. A file that cannot be read as rows (PDF,
images, archives) is reported, so nothing is published unscreened without anyone noticing."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..model import Dataset, Resource
from ..paths import resolve_resource
from ..problems import Problem, localized, problem
from . import personal

TABULAR = {"csv", "tsv"}  # screened by the data check
MAX_SCREENED_BYTES = 50 * 1024 * 1024


def screened_resources(root: Path, dataset: Dataset) -> list[tuple[Resource, Path]]:
    found = []
    for resource in dataset.resources:
        if resource.format not in TABULAR and not resource.is_url and resource.path:
            target = resolve_resource(root, dataset.folder, resource.path)
            if target.file is not None and target.file.is_file():
                found.append((resource, target.file))
    return found


def screen_file(root: Path, resource: Resource, file: Path) -> list[Problem]:
    rel = file.relative_to(root).as_posix()
    if file.stat().st_size > MAX_SCREENED_BYTES:
        return [problem("file-too-large", rel, size=file.stat().st_size, limit=MAX_SCREENED_BYTES)]
    exempt = {f["name"] for f in resource.schema.get("fields", []) if isinstance(f, dict) and f.get("legal_basis")
              and isinstance(f.get("name"), str)} if isinstance(resource.schema.get("fields"), list) else set()
    kind = _kind(resource, file)
    if kind is None:
        return [problem("unscreened-file", rel, format=resource.format or file.suffix.lstrip(".") or "?")]
    try:
        tables = list({"xlsx": _xlsx_tables, "json": _json_tables, "text": _text_tables}[kind](file))
    except Exception as exc:  # hostile files: any failure to read is a problem, not a crash
        return [problem("data-unreadable", rel, detail=localized(f"no se pudo leer: {type(exc).__name__}", f"could not be read: {type(exc).__name__}"))]
    problems = []
    for sheet, header, rows in tables:
        for hit in personal.screen_rows(header, rows, exempt):
            column = header.index(hit.column) + 1 if hit.column in header else None
            if sheet is None:  # JSON: records, not lines; the pointer names the first one
                problems.append(problem(f"{hit.kind}-in-data", rel, None, None, f"/{hit.line - 1}",
                                        column=hit.column, count=hit.count))
            else:
                problems.append(problem(f"{hit.kind}-in-data", rel, hit.line, column, f"/{sheet}" if sheet else None,
                                        column=hit.column, count=hit.count))
    return problems


def _kind(resource: Resource, file: Path) -> str | None:
    """How to read a file's cells, from its content first: declared formats can be wrong."""
    with open(file, "rb") as handle:
        head = handle.read(65536)
    if head.startswith(b"PK\x03\x04"):
        return "xlsx" if resource.format == "xlsx" or b"xl/" in head else None
    if b"\x00" in head:
        return None
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start < len(head) - 4:  # not just a character cut at the end of the sample
            return None
    return "json" if head.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] in (b"{", b"[") else "text"


def _text_tables(file: Path) -> Iterator[tuple[str | None, list[str], list[tuple[int, list[str]]]]]:
    text = file.read_text(encoding="utf-8-sig", errors="replace")
    try:
        delimiter = csv.Sniffer().sniff(text[:65536], delimiters=",;\t|").delimiter
    except csv.Error:
        delimiter = ","
    csv.field_size_limit(1024 * 1024)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header = next(reader, [])
    yield "", header, [(reader.line_num, row) for row in reader]


def _xlsx_tables(file: Path) -> Iterator[tuple[str, list[str], list[tuple[int, list[str]]]]]:
    from openpyxl import load_workbook

    workbook = load_workbook(file, read_only=True, data_only=True)
    try:
        for sheet in workbook.worksheets:
            rows = sheet.iter_rows(values_only=True)
            header = [_text(c) for c in next(rows, ())]
            body = [(i + 2, [_text(c) for c in row]) for i, row in enumerate(rows)]
            yield sheet.title, header, body
    finally:
        workbook.close()


def _json_tables(file: Path) -> Iterator[tuple[str | None, list[str], list[tuple[int, list[str]]]]]:
    data = json.loads(file.read_text(encoding="utf-8-sig"))
    records = _records(data)
    header = sorted({key for record in records for key in record})
    yield None, header, [(i + 1, [_text(record.get(key)) for key in header]) for i, record in enumerate(records)]


def _records(data: Any) -> list[dict[str, Any]]:
    """A list of objects, a GeoJSON FeatureCollection's properties, or the first list of objects
    found under a top-level key (e.g. {"data": [...]}); anything else has no rows."""
    if isinstance(data, dict) and isinstance(data.get("features"), list):
        return [f.get("properties") or {} for f in data["features"] if isinstance(f, dict)]
    if isinstance(data, dict):
        for value in data.values():
            if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
                return value
        return [data]
    if isinstance(data, list):
        return [v for v in data if isinstance(v, dict)]
    return []


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    return str(value)
