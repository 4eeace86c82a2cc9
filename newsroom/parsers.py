"""JSON request bodies: bounded in size and depth, every failure a 4xx naming it."""

import orjson
from django.conf import settings
from rest_framework import exceptions, status
from rest_framework.parsers import JSONParser


class RequestTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = "The request body is too large."


class BoundedJSONParser(JSONParser):
    """Reads at most API_MAX_JSON_BYTES; parses with orjson, whose nesting limit (1,024 levels) makes deeply
    nested input a 400 rather than a RecursionError."""

    def parse(self, stream, media_type=None, parser_context=None):
        limit = settings.API_MAX_JSON_BYTES
        content = stream.read(limit + 1) if stream is not None else b""
        if len(content) > limit:
            raise RequestTooLarge(f"A JSON body may be at most {limit:,} bytes.")
        if not content.strip():
            return {}
        try:
            return orjson.loads(content)
        except orjson.JSONDecodeError as error:
            raise exceptions.ParseError(f"The body is not valid JSON: {error}.") from None
