"""The link checker against a local HTTP server on 127.0.0.1: answers, errors, redirect loops,
slow responses, servers that refuse HEAD, and private addresses refused before connecting."""

from __future__ import annotations

import datetime as dt
import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from click.testing import CliRunner

from catalogo.checks.links import Limits, check_links, check_url, load_results, resource_urls, save_results
from catalogo.cli.main import cli
from catalogo.load import load_catalogue

from .measure_support import descriptor, party, write

ANYWHERE = {"allow": lambda ip: True}  # the test server is on loopback, which the checker refuses
LIMITS = Limits(timeout=2.0, max_bytes=1024, max_redirects=3, concurrency=4)
BODY = b"a,b\n" + b"1,2\n" * 1250  # 5,004 bytes


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args) -> None:  # keep the test output quiet
        pass

    def do_HEAD(self) -> None:  # noqa: N802
        self.answer(head=True)

    def do_GET(self) -> None:  # noqa: N802
        self.answer(head=False)

    def answer(self, head: bool) -> None:
        path = self.path
        if path == "/ok.csv":
            return self.send(200, BODY, head)
        if path == "/missing.csv":
            return self.send(404, b"no", head)
        if path in ("/loop-a", "/loop-b"):
            return self.redirect("/loop-b" if path == "/loop-a" else "/loop-a")
        if path == "/moved.csv":
            return self.redirect("/ok.csv")
        if path == "/slow.csv":
            time.sleep(1.5)
            return self.send(200, BODY, head)
        if path == "/no-head.csv":
            if head:
                return self.send(405, b"", head)
            ranged = self.headers.get("Range", "")
            if ranged.startswith("bytes=0-"):
                end = int(ranged.split("-")[1])
                return self.send(206, BODY[: end + 1], head, {"Content-Range": f"bytes 0-{end}/{len(BODY)}"})
            return self.send(200, BODY, head)
        return self.send(404, b"", head)

    def send(self, status: int, body: bytes, head: bool, extra: dict | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", "text/csv; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        for key, value in (extra or {}).items():
            self.send_header(key, value)
        self.end_headers()
        if not head:
            self.wfile.write(body)

    def redirect(self, location: str) -> None:
        self.send_response(302)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    httpd.block_on_close = False  # a slow answer still sleeping must not hold the teardown
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_a_good_link(server: str) -> None:
    r = check_url(f"{server}/ok.csv", LIMITS, **ANYWHERE)
    assert (r.ok, r.status, r.method, r.error) == (True, 200, "HEAD", None)
    assert (r.bytes, r.content_type) == (len(BODY), "text/csv; charset=utf-8")


def test_not_found_after_trying_get(server: str) -> None:
    r = check_url(f"{server}/missing.csv", LIMITS, **ANYWHERE)
    assert (r.ok, r.status, r.error, r.method) == (False, 404, "http-404", "GET")


def test_redirects_are_followed_and_loops_stopped(server: str) -> None:
    moved = check_url(f"{server}/moved.csv", LIMITS, **ANYWHERE)
    assert (moved.ok, moved.redirects, moved.final_url) == (True, 1, f"{server}/ok.csv")
    loop = check_url(f"{server}/loop-a", LIMITS, **ANYWHERE)
    assert (loop.ok, loop.status, loop.error) == (False, None, "redirect-loop")


def test_a_slow_answer_times_out(server: str) -> None:
    r = check_url(f"{server}/slow.csv", Limits(timeout=0.3), **ANYWHERE)
    assert (r.ok, r.error, r.method) == (False, "timeout", "HEAD")  # a timeout is not retried


def test_head_not_allowed_falls_back_to_a_ranged_get(server: str) -> None:
    r = check_url(f"{server}/no-head.csv", LIMITS, **ANYWHERE)
    assert (r.ok, r.status, r.method) == (True, 206, "GET")
    assert r.bytes == len(BODY)  # from Content-Range, without reading the whole file


def test_private_addresses_are_refused_before_connecting(server: str) -> None:
    to_private = check_url("http://datos.interno.example/x.csv", LIMITS, resolver=lambda host, port: ["10.1.2.3"])
    assert (to_private.ok, to_private.error) == (False, "address-not-public")
    loopback = check_url(f"{server}/ok.csv", LIMITS)  # the default policy: public addresses only
    assert loopback.error == "address-not-public"


@pytest.fixture
def catalogue_root(tmp_path: Path, server: str) -> Path:
    root = tmp_path / "repo"
    party(root, "p")
    party(root, "q")
    urls = {"bien": f"{server}/ok.csv", "roto": f"{server}/missing.csv", "sin-head": f"{server}/no-head.csv"}
    for name, url in urls.items():
        write(
            root,
            f"datasets/p/{name}/datapackage.yaml",
            descriptor(name, resources=[{"name": "r", "path": url, "format": "csv"}]),
        )
    write(
        root,
        "datasets/q/copia/datapackage.yaml",
        descriptor(
            "copia",
            resources=[
                {"name": "misma", "path": urls["roto"], "format": "csv"},
                {"name": "local", "path": "data/datos.csv", "format": "csv"},
            ],
        ),
    )
    write(root, "datasets/q/copia/data/datos.csv", "a\n1\n")
    return root


def test_check_the_whole_catalogue_and_keep_the_results(catalogue_root: Path, server: str, tmp_path: Path) -> None:
    urls = resource_urls(load_catalogue(catalogue_root))
    assert len(urls) == 3  # the local file is not a URL; a shared URL is checked once
    assert [(r.dataset, r.resource) for r in urls[f"{server}/missing.csv"]] == [("p/roto", "r"), ("q/copia", "misma")]
    results = check_links(urls, LIMITS, now=lambda: dt.datetime(2026, 5, 1, 12), **ANYWHERE)
    assert sorted(r.url for r in results.broken) == [f"{server}/missing.csv"]
    save_results(results, tmp_path / "out" / "links.json")
    again = load_results(tmp_path / "out" / "links.json")
    assert again.as_dict() == results.as_dict()
    assert again.checked_at == "2026-05-01T12:00:00"
    assert load_results(tmp_path / "nothing.json").results == {}


def test_command_writes_results_and_summaries(catalogue_root: Path, tmp_path: Path) -> None:
    """Through the CLI the default policy applies: loopback URLs are refused, never fetched."""
    out, summary = tmp_path / "links.json", tmp_path / "resumen"
    args = [
        "--repo",
        str(catalogue_root),
        "check-links",
        "--out",
        str(out),
        "--summary",
        str(summary),
        "--timeout",
        "2",
        "--concurrency",
        "2",
        "--today",
        "2026-05-01",
    ]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text(encoding="utf-8"))
    assert {r["error"] for r in data["results"]} == {"address-not-public"}
    assert sorted(p.name for p in summary.iterdir()) == ["p.md", "q.md"]
    text = (summary / "q.md").read_text(encoding="utf-8")
    assert text.startswith("<!-- catalogo:check-links sujeto=q -->") and "`q/copia`" in text
    assert CliRunner().invoke(cli, [*args, "--strict"]).exit_code == 1


def test_command_does_not_replace_someone_elses_file(catalogue_root: Path, tmp_path: Path) -> None:
    other = tmp_path / "notas.json"
    other.write_text('{"mine": true}\n', encoding="utf-8")
    result = CliRunner().invoke(cli, ["--repo", str(catalogue_root), "check-links", "--out", str(other)])
    assert result.exit_code == 2 and "--force" in result.output
    assert other.read_text(encoding="utf-8") == '{"mine": true}\n'


def test_the_next_build_reads_the_results(catalogue_root: Path) -> None:
    """Without --out the results land where `enrich` (and so `catalogo build`) looks for them."""
    from catalogo.enrich import enrich

    result = CliRunner().invoke(cli, ["--repo", str(catalogue_root), "check-links", "--timeout", "2"])
    assert result.exit_code == 0, result.output
    assert (catalogue_root / ".cache" / "link-check.json").is_file()
    enriched = enrich(load_catalogue(catalogue_root))
    assert set(enriched.link_results.results) == set(resource_urls(enriched.catalogue))
    availability = enriched.datasets["p/bien"].quality.criterion("availability")
    assert availability.state == "not-met"  # loopback is refused by the public-address policy
