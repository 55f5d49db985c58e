"""A vectorised path for large tables that reports what frictionless reports, much faster.

The file is split into records by a byte scan (numpy) that also counts each record's cells; the
records with exactly one cell per field are read by polars' CSV reader (C-level, into string
columns), the rest (blank, short or long rows) by Python's csv module, which is what frictionless
reads with. Files whose quoting the two readers might read differently (a quote inside an
unquoted cell, text after a closing quote, a lone carriage return) are read by the csv module
whole. Columns are then checked in bulk: a type screen and the constraints run as polars
expressions, and only the values the screen cannot vouch for (or that may break a constraint)
are read by frictionless' own cell reader, so the verdict on every value is frictionless'.
Uniqueness, primary keys and repeated rows are found by hashing the cells as frictionless casts
them. Schemas using anything else (foreign keys, formats, number separators, other types)
return None, and the caller uses frictionless itself.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl

# A value matching its type's screen is one frictionless reads without complaint (ASCII only:
# other digits are left to frictionless' reader).
SCREENS = {
    "string": None,
    "integer": r"^[+-]?[0-9]+$",
    "number": r"^[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$",
    "year": r"^[0-9]{4}$",
    "boolean": r"^(?:true|false|True|False|TRUE|FALSE|1|0)$",
    "date": None,  # the calendar needs the real reader; dates have few distinct values
}
# A value matching its type's canonical form is written back unchanged by str() once read:
# str(int("12")) == "12", str(Decimal("1.50")) == "1.50" (but Decimal("0.0000001") is "1E-7").
CANONICAL = {
    "integer": r"^(?:0|-?[1-9][0-9]*)$",
    "year": r"^[1-9][0-9]{3}$",
    "number": r"^-?(?:[1-9][0-9]*(?:\.[0-9]+)?|0(?:\.(?:0{0,5}[1-9][0-9]*|0{1,6}))?)$",
}
CONSTRAINTS = {"required", "unique", "minimum", "maximum", "enum", "pattern", "minLength", "maxLength"}
FIELD_KEYS = {"name", "type", "format", "title", "description", "constraints", "example", "legal_basis", "rdfType"}
NEVER_EQUAL = {"NaN", "-NaN", "sNaN", "-sNaN"}  # Decimal NaNs: frictionless never finds them repeated
FIELD_SIZE_LIMIT = 2_147_483_646  # frictionless raises the csv module's limit to this
BOM = b"\xef\xbb\xbf"
SAMPLE_ROWS = 100  # frictionless guesses the dialect and the header row from this many
# Where a row's errors stand among the others of the same row, in frictionless' order.
_ORDER = {"type-error": 0, "constraint-error": 0, "blank-row": 0, "extra-cell": 1, "missing-cell": 2,
          "unique-error": 3, "primary-key": 4, "duplicate-row": 5}


@dataclass(frozen=True)
class TableError:
    """The attributes of a frictionless error that the catalogue reads."""

    type: str
    row_number: int | None
    field_number: int | None
    field_name: str | None
    cell: str | None
    note: str
    label: str | None = None

    @property
    def message(self) -> str:
        """frictionless' message for this error."""
        from frictionless import errors, helpers

        templates = {getattr(c, "type", None): getattr(c, "template", "") for c in vars(errors).values()}
        return helpers.safe_format(templates.get(self.type, "{note}"), {
            "note": self.note, "rowNumber": self.row_number, "fieldNumber": self.field_number,
            "fieldName": self.field_name or "", "cell": self.cell or "", "label": self.label or ""})


@dataclass
class _Cells:
    """A table as read: its header, one string column per field (null where a row has no cell),
    each row's cell count and the cells beyond the last field."""

    header: list[str]
    frame: pl.DataFrame
    counts: np.ndarray
    extras: dict[int, list[str]]


