"""Stage 2, check: Building blocks of the personal-data screen (``checks/personal.py``): a column
joined into one string (``_Column``), the separators an evader may insert, cheap pre-filters, date
and Luhn rules."""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator, Sequence
from itertools import accumulate
from operator import add

# --------------------------------------------------------------------------------------------
# Shared building blocks
# --------------------------------------------------------------------------------------------

_JOIN = "\x00"  # cell separator inside a joined column; NUL never occurs in readable text
_FLAGS = re.IGNORECASE

# Separators an evader may insert between the characters of a key: spaces (incl. no-break),
# tabs, hyphens (incl. the Unicode dashes), dots and bullets, every ASCII punctuation mark but
# "&" (a letter of RFCs), and the control characters (NUL aside: it separates the cells). At
# most three in a row (runs of blanks count as one: ``_normalised`` squeezes them).
_SEP_CHARS = (
    " \t\u00a0._/+,;|:~*#=^'\"`!?$%@<>(){}\\[\\]\\\\\u00b7\u2022\u2027\u2219\u22c5\\-\u2010-\u2015"
    "\\x01-\\x08\\x0a-\\x1f\\x7f-\\x9f"
)
_S = f"[{_SEP_CHARS}]{{0,3}}"
_SEP_RUN = re.compile(f"[{_SEP_CHARS}]+")

# Not preceded / followed by a letter or digit (any script); "_" counts as a boundary.
_LB = r"(?<![^\W_])"
_RB = r"(?![^\W_])"

_CONSONANT = "[B-DF-HJ-NP-TV-Z]"


def _spaced(*parts: str) -> str:
    """Join single-character patterns so that each may be followed by up to two separators."""
    return _S.join(parts)


def _compact(text: str) -> str:
    """Uppercase the text and drop the separators an evader may have inserted."""
    return text.upper() if text.isalnum() else _SEP_RUN.sub("", text).upper()


def _block_ok(block: str) -> bool:
    """A letter block of a key is written either solid (``GOMA``) or fully spaced (``G O M A``).

    Mixed layouts such as ``Y TME`` are two words that happen to sit side by side (the Spanish
    conjunction "y" before a company RFC), not an evasion, and are rejected.
    """
    parts = [p for p in _SEP_RUN.split(block) if p]
    return len(parts) == 1 or all(len(p) == 1 for p in parts)


_DAYS = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def _valid_yymmdd(digits: str, century: int | None = None) -> bool:
    """YYMMDD is a real calendar date; 29 February needs a leap year (any century if unknown)."""
    yy, mm, dd = int(digits[0:2]), int(digits[2:4]), int(digits[4:6])
    if not 1 <= mm <= 12 or not 1 <= dd <= _DAYS[mm - 1]:
        return False
    if mm == 2 and dd == 29:
        years = [century + yy] if century is not None else [1900 + yy, 2000 + yy]
        return any(y % 4 == 0 and (y % 100 != 0 or y % 400 == 0) for y in years)
    return True


_DOUBLED = str.maketrans("0123456789", "0246813579")  # digit -> digit sum of its double


def luhn_valid(digits: str) -> bool:
    """Luhn (mod 10): doubling every second digit from the right (summing the digits of the
    product), the total is a multiple of 10."""
    return sum(map(int, digits[-1::-2] + digits[-2::-2].translate(_DOUBLED))) % 10 == 0


def _normalize_header(name: str) -> str:
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


_PHONE_HEADER = re.compile(r"telef|phone|celular|whats|(?<![a-z])(?:tel|tels|cel|movil|fax|lada)(?![a-z])")
_CARD_HEADER = re.compile(r"tarjeta|(?<![a-z])card(?:s|number|num|no)?(?![a-z])")
_NSS_HEADER = re.compile(r"(?<![a-z])(?:nss|imss)(?![a-z])|seguridad.?social|seguro.?social")


# --- Pre-filters (each starts with a digit, so the regex engine skips text quickly) ----------

