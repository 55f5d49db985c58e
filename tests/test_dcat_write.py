"""The DCAT-AP Turtle and JSON-LD written directly (export/rdfwrite.py, export/dcat.py) parse
with rdflib into the same graph the catalogue's DCAT-AP mapping gives when built with rdflib
terms (tests/dcat_reference.py), for the test catalogue, the hostile one and text chosen to
break quoting; and the streamed, indented JSON is byte for byte what `json.dumps` writes."""

from __future__ import annotations

import datetime as dt
import io
import json
import shutil
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import RDF, Graph, Literal, Namespace, URIRef
from rdflib.compare import isomorphic

from catalogo.enrich import enrich
from catalogo.export import common, write_exports
from catalogo.export.dcat import PREFIXES, national_catalog, party_catalog
from catalogo.export.rdfwrite import Writer, add, iri, text
from catalogo.load import load_catalogue
from catalogo.measure.enriched import Enriched

from .conftest import FIXTURES, git
from .dcat_reference import catalog_graph

BASE = "https://datos.example.mx/"
HYDRA = Namespace("http://www.w3.org/ns/hydra/core#")
HOSTILE_TEXTS = [
    "comillas \"dobles\" y 'simples'",
    "barra \\ invertida \\\\ y \\n literal",
    "línea\nnueva\r\nCRLF\rCR",
    '"""triple""" y """',
    'termina en comilla"',
    'termina en barra y comilla\\"',
    "termina en barra\\",
    "\nempieza con salto",
    "tab\tbell\x07nul\x00esc\x1bdel\x7f",
    "ñandú, 中文, ÜBER, emoji 😀, \u2028\u2029\ufeff",
    '</script><script>alert("x")</script>',
    "@prefix x: <http://evil.example/> .",
    '" ; a <x> . #',
    "{{7*7}} ${x}",
    '=HYPERLINK("http://malo.example")',
    " espacios ",
    "",
]


def _hostile_dataset(repo: Path) -> None:
    """A dataset whose every text is one of HOSTILE_TEXTS, in the minimal catalogue."""
    source = repo / "datasets/secretaria-de-salud/casos-covid-estados"
    target = source.parent / "textos-hostiles"
    shutil.copytree(source, target)
    descriptor = yaml.safe_load((target / "datapackage.yaml").read_text(encoding="utf-8"))
    descriptor.update(
        name="textos-hostiles",
        title="\n".join(HOSTILE_TEXTS[:6]),
        description="\n".join(HOSTILE_TEXTS),
        keywords=[t for t in HOSTILE_TEXTS if t.strip()],
        contact={"name": HOSTILE_TEXTS[4], "email": "datos@ejemplo.gob.mx", "phone": HOSTILE_TEXTS[5]},
    )
    descriptor["resources"][0].update(title=HOSTILE_TEXTS[3], description=HOSTILE_TEXTS[8])
    # declared sizes: the file's own, and one past 32 bits (dcat:byteSize is an xsd:nonNegativeInteger)
    descriptor["resources"][0]["bytes"] = (target / descriptor["resources"][0]["path"]).stat().st_size
    descriptor["resources"][1]["bytes"] = 5_000_000_000
    (target / "datapackage.yaml").write_text(yaml.safe_dump(descriptor, allow_unicode=True), encoding="utf-8")


def _catalogue(root: Path, fixture: Path, extra: bool) -> Enriched:
    shutil.copytree(fixture, root)
    (root / "expected.yaml").unlink(missing_ok=True)
    if extra:
        _hostile_dataset(root)
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Catálogo", date="2026-01-05T10:00:00-06:00")
    return enrich(load_catalogue(root), today=dt.date(2026, 4, 1))