def supported(schema: dict[str, Any]) -> bool:
    fields = schema.get("fields")
    if not isinstance(fields, list) or not fields or schema.get("foreignKeys") or schema.get("uniqueKeys"):
        return False
    for field in fields:
        if not isinstance(field, dict) or set(field) - FIELD_KEYS or field.get("type", "string") not in SCREENS:
            return False
        if field.get("format", "default") != "default":
            return False
        constraints = field.get("constraints") or {}
        if not isinstance(constraints, dict) or set(constraints) - CONSTRAINTS:
            return False
    return True


def validate_table(path: Path, schema: dict[str, Any], delimiter: str = ",", limit: int = 100) -> list[TableError]:
    """The errors frictionless finds in the table at path, in its order, at most limit of them.
    delimiter is the one the resource declares, "," when it declares none: then, as frictionless
    does, the delimiter is guessed from the first lines among , tab ; and |."""
    from frictionless import Schema

    frictionless_schema = Schema.from_descriptor(schema)
    raw = path.read_bytes()
    raw = raw[len(BOM):] if raw.startswith(BOM) else raw
    if not raw or (delimiter == "\t" and b"\r" in raw):  # nothing to read; or read with universal newlines
        return _frictionless(path, schema, delimiter, limit)
    separator, skip_space = _dialect(raw, delimiter)
    fields = len(frictionless_schema.fields)
    cells = None if skip_space else _read_columnar(raw, separator, fields)
    cells = cells or _read_python(raw, separator, skip_space, fields)
    if not cells.header or _header_row([len(cells.header), *cells.counts[: SAMPLE_ROWS - 1].tolist()]) != 1:
        return _frictionless(path, schema, delimiter, limit)
    return _Table(frictionless_schema, cells, limit).errors()


def _frictionless(path: Path, schema: dict[str, Any], delimiter: str, limit: int) -> list[TableError]:
    """frictionless itself, for what this module does not read the way it does."""
    from frictionless import Checklist, Dialect, Resource, Schema, checks

    tabs = delimiter == "\t"
    declared = {"dialect": Dialect.from_descriptor({"csv": {"delimiter": delimiter}})} if delimiter != "," else {}
    resource = Resource(path.name, basepath=str(path.parent), schema=Schema.from_descriptor(schema),
                        encoding="utf-8", format="tsv" if tabs else "csv", **declared)
    report = resource.validate(checklist=Checklist(checks=[checks.duplicate_row()]), limit_errors=limit)
    return [TableError(e.type, getattr(e, "row_number", None), getattr(e, "field_number", None),
                       getattr(e, "field_name", None), getattr(e, "cell", None), e.note, getattr(e, "label", None))
            for task in report.tasks for e in task.errors]


# Reading


def _dialect(raw: bytes, delimiter: str) -> tuple[str, bool]:
    """The delimiter and initial-space setting frictionless reads this file with: csv's Sniffer
    on the first lines, as frictionless' CSV parser does."""
    end = 0
    for _ in range(SAMPLE_ROWS + 1):
        end = raw.find(b"\n", end) + 1
        if not end:
            end = len(raw)
            break
    sample = io.StringIO(raw[:end].decode("utf-8"), newline="").readlines()[:SAMPLE_ROWS]
    try:
        sniffed = csv.Sniffer().sniff("".join(sample), delimiter if delimiter != "," else ",\t;|")
    except csv.Error:
        return delimiter, False
    return (delimiter if delimiter != "," else sniffed.delimiter), bool(sniffed.skipinitialspace)


def _header_row(widths: list[int]) -> int:
    """The row frictionless takes for the header: the first one close to the sample's mean width."""
    if not widths:
        return 1
    width = round(sum(widths) / len(widths))
    drift = max(round(width * 0.1), 1)
    near = range(width - drift, width + drift + 1)
    return next((number for number, cells in enumerate(widths, start=1) if cells in near), 1)


def _expected_width(header: list[str], fields: int) -> int:
    """frictionless pairs each label with a field (beyond the schema, a field of any type)."""
    return len(header) if header else fields


