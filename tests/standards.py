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

DCAT_AP = STANDARDS / "dcat-ap-3.0.0"
DCAT_US = STANDARDS / "dcat-us-1.1"


@functools.cache
def _shapes() -> Any:
    from rdflib import Graph

    shapes = Graph()
    shapes.parse(DCAT_AP / "shapes.ttl")
    shapes.parse(DCAT_AP / "range.ttl")
    return shapes


def shacl_shapes() -> Any:
    """DCAT-AP 3.0.0 shapes.ttl + range.ttl in one graph (skips when the standards are absent)."""
    if not (DCAT_AP / "shapes.ttl").is_file() or not (DCAT_AP / "range.ttl").is_file():
        pytest.skip("../shared/standards/dcat-ap-3.0.0 is absent (official DCAT-AP SHACL shapes)")
    return _shapes()


def shacl_violations(path: Path) -> tuple[bool, str]:
    """Validate an RDF file (Turtle or JSON-LD) with pyshacl against the official shapes."""
    import pyshacl
    from rdflib import Graph

    shapes = shacl_shapes()
    graph = Graph()
    graph.parse(path, format="json-ld" if path.suffix == ".jsonld" else "turtle")
    conforms, _, text = pyshacl.validate(graph, shacl_graph=shapes)
    return conforms, text


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
