"""Stage 2, check: What a record declares about reading its data, and the record's own text, checked as
the site publishes it."""

# - A resource's `encoding` must be in the vocabulary (`vocab.encoding_codec`): the screen, the
#   preview and the site then decode the bytes alike.
# - A resource's `dialect` may only use options that do not make readers skip or merge rows, and a
#   delimiter among , ; tab | (`dialects.OPTIONS`).
# - Every string of the document (titles, descriptions, keywords, a field's `example`...) and every
#   key is screened for personal data with the detectors of the data. Contact places (the whole
#   `contact`, `liaison` and `contributors` objects, and any `email` or `phone`, e.g. of sources) may
#   hold institutional e-mails and phones; never any other kind. A field's `example` and
#   constraints are covered by the field's `legal_basis`.

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..core.model import Dataset
from ..core.problems import Problem, localized, problem
from ..core.vocab import encoding_codec, vocabularies
from ..core.yamlio import Document, escape
from . import personal
from .dialects import refused_options

CONTACT_KEYS = frozenset({"email", "correo", "phone", "telephone", "telefono", "teléfono"})
CONTACT_KINDS = frozenset({"email", "phone"})
# Objects that name who to contact: catalogues often give an office's address as its name too.
CONTACT_OBJECTS = frozenset({"contact", "liaison", "contributors", "maintainer", "publisher"})
COVERED_KEYS = frozenset({"example", "constraints", "missingValues", "trueValues", "falseValues"})
KIND_NAMES = {
    "curp": ("una CURP", "a CURP"),
    "rfc": ("un RFC de persona física", "a personal RFC"),
    "ine-key": ("una clave de elector del INE", "an INE voter key"),
    "nss": ("un número de seguridad social", "a social security number"),
    "email": ("un correo electrónico", "an e-mail address"),
    "phone": ("un número telefónico", "a phone number"),
    "card-number": ("un número de tarjeta bancaria", "a bank card number"),
}
_ALLOWED = {
    "delimiter": localized("se admiten , ; tabulador y |", "allowed: , ; tab and |"),
    "quoteChar": localized("se admiten \" y '", "allowed: \" and '"),
    "lineTerminator": localized("se admiten \\n, \\r\\n y \\r", "allowed: \\n, \\r\\n and \\r"),
    "escapeChar": localized("se admite \\", "allowed: \\"),
}
_NOT_AN_OPTION = localized("hace que algunos lectores salten o junten filas", "makes some readers skip or join rows")


def check_descriptor(doc: Document, dataset: Dataset) -> list[Problem]:
    """Encodings and dialects of the dataset's resources, and personal data in its text."""
    problems: list[Problem] = []
    allowed = ", ".join(vocabularies().keys("encodings"))
    for resource in dataset.resources:
        for key, declared in (("encoding", resource.data.get("encoding")), ("mediatype", _charset(resource.data))):
            if declared is not None and encoding_codec(declared) is None:
                problems.append(
                    doc.problem(
                        "encoding-not-allowed", f"{resource.pointer}/{key}", found=str(declared)[:50], allowed=allowed
                    )
                )
        for option, value in refused_options(resource):
            problems.append(
                doc.problem(
                    "dialect-not-allowed",
                    _dialect_pointer(resource.data, resource.pointer, option),
                    option=option,
                    found=repr(value)[:50],
                    allowed=_ALLOWED.get(option, _NOT_AN_OPTION),
                )
            )
    problems.extend(screen_document(doc))
    return problems


def _charset(data: dict[str, Any]) -> str | None:
    """The charset parameter of a declared media type (`text/csv; charset=utf-7`), if any."""
    mediatype = data.get("mediatype")
    if not isinstance(mediatype, str):
        return None
    for parameter in mediatype.split(";")[1:]:
        name, _, value = parameter.partition("=")
        if name.strip().lower() == "charset":
            return value.strip().strip('"')
    return None


def _dialect_pointer(data: dict[str, Any], base: str, option: str) -> str:
    dialect = data.get("dialect")
    if isinstance(dialect, dict) and option in dialect:
        return f"{base}/dialect/{escape(option)}"
    if isinstance(dialect, dict) and isinstance(dialect.get("csv"), dict) and option in dialect["csv"]:
        return f"{base}/dialect/csv/{escape(option)}"
    return f"{base}/dialect"


def screen_document(doc: Document) -> list[Problem]:
    """Personal data in any string or key of a YAML record, at its line."""
    problems = []
    for pointer, text, is_key, kind in personal_data_in(doc.data):
        line, column = doc.place(pointer, key=is_key)
        problems.append(
            problem(
                "personal-data-in-descriptor",
                doc.path,
                _line_in(text, kind, line),
                column,
                pointer or None,
                **personal_data_args(pointer, kind),
            )
        )
    return problems


def personal_data_in(data: Any) -> list[tuple[str, str, bool, str]]:
    """(pointer, text, is a key, kind) of each kind of personal data in a record's strings."""
    texts = list(_texts(data, "", frozenset()))
    if not texts:
        return []
    cells = [text for _, text, _, _ in texts]
    if not personal.screen_rows([""], zip(range(len(cells)), ([c] for c in cells), strict=True)):
        return []  # one pass over all the text; place by place only when something is there
    return [
        (pointer, text, is_key, kind)
        for pointer, text, is_key, exempt in texts
        for kind in sorted(personal.find_kinds(text) - exempt)
    ]


def personal_data_args(pointer: str, kind: str) -> dict[str, Any]:
    """The message arguments of a `personal-data-in-descriptor` problem."""
    return {"property": pointer or "/", "kind": localized(*KIND_NAMES.get(kind, (kind, kind)))}


def _line_in(text: str, kind: str, line: int | None) -> int | None:
    """The line of a block scalar (`description: |`) that holds the kind: such a value keeps its
    newlines and starts on the line after its key's."""
    if line is None or "\n" not in text:
        return line
    for offset, part in enumerate(text.split("\n"), start=1):
        if kind in personal.find_kinds(part):
            return line + offset
    return line


def _texts(value: Any, pointer: str, exempt: frozenset[str]) -> Iterator[tuple[str, str, bool, frozenset[str]]]:
    """(pointer, text, is a key, kinds allowed there) of every string and key, depth first."""
    if isinstance(value, str):
        yield pointer, value, False, exempt
    elif isinstance(value, dict):
        covered = _covered_by_legal_basis(value)
        for key, item in value.items():
            child = f"{pointer}/{escape(str(key))}"
            yield child, str(key), True, frozenset()
            if covered and key in COVERED_KEYS:
                kinds = frozenset(personal.KINDS)
            elif str(key).lower() in CONTACT_KEYS or str(key).lower() in CONTACT_OBJECTS:
                kinds = CONTACT_KINDS
            else:
                kinds = exempt
            yield from _texts(item, child, kinds)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _texts(item, f"{pointer}/{index}", exempt)


def _covered_by_legal_basis(mapping: dict[Any, Any]) -> bool:
    """A schema field that declares a legal basis: its example and constraints may show the data."""
    basis = mapping.get("legal_basis")
    return isinstance(basis, str) and len(basis.strip()) >= 3 and "type" in mapping and "name" in mapping