def _read_python(raw: bytes, delimiter: str, skip_space: bool, fields: int) -> _Cells:
    csv.field_size_limit(FIELD_SIZE_LIMIT)
    text = io.StringIO(raw.decode("utf-8"), newline="")
    rows = list(csv.reader(text, delimiter=delimiter, skipinitialspace=skip_space))
    header, body = (rows[0], rows[1:]) if rows else ([], [])
    width = _expected_width(header, fields)
    frame = pl.DataFrame([_padded(row, width) for row in body], schema=_schema(width), orient="row")
    counts = np.array([len(row) for row in body], dtype=np.int64)
    extras = {i: row[width:] for i, row in enumerate(body) if len(row) > width}
    return _Cells(header, frame, counts, extras)


def _read_columnar(raw: bytes, delimiter: str, fields: int) -> _Cells | None:
    """The regular records through polars and the others through the csv module; None when the
    two readers might disagree on this file."""
    records = _records(raw, delimiter)
    if records is None:
        return None
    starts, ends, counts = records
    header = _parse(raw[starts[0]:ends[0]], delimiter) if len(starts) else []
    width = _expected_width(header, fields)
    starts, ends, counts = starts[1:], ends[1:], counts[1:]
    regular = counts == width
    frame = _read_regular(raw, starts, regular, delimiter, width)
    if frame is None or frame.height != int(regular.sum()):
        return None
    extras: dict[int, list[str]] = {}
    irregular = np.flatnonzero(~regular)
    if irregular.size:
        rows = [_parse(raw[starts[i]:ends[i]], delimiter) for i in irregular]
        if [len(row) for row in rows] != counts[irregular].tolist():
            return None
        extras = {int(i): row[width:] for i, row in zip(irregular, rows, strict=True) if len(row) > width}
        others = pl.DataFrame([_padded(row, width) for row in rows], schema=_schema(width), orient="row")
        frame = _interleave(frame, others, irregular)
    return _Cells(header, frame, counts, extras)


def _records(raw: bytes, delimiter: str) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
    """Each record's start, end (without its line break) and number of cells, as the csv module
    would read them; None for what only the csv module should read."""
    if len(delimiter) != 1 or not delimiter.isascii() or delimiter in '"\r\n' or b"\x00" in raw:
        return None
    if raw.count(b"\r") != raw.count(b"\r\n"):
        return None
    data = np.frombuffer(raw, dtype=np.uint8)
    separator = ord(delimiter)
    newlines = np.flatnonzero(data == 10)
    quotes = np.flatnonzero(data == 34)
    if quotes.size:
        if not _plain_quoting(data, quotes, separator):
            return None
        newlines = newlines[np.searchsorted(quotes, newlines) % 2 == 0]
    starts = np.concatenate(([0], newlines + 1))
    ends = np.concatenate((newlines, [len(raw)]))
    if starts[-1] == len(raw):  # a final line break ends the last record, it starts none
        starts, ends = starts[:-1], ends[:-1]
    if not starts.size:
        return starts, ends, starts.copy()
    ends = ends - ((ends > starts) & (data[np.maximum(ends - 1, 0)] == 13))
    delimiters = np.flatnonzero(data == separator)
    if quotes.size:
        delimiters = delimiters[np.searchsorted(quotes, delimiters) % 2 == 0]
    counts = np.searchsorted(delimiters, ends) - np.searchsorted(delimiters, starts) + 1
    counts[ends == starts] = 0
    return starts, ends, counts


def _plain_quoting(data: np.ndarray, quotes: np.ndarray, separator: int) -> bool:
    """Every quote opens a cell, closes it, or doubles a quote inside it: quoting both readers
    read the same way."""
    if quotes.size % 2:
        return False
    opening, closing = quotes[0::2], quotes[1::2]
    doubled_before = np.concatenate(([False], opening[1:] - 1 == closing[:-1]))
    before = data[np.maximum(opening - 1, 0)]
    opens = (opening == 0) | (before == separator) | (before == 10) | doubled_before
    doubled_after = np.concatenate((opening[1:] == closing[:-1] + 1, [False]))
    after = data[np.minimum(closing + 1, len(data) - 1)]
    closes = (closing == len(data) - 1) | (after == separator) | (after == 10) | (after == 13) | doubled_after
    return bool(opens.all() and closes.all())


