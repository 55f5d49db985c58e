"""Stage 2, check: How a tabular resource's bytes become text and cells: one answer for the personal-
data screen, the dataset page's preview and the site, so that what is screened is what is shown."""

# Only encodings of the vocabulary (`vocab.encoding_codec`) and a few delimiters are honoured; any
# other declaration is refused by the descriptor check and read here with the defaults.

from __future__ import annotations

import csv
import io
from typing import Any

from ..core.model import Resource
from ..core.resources import format_of
from ..core.vocab import encoding_codec

DELIMITERS = (",", ";", "\t", "|")
QUOTE_CHARS = ('"', "'")
LINE_TERMINATORS = ("\n", "\r\n", "\r")
# Dialect options a reader honours without skipping or merging rows, with their allowed values
# (None: any boolean). Everything else (commentChar, commentRows, headerRows, headerJoin...) makes
# some readers drop or join lines the site still publishes, and is refused.
OPTIONS: dict[str, tuple[Any, ...] | None] = {
    "delimiter": DELIMITERS,
    "quoteChar": QUOTE_CHARS,
    "lineTerminator": LINE_TERMINATORS,
    "escapeChar": ("\\",),
    "doubleQuote": None,
    "skipInitialSpace": None,
    "header": None,
    "caseSensitiveHeader": None,
}
MAX_CELL_BYTES = 1024 * 1024


def codec(resource: Resource) -> str:
    """The decoder for the resource's bytes: its declared encoding when the vocabulary knows it,
    UTF-8 otherwise (never UTF-7, UTF-16 or an EBCDIC code page)."""
    declared = resource.data.get("encoding")
    return (encoding_codec(declared) if declared is not None else None) or "utf-8"


def decode(raw: bytes, resource: Resource) -> str:
    """The resource's text as the site shows it: undecodable bytes become U+FFFD, a BOM is dropped."""
    return decode_with(raw, codec(resource))


def decode_with(raw: bytes, codec_name: str) -> str:
    return raw.decode(codec_name, errors="replace").lstrip("\ufeff")


def options(resource: Resource) -> dict[str, Any]:
    """The dialect's options, the Frictionless v2 form (`csv: {...}`) merged into the flat one."""
    dialect = resource.data.get("dialect")
    if not isinstance(dialect, dict):
        return {}
    nested = dialect.get("csv")
    merged = {k: v for k, v in dialect.items() if k != "csv"}
    if isinstance(nested, dict):
        merged.update(nested)
    return merged


def refused_options(resource: Resource) -> list[tuple[str, Any]]:
    """(option, value) of every dialect option that is not allowed as declared."""
    refused = []
    dialect = resource.data.get("dialect")
    if dialect is not None and not isinstance(dialect, dict):
        return [("dialect", dialect)]
    if isinstance(dialect, dict) and "csv" in dialect and not isinstance(dialect["csv"], dict):
        refused.append(("csv", dialect["csv"]))
    refused += [(name, value) for name, value in options(resource).items() if not _allowed(name, value)]
    return refused


def _allowed(name: str, value: Any) -> bool:
    if name not in OPTIONS:
        return False
    values = OPTIONS[name]
    return isinstance(value, bool) if values is None else isinstance(value, str) and value in values


def default_delimiter(resource: Resource) -> str:
    return "\t" if format_of(resource) == "tsv" else ","


def delimiter(resource: Resource) -> str:
    """The declared delimiter when it is allowed, the format's default otherwise."""
    value = options(resource).get("delimiter")
    return value if isinstance(value, str) and value in DELIMITERS else default_delimiter(resource)


def has_header(resource: Resource) -> bool:
    return options(resource).get("header") is not False


def reader(text: str, separator: str) -> Any:
    """A csv reader of the text's rows as the preview and the screen read them (`separator`:
    `delimiter(...)`); its `line_num` tells where a row ends."""
    csv.field_size_limit(MAX_CELL_BYTES)
    return csv.reader(io.StringIO(text, newline=""), delimiter=separator)
