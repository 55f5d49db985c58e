"""Stage 4, render (machine-readable exports): Atom feeds of new and updated datasets, national and per
party."""

# Files: `feeds/nuevos.xml` (newest datasets first, by the date they entered the catalogue) and
# `feeds/actualizados.xml` (most recent changes first); the same two under
# `instituciones/<party>/feeds/`. At most 50 entries each. Every date comes from git: an entry's
# `updated` is the dataset's last change, the feed's `updated` is its newest entry's. An update
# entry's id carries the commit, so a feed reader shows each change once.

from __future__ import annotations

from pathlib import Path
from xml.etree import ElementTree as ET

from ..core.urls import SiteUrls
from ..core.vocab import vocabularies
from ..gitdata.gitlog import recency
from ..gitdata.history import DATA, DESCRIPTION, change_kind, subject_withheld
from ..measure.enriched import DatasetInfo, Enriched
from . import common

ATOM = "http://www.w3.org/2005/Atom"
FEED_LIMIT = 50
# An update entry says what changed: the publisher's note, else the kind of change (never the
# commit's subject, which is written for developers)
CHANGE_KINDS = {DATA: "Datos actualizados", DESCRIPTION: "Descripción editada"}
KINDS = {
    "nuevos": ("Conjuntos de datos nuevos", "created"),
    "actualizados": ("Conjuntos de datos actualizados", "updated"),
}


def feed_xml(
    enriched: Enriched,
    infos: list[DatasetInfo],
    kind: str,
    scope_name: str,
    feed_url: str,
    site_url: str,
    base_url: str,
) -> str:
    title, attribute = KINDS[kind]
    dated = [(getattr(i, attribute), i) for i in infos if getattr(i, attribute) is not None]
    dated.sort(key=lambda pair: (recency(pair[0].date), pair[1].dataset.key), reverse=True)
    dated = dated[:FEED_LIMIT]
    feed = ET.Element("feed", {"xmlns": ATOM, "xml:lang": "es"})
    _text(feed, "id", feed_url)
    _text(feed, "title", f"{title}: {scope_name}")
    _text(feed, "updated", dated[0][0].date if dated else f"{enriched.today.isoformat()}T00:00:00Z")
    ET.SubElement(feed, "link", {"rel": "self", "type": "application/atom+xml", "href": feed_url})
    ET.SubElement(feed, "link", {"rel": "alternate", "type": "text/html", "href": site_url})
    _text(ET.SubElement(feed, "author"), "name", scope_name)
    for change, info in dated:
        _entry(feed, enriched, info, change, kind, base_url)
    ET.indent(feed)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="unicode") + "\n"


def _entry(feed: ET.Element, enriched: Enriched, info: DatasetInfo, change, kind: str, base_url: str) -> None:
    dataset = info.dataset
    url = common.dataset_url(base_url, dataset)
    party = enriched.party_of(dataset)
    entry = ET.SubElement(feed, "entry")
    _text(entry, "id", url if kind == "nuevos" else f"{url}#{change.commit[:12]}")
    _text(entry, "title", dataset.title)
    _text(entry, "updated", change.date)
    if info.created is not None:
        _text(entry, "published", info.created.date)
    ET.SubElement(entry, "link", {"rel": "alternate", "type": "text/html", "href": url})
    _text(ET.SubElement(entry, "author"), "name", party.name if party else dataset.party_id)
    for theme in common.themes(dataset):
        ET.SubElement(entry, "category", {"term": theme, "label": vocabularies().label("themes", theme)})
    summary = " ".join(dataset.text("description").split())
    if kind == "actualizados":
        said = _change_said(enriched, info, change)
        summary = f"{said} — {summary}" if said else summary
    _text(entry, "summary", summary[:1000])


def _change_said(enriched: Enriched, info: DatasetInfo, change) -> str:
    note = change.note("es")
    if note:
        return "" if subject_withheld(note) else note
    files = enriched.history.files_of(f"datasets/{info.dataset.key}", info.history)
    return CHANGE_KINDS.get(change_kind(files[0]), "") if files and change is info.updated else ""


def _text(parent: ET.Element, tag: str, text: str) -> ET.Element:
    element = ET.SubElement(parent, tag)
    element.text = common.clean(text)
    return element


class PartyFeeds(common.Output):
    """Each party's two feeds, written with its other exports (and kept with them when its
    datasets did not change); the national feeds are `write_feeds`."""

    def __init__(self, enriched: Enriched, out: Path, base_url: str) -> None:
        super().__init__()
        self.enriched, self.out, self.base_url = enriched, out, base_url

    def party(self, party_id: str, facts: list[common.Facts]) -> None:
        party = self.enriched.catalogue.parties.get(party_id)
        infos = [f.info for f in facts]
        page = common.party_url(self.base_url, party_id)
        for kind in KINDS:
            rel = f"instituciones/{party_id}/feeds/{kind}.xml"
            name = party.name if party else party_id
            feed_url = SiteUrls.of(self.base_url).base + rel
            self.write(self.out / rel, feed_xml(self.enriched, infos, kind, name, feed_url, page, self.base_url))


def write_feeds(enriched: Enriched, out: Path, base_url: str) -> list[Path]:
    """The national feeds."""
    base = SiteUrls.of(base_url).base
    site_name = (enriched.config.get("site") or {}).get("name_es") or common.COUNTRY_ES
    infos = list(enriched.datasets.values())
    written = []
    for kind in KINDS:
        target = out / "feeds" / f"{kind}.xml"
        common.write_text(target, feed_xml(enriched, infos, kind, site_name, f"{base}feeds/{kind}.xml", base, base_url))
        written.append(target)
    return written