def _read_regular(raw: bytes, starts: np.ndarray, regular: np.ndarray, delimiter: str, width: int) -> pl.DataFrame | None:
    if not regular.any():
        return pl.DataFrame(schema=_schema(width))
    if regular.all():
        body = raw[starts[0]:]
    else:
        bounds = np.concatenate((starts, [len(raw)]))
        edges = np.flatnonzero(np.diff(np.concatenate(([0], regular.view(np.int8), [0]))))
        body = b"".join(_terminated(raw[bounds[a]:bounds[b]]) for a, b in zip(edges[0::2], edges[1::2], strict=True))
    try:
        return pl.read_csv(body, has_header=False, schema=_schema(width), separator=delimiter, quote_char='"',
                           empty_string_is_null=False, infer_schema=False, raise_if_empty=False)
    except pl.exceptions.PolarsError:
        return None


def _interleave(regular: pl.DataFrame, others: pl.DataFrame, positions: np.ndarray) -> pl.DataFrame:
    """The rows of both frames in file order: others' rows go at positions."""
    if len(positions) > 1000:
        order = np.empty(regular.height + others.height, dtype=np.int64)
        mask = np.ones(len(order), dtype=bool)
        mask[positions] = False
        order[mask] = np.arange(regular.height)
        order[positions] = np.arange(regular.height, len(order))
        return pl.concat([regular, others])[order]
    pieces, done = [], 0
    for n, position in enumerate(positions.tolist()):
        before = position - n  # regular rows before this one
        pieces += [regular.slice(done, before - done), others.slice(n, 1)]
        done = before
    pieces.append(regular.slice(done))
    return pl.concat(pieces, rechunk=False)


def _terminated(block: bytes) -> bytes:
    return block if block.endswith(b"\n") else block + b"\n"


def _parse(record: bytes, delimiter: str) -> list[str]:
    return next(csv.reader(io.StringIO(record.decode("utf-8"), newline=""), delimiter=delimiter), [])


def _padded(row: list[str], width: int) -> list[str | None]:
    return row[:width] if len(row) >= width else [*row, *[None] * (width - len(row))]


def _schema(width: int) -> dict[str, Any]:
    return {str(j): pl.String for j in range(width)}


# Checking


