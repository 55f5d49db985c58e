"""Stage 4, render (machine-readable exports): RDF written straight to Turtle and flattened JSON-LD,
without building rdflib objects (at national scale rdflib's terms alone cost more than the rest of
the exports). The graph is plain data."""

# Also: subject IRI -> predicate IRI -> set of terms, and a term is a tuple `(value, language,
# datatype, kind)` (kind 0: IRI, 1: literal), so sorting terms sorts by value.
#
# Output is sorted (subjects by IRI; `rdf:type` first, then predicates and objects in order), so
# the same triples always give the same bytes. Literals are written as one-line Turtle strings
# with every character the grammar forbids escaped, and IRIs are percent-encoded where Turtle
# would refuse them; rdflib parses both outputs back into the same graph (tested with hostile
# text).

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import quote

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
XSD = "http://www.w3.org/2001/XMLSchema#"
TYPE = RDF + "type"

Term = tuple[str, str, str, int]  # value, language, datatype, kind
Node = dict[str, set[Term]]  # predicate -> objects
Graph = dict[str, Node]  # subject -> predicates

_LOCAL = re.compile(r"^[A-Za-z][A-Za-z0-9_-]*$")
_IRI_FORBIDDEN = re.compile(r'[\x00-\x20<>"{}|^`\\\x7f-\x9f]')  # Turtle's IRIREF (and C1 controls)
_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}
_LITERAL_SPECIAL = re.compile(r'[\\"\x00-\x1f\x7f]')


def iri(value: str) -> Term:
    """An IRI term; characters Turtle forbids in IRIs are percent-encoded (the same IRI then
    goes to both outputs)."""
    if _IRI_FORBIDDEN.search(value):
        value = quote(value, safe="".join(chr(c) for c in range(0x21, 0x7F) if chr(c) not in '<>"{}|^`\\'))
    return (value, "", "", 0)


def text(value: str, language: str = "") -> Term:
    return (value, language, "", 1)


def typed(value: str, datatype: str) -> Term:
    return (value, "", datatype, 1)


def add(graph: Graph, subject: str, predicate: str, obj: Term) -> None:
    node = graph.get(subject)
    if node is None:
        node = graph[subject] = {}
    objects = node.get(predicate)
    if objects is None:
        node[predicate] = {obj}
    else:
        objects.add(obj)


def merge(into: Graph, graph: Graph) -> None:
    for subject, node in graph.items():
        target = into.setdefault(subject, {})
        for predicate, objects in node.items():
            target.setdefault(predicate, set()).update(objects)


class Writer:
    """Turtle and JSON-LD of graph nodes, with the prefixes of a fixed vocabulary."""

    def __init__(self, prefixes: dict[str, str]) -> None:
        self.prefixes = prefixes
        self._compact: dict[str, str | None] = {}
        self._written: dict[str, str] = {}  # IRI -> as Turtle writes it
        self.turtle_head = "\n".join(f"@prefix {p}: <{ns}> ." for p, ns in prefixes.items())
        self.jsonld_head = f'{{"@context":{json.dumps(prefixes, separators=(",", ":"))},\n"@graph":[\n'

    def compact(self, value: str) -> str | None:
        """`prefix:local` for an IRI in one of the prefixes' namespaces, else None. Remembered for
        the vocabulary's own IRIs only (predicates, classes, datatypes repeat on every node)."""
        if value in self._compact:
            return self._compact[value]
        found = None
        for prefix, namespace in self.prefixes.items():
            if value.startswith(namespace) and _LOCAL.match(value[len(namespace) :]):
                found = f"{prefix}:{value[len(namespace) :]}"
                break
        if found is not None or len(self._compact) < 10_000:
            self._compact[value] = found
        return found

    def nodes(self, graph: Graph) -> list[tuple[str, str, str]]:
        """(subject, Turtle, JSON-LD) of every node of the graph, in subject order."""
        return [self.node(subject, graph[subject]) for subject in sorted(graph)]

    def document(self, nodes: list[tuple[str, str, str]], index: int) -> str:
        """The Turtle (`index` 1) or JSON-LD (2) document of nodes already written, sorted by
        subject; an item may hold several consecutive nodes (a dataset's own), sorted by its first."""
        nodes = sorted(nodes, key=lambda n: n[0])
        if index == 1:
            return self.turtle_head + "".join("\n\n" + n[1] for n in nodes) + "\n"
        return self.jsonld_head + ",\n".join(n[2] for n in nodes) + "\n]}\n"

    def node(self, subject: str, node: Node) -> tuple[str, str, str]:
        """One node in both syntaxes: rdf:type first, then predicates and objects in order."""
        predicates = sorted(node)
        if TYPE in node:
            predicates.remove(TYPE)
            predicates.insert(0, TYPE)
        parts = []
        doc: dict[str, Any] = {"@id": subject}
        for predicate in predicates:
            objects = sorted(node[predicate])
            if predicate == TYPE:
                parts.append("a " + ",\n        ".join(self._turtle_iri(o[0]) for o in objects))
                values: list[Any] = [self.compact(o[0]) or o[0] for o in objects]
                key = "@type"
            else:
                parts.append(self._turtle_iri(predicate) + " " + ",\n        ".join(map(self._turtle_term, objects)))
                values = [self._jsonld_value(o) for o in objects]
                key = self.compact(predicate) or predicate
            doc[key] = values[0] if len(values) == 1 else values
        turtle = f"<{subject}> " + " ;\n    ".join(parts) + " ."
        return subject, turtle, json.dumps(doc, ensure_ascii=False, separators=(",", ":"))

    def _turtle_iri(self, value: str) -> str:
        written = self._written.get(value)
        if written is None:
            written = self.compact(value) or f"<{value}>"
            if len(self._written) < 10_000:
                self._written[value] = written
        return written

    def _turtle_term(self, term: Term) -> str:
        value, language, datatype, kind = term
        if kind == 0:
            return self._turtle_iri(value)
        quoted = turtle_string(value)
        if language:
            return f"{quoted}@{language}"
        if datatype:
            return f"{quoted}^^{self._turtle_iri(datatype)}"
        return quoted

    def _jsonld_value(self, term: Term) -> Any:
        value, language, datatype, kind = term
        if kind == 0:
            return {"@id": value}
        if language:
            return {"@value": value, "@language": language}
        if datatype:
            return {"@value": value, "@type": self.compact(datatype) or datatype}
        return value


def turtle_string(value: str) -> str:
    """A Turtle string literal on one line: backslash, quote, line breaks and other control
    characters escaped (ECHAR or UCHAR); everything else, any script included, as it is."""
    if _LITERAL_SPECIAL.search(value):
        value = _LITERAL_SPECIAL.sub(lambda m: _ESCAPES.get(m[0]) or f"\\u{ord(m[0]):04X}", value)
    return f'"{value}"'
