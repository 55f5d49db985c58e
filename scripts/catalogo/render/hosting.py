"""Stage 4, render: The HTTP headers the site is served with, for hosts that read a `_headers` file at
the site's root (Netlify, Cloudflare Pages), and per path (`headers_for`) for hosts that take
headers as object metadata, which a future `catalogo publish` is to set from it."""

# Every path gets the pages' Content-Security-Policy (the pages also carry it in a meta tag, which
# raw files cannot), `X-Content-Type-Options: nosniff` (a file is never read as another type than
# the one its extension names) and a Referrer-Policy. Data files, everything copied under
# `datos/<party>/<dataset>/` that the build does not write itself, are also sent as downloads
# (`Content-Disposition: attachment`) under a second policy that sandboxes them: even a file that
# a browser did render would run with no origin and load nothing.

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path, PurePosixPath
from urllib.parse import quote

from ..checks.filetypes import RESERVED_NAMES
from .html import CONTENT_SECURITY_POLICY

HEADERS_FILE = "_headers"
SITE_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
}
DATA_POLICY = "sandbox; default-src 'none'"
DATA_HEADERS = {"Content-Disposition": "attachment", "Content-Security-Policy": DATA_POLICY}
DATA_FOLDER = "datos"
# Data files in a subfolder of a dataset's folder (data/…): the build writes nothing there.
DATA_IN_SUBFOLDERS = f"/{DATA_FOLDER}/:party/:dataset/:folder/*"


def is_data_file(site_path: str) -> bool:
    """Whether a path of the built site (relative to its root, '/'-separated) is a data file
    copied from a dataset's folder."""
    parts = PurePosixPath(site_path.lstrip("/")).parts
    if len(parts) < 4 or parts[0] != DATA_FOLDER:
        return False
    return len(parts) > 4 or parts[3].casefold() not in RESERVED_NAMES


def headers_for(site_path: str) -> dict[str, str]:
    """The headers to serve the file at `site_path` (relative to the site's root) with. Two
    policies are joined with a comma, as one header holding both: a browser enforces each."""
    headers = dict(SITE_HEADERS)
    if is_data_file(site_path):
        headers["Content-Disposition"] = DATA_HEADERS["Content-Disposition"]
        headers["Content-Security-Policy"] = f"{CONTENT_SECURITY_POLICY}, {DATA_POLICY}"
    return headers


def headers_file(site_paths: Iterable[str]) -> str:
    """The `_headers` file for a site holding `site_paths`: one rule for every path, one for the
    data files in subfolders of a dataset's folder, and one per name of a data file placed
    directly in a dataset's folder (placeholders keep it to one rule per name, not per file)."""
    names = sorted({PurePosixPath(p).name for p in site_paths if is_data_file(p) and len(PurePosixPath(p).parts) == 4})
    blocks = [_block("/*", SITE_HEADERS), _block(DATA_IN_SUBFOLDERS, DATA_HEADERS)]
    blocks += [_block(f"/{DATA_FOLDER}/:party/:dataset/{quote(name)}", DATA_HEADERS) for name in names]
    head = "# Cabeceras HTTP del sitio (Netlify, Cloudflare Pages) / The site's HTTP headers\n\n"
    return head + "\n".join(blocks)


def write_headers_file(out: Path, site_paths: Iterable[str]) -> Path:
    target = out / HEADERS_FILE
    target.write_text(headers_file(site_paths), encoding="utf-8")
    return target


def _block(pattern: str, headers: dict[str, str]) -> str:
    return pattern + "\n" + "".join(f"  {name}: {value}\n" for name, value in headers.items())
