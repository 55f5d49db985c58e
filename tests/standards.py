"""The official validators of the machine-readable outputs (../shared/standards) and a local
HTTP server for reading a built site over HTTP."""

from __future__ import annotations

import contextlib
import functools
import json
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4

from .conftest import STANDARDS

DCAT_AP = STANDARDS / "dcat-ap-3.0.1"
DCAT_US = STANDARDS / "dcat-us-1.1"
SHAPES = ("shapes.ttl", "range.ttl", "mdr-vocabularies.shape.ttl")
EU_VOCABULARIES = Path(__file__).with_name("eu_vocabularies.ttl")  # the EU concepts, as data


@functools.cache
def _shapes(names: tuple[str, ...]) -> Any:
    from rdflib import Graph

    shapes = Graph()
    for name in names:
        shapes.parse(DCAT_AP / name)
    return shapes


def shacl_shapes(names: tuple[str, ...] = SHAPES) -> Any:
    """The official DCAT-AP 3.0.1 shapes (by default shapes.ttl, range.ttl and the controlled
    vocabularies' mdr-vocabularies.shape.ttl) in one graph; skips when the standards are absent."""
    if not all((DCAT_AP / name).is_file() for name in names):
        pytest.skip("../shared/standards/dcat-ap-3.0.1 is absent (official DCAT-AP SHACL shapes)")
    return _shapes(names)


def shacl_results(path: Path, names: tuple[str, ...] = SHAPES) -> tuple[list[str], list[str], str]:
    """Validate an RDF file (Turtle or JSON-LD) with pyshacl against the official shapes, the EU
    vocabularies' concepts loaded beside the data as a harvester has them: (violations, warnings,
    report), each result as "severity | focus node | path | message"."""
    import pyshacl
    from rdflib import Graph, Namespace

    shapes = shacl_shapes(names)
    graph = Graph()
    graph.parse(path, format="json-ld" if path.suffix == ".jsonld" else "turtle")
    graph.parse(EU_VOCABULARIES)
    _, results, text = pyshacl.validate(graph, shacl_graph=shapes, allow_warnings=True, allow_infos=True)
    sh = Namespace("http://www.w3.org/ns/shacl#")
    found: dict[str, list[str]] = {"Violation": [], "Warning": [], "Info": []}
    for result in results.objects(None, sh.result):  # top-level results, not their sh:detail
        severity = str(results.value(result, sh.resultSeverity)).rsplit("#", 1)[-1]
        parts = [results.value(result, p) for p in (sh.focusNode, sh.resultPath, sh.resultMessage)]
        found.setdefault(severity, []).append(" | ".join([severity, *(str(p) for p in parts)]))
    return sorted(found["Violation"]), sorted(found["Warning"] + found["Info"]), text


def shacl_violations(path: Path) -> tuple[bool, str]:
    """(no violation, report) of an RDF file against the official shapes (`shacl_results`);
    warnings (recommended properties, values outside the EU's own lists) do not count."""
    violations, _, text = shacl_results(path)
    return not violations, text


@functools.cache
def _datajson_validator() -> jsonschema.Draft4Validator:
    schemas = {p.name: json.loads(p.read_text(encoding="utf-8")) for p in DCAT_US.glob("*.json")}
    resources = []
    for name, schema in schemas.items():
        resource = Resource.from_contents(schema, default_specification=DRAFT4)
        resources.append((schema.get("id", "").rstrip("#"), resource))
        resources.append((name, resource))
    registry = Registry().with_resources(resources)
    return jsonschema.Draft4Validator(
        schemas["catalog.json"], registry=registry, format_checker=jsonschema.FormatChecker()
    )


def datajson_errors(value: Any) -> list[str]:
    """Errors of a data.json against the official DCAT-US 1.1 JSON Schema ($refs to sibling files)."""
    needed = ("catalog.json", "dataset.json", "distribution.json", "organization.json", "vcard.json")
    if not all((DCAT_US / name).is_file() for name in needed):
        pytest.skip("../shared/standards/dcat-us-1.1 is absent (official DCAT-US 1.1 JSON Schemas)")
    return [f"{list(e.absolute_path)}: {e.message[:200]}" for e in _datajson_validator().iter_errors(value)]


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        pass


@contextlib.contextmanager
def serve(folder: Path) -> Iterator[str]:
    """Serve `folder` on 127.0.0.1 (random port) in a thread; yields the base URL."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join()
