"""Stage 4, render (machine-readable exports): Discovery files: `sitemap.xml` and `robots.txt`."""

# The sitemap lists the home page, every dataset page and every party page with `lastmod` from
# git, and every other page already rendered into the output folder (a folder with an
# `index.html`). URLs already in a `sitemap.xml` found in the output folder are kept. Above 50,000 URLs (the protocol's limit per file)
# `sitemap.xml` becomes a sitemap index of `sitemaps/sitemap-<n>.xml` files.

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from urllib.parse import quote
from xml.etree import ElementTree as ET

from ..core.urls import SiteUrls
from ..gitdata.gitlog import newest_date
from ..measure.enriched import Enriched
from . import common

SITEMAP = "http://www.sitemaps.org/schemas/sitemap/0.9"
MAX_URLS = 50_000


def page_urls(enriched: Enriched, base_url: str) -> dict[str, str | None]:
    """Every catalogue page with its last change date (YYYY-MM-DD) or None."""
    base = SiteUrls.of(base_url).base
    urls: dict[str, str | None] = {base: common.newest_date(enriched)}
    for party_id, infos in common.infos_by_party(enriched).items():
        newest = common.newest_date(enriched, infos)
        urls[common.party_url(base_url, party_id)] = newest
    for party in enriched.catalogue.parties.values():
        key = f"parties/{party.id}"
        change = enriched.history.updated(key)
        url = common.party_url(base_url, party.id)
        urls[url] = newest_date([urls.get(url), change.date if change else None])
    for info in enriched.datasets.values():
        urls[common.dataset_url(base_url, info.dataset)] = info.updated.date if info.updated else None
    return {url: (date[:10] if date else None) for url, date in urls.items()}


def rendered_pages(out: Path, base_url: str, kept: Iterable[str] = ()) -> dict[str, str | None]:
    """Every page already rendered into the output folder (a folder's index.html), and those the
    build keeps from the previous site (`kept`, site-relative paths), without date."""
    base = SiteUrls.of(base_url).base
    folders = []
    for folder, dirs, files in os.walk(out):
        dirs[:] = sorted(d for d in dirs if not d.startswith((".", "_")))
        if "index.html" in files:
            folders.append(Path(folder).relative_to(out).as_posix())
    for rel in kept:
        parts = rel.split("/")
        if parts[-1] == "index.html" and not any(p.startswith((".", "_")) for p in parts[:-1]):
            folders.append("/".join(parts[:-1]) or ".")
    return {(base if rel == "." else f"{base}{quote(rel)}/"): None for rel in sorted(set(folders))}


def existing_urls(path: Path) -> dict[str, str | None]:
    """URLs of a sitemap already in the output folder (an unreadable one is ignored)."""
    try:
        root = ET.parse(path).getroot()
    except (OSError, ET.ParseError):
        return {}
    found: dict[str, str | None] = {}
    for node in root.findall(f"{{{SITEMAP}}}url"):
        loc = node.findtext(f"{{{SITEMAP}}}loc")
        if loc:
            found[loc.strip()] = (node.findtext(f"{{{SITEMAP}}}lastmod") or "").strip()[:10] or None
    return found


def urlset(urls: dict[str, str | None]) -> str:
    """The `urlset` document, written as text (what ElementTree writes, indented; a tree of
    every URL would cost more than the rest of the sitemap at national scale)."""
    lines = ['<?xml version="1.0" encoding="utf-8"?>', f'<urlset xmlns="{SITEMAP}">']
    for url in sorted(urls):
        lines.append(f"  <url>\n    <loc>{_escape(url)}</loc>")
        if urls[url]:
            lines.append(f"    <lastmod>{_escape(urls[url] or '')}</lastmod>")
        lines.append("  </url>")
    return "\n".join(lines) + "\n</urlset>\n"


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def sitemap_index(locations: list[str]) -> str:
    root = ET.Element("sitemapindex", {"xmlns": SITEMAP})
    for location in locations:
        ET.SubElement(ET.SubElement(root, "sitemap"), "loc").text = location
    return _document(root)


def _document(root: ET.Element) -> str:
    ET.indent(root)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def robots(base_url: str) -> str:
    return f"User-agent: *\nAllow: /\n\nSitemap: {SiteUrls.of(base_url).sitemap}\n"


def write_discovery(enriched: Enriched, out: Path, base_url: str, kept: Iterable[str] = ()) -> list[Path]:
    urls = existing_urls(out / "sitemap.xml")
    urls.update(rendered_pages(out, base_url, kept))
    urls.update(page_urls(enriched, base_url))
    written = []
    if len(urls) <= MAX_URLS:
        common.write_text(out / "sitemap.xml", urlset(urls))
    else:
        ordered = sorted(urls)
        locations = []
        for number, start in enumerate(range(0, len(ordered), MAX_URLS), start=1):
            rel = f"sitemaps/sitemap-{number}.xml"
            common.write_text(out / rel, urlset({u: urls[u] for u in ordered[start : start + MAX_URLS]}))
            locations.append(SiteUrls.of(base_url).url(rel))
            written.append(out / rel)
        common.write_text(out / "sitemap.xml", sitemap_index(locations))
    common.write_text(out / "robots.txt", robots(base_url))
    return [out / "sitemap.xml", *written, out / "robots.txt"]