_SEP_CLASS = f"[{_SEP_CHARS}]"
# Six digits in a row, separators allowed: the raw material of every kind but e-mail.
_DIGIT6 = re.compile(rf"\d(?:{_SEP_CLASS}{{0,3}}\d){{5}}")
# A letter right before six digits (separators allowed): the raw material of CURP, RFC, INE.
_KEY_HINT = re.compile(
    rf"\d(?:(?<=[^\W\d_]\d)|(?<=[^\W\d_]{_SEP_CLASS}\d)|(?<=[^\W\d_]{_SEP_CLASS}{{2}}\d)"
    rf"|(?<=[^\W\d_]{_SEP_CLASS}{{3}}\d))(?:{_SEP_CLASS}{{0,3}}\d){{5}}"
)
# Ten digits with phone punctuation in between: the raw material of a phone number.
_PHONE_HINT = re.compile(r"\d(?:[ \t.\-()]{0,3}\d){9}")
# Columns of plain numbers or ISO/slashed dates: letters, spaces and "+" cannot occur there, so
# only whole-cell digit strings can be personal data. Deleting the digits (fast, in C) and
# looking at what is left tells cheaply whether the exact pattern is worth running.
_NO_DIGITS = str.maketrans("", "", "0123456789")
# (possessive quantifiers: linear time even on a 100,000-digit cell)
_PLAIN_NUMBERS = re.compile(r"(?:-?\d*+(?:\.\d*+)?+\x00)*+-?\d*+(?:\.\d*+)?+")
_DATE = r"(?:\d{4}-\d\d-\d\d(?:[T ]\d\d:\d\d(?::\d\d(?:\.\d+)?)?(?:Z|[+\-]\d\d:?\d\d)?)?|\d\d?/\d\d?/\d{2,4})?"
_PLAIN_DATES = re.compile(rf"{_DATE}(?:\x00{_DATE})*")


def _is_plain(text: str) -> bool:
    """Whether every cell is empty, a plain number (``-12.5``) or a date (``2020-01-31``,
    ``2020-01-31T10:00:00Z``, ``31/01/2020``)."""
    if not text.isascii():  # O(1); also keeps ``translate`` on its fast ASCII path
        return False
    rest = text.translate(_NO_DIGITS)
    if not rest.strip(".-\x00") and _PLAIN_NUMBERS.fullmatch(text):
        return True
    return not rest.strip("-:/.TZ +\x00") and _PLAIN_DATES.fullmatch(text) is not None


# Separators between the digit groups of an NSS or a card number (not dots or commas: those
# make decimal numbers).
_GROUP_SEP = r"[ \-_/|:;~*]"
_GROUP_SEPS = str.maketrans("", "", " -_/|:;~*")

# Whole-cell digit strings, run over the NUL-padded text (a literal first: fast).
_WHOLE_NSS = re.compile(r"\x00\d{11}(?=\x00)")
_WHOLE_CARD = re.compile(r"\x00\d{13,19}(?=\x00)")
_WHOLE_PHONE = re.compile(r"\x00\d{10,13}(?=\x00)")
_EMAIL_HINTS = ("arroba", " at", "(at", "[at", "{at", "<at")


_SAMPLE = 512  # cells a large column is first judged on (``_Column.subset``)


