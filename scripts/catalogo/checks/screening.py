"""Stage 2, check: Personal-data screening of what the site publishes, as it publishes it."""

# Every row of a table is screened, the header included (whatever the dialect says about it), and
# CSV/TSV files also line by line as whole lines, so that no reader's way of splitting hides a key.
# Every local file that is not a declared CSV/TSV (those go through the data check) is read by its
# content: delimited text, every sheet of XLSX and ODS workbooks (hidden ones included), Parquet,
# JSON of any shape (every value and key), and the members of ZIP archives. A file that cannot be
# read as rows (PDF, images, unknown binary) is an error unless its resource declares the legal
# basis for publishing it (`legal_basis`).

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..core.model import Dataset, Resource
from ..core.paths import resolve_resource
from ..core.problems import Problem, localized, problem
from ..core.resources import declared_format, is_delimited, is_local
from . import dialects, personal, sheets

MAX_SCREENED_BYTES = 50 * 1024 * 1024
# A whole line can show an e-mail that no cell holds when a reader splits otherwise (delimiters or
# quotes inside the address): lines with an "@" (found by memchr: free when there is none) are read
# again without their delimiters and quotes. Keys cut across cells are matched across adjacent
# columns by the detectors; a general whole-line screen cost more than the cells' (see the report).
LINE_KINDS = ("email",)
_CUT = re.compile("[,;|\t\"']")
_NEWLINE = re.compile("\n")
LINES_PER_PASS = 100_000
_READERS = {"xlsx": sheets.xlsx_sheets, "ods": sheets.ods_sheets, "parquet": sheets.parquet_sheets}


@dataclass(frozen=True)
class Found:
    """A kind of personal data in one column of one table (or one place of a JSON document)."""

    kind: str
    line: int | None
    column: int | None  # 1-based, when known
    label: Any  # the column's name as the message shows it
    count: int
    pointer: str | None = None  # inside the file: a sheet, a ZIP member, a JSON pointer


def exempt_fields(resource: Resource) -> set[str]:
    """Names of the schema's fields that declare a legal basis: their columns are not screened."""
    fields = resource.schema.get("fields")
    if not isinstance(fields, list):
        return set()
    return {
        f["name"] for f in fields if isinstance(f, dict) and f.get("legal_basis") and isinstance(f.get("name"), str)
    }


def has_legal_basis(resource: Resource) -> bool:
    basis = resource.data.get("legal_basis")
    return isinstance(basis, str) and len(basis.strip()) >= 3


def field_names(resource: Resource) -> list[str]:
    fields = resource.schema.get("fields")
    if not isinstance(fields, list):
        return []
    return [str(f.get("name", "")) if isinstance(f, dict) else "" for f in fields]


def screen_table(
    first: list[Any] | None, body: Iterable[tuple[int, list[Any]]], exempt: set[str], names: list[str] | None = None
) -> list[Found]:
    """Screen a table. `first` is its first row (line 1): screened as cells, then used as the
    columns' names; with `names` (a table without a header row) `first` is None and every row is
    in `body`. A name that is itself personal data is shown by position, not repeated."""
    found: list[Found] = []
    if first is not None:
        cells = [sheets._text(c) for c in first]
        positional = [f"#{i + 1}" for i in range(len(cells))]
        for hit in personal.screen_rows(positional, [(1, cells)]):
            found.append(Found(hit.kind, 1, int(hit.column[1:]), hit.column, hit.count))
        flagged = {f.column for f in found}
        names = [f"#{i + 1}" if i + 1 in flagged else c for i, c in enumerate(cells)]
    labels = names or []
    for hit in personal.screen_rows(labels, body, exempt):
        found.append(Found(hit.kind, hit.line, _position(labels, hit.column), hit.column, hit.count))
    return found


def _position(labels: list[str], column: str) -> int | None:
    if column in labels:
        return labels.index(column) + 1
    return int(column[1:]) if column.startswith("#") and column[1:].isdigit() else None


def screen_lines(
    text: str, already: set[str], delimiter: str = ",", drop: AbstractSet[int] = frozenset()
) -> list[Found]:
    """Lines with an "@", without their delimiters and quotes (and without the cells of the
    columns at the `drop` positions: those with a legal basis), screened for the kinds of
    LINE_KINDS that no cell showed."""
    wanted = set(LINE_KINDS) - already
    at = text.find("@")
    if not wanted or at < 0:
        return []
    picked: dict[int, str] = {}
    found: dict[str, Found] = {}
    label = localized("línea completa", "whole line")
    line, start = text.count("\n", 0, at) + 1, text.rfind("\n", 0, at) + 1
    while at >= 0:
        end = text.find("\n", at)
        end = len(text) if end < 0 else end
        picked[line] = _joined(text[start:end], delimiter, drop)
        at = text.find("@", end)
        if at >= 0:
            line += text.count("\n", end, at)
            start = text.rfind("\n", 0, at) + 1
        if len(picked) >= LINES_PER_PASS or at < 0:  # bounded memory, every line screened
            for hit in personal.screen_rows(["#"], ((number, [cells]) for number, cells in picked.items())):
                if hit.kind in wanted:
                    first = found.get(hit.kind)
                    count = hit.count + (first.count if first else 0)
                    found[hit.kind] = Found(hit.kind, first.line if first else hit.line, None, label, count)
            picked = {}
    return list(found.values())


def _joined(line: str, delimiter: str, drop: AbstractSet[int]) -> str:
    if not drop:
        return _CUT.sub("", line)
    try:
        cells = next(csv.reader([line], delimiter=delimiter), [])
    except csv.Error:
        cells = line.split(delimiter)
    return _CUT.sub("", "".join(cell for i, cell in enumerate(cells) if i not in drop))


