"""Personal-data screening: every cell of every local table is checked before publication.

The screen looks for seven kinds of personal data (``KINDS``) in *every* column, whatever its
name; a column is only skipped when its schema field declares a legal basis (``exempt``).

Every detector validates what its pattern finds with the official rule of the identifier (real
dates, state codes, check digits), so plain words and numbers do not produce false positives, and
is hardened against the usual evasions: lowercase, spaces/hyphens/dots inserted between the
characters of a key, ``juan at gmail dot com`` and friends.

How it stays fast: the cells of one column are joined into one string (separated by NUL, which
never occurs in readable text) and compiled patterns run over that string in C; Python only looks
at candidate matches, whose offsets are mapped back to rows by binary search. Before an expensive
pattern runs, a cheap digit-led pre-filter keeps only the cells holding its raw material (six
digits in a row for the keys, ten for phones...), and columns of plain numbers or dates only get
the whole-cell checks that can apply to them. Every cell is screened; nothing is sampled.

The module is pure: no printing, no I/O.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from datetime import date
from itertools import accumulate
from operator import add, mul

from .deobfuscate import decode, despace, encoded_pattern, fold

__all__ = ["KINDS", "Hit", "find_kinds", "screen_rows"]

KINDS = ("curp", "rfc", "ine-key", "nss", "email", "phone", "card-number")


@dataclass(frozen=True)
class Hit:
    """One kind of personal data found in one column."""

    kind: str  # one of KINDS
    column: str  # header name of the column, or f"#{index+1}" when the header is empty
    line: int  # 1-based line of the first row where it occurs (the header is line 1)
    count: int  # number of cells of the column with this kind


# --------------------------------------------------------------------------------------------
# Shared building blocks
# --------------------------------------------------------------------------------------------

_JOIN = "\x00"  # cell separator inside a joined column; NUL never occurs in readable text
_FLAGS = re.IGNORECASE

# Separators an evader may insert between the characters of a key: spaces (incl. no-break),
# tabs, dots, hyphens (incl. the Unicode dashes) and _ / + , ; | : ~ *. At most three in a row
# (runs of blanks count as one: ``_view`` squeezes them).
_SEP_CHARS = " \t\u00a0._/+,;|:~*\\-\u2010-\u2015"
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


_PHONE_HEADER = re.compile(
    r"telef|phone|celular|whats|(?<![a-z])(?:tel|tels|cel|movil|fax|lada)(?![a-z])"
)
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


# Whole-cell digit strings, run over the NUL-padded text (a literal first: fast).
_WHOLE_NSS = re.compile(r"\x00\d{11}(?=\x00)")
_WHOLE_CARD = re.compile(r"\x00\d{13,19}(?=\x00)")
_WHOLE_PHONE = re.compile(r"\x00\d{10,13}(?=\x00)")
_EMAIL_HINTS = ("arroba", " at", "(at", "[at", "{at", "<at")


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

    def view(self, text: str) -> _Column:
        """The same rows with another text (``text`` has as many cells as this column's)."""
        if text == self.text:
            return self
        return _Column(self.header, text.split(_JOIN), self.index, text)

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
        an eighth of them, filtering would not pay and the column itself is returned."""
        text, starts = (self.padded() if padded else self.text), self._offsets()
        limit = max(64, len(self.cells) // 8)
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

    def overlaps_key(self, start: int, end: int) -> bool:
        """Whether [start, end) overlaps anything shaped like a CURP or an INE key."""
        if self._key_spans is None:
            spans = sorted(
                [m.span() for m in _CURP.finditer(self.text)]
                + [m.span() for m in _INE.finditer(self.text)]
            )
            self._key_spans = ([s for s, _ in spans], [e for _, e in spans])
        starts, ends = self._key_spans
        i = bisect_right(starts, end - 1)  # spans starting before ``end``
        return any(ends[j] > start for j in range(max(0, i - 2), i))


def _scan(
    pattern: re.Pattern[str], text: str, accept: Callable[[re.Match[str]], bool]
) -> Iterator[re.Match[str]]:
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


# --------------------------------------------------------------------------------------------
# CURP
# --------------------------------------------------------------------------------------------

# fmt: off
CURP_STATES = frozenset((
    "AS", "BC", "BS", "CC", "CL", "CM", "CS", "CH", "DF", "DG", "GT", "GR", "HG", "JC", "MC", "MN",
    "MS", "NT", "NL", "OC", "PL", "QT", "QR", "SP", "SL", "SR", "TC", "TS", "TL", "VZ", "YN", "ZS",
    "NE",  # nacido en el extranjero (born abroad)
))
# fmt: on
_CURP_ALPHABET = "0123456789ABCDEFGHIJKLMNÑOPQRSTUVWXYZ"
_CURP_VALUE = {c: i for i, c in enumerate(_CURP_ALPHABET)}
_CURP_WEIGHTS = range(18, 1, -1)
# fmt: off
_CURP = re.compile(
    _LB
    + "(?P<letters>" + _spaced("[A-Z]", "[AEIOUX]", "[A-Z]", "[A-Z]") + ")" + _S
    + _spaced(*[r"\d"] * 6, "[HM]", "[A-Z]", "[A-Z]", _CONSONANT, _CONSONANT, _CONSONANT, "[A-Z0-9]", r"\d")
    + _RB,
    _FLAGS,
)
# fmt: on


def curp_check_digit(first17: str) -> int:
    """RENAPO check digit of a CURP from its first 17 characters.

    Each character takes its index in ``0123456789ABCDEFGHIJKLMNÑOPQRSTUVWXYZ`` and is weighted
    18, 17, ... 2; the digit is ``(10 - sum % 10) % 10``.
    """
    total: int = sum(map(mul, map(_CURP_VALUE.__getitem__, first17), _CURP_WEIGHTS))
    return (10 - total % 10) % 10


def is_curp(value: str) -> bool:
    """Official CURP (Clave Única de Registro de Población, RENAPO), 18 characters:

    * 4 letters: initial and first internal vowel of the first surname (``[A-Z][AEIOUX]``),
      initials of the second surname and of the given name;
    * birth date ``YYMMDD``;
    * sex ``H``/``M``;
    * state of birth, one of the 32 state codes or ``NE`` (born abroad);
    * first internal consonants of the surnames and the given name;
    * homoclave: a digit for people born in 1900-1999, a letter for 2000 onwards;
    * check digit (``curp_check_digit``).

    ``value`` is already compact (uppercase, no separators).
    """
    if len(value) != 18 or value[11:13] not in CURP_STATES:
        return False
    century = 1900 if value[16].isdigit() else 2000
    if not _valid_yymmdd(value[4:10], century):
        return False
    try:
        return value[17] == str(curp_check_digit(value[:17]))
    except KeyError:  # a character outside the RENAPO alphabet
        return False


def _curp_match_ok(m: re.Match[str]) -> bool:
    return _block_ok(m.group("letters")) and is_curp(_compact(m.group()))


def _detect_curp(col: _Column) -> set[int]:
    return {col.row(m.start()) for m in _scan(_CURP, col.text, _curp_match_ok)}


# --------------------------------------------------------------------------------------------
# RFC (persona física only)
# --------------------------------------------------------------------------------------------

_RFC_LETTER = "[A-ZÑ&]"
# fmt: off
_RFC = re.compile(
    _LB
    + "(?P<letters>" + _spaced(*[_RFC_LETTER] * 4) + ")" + _S
    + "(?P<date>" + _spaced(*[r"\d"] * 6) + ")" + _S
    + "(?P<homoclave>" + _spaced(*["[A-Z0-9]"] * 3) + ")"
    + _RB,
    _FLAGS,
)
# fmt: on


def is_rfc_fisica(value: str) -> bool:
    """RFC of a *persona física* (SAT), 13 characters: 4 letters from the name
    (``[A-ZÑ&]``), birth date ``YYMMDD`` (must be a real date) and a 3-character homoclave.

    The 12-character RFC of a *persona moral* (3 letters + date of incorporation + homoclave,
    e.g. ``SAT970701NN3``) identifies a company, not a person, and is deliberately not matched.
    ``value`` is already compact (uppercase, no separators).
    """
    return (
        len(value) == 13
        and value[:4].replace("&", "A").isalpha()
        and value[4:10].isdigit()
        and _valid_yymmdd(value[4:10])
        and value[10:].isalnum()
    )


_SAT_ALPHABET = "0123456789ABCDEFGHIJKLMN&OPQRSTUVWXYZ Ñ"
_SAT_VALUE = {c: i for i, c in enumerate(_SAT_ALPHABET)}


def rfc_check_digit(first12: str) -> str:
    """SAT check character of an RFC from its first 12 characters: each character takes its
    index in ``0123456789ABCDEFGHIJKLMN&OPQRSTUVWXYZ Ñ``, weighted 13, 12, ... 2; with
    ``r = 11 - sum % 11`` the character is ``0`` for 11, ``A`` for 10 and the digit otherwise."""
    r = 11 - sum(map(mul, map(_SAT_VALUE.__getitem__, first12), range(13, 1, -1))) % 11
    return "0" if r == 11 else "A" if r == 10 else str(r)


def _rfc_check_ok(value: str) -> bool:
    try:
        return rfc_check_digit(value[:12]) == value[12]
    except KeyError:  # a character outside the SAT alphabet
        return False


def _detect_rfc(col: _Column, checked: bool = False) -> set[int]:
    """RFCs of persons; with ``checked``, only those whose SAT check character is right."""
    text = col.text
    found: set[int] = set()
    for m in _RFC.finditer(text):
        raw = m.group()
        value = _compact(raw)
        if not is_rfc_fisica(value):
            continue
        if checked and not _rfc_check_ok(value):
            continue
        if raw != value:
            # An evasion form (lowercase or separated): words joined by accident must not pass.
            # The letters and the homoclave must each be solid or fully spaced, all letters must
            # share one case, and the last character must be a possible SAT check character.
            letters = "".join(c for c in raw if c.isalpha())
            if not (letters.isupper() or letters.islower()):
                continue
            if not (_block_ok(m.group("letters")) and _block_ok(m.group("homoclave"))):
                continue
            if value[-1] not in "0123456789A":
                continue
        # CURP wins: the first 13 characters of a CURP (or of an INE key) are RFC-shaped.
        if col.overlaps_key(*m.span()):
            continue
        found.add(col.row(m.start()))
    return found


# --------------------------------------------------------------------------------------------
# INE voter key (clave de elector)
# --------------------------------------------------------------------------------------------

# fmt: off
_INE = re.compile(
    _LB
    + "(?P<letters>" + _spaced(*["[A-Z]", _CONSONANT] * 3) + ")" + _S
    + "(?P<digits>" + _spaced(*[r"\d"] * 8) + ")" + _S
    + "[HM]" + _S + _spaced(*[r"\d"] * 3)
    + _RB,
    _FLAGS,
)
# fmt: on


def is_ine_key(value: str) -> bool:
    """Clave de elector of the INE voting card, 18 characters:

    * 6 letters: initial and first internal consonant of the first surname, of the second
      surname and of the given name (so letters 2, 4 and 6 are consonants);
    * birth date ``YYMMDD`` (a real date);
    * 2-digit state of birth, 01-32;
    * sex ``H``/``M``;
    * 3 digits (check digit and homonymy key).

    ``value`` is already compact (uppercase, no separators).
    """
    return (
        len(value) == 18
        and _valid_yymmdd(value[6:12])
        and value[12:14].isdigit()
        and 1 <= int(value[12:14]) <= 32
    )


def _ine_match_ok(m: re.Match[str]) -> bool:
    return _block_ok(m.group("letters")) and is_ine_key(_compact(m.group()))


def _detect_ine(col: _Column) -> set[int]:
    return {col.row(m.start()) for m in _scan(_INE, col.text, _ine_match_ok)}


# --------------------------------------------------------------------------------------------
# NSS (IMSS social security number)
# --------------------------------------------------------------------------------------------

# The whole cell is 11 digits, possibly grouped with spaces or hyphens (NUL-padded text).
# Separators between the digit groups of an NSS or a card number (not dots or commas: those
# make decimal numbers).
_GROUP_SEP = r"[ \-_/|:;~*]"
_GROUP_SEPS = str.maketrans("", "", " -_/|:;~*")
_NSS = re.compile(rf"\x00[ \t]*(\d(?:{_GROUP_SEP}?\d){{10}})[ \t]*(?=\x00)")
_THIS_YEAR = date.today().year % 100


def is_nss(digits: str) -> bool:
    """Número de Seguridad Social of the IMSS, 11 digits:

    * 2 digits: subdelegación that registered the worker;
    * 2 digits: year of registration;
    * 2 digits: year of birth;
    * 4 digits: sequence number;
    * 1 check digit: Luhn (mod 10) over the first ten.

    Structure check (as in IMSS's own validators): outside subdelegación 97, which does not
    record the birth year, the person cannot have been registered before being born; two-digit
    years up to the current one are read as 20YY, later ones as 19YY.
    """
    if len(digits) != 11 or not digits.isdigit():
        return False
    if digits[:2] != "97":
        registered, born = int(digits[2:4]), int(digits[4:6])
        registered += 2000 if registered <= _THIS_YEAR else 1900
        born += 2000 if born <= _THIS_YEAR else 1900
        if born > registered:
            return False
    return luhn_valid(digits)


def _detect_nss(col: _Column) -> set[int]:
    """A cell counts when it is exactly 11 digits and a valid NSS. The column must agree: 1 in 10
    numbers passes Luhn by chance, so unless a header names the NSS (nss, imss, seguridad
    social), at least two distinct valid numbers are needed and they must be most of the distinct
    11-digit values: otherwise they are amounts or identifiers, not social security numbers."""
    padded = col.padded()
    candidates = _NSS.findall(padded)  # strings only: cheap even for a column of 11-digit ids
    distinct = {value if len(value) == 11 else value.translate(_GROUP_SEPS) for value in candidates}
    valid = {value for value in distinct if is_nss(value)}
    judged_alone = len(col.cells) == 1  # one value on its own (find_kinds): no column to agree with
    if not valid or not (
        col.nss_header or judged_alone or (len(valid) >= 2 and 2 * len(valid) > len(distinct))
    ):
        return set()
    return {
        col.row(m.start())
        for m in _NSS.finditer(padded)
        if (m.group(1) if len(m.group(1)) == 11 else m.group(1).translate(_GROUP_SEPS)) in valid
    }


# --------------------------------------------------------------------------------------------
# E-mail
# --------------------------------------------------------------------------------------------

_BRA, _KET = r"[\[\(\{<]", r"[\]\)\}>]"
_LABEL = r"[A-Z0-9](?:[A-Z0-9\-]{0,61}[A-Z0-9])?"
_AT = (
    rf"@|[ \t]+@[ \t]+"  # "a @ b", but not "Coordinación General @prende.mx" (a brand)
    rf"|[ \t]*{_BRA}[ \t]*(?:at|arroba|@)[ \t]*{_KET}[ \t]*"
    rf"|[ \t]+(?P<word_at>at|arroba)[ \t]+"
)
_DOT = (
    rf"\."
    rf"|[ \t]*{_BRA}[ \t]*(?:dot|punto|\.)[ \t]*{_KET}[ \t]*"
    rf"|[ \t]+(?:dot|punto)[ \t]+"
)
_EMAIL = re.compile(
    r"(?<![\w.%+\-])(?P<local>[A-Z0-9][A-Z0-9._%+\-]{0,63})"
    rf"(?P<at>{_AT})"
    rf"(?P<domain>{_LABEL}(?:(?:{_DOT}){_LABEL})*)(?P<dot>{_DOT})(?P<tld>[A-Z]{{2,24}})"
    r"(?![\w\-]|\.[A-Z0-9])",
    _FLAGS,
)
_EMAIL_PREFILTER = re.compile(r"@|arroba|(?<![a-z])at(?![a-z])", _FLAGS)
# "ARROBA" glued to the words around it on one side or both (``juanARROBAgmail.com``).
_GLUED_ARROBA = re.compile(r"(?<=[a-z0-9])[ \t]*arroba[ \t]*(?=[a-z0-9])", _FLAGS)
# File extensions are not top-level domains ("logo@2x.png").
# fmt: off
_NOT_TLD = frozenset((
    "png", "jpg", "jpeg", "gif", "svg", "webp", "bmp", "tif", "tiff",
    "pdf", "csv", "xls", "xlsx", "doc", "docx", "zip", "txt",
))
_WEBMAIL = frozenset((
    "gmail", "hotmail", "yahoo", "outlook", "live", "msn", "icloud", "aol", "prodigy",
    "protonmail", "proton", "yandex", "gmx",
))
# fmt: on


def _email_match_ok(m: re.Match[str]) -> bool:
    """Standard addresses (``local@domain.tld``) and their written-out evasions: ``[at]``,
    ``(arroba)``, `` at ``, ``[dot]``, `` punto ``...

    Bare `` at `` is ordinary English ("available at data.gov.au"), so with it the address
    must also spell out a dot (`` dot ``/``[.]``) or use a well-known webmail domain."""
    tld = m.group("tld").lower()
    if tld in _NOT_TLD:
        return False
    domain = m.group("domain").lower()
    if domain.startswith("www"):
        return False
    word_at = m.group("word_at")
    if word_at is not None and word_at.lower() == "at":
        spelled_dot = m.group("dot") != "." or re.search(r"[ \t\[\(\{<]", domain) is not None
        first_label = re.split(r"[\s.\[\(\{<]", domain, maxsplit=1)[0]
        if not spelled_dot and first_label not in _WEBMAIL:
            return False
    return True


def _has_email_hint(text: str) -> bool:
    lowered = text.lower()
    return any(hint in lowered for hint in _EMAIL_HINTS)


def _unspaced_email(text: str) -> str:
    """The text with addresses spelled out letter by letter (``j u a n @ g m a i l . c o m``)
    closed up and a glued "arroba" read as ``@``."""
    return _GLUED_ARROBA.sub("@", despace(text))


def _detect_email(col: _Column) -> set[int]:
    return {col.row(m.start()) for m in _scan(_EMAIL, col.text, _email_match_ok)}


# --------------------------------------------------------------------------------------------
# Phone
# --------------------------------------------------------------------------------------------

_P = r"(?:[ \t]?[.\-][ \t]?|[ \t])?"  # separator between digit groups
_AREA2 = rf"(?:\([ \t]?[2-9]\d[ \t]?\)[ \t]?|[2-9]\d{_P})"
_AREA3 = rf"(?:\([ \t]?[2-9]\d\d[ \t]?\)[ \t]?|[2-9]\d\d{_P})"
_NATIONAL = (
    rf"(?:{_AREA2}\d{{4}}{_P}\d{{4}}"
    rf"|{_AREA2}\d{{4}}{_P}\d\d{_P}\d\d"
    rf"|{_AREA3}\d{{3}}{_P}\d{{4}}"
    rf"|{_AREA3}\d{{3}}{_P}\d\d{_P}\d\d"
    rf"|[2-9]\d{_P}\d\d{_P}\d\d{_P}\d\d{_P}\d\d)"
)
_PREFIX = (
    r"(?:(?P<intl>(?:\+|00)[ \t]?52|\([ \t]?\+[ \t]?52[ \t]?\))[ \t.\-]*(?:1[ \t.\-]*)?"
    r"|52[ \t.\-]?(?:1[ \t.\-]?)?"
    r"|0(?:1|44|45)[ \t.\-]?)"
)
_PHONE = re.compile(
    rf"(?<![\w.,+\-])(?<!\d[ \t.\-])(?:{_PREFIX})?(?P<national>{_NATIONAL})(?![\w]|[.,]\d|[ \t.\-]\d)",
    _FLAGS,
)
_PHONE_KEYWORD = re.compile(
    r"(?<![a-z])(?:tel[eé]fonos?|tels?|cel(?:ular)?|m[oó]vil|whats ?app|phone|fax|lada)"
    r"[ \t]*\.?[ \t]*(?:[:#]|n[uú]m(?:ero)?\.?|no\.?)?[ \t:.\-]*$",
    _FLAGS,
)
_PHONE_LEFTOVER = re.compile(
    r"[\s,;/|:.\-()#]*"
    r"(?:(?:tel[eé]fonos?|tels?|cel(?:ular)?|m[oó]vil|whats ?app|phone|fax|lada|oficina|casa"
    r"|conmutador|directo|y|o|and|or|ext(?:ensi[oó]n)?\.?[ \t]*\d{1,6})[\s,;/|:.\-()#]*)*",
    _FLAGS,
)


_DECIMAL = re.compile(r"\d++\.\d++")


def _phone_shape_ok(m: re.Match[str]) -> bool:
    """A single dot between two digit runs is a decimal number (``-99.11746972``), not a phone."""
    return _DECIMAL.fullmatch(m.group()) is None


def _detect_phone(col: _Column) -> set[int]:
    """Mexican phone numbers (``_PHONE``): 10 national digits whose first digit is 2-9 (area
    code of 2 or 3 digits + 8 or 7 digits), optionally preceded by +52 / 0052 / 52 (and the
    legacy mobile ``1``) or the legacy prefixes 01, 044, 045; groups may be separated by spaces,
    hyphens or dots and the area code may sit in parentheses.

    A candidate counts when the cell *looks like* a phone:

    * it is preceded, in the cell, by tel/teléfono/cel/celular/móvil/whatsapp/fax; or
    * it carries an unmistakable phone format anywhere: a +52 prefix or an area code in
      parentheses, e.g. ``(55) 1234-5678``; or
    * the cell is mostly phone numbers (labels, extensions and list punctuation aside).

    A cell made only of digits is never a phone unless the column header names a phone
    (tel, teléfono, celular, móvil, phone, whatsapp): 10-digit integers in numeric columns
    are amounts, identifiers or population counts.
    """
    found: set[int] = set()
    rejected: set[int] = set()
    for m in _PHONE.finditer(col.text):
        idx = col.row(m.start())
        if idx in found or idx in rejected or not _phone_shape_ok(m):
            continue
        cell = col.cells[idx]
        bare = cell.strip()
        if bare.isdigit():
            (found if col.phone_header else rejected).add(idx)
            continue
        if m.group() == bare:  # the cell is just a formatted phone number
            found.add(idx)
            continue
        before = cell[: m.start() - col.start(idx)][-40:]
        national = m.group("national")
        if (
            _PHONE_KEYWORD.search(before)
            or m.group("intl")
            or national.lstrip().startswith("(")
            or _mostly_phone(cell)
        ):
            found.add(idx)
    return found


def _mostly_phone(cell: str) -> bool:
    rest = _PHONE.sub(" ", cell)
    return _PHONE_LEFTOVER.fullmatch(rest) is not None


# --------------------------------------------------------------------------------------------
# Card numbers
# --------------------------------------------------------------------------------------------

_CARD = re.compile(
    rf"\d(?<![\w.,+]\d)(?<!\d{_GROUP_SEP}\d)(?:{_GROUP_SEP}?\d){{12,18}}(?!\w|[.,]\d|{_GROUP_SEP}\d)"
)


def card_brand_ok(digits: str) -> tuple[bool, bool]:
    """(known IIN with a valid length, is Visa/Mastercard) for a string of digits. A payment
    card number has 13-19 digits, a known IIN prefix and a valid Luhn check digit.

    IIN prefixes: Visa 4 (13, 16 or 19 digits); Mastercard 51-55 and 2221-2720 (16 digits);
    American Express 34, 37 (15); Discover 6011 and 65 (16-19)."""
    n = len(digits)
    if digits[0] == "4":
        return n in (13, 16, 19), True
    if "51" <= digits[:2] <= "55" or "2221" <= digits[:4] <= "2720":
        return n == 16, True
    if digits[:2] in ("34", "37"):
        return n == 15, False
    if digits[:4] == "6011" or digits[:2] == "65":
        return 16 <= n <= 19, False
    return False, False


_CARD_GROUPS = re.compile(
    rf"\d{{4}}(?:{_GROUP_SEP}\d{{4}})*{_GROUP_SEP}\d{{1,4}}|\d{{4}}{_GROUP_SEP}\d{{6}}{_GROUP_SEP}\d{{4,5}}"
)


def _grouped_like_card(raw: str) -> bool:
    """Printed like a card: groups of 4 (the last may be shorter), or Amex/Diners 4-6-5/4-6-4."""
    return _CARD_GROUPS.fullmatch(raw) is not None


def _detect_card(col: _Column) -> set[int]:
    """A valid card number counts when it is printed in groups of four, or when the header
    names a card (tarjeta, card), or when it is exactly 16 bare digits with a Visa/Mastercard
    prefix. For bare numbers the column must agree: where most 16-digit Visa/Mastercard-like
    numbers fail Luhn, the column holds identifiers and the few that pass are chance."""
    found: set[int] = set()
    bare_found: set[int] = set()
    bare_candidates = 0
    for m in _CARD.finditer(col.text):
        raw = m.group()
        digits = raw.translate(_GROUP_SEPS)
        brand_ok, visa_mc = card_brand_ok(digits)
        bare = raw == digits
        if bare and len(digits) == 16 and visa_mc:
            bare_candidates += 1
        if not brand_ok or not luhn_valid(digits):
            continue
        idx = col.row(m.start())
        if col.card_header or _grouped_like_card(raw):
            found.add(idx)
        elif bare and len(digits) == 16 and visa_mc:
            bare_found.add(idx)
    if len(bare_found) * 2 >= bare_candidates:
        found |= bare_found
    return found


# --------------------------------------------------------------------------------------------
# Public interface
# --------------------------------------------------------------------------------------------

_DETECTORS: dict[str, Callable[[_Column], set[int]]] = {
    "curp": _detect_curp,
    "rfc": _detect_rfc,
    "ine-key": _detect_ine,
    "nss": _detect_nss,
    "email": _detect_email,
    "phone": _detect_phone,
    "card-number": _detect_card,
}


_BLANK_RUN = re.compile(r"[ \t]{2,}")


def _normalised(col: _Column) -> _Column:
    """The column folded to plain Latin (``deobfuscate.fold``), runs of blanks squeezed."""
    text = fold(col.text)
    if _BLANK_RUN.search(text) is not None:
        text = _BLANK_RUN.sub(" ", text)
    return col.view(text)


def _screen_column(col: _Column) -> dict[str, set[int]]:
    """Original row indices per kind found in the column: in its normalised text and, for
    the cells holding encoded text, in their decoding."""
    if not col.text.strip(_JOIN + " \t\r\n"):
        return {}
    return _screen_normalised(_normalised(col))


def _screen_normalised(view: _Column) -> dict[str, set[int]]:
    text = view.text
    if not text.strip(_JOIN + " \t\r\n"):
        return {}
    found = _screen_view(view)
    encoded = view.subset(encoded_pattern(text))
    if encoded is not None and (decoded := encoded.view(decode(encoded.text))) is not encoded:
        for kind, rows in _screen_view(decoded).items():
            found.setdefault(kind, set()).update(rows)
    return found


def _screen_view(col: _Column) -> dict[str, set[int]]:
    text = col.text
    runs: list[tuple[str, _Column | None]] = []
    if _is_plain(text):
        runs.append(("nss", col.subset(_WHOLE_NSS, padded=True)))
        runs.append(("card-number", col.subset(_WHOLE_CARD, padded=True)))
        if col.phone_header:
            runs.append(("phone", col.subset(_WHOLE_PHONE, padded=True)))
    else:
        digits = col.subset(_DIGIT6)
        if digits is not None:
            keys = digits.subset(_KEY_HINT)
            runs += [("curp", keys), ("rfc", keys), ("ine-key", keys)]
            runs += [("nss", digits), ("card-number", digits)]
            runs.append(("phone", digits.subset(_PHONE_HINT)))
        if "@" in text or _has_email_hint(text):
            emails = col.subset(_EMAIL_PREFILTER)
            runs.append(("email", emails))
            if emails is not None:
                runs.append(("email", emails.view(_unspaced_email(emails.text))))
    found: dict[str, set[int]] = {}
    for kind, sub in runs:
        if sub is not None and (rows := _DETECTORS[kind](sub)):
            found.setdefault(kind, set()).update(sub.original(rows))
    return found


def find_kinds(value: str) -> set[str]:
    """All kinds found in one cell value."""
    return set(_screen_column(_Column("", [value])))


def screen_rows(
    header: list[str],
    rows: Iterable[tuple[int, list[str]]],
    exempt: AbstractSet[str] = frozenset(),
) -> list[Hit]:
    """rows yields (line_number, cells). Columns whose header is in `exempt` (fields that
    declare a legal basis) are not screened. Returns hits sorted by (line, column, kind); one
    Hit per (column, kind)."""
    lines: list[int] = []
    table: list[Sequence[str]] = []
    for line, cells in rows:
        lines.append(line)
        table.append(cells)
    if not table:
        return []
    width = max(len(header), max(len(r) for r in table))
    if any(len(r) != width for r in table):
        table = [r if len(r) == width else [*r, *[""] * (width - len(r))] for r in table]
    names: list[str] = []
    views: list[_Column | None] = []
    found: list[dict[str, set[int]]] = []
    for index, column_cells in enumerate(zip(*table, strict=True)):
        raw_name = header[index] if index < len(header) else ""
        name = raw_name if isinstance(raw_name, str) else "" if raw_name is None else str(raw_name)
        column = name if name.strip() else f"#{index + 1}"
        names.append(column)
        if name in exempt or name.strip() in exempt or column in exempt:
            views.append(None)
            found.append({})
            continue
        view = _normalised(_Column(name, column_cells))
        views.append(view)
        found.append(_screen_normalised(view))
    _screen_adjacent(views, found)
    hits = [
        Hit(kind, names[index], lines[min(rows)], len(rows))
        for index, kinds in enumerate(found)
        for kind, rows in kinds.items()
    ]
    hits.sort(key=lambda h: (h.line, h.column, h.kind))
    return hits


# --------------------------------------------------------------------------------------------
# Keys split over neighbouring cells
# --------------------------------------------------------------------------------------------


def _prefixes(*classes: str) -> str:
    """A pattern for the proper prefixes (1 to n-1 characters) of a key made of ``classes``,
    separators allowed between the characters."""
    pattern = classes[-2]
    for cls in reversed(classes[:-2]):
        pattern = f"{cls}(?:{_S}{pattern})?"
    return pattern


_CURP_CLASSES = ("[A-Z]", "[AEIOUX]", "[A-Z]", "[A-Z]", *[r"\d"] * 6, "[HM]", "[A-Z]", "[A-Z]",
                 _CONSONANT, _CONSONANT, _CONSONANT, "[A-Z0-9]", r"\d")  # fmt: skip
_INE_CLASSES = (*["[A-Z]", _CONSONANT] * 3, *[r"\d"] * 8, "[HM]", *[r"\d"] * 3)
_RFC_CLASSES = (*[_RFC_LETTER] * 4, *[r"\d"] * 6, *["[A-Z0-9]"] * 3)
_KEYS = (_CURP_CLASSES, _INE_CLASSES, _RFC_CLASSES)
# A whole cell that is the beginning of a CURP, INE key or RFC, and one that may be the rest
# of a key: 1 to 17 letters and digits (NUL-padded text).
_KEY_HEAD = re.compile(
    rf"\x00[ \t]*(?:{'|'.join(_prefixes(*key) for key in _KEYS)}){_S}(?=\x00)", _FLAGS
)
_KEY_TAIL = re.compile(rf"\x00{_S}[A-Z0-9Ñ&](?:{_S}[A-Z0-9Ñ&]){{0,16}}[ \t]*(?=\x00)", _FLAGS)
_SPLIT_DETECTORS: tuple[tuple[str, Callable[[_Column], set[int]]], ...] = (
    ("curp", _detect_curp),
    ("ine-key", _detect_ine),
    ("rfc", lambda col: _detect_rfc(col, checked=True)),  # no date-and-letters accident
)


def _rows_matching(col: _Column | None, pattern: re.Pattern[str]) -> Sequence[int]:
    """Rows whose whole cell matches ``pattern`` (a ``range`` when more than an eighth do)."""
    if col is None or (sub := col.subset(pattern, padded=True)) is None:
        return []
    return range(len(col.cells)) if sub is col else sub.index or []


def _both(a: Sequence[int], b: Sequence[int]) -> Sequence[int]:
    if isinstance(a, range) or not b:
        return b
    if isinstance(b, range):
        return a
    return sorted(set(a).intersection(b))


def _screen_adjacent(views: Sequence[_Column | None], found: list[dict[str, set[int]]]) -> None:
    """Keys written over two or three neighbouring cells of a row (``GODE`` | ``561231HDFRRN00``)
    are added to the first column's rows. Only rows whose first cell is, whole, the beginning
    of a key and whose last cell is, whole, its end are joined (literal-led patterns: a column
    of words or numbers costs one fast scan); the joined cells then go through the usual
    pre-filters and detectors."""
    heads = [_rows_matching(view, _KEY_HEAD) for view in views]
    tails = [_rows_matching(view, _KEY_TAIL) if i else [] for i, view in enumerate(views)]
    for first, left in enumerate(views):
        for last in range(first + 1, min(first + 3, len(views))):
            parts = views[first : last + 1]
            rows = _both(heads[first], tails[last])
            if left is None or not rows or None in parts:
                continue
            cells = [view.cells for view in parts if view is not None]
            if isinstance(rows, range):
                joined = list(map(add, cells[0], cells[1]))
                if len(cells) == 3:
                    joined = list(map(add, joined, cells[2]))
                index = None
            else:
                a, b, c = cells[0], cells[1], cells[-1] if len(cells) == 3 else None
                joined = (
                    [a[r] + b[r] for r in rows] if c is None else [a[r] + b[r] + c[r] for r in rows]
                )
                index = rows
            _add_split_keys(_Column(left.header, joined, index), found, first, last)


def _add_split_keys(col: _Column, found: list[dict[str, set[int]]], first: int, last: int) -> None:
    digits = col.subset(_DIGIT6)
    keys = None if digits is None else digits.subset(_KEY_HINT)
    if keys is None:
        return
    for kind, detect in _SPLIT_DETECTORS:
        rows = keys.original(detect(keys))
        for j in range(first + 1, last + 1):  # found in a later cell alone: reported there
            rows -= found[j].get(kind, set())
        if not rows:
            continue
        found[first].setdefault(kind, set()).update(rows)
        if kind != "rfc":  # CURP wins: its first 13 characters are RFC-shaped (``GODE561231HDF``)
            for j in range(first, last + 1):
                if (
                    (rfc := found[j].get("rfc")) is not None
                    and not rfc.difference_update(rows)
                    and not rfc
                ):
                    del found[j]["rfc"]
