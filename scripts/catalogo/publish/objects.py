"""Stage 6, publish: what each file of a built site is as an object: its key, content digest, order
of upload, Content-Type, Cache-Control and the other headers an object store can carry."""

# Order: a reader must never meet a page whose links lead nowhere. New objects go first (nothing
# links to them yet); then changed objects that are not pages; then changed pages; the entry points
# (home pages, 404, sitemap, national files) last. Deletions come after all of it (sync.py).
#
# Caching: the pages and the national files change with every merge and are kept for 5 minutes;
# files whose name carries a digest of their content (Pagefind's index, mkdocs-material's assets)
# never change under their name and are kept for a year.

from __future__ import annotations

import hashlib
import mimetypes
import os
import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from ..export import ckan
from ..render.hosting import HEADERS_FILE, headers_for

SHORT_CACHE = "public, max-age=300"
LONG_CACHE = "public, max-age=31536000, immutable"

TYPES = {
    ".html": "text/html; charset=utf-8",
    ".json": "application/json",
    ".jsonld": "application/ld+json",
    ".ttl": "text/turtle; charset=utf-8",
    ".csv": "text/csv; charset=utf-8",
    ".tsv": "text/tab-separated-values; charset=utf-8",
    ".xml": "application/xml",
    ".txt": "text/plain; charset=utf-8",
    ".py": "text/plain; charset=utf-8",  # the join code beside dataset pages: shown to copy, in UTF-8
    ".sql": "text/plain; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".mjs": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".svg": "image/svg+xml",
    ".wasm": "application/wasm",
    ".geojson": "application/geo+json",
    ".parquet": "application/vnd.apache.parquet",
    ".gz": "application/gzip",
    ".zip": "application/zip",
    ".pdf": "application/pdf",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".ods": "application/vnd.oasis.opendocument.spreadsheet",
    ".woff2": "font/woff2",
    ".ico": "image/x-icon",
}
FEEDS = "feeds/"  # Atom feeds: .xml files served as application/atom+xml
PAGEFIND_PARTS = (".pf_meta", ".pf_index", ".pf_fragment", ".pf_filter")  # gzip data, hashed names
ENTRY_POINTS = {
    "index.html",
    "en/index.html",
    "404.html",
    "en/404.html",
    "sitemap.xml",
    "robots.txt",
    "data.json",
    "data.json.gz",
    "catalogo.jsonld",
    "catalogo.ttl",
    "catalogo.csv",
}
_HASHED = re.compile(r"\.[0-9a-f]{8,}\.(min\.)?(js|css)$")


@dataclass(frozen=True)
class LocalFile:
    key: str  # path relative to the site, "/"-separated
    path: Path
    size: int
    md5: str  # what S3 reports as the ETag of an object uploaded in one part


def site_files(site: Path) -> dict[str, LocalFile]:
    """Every regular file of the site (symbolic links are not followed: the build writes none)."""
    found = {}
    for folder, dirs, names in os.walk(site):
        dirs.sort()
        for name in sorted(names):
            path = Path(folder) / name
            if not path.is_file() or path.is_symlink():
                continue
            key = path.relative_to(site).as_posix()
            found[key] = LocalFile(key, path, path.stat().st_size, md5_of(path))
    return found


def md5_of(path: Path) -> str:
    digest = hashlib.md5(usedforsecurity=False)
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def content_type(key: str) -> str:
    suffix = PurePosixPath(key).suffix.lower()
    if key.startswith(FEEDS) and suffix == ".xml":
        return "application/atom+xml"
    if suffix in PAGEFIND_PARTS:
        return "application/octet-stream"
    if ckan.is_action_file(key):  # CKAN's paths have no extension
        return "application/json"
    return TYPES.get(suffix) or mimetypes.guess_type(key)[0] or "application/octet-stream"


def cache_control(key: str) -> str:
    suffix = PurePosixPath(key).suffix.lower()
    hashed = suffix in PAGEFIND_PARTS or bool(_HASHED.search(key))
    return LONG_CACHE if hashed else SHORT_CACHE


def object_headers(key: str) -> dict[str, str]:
    """The headers stored with the object (those of the site's header rules an object can carry:
    Content-Disposition for data files; the security headers are the CDN's, see the operators' guide)."""
    headers = {"ContentType": content_type(key), "CacheControl": cache_control(key)}
    disposition = headers_for(key).get("Content-Disposition")
    if disposition:
        headers["ContentDisposition"] = disposition
    return headers


def upload_phases(new: list[str], changed: list[str]) -> list[list[str]]:
    """The keys to upload, in the order a reader never meets a broken link: new objects, changed
    files that are not pages, changed pages, then the entry points."""
    late = [k for k in changed if k in ENTRY_POINTS]
    pages = [k for k in changed if k.endswith(".html") and k not in ENTRY_POINTS]
    other = [k for k in changed if not k.endswith(".html") and k not in ENTRY_POINTS]
    return [phase for phase in (sorted(new), sorted(other), sorted(pages), sorted(late)) if phase]


def skipped(key: str, to_bucket: bool) -> bool:
    """`_headers` is read by hosts that serve a folder (Netlify, Cloudflare Pages); a bucket would
    serve it as a plain file, so it is not uploaded there."""
    return to_bucket and key == HEADERS_FILE
