"""Stage 2, check: Each file against its kind's JSON Schema; every violation becomes a problem at its
line."""

from __future__ import annotations

import difflib
import itertools
import json
import re
from collections.abc import Iterator, Mapping
from functools import cache
from importlib import resources
from typing import Any

import jsonschema
from jsonschema import Draft202012Validator, FormatChecker

from ..core.problems import Problem, localized, problem
from ..core.urls import iri, split_authority
from ..core.vocab import vocabularies
from ..core.yamlio import Document, escape

# A file shows at most this many problems, then one `too-many-problems` with the count of the
# rest. Schema errors are counted (not kept) up to COUNTED more, so a hostile file costs bounded
# memory and time.
MAX_PROBLEMS_PER_FILE = 200
COUNTED = 100_000
# Characters that reorder or hide text (bidi embeddings, overrides, isolates and marks) and
# controls that a terminal or a page would act on (C0 except tab and line breaks, DEL, C1).
BIDI = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")

KINDS = ("party", "inventory", "opening-plan", "datapackage", "story", "tool", "history-record")

_TYPE_NAMES = {
    "object": ("un bloque de claves", "a block of keys"),
    "array": ("una lista", "a list"),
    "string": ("un texto", "a text"),
    "integer": ("un número entero", "a whole number"),
    "number": ("un número", "a number"),
    "boolean": ("true o false", "true or false"),
    "null": ("vacío", "empty"),
}

_PATTERN_NAMES = {
    "^[a-z0-9]+(-[a-z0-9]+)*$": (
        "minúsculas sin acentos, números y guiones",
        "unaccented lowercase letters, digits and hyphens",
    ),
    r"^\d{4}-\d{2}-\d{2}$": ("fecha AAAA-MM-DD", "date YYYY-MM-DD"),
    r"^\d{2}$": ("clave de dos dígitos", "two-digit code"),
    r"^\d{5}$": ("clave de cinco dígitos", "five-digit code"),
    "^https?://": ("dirección que empieza con https://", "address starting with https://"),
    r"^\d{4}(-\d{2}(-\d{2})?)?$": ("AAAA, AAAA-MM o AAAA-MM-DD", "YYYY, YYYY-MM or YYYY-MM-DD"),
}

_FORMAT_NAMES = {
    "date": ("fecha AAAA-MM-DD válida", "valid date YYYY-MM-DD"),
    "email": ("correo electrónico", "e-mail address"),
    "uri": ("dirección web completa", "full web address"),
}


@cache
def schema(kind: str) -> dict[str, Any]:
    """The kind's JSON Schema with every `x-vocabulary` turned into an `enum` of the vocabulary."""
    text = resources.files("catalogo").joinpath("schemas", f"{kind}.json").read_text(encoding="utf-8")
    loaded = json.loads(text)
    _inject_vocabularies(loaded)
    return loaded


def raw_schema(kind: str) -> dict[str, Any]:
    text = resources.files("catalogo").joinpath("schemas", f"{kind}.json").read_text(encoding="utf-8")
    return json.loads(text)


def _inject_vocabularies(node: Any) -> None:
    if isinstance(node, dict):
        if "x-vocabulary" in node:
            node["enum"] = vocabularies().keys(node["x-vocabulary"])
        for value in node.values():
            _inject_vocabularies(value)
    elif isinstance(node, list):
        for value in node:
            _inject_vocabularies(value)


def is_uri(text: str) -> bool:
    """`text` is a URI as the schemas' `format: uri` requires (RFC 3986: no spaces, one `#`…)."""
    return bool(_FORMATS.conforms(text, "uri"))


def encoded_uri(url: str) -> str | None:
    """The valid URI that a URL which is not one becomes when percent-encoded (a raw second `#`,
    spaces, letters outside ASCII…), or None when encoding would not make it one or would change
    its scheme or host (then only its author can tell what was meant)."""
    encoded = iri(url)
    if encoded == url or split_authority(encoded)[0] != split_authority(url.strip())[0] or not is_uri(encoded):
        return None
    return encoded


_RESOURCE_PATH = re.compile(r"^/resources/\d+/path$")


_FORMATS = FormatChecker()


