"""Stage 2, check: Every file the site publishes, turned into rows of cells for the personal-data
screen: text tables, every sheet of an XLSX or ODS workbook (hidden ones included), every column of
a Parquet file, every value and key of a JSON document, and the members of a ZIP archive."""

# Readers work on bytes and are bounded; a reader's failure is the caller's to report.

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from xml.etree.ElementTree import XMLPullParser

from . import dialects
from .filetypes import ZIP_MAX_MEMBERS, container_kind

MAX_JSON_DEPTH = 200
MAX_JSON_VALUES = 10_000_000
MAX_ODS_XML_BYTES = 200 * 1024 * 1024
MAX_REPEAT = 1_000  # an ODS row or cell "repeated" more often than this is blank filler
MAX_PARQUET_CELLS = 50_000_000
ZIP_MAX_TOTAL_BYTES = 200 * 1024 * 1024

_ODS_TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
_ODS_TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
_ODS_OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
_XLSX_PARTS = re.compile(
    r"(?:xl/(?:sharedStrings|workbook|comments[^/]*(?:/[^/]+)?|threadedComments/[^/]+|persons/[^/]+"
    r"|drawings/[^/]+|worksheets/_rels/[^/]+)|docProps/[^/]+)\.(?:xml|rels)$"
)
_XLSX_SHEETS = re.compile(r"xl/worksheets/[^/]+\.xml$")
_XLSX_FORMULA = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}f"
_ODS_PARTS = re.compile(r"(?:meta|styles)\.xml$")


@dataclass
class Sheet:
    """One table of a file: `name` is the sheet's name ("" for a lone table); every row, the
    first included, with its line (the row number a spreadsheet shows). A `loose` sheet is the
    text of a workbook's other parts (comments, links, properties): no header, no lines."""

    name: str
    rows: list[tuple[int, list[Any]]]
    loose: bool = False
    delimiter: str = ","


class Refused(Exception):
    """A file beyond a reader's limits."""


def kind_of(raw: bytes, declared: str | None) -> str | None:
    """How to read a file's cells, from its content first (declared formats can be wrong); None
    when it cannot be read as rows (PDF, images, unknown binary)."""
    head = raw[:65536]
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return _zip_kind(raw)
    if head.startswith(b"PAR1"):
        return "parquet"
    if b"\x00" in head:
        return None
    if declared is None:  # the resource's declared encoding does not decode it as text: not text
        try:
            head.decode("utf-8")
        except UnicodeDecodeError as exc:
            if exc.start < len(head) - 4:  # not just a character cut at the end of the sample
                return None
    return "json" if head.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] in (b"{", b"[") else "text"


def _zip_kind(raw: bytes) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            return container_kind(archive)
    except (zipfile.BadZipFile, OSError, KeyError, ValueError):
        return "zip"  # the member reader reports it


def text_sheets(text: str, delimiter: str | None = None) -> Iterator[Sheet]:
    """A delimited text: the given delimiter, or the one guessed among , ; tab |."""
    if delimiter is None:
        try:
            delimiter = csv.Sniffer().sniff(text[:65536], delimiters="".join(dialects.DELIMITERS)).delimiter
        except csv.Error:
            delimiter = ","
    reader = dialects.reader(text, delimiter)
    rows = []
    line = 1
    for row in reader:
        rows.append((line, row))
        line = reader.line_num + 1
    yield Sheet("", rows, delimiter=delimiter)


def xlsx_sheets(raw: bytes) -> Iterator[Sheet]:
    """Every worksheet, visible, hidden or very hidden; cached values of formulas."""
    from openpyxl import load_workbook

    _bounded_archive(raw)
    workbook = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    try:
        for sheet in workbook.worksheets:
            rows = [(i, [_text(c) for c in row]) for i, row in enumerate(sheet.iter_rows(values_only=True), start=1)]
            yield Sheet(str(sheet.title), rows)
    finally:
        workbook.close()
    yield from part_texts(raw, _XLSX_PARTS)
    yield from part_texts(raw, _XLSX_SHEETS, only=_XLSX_FORMULA)  # a formula's result may not be stored


