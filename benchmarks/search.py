#!/usr/bin/env python3
"""Bytes a browser transfers for the first search of the catalogue, and for a filtered search.

    python benchmarks/search.py SITE_DIR [--query datos]

Serves the built site on 127.0.0.1, opens the catalogue page in Chromium (Playwright) with a
query for a common word, waits for the results of the catalogue's search (buscar.js over
Pagefind's JavaScript API), then ticks the first value of the first filter. Every network
response is counted: the whole page (HTML, CSS, JavaScript) and, apart, the Pagefind files, also
by kind (entry, meta, WebAssembly, JavaScript, index chunks, filters, fragments). The server does
not compress; the gzip figure is what a CDN that compresses text would send. Prints JSON.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import json
import sys
import threading
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
RESULT = "#resultados li"
STATUS = "#buscador-estado"
# buscar.js marks the results busy while it searches and fetches the results shown.
ANSWERED = "() => document.querySelector('#resultados')?.getAttribute('aria-busy') === 'false'"
PAGEFIND_KINDS = (  # (kind, how the file's name ends), first match wins
    ("meta", ".pf_meta"),
    ("index", ".pf_index"),
    ("filter", ".pf_filter"),
    ("fragment", ".pf_fragment"),
    ("wasm", ".pagefind"),
    ("entry", ".json"),
    ("javascript", ".js"),
)


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


def serve(site: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    handler = functools.partial(Quiet, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


class Traffic:
    """Bodies of every response since the last `phase()`."""

    def __init__(self) -> None:
        self.responses: list[tuple[str, int, int]] = []

    def record(self, response) -> None:
        try:
            body = response.body()
        except Exception:  # redirects and aborted requests have no body
            return
        compressible = not response.url.endswith((".pf_meta", ".pf_index", ".pf_fragment", ".pf_filter"))
        zipped = len(gzip.compress(body, 6)) if compressible else len(body)
        self.responses.append((response.url, len(body), zipped))

    def phase(self) -> dict:
        found, self.responses = self.responses, []
        pagefind = [r for r in found if "/pagefind/" in r[0]]
        return {
            "requests": len(found),
            "bytes": sum(r[1] for r in found),
            "gzip_bytes": sum(r[2] for r in found),
            "pagefind_requests": len(pagefind),
            "pagefind_bytes": sum(r[1] for r in pagefind),
            "pagefind_gzip_bytes": sum(r[2] for r in pagefind),
            "pagefind_gzip_by_kind": _by_kind(pagefind),
            "largest": sorted(((r[1], r[0].split("/", 3)[-1]) for r in found), reverse=True)[:6],
        }


def _by_kind(responses: list[tuple[str, int, int]]) -> dict[str, int]:
    kinds: dict[str, int] = {}
    for url, _, zipped in responses:
        name = url.split("?")[0]
        kind = next((k for k, end in PAGEFIND_KINDS if name.endswith(end)), "other")
        kinds[kind] = kinds.get(kind, 0) + zipped
    return dict(sorted(kinds.items()))


def measure_search(site: Path, query: str, page: str = "datos/") -> dict:
    from playwright.sync_api import sync_playwright

    server, base = serve(site)
    traffic = Traffic()
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
            context = browser.new_context()
            tab = context.new_page()
            tab.on("response", traffic.record)
            tab.goto(f"{base}{page}?q={query}")
            tab.wait_for_function(ANSWERED, timeout=60_000)
            tab.wait_for_load_state("networkidle")
            results = tab.locator(STATUS).inner_text()
            first = traffic.phase()
            filtered = _filter(tab, traffic)
            browser.close()
    finally:
        server.shutdown()
    return {"query": query, "message": results, "first_search": first, "filtered_search": filtered}


def _filter(tab, traffic: Traffic) -> dict:
    """Tick the first value of the first filter and count what that fetches."""
    group = tab.locator("#buscador summary").first
    if group.count() == 0:
        return {"skipped": "no filters in the search form"}
    group.click()
    label = tab.locator("#buscador fieldset label").first
    label.locator("input").check()  # marks the results busy at once
    tab.wait_for_function(ANSWERED, timeout=30_000)
    tab.wait_for_load_state("networkidle")
    return {
        "filter": f"{group.inner_text().strip()}: {label.inner_text().strip()}",
        "message": tab.locator(STATUS).inner_text(),
        **traffic.phase(),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("--query", default="datos")
    args = parser.parse_args(argv)
    print(json.dumps(measure_search(args.site, args.query), ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