class _Table:
    def __init__(self, schema: Any, cells: _Cells, limit: int) -> None:
        self.schema = schema
        self.fields = _expected_fields(schema, [label.strip() for label in cells.header], cells.frame.width)
        self.names = [f.name for f in self.fields]
        self.labels = [f.name for f in schema.fields]
        self.cells = cells
        self.frame = cells.frame
        self.limit = limit
        self.missing = [list(dict.fromkeys(f.missing_values if f.schema is None else schema.missing_values))
                        for f in self.fields]
        self.found: list[tuple[tuple[int, ...], TableError]] = []
        self.readers = [field.create_cell_reader() for field in self.fields]
        self.reads: list[dict[Any, tuple[Any, dict[str, str] | None]]] = [{} for _ in self.fields]
        blank = [pl.col(str(j)).is_null() | pl.col(str(j)).is_in(self.missing[j]) for j in range(len(self.fields))]
        self.blank = self.frame.select(pl.all_horizontal(blank)).to_series().to_numpy() if self.frame.height else np.zeros(0, bool)
        self.texts: dict[int, pl.Series] = {}
        self.keys: dict[int, pl.Series] = {}

    def errors(self) -> list[TableError]:
        self._labels()
        for i in np.flatnonzero(self.blank)[: self.limit]:
            self._add("blank-row", int(i), None, None, "")
        self._ragged()
        for j in range(len(self.fields)):
            self._column(j)
        for j, field in enumerate(self.fields):
            if (field.constraints or {}).get("unique"):
                self._unique(j)
        self._keys()
        self._duplicate_rows()
        self.found.sort(key=lambda item: item[0])
        return [error for _, error in self.found[: self.limit]]

    def _add(self, kind: str, i: int | None, column: int | None, cell: str | None, note: str,
             label: str | None = None, order: int = 0, name: str | None = None) -> None:
        if name is None and kind not in ("extra-cell", "extra-label"):
            name = self.names[column - 1] if column and column <= len(self.names) else None
        row = None if i is None else i + 2
        # frictionless reads the cells of unique fields first, then the others
        if row is None:
            position: tuple[int, ...] = (0, 0, 0, 0, order)
        else:
            first = _ORDER[kind] or not (column and (self.fields[column - 1].constraints or {}).get("unique"))
            position = (1, row, _ORDER[kind], int(first), column or 0, order)
        self.found.append((position, TableError(kind, row, column, name, cell, note, label)))

    def _labels(self) -> None:
        """Header errors as frictionless lists them: extra labels, missing ones, then each label."""
        header = [label.strip() for label in self.cells.header]  # as frictionless reads labels
        errors = [("extra-label", j, label, "", "") for j, label in enumerate(header) if j >= len(self.labels)]
        errors += [("missing-label", j, "", self.labels[j], "") for j in range(len(header), len(self.labels))]
        for j, (name, label) in enumerate(zip(self.labels, header, strict=False)):
            earlier = [str(n) for n, seen in enumerate(header[:j], start=1) if seen == label]
            if not label:
                errors.append(("blank-label", j, "", name, ""))
            elif earlier:
                errors.append(("duplicate-label", j, label, name, f'at position "{", ".join(earlier)}"'))
            elif label != name:
                errors.append(("incorrect-label", j, label, name, ""))
        for n, (kind, j, label, name, note) in enumerate(errors):
            self._add(kind, None, j + 1, None, note, label, order=n, name=name)

    def _ragged(self) -> None:
        """Cells beyond the last field, and missing ones with what their absence breaks."""
        width = len(self.fields)
        counts = self.cells.counts
        extra = np.flatnonzero((counts > width) & ~self.blank)[: self.limit]
        for i in extra:
            for n, cell in enumerate(self.cells.extras[int(i)]):
                self._add("extra-cell", int(i), width + n + 1, cell, "")
        for j in range(width):
            short = np.flatnonzero((counts <= j) & ~self.blank)[: self.limit]
            notes = _errors_of(self._read(j, None)[1])
            for i in short:
                for n, (kind, note) in enumerate(notes):
                    self._add(kind, int(i), j + 1, "None", note, order=n)  # frictionless writes str(None)
                self._add("missing-cell", int(i), j + 1, "", "")

    def _read(self, j: int, value: Any) -> tuple[Any, dict[str, str] | None]:
        reads = self.reads[j]
        if value not in reads:
            reads[value] = self.readers[j](value)
        return reads[value]

    def _column(self, j: int) -> None:
        values = self.frame[str(j)]
        bad = {v: errs for v in self._suspects(j, values) if (errs := _errors_of(self._read(j, v)[1]))}
        if not bad:
            return
        rows = np.flatnonzero(values.is_in(list(bad)).fill_null(False).to_numpy() & ~self.blank)[: self.limit]
        cells = values.gather(rows).to_list()
        for i, value in zip(rows, cells, strict=True):
            for n, (kind, note) in enumerate(bad[value]):
                self._add(kind, int(i), j + 1, value, note, order=n)

    def _suspects(self, j: int, values: pl.Series) -> list[str]:
        """Distinct values the type screen cannot vouch for, or that may break a constraint."""
        field = self.fields[j]
        constraints = field.constraints or {}
        missing = self.missing[j]
        present = values.filter(values.is_not_null() & ~values.is_in(missing))
        suspects = set(values.filter(values.is_in(missing)).unique().to_list())
        enum = constraints.get("enum")
        plain_enum = field.type == "string" and isinstance(enum, list) and all(isinstance(v, str) for v in enum)
        if field.type == "date" or (enum is not None and not plain_enum):
            return [*suspects, *present.unique().to_list()]
        flagged = pl.repeat(False, len(present), eager=True)
        screen = SCREENS.get(field.type)
        if screen is not None:
            flagged = ~present.str.contains(screen)
        if enum is not None:
            flagged = flagged | ~present.is_in(enum)
        if "minimum" in constraints or "maximum" in constraints:
            flagged = flagged | _maybe_out_of_range(present, constraints, field.type)
        if "minLength" in constraints or "maxLength" in constraints:
            length = present.str.len_chars()
            flagged = flagged | (length < constraints.get("minLength", 0))
            if "maxLength" in constraints:
                flagged = flagged | (length > constraints["maxLength"])
        suspects.update(present.filter(flagged).unique().to_list())
        if constraints.get("pattern"):
            pattern = re.compile(f"^{constraints['pattern']}$")
            suspects.update(v for v in present.filter(~flagged).unique().to_list() if not pattern.match(v))
        return list(suspects)

    def _text(self, j: int) -> pl.Series:
        """Every row's value for field j as str() of what frictionless reads (null when it reads None)."""
        if j not in self.texts:
            field = self.fields[j]
            values = self.frame[str(j)]
            known = values.is_null() | values.is_in(self.missing[j])
            canonical = CANONICAL.get(field.type)
            if field.type in ("string", "any"):
                plain = ~known
            elif canonical is not None:
                plain = ~known & values.str.contains(canonical)
            else:
                plain = pl.repeat(False, len(values), eager=True)
            others = values.filter(~known & ~plain).unique().to_list()
            mapping = {v: _str_or_none(self._read(j, v)) for v in others}
            mapped = values.replace_strict(mapping, default=None, return_dtype=pl.String) if mapping else pl.repeat(None, len(values), dtype=pl.String, eager=True)
            self.texts[j] = pl.select(pl.when(plain).then(values).otherwise(mapped)).to_series()
        return self.texts[j]

    def _key(self, j: int) -> pl.Series:
        """A string per row that is equal exactly when frictionless' values are equal."""
        if j not in self.keys:
            self.keys[j] = self._number_key(j) if self.fields[j].type == "number" else self._text(j)
        return self.keys[j]

    def _number_key(self, j: int) -> pl.Series:
        text = self._text(j)
        plain = text.str.contains(r"^-?[0-9]+(?:\.[0-9]+)?$")
        mapping = {v: _plain_decimal(v) for v in text.filter(~plain & text.is_not_null()).unique().to_list()}
        trimmed = text.str.replace(r"^(-?[0-9]+\.[0-9]*?)0+$", "${1}").str.strip_suffix(".").str.replace(r"^-0$", "0")
        mapped = text.replace_strict(mapping, default=None, return_dtype=pl.String) if mapping else trimmed
        return pl.select(pl.when(plain).then(trimmed).otherwise(mapped)).to_series()

    def _unique(self, j: int) -> None:
        key, text = self._key(j), self._text(j)
        never = NEVER_EQUAL if self.fields[j].type == "number" else set()
        for i, previous in _repeats(key, key.gather, skip=lambda k: k is None or k in never, limit=self.limit):
            self._add("unique-error", i, j + 1, text[i], f"the same as in the row at position {previous}")

    def _keys(self) -> None:
        names = list(self.schema.primary_key or [])
        if not names or not set(names) <= set(self.names):
            return
        columns = [self.names.index(name) for name in names]
        keys = [self._key(j) for j in columns]
        none = pl.select(pl.all_horizontal([k.is_null() for k in keys])).to_series().to_numpy()
        for i in np.flatnonzero(none)[: self.limit]:
            self._add("primary-key", int(i), None, None, 'cells composing the primary keys are all "None"')
        never = [NEVER_EQUAL if self.fields[j].type == "number" else set() for j in columns]
        joined = keys[0] if len(keys) == 1 else pl.select(pl.struct(keys)).to_series()

        def exact(rows: np.ndarray) -> list[Any]:
            return list(zip(*(k.gather(rows).to_list() for k in keys), strict=True))

        def skip(key: tuple[Any, ...]) -> bool:
            return all(v is None for v in key) or any(v in n for v, n in zip(key, never, strict=True))

        for i, previous in _repeats(joined, exact, skip=skip, limit=self.limit):
            self._add("primary-key", i, None, None, f"the same as in the row at position {previous}")

    def _duplicate_rows(self) -> None:
        if not self.frame.height:
            return
        texts = [self._text(j).fill_null("None") for j in range(len(self.fields))]
        joined = pl.select(pl.concat_str(texts, separator=",")).to_series()  # what frictionless hashes
        for i, previous in _repeats(joined, joined.gather, skip=None, limit=self.limit):
            self._add("duplicate-row", i, None, None, f'the same as row at position "{previous}"')


