"""Attachments fetched from their addresses when no uploads folder is given: from a real server on 127.0.0.1, with
the size and time bounds and the upload checks of any upload."""

import functools
import io
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.management import call_command

from articles.importing.fetch import FetchFailed, fetch
from articles.models import Article, Image, WordPressItem
from tests.articles.importing.conftest import EXPORT, notes, photo_bytes
from tests.newsroom.trickle import answer_bytes, trickling

pytestmark = pytest.mark.django_db


class SlowHandler(SimpleHTTPRequestHandler):
    delay = 0.0

    def do_GET(self):  # noqa: N802 - http.server's name
        time.sleep(self.delay)
        super().do_GET()

    def log_message(self, *args):
        pass


@pytest.fixture
def served(uploads):
    """The uploads folder served over HTTP on 127.0.0.1 under /wp-content/uploads/, as the old site served it."""
    root = uploads.parent / "site"
    (root / "wp-content").mkdir(parents=True)
    (root / "wp-content" / "uploads").symlink_to(uploads)
    handler = type("Handler", (SlowHandler,), {})
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(root)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server, handler, uploads
    server.shutdown()
    server.server_close()


def export_served_by(server, tmp_path):
    host, port = server.server_address
    path = tmp_path / "served.xml"
    path.write_text(
        EXPORT.read_text().replace("https://oldsite.example/wp-content/", f"http://{host}:{port}/wp-content/")
    )
    return path


def run(path):
    out = io.StringIO()
    call_command("import_wordpress", str(path), stdout=out)
    return out.getvalue()


def test_without_an_uploads_folder_the_files_are_fetched_from_their_addresses(served, tmp_path):
    server, _, _ = served

    output = run(export_served_by(server, tmp_path))

    assert "attachments: 5 created, 1 skipped" in output
    assert Image.objects.count() == 5
    quay = Image.objects.get(pk=WordPressItem.objects.get(kind="attachment", wp_id="101").object_id)
    assert (quay.width, quay.height, quay.format) == (120, 80, "JPEG")


def test_a_file_over_the_upload_limit_is_refused_and_the_post_keeps_a_link(served, tmp_path, settings):
    server, _, _ = served
    settings.IMAGE_MAX_UPLOAD_BYTES = 200  # every generated photo is larger

    output = run(export_served_by(server, tmp_path))

    assert Image.objects.count() == 0
    assert "the limit is 200" in notes(output)["attachment 101 “quay”"][0]
    article = Article.objects.get(slug="cafes-bars-quay")  # the post is imported all the same
    assert "could not be imported; kept as a link" in output
    assert "<figure>" not in article.body and "quay-1024x683.jpg" in article.body


def test_a_file_that_is_not_a_photo_fails_the_upload_checks(served, tmp_path):
    server, _, uploads = served
    (uploads / "2024" / "03" / "quay.jpg").write_bytes(b"<html>not a photo</html>")

    output = run(export_served_by(server, tmp_path))

    assert notes(output)["attachment 101 “quay”"][0].startswith(
        "not imported: the photo quay.jpg was refused: The file is not an image"
    )
    assert Image.objects.count() == 4


def test_a_server_slower_than_the_timeout_is_given_up_on(served, tmp_path, settings):
    server, handler, _ = served
    handler.delay, settings.WORDPRESS_FETCH_TIMEOUT = 1.0, 0.2

    started = time.monotonic()
    output = run(export_served_by(server, tmp_path))

    assert "could not be fetched" in output
    assert Image.objects.count() == 0
    assert time.monotonic() - started < 20  # 0.2 s a file, not the server's pace


def test_an_unreachable_address_is_reported(tmp_path):
    path = tmp_path / "gone.xml"
    path.write_text(EXPORT.read_text().replace("https://oldsite.example/wp-content/", "http://127.0.0.1:9/wp-content/"))

    output = run(path)

    assert notes(output)["attachment 105 “lighthouse”"][0].startswith(
        "not imported: http://127.0.0.1:9/wp-content/uploads/2024/03/lighthouse.jpg could not be fetched"
    )
    assert Article.objects.filter(slug="cafes-bars-quay", featured_image=None).exists()
    assert (
        "the featured image (attachment 105) is not in the library"
        in notes(output)["post 10 “Cafés & bars on the quay – a guide”"]
    )


@pytest.mark.parametrize("headers_too", [False, True], ids=["body", "headers"])
def test_a_server_sending_a_byte_at_a_time_is_given_up_on_at_the_timeout_for_the_whole_download(settings, headers_too):
    settings.WORDPRESS_FETCH_TIMEOUT = 1

    with trickling(every=0.1, headers_too=headers_too) as site:
        started = time.monotonic()
        with pytest.raises(FetchFailed, match=r"could not be fetched within 1 s"):
            fetch(f"{site}/wp-content/uploads/2024/03/quay.jpg", name="quay.jpg")
        elapsed = time.monotonic() - started

    assert elapsed < 2.5  # 200 bytes a tenth of a second apart: 20 s at the server's pace


def chunked(body, size=100):
    head = b"HTTP/1.1 200 OK\r\nContent-Type: image/jpeg\r\nTransfer-Encoding: chunked\r\n\r\n"
    pieces = [body[start : start + size] for start in range(0, len(body), size)]
    return head, b"".join(b"%x\r\n%s\r\n" % (len(piece), piece) for piece in pieces) + b"0\r\n\r\n"


@pytest.mark.parametrize("framing", ["until-close", "chunked"])
def test_a_download_past_the_limit_that_declares_no_length_is_refused_once_read_past_it(settings, framing):
    photo = photo_bytes("navy", "JPEG")
    settings.IMAGE_MAX_UPLOAD_BYTES = len(photo) - 1
    answer = chunked(photo) if framing == "chunked" else answer_bytes(photo, content_length=False)

    with trickling(every=0, answer=answer) as site:
        with pytest.raises(FetchFailed, match=rf"is larger than that; the limit is {len(photo) - 1}"):
            fetch(f"{site}/quay.jpg", name="quay.jpg")
        settings.IMAGE_MAX_UPLOAD_BYTES = len(photo)
        assert fetch(f"{site}/quay.jpg", name="quay.jpg").read() == photo