class _Column:
    """The cells of one column joined into one string, with lazily computed row offsets.

    ``index`` maps the cells of a column derived with ``subset`` back to the original rows.
    """

    def __init__(
        self,
        header: str,
        cells: Sequence[str],
        index: Sequence[int] | None = None,
        text: str | None = None,
    ) -> None:
        if text is None:
            try:
                text = _JOIN.join(cells)
            except TypeError:  # XLSX/JSON rows may carry numbers or None
                cells = ["" if c is None else c if isinstance(c, str) else str(c) for c in cells]
                text = _JOIN.join(cells)
            if text.count(_JOIN) != len(cells) - 1:
                cells = [c.replace(_JOIN, " ") for c in cells]
                text = _JOIN.join(cells)
        self.header = header
        self.cells = cells
        self.text = text
        self.index = index
        header_key = _normalize_header(header)
        self.phone_header = bool(_PHONE_HEADER.search(header_key))
        self.card_header = bool(_CARD_HEADER.search(header_key))
        self.nss_header = bool(_NSS_HEADER.search(header_key))
        self._starts: list[int] | None = None
        self._padded: str | None = None
        self._key_spans: tuple[list[int], list[int]] | None = None
        self._plain: bool | None = None

    def view(self, text: str) -> _Column:
        """The same rows with another text (``text`` has as many cells as this column's)."""
        if text == self.text:
            return self
        return _Column(self.header, text.split(_JOIN), self.index, text)

    def plain(self) -> bool:
        """Whether every cell is empty, a plain number or a date (``_is_plain``)."""
        if self._plain is None:
            self._plain = _is_plain(self.text)
        return self._plain

    def _offsets(self) -> list[int]:
        if self._starts is None:
            # start of cell i = total length of the cells before it + i separators
            sums = accumulate(map(len, self.cells), add, initial=0)
            self._starts = list(map(add, sums, range(len(self.cells) + 1)))
        return self._starts

    def row(self, pos: int) -> int:
        """Index of the cell that holds offset ``pos`` of the joined text."""
        return bisect_right(self._offsets(), pos) - 1

    def start(self, idx: int) -> int:
        """Offset of cell ``idx`` in the joined text."""
        return self._offsets()[idx]

    def original(self, rows: Iterable[int]) -> set[int]:
        """Row indices of the original column."""
        if self.index is None:
            return set(rows)
        return {self.index[r] for r in rows}

    def padded(self) -> str:
        """The joined text with a NUL before the first and after the last cell, so that
        whole-cell patterns can start with a literal NUL (fast) instead of a lookbehind.
        A match starting at the NUL before cell i starts at offset ``start(i)``."""
        if self._padded is None:
            self._padded = _JOIN + self.text + _JOIN
        return self._padded

    def subset(self, pattern: re.Pattern[str], padded: bool = False) -> _Column | None:
        """The cells where ``pattern`` occurs, ``None`` if none. When it occurs in more than
        an eighth of them, filtering would not pay and the column itself is returned (a large
        column is first judged on its first cells, so that a dense one is not listed up to its
        eighth)."""
        n = len(self.cells)
        if n > 8 * _SAMPLE:
            sample = _JOIN.join(self.cells[:_SAMPLE])
            if 8 * len(pattern.findall(_JOIN + sample + _JOIN if padded else sample)) > _SAMPLE:
                return self
        text, starts = (self.padded() if padded else self.text), self._offsets()
        limit = max(64, n // 8)
        rows: list[int] = []
        pos = 0
        while (m := pattern.search(text, pos)) is not None:
            r = bisect_right(starts, m.start()) - 1
            rows.append(r)
            if len(rows) > limit:
                return self
            pos = starts[r + 1]  # continue with the next cell
        if not rows:
            return None
        if len(rows) == len(self.cells):
            return self
        index = rows if self.index is None else [self.index[r] for r in rows]
        return _Column(self.header, [self.cells[r] for r in rows], index)

    def overlaps(self, start: int, end: int, patterns: Sequence[re.Pattern[str]]) -> bool:
        """Whether [start, end) overlaps a match of any of ``patterns`` (the same ones at every
        call: their matches are found once)."""
        if self._key_spans is None:
            spans = sorted(m.span() for pattern in patterns for m in pattern.finditer(self.text))
            self._key_spans = ([s for s, _ in spans], [e for _, e in spans])
        starts, ends = self._key_spans
        i = bisect_right(starts, end - 1)  # spans starting before ``end``
        return any(ends[j] > start for j in range(max(0, i - 2), i))


def _scan(pattern: re.Pattern[str], text: str, accept: Callable[[re.Match[str]], bool]) -> Iterator[re.Match[str]]:
    """Matches of ``pattern`` that ``accept`` keeps. After a rejected match the search is
    retried one character later, so that an overlapping valid match is not shadowed by it."""
    for m in pattern.finditer(text):
        if accept(m):
            yield m
            continue
        pos = m.start() + 1
        while (retry := pattern.search(text, pos)) is not None and retry.start() < m.end():
            if accept(retry):
                yield retry
                break
            pos = retry.start() + 1