@pytest.fixture(scope="module", params=["minimal", "hostile"])
def written(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> tuple[Enriched, Path]:
    """A catalogue (the minimal one with a dataset of hostile texts, or the hostile fixture as it
    is, refused paths included) and its exports."""
    fixture = FIXTURES / "valid" / "minimal" if request.param == "minimal" else FIXTURES / "hostile"
    enriched = _catalogue(tmp_path_factory.mktemp("repo") / "repo", fixture, request.param == "minimal")
    out = tmp_path_factory.mktemp("site")
    write_exports(enriched, out, BASE)
    return enriched, out


def _reference(enriched: Enriched, folder: str) -> Graph:
    """The catalogue in `folder` built with rdflib from the catalogue by the reference mapping."""
    if folder == "":
        return catalog_graph(enriched, national_catalog(enriched, BASE), list(enriched.datasets.values()), BASE)
    party = enriched.catalogue.parties[folder.split("/")[1]]
    infos = [i for i in enriched.datasets.values() if i.dataset.party_id == party.id]
    return catalog_graph(enriched, party_catalog(party, BASE), infos, BASE)


def test_written_dcat_is_the_reference_graph(written: tuple[Enriched, Path]) -> None:
    enriched, out = written
    folders = [""] + sorted({f"instituciones/{i.dataset.party_id}" for i in enriched.datasets.values()})
    assert len(folders) > 1
    for folder in folders:
        expected = _reference(enriched, folder)
        assert len(expected) > 20
        for name, fmt in (("catalogo.ttl", "turtle"), ("catalogo.jsonld", "json-ld")):
            parsed = Graph().parse(out / folder / name, format=fmt)
            assert isomorphic(parsed, expected), f"{folder}/{name}"


@pytest.mark.parametrize("written", ["minimal"], indirect=True)  # where the hostile texts are planted
def test_hostile_texts_come_back_unchanged(written: tuple[Enriched, Path]) -> None:
    _, out = written
    dataset = URIRef(BASE + "datos/secretaria-de-salud/textos-hostiles/")
    dct = Namespace("http://purl.org/dc/terms/")
    for name, fmt in (("catalogo.ttl", "turtle"), ("catalogo.jsonld", "json-ld")):
        graph = Graph().parse(out / name, format=fmt)
        assert graph.value(dataset, dct.description) == Literal("\n".join(HOSTILE_TEXTS).strip(), lang="es")
        keywords = {str(k) for k in graph.objects(dataset, URIRef("http://www.w3.org/ns/dcat#keyword"))}
        assert keywords == {t for t in HOSTILE_TEXTS if t.strip()}


def test_paged_catalogue_is_the_reference_graph_page_by_page(written: tuple[Enriched, Path], tmp_path: Path) -> None:
    enriched, _ = written
    write_exports(enriched, tmp_path, BASE, dcat_page_size=1)
    pages = sorted(tmp_path.glob("catalogo/pagina-*.ttl")) + [tmp_path / "catalogo.ttl"]
    assert len(pages) == len(enriched.datasets)
    union = Graph()
    for page in pages:
        graph = Graph().parse(page, format="turtle")
        jsonld = Graph().parse(page.with_suffix(".jsonld"), format="json-ld")
        view = next(graph.subjects(RDF.type, HYDRA.PartialCollectionView))
        jsonld_view = next(jsonld.subjects(RDF.type, HYDRA.PartialCollectionView))
        assert int(graph.value(view, HYDRA.totalItems)) == len(enriched.datasets)
        graph.remove((view, None, None))
        jsonld.remove((jsonld_view, None, None))
        assert isomorphic(graph, jsonld)
        union += graph
    expected = _reference(enriched, "")
    # per page, the catalogue's dates and theme taxonomy describe that page; compare the datasets
    catalog = URIRef(BASE + "catalogo")
    for graph in (union, expected):
        for predicate in ("modified", "issued"):
            graph.remove((catalog, URIRef(f"http://purl.org/dc/terms/{predicate}"), None))
    assert isomorphic(union, expected)


@settings(max_examples=200, deadline=None)
@given(st.text(), st.text(alphabet=st.characters(codec="utf-8"), max_size=40))
def test_any_text_and_iri_round_trip(value: str, path: str) -> None:
    graph: dict = {}
    subject = iri("https://datos.example.mx/x/" + path)[0]
    add(graph, subject, "http://purl.org/dc/terms/title", text(value, "es"))
    add(graph, subject, "http://purl.org/dc/terms/identifier", text(value))
    add(graph, subject, "http://www.w3.org/ns/dcat#landingPage", iri("https://datos.example.mx/" + path))
    writer = Writer(PREFIXES)
    nodes = writer.nodes(graph)
    turtle = Graph().parse(data=writer.document(nodes, 1), format="turtle")
    jsonld = Graph().parse(data=writer.document(nodes, 2), format="json-ld")
    assert isomorphic(turtle, jsonld)
    assert {str(o) for o in turtle.objects(None, URIRef("http://purl.org/dc/terms/title"))} == {value}
    assert str(next(turtle.subjects())) == subject


_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=5), inner, max_size=4),
    max_leaves=30,
)


@settings(max_examples=300, deadline=None)
@given(_json)
def test_dumps_is_json_dumps_indented(value: object) -> None:
    assert common.dumps(value) == json.dumps(value, ensure_ascii=False, indent=2) + "\n"


@settings(max_examples=100, deadline=None)
@given(st.lists(_json, max_size=5), st.booleans())
def test_streamed_list_is_the_whole_document(items: list, indented: bool) -> None:
    handle = io.StringIO()
    stream = common.JsonList(handle, {"a": 1, "datos": common.JsonList.ITEMS, "z": [2]}, indented)
    for item in items:
        stream.add(stream.encode(item))
    stream.close()
    whole = {"a": 1, "datos": items, "z": [2]}
    assert handle.getvalue() == (common.dumps(whole) if indented else common.compact(whole) + "\n")
