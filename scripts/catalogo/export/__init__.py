"""Machine-readable outputs of the catalogue, all generated from the same `Enriched` value the
pages come from, during `catalogo build`.

Files written under the site folder (URLs relative to the base URL):

- `datos/<party>/<dataset>/datapackage.json`: Data Package with absolute resource URLs
  (`datapackage.py`).

The schema.org `Dataset` JSON-LD of each dataset page is `schemaorg.dataset_jsonld`, embedded by
the page template.
"""

from __future__ import annotations

from pathlib import Path

from ..enrich import Enriched
from .datapackage import write_datapackages

__all__ = ["write_exports"]


def write_exports(enriched: Enriched, out: Path, base_url: str) -> None:
    """Write every machine-readable output into the build's output folder `out`."""
    out = Path(out)
    write_datapackages(enriched, out, base_url)