@cache
def validator(kind: str) -> Draft202012Validator:
    return Draft202012Validator(schema(kind), format_checker=_FORMATS)


def check_document(doc: Document, kind: str) -> list[Problem]:
    if not isinstance(doc.data, dict):
        found = _type_name(doc.data)
        return [doc.problem("yaml-not-mapping", "", found=localized(*found))]
    errors = validator(kind).iter_errors(doc.data)
    kept = list(itertools.islice(errors, MAX_PROBLEMS_PER_FILE))
    more = sum(1 for _ in itertools.islice(errors, COUNTED))
    problems: list[Problem] = []
    for error in sorted(kept, key=lambda e: (list(map(str, e.absolute_path)), e.validator)):
        problems.extend(_to_problems(doc, error))
    problems.extend(itertools.islice(check_text(doc), MAX_PROBLEMS_PER_FILE))
    return cap(doc.path, problems, more)


def cap(path: str, problems: list[Problem], more: int = 0, more_are_errors: bool = True) -> list[Problem]:
    """At most MAX_PROBLEMS_PER_FILE problems, then one saying how many more were found: an
    error if any of those not shown is one (`more` counts problems not in `problems`), else a
    warning, so that capping never changes whether the catalogue is valid."""
    hidden = problems[MAX_PROBLEMS_PER_FILE:]
    if not more and not hidden:
        return problems
    shown = problems[:MAX_PROBLEMS_PER_FILE]
    error = (more > 0 and more_are_errors) or any(p.severity == "error" for p in hidden)
    more += len(hidden)
    count = str(more) if more < COUNTED else localized(f"al menos {COUNTED}", f"at least {COUNTED}")
    return [
        *shown,
        problem(
            "too-many-problems", path, None, None, None, "error" if error else "warning", shown=len(shown), more=count
        ),
    ]


def cap_per_file(problems: list[Problem]) -> list[Problem]:
    """Every file's problems (from all checks) capped as `cap` does, in the order given."""
    by_path: dict[str, list[Problem]] = {}
    for found in problems:
        by_path.setdefault(found.path, []).append(found)
    if all(len(group) <= MAX_PROBLEMS_PER_FILE + 1 for group in by_path.values()):
        return problems
    capped: list[Problem] = []
    for path, group in by_path.items():
        rest = [p for p in group if p.code != "too-many-problems"]
        earlier = [p for p in group if p.code == "too-many-problems"]
        more = sum(int(m) if isinstance(m := p.params.get("more"), str) and m.isdigit() else COUNTED for p in earlier)
        errors = any(p.severity == "error" for p in earlier)
        capped.extend(cap(path, rest, more, errors) if len(rest) > MAX_PROBLEMS_PER_FILE or more else group)
    return capped


def check_text(doc: Document) -> Iterator[Problem]:
    """Every key and string of the document, at any depth: `bidi-control` for characters that
    reorder what is shown (a name could read differently from what it is), `control-character`
    for controls. YAML only lets these in through escapes ("\\u202e"), never by accident."""
    stack: list[tuple[str, Any]] = [("", doc.data)]
    while stack:
        pointer, node = stack.pop()
        if isinstance(node, dict):
            for key, value in node.items():
                child = f"{pointer}/{escape(str(key))}"
                if isinstance(key, str):
                    yield from _text_problems(doc, child, key, True)
                stack.append((child, value))
        elif isinstance(node, list):
            stack.extend((f"{pointer}/{i}", value) for i, value in enumerate(node))
        elif isinstance(node, str):
            yield from _text_problems(doc, pointer, node, False)


def _text_problems(doc: Document, pointer: str, text: str, key: bool) -> Iterator[Problem]:
    if text.isascii() and text.isprintable() or not (BIDI.search(text) or CONTROL.search(text)):
        return
    prop = pointer.rsplit("/", 1)[-1] or doc.path.rsplit("/", 1)[-1]
    for code, pattern in (("bidi-control", BIDI), ("control-character", CONTROL)):
        found = pattern.search(text)
        if found:
            yield doc.problem(code, pointer, key, property=prop, character=f"U+{ord(found.group()):04X}")


def _pointer(path: Any) -> str:
    return "".join(f"/{escape(str(p))}" for p in path)


