"""Absolute URLs for one response, built once: a list of 100 articles must not pay a reverse() and a host check
for each article, author and rendition."""

from urllib.parse import quote

from django.urls import reverse

_SLUG = "__slug__"


class Links:
    def __init__(self, request=None, base=None):
        self.base = request.build_absolute_uri("/")[:-1] if request is not None else base
        self._paths = {}

    @classmethod
    def at(cls, base):
        """Links to ``base`` instead of a request's host (``articles.api.stored`` stores cards with a stand-in)."""
        return cls(base=base)

    def absolute(self, url):
        """A storage URL made absolute (a URL of an object store or CDN is absolute already)."""
        return url if url.startswith(("http://", "https://", "//")) else self.base + url

    def detail(self, view_name, slug):
        """``reverse(view_name, kwargs={"slug": slug})``, absolute, from a path worked out once per view name."""
        if view_name not in self._paths:
            self._paths[view_name] = reverse(view_name, kwargs={"slug": _SLUG})
        return self.base + self._paths[view_name].replace(_SLUG, quote(slug, safe=""))


def links_for(context):
    """The Links of the serializer context's request, made once and shared by nested serializers."""
    if "links" not in context:
        context["links"] = Links(context["request"])
    return context["links"]
