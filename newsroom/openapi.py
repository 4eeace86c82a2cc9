"""The API's error and conditional answers in its OpenAPI schema (a drf-spectacular postprocessing hook).

drf-spectacular documents what a view answers when it succeeds. The errors come from DRF, the exception handler
(``newsroom.exceptions``) and the policy's refusals (``articles.api.views.errors``), in one JSON shape; this adds
them to every operation that can give them, leaving alone any response a view documents itself. The 304s come from
middleware (``newsroom.public_cache`` and Django's ``ConditionalGetMiddleware`` give every GET an ETag): this
declares them, with ``If-None-Match`` and the ``ETag`` header, on every GET once, rather than in each view.
"""

import copy

ERROR = {
    "type": "object",
    "properties": {
        "detail": {"type": "string", "description": "What went wrong, for a developer to act on."},
        "errors": {
            "type": "object",
            "additionalProperties": {},
            "description": "Messages by field: what a 400 refused, or what stands in the way of a 409.",
        },
    },
    "required": ["detail"],
}
MOVED = {
    "type": "object",
    "properties": {"detail": {"type": "string"}, "url": {"type": "string", "format": "uri"}},
    "required": ["detail", "url"],
}

WHY = {
    301: "The article moved to a new slug: `Location` (and `url`) give its address.",
    400: "A query parameter or the request body cannot be accepted (`errors` by field).",
    401: "No credentials where they are needed, or an unknown token.",
    403: "The user may not do this.",
    404: "Nothing the user may see is there, or the page is past the end.",
    409: "The state of what is there does not allow it (`errors` by field when fields are the reason).",
    410: "The preview link has expired.",
    412: "The article changed since it was read: `If-Match` no longer matches.",
    413: "The request body is too large.",
    414: "The address is too long (gunicorn's limit on the request line, 4,094 bytes).",
    415: "The request body's content type is not one the operation reads.",
    429: "Too many requests from this client: try again after `Retry-After` seconds.",
}
HEADERS = {
    301: {"Location": {"schema": {"type": "string", "format": "uri"}}},
    429: {"Retry-After": {"schema": {"type": "integer"}}},
}

UNSAFE = {"post", "put", "patch", "delete"}
# What only some views answer (articles/api/views/, newsroom/auth.py):
THROTTLED = {("post", "/api/v1/articles/{slug}/comments/"), ("post", "/api/v1/auth/token/")}
MOVES = {("get", "/api/v1/articles/{slug}/")}  # ArticleViewSet.retrieve at an old slug
EXPIRES = {("get", "/api/v1/preview/{token}/")}  # PreviewView
LOOKUPS = {("get", "/api/v1/redirects/")}  # RedirectLookupView: 404 when the address redirects nowhere
IF_MATCH = {  # ArticleViewSet.locked_object: writes that start from the article as it is, compared with If-Match
    ("patch", "/api/v1/articles/{slug}/"),
    ("delete", "/api/v1/articles/{slug}/"),
    ("post", "/api/v1/articles/{slug}/revisions/{revision}/restore/"),
    *(
        ("post", f"/api/v1/articles/{{slug}}/{action}/")
        for action in ("submit", "withdraw", "publish", "unpublish", "archive", "discard-pending")
    ),
}


# Conditional GETs. Every GET's 200 carries an ETag (the shared cache's, Django's ConditionalGetMiddleware's, or the
# live entries' own); the same GET sent with it in If-None-Match answers 304 with no body while it is still current.
NEVER_STORED = {("get", "/api/v1/preview/{token}/")}  # PreviewView: Cache-Control no-store, so no ETag and no 304
IF_NONE_MATCH = {
    "in": "header",
    "name": "If-None-Match",
    "schema": {"type": "string"},
    "description": "The `ETag` of a response you hold (several may be sent, comma-separated): while it is still "
    "current, the answer is 304 with no body.",
}
NOT_MODIFIED = "Not modified: the `ETag` sent in `If-None-Match` is still current. No body."
ETAG = {
    "schema": {"type": "string"},
    "required": True,
    "description": "This answer's version: send it back in `If-None-Match` to be answered 304 while it is current.",
}


