"""Asking a provider's oEmbed endpoint about a URL: bounded in time (EMBEDS_TIMEOUT for the whole answer) and in
size (EMBEDS_MAX_RESPONSE_BYTES), no redirects (an endpoint that moves is a configuration to fix, and a redirect
could lead anywhere), and only JSON of the oEmbed shape is taken.

Plain urllib3 rather than an oEmbed library: micawber, the maintained one, reads the answer whole with
urllib.request, which follows redirects and bounds neither the size nor the total time; the allowlist (and each
provider's iframe hosts) is ours in any case.
"""

import json
import time
from urllib.parse import urlencode, urlsplit

import urllib3
from django.conf import settings

CHUNK = 16 * 1024
_pool = urllib3.PoolManager(retries=False, headers={"User-Agent": "Newsroom embeds (oEmbed consumer)"})


class Unavailable(Exception):
    """The provider gave no usable answer; the message says why, for the editor."""


def oembed(provider, url):
    """The provider's oEmbed answer for ``url`` as a dict, or Unavailable."""
    endpoint = provider.oembed_endpoint
    if urlsplit(endpoint).scheme not in ("http", "https"):
        raise Unavailable(f"{provider.label} has no oEmbed endpoint configured.")
    params = {"url": url, "format": "json"}
    if provider.name in ("facebook", "instagram") and settings.EMBEDS_FACEBOOK_TOKEN:
        params["access_token"] = settings.EMBEDS_FACEBOOK_TOKEN  # Meta's oEmbed answers only with an app token
    timeout = settings.EMBEDS_TIMEOUT
    limit = settings.EMBEDS_MAX_RESPONSE_BYTES
    deadline = time.monotonic() + timeout
    separator = "&" if "?" in endpoint else "?"
    try:
        response = _pool.request(
            "GET",
            endpoint + separator + urlencode(params),
            redirect=False,
            preload_content=False,
            timeout=urllib3.Timeout(connect=timeout, read=timeout),
        )
        try:
            if response.status != 200:
                raise Unavailable(f"{provider.label} answered {response.status} for this address.")
            data = bytearray()
            for chunk in response.stream(CHUNK):
                data += chunk
                if len(data) > limit:
                    raise Unavailable(f"{provider.label}'s answer was larger than {limit:,} bytes.")
                if time.monotonic() > deadline:
                    raise Unavailable(f"{provider.label} did not answer within {timeout:g} s.")
        finally:
            response.release_conn()
    except urllib3.exceptions.NewConnectionError:  # a subclass of the timeouts, in urllib3
        raise Unavailable(f"{provider.label} could not be reached (nothing answers at its address).") from None
    except urllib3.exceptions.TimeoutError:
        raise Unavailable(f"{provider.label} did not answer within {timeout:g} s.") from None
    except urllib3.exceptions.HTTPError as error:
        raise Unavailable(f"{provider.label} could not be reached ({type(error).__name__}).") from None
    try:
        answer = json.loads(bytes(data))
    except ValueError:
        raise Unavailable(f"{provider.label} answered something other than oEmbed JSON.") from None
    if not isinstance(answer, dict) or answer.get("type") not in ("video", "rich", "photo", "link"):
        raise Unavailable(f"{provider.label} answered something other than oEmbed JSON.")
    return answer
