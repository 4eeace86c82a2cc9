"""Request bodies: JSON bounded in size and depth, no NUL in any value; every failure a 4xx naming it."""

import orjson
from django.conf import settings
from rest_framework import exceptions, status
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser


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
            data = orjson.loads(content)
        except orjson.JSONDecodeError as error:
            raise exceptions.ParseError(f"The body is not valid JSON: {error}.") from None
        return refuse_nul(data)


def refuse_nul(data):
    """NUL stands in no text Newsroom keeps, and PostgreSQL cannot even look one up: refused wherever it is."""
    values = data.values() if isinstance(data, dict) else data if isinstance(data, list) else [data]
    for value in values:
        if isinstance(value, str) and "\x00" in value:
            raise exceptions.ParseError("The body contains a NUL character (U+0000); remove it.")
        if isinstance(value, dict | list):
            refuse_nul(value)
    return data


class NulRefusingFormParser(FormParser):
    def parse(self, stream, media_type=None, parser_context=None):
        data = super().parse(stream, media_type, parser_context)
        refuse_nul(dict(data.lists()))
        return data


class NulRefusingMultiPartParser(MultiPartParser):
    def parse(self, stream, media_type=None, parser_context=None):
        parsed = super().parse(stream, media_type, parser_context)
        refuse_nul(dict(parsed.data.lists()))
        return parsed
