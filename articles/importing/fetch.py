"""Fetching an attachment's file from its address when the export's uploads folder is not at hand: bounded in size
(IMAGE_MAX_UPLOAD_BYTES, the upload limit) and in time (WORDPRESS_FETCH_TIMEOUT for the whole download, redirects
included), through newsroom.http."""

from urllib.parse import urljoin, urlsplit

from django.conf import settings
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat

from newsroom import http

MAX_REDIRECTS = 5  # an old site's http → https → CDN


class FetchFailed(Exception):
    """The file could not be brought in; the message says why."""


def fetch(url, *, name):
    """The file at ``url`` (http or https) as a ContentFile named ``name``, or FetchFailed."""
    limit, timeout = settings.IMAGE_MAX_UPLOAD_BYTES, settings.WORDPRESS_FETCH_TIMEOUT
    deadline = http.deadline_in(timeout)
    address = url
    for _ in range(MAX_REDIRECTS + 1):
        if urlsplit(address).scheme not in ("http", "https"):
            raise FetchFailed(f"not an http(s) address: {address}")
        try:
            answer = http.request(
                "GET", address, deadline=deadline, limit=limit, headers={"User-Agent": "Newsroom WordPress import"}
            )
        except http.TooLarge as failure:
            size = f"is {filesizeformat(failure.declared)}" if failure.declared else "is larger than that"
            raise FetchFailed(f"{url} {size}; the limit is {filesizeformat(limit)}") from None
        except http.TooSlow:
            raise FetchFailed(f"{url} could not be fetched within {timeout:g} s") from None
        except http.Failed as failure:
            raise FetchFailed(f"{url} could not be fetched ({failure})") from None
        if answer.status in (301, 302, 303, 307, 308) and answer.headers.get("Location"):
            address = urljoin(address, answer.headers["Location"])
            continue
        if answer.status != 200:
            raise FetchFailed(f"{url} answered {answer.status}")
        return ContentFile(answer.body, name=name)
    raise FetchFailed(f"{url} redirects more than {MAX_REDIRECTS} times")
