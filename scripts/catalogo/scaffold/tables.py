"""Scaffolds (`catalogo new`): Reading the spreadsheets institutions actually have: CSV or TSV in UTF-8
(with or without a BOM), Windows-1252 or DOS code page 850, any of `,` `;` tab `|` as delimiter,
decomposed (NFD) accents; or an Excel workbook. Everything comes out as one clean table of NFC text."""

# Encoding: UTF-8 when the bytes decode as UTF-8. Otherwise Windows-1252 and CP850 both decode
# almost any byte, so the choice is made by which reading gives plausible Spanish: accented
# vowels, ñ, ü, ¿ and ¡ count for it; box-drawing characters, currency signs and other symbols
# that a DOS file turns into under Windows-1252 (and the reverse) count against it.

from __future__ import annotations

import csv
import io
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path

from ..core.csvsafe import SafeWriter

DELIMITERS = ",;\t|"
SAMPLE_CHARS = 64 * 1024
TEXT_SUFFIXES = {".csv", ".tsv", ".txt"}
EXCEL_SUFFIXES = {".xlsx", ".xlsm"}

_SPANISH = set("áéíóúüñÁÉÍÓÚÜÑ")
_NEUTRAL = set("\u00a0°ºª€–—‘’“”…•·")
_CANDIDATES = ("cp1252", "cp850", "latin-1")


class UnreadableTable(Exception):
    """The file cannot be read as a table (the message says why, in Spanish / English)."""


@dataclass
class Table:
    header: list[str]
    rows: list[list[str]]
    encoding: str  # of the source: utf-8, utf-8-sig, cp1252, cp850, latin-1 or xlsx
    delimiter: str  # of the source ("" for a workbook)
    notes: list[tuple[str, str]] = field(default_factory=list)  # what was changed (es, en)


def plausibility(text: str) -> int:
    """How Spanish a decoded text looks: +1 per plausible non-ASCII character, -1 per suspicious one."""
    score, previous = 0, " "
    for ch in text:
        if ord(ch) < 128:
            previous = ch
            continue
        if ch in _SPANISH or (ch in "¿¡" and not previous.isalpha()):
            score += 1
        elif ch not in _NEUTRAL:
            score -= 1
        previous = ch
    return score


def detect_encoding(raw: bytes) -> str:
    """utf-8-sig, utf-8, cp1252, cp850 or latin-1 (ties go to cp1252, the Windows default)."""
    if raw.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig"
    try:
        raw.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        pass
    best, best_score = "latin-1", None
    for encoding in _CANDIDATES:
        try:
            score = plausibility(raw.decode(encoding))
        except UnicodeDecodeError:
            continue
        if best_score is None or score > best_score:
            best, best_score = encoding, score
    return best


def detect_delimiter(sample: str, preferred: str = ",") -> str:
    """csv.Sniffer restricted to , ; tab |, checked: the delimiter must split the header into
    more than one column and give most rows the same number of cells; otherwise the candidate
    that does so best."""
    lines = sample.splitlines()[:50]
    if len(lines) > 1 and len(sample) >= SAMPLE_CHARS:
        lines = lines[:-1]  # the last line of a cut sample may be incomplete
    text = "\n".join(lines)
    try:
        sniffed = csv.Sniffer().sniff(text, delimiters=DELIMITERS).delimiter
    except csv.Error:
        sniffed = None
    scores = {d: _consistency(text, d) for d in DELIMITERS}
    if sniffed and scores[sniffed][0] > 0 and scores[sniffed] >= max(scores.values()):
        return sniffed
    best = max(DELIMITERS, key=lambda d: (scores[d], d == preferred))
    return best if scores[best][1] > 1 else preferred


def _consistency(text: str, delimiter: str) -> tuple[float, int]:
    rows = [r for r in csv.reader(io.StringIO(text), delimiter=delimiter) if r]
    if not rows or len(rows[0]) < 2:
        return (0.0, len(rows[0]) if rows else 0)
    width = len(rows[0])
    return (sum(len(r) == width for r in rows) / len(rows), width)


