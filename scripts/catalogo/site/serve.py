"""Stage 5, site: Serving a built site on 127.0.0.1 and noticing when the catalogue's sources change."""

from __future__ import annotations

import json
import os
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qsl

from ..export import ckan

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
    """Static files with the media types the site needs (Pagefind's WebAssembly) and no logging;
    CKAN action calls (GET with a query string, or POST with a JSON body as CKAN clients send by
    default) answered from the static CKAN files (export/ckan.py)."""

    extensions_map = {
        **SimpleHTTPRequestHandler.extensions_map,
        ".wasm": "application/wasm",
        ".js": "text/javascript",
        ".json": "application/json",
        ".jsonld": "application/ld+json",
        ".ttl": "text/turtle",
    }

    MAX_BODY = 65536

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 (the base class's name)
        pass

    def guess_type(self, path: str | os.PathLike[str]) -> str:
        return "application/json" if ckan.is_action_file(Path(path).as_posix()) else super().guess_type(path)

    def do_GET(self) -> None:
        path, _, query = self.path.partition("?")
        if self._ckan(path, dict(parse_qsl(query))):
            super().do_GET()

    def do_HEAD(self) -> None:
        path, _, query = self.path.partition("?")
        if self._ckan(path, dict(parse_qsl(query))):
            super().do_HEAD()

    def do_POST(self) -> None:
        path = self.path.partition("?")[0]
        if ckan.static_path(path, {}) is None:
            self.send_error(501, "Unsupported method ('POST')")
            return
        try:
            length = int(self.headers.get("Content-Length") or 0)
            body = json.loads(self.rfile.read(length) or b"{}") if 0 <= length <= self.MAX_BODY else None
        except ValueError:  # a bad length or a body that is no JSON: no parameters
            body = None
        params = {k: v for k, v in body.items() if isinstance(v, str)} if isinstance(body, dict) else {}
        if self._ckan(path, params):
            super().do_GET()

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        """A missing page answers with the site's own 404.html, as the hosts do (the English one
        under /en/, as hosts that look for the nearest 404.html do)."""
        page = self._not_found_page() if code == 404 else None
        if page is None:
            super().send_error(code, message, explain)
            return
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _not_found_page(self) -> Path | None:
        root = Path(self.directory)
        english = self.path.partition("?")[0].startswith("/en/")
        for candidate in (root / "en" / "404.html", root / "404.html") if english else (root / "404.html",):
            if candidate.is_file():
                return candidate
        return None

    def _ckan(self, path: str, params: dict[str, str]) -> bool:
        """Point a CKAN action call at its file; answer CKAN's "not found" when there is none.
        True when the request goes on as a static file."""
        target = ckan.static_path(path, params)
        if target is None:
            return True
        action = path.rstrip("/").rsplit("/", 1)[-1]
        if target and os.path.isfile(self.translate_path(target)):
            self.path = target
            return True
        body = json.dumps(ckan.not_found(action)).encode("ascii")
        self.send_response(404)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)
        return False


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
