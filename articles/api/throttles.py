from django.conf import settings
from rest_framework.throttling import SimpleRateThrottle


class CommentPostThrottle(SimpleRateThrottle):
    """New comments per client (COMMENTS_RATE), counted in the shared cache so it holds across processes."""

    scope = "comments"

    def get_rate(self):
        return settings.COMMENTS_RATE

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}
