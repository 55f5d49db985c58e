"""Shared by every stage (core): Spreadsheet-safe CSV: the one place that makes a cell inert before any
CSV is written (the whole-catalogue download, the indicators, a spreadsheet converted by `catalogo
new dataset`)."""

# A cell whose text begins with a character a spreadsheet reads as the start of a formula (`=`,
# `+`, `-`, `@`, tab, carriage return, line feed, or their fullwidth and small forms, which some
# spreadsheets fold to ASCII) gets an apostrophe in front, so it is shown as text and never run
# (formula injection). A cell that is a plain number (`-12`, `+3.5`, `-1e3`) stays as it is: a
# spreadsheet reads it as that number, and a negative figure must stay a number.

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from typing import Any, TextIO

FORMULA_START = frozenset("=+-@\t\r\n\uff1d\uff0b\uff0d\uff20\ufe66\ufe62\ufe63\ufe6b\u2212")
_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")


def neutralise(value: Any) -> str:
    """The text of a cell, made inert for spreadsheets."""
    text = "" if value is None else str(value)
    if text[:1] in FORMULA_START and text and not _NUMBER.fullmatch(text):
        return "'" + text
    return text


class SafeWriter:
    """A `csv.writer` whose every cell goes through `neutralise`. A row with a line break that
    the line terminator does not contain (a carriage return, with "\n" rows) has every cell
    quoted: Python's writer would leave it bare, and readers would end the row there."""

    def __init__(self, handle: TextIO, lineterminator: str = "\n") -> None:
        self._writer = csv.writer(handle, lineterminator=lineterminator)
        self._quoted = csv.writer(handle, lineterminator=lineterminator, quoting=csv.QUOTE_ALL)
        self._breaks = tuple(ch for ch in "\r\n" if ch not in lineterminator)

    def writerow(self, row: Iterable[Any]) -> None:
        cells = [neutralise(cell) for cell in row]
        if any(brk in cell for cell in cells for brk in self._breaks):
            self._quoted.writerow(cells)
        else:
            self._writer.writerow(cells)

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)
