"""Stage 2, check: A vectorised path for large tables that reports what frictionless reports, much
faster."""

# The table is read into string columns the way frictionless reads it (tableread.py: polars' CSV
# reader for the regular records, the csv module for the rest). Columns are then checked in bulk:
# a type screen and the constraints run as polars expressions, and only the values the screen
# cannot vouch for (or that may break a constraint) are read by frictionless' own cell reader, so
# the verdict on every value is frictionless'. Uniqueness, primary keys and repeated rows are
# found by hashing what frictionless compares. Errors come out in frictionless' order, with its
# notes and messages. A table whose header frictionless would look for below the first line, and
# an empty or tab-separated file with carriage returns, are validated by frictionless itself.
# Schemas using anything else (foreign keys, formats, number separators, other types) are not
# supported(): the caller gives those to frictionless.

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl

from .tableread import SAMPLE_ROWS, Cells, dialect, header_row, read_columnar, read_python

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
BOM = b"\xef\xbb\xbf"
# Where a row's errors stand among the others of the same row, in frictionless' order.
_ORDER = {
    "type-error": 0,
    "constraint-error": 0,
    "blank-row": 0,
    "extra-cell": 1,
    "missing-cell": 2,
    "unique-error": 3,
    "primary-key": 4,
    "duplicate-row": 5,
}


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
        return helpers.safe_format(
            templates.get(self.type, "{note}"),
            {
                "note": self.note,
                "rowNumber": self.row_number,
                "fieldNumber": self.field_number,
                "fieldName": self.field_name or "",
                "cell": self.cell or "",
                "label": self.label or "",
            },
        )


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
    raw = raw[len(BOM) :] if raw.startswith(BOM) else raw
    if not raw or (delimiter == "\t" and b"\r" in raw):  # nothing to read; or read with universal newlines
        return _frictionless(path, schema, delimiter, limit)
    separator, skip_space = dialect(raw, delimiter)
    fields = len(frictionless_schema.fields)
    cells = None if skip_space else read_columnar(raw, separator, fields)
    cells = cells or read_python(raw, separator, skip_space, fields)
    if not cells.header or header_row([len(cells.header), *cells.counts[: SAMPLE_ROWS - 1].tolist()]) != 1:
        return _frictionless(path, schema, delimiter, limit)
    return _Table(frictionless_schema, cells, limit).errors()


def _frictionless(path: Path, schema: dict[str, Any], delimiter: str, limit: int) -> list[TableError]:
    """frictionless itself, for what this module does not read the way it does."""
    from frictionless import Checklist, Dialect, Resource, Schema, checks

    tabs = delimiter == "\t"
    options: dict[str, Any] = {"encoding": "utf-8", "format": "tsv" if tabs else "csv"}
    if delimiter != ",":
        options["dialect"] = Dialect.from_descriptor({"csv": {"delimiter": delimiter}})
    resource = Resource(path.name, basepath=str(path.parent), schema=Schema.from_descriptor(schema), **options)
    report = resource.validate(checklist=Checklist(checks=[checks.duplicate_row()]), limit_errors=limit)
    return [
        TableError(
            e.type,
            getattr(e, "row_number", None),
            getattr(e, "field_number", None),
            getattr(e, "field_name", None),
            getattr(e, "cell", None),
            e.note,
            getattr(e, "label", None),
        )
        for task in report.tasks
        for e in task.errors
    ]


# Checking


class _Table:
    def __init__(self, schema: Any, cells: Cells, limit: int) -> None:
        self.schema = schema
        self.fields = _expected_fields(schema, [label.strip() for label in cells.header], cells.frame.width)
        self.names = [f.name for f in self.fields]
        self.labels = [f.name for f in schema.fields]
        self.cells = cells
        self.frame = cells.frame
        self.limit = limit
        self.missing = [
            list(dict.fromkeys(f.missing_values if f.schema is None else schema.missing_values)) for f in self.fields
        ]
        self.found: list[tuple[tuple[int, ...], TableError]] = []
        self.readers = [field.create_cell_reader() for field in self.fields]
        self.reads: list[dict[Any, tuple[Any, dict[str, str] | None]]] = [{} for _ in self.fields]
        blank = [pl.col(str(j)).is_null() | pl.col(str(j)).is_in(self.missing[j]) for j in range(len(self.fields))]
        self.blank = (
            self.frame.select(pl.all_horizontal(blank)).to_series().to_numpy()
            if self.frame.height
            else np.zeros(0, bool)
        )
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

    def _add(
        self,
        kind: str,
        i: int | None,
        column: int | None,
        cell: str | None,
        note: str,
        label: str | None = None,
        order: int = 0,
        name: str | None = None,
    ) -> None:
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
            mapped = (
                values.replace_strict(mapping, default=None, return_dtype=pl.String)
                if mapping
                else pl.repeat(None, len(values), dtype=pl.String, eager=True)
            )
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
    names = deduplicate_names([f.name for f in fields] + header[len(fields) : width])
    return fields + [Field.from_descriptor({"name": name, "type": "any"}) for name in names[len(fields) :]]


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
