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
# - `api/…`: static JSON API and `api/openapi.json` (`api.py`, `openapi.py`); a read-only CKAN
#   API, `api/3/action/…` and `api/action/…` (`ckan.py`).
# - `catalogo.csv`: one row per resource, spreadsheet-safe (`csvexport.py`).
# - `feeds/nuevos.xml`, `feeds/actualizados.xml` and the same per party: Atom (`feeds.py`).
# - `inventarios.csv`, `planes.csv`, `solicitudes.csv` and their JSON in the API (`planning.py`).
# - `sitemap.xml`, `robots.txt` (`discovery.py`).
#
# The schema.org `Dataset` JSON-LD of each dataset page is `schemaorg.dataset_jsonld`, embedded by
# the page template.

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from contextlib import ExitStack
from functools import partial
from pathlib import Path
from typing import Any

from ..core.cache import code_fingerprint, read_entry, usable_cache_dir, write_entry
from ..core.digests import FileDigests
from ..core.outputs import OutputCache, Unit, digest_of, records
from ..enrich import source_digests
from ..measure.enriched import Enriched
from . import common
from .api import ApiWriter
from .ckan import CkanWriter
from .csvexport import CsvWriter
from .datajson import DataJsonWriter, write_gzip_copy
from .datapackage import DataPackageWriter
from .dcat import Block, DcatWriter, PartyBlocks
from .discovery import write_discovery
from .feeds import PartyFeeds, write_feeds
from .planning import write_planning

__all__ = ["write_exports"]


def write_exports(
    enriched: Enriched,
    out: Path,
    base_url: str,
    *,
    dcat_page_size: int | None = None,
    previous: Path | None = None,
    kept: set[str] | None = None,
    sources: dict[str, str] | None = None,
) -> ExportResult:
    """Write every machine-readable output into the build's output folder `out`.
    `dcat_page_size` overrides `exports: dcat_page_size` of catalogo.yaml.

    One pass over the catalogue, party by party: what the outputs say about a dataset (its
    resources' URLs, licenses, formats) is worked out once and each output takes its part, so
    only one party's datasets are held at a time; the national files are streamed. With
    `previous` (the site being replaced), a party whose datasets' sources did not change since that
    site was built keeps its own files there (named in `kept`) and its share of the national files read back
    from the cache, and a national DCAT page whose datasets are the same is kept too;
    `ExportResult.save()` remembers this build's once the site is published. `sources`:
    enrich.source_digests, when the build has them already."""
    out = Path(out)
    root = Path(enriched.catalogue.root)
    settings = json.dumps([base_url, dcat_page_size, enriched.config], sort_keys=True, default=str)
    fingerprint = hashlib.sha256(f"{code_fingerprint()}:{settings}".encode()).hexdigest()
    cache = OutputCache(root, previous, "exports", fingerprint) if previous is not None else None
    if cache is not None and kept is not None:
        cache.kept = kept  # shared with the build's other outputs
    shares = _Shares(root, fingerprint)
    if cache is not None and sources is None:
        sources = source_digests(enriched, FileDigests(root))
    with ExitStack() as stack:
        # each entered as soon as made: it may have opened files
        dcat = DcatWriter(enriched, out, base_url, dcat_page_size, _page_reuse(cache, out))
        stack.enter_context(dcat)
        outputs: list[common.Output] = [  # their shares of the national files are kept together
            stack.enter_context(DataPackageWriter(out)),
            stack.enter_context(DataJsonWriter(enriched, out, base_url)),
            stack.enter_context(ApiWriter(enriched, out, base_url)),
            stack.enter_context(CkanWriter(enriched, out)),
            stack.enter_context(CsvWriter(out)),
            stack.enter_context(PartyFeeds(enriched, out, base_url)),
        ]
        for party_id, infos, make_facts in common.parties_for_export(enriched, base_url):
            unit, stored, digest = None, None, ""
            if cache is not None and sources is not None:
                made_of = [(sources[i.dataset.key], ident) for i, ident in infos]
                # a feed without a dated entry is dated by the build's day
                undated = any(i.created is None or i.updated is None for i, _ in infos)
                digest = digest_of(fingerprint, (party_id, made_of, enriched.today if undated else None))
                unit = cache.reuse(f"party:{party_id}", digest, out)
                stored = shares.read(digest) if unit is not None else None
            if unit is not None and stored is not None and len(stored) == len(outputs):
                party_shares = [o.share_from_json(k) for o, k in zip(outputs, stored, strict=True)]
                # the DCAT blocks are read only if a national page is written with them
                blocks = PartyBlocks(digest, len(infos), partial(_stored_blocks, shares, dcat, digest, make_facts))
            else:
                before = [len(o.written) for o in (*outputs, dcat)]
                facts = make_facts()
                party_shares = [o.party(party_id, facts) for o in outputs]
                made = dcat.party(party_id, facts)
                blocks = PartyBlocks(digest, len(made), partial(list, made))
                if cache is not None:
                    files = [p for o, n in zip((*outputs, dcat), before, strict=True) for p in o.written[n:]]
                    unit = Unit(digest, records(out, files))
                    shares.write(digest, [o.share_json(sh) for o, sh in zip(outputs, party_shares, strict=True)])
                    shares.write(digest, dcat.share_json(made), "blocks")
            if cache is not None and unit is not None:
                cache.keep(f"party:{party_id}", unit)
                shares.used.add(unit.digest)
            for output, share in zip(outputs, party_shares, strict=True):
                output.national(party_id, share)
            dcat.national(party_id, blocks)
    outputs.append(dcat)
    written = [path for output in outputs for path in output.written]
    written.append(write_gzip_copy(out))
    written += write_feeds(enriched, out, base_url)
    written += write_planning(enriched, out, base_url)
    written += write_discovery(enriched, out, base_url, kept or ())
    return ExportResult(written, cache, shares)


