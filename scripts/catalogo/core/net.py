"""Shared by every stage (core): The one HTTP client."""

# Online work (import from a URL, check-links, validate --online) goes only over http(s), only to
# public addresses (checked after DNS resolution and again on every redirect, and the connection
# goes to the address that was checked), with bounded redirects, time and bytes.

from __future__ import annotations

import http.client
import ipaddress
import socket
import ssl
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

Resolver = Callable[[str, int], list[str]]
USER_AGENT = "catalogo-datos-abiertos-mx/0.1 (+https://datos.gob.mx)"


class Refused(Exception):
    """The request was not made or was stopped: `reason` is a stable kebab-case word."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason
        self.detail = detail


@dataclass
class Response:
    url: str
    status: int
    headers: dict[str, str]
    body: bytes
    elapsed: float
    redirects: list[str] = field(default_factory=list)
    truncated: bool = False


def system_resolver(host: str, port: int) -> list[str]:
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        raise Refused("dns-error", str(exc)) from None
    return sorted({str(info[4][0]) for info in infos})


_NAT64 = ipaddress.ip_network("64:ff9b::/96")  # RFC 6052 well-known prefix: IPv4 in the last 32 bits
_NAT64_LOCAL = ipaddress.ip_network("64:ff9b:1::/48")  # RFC 8215: where the IPv4 sits is the operator's choice
_COMPATIBLE = ipaddress.ip_network("::/96")  # deprecated IPv4-compatible ::a.b.c.d
_TRANSLATED = ipaddress.ip_network("::ffff:0:0:0/96")  # SIIT IPv4-translated ::ffff:0:a.b.c.d


def is_public(address: str) -> bool:
    """True for globally routable unicast addresses; loopback, private, link-local (cloud metadata
    services), multicast and reserved addresses are not public. An IPv6 address that carries an
    IPv4 one (IPv4-mapped, IPv4-compatible, IPv4-translated, NAT64, 6to4, Teredo) is judged by
    the IPv4 addresses it carries: all of them must be public. Anything that is not an address
    is not public."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.scope_id or ip in _NAT64_LOCAL:
            return False
        embedded = _embedded_ipv4(ip)
        if embedded:
            return all(_public(v4) for v4 in embedded)
    return _public(ip)


def _public(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    return ip.is_global and not ip.is_multicast


def _embedded_ipv4(ip: ipaddress.IPv6Address) -> list[ipaddress.IPv4Address]:
    """The IPv4 addresses an IPv6 address carries, empty when it carries none."""
    if ip.ipv4_mapped:
        return [ip.ipv4_mapped]
    if ip.teredo:  # (server, client): the client is stored inverted, the property undoes it
        return list(ip.teredo)
    if ip.sixtofour:
        return [ip.sixtofour]
    if ip in _NAT64 or ip in _TRANSLATED or (ip in _COMPATIBLE and int(ip) > 1):
        return [ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)]
    return []


def literal_address(host: str) -> str | None:
    """The address a host written as a number stands for: a standard IPv4 or IPv6 literal, or
    one of the legacy forms that resolvers accept (`2130706433`, `0177.0.0.1`, `0x7f.1`, `127.1`)."""
    try:
        return str(ipaddress.ip_address(host))
    except ValueError:
        pass
    if host and all(ch in "0123456789abcdefxABCDEFX." for ch in host) and host[0].isdigit():
        try:
            return socket.inet_ntoa(socket.inet_aton(host))
        except OSError:
            return None
    return None


def fetch(
    url: str,
    *,
    method: str = "GET",
    timeout: float = 20.0,
    max_bytes: int = 10 * 1024 * 1024,
    max_redirects: int = 5,
    headers: dict[str, str] | None = None,
    resolver: Resolver = system_resolver,
    allow: Callable[[str], bool] = is_public,
) -> Response:
    """Make one request, following redirects; every hop's address must pass `allow`."""
    started = time.monotonic()
    redirects: list[str] = []
    current = url
    while True:
        remaining = timeout - (time.monotonic() - started)
        if remaining <= 0:
            raise Refused("timeout", current)
        status, reply_headers, body, truncated = _one(
            current, method, remaining, max_bytes, headers or {}, resolver, allow
        )
        location = reply_headers.get("location")
        if status in (301, 302, 303, 307, 308) and location:
            if len(redirects) >= max_redirects:
                raise Refused("too-many-redirects", current)
            redirects.append(current)
            current = urljoin(current, location)
            if current in redirects:
                raise Refused("redirect-loop", current)
            if status == 303:
                method = "GET"
            continue
        return Response(current, status, reply_headers, body, time.monotonic() - started, redirects, truncated)


def _one(
    url: str,
    method: str,
    timeout: float,
    max_bytes: int,
    headers: dict[str, str],
    resolver: Resolver,
    allow: Callable[[str], bool],
) -> tuple[int, dict[str, str], bytes, bool]:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise Refused("scheme-not-allowed", url)
    if parts.username or parts.password:
        raise Refused("credentials-in-url", url)
    host = parts.hostname
    port = parts.port or (443 if parts.scheme == "https" else 80)
    literal = literal_address(host)
    addresses = [literal] if literal else resolver(host, port)
    allowed = [a for a in addresses if allow(a)]
    if not addresses or len(allowed) != len(addresses):
        raise Refused("address-not-public", f"{host} -> {', '.join(addresses)}")
    conn = _connection(parts.scheme, host, allowed[0], port, timeout)
    path = parts.path or "/"
    if parts.query:
        path += "?" + parts.query
    try:
        conn.request(method, path, headers={"User-Agent": USER_AGENT, "Host": parts.netloc.split("@")[-1], **headers})
        reply = conn.getresponse()
        body = reply.read(max_bytes + 1) if method != "HEAD" else b""
        truncated = len(body) > max_bytes
        return reply.status, {k.lower(): v for k, v in reply.getheaders()}, body[:max_bytes], truncated
    except TimeoutError:
        raise Refused("timeout", url) from None
    except (OSError, http.client.HTTPException, ssl.SSLError) as exc:
        raise Refused("connection-error", f"{type(exc).__name__}: {exc}") from None
    finally:
        conn.close()


def _connection(scheme: str, host: str, address: str, port: int, timeout: float) -> http.client.HTTPConnection:
    """A connection to the checked address, with TLS verified against the host name."""

    def pinned_socket() -> socket.socket:
        sock = socket.create_connection((address, port), timeout=timeout)
        if scheme == "https":
            sock = ssl.create_default_context().wrap_socket(sock, server_hostname=host)
        return sock

    class PinnedHTTP(http.client.HTTPConnection):
        def connect(self) -> None:
            self.sock = pinned_socket()

    class PinnedHTTPS(http.client.HTTPSConnection):
        def connect(self) -> None:
            self.sock = pinned_socket()

    return (PinnedHTTPS if scheme == "https" else PinnedHTTP)(host, port, timeout=timeout)
