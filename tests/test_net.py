"""The one HTTP client refuses what online checks must never do: non-http(s) schemes, private,
loopback, link-local and metadata addresses (after DNS and on every redirect), endless
redirects, slow or huge answers. Traffic goes only to a server on 127.0.0.1."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from catalogo.core import net

LOOPBACK_ONLY = {
    "local.test": ["127.0.0.1"],
    "metadata.test": ["169.254.169.254"],
    "intranet.test": ["10.0.0.7"],
    "mixed.test": ["127.0.0.1", "192.168.1.1"],
    "mapped.test": ["::ffff:10.0.0.1"],
}


def resolver(host: str, port: int) -> list[str]:
    if host not in LOOPBACK_ONLY:
        raise net.Refused("dns-error", host)
    return LOOPBACK_ONLY[host]


def only_loopback_server(address: str) -> bool:
    """Test policy: the local test server counts as public; every other non-public address does not."""
    return address == "127.0.0.1" or net.is_public(address)


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass

    def do_GET(self) -> None:  # noqa: N802
        routes = {
            "/ok": (200, {"Content-Type": "text/csv"}, b"a,b\n1,2\n"),
            "/big": (200, {}, b"x" * 5000),
            "/loop": (302, {"Location": "/loop2"}, b""),
            "/loop2": (302, {"Location": "/loop"}, b""),
            "/to-metadata": (302, {"Location": "http://metadata.test/latest/meta-data/"}, b""),
            "/to-intranet": (301, {"Location": f"http://intranet.test:{self.server.server_port}/ok"}, b""),
            "/to-ok": (301, {"Location": "/ok"}, b""),
        }
        if self.path == "/slow":
            time.sleep(2)
        status, headers, body = routes.get(self.path, (404, {}, b"no"))
        self.send_response(status)
        for k, v in headers.items():
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


class QuietServer(ThreadingHTTPServer):
    def handle_error(self, request: object, client_address: object) -> None:
        pass  # clients that stop reading early (byte limits, timeouts) are expected here


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = QuietServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://local.test:{httpd.server_port}"
    httpd.shutdown()


def fetch(url: str, **kw):
    return net.fetch(url, resolver=resolver, allow=only_loopback_server, **kw)


def test_ok_and_redirect(server: str) -> None:
    assert fetch(server + "/ok").body == b"a,b\n1,2\n"
    response = fetch(server + "/to-ok")
    assert response.status == 200 and response.redirects == [server + "/to-ok"]


def test_default_policy_refuses_loopback(server: str) -> None:
    with pytest.raises(net.Refused) as info:
        net.fetch(server + "/ok", resolver=resolver)
    assert info.value.reason == "address-not-public"


@pytest.mark.parametrize(
    "host", ["metadata.test", "intranet.test", "mixed.test", "mapped.test", "10.0.0.1", "[::1]", "169.254.169.254"]
)
def test_private_addresses_are_refused_before_connecting(host: str) -> None:
    with pytest.raises(net.Refused) as info:
        fetch(f"http://{host}/")
    assert info.value.reason == "address-not-public"


EMBEDDING_PRIVATE_IPV4 = [
    "::127.0.0.1",
    "::10.0.0.7",
    "::169.254.169.254",  # IPv4-compatible
    "64:ff9b::7f00:1",
    "64:ff9b::a9fe:a9fe",
    "64:ff9b::192.168.0.1",  # NAT64 well-known prefix
    "64:ff9b:1::7f00:1",
    "64:ff9b:1:7f00:1::",
    "64:ff9b:1:808:8:800::",  # NAT64 local-use /48
    "2002:7f00:1::1",
    "2002:a9fe:a9fe::",
    "2002:c0a8:1:1::1",  # 6to4
    "2001:0:4136:e378:8000:63bf:80ff:fffe",  # Teredo, client 127.0.0.1 (inverted)
    "2001:0:7f00:1:8000:63bf:f7f7:f7f7",  # Teredo, server 127.0.0.1, client 8.8.8.8
    "2001:0:808:808:0:0:f5ff:fffe",  # Teredo, client 10.0.0.1
    "::ffff:127.0.0.1",
    "::ffff:0:7f00:1",
    "::ffff:0:a00:7",  # IPv4-mapped, IPv4-translated
    "fe80::1%eth0",
    "fe80::1%25eth0",
    "::",
    "::1",
    "0.0.0.0",
    "0.1.2.3",
    "100.64.0.1",
    "224.0.0.1",
]


@pytest.mark.parametrize("address", EMBEDDING_PRIVATE_IPV4)
def test_ipv6_forms_that_carry_a_private_ipv4_are_not_public(address: str) -> None:
    assert not net.is_public(address)


@pytest.mark.parametrize(
    "address", ["8.8.8.8", "2606:4700:4700::1111", "64:ff9b::808:808", "2002:808:808::1", "::ffff:8.8.8.8"]
)
def test_public_addresses_and_their_embeddings_stay_public(address: str) -> None:
    assert net.is_public(address)


@pytest.mark.parametrize("text", ["", "local.test", "999.1.1.1", "::ffff:zz", "[::1]"])
def test_what_is_not_an_address_is_not_public(text: str) -> None:
    assert not net.is_public(text)


@pytest.mark.parametrize(
    "host",
    [
        "[::127.0.0.1]",
        "[64:ff9b::7f00:1]",
        "[2002:7f00:1::1]",
        "[::ffff:0:7f00:1]",
        "[2001:0:4136:e378:8000:63bf:80ff:fffe]",
        "[fe80::1%25eth0]",
        "[::]",
        "0.0.0.0",
        "2130706433",
        "0177.0.0.1",
        "0x7f.1",
        "127.1",
        "017700000001",
        "0x7f000001",
    ],
)
def test_literal_hosts_are_judged_without_dns(host: str) -> None:
    """Numeric hosts, including the legacy forms resolvers accept, never reach the resolver and
    are refused by the default policy (the test resolver would answer `dns-error`)."""
    with pytest.raises(net.Refused) as info:
        net.fetch(f"http://{host}/", resolver=resolver)
    assert info.value.reason == "address-not-public"


@pytest.mark.parametrize("answer", ["64:ff9b::7f00:1", "2002:a9fe:a9fe::1", "::10.0.0.7", "fe80::1%eth0"])
def test_names_that_resolve_to_embedding_forms_are_refused(answer: str) -> None:
    def embedding(host: str, port: int) -> list[str]:
        return [answer]

    with pytest.raises(net.Refused) as info:
        net.fetch("http://embedded.test/", resolver=embedding)
    assert info.value.reason == "address-not-public"


@pytest.mark.parametrize("path", ["/to-metadata", "/to-intranet"])
def test_redirects_to_private_addresses_are_refused(server: str, path: str) -> None:
    with pytest.raises(net.Refused) as info:
        fetch(server + path)
    assert info.value.reason == "address-not-public"


def test_redirect_loops_and_limits(server: str) -> None:
    with pytest.raises(net.Refused) as info:
        fetch(server + "/loop")
    assert info.value.reason in ("redirect-loop", "too-many-redirects")
    with pytest.raises(net.Refused) as info:
        fetch(server + "/to-ok", max_redirects=0)
    assert info.value.reason == "too-many-redirects"


def test_bytes_and_time_are_bounded(server: str) -> None:
    response = fetch(server + "/big", max_bytes=100)
    assert len(response.body) == 100 and response.truncated
    with pytest.raises(net.Refused) as info:
        fetch(server + "/slow", timeout=0.5)
    assert info.value.reason == "timeout"


@pytest.mark.parametrize(
    "url",
    ["file:///etc/passwd", "ftp://example.org/x", "gopher://x", "javascript:alert(1)", "http://user:pw@local.test/ok"],
)
def test_other_schemes_and_credentials_are_refused(url: str) -> None:
    with pytest.raises(net.Refused) as info:
        fetch(url)
    assert info.value.reason in ("scheme-not-allowed", "credentials-in-url")


def test_validate_online_reports_unreachable_resources(server: str, tmp_path) -> None:
    import shutil

    from catalogo.checks.links import Limits
    from catalogo.checks.online import Online
    from catalogo.checks.run import check_catalogue
    from catalogo.load import load_catalogue

    from .conftest import FIXTURES

    repo = tmp_path / "repo"
    shutil.copytree(FIXTURES / "valid" / "minimal", repo)
    descriptor = repo / "datasets/secretaria-de-salud/casos-covid-estados/datapackage.yaml"
    text = descriptor.read_text(encoding="utf-8").replace("https://datos.covid-19.conacyt.mx/", server + "/no-existe")
    descriptor.write_text(text, encoding="utf-8")
    online = Online(Limits(timeout=5, max_bytes=1024, max_redirects=3, concurrency=2), resolver, only_loopback_server)
    found = {(p.code, p.path, p.line) for p in check_catalogue(load_catalogue(repo), data=False, online=online)}
    assert ("resource-unreachable", "datasets/secretaria-de-salud/casos-covid-estados/datapackage.yaml", 39) in found
    descriptor.write_text(text.replace(server + "/no-existe", server + "/ok"), encoding="utf-8")
    found = {p.code for p in check_catalogue(load_catalogue(repo), data=False, online=online)}
    assert "resource-unreachable" not in found
