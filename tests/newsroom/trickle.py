"""A server on 127.0.0.1 that answers slowly on purpose: every byte of its answer (the headers too, if asked) a
pause apart, so that each read finds something and only a deadline for the whole answer ends the wait."""

import socket
import threading
import time
from contextlib import contextmanager


def answer_bytes(body=b"x" * 200, *, status="200 OK", content_length=True):
    head = f"HTTP/1.1 {status}\r\nContent-Type: application/json\r\nConnection: close\r\n"
    if content_length:
        head += f"Content-Length: {len(body)}\r\n"
    return (head + "\r\n").encode(), body


@contextmanager
def trickling(*, every=0.1, headers_too=False, answer=None):
    """Yields the server's base URL (``http://127.0.0.1:PORT``); each request is answered with ``answer``
    (``answer_bytes()`` by default) a byte every ``every`` seconds, the headers at once unless ``headers_too``."""
    head, body = answer or answer_bytes()
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    stop = threading.Event()

    def serve(connection):
        with connection:
            try:
                connection.settimeout(5)
                connection.recv(65536)  # the request (small enough to come in one piece)
                if not headers_too:
                    connection.sendall(head)
                for byte in (head if headers_too else b"") + body:
                    if stop.is_set():
                        return
                    connection.sendall(bytes([byte]))
                    time.sleep(every)
            except OSError:
                return  # the client gave up, as it should

    def accept():
        while not stop.is_set():
            try:
                connection, _ = listener.accept()
            except OSError:
                return
            threading.Thread(target=serve, args=(connection,), daemon=True).start()

    threading.Thread(target=accept, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{listener.getsockname()[1]}"
    finally:
        stop.set()
        try:
            listener.shutdown(socket.SHUT_RDWR)  # wakes the accepting thread (Linux)
        except OSError:
            pass
        listener.close()