def _expected_fields(schema: Any, header: list[str], width: int) -> list[Any]:
    """The fields frictionless checks the rows against: the schema's paired with the header's
    labels, and a field of any type named after each label beyond them."""
    from frictionless import Field
    from frictionless.table.label_matching import deduplicate_names

    fields = list(schema.fields)[:width]
    names = deduplicate_names([f.name for f in fields] + header[len(fields):width])
    return fields + [Field.from_descriptor({"name": name, "type": "any"}) for name in names[len(fields):]]


def _repeats(coarse: pl.Series, exact: Any, skip: Any, limit: int) -> list[tuple[int, int]]:
    """Rows whose key was seen before, with the row number of its latest earlier occurrence.
    coarse is equal whenever the keys are; exact(rows) gives the keys themselves."""
    candidates = np.flatnonzero(coarse.hash(seed=2026).is_duplicated().to_numpy())
    if not candidates.size:
        return []
    keys = exact(candidates)
    keys = keys.to_list() if isinstance(keys, pl.Series) else keys
    seen: dict[Any, int] = {}
    found = []
    for i, key in zip(candidates.tolist(), keys, strict=True):
        if skip is not None and skip(key):
            continue
        if key in seen:
            found.append((i, seen[key]))
            if len(found) >= limit:
                break
        seen[key] = i + 2
    return found


