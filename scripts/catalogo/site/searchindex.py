"""Stage 5, site: Pagefind's index made byte-stable and its metadata small. Pagefind (1.5) writes its
filter files and the metadata that lists them in hash-map order, which changes from run to run, and
names each file after a hash of its content; everything else it writes is already stable."""

# This module rewrites those files with their entries sorted and renames them after the sorted
# content, so that the same commit builds the same bytes.
#
# The metadata file, which every first search downloads whole, lists every page as the name of its
# fragment file and its word count. Pagefind names fragments after a hash of their content (~6.5
# bytes per page with gzip). Those names are kept: a page that did not change keeps its fragment, so
# publishing a change uploads the changed pages' fragments only, and a browser or CDN can keep a
# fragment for as long as it likes (numbering them by position packed the metadata to ~3.5 bytes a
# page, but renamed every fragment whenever any page changed).
#
# The files are gzip-compressed `pagefind_dcd` + CBOR; only the CBOR subset Pagefind uses here
# (unsigned integers, text, bytes, arrays, maps, booleans, null) is read and written.

from __future__ import annotations

import gzip
import hashlib
import json
from pathlib import Path
from typing import Any

SIGNATURE = b"pagefind_dcd"
# What Pagefind reads: the dataset pages (the only ones marked data-pagefind-body) of each
# language, each language its own index.
INDEXED_PAGES = (("es", "datos/*/*/index.html"), ("en", "en/datos/*/*/index.html"))
# Pagefind holds ~0.06 MB per page while it indexes (measured: 627 MB for 10,000 pages), so a run
# reads at most this many pages (~2 GB); a language with more is indexed in parts, each a bundle
# of its own that the search merges in the browser. PARTS_FILE, in the main bundle, lists them.
PART_PAGES = 30_000
PARTS_FILE = "partes.json"


# Pagefind writes its own search interfaces into every bundle; the site's search (buscar.js) uses
# its JavaScript API only, and a part's bundle is only read through the main one.
UNUSED_FILES = (
    "pagefind-ui.js",
    "pagefind-ui.css",
    "pagefind-component-ui.js",
    "pagefind-component-ui.css",
    "pagefind-modular-ui.js",
    "pagefind-modular-ui.css",
    "pagefind-highlight.js",
)
RUNTIME_FILES = ("pagefind.js", "pagefind-worker.js", "wasm.*.pagefind")


def prune(bundle: Path, part: bool = False) -> None:
    """Remove what the site's search never fetches from a bundle (a part's bundle keeps only its
    index: the main bundle's script and WebAssembly read it)."""
    for pattern in UNUSED_FILES + (RUNTIME_FILES if part else ()):
        for found in bundle.glob(pattern):
            found.unlink()


# Each language's index is cut into shards by a hash of the party a dataset belongs to, so that a
# change re-indexes the shard of its party only (the others are reused, see assemble.py). The count
# of shards is a power of two near pages / SHARD_PAGES: a growing catalogue re-sorts its pages into
# twice as many shards once in a while, not at every new dataset. At most MAX_SHARDS: a first search
# fetches every shard's metadata, so their number stays small (32 of ~3,000 pages at 100,000). A
# change re-indexes one shard per language: ~250 pages until the catalogue reaches 8,000 pages a
# language (a Pagefind run over 250 pages takes ~0.3 s, over 500 ~0.6 s).
SHARD_PAGES = 250
MAX_SHARDS = 32


