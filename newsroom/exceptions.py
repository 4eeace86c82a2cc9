"""Every API error is JSON with a ``detail`` message a developer can act on."""

from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent
from django.http import JsonResponse
from django.views import defaults
from rest_framework import exceptions
from rest_framework.views import exception_handler


def _first_message(errors):
    if isinstance(errors, dict):
        field, value = next(iter(errors.items()))
        return f"{field}: {_first_message(value)}" if field != "non_field_errors" else _first_message(value)
    if isinstance(errors, list) and errors:
        return _first_message(errors[0])
    return str(errors)


def json_exception_handler(exc, context):
    if isinstance(exc, RequestDataTooBig | TooManyFieldsSent):  # Django's own limits, met while DRF parses
        return JsonResponse({"detail": f"The request body is too large: {exc}"}, status=413)
    response = exception_handler(exc, context)
    if response is not None and isinstance(exc, exceptions.ValidationError) and isinstance(response.data, (dict, list)):
        response.data = {"detail": _first_message(response.data), "errors": response.data}
    elif response is not None and getattr(exc, "errors", None):  # a refusal naming the fields it concerns
        response.data["errors"] = exc.errors
    return response


def _is_api(request):
    return request.path.startswith("/api/")


def bad_request(request, exception=None):
    if _is_api(request):
        return JsonResponse({"detail": f"The request could not be read: {exception or 'bad request'}."}, status=400)
    return defaults.bad_request(request, exception)


def not_found(request, exception=None):
    if _is_api(request):
        return JsonResponse({"detail": f"Nothing is found at {request.path}."}, status=404)
    return defaults.page_not_found(request, exception)


def server_error(request):
    if _is_api(request):
        return JsonResponse({"detail": "The server failed to answer; the error has been logged."}, status=500)
    return defaults.server_error(request)
