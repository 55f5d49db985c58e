"""Stage 2, check: Undo the disguises personal data is written in, before the personal-data screen
matches it."""

# Two steps, both on the NUL-joined text of a column (``checks/personal.py``): every function
# here keeps the number of NUL characters, so the cells of the result are the cells of the input,
# one for one, and a match is still placed on its original row.
#
# * ``fold`` (only for text that is not ASCII): compatibility decomposition (NFKD, which turns
#   fullwidth, mathematical, circled and superscript forms into plain letters and digits and
#   the no-break and other spaces into spaces), drops invisible characters (every format
#   character, ``Cf``: zero-width spaces and joiners, soft hyphens, word joiners, invisible
#   operators, bidi marks, the Mongolian vowel separator, tags...; Hangul fillers, variation
#   selectors) and combining accents (the tilde of ``Ñ`` aside), maps look-alike letters and
#   digits of other scripts to their Latin twins (``LOOKALIKES``: Cyrillic, Greek, Armenian,
#   Cherokee, Lisu, Latin small capitals; decimal digits of every script) and recomposes (NFC).
# * ``decode``: percent-encoding (repeatedly: double encoding too), HTML character references
#   (numeric and named, ``html.unescape``) and base64 tokens (standard or URL-safe, padded or
#   not, 12 to 4,096 characters, kept only when they decode to printable UTF-8 text), up to
#   ``ROUNDS`` times, so that mixed layers (base64 inside percent-encoding...) come apart.
#
# The module is pure: no I/O.

from __future__ import annotations

import base64
import binascii
import html
import re
import unicodedata

__all__ = ["ENCODED", "LOOKALIKES", "ROUNDS", "decode", "despace", "encoded_pattern", "fold"]

ROUNDS = 3  # decoding layers undone at most

# Format characters (the whole Cf category, Unicode 14), other default-ignorable characters
# (Hangul fillers, variation selectors, Mongolian free variation selectors) and combining marks
# of the blocks that decorate Latin letters, except U+0303 (the tilde of Ñ, part of RFCs).
# (the Braille blank too). (Classes of the Basic Multilingual Plane only: the regex engine tests them with a bitmap.)
_INVISIBLE = (
    "\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890-\u0891\u08e2\u180e\u200b-\u200f\u202a-\u202e"
    "\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\u115f\u1160\u3164\uffa0\u180b-\u180d\u180f"
    "\ufe00-\ufe0f\u17b4\u17b5\u2800"
)
_MARKS = "\u0300-\u0302\u0304-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
_DROP = re.compile(f"[{_INVISIBLE}{_MARKS}]+")
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")
_DROP_ASTRAL = re.compile(
    "[\U000110bd\U000110cd\U00013430-\U00013438\U0001bca0-\U0001bca3\U0001d173-\U0001d17a"
    "\U000e0001\U000e0020-\U000e007f\U000e0100-\U000e01ef]+"
)
# What Spanish text is made of besides ASCII: Latin-1 letters and punctuation, dashes, quotes,
# bullets and currency signs. A column with nothing else needs no folding (superscripts, ª, º,
# µ and the soft hyphen are left out: they fold to letters and digits or vanish).
_SUSPECT = re.compile(
    "[^\x00-\x7f\u00a0-\u00a9\u00ab\u00ac\u00ae-\u00b1\u00b4\u00b6-\u00b8\u00bb-\u00ff"
    "\u2010-\u2027\u2030-\u205e\u20a0-\u20bf]"
)


def _pairs(*groups: tuple[str, str]) -> dict[int, str]:
    table: dict[int, str] = {}
    for source, target in groups:
        assert len(source) == len(target), (source, target)
        table.update(zip(map(ord, source), target, strict=True))
    return table