def _str_or_none(read: tuple[Any, dict[str, str] | None]) -> str | None:
    value, notes = read
    return None if value is None or (notes and "type" in notes) else str(value)


def _plain_decimal(text: str) -> str:
    """A number as frictionless reads it, written so that equal numbers are equal strings."""
    from decimal import Decimal

    number = Decimal(text)
    if not number.is_finite():
        return str(number)
    plain = format(number, "f")
    if "." in plain:
        plain = plain.rstrip("0").rstrip(".")
    return "0" if plain == "-0" else plain


def _errors_of(notes: dict[str, str] | None) -> list[tuple[str, str]]:
    if not notes:
        return []
    if "type" in notes:
        return [("type-error", notes["type"])]
    return [("constraint-error", note) for note in notes.values()]


def _maybe_out_of_range(values: pl.Series, constraints: dict[str, Any], kind: str) -> pl.Series:
    """True where a value may be outside its bounds (or cannot be told): bounds themselves count,
    since a float may round onto them."""
    numbers = values.cast(pl.Int64 if kind in ("integer", "year") else pl.Float64, strict=False)
    flagged = numbers.is_null() | numbers.is_nan() if kind == "number" else numbers.is_null()
    low, high = constraints.get("minimum"), constraints.get("maximum")
    if isinstance(low, (int, float)) and not isinstance(low, bool):
        flagged = flagged | (numbers <= low).fill_null(True)
    elif low is not None:
        return pl.repeat(True, len(values), eager=True)
    if isinstance(high, (int, float)) and not isinstance(high, bool):
        flagged = flagged | (numbers >= high).fill_null(True)
    elif high is not None:
        return pl.repeat(True, len(values), eager=True)
    return flagged
