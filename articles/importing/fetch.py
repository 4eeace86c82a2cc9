"""Fetching an attachment's file from its address when the export's uploads folder is not at hand: bounded in size
(IMAGE_MAX_UPLOAD_BYTES, the upload limit) and in time (WORDPRESS_FETCH_TIMEOUT for the whole download)."""

import time
import urllib.error
import urllib.request
from urllib.parse import urlsplit

from django.conf import settings
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat

CHUNK = 64 * 1024


class FetchFailed(Exception):
    """The file could not be brought in; the message says why."""


def fetch(url, *, name):
    """The file at ``url`` (http or https) as a ContentFile named ``name``, or FetchFailed."""
    if urlsplit(url).scheme not in ("http", "https"):
        raise FetchFailed(f"not an http(s) address: {url}")
    limit, timeout = settings.IMAGE_MAX_UPLOAD_BYTES, settings.WORDPRESS_FETCH_TIMEOUT
    deadline = time.monotonic() + timeout
    request = urllib.request.Request(url, headers={"User-Agent": "Newsroom WordPress import"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            declared = int(response.headers.get("Content-Length") or 0)
            if declared > limit:
                raise FetchFailed(f"{url} is {filesizeformat(declared)}; the limit is {filesizeformat(limit)}")
            data = bytearray()
            while chunk := response.read(CHUNK):
                data += chunk
                if len(data) > limit:
                    raise FetchFailed(f"{url} is larger than the limit of {filesizeformat(limit)}")
                if time.monotonic() > deadline:
                    raise FetchFailed(f"{url} took longer than {timeout:g} s to download")
    except urllib.error.HTTPError as error:
        raise FetchFailed(f"{url} answered {error.code}") from None
    except (urllib.error.URLError, OSError, ValueError) as error:
        raise FetchFailed(f"{url} could not be fetched ({getattr(error, 'reason', error)})") from None
    return ContentFile(bytes(data), name=name)
