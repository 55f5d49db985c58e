"""Stage 2, check: Detectors of the personal-data screen for contact and payment data: e-mail addresses
(with their written-out and disguised forms), Mexican phone numbers and payment card numbers."""

from __future__ import annotations

import re

from .deobfuscate import despace
from .personal_base import _EMAIL_HINTS, _FLAGS, _GROUP_SEP, _GROUP_SEPS, _Column, _scan, luhn_valid

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
        if _PHONE_KEYWORD.search(before) or m.group("intl") or national.lstrip().startswith("(") or _mostly_phone(cell):
            found.add(idx)
    return found


def _mostly_phone(cell: str) -> bool:
    rest = _PHONE.sub(" ", cell)
    return _PHONE_LEFTOVER.fullmatch(rest) is not None


# --------------------------------------------------------------------------------------------
# Card numbers
# --------------------------------------------------------------------------------------------

_CARD = re.compile(rf"\d(?<![\w.,+]\d)(?<!\d{_GROUP_SEP}\d)(?:{_GROUP_SEP}?\d){{12,18}}(?!\w|[.,]\d|{_GROUP_SEP}\d)")


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
