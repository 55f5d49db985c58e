"""`catalogo serve`: builds, serves on 127.0.0.1 and rebuilds when a source file changes."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from catalogo.site.serve import make_server, serve_in_thread, sources_signature

from .sitebuild import make_site_repo

TITLE = "Tianguis de Zapopan"
DESCRIPTOR = "datasets/municipio-de-zapopan/tianguis-zapopan/datapackage.yaml"


def wait_for(predicate, what: str, limit: float = 120.0):
    """Poll until `predicate()` is truthy; the limit only keeps a broken run from hanging."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.2)
    pytest.fail(f"gave up waiting for {what}")


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.read().decode("utf-8")
    except OSError:
        return ""


def test_serve_builds_serves_and_rebuilds_on_change(tmp_path: Path) -> None:
    repo = make_site_repo(tmp_path / "repo")
    out = tmp_path / "site"
    command = [
        str(Path(sys.executable).parent / "catalogo"),
        "--repo",
        str(repo),
        "serve",
        "--port",
        "0",
        "--out",
        str(out),
        "--interval",
        "0.2",
    ]
    env = {**os.environ, "CI": "1"}
    server = subprocess.Popen(command, stderr=subprocess.PIPE, text=True, env=env)
    try:
        lines: list[str] = []

        def announced() -> str | None:
            line = server.stderr.readline()
            lines.append(line)
            match = re.search(r"http://127\.0\.0\.1:\d+/", line)
            return match.group(0) if match else None

        url = wait_for(announced, "the server's address")
        page = url + "datos/municipio-de-zapopan/tianguis-zapopan/"
        assert f"<h1>{TITLE}</h1>" in fetch(page)

        descriptor = repo / DESCRIPTOR
        descriptor.write_text(
            descriptor.read_text(encoding="utf-8").replace(f"title: {TITLE}", "title: Tianguis y mercados de Zapopan"),
            encoding="utf-8",
        )
        wait_for(lambda: "<h1>Tianguis y mercados de Zapopan</h1>" in fetch(page), "the rebuilt page")
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_server_answers_only_on_loopback(tmp_path: Path) -> None:
    (tmp_path / "index.html").write_text("<p>hola</p>", encoding="utf-8")
    (tmp_path / "a.wasm").write_bytes(b"\0asm")
    server = make_server(tmp_path)
    try:
        assert server.server_address[0] == "127.0.0.1"
        handler = server.RequestHandlerClass
        assert handler.keywords["directory"] == str(tmp_path)
        assert handler.func.extensions_map[".wasm"] == "application/wasm"
    finally:
        server.server_close()


def test_signature_changes_when_sources_change(tmp_path: Path) -> None:
    repo = make_site_repo(tmp_path / "repo")
    before = sources_signature(repo)
    assert sources_signature(repo) == before
    (repo / "best-practices/stories/nuevo.yaml").write_text("id: nuevo\n", encoding="utf-8")
    assert sources_signature(repo) != before


@pytest.mark.parametrize(
    ("path", "page"),
    [("/datos/no/existe/", "404.html"), ("/en/datos/no/existe/", "en/404.html"), ("/x.csv", "404.html")],
)
def test_missing_address_answers_the_sites_404_page(tmp_path: Path, path: str, page: str) -> None:
    """As the hosts do: the English 404 page under /en/ (the nearest 404.html), the Spanish one elsewhere."""
    for name in ("404.html", "en/404.html"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(f"<h1>{name}</h1>", encoding="utf-8")
    server, url = serve_in_thread(tmp_path)
    try:
        with pytest.raises(urllib.error.HTTPError) as answer:
            urllib.request.urlopen(url.rstrip("/") + path, timeout=10)
    finally:
        server.shutdown()
    assert answer.value.code == 404
    assert answer.value.headers["Content-Type"] == "text/html; charset=utf-8"
    assert answer.value.read().decode("utf-8") == f"<h1>{page}</h1>"
