"""Addresses of content on the publication's front-end site (sitemaps, JSON-LD, ninjs, feeds).

The front end answers ``FRONTEND_URL`` + the path patterns below (see README).
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.utils.encoding import iri_to_uri


def frontend_url(kind, **params):
    """The address of ``kind`` on the front end, as a URI: a slug in any script is percent-encoded."""
    return iri_to_uri(settings.FRONTEND_URL.rstrip("/") + settings.FRONTEND_PATHS[kind].format(**params))


class FrontendSitemap(Sitemap):
    """Locations on the front-end site; subclasses name the ``kind`` of FRONTEND_PATHS their items use.

    Django builds each ``<loc>`` as ``protocol://domain + location(item)``: protocol and domain come from
    ``FRONTEND_URL``, ``location`` is the path of the front-end address (keeping any path prefix).
    """

    kind = None

    def get_protocol(self, protocol=None):
        return urlsplit(settings.FRONTEND_URL).scheme

    def get_domain(self, site=None):
        return urlsplit(settings.FRONTEND_URL).netloc

    def location(self, item):
        return urlsplit(frontend_url(self.kind, slug=item.slug)).path