def exempt_positions(names: list[Any], exempt: AbstractSet[str]) -> set[int]:
    return {i for i, name in enumerate(names) if isinstance(name, str) and (name in exempt or name.strip() in exempt)}


def screened_resources(root: Path, dataset: Dataset) -> list[tuple[Resource, Path]]:
    found = []
    for resource in dataset.resources:
        if not is_delimited(resource) and is_local(resource):  # delimited text: the data check's
            target = resolve_resource(root, dataset.folder, resource.path)
            if target.file is not None and target.file.is_file():
                found.append((resource, target.file))
    return found


def screen_file(root: Path, resource: Resource, file: Path) -> list[Problem]:
    rel = file.relative_to(root).as_posix()
    size = file.stat().st_size
    if size > MAX_SCREENED_BYTES:
        return [problem("file-too-large", rel, size=size, limit=MAX_SCREENED_BYTES)]
    raw = file.read_bytes()
    fmt = declared_format(resource) or file.suffix.lstrip(".") or "?"
    try:
        found, unscreened = _screen_bytes(raw, resource, fmt, top=True)
    except Exception as exc:  # hostile files: any failure to read is a problem, not a crash
        return [
            problem(
                "data-unreadable",
                rel,
                detail=localized(f"no se pudo leer: {type(exc).__name__}", f"could not be read: {type(exc).__name__}"),
            )
        ]
    problems = [
        problem(f"{f.kind}-in-data", rel, f.line, f.column, f.pointer, column=f.label, count=f.count) for f in found
    ]
    if not has_legal_basis(resource):
        problems += [problem("unscreened-file", rel, None, None, pointer, format=kind) for pointer, kind in unscreened]
    return problems


def _screen_bytes(
    raw: bytes, resource: Resource, fmt: str, top: bool
) -> tuple[list[Found], list[tuple[str | None, str]]]:
    """What is found in a file's bytes, and (pointer, format) of what could not be screened."""
    declared = dialects.codec(resource) if top and resource.data.get("encoding") is not None else None
    kind = sheets.kind_of(raw, declared)
    if kind is None:
        return [], [(None, fmt)]
    if kind == "zip":
        return _screen_zip(raw, resource) if top else ([], [(None, "zip")])
    exempt = exempt_fields(resource)
    if kind == "json":
        document = sheets.load_json(dialects.decode_with(raw, declared or "utf-8"))
        if document is not None:
            return _screen_json(document, exempt), []
        kind = "text"
    found: list[Found] = []
    if kind == "text":
        text = dialects.decode_with(raw, declared or "utf-8")
        table = next(sheets.text_sheets(text))
        found += _screen_sheet(table, exempt)
        drop = exempt_positions(table.rows[0][1] if table.rows else [], exempt)
        return found + screen_lines(text, {f.kind for f in found}, table.delimiter, drop), []
    for table in _READERS[kind](raw):
        found += _screen_sheet(table, exempt)
    return found, []


def _screen_sheet(table: sheets.Sheet, exempt: set[str]) -> list[Found]:
    pointer = f"/{sheets._escape(table.name)}" if table.name else None
    found = []
    if table.name and (kinds := personal.find_kinds(table.name)):  # a sheet's name is shown too
        found += [Found(k, None, None, localized("nombre de la hoja", "sheet name"), 1, pointer) for k in sorted(kinds)]
    if table.loose:  # text of a workbook's part: every string, no header, no line
        for hit in personal.screen_rows(["#"], table.rows):
            found.append(Found(hit.kind, None, None, localized("texto del libro", "workbook text"), hit.count, pointer))
    elif table.rows:
        first_line, first = table.rows[0]
        for f in screen_table(first, table.rows[1:], exempt):
            line = first_line if f.line == 1 else f.line
            found.append(Found(f.kind, line, f.column, f.label, f.count, pointer))
    return found


def _screen_zip(raw: bytes, resource: Resource) -> tuple[list[Found], list[tuple[str | None, str]]]:
    """Every member that is itself a screenable file; the others are unscreened, like a PDF."""
    found: list[Found] = []
    unscreened: list[tuple[str | None, str]] = []
    for name, data in sheets.zip_members(raw, MAX_SCREENED_BYTES):
        pointer = f"/{sheets._escape(name)}"
        ext = name.rsplit(".", 1)[-1].lower() if "." in name.rsplit("/", 1)[-1] else "?"
        if data is None:
            unscreened.append((pointer, ext))
            continue
        inner, missed = _screen_bytes(data, resource, ext, top=False)
        found += [Found(f.kind, f.line, f.column, f.label, f.count, pointer + (f.pointer or "")) for f in inner]
        unscreened += [(pointer, kind) for _, kind in missed]
    return found, unscreened


def _screen_json(data: Any, exempt: set[str]) -> list[Found]:
    """Every key and value, grouped by the nearest key (a field of the records); each finding
    points at its first place with a JSON pointer."""
    columns: dict[str, tuple[list[str], list[str]]] = {}
    for pointer, column, text in sheets.json_values(data):
        if column not in exempt:
            pointers, cells = columns.setdefault(column, ([], []))
            pointers.append(pointer)
            cells.append(text)
    found = []
    for column, (pointers, cells) in columns.items():
        label = column if column and not personal.find_kinds(column) else "#"
        for hit in personal.screen_rows([label], zip(range(1, len(cells) + 1), ([c] for c in cells), strict=True)):
            found.append(Found(hit.kind, None, None, label, hit.count, pointers[hit.line - 1] or None))
    return found