def _label(path: Any) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _where(doc: Document, path: Any) -> dict[str, str] | str:
    if not path:
        name = doc.path.rsplit("/", 1)[-1]
        return localized(f"la raíz de {name}", f"the top of {name}")
    return _label(path)


def _type_name(value: Any) -> tuple[str, str]:
    for name, kind in (
        ("boolean", bool),
        ("integer", int),
        ("number", float),
        ("string", str),
        ("array", list),
        ("object", dict),
    ):
        if isinstance(value, kind):
            return _TYPE_NAMES[name]
    return _TYPE_NAMES["null"]


def _to_problems(doc: Document, error: jsonschema.ValidationError) -> Iterator[Problem]:
    path = list(error.absolute_path)
    pointer = _pointer(path)
    prop = _label(path) or doc.path.rsplit("/", 1)[-1]
    kind = error.validator
    if kind == "required":
        missing = error.message.split("'")[1] if "'" in error.message else str(error.message)
        yield doc.problem("missing-property", pointer, property=missing, where=_where(doc, path))
    elif kind == "additionalProperties" and isinstance(error.schema, Mapping) and isinstance(error.instance, Mapping):
        allowed = list(error.schema.get("properties", {}))
        for extra in sorted(set(error.instance) - set(allowed)):
            close = difflib.get_close_matches(extra, allowed, n=1, cutoff=0.6)
            yield doc.problem(
                "unknown-property",
                f"{pointer}/{escape(extra)}",
                key=True,
                property=extra,
                where=_where(doc, path),
                suggestion=close[0] if close else "",
            )
    elif kind == "type" and isinstance(error.validator_value, str | list):
        expected = error.validator_value if isinstance(error.validator_value, str) else error.validator_value[0]
        names = _TYPE_NAMES.get(expected, (expected, expected))
        yield doc.problem(
            "wrong-type",
            pointer,
            property=prop,
            expected=localized(*names),
            found=localized(*_type_name(error.instance)),
        )
    elif kind == "enum" and isinstance(error.validator_value, list):
        allowed = [str(v) for v in error.validator_value]
        close = difflib.get_close_matches(str(error.instance).lower(), allowed, n=1, cutoff=0.5)
        shown = ", ".join(allowed[:15]) + (" …" if len(allowed) > 15 else "")
        yield doc.problem(
            "invalid-value",
            pointer,
            property=prop,
            found=error.instance,
            suggestion=close[0] if close else "",
            allowed=shown,
        )
    elif kind == "format" and _RESOURCE_PATH.match(pointer) and (encoded := encoded_uri(str(error.instance))):
        yield doc.problem("resource-url-not-encoded", pointer, url=error.instance, encoded=encoded)
    elif kind in ("pattern", "format"):
        names = (_PATTERN_NAMES if kind == "pattern" else _FORMAT_NAMES).get(
            str(error.validator_value), (str(error.validator_value), str(error.validator_value))
        )
        yield doc.problem("invalid-format", pointer, property=prop, found=error.instance, expected=localized(*names))
    elif kind in ("if", "then", "allOf", "anyOf", "oneOf") and error.context:
        for sub in error.context:
            yield from _to_problems(doc, sub)
    else:
        yield doc.problem("schema-violation", pointer, property=prop, detail=_detail(error))


def _detail(error: jsonschema.ValidationError) -> dict[str, str]:
    value = error.validator_value
    details = {
        "minItems": (f"debe tener al menos {value} elemento(s)", f"must have at least {value} item(s)"),
        "maxItems": (f"puede tener a lo más {value} elementos", f"may have at most {value} items"),
        "minLength": (f"debe tener al menos {value} caracteres", f"must have at least {value} characters"),
        "maxLength": (f"puede tener a lo más {value} caracteres", f"may have at most {value} characters"),
        "minimum": (f"debe ser al menos {value}", f"must be at least {value}"),
        "maximum": (f"debe ser a lo más {value}", f"must be at most {value}"),
        "uniqueItems": ("tiene elementos repetidos", "has repeated items"),
        "const": (f"debe valer {value}", f"must be {value}"),
    }
    es, en = details.get(str(error.validator), (error.message, error.message))
    return localized(es, en)
