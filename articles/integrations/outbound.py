"""Outgoing HTTP requests of the integrations: no redirects followed, a timeout, and for webhooks no private network.

A webhook's host is resolved once and the connection made to the address that was checked, so a name that
resolves elsewhere on a second lookup (DNS rebinding) cannot reach an address that was refused.
"""

import ipaddress
import socket
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

import urllib3


class Refused(Exception):
    """The destination may not be called."""


@dataclass
class Answer:
    status: int | None
    body: str
    error: str
    duration_ms: int


def _public(address):
    ip = ipaddress.ip_address(address)
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return not (
        ip.is_private or ip.is_loopback or ip.is_link_local or ip.is_multicast or ip.is_reserved or ip.is_unspecified
    )


def resolve(host, port, *, allow_private):
    """The first address of ``host``; Refused when any address it resolves to is private and that is not allowed."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as error:
        raise Refused(f"The host {host} cannot be resolved: {error}") from None
    addresses = [info[4][0] for info in infos]
    if not allow_private:
        if blocked := [address for address in addresses if not _public(address)]:
            raise Refused(f"{host} resolves to a loopback, private, link-local or multicast address ({blocked[0]}).")
    return addresses[0]


def request(method, url, *, headers, body=b"", timeout, allow_private=True, limit=2000):
    """Send one request and read at most ``limit`` characters of the answer; never raises for a network failure."""
    started = time.monotonic()
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return Answer(None, "", "Only http:// and https:// addresses can be called.", 0)
    port = parts.port or (443 if parts.scheme == "https" else 80)
    try:
        address = resolve(parts.hostname, port, allow_private=allow_private)
        if parts.scheme == "https":
            pool = urllib3.HTTPSConnectionPool(
                address, port, server_hostname=parts.hostname, assert_hostname=parts.hostname, retries=False
            )
        else:
            pool = urllib3.HTTPConnectionPool(address, port, retries=False)
        host = parts.hostname if parts.port is None else f"{parts.hostname}:{parts.port}"
        path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        with pool:
            response = pool.urlopen(
                method,
                path,
                body=body,
                headers={"Host": host, "User-Agent": "Newsroom-Webhooks/1", **headers},
                redirect=False,
                timeout=urllib3.Timeout(total=timeout),
                preload_content=False,
            )
            content = response.read(limit * 4, decode_content=True).decode("utf-8", "replace")[:limit]
            response.release_conn()
        return Answer(response.status, content, "", _since(started))
    except Refused as refusal:
        return Answer(None, "", str(refusal)[:300], _since(started))
    except (urllib3.exceptions.HTTPError, OSError) as failure:
        return Answer(None, "", f"{type(failure).__name__}: {failure}"[:300], _since(started))


def _since(started):
    return round((time.monotonic() - started) * 1000)
