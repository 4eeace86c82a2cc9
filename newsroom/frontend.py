"""Addresses of content on the publication's front-end site (sitemaps, JSON-LD, ninjs, feeds).

The front end answers ``FRONTEND_URL`` + the path patterns below (see README).
"""

from django.conf import settings


def frontend_url(kind, **params):
    return settings.FRONTEND_URL.rstrip("/") + settings.FRONTEND_PATHS[kind].format(**params)