def parquet_sheets(raw: bytes) -> Iterator[Sheet]:
    """Every column, whatever its type, as text; column names are the first row."""
    import polars as pl

    width = len(pl.read_parquet_schema(io.BytesIO(raw)))
    height = pl.scan_parquet(io.BytesIO(raw)).select(pl.len()).collect().item()
    if width * height > MAX_PARQUET_CELLS or width > 2_000:  # compressed, a few MB can hold billions
        raise Refused("parquet")
    frame = pl.read_parquet(io.BytesIO(raw))
    columns = [frame.get_column(name).cast(pl.String, strict=False).fill_null("").to_list() for name in frame.columns]
    rows = [(1, list(frame.columns))]
    rows += [(i, list(cells)) for i, cells in enumerate(zip(*columns, strict=True), start=2)]
    yield Sheet("", rows)


def ods_sheets(raw: bytes) -> Iterator[Sheet]:
    """Every table of an OpenDocument spreadsheet (content.xml read as a stream, bounded)."""
    _bounded_archive(raw)
    with zipfile.ZipFile(io.BytesIO(raw)) as archive:
        info = archive.getinfo("content.xml")
        if info.file_size > MAX_ODS_XML_BYTES:
            raise Refused("content.xml")
        parser: XMLPullParser[Any] = XMLPullParser(events=("start", "end"))
        with archive.open(info) as handle:
            state = _OdsState()
            while chunk := handle.read(1 << 20):
                parser.feed(chunk)
                yield from state.events(parser.read_events())
            parser.close()
            yield from state.events(parser.read_events())
    yield from part_texts(raw, _ODS_PARTS)


def part_texts(raw: bytes, parts: re.Pattern[str], only: str | None = None) -> Iterator[Sheet]:
    """The text and attribute values of a workbook's parts other than its cells (shared strings,
    comments, hyperlink targets, drawings, document properties), one loose sheet per part; with
    `only`, just the text of the elements of that tag (a worksheet's formulas)."""
    with zipfile.ZipFile(io.BytesIO(raw)) as archive:
        for info in archive.infolist():
            if not parts.match(info.filename):
                continue
            texts: list[str] = []
            parser: XMLPullParser[Any] = XMLPullParser(events=("end",))
            with archive.open(info) as handle:
                while chunk := handle.read(1 << 20):
                    parser.feed(chunk)
                    texts += _element_texts(parser.read_events(), only)
                parser.close()
                texts += _element_texts(parser.read_events(), only)
            if texts:
                yield Sheet(info.filename, [(i, [t]) for i, t in enumerate(texts, start=1)], loose=True)


def _element_texts(events: Iterator[Any], only: str | None) -> list[str]:
    texts = []
    for _, element in events:
        if only is None or element.tag == only:
            if element.text and element.text.strip():
                texts.append(element.text)
            if only is None:
                texts += [value for value in element.attrib.values() if value.strip()]
        element.clear()
    return texts


class _OdsState:
    def __init__(self) -> None:
        self.sheet: Sheet | None = None
        self.row: list[str] = []
        self.cell: list[str] = []
        self.line = 0

    def events(self, events: Iterator[Any]) -> Iterator[Sheet]:
        for event, element in events:
            tag = element.tag
            if event == "start" and tag == f"{_ODS_TABLE}table":
                self.sheet, self.line = Sheet(element.get(f"{_ODS_TABLE}name", ""), []), 0
            elif event == "end" and tag == f"{_ODS_TABLE}table" and self.sheet is not None:
                yield self.sheet
                self.sheet = None
            elif event == "start" and tag == f"{_ODS_TABLE}table-row":
                self.row = []
            elif event == "end" and tag == f"{_ODS_TABLE}table-row":
                self._end_row(element)
            elif event == "end" and tag in (f"{_ODS_TABLE}table-cell", f"{_ODS_TABLE}covered-table-cell"):
                self._end_cell(element)
            if event == "end" and tag == f"{_ODS_TABLE}table-row":
                element.clear()  # its cells and their notes have been read

    def _end_cell(self, element: Any) -> None:
        text = "\n".join("".join(p.itertext()) for p in element.iter(f"{_ODS_TEXT}p"))
        value = text or element.get(f"{_ODS_OFFICE}value") or element.get(f"{_ODS_OFFICE}string-value") or ""
        repeat = _repeat(element.get(f"{_ODS_TABLE}number-columns-repeated"))
        self.row.extend([value] * (repeat if value else 1))

    def _end_row(self, element: Any) -> None:
        repeat = _repeat(element.get(f"{_ODS_TABLE}number-rows-repeated"))
        filled = any(self.row)
        for _ in range(repeat if filled else 1):
            self.line += 1
            if filled and self.sheet is not None:
                self.sheet.rows.append((self.line, self.row))
        if not filled:
            self.line += repeat - 1