def _stored_blocks(
    shares: _Shares, dcat: DcatWriter, digest: str, make_facts: Callable[[], list[common.Facts]]
) -> list[Block]:
    """A kept party's DCAT blocks from the cache, or made again when its entry does not verify."""
    raw = shares.read(digest, "blocks")
    if raw is not None:
        try:
            return dcat.share_from_json(raw)
        except (KeyError, TypeError, ValueError):
            pass
    return dcat.blocks(make_facts())


class ExportResult:
    def __init__(self, written: list[Path], cache: OutputCache | None, shares: _Shares) -> None:
        self.written, self.cache, self.shares = written, cache, shares

    def save(self) -> None:
        """Remember this build's units (call it only once the site is published)."""
        if self.cache is not None:
            self.cache.save()
            self.shares.prune()


def _page_reuse(cache: OutputCache | None, out: Path) -> Any:
    if cache is None:
        return None

    def reuse(key: str, inputs: Any, write: Callable[[], list[Path]]) -> bool:
        digest = hashlib.sha256(json.dumps(inputs, sort_keys=True, default=str).encode()).hexdigest()
        return cache.reuse_or_write(key, digest, out, write)

    return reuse


class _Shares:
    """Each party's share of the national files, kept in the cache folder by the digest of its
    unit (authenticated JSON entries, core/cache.py); those no build uses any more are removed."""

    FOLDER = "outputs/exports-shares"

    def __init__(self, root: Path, fingerprint: str) -> None:
        self.root, self.fingerprint, self.used = root, fingerprint, set[str]()

    def read(self, digest: str, kind: str = "shares") -> list[Any] | None:
        """The party's shares, or its DCAT blocks (`kind="blocks"`: kept apart, most builds never
        read them)."""
        raw = read_entry(self.root, self._name(digest, kind))
        if not isinstance(raw, dict) or raw.get("fingerprint") != self.fingerprint:
            return None
        found = raw.get(kind)
        return found if isinstance(found, list) else None

    def write(self, digest: str, values: list[Any], kind: str = "shares") -> None:
        write_entry(self.root, self._name(digest, kind), {"fingerprint": self.fingerprint, kind: values})

    def _name(self, digest: str, kind: str) -> str:
        return f"{self.FOLDER}/{digest}.json" if kind == "shares" else f"{self.FOLDER}/{digest}.dcat.json"

    def prune(self) -> None:
        folder = usable_cache_dir(self.root)
        if folder is None or not (folder / self.FOLDER).is_dir():
            return
        for path in (folder / self.FOLDER).glob("*.json"):
            if path.name.split(".", 1)[0] not in self.used:
                path.unlink(missing_ok=True)