def _with_conditional_get(result):
    """Every GET that can answer 304 takes ``If-None-Match`` and declares the 304 (a view's own description of it
    stays: the live entries' "Nothing new."), and its 200 and 304 declare the ``ETag`` header."""
    for path, operations in result["paths"].items():
        operation = operations.get("get")
        if operation is None or ("get", path) in NEVER_STORED:
            continue
        parameters = operation.setdefault("parameters", [])
        if not any(p.get("in") == "header" and p.get("name", "").lower() == "if-none-match" for p in parameters):
            parameters.insert(0, copy.deepcopy(IF_NONE_MATCH))
        responses = operation.setdefault("responses", {})
        responses.setdefault("304", {"description": NOT_MODIFIED})
        for status in ("200", "304"):
            if status in responses:
                responses[status].setdefault("headers", {}).setdefault("ETag", copy.deepcopy(ETAG))


def error_statuses(method, path, operation):
    """The error statuses one operation can answer."""
    parameters = {(p["in"], p["name"]) for p in operation.get("parameters", [])}
    statuses = {400, 414}
    if any(place == "path" for place, _ in parameters) or ("query", "page") in parameters:  # a page past the end
        statuses.add(404)
    if any(operation.get("security", [])):  # a token is read wherever one may be sent
        statuses |= {401, 403, 429}  # 429: an API key's own rate (articles/integrations/apikeys.py)
    if method in UNSAFE:
        statuses |= {401, 403, 409, 413, 415}
    key = (method, path)
    statuses |= {412} if key in IF_MATCH else set()
    statuses |= {429} if key in THROTTLED else set()
    statuses |= {301} if key in MOVES else set()
    statuses |= {410} if key in EXPIRES else set()
    statuses |= {404} if key in LOOKUPS else set()
    return statuses


def error_response(status):
    schema = "Moved" if status == 301 else "Error"
    response = {"description": WHY[status]}
    if status != 414:  # gunicorn answers it before Django, with its own HTML page
        response["content"] = {"application/json": {"schema": {"$ref": f"#/components/schemas/{schema}"}}}
    if status in HEADERS:
        response["headers"] = HEADERS[status]
    return response


# drf-spectacular describes a slug as ASCII word characters; Newsroom's slugs are in any script.
ASCII_SLUG = "^[-a-zA-Z0-9_]+$", "^[-\\w]+$"


def _any_script_slugs(node):
    if isinstance(node, dict):
        if node.get("pattern") in ASCII_SLUG:
            del node["pattern"]
        for value in node.values():
            _any_script_slugs(value)
    elif isinstance(node, list):
        for value in node:
            _any_script_slugs(value)


def _with_fields_parameter(result, schemas):
    """An operation taking ``?fields=`` answers its shape, or the part of it asked for (``id`` always comes)."""
    for operations in result["paths"].values():
        for operation in operations.values():
            if any(parameter.get("name") == "fields" for parameter in operation.get("parameters", ())):
                for media in operation["responses"]["200"]["content"].values():
                    media["schema"] = {"anyOf": [media["schema"], _asked_for(media["schema"], schemas)]}


def _asked_for(schema, schemas):
    """A copy of the component ``schema`` refers to, whose objects require only their ``id``; or a page of them."""
    name = schema["$ref"].rsplit("/", 1)[-1]
    if f"{name}Fields" not in schemas:
        shape = copy.deepcopy(schemas[name])
        results = shape["properties"].get("results")
        if results is not None and "$ref" in results.get("items", {}):
            results["items"] = _asked_for(results["items"], schemas)
        else:
            shape["required"] = ["id"]
            shape["description"] = f"What `fields=` asked for of {name}."
        schemas[f"{name}Fields"] = shape
    return {"$ref": f"#/components/schemas/{name}Fields"}


def add_error_responses(result, generator, request, public):
    """POSTPROCESSING_HOOKS: documents every error status an operation can answer, and the conditional GETs."""
    _any_script_slugs(result)
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    _with_fields_parameter(result, schemas)
    _with_conditional_get(result)
    assert "Error" not in schemas and "Moved" not in schemas, "a serializer already names a component Error/Moved"
    schemas.update(Error=ERROR, Moved=MOVED)
    for path, operations in result["paths"].items():
        for method, operation in operations.items():
            responses = operation.setdefault("responses", {})
            for status in sorted(error_statuses(method, path, operation)):
                responses.setdefault(str(status), error_response(status))
            operation["responses"] = dict(sorted(responses.items()))  # in the docs' order: 200, 304, 400…
    return result