def _repeat(value: str | None) -> int:
    try:
        return max(1, min(int(value or 1), MAX_REPEAT))
    except ValueError:
        return 1


def _bounded_archive(raw: bytes) -> None:
    """Refuse an archive whose members add up to more than the limits once uncompressed (the
    reader stops at each member's declared size, so the declared sizes bound the work)."""
    with zipfile.ZipFile(io.BytesIO(raw)) as archive:
        members = archive.infolist()
        if len(members) > ZIP_MAX_MEMBERS or sum(i.file_size for i in members) > ZIP_MAX_TOTAL_BYTES:
            raise Refused("zip")


def zip_members(raw: bytes, max_member_bytes: int) -> Iterator[tuple[str, bytes | None]]:
    """(name, bytes) of every file in the archive; bytes None for a member beyond the limits."""
    _bounded_archive(raw)
    with zipfile.ZipFile(io.BytesIO(raw)) as archive:
        for info in [info for info in archive.infolist() if not info.is_dir()]:
            if info.file_size > max_member_bytes:
                yield info.filename, None
                continue
            with archive.open(info) as handle:
                data = handle.read(max_member_bytes + 1)  # the declared size may lie
            yield info.filename, data if len(data) <= max_member_bytes else None


def json_values(data: Any) -> Iterator[tuple[str, str, str]]:
    """(pointer, column, text) of every key and scalar value of a JSON document, at any depth.
    The column is the nearest object key (so GeoJSON `properties` and records group by field);
    an object's keys are their own column, "(clave)"."""
    stack: list[tuple[str, str, Any, int]] = [("", "", data, 0)]
    seen = 0
    while stack:
        pointer, column, value, depth = stack.pop()
        seen += 1
        if depth > MAX_JSON_DEPTH or seen > MAX_JSON_VALUES:
            raise Refused("json")
        if isinstance(value, _Pairs):
            children = []
            for key, item in value:
                child = f"{pointer}/{_escape(str(key))}"
                yield child, "(clave)", str(key)
                children.append((child, str(key), item, depth + 1))
            stack.extend(reversed(children))  # popped in the document's order
        elif isinstance(value, list):
            stack.extend(reversed([(f"{pointer}/{i}", column, item, depth + 1) for i, item in enumerate(value)]))
        elif isinstance(value, str | int) and not isinstance(value, bool):  # floats: measures, coordinates
            yield pointer, column, str(value)


class _Pairs(list[tuple[str, Any]]):
    """A JSON object as its (key, value) pairs: a repeated key keeps every value, as the bytes do."""


def load_json(text: str) -> Any:
    """The document with every object as _Pairs; None when the text is not one JSON document
    (JSON Lines, for instance: then it is screened as text)."""
    try:
        return json.loads(text, object_pairs_hook=_Pairs)
    except RecursionError as exc:
        raise Refused("json") from exc
    except ValueError:
        return None


def _escape(token: str) -> str:
    return token.replace("~", "~0").replace("/", "~1")


def _text(value: Any) -> str:
    if value is None:
        return ""
    return str(value)