# Look-alikes from Unicode's confusables (TR39) whose prototype is a Latin letter or a digit.
# Lowercase forms map like their capitals (the detectors ignore case), unless they are
# themselves the look-alike of a lowercase letter (Greek ν for v, Cyrillic ԁ for d...).
LOOKALIKES: dict[int, str] = _pairs(
    # Cyrillic
    ("АВСЕНІЈКМОРЅТХУҮЗԀԌԚԜӀѴЬ", "ABCEHIJKMOPSTXYY3DGQWIVB"),
    ("авсенiјкмопрѕтхуүзԁԛԝӏѵьһб".replace("i", "і"), "abcehijkmonpstxyy3dqwlvbh6"),
    # Greek
    ("ΑΒΕΖΗΙΚΜΝΟΡΤΥΧϹϿϜ", "ABEZHIKMNOPTYXCJF"),
    ("αβεζηικμνοπρτυχϲϳ", "abezniku" + "vonptuxcj"),
    # Armenian
    ("ՕՍՏԼօսցհոզ", "OUSLoughnq"),
    # Cherokee
    ("ᎠᎡᎢᎥᎩᎪᎫᎬᏔᎳᎷᎻᎽᏀᏂᏃᏏᏒᏕᏙᏚᏞᏟᏢᏦᏧᏮᏴ", "DRTiyAJEWWMHYGhZbRSVSLCPKd6B"),
    # Lisu
    ("ꓐꓑꓒꓓꓔꓖꓗꓙꓚꓜꓝꓟꓠꓡꓢꓣꓦꓧꓪꓫꓬꓮꓰꓲꓳꓴ", "BPdDTGKJCZFMNLSRVHWXYAEIOU"),
    # Latin small capitals and other Latin look-alikes
    ("ᴀʙᴄᴅᴇɢʜɪᴊᴋʟᴍɴᴏᴘʀꜱᴛᴜᴠᴡʏᴢıȷɑɡƖƧƷ", "ABCDEGHIJKLMNOPRSTUVWYZijagl23"),
)
# Decimal digits of every script (each block holds 0-9 in order), e.g. Arabic-Indic ٥٦١٢٣١.
_DIGIT_ZEROS = (
    0x660, 0x6F0, 0x7C0, 0x966, 0x9E6, 0xA66, 0xAE6, 0xB66, 0xBE6, 0xC66, 0xCE6, 0xD66, 0xDE6,
    0xE50, 0xED0, 0xF20, 0x1040, 0x1090, 0x17E0, 0x1810, 0x1946, 0x19D0, 0x1A80, 0x1A90,
    0x1B50, 0x1BB0, 0x1C40, 0x1C50, 0xA620, 0xA8D0, 0xA900, 0xA9D0, 0xA9F0, 0xAA50, 0xABF0,
    0x104A0, 0x10D30, 0x11066, 0x110F0, 0x11136, 0x111D0, 0x112F0, 0x11450, 0x114D0, 0x11650,
    0x116C0, 0x11730, 0x118E0, 0x11950, 0x11C50, 0x11D50, 0x11DA0, 0x16A60, 0x16AC0, 0x16B50,
    0x1E140, 0x1E2F0, 0x1E950,
)  # fmt: skip
LOOKALIKES.update({zero + d: str(d) for zero in _DIGIT_ZEROS for d in range(10)})
# Full stops of other scripts, the dot of an address (fullwidth and small ones fold by NFKD).
LOOKALIKES.update(_pairs(("。۔ꓸ꘎܁܂", "......")))


_LOOKALIKE = re.compile("[" + "".join(re.escape(chr(c)) for c in sorted(LOOKALIKES) if c < 0x10000) + "]")


# A run of characters between ASCII blanks and cell separators that holds a suspect character
# (tried only where a run starts). Folding works character by character, so folding these runs
# alone gives the text that folding everything would: Spanish text with a stray "º" or "µ"
# costs the runs that hold them, not the whole column.
_NOT_BLANK = "[^\\x00 \\t\\n\\r]"
_SUSPECT_RUN = re.compile(f"(?<!{_NOT_BLANK})(?={_NOT_BLANK}*?{_SUSPECT.pattern}){_NOT_BLANK}*+")


