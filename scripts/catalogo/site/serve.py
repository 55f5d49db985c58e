"""Stage 5, site: Serving a built site on 127.0.0.1 and noticing when the catalogue's sources change."""

from __future__ import annotations

import os
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

WATCHED = (
    "parties",
    "datasets",
    "best-practices",
    "build",
    "mkdocs.yml",
    "mkdocs.en.yml",
    "catalogo.yaml",
    ".git/HEAD",
    ".git/logs/HEAD",
)


class SiteHandler(SimpleHTTPRequestHandler):
    """Static files with the media types the site needs (Pagefind's WebAssembly) and no logging."""

    extensions_map = {
        **SimpleHTTPRequestHandler.extensions_map,
        ".wasm": "application/wasm",
        ".js": "text/javascript",
        ".json": "application/json",
        ".jsonld": "application/ld+json",
        ".ttl": "text/turtle",
    }

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 (the base class's name)
        pass


def make_server(directory: Path, port: int = 0) -> ThreadingHTTPServer:
    """A server for `directory` bound to 127.0.0.1 only (port 0: any free port)."""
    handler = partial(SiteHandler, directory=str(directory))
    return ThreadingHTTPServer(("127.0.0.1", port), handler)


def serve_in_thread(directory: Path, port: int = 0) -> tuple[ThreadingHTTPServer, str]:
    """Start serving in a daemon thread; returns the server and its base URL."""
    server = make_server(directory, port)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def sources_signature(root: Path) -> tuple[int, int]:
    """(number of files, newest modification time) of what the site is built from."""
    count, newest = 0, 0
    for name in WATCHED:
        path = Path(root) / name
        if path.is_file():
            count, newest = count + 1, max(newest, path.stat().st_mtime_ns)
            continue
        for folder, dirs, files in os.walk(path):
            dirs[:] = [d for d in dirs if not d.startswith(".")]
            for entry in files:
                try:
                    newest = max(newest, os.stat(os.path.join(folder, entry)).st_mtime_ns)
                except OSError:
                    continue
                count += 1
            newest = max(newest, os.stat(folder).st_mtime_ns)
    return count, newest
