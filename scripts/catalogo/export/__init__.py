"""Stage 4, render (machine-readable exports): Machine-readable outputs of the catalogue, all generated
from the same `Enriched` value the pages come from, during `catalogo build`. Deterministic: the same
commit and the same link-check results (`.cache/link-check.json`, outside git."""

# Also: they feed the quality scores) give the same bytes (every date comes from git).
#
# Files written under the site folder (URLs relative to the base URL):
#
# - `catalogo.jsonld`, `catalogo.ttl` (+ `catalogo/pagina-<n>.*` when paged) and
#   `instituciones/<party>/catalogo.jsonld|ttl`: DCAT-AP 3.0 (`dcat.py`).
# - `data.json` (+ `data.json.gz`), `instituciones/<party>/data.json`: DCAT-US 1.1 (`datajson.py`).
# - `datos/<party>/<dataset>/datapackage.json`: Data Package with absolute resource URLs
#   (`datapackage.py`).
# - `api/…`: static JSON API, CKAN-style lists and `api/openapi.json` (`api.py`, `openapi.py`).
# - `catalogo.csv`: one row per resource, spreadsheet-safe (`csvexport.py`).
# - `feeds/nuevos.xml`, `feeds/actualizados.xml` and the same per party: Atom (`feeds.py`).
# - `sitemap.xml`, `robots.txt` (`discovery.py`).
#
# The schema.org `Dataset` JSON-LD of each dataset page is `schemaorg.dataset_jsonld`, embedded by
# the page template.

from __future__ import annotations

from contextlib import ExitStack
from pathlib import Path

from ..measure.enriched import Enriched
from . import common
from .api import ApiWriter
from .csvexport import CsvWriter
from .datajson import DataJsonWriter, write_gzip_copy
from .datapackage import DataPackageWriter
from .dcat import DcatWriter
from .discovery import write_discovery
from .feeds import write_feeds

__all__ = ["write_exports"]


def write_exports(enriched: Enriched, out: Path, base_url: str, *, dcat_page_size: int | None = None) -> list[Path]:
    """Write every machine-readable output into the build's output folder `out`; returns the
    files written. `dcat_page_size` overrides `exports: dcat_page_size` of catalogo.yaml.

    One pass over the catalogue, party by party: what the outputs say about a dataset (its
    resources' URLs, licenses, formats) is worked out once and each output takes its part, so
    only one party's datasets are held at a time; the national files are streamed."""
    out = Path(out)
    with ExitStack() as stack:
        outputs: list[common.Output] = [  # each entered as soon as made: it may have opened files
            stack.enter_context(DataPackageWriter(out)),
            stack.enter_context(DcatWriter(enriched, out, base_url, dcat_page_size)),
            stack.enter_context(DataJsonWriter(enriched, out, base_url)),
            stack.enter_context(ApiWriter(enriched, out, base_url)),
            stack.enter_context(CsvWriter(out)),
        ]
        for party_id, facts in common.facts_by_party(enriched, base_url):
            for output in outputs:
                output.party(party_id, facts)
    written = [path for output in outputs for path in output.written]
    written.append(write_gzip_copy(out))
    written += write_feeds(enriched, out, base_url)
    written += write_discovery(enriched, out, base_url)
    return written
