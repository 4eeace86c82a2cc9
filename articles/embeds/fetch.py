"""Asking a provider's oEmbed endpoint about a URL through newsroom.http: bounded in time (EMBEDS_TIMEOUT for the
whole answer) and in size (EMBEDS_MAX_RESPONSE_BYTES), no redirects (an endpoint that moves is a configuration to
fix, and a redirect could lead anywhere), and only JSON of the oEmbed shape is taken.

Our own request rather than an oEmbed library's: micawber, the maintained one, reads the answer whole with
urllib.request, which follows redirects and bounds neither the size nor the total time; the allowlist (and each
provider's iframe hosts) is ours in any case.
"""

import json
from urllib.parse import urlencode, urlsplit

from django.conf import settings

from newsroom import http

USER_AGENT = "Newsroom embeds (oEmbed consumer)"


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
    separator = "&" if "?" in endpoint else "?"
    try:
        answer = http.request(
            "GET",
            endpoint + separator + urlencode(params),
            deadline=http.deadline_in(timeout),
            limit=limit,
            headers={"User-Agent": USER_AGENT, "Accept": "application/json"},
        )
    except http.Unreachable:
        raise Unavailable(f"{provider.label} could not be reached (nothing answers at its address).") from None
    except http.TooSlow:
        raise Unavailable(f"{provider.label} did not answer within {timeout:g} s.") from None
    except http.TooLarge:
        raise Unavailable(f"{provider.label}'s answer was larger than {limit:,} bytes.") from None
    except http.Failed as failure:
        raise Unavailable(f"{provider.label} could not be reached ({failure}).") from None
    if answer.status != 200:
        raise Unavailable(f"{provider.label} answered {answer.status} for this address.")
    try:
        answer = json.loads(answer.body)
    except ValueError:
        raise Unavailable(f"{provider.label} answered something other than oEmbed JSON.") from None
    if not isinstance(answer, dict) or answer.get("type") not in ("video", "rich", "photo", "link"):
        raise Unavailable(f"{provider.label} answered something other than oEmbed JSON.")
    return answer
