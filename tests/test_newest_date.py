"""One way to take the newest date: the catalogue's dct:modified, the feeds' order and `updated` and
the sitemap's lastmod all take the newest change in time, whatever the offsets of the commit dates."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
import yaml
from rdflib import Graph, Namespace, URIRef

from catalogo.enrich import enrich
from catalogo.export import write_exports
from catalogo.gitdata.gitlog import Change, newest, newest_change, newest_date, oldest_change, recency
from catalogo.load import load_catalogue

from .conftest import FIXTURES, git

BASE = "https://datos.example.mx/"
ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
DCT = Namespace("http://purl.org/dc/terms/")
PARTY = "datasets/secretaria-de-salud"
# As text the first sorts after the second; in time the second is later (05:00 UTC against 01:00 UTC).
EARLIER = "2026-03-02T01:00:00+00:00"
LATER = "2026-03-01T23:00:00-06:00"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("catalogue") / "repo"
    shutil.copytree(FIXTURES / "valid" / "minimal", root)
    source = root / PARTY / "casos-covid-estados"
    second = source.parent / "camas"
    shutil.copytree(source, second)
    descriptor = yaml.safe_load((second / "datapackage.yaml").read_text(encoding="utf-8"))
    descriptor.update(name="camas", title="Camas hospitalarias")
    (second / "datapackage.yaml").write_text(yaml.safe_dump(descriptor, allow_unicode=True), encoding="utf-8")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Inicial", date="2026-01-05T10:00:00-06:00")
    for name, date in (("casos-covid-estados", EARLIER), ("camas", LATER)):
        readme = root / PARTY / name / "datapackage.yaml"
        readme.write_text(readme.read_text(encoding="utf-8") + "# revisado\n", encoding="utf-8")
        git(root, "commit", "-qam", f"Revisa {name}", date=date)
    out = tmp_path_factory.mktemp("site")
    write_exports(enrich(load_catalogue(root), today=dt.date(2026, 4, 1)), out, BASE)
    return out


def test_dcat_feeds_and_sitemap_agree_on_the_newest_change(site: Path) -> None:
    graph = Graph().parse(site / "catalogo.ttl")
    modified = {str(o) for o in graph.objects(URIRef(BASE + "catalogo"), DCT.modified)}
    feed = ET.parse(site / "feeds" / "actualizados.xml").getroot()
    entries = [e.findtext(f"{ATOM}updated") for e in feed.findall(f"{ATOM}entry")]
    lastmod = {
        u.findtext(f"{SITEMAP}loc"): u.findtext(f"{SITEMAP}lastmod") for u in ET.parse(site / "sitemap.xml").getroot()
    }
    assert modified == {LATER[:10]}
    assert feed.findtext(f"{ATOM}updated") == LATER
    assert entries == [LATER, EARLIER]
    assert lastmod[BASE] == LATER[:10]
    assert lastmod[BASE + "instituciones/secretaria-de-salud/"] == LATER[:10]


def test_newest_and_oldest_compare_instants_and_break_ties_by_text() -> None:
    early, late = Change("a" * 40, EARLIER, "x"), Change("b" * 40, LATER, "y")
    assert newest_change([early, None, late]) is late
    assert newest_change([late, early]) is late
    assert oldest_change([late, None, early]) is early
    assert newest_change([]) is None
    assert newest_date([EARLIER, None, LATER]) == LATER
    # the same instant written with two offsets: the same one is chosen whatever the order
    same = ["2026-03-02T05:00:00+00:00", "2026-03-01T23:00:00-06:00"]
    assert newest_date(same) == newest_date(list(reversed(same))) == max(same, key=recency)
    assert newest([("k", EARLIER), ("j", LATER)], lambda pair: pair[1]) == ("j", LATER)