def fold(text: str) -> str:
    """Plain Latin letters and ASCII digits for every disguise of them (see the module)."""
    if text.isascii() or _SUSPECT.search(text) is None:
        return text
    return _SUSPECT_RUN.sub(_fold_run, text)


def _fold_run(m: re.Match[str]) -> str:
    text = _DROP.sub("", unicodedata.normalize("NFKD", m.group()))
    astral = _ASTRAL.search(text) is not None
    if astral:
        text = _DROP_ASTRAL.sub("", text)
    if astral or _LOOKALIKE.search(text) is not None:
        text = text.translate(LOOKALIKES)
    return text if text.isascii() else unicodedata.normalize("NFC", text)


# --------------------------------------------------------------------------------------------
# Encodings
# --------------------------------------------------------------------------------------------

_PERCENT = re.compile(r"(?:%[0-9A-Fa-f]{2})+")
_ENTITY = re.compile(r"&(?:#[0-9]{1,8}|#[xX][0-9A-Fa-f]{1,7}|[A-Za-z][A-Za-z0-9]{1,31});?")
# A base64 token: 12-4,096 characters of the standard or URL-safe alphabet, with at least one
# digit and one character that is not a hexadecimal digit (hashes and UUIDs are hexadecimal;
# the base64 of a text of 9 bytes or more has a digit 98 % of the time).
_B64 = re.compile(
    r"(?<![A-Za-z0-9+/=_-])(?=[A-Za-z0-9+/_-]*[0-9])(?=[A-Za-z0-9+/_-]*[G-Zg-z+/_])"
    r"[A-Za-z0-9+/_-]{12,4096}={0,2}(?![A-Za-z0-9+/=_-])"
)
ENCODED = re.compile(f"{_PERCENT.pattern}|{_ENTITY.pattern}|{_B64.pattern}")
_CONTROLS = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_URLSAFE = str.maketrans("-_", "+/")


def encoded_pattern(text: str) -> re.Pattern[str]:
    """The pattern that finds what ``decode`` may undo in the text (the simplest that can)."""
    return ENCODED if "%" in text or "&" in text else _B64


def _percent(m: re.Match[str]) -> str:
    raw = bytes.fromhex(m.group().replace("%", ""))
    return _CONTROLS.sub(" ", raw.decode("utf-8", errors="replace"))


def _base64(m: re.Match[str]) -> str:
    token = m.group().rstrip("=").translate(_URLSAFE)
    if len(token) % 4 == 1:
        return m.group()
    try:
        raw = base64.b64decode(token + "=" * (-len(token) % 4), validate=True)
        decoded = raw.decode("utf-8")
    except (binascii.Error, ValueError):
        return m.group()
    decoded = decoded.replace("\t", " ").replace("\r", " ").replace("\n", " ")
    if not decoded.isprintable() or not any(c.isalnum() for c in decoded):
        return m.group()
    return f" {decoded} "


def _decode_once(text: str) -> str:
    if "%" in text:
        text = _PERCENT.sub(_percent, text)
    if "&" in text:
        text = html.unescape(text)  # invalid and NUL references become U+FFFD, never NUL
    text = fold(text)
    return _B64.sub(_base64, text)


def decode(text: str) -> str:
    """The text with its percent-encoding, HTML references and base64 tokens undone (up to
    ``ROUNDS`` layers); the same string when there is nothing to undo."""
    for _ in range(ROUNDS):
        decoded = _decode_once(text)
        if decoded == text:
            break
        text = decoded
    return text


# Runs of three or more one-character tokens (``j u a n @ g m a i l . c o m``): the spaces are
# dropped, so that an address spelled out letter by letter reads as an address.
_SPACED = re.compile(r"(?<![^\s\x00])[^\s\x00](?:[ \t]+[^\s\x00]){2,}(?![^\s\x00])")
_BLANKS = re.compile(r"[ \t]+")


def despace(text: str) -> str:
    """The text with letter-by-letter spacing removed (see ``_SPACED``)."""
    return _SPACED.sub(lambda m: _BLANKS.sub("", m.group()), text)