def shard_count(pages: int) -> int:
    wanted = max(1, -(-pages // SHARD_PAGES))
    return min(MAX_SHARDS, 1 << (wanted - 1).bit_length())


def shards(pages: list[str], count: int) -> list[tuple[int, list[str]]]:
    """(shard number, its pages in order) of every shard that has pages; a page's shard is a hash
    of its party (`datos/<party>/<dataset>/index.html`)."""
    found: dict[int, list[str]] = {}
    for page in pages:
        party = page.split("/")[-3]
        found.setdefault(int(hashlib.sha256(party.encode()).hexdigest()[:8], 16) % count, []).append(page)
    return sorted(found.items())


def split_parts(pages: list[str], size: int) -> list[list[str]]:
    """`pages` in order, cut into the fewest parts of at most `size`, of nearly equal length."""
    count = -(-len(pages) // size)
    return [pages[i * len(pages) // count : (i + 1) * len(pages) // count] for i in range(count)]


def write_parts(bundle: Path, parts: dict[str, list[str]]) -> None:
    """List, per language, the bundles (relative to `bundle`) that the search merges."""
    (bundle / PARTS_FILE).write_text(json.dumps(dict(sorted(parts.items())), separators=(",", ":")), encoding="utf-8")


_SIMPLE = {20: False, 21: True, 22: None}


class UnexpectedIndex(Exception):
    """The index is not in the layout this module knows (another Pagefind version)."""


def stabilize(bundle: Path) -> None:
    """Rewrite the filter files, metadata files and pagefind-entry.json of `bundle` (the
    site's pagefind/ folder) in a canonical order."""
    entry_file = bundle / "pagefind-entry.json"
    entry = json.loads(entry_file.read_text(encoding="utf-8"))
    for lang, info in entry["languages"].items():
        info["hash"] = _stabilize_language(bundle, lang, info["hash"])
    entry["languages"] = dict(sorted(entry["languages"].items()))
    entry_file.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


def merge_entries(bundle: Path, entries: list[dict[str, Any]]) -> None:
    """Write the entry file of a bundle made by several Pagefind runs (one language each) into
    the same folder: each run leaves an entry that lists only its own language."""
    merged = dict(entries[0])
    merged["languages"] = {lang: info for entry in entries for lang, info in entry["languages"].items()}
    (bundle / "pagefind-entry.json").write_text(
        json.dumps(merged, ensure_ascii=False, separators=(",", ":")), encoding="utf-8"
    )


def _stabilize_language(bundle: Path, lang: str, meta_hash: str) -> str:
    meta_file = bundle / f"pagefind.{meta_hash}.pf_meta"
    meta = _read(meta_file)
    if not (isinstance(meta, list) and len(meta) > 3 and isinstance(meta[3], list)):
        raise UnexpectedIndex(f"{meta_file.name}: filters not found")
    filters = []
    for name, old_hash in meta[3]:
        old_file = bundle / "filter" / f"{old_hash}.pf_filter"
        content = _sorted_filter(_read(old_file))
        old_file.unlink()
        filters.append([name, _write(bundle / "filter", "", ".pf_filter", lang, 7, content)])
    meta[3] = sorted(filters)
    meta_file.unlink()
    return _write(bundle, "pagefind.", ".pf_meta", lang, 10, meta)


def _sorted_filter(value: Any) -> Any:
    """[name, [[value, [pages…]], …]] with values and pages in order."""
    name, values = value
    return [name, sorted([[v, sorted(pages)] for v, pages in values], key=lambda item: item[0])]


def _write(folder: Path, prefix: str, suffix: str, lang: str, length: int, content: Any) -> str:
    """Write `content` named after its hash, as Pagefind names its files; returns the hash."""
    raw = SIGNATURE + encode(content)
    new_hash = f"{lang}_{hashlib.sha256(raw).hexdigest()[:length]}"
    (folder / f"{prefix}{new_hash}{suffix}").write_bytes(gzip.compress(raw, compresslevel=9, mtime=0))
    return new_hash


def _read(path: Path) -> Any:
    raw = gzip.decompress(path.read_bytes())
    if not raw.startswith(SIGNATURE):
        raise UnexpectedIndex(f"{path.name}: not a Pagefind file")
    value, end = decode(raw, len(SIGNATURE))
    if end != len(raw):
        raise UnexpectedIndex(f"{path.name}: trailing bytes")
    return value


def decode(data: bytes, i: int = 0) -> tuple[Any, int]:
    major, info = data[i] >> 5, data[i] & 31
    i += 1
    if info < 24:
        arg = info
    elif info <= 27:
        size = 1 << (info - 24)
        arg, i = int.from_bytes(data[i : i + size], "big"), i + size
    else:
        raise UnexpectedIndex(f"CBOR additional information {info}")
    if major == 0:
        return arg, i
    if major in (2, 3):
        chunk = data[i : i + arg]
        return (chunk.decode("utf-8") if major == 3 else bytes(chunk)), i + arg
    if major == 4:
        items = []
        for _ in range(arg):
            item, i = decode(data, i)
            items.append(item)
        return items, i
    if major == 5:
        mapping = {}
        for _ in range(arg):
            key, i = decode(data, i)
            mapping[key], i = decode(data, i)
        return mapping, i
    if major == 7 and arg in _SIMPLE:
        return _SIMPLE[arg], i
    raise UnexpectedIndex(f"CBOR major type {major}")


def encode(value: Any) -> bytes:
    if value is True or value is False or value is None:
        return bytes([0xE0 | {False: 20, True: 21, None: 22}[value]])
    if isinstance(value, int) and value >= 0:
        return _head(0, value)
    if isinstance(value, bytes):
        return _head(2, len(value)) + value
    if isinstance(value, str):
        text = value.encode("utf-8")
        return _head(3, len(text)) + text
    if isinstance(value, list):
        return _head(4, len(value)) + b"".join(encode(v) for v in value)
    if isinstance(value, dict):
        return _head(5, len(value)) + b"".join(encode(k) + encode(v) for k, v in value.items())
    raise UnexpectedIndex(f"cannot encode {type(value).__name__}")


def _head(major: int, arg: int) -> bytes:
    if arg < 24:
        return bytes([major << 5 | arg])
    for info, size in ((24, 1), (25, 2), (26, 4), (27, 8)):
        if arg < 1 << (8 * size):
            return bytes([major << 5 | info]) + arg.to_bytes(size, "big")
    raise UnexpectedIndex("integer too large")
