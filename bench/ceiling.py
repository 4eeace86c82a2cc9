"""The benchmark's ceiling: a bare Django view answering a fixed ~10 KB JSON body, with no database and no DRF.

It runs through the project's whole middleware stack, so an endpoint's ratio to it is the share of a
Django response that does no work of its own. Routed only when ``BENCH_CEILING`` is on.
"""

import json

from django.http import HttpResponse

ITEM = {
    "slug": "harbour-authority-weighs-new-icebreaker-contract",
    "title": "Harbour authority weighs new icebreaker contract",
    "dek": "Engineers say the vessels could change winter shipping.",
    "url": "http://127.0.0.1/api/v1/articles/harbour-authority-weighs-new-icebreaker-contract/",
    "published_at": "2026-11-01T06:00:00Z",
    "section": {"slug": "defence", "name": "Defence"},
    "tags": [{"slug": "halifax", "name": "Halifax"}],
    "authors": [{"slug": "amara-wade", "display_name": "Amara Wade, CD"}],
    "comment_count": 4,
}
PAGE = {"count": 20, "next": None, "previous": None, "results": [{**ITEM, "id": n} for n in range(20)]}
BODY = json.dumps(PAGE).encode()


def ceiling(request):
    return HttpResponse(BODY, content_type="application/json")
