"""A real oEmbed provider on 127.0.0.1, standing in for every provider of the allowlist (EMBEDS_ENDPOINTS)."""

import json
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest

from articles.embeds import providers

YOUTUBE_URL = "https://www.youtube.com/watch?v=dQw4w9WgXcQ"


def youtube_answer(title="Never gonna give you up", video="dQw4w9WgXcQ"):
    return {
        "type": "video",
        "version": "1.0",
        "title": title,
        "author_name": "Rick Astley",
        "provider_name": "YouTube",
        "thumbnail_url": f"https://i.ytimg.com/vi/{video}/hqdefault.jpg",
        "width": 200,
        "height": 113,
        "html": f'<iframe width="200" height="113" src="https://www.youtube.com/embed/{video}?feature=oembed" '
        'frameborder="0" allow="autoplay; encrypted-media" allowfullscreen title="A video"></iframe>',
    }


class Provider:
    """What the local provider answers, by the URL asked about: ``(status, JSON or bytes, seconds to wait)``."""

    def __init__(self, server):
        self.server, self.answers, self.asked = server, {}, []
        self.endpoint = f"http://127.0.0.1:{server.server_address[1]}/oembed"

    def answer(self, url, body, *, status=200, delay=0.0):
        self.answers[url] = (status, body, delay)


@pytest.fixture
def oembed_provider(settings):
    state = {}

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            url = parse_qs(urlsplit(self.path).query).get("url", [""])[0]
            state["provider"].asked.append(url)
            status, body, delay = state["provider"].answers.get(url, (404, {"error": "not found"}, 0))
            time.sleep(delay)
            payload = body if isinstance(body, bytes) else json.dumps(body).encode()
            try:
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)
            except OSError:
                pass  # the client gave up waiting

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    state["provider"] = provider = Provider(server)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.EMBEDS_ENDPOINTS = {p.name: provider.endpoint for p in providers.PROVIDERS if p.endpoint}
    settings.EMBEDS_TIMEOUT = 2.0
    yield provider
    server.shutdown()
    server.server_close()


@pytest.fixture
def closed_port():
    """A port on 127.0.0.1 nothing listens on."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
