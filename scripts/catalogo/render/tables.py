"""Stage 4, render: What a dataset page tells a researcher about each file: its published URL with
lines that load it (pandas, R, curl), its columns' summary (checks/columns.py) and constraints in words."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from ..checks import dialects
from ..core.model import Resource
from ..core.resources import format_of
from .ui import Language

ENUM_SHOWN = 10  # values of an `enum` constraint named before "…"
# (pandas reader, R reader) by format; other formats get only the URL and curl
_READERS = {
    "csv": ("read_csv", "read.csv"),
    "tsv": ("read_csv", "read.delim"),
    "xlsx": ("read_excel", "readxl::read_excel"),
    "xls": ("read_excel", "readxl::read_excel"),
    "ods": ("read_excel", None),
    "json": ("read_json", "jsonlite::fromJSON"),
    "parquet": ("read_parquet", "arrow::read_parquet"),
}
_NOT_FILES = {"html", "api"}  # a web page or a service: nothing to download with curl


@dataclass(frozen=True)
class Snippet:
    tool: str  # "pandas", "R", "curl"
    code: str


@dataclass(frozen=True)
class ColumnRow:
    name: str
    type: str
    empty: str
    distinct: str
    min: str
    max: str
    top: list[tuple[str, str]]  # (value, count)


@dataclass(frozen=True)
class ColumnSummary:
    caption: str
    columns: list[ColumnRow]


def snippets(resource: Resource, url: str | None, codes: list[str] | None = None) -> list[Snippet]:
    """Lines that load the file at its published `url` (pandas and R for the formats they read);
    the columns named in `codes` (keys with leading zeros) are read as text."""
    if not url:
        return []
    key = format_of(resource) or ""
    pandas, r_reader = _READERS.get(key, (None, None))
    literal = json.dumps(url)  # a valid string literal in Python and in R
    found = []
    if pandas:
        options = _pandas_options(resource, key, codes or []) if key in ("csv", "tsv") else ""
        found.append(Snippet("pandas", f"import pandas as pd\ndf = pd.{pandas}({literal}{options})"))
    if r_reader:
        options = _r_options(resource, key, codes or []) if key in ("csv", "tsv") else ""
        found.append(Snippet("R", f"datos <- {r_reader}({literal}{options})"))
    if key not in _NOT_FILES:
        found.append(Snippet("curl", "curl -L -O '" + url.replace("'", "%27") + "'"))
    return found


def _pandas_options(resource: Resource, key: str, codes: list[str]) -> str:
    delimiter, codec = dialects.delimiter(resource), dialects.codec(resource)
    options = "" if delimiter == "," else f", sep={json.dumps(delimiter)}"
    if codes:
        options += ", dtype={" + ", ".join(f"{json.dumps(name)}: str" for name in codes) + "}"
    return options + ("" if codec == "utf-8" else f", encoding={json.dumps(codec)}")


def _r_options(resource: Resource, key: str, codes: list[str]) -> str:
    delimiter, codec = dialects.delimiter(resource), dialects.codec(resource)
    default = "\t" if key == "tsv" else ","
    options = "" if delimiter == default else f", sep = {json.dumps(delimiter)}"
    if codes:
        options += ", colClasses = c(" + ", ".join(f'{json.dumps(name)} = "character"' for name in codes) + ")"
    return options + f", fileEncoding = {json.dumps('UTF-8' if codec == 'utf-8' else codec)}"


def column_summary(summary: dict[str, Any] | None, title: str, lang: Language) -> ColumnSummary | None:
    """The data check's summary of one table (checks/columns.py `summarise`) in `lang`."""
    if not summary or not summary.get("columns"):
        return None
    t, rows = lang.t, int(summary.get("rows") or 0)
    caption = t["summary_caption_first" if summary.get("more") else "summary_caption"]
    return ColumnSummary(
        caption % {"name": title, "n": lang.number(rows)},
        [
            ColumnRow(
                name=str(c.get("name") or ""),
                type=type_label(str(c.get("type") or ""), lang),
                empty=lang.number(int(c.get("empty") or 0)),
                distinct=lang.number(int(c.get("distinct") or 0)),
                min="" if c.get("min") is None else str(c["min"]),
                max="" if c.get("max") is None else str(c["max"]),
                top=[(str(value), lang.number(int(n))) for value, n in c.get("top") or []],
            )
            for c in summary["columns"]
            if isinstance(c, dict)
        ],
    )


def type_label(kind: str, lang: Language) -> str:
    """A Table Schema type in words ("número entero"), or the type as written when unknown."""
    return str(lang.t.get(f"column_type_{kind}", kind or "—"))


def constraints_in_words(value: Any, lang: Language) -> str:
    """A field's Table Schema constraints as a phrase: "obligatorio; sin repetidos; entre 0 y 100"."""
    if not isinstance(value, dict):
        return ""
    t, parts = lang.t, []
    if value.get("required") is True:
        parts.append(t["constraint_required"])
    if value.get("unique") is True:
        parts.append(t["constraint_unique"])
    parts += _bounds(t, value.get("minimum"), value.get("maximum"), "constraint")
    if "exclusiveMinimum" in value:
        parts.append(t["constraint_above"] % {"n": _shown(value["exclusiveMinimum"])})
    if "exclusiveMaximum" in value:
        parts.append(t["constraint_below"] % {"n": _shown(value["exclusiveMaximum"])})
    parts += _bounds(t, value.get("minLength"), value.get("maxLength"), "constraint_length")
    if isinstance(value.get("enum"), list):
        items = [_shown(v) for v in value["enum"]]
        more = "…" if len(items) > ENUM_SHOWN else ""
        parts.append(t["constraint_enum"] % {"values": ", ".join(items[:ENUM_SHOWN]) + more})
    if "pattern" in value:
        parts.append(t["constraint_pattern"] % {"pattern": _shown(value["pattern"])})
    known = {"required", "unique", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"}
    known |= {"minLength", "maxLength", "enum", "pattern"}
    parts += [f"{key}: {_shown(value[key])}" for key in sorted(value) if key not in known]
    return "; ".join(parts)


def _bounds(t: Any, low: Any, high: Any, prefix: str) -> list[str]:
    if low is not None and high is not None:
        return [t[f"{prefix}_between"] % {"low": _shown(low), "high": _shown(high)}]
    if low is not None:
        return [t[f"{prefix}_min"] % {"n": _shown(low)}]
    if high is not None:
        return [t[f"{prefix}_max"] % {"n": _shown(high)}]
    return []


def _shown(item: Any) -> str:
    if isinstance(item, bool):
        return str(item).lower()
    if isinstance(item, list):
        return ", ".join(map(_shown, item))
    return str(item)
