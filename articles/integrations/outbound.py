"""Outgoing HTTP requests of the integrations: no redirects followed, a timeout for the whole request (newsroom.http:
a receiver sending a byte at a time is cut off at it), and for webhooks no private network.

A webhook's host is resolved once and the connection made to the address that was checked, so a name that
resolves elsewhere on a second lookup (DNS rebinding) cannot reach an address that was refused.
"""

import ipaddress
import socket
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

from newsroom import http


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
    """Send one request and read at most ``limit`` characters of the answer, all within ``timeout`` seconds (name
    resolution included); never raises for a network failure."""
    started = time.monotonic()
    deadline = started + timeout
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return Answer(None, "", "Only http:// and https:// addresses can be called.", 0)
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
        address = resolve(parts.hostname, port, allow_private=allow_private)
        answer = http.request(
            method,
            url,
            deadline=deadline,
            limit=limit * 4,  # UTF-8: up to 4 bytes a character
            headers={"User-Agent": "Newsroom-Webhooks/1", **headers},
            body=body,
            connect_to=address,
            cut=True,
        )
    except Refused as refusal:
        return Answer(None, "", str(refusal)[:300], _since(started))
    except http.TooSlow:
        return Answer(None, "", f"No complete answer within {timeout:g} s.", _since(started))
    except (http.Failed, ValueError) as failure:  # ValueError: a port that is not a number
        return Answer(None, "", f"{type(failure).__name__}: {failure}"[:300], _since(started))
    return Answer(answer.status, answer.body.decode("utf-8", "replace")[:limit], "", _since(started))


def _since(started):
    return round((time.monotonic() - started) * 1000)
