"""Outgoing HTTP bounded as a whole, for every caller (the WordPress import's downloads, oEmbed, webhooks, CDN
purges): one monotonic deadline for connecting, sending and each read of the answer (status line, headers, body),
and a byte limit on the body.

A socket timeout bounds each read, not the whole, and a server sending a byte at a time renews it forever (urllib3's
``Timeout(total=…)`` sets the socket's timeout once, to the same effect). Here the socket's timeout is set to the
time left before every read, and the body is read in small pieces (``read1``), never waiting for a full buffer.
Plain http.client: no redirect is followed (a caller that wants one reads ``Location``), no proxy from the
environment. Resolving the host's name is left to the system's resolver and its own timeouts (the webhooks resolve
it, and check the address, beforehand).
"""

import functools
import http.client
import io
import socket
import ssl
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

CHUNK = 16 * 1024


class Failed(Exception):
    """No usable answer; the subclass says why, the message gives the detail."""


class Unreachable(Failed):
    """Nothing answers at the address (no such host, connection refused, TLS refused)."""


class TooSlow(Failed):
    """The answer was not complete by the deadline."""


class TooLarge(Failed):
    """The body is larger than the limit: ``declared`` is its Content-Length, None when it gave none."""

    def __init__(self, message, *, declared=None):
        super().__init__(message)
        self.declared = declared


@dataclass(frozen=True)
class Answer:
    status: int
    headers: http.client.HTTPMessage
    body: bytes
    complete: bool  # False when the body was cut at the limit (``cut=True``)


def deadline_in(seconds):
    """The deadline ``seconds`` from now, on the monotonic clock."""
    return time.monotonic() + seconds


def _left(deadline):
    left = deadline - time.monotonic()
    if left <= 0:
        raise TooSlow("the deadline passed")
    return left


class _DeadlineReader(io.RawIOBase):
    """A socket's reading side whose every read waits at most for the time left before the deadline."""

    def __init__(self, sock, deadline):
        self._sock, self._deadline = sock, deadline

    def readable(self):
        return True

    def readinto(self, buffer):
        self._sock.settimeout(_left(self._deadline))
        return self._sock.recv_into(buffer)


class _Socket:
    """The socket as http.client sees it: sends go through, reads go through the deadline, and closing is left to
    ``request`` (http.client closes a connection that will close as soon as the answer's headers are read)."""

    def __init__(self, sock, deadline):
        self._sock, self._deadline = sock, deadline

    def sendall(self, data):
        self._sock.sendall(data)

    def makefile(self, mode, *args, **kwargs):
        return io.BufferedReader(_DeadlineReader(self._sock, self._deadline))

    def close(self):
        pass


def read_body(response, *, limit, cut=False):
    """The body of ``response`` (http.client's, reading through the deadline): at most ``limit`` bytes, in small
    pieces. More is TooLarge, or with ``cut`` the first ``limit`` bytes and ``complete`` False."""
    declared = response.length  # Content-Length, when the server gave one
    if declared is not None and declared > limit and not cut:
        raise TooLarge(f"{declared:,} bytes declared; the limit is {limit:,}", declared=declared)
    data = bytearray()
    while piece := response.read1(min(CHUNK, limit + 1 - len(data))):
        data += piece
        if len(data) > limit:
            if cut:
                return bytes(data[:limit]), False
            raise TooLarge(f"more than the limit of {limit:,} bytes")
    return bytes(data), True


@functools.cache
def _tls():
    return ssl.create_default_context()  # the system's certificates, hostnames checked; made once, not per request


def request(method, url, *, deadline, limit, headers=None, body=None, connect_to=None, cut=False):
    """Send one request to ``url`` (http or https) and read its answer, everything before ``deadline``
    (``deadline_in(seconds)``), at most ``limit`` bytes of body (see ``read_body``). ``connect_to`` is the address
    to connect to instead of resolving the host again (one that was checked); TLS is still verified for the host.
    Returns an Answer whatever its status; raises a Failed."""
    parts = urlsplit(url)
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        raise Failed(f"the port of {url} is not a number") from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise Failed("only http:// and https:// addresses can be asked")
    host = parts.hostname if parts.port is None else f"{parts.hostname}:{parts.port}"
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    try:
        sock = socket.create_connection((connect_to or parts.hostname, port), timeout=_left(deadline))
    except TimeoutError:
        raise TooSlow("no connection before the deadline") from None
    except (OSError, UnicodeError) as error:
        raise Unreachable(str(error) or type(error).__name__) from None
    try:
        if parts.scheme == "https":
            sock.settimeout(_left(deadline))
            sock = _tls().wrap_socket(sock, server_hostname=parts.hostname)
        connection = http.client.HTTPConnection(parts.hostname, port)
        connection.sock = _Socket(sock, deadline)
        sock.settimeout(_left(deadline))  # sendall: for the whole body
        connection.request(method, path, body=body, headers={"Host": host, **(headers or {})})
        with connection.getresponse() as response:
            content, complete = read_body(response, limit=limit, cut=cut)
            return Answer(response.status, response.headers, content, complete)
    except TimeoutError:
        raise TooSlow("the answer was not complete before the deadline") from None
    except ssl.SSLError as error:
        raise Unreachable(f"TLS: {error.reason or error}") from None
    except (http.client.HTTPException, OSError, ValueError) as error:  # ValueError: a header or path http refuses
        raise Failed(f"{type(error).__name__}: {error}") from None
    finally:
        sock.close()
