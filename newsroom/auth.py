"""Token sign-in for integrations: ``POST /api/v1/auth/token/`` with username and password."""

from django.conf import settings
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.throttling import SimpleRateThrottle


class SignInRateThrottle(SimpleRateThrottle):
    """Password guesses per client (LOGIN_RATE), counted in the shared cache."""

    scope = "login"

    def get_rate(self):
        return settings.LOGIN_RATE

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class ObtainTokenView(ObtainAuthToken):
    """Answers ``{"token": "…"}``; wrong credentials get one message that does not say which part was wrong."""

    throttle_classes = [SignInRateThrottle]