def read_table(path: Path, sheet: str | None = None) -> Table:
    """The file as a Table; raises UnreadableTable for anything that is not a table."""
    suffix = path.suffix.lower()
    if suffix in EXCEL_SUFFIXES:
        return _clean(_read_workbook(path, sheet))
    if suffix not in TEXT_SUFFIXES:
        raise UnreadableTable("solo CSV, TSV o XLSX / only CSV, TSV or XLSX")
    if sheet:
        raise UnreadableTable("--sheet solo aplica a XLSX / --sheet only applies to XLSX")
    return _clean(_read_text(path.read_bytes(), "\t" if suffix == ".tsv" else ","))


def _read_text(raw: bytes, preferred: str) -> Table:
    if b"\x00" in raw[:65536]:
        raise UnreadableTable(
            "contiene bytes nulos: no es texto (¿UTF-16 o binario?) / has NUL bytes: not text (UTF-16 or binary?)"
        )
    encoding = detect_encoding(raw)
    text = raw.decode(encoding)
    delimiter = detect_delimiter(text[:SAMPLE_CHARS], preferred)
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as exc:
        raise UnreadableTable(f"CSV mal formado / malformed CSV: {exc}") from None
    if not rows:
        raise UnreadableTable("el archivo está vacío / the file is empty")
    return Table(rows[0], rows[1:], encoding, delimiter)


def _read_workbook(path: Path, sheet: str | None) -> Table:
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds on damaged files
        raise UnreadableTable(
            f"no se pudo abrir el libro / could not open the workbook: {type(exc).__name__}"
        ) from None
    try:
        if sheet is not None and sheet not in book.sheetnames:
            raise UnreadableTable(f"no existe la hoja / no such sheet «{sheet}»: {', '.join(book.sheetnames)}")
        rows = [[_cell_text(v) for v in row] for row in book[sheet or book.sheetnames[0]].iter_rows(values_only=True)]
    finally:
        book.close()
    while rows and not any(rows[-1]):
        rows.pop()
    if not rows:
        raise UnreadableTable("la hoja está vacía / the sheet is empty")
    return Table(rows[0], rows[1:], "xlsx", "")


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time(0) else value.isoformat(sep="T")
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _clean(table: Table) -> Table:
    """NFC text, trimmed headers, no blank rows, no empty unnamed columns, unique names."""
    header = [unicodedata.normalize("NFC", h).strip() for h in table.header]
    rows = [[unicodedata.normalize("NFC", c) for c in row] for row in table.rows]
    blank = [r for r in rows if not any(c.strip() for c in r)]
    rows = [r for r in rows if any(c.strip() for c in r)]
    width = max([len(header), *(len(r) for r in rows)])
    header += [""] * (width - len(header))
    rows = [r + [""] * (width - len(r)) if len(r) < width else r for r in rows]
    keep = [i for i, name in enumerate(header) if name or any(r[i].strip() for r in rows)]
    if len(keep) < width:
        table.notes.append(
            (
                f"se quitaron {width - len(keep)} columnas sin nombre y sin datos",
                f"removed {width - len(keep)} unnamed empty column(s)",
            )
        )
    if blank:
        table.notes.append((f"se quitaron {len(blank)} filas en blanco", f"removed {len(blank)} blank row(s)"))
    table.header = _unique_names([header[i] or f"columna_{i + 1}" for i in keep])
    table.rows = [[r[i] for i in keep] for r in rows]
    return table


def _unique_names(names: list[str]) -> list[str]:
    seen: set[str] = set()
    result = []
    for name in names:
        candidate, n = name, 2
        while candidate.casefold() in seen:
            candidate, n = f"{name}_{n}", n + 1
        seen.add(candidate.casefold())
        result.append(candidate)
    return result


def csv_bytes(table: Table) -> bytes:
    """The table as UTF-8 CSV (comma, LF, minimal quoting), the catalogue's format, with cells
    that a spreadsheet would run as formulas made inert."""
    out = io.StringIO(newline="")
    writer = SafeWriter(out, lineterminator="\n")
    writer.writerow(table.header)
    writer.writerows(table.rows)
    return out.getvalue().encode("utf-8")
