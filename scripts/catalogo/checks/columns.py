"""Stage 2, check: A column summary of each table (type, empty cells, distinct values, min and max, top
values), computed from the rows the data check already read and cached with its results."""

# Shown on the dataset page instead of a blind first-rows preview. Bounded: the rows are the data
# check's (KEY_ROWS, KEY_CELLS), at most MAX_COLUMNS columns, TOP values each, values cut at
# MAX_VALUE characters, so a summary stays a few hundred bytes a column in the cache and in memory.
# Each column is counted once (collections.Counter, in C); min and max parse its distinct values.

from __future__ import annotations

import datetime as dt
import heapq
import math
import re
from collections import Counter
from collections.abc import Callable
from typing import Any

MAX_COLUMNS = 60
TOP = 3
FEW = 20  # distinct values few enough that the most frequent are worth naming
MAX_VALUE = 60
_NUMERIC = ("integer", "number", "year")
_ORDERED = ("date", "datetime", "time", "yearmonth")
_ISO = {
    "date": re.compile(r"^\d{4}-\d{2}-\d{2}$"),
    "datetime": re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$"),
    "time": re.compile(r"^\d{2}:\d{2}(:\d{2}(\.\d+)?)?$"),
    "yearmonth": re.compile(r"^\d{4}-\d{2}$"),
}


def summarise(resource: dict[str, Any], header: list[str], rows: list[list[str]], more: bool) -> dict[str, Any]:
    """{resource, rows, more (rows beyond those read), columns: [{name, type, declared, empty,
    distinct, min, max, top: [[value, count], …], code (digits with leading zeros)}]}; `more` makes
    every figure "in the first rows"."""
    specs = _field_specs(resource)
    missing = _missing_values(resource)
    width = min(len(header), MAX_COLUMNS)
    columns = [_column(header[i], specs.get(header[i], {}), _counts(rows, i), missing) for i in range(width)]
    return {"resource": str(resource.get("name") or ""), "rows": len(rows), "more": more, "columns": columns}


def _counts(rows: list[list[str]], index: int) -> Counter[str]:
    """One column's values and how often each occurs (a short row's missing cell counts as empty);
    a generator, not a transposed copy: no container per row for the garbage collector to scan."""
    return Counter(row[index] if index < len(row) else "" for row in rows)


def _column(name: str, spec: dict[str, Any], counts: Counter[str], missing: set[str]) -> dict[str, Any]:
    empty = sum(n for value, n in counts.items() if value.strip() in missing or value in missing)
    filled = {value: n for value, n in counts.items() if value.strip() not in missing and value not in missing}
    declared = isinstance(spec.get("type"), str) and spec["type"] not in ("", "any")
    kind = spec["type"] if declared else _inferred(filled)
    low, high = _range(kind, spec, filled)
    # top values only where values repeat: not for ids, nor for measures that seldom repeat
    cells = sum(filled.values())
    repeated = len(filled) < cells and (len(filled) <= FEW or 2 * len(filled) <= cells)
    top = heapq.nsmallest(TOP, filled.items(), key=lambda item: (-item[1], item[0])) if repeated else []
    return {
        "name": name,
        "type": kind,
        "declared": declared,
        "empty": empty,
        "distinct": len(filled),
        "min": _cut(low),
        "max": _cut(high),
        "top": [[_cut(value), n] for value, n in top],
        "code": _is_code(filled),
    }


def _is_code(values: dict[str, int]) -> bool:
    """Digits with leading zeros ("01", "09"): a key that a reader guessing numbers would spoil."""
    stripped = [v.strip() for v in values]
    return any(len(v) > 1 and v[0] == "0" for v in stripped) and all(v.isdigit() for v in stripped)


def _inferred(values: dict[str, int]) -> str:
    if not values:
        return "string"
    if all(_integer(v) is not None for v in values):
        return "integer"
    if all(_number(v, ".", "") is not None for v in values):
        return "number"
    return "string"


def _range(kind: str, spec: dict[str, Any], values: dict[str, int]) -> tuple[str | None, str | None]:
    """The smallest and largest value as written in the file (None when the type has no order or
    no value could be read)."""
    key: Callable[[str], Any] | None = None
    if kind in _NUMERIC:
        decimal, group = str(spec.get("decimalChar") or "."), str(spec.get("groupChar") or "")
        key = _integer if kind != "number" else lambda v: _number(v, decimal, group)
    elif kind in _ORDERED:
        key = _date_key(kind, spec.get("format"))
    if key is None:
        return None, None
    low = high = low_key = high_key = None
    for value in values:
        found = key(value.strip())
        if found is None:
            continue
        if low_key is None or found < low_key:
            low, low_key = value.strip(), found
        if high_key is None or found > high_key:
            high, high_key = value.strip(), found
    return low, high


def _integer(value: str) -> int | None:
    try:
        return int(value) if "_" not in value else None
    except ValueError:
        return None


def _number(value: str, decimal: str, group: str) -> float | None:
    text = value.replace(group, "") if group else value
    if decimal != ".":
        text = text.replace(decimal, ".")
    try:
        number = float(text) if "_" not in text else math.nan
    except ValueError:
        return None
    return number if math.isfinite(number) else None


def _date_key(kind: str, fmt: Any) -> Callable[[str], Any] | None:
    if isinstance(fmt, str) and fmt.startswith("%"):
        return lambda v: _strptime(v, fmt)
    if fmt not in (None, "default", "any"):
        return None
    pattern = _ISO[kind]
    return lambda v: v if pattern.match(v) else None  # ISO text sorts as its dates do


def _strptime(value: str, fmt: str) -> dt.datetime | None:
    try:
        return dt.datetime.strptime(value, fmt)
    except ValueError:
        return None


def _field_specs(resource: dict[str, Any]) -> dict[str, dict[str, Any]]:
    schema = resource.get("schema")
    fields = schema.get("fields") if isinstance(schema, dict) else None
    return {str(f.get("name")): f for f in fields or [] if isinstance(f, dict)}


def _missing_values(resource: dict[str, Any]) -> set[str]:
    schema = resource.get("schema")
    declared = schema.get("missingValues") if isinstance(schema, dict) else None
    return {str(v) for v in declared} | {""} if isinstance(declared, list) else {""}


def _cut(value: str | None) -> str | None:
    if value is None or len(value) <= MAX_VALUE:
        return value
    return value[: MAX_VALUE - 1] + "…"
