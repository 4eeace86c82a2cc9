"""Sign-in: the token sign-in for integrations (``POST /api/v1/auth/token/``), and how a locked-out sign-in is
answered there and on the admin's login page.

The lockout itself is django-axes (settings, "Auth"): its backend and signal handlers count the failures of every
``authenticate()`` call made with a request, and refuse a client address or a username past the limit.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import NON_FIELD_ERRORS
from django.http import HttpResponse
from django.utils.translation import ngettext
from rest_framework import exceptions, serializers, status
from rest_framework.authtoken.serializers import AuthTokenSerializer
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.throttling import BaseThrottle, SimpleRateThrottle


def client_ip(request):
    """AXES_CLIENT_IP_CALLABLE: the client address exactly as the throttles read it (REST_FRAMEWORK NUM_PROXIES)."""
    return BaseThrottle().get_ident(request)


def lockout_message():
    minutes = round(settings.AXES_COOLOFF_TIME.total_seconds() / 60)
    wait = ngettext("%d minute", "%d minutes", minutes) % minutes
    return (
        f"Too many failed sign-ins from this address or for this account: signing in is locked. Try again in {wait} "
        "(trying sooner can start the wait again), or ask an administrator to lift the lock."
    )


def lockout_response(request, original_response, credentials):
    """AXES_LOCKOUT_CALLABLE: the admin's login page again (429), its form saying why the sign-in was refused."""
    form = (getattr(original_response, "context_data", None) or {}).get("form")
    if form is None:
        return HttpResponse(lockout_message(), status=status.HTTP_429_TOO_MANY_REQUESTS, content_type="text/plain")
    form.errors.pop(NON_FIELD_ERRORS, None)  # "enter a correct username and password" would be misleading
    form.add_error(None, lockout_message())
    original_response.content = original_response.rendered_content
    original_response.status_code = status.HTTP_429_TOO_MANY_REQUESTS
    return original_response


class SignInLockedOut(exceptions.APIException):
    status_code = status.HTTP_429_TOO_MANY_REQUESTS
    default_code = "locked_out"

    def __init__(self):
        super().__init__(lockout_message())
        self.wait = settings.AXES_COOLOFF_TIME.total_seconds()  # DRF sends it as Retry-After


class SignInRateThrottle(SimpleRateThrottle):
    """Password guesses per client (LOGIN_RATE), counted in the shared cache."""

    scope = "login"

    def get_rate(self):
        return settings.LOGIN_RATE

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class TokenSignInSerializer(AuthTokenSerializer):
    # No longer than an account's username can be: django-axes records every failed one (the admin's form has this).
    username = serializers.CharField(
        label="Username", write_only=True, max_length=get_user_model()._meta.get_field("username").max_length
    )


class ObtainTokenView(ObtainAuthToken):
    """Answers ``{"token": "…"}``; wrong credentials get one message that does not say which part was wrong, a
    locked-out client or account a 429 saying how long to wait."""

    serializer_class = TokenSignInSerializer
    throttle_classes = [SignInRateThrottle]

    def post(self, request, *args, **kwargs):
        try:
            return super().post(request, *args, **kwargs)
        except exceptions.ValidationError:
            # AuthTokenSerializer authenticates with this request, on which django-axes marks a refused sign-in.
            if getattr(request, "axes_locked_out", False):
                raise SignInLockedOut() from None
            raise
