"""Every GET response of the API, public and as an editor sees it, is what the served OpenAPI schema says: each field
the schema names is there, with its documented type, and no field is there that it does not name.

The schema is read from ``/api/v1/schema/`` as the client of the request sees it (staff get the editorial shapes), its
OpenAPI 3.0 dialect turned into JSON Schema (``nullable``), every object closed to undocumented properties, and the
response validated against its operation's 200 schema with jsonschema.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta
from types import SimpleNamespace
from urllib.parse import urlsplit

import jsonschema
import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from articles.comments.services import comment_moderate
from articles.editorial.services import correction_add, preview_link_make
from articles.embeds.services import article_sync_embeds
from articles.fronts.models import Front, FrontSlot
from articles.fronts.services import front_save
from articles.images.services import article_sync_images, renditions_generate
from articles.integrations.services import endpoint_create
from articles.models import Article, Comment, Redirect, WebhookDelivery, WebhookEvent
from articles.redirects.services import redirect_save
from tests.articles.embeds.factories import EmbedFactory, embed_html
from tests.articles.factories import (
    ArticleFactory,
    CommentFactory,
    ImageFactory,
    SectionFactory,
    TagFactory,
    figure_html,
    pending_edit,
    png_file,
)
from tests.authors.factories import AuthorFactory, AuthorLinkFactory, StaffFactory, token_client

pytestmark = pytest.mark.django_db

APPROVED = Comment.Status.APPROVED


# --- The schema as JSON Schema --------------------------------------------------------------------------------------


def strict(schema):
    """An OpenAPI 3.0 schema object as JSON Schema: ``nullable`` becomes "or null", and an object that names its
    properties admits no other."""
    if isinstance(schema, list):
        return [strict(item) for item in schema]
    if not isinstance(schema, dict):
        return schema
    schema = dict(schema)
    if "properties" in schema:
        schema["properties"] = {name: strict(sub) for name, sub in schema["properties"].items()}
        schema.setdefault("additionalProperties", False)
    for key in ("items", "additionalProperties", "not"):
        if isinstance(schema.get(key), dict):
            schema[key] = strict(schema[key])
    for key in ("allOf", "anyOf", "oneOf"):
        if key in schema:
            schema[key] = strict(schema[key])
    if schema.pop("nullable", False):
        schema = {"anyOf": [schema, {"type": "null"}]}
    return schema


formats = jsonschema.FormatChecker(formats=())


@formats.checks("uri")
def is_absolute_uri(value):
    return not isinstance(value, str) or bool(urlsplit(value).scheme and urlsplit(value).netloc)


@formats.checks("date-time", raises=ValueError)
def is_date_time_with_offset(value):
    return not isinstance(value, str) or datetime.fromisoformat(value).tzinfo is not None


def served_schema(client):
    response = client.get("/api/v1/schema/", {"format": "json"})
    assert response.status_code == 200, response.content
    return response.json()


@pytest.fixture(scope="module")
def schemas():
    """The served schema by kind of client, fetched once: it depends on who asks (staff see the editorial shapes),
    not on the content."""
    return {}


def response_schema(document, path, status="200"):
    """The schema of the whole response: an operation taking ``fields=`` also allows the part asked for, after it."""
    schema = document["paths"][path]["get"]["responses"][status]["content"]["application/json"]["schema"]
    return schema["anyOf"][0] if "anyOf" in schema else schema


def response_validator(document, path):
    """A validator of ``GET path``'s response: the operation's schema at the root, the components beside it for
    its ``#/components/schemas/…`` references."""
    components = {name: strict(schema) for name, schema in document["components"]["schemas"].items()}
    root = strict(response_schema(document, path)) | {"components": {"schemas": components}}
    return jsonschema.Draft202012Validator(root, format_checker=formats)


def names_its_fields(document, schema):
    """Whether a schema says which fields its objects have, rather than allowing any object."""
    if "$ref" in schema:
        return names_its_fields(document, document["components"]["schemas"][schema["$ref"].rsplit("/", 1)[-1]])
    if schema.get("type") == "array":
        return names_its_fields(document, schema["items"])
    return "properties" in schema


def problems(validator, body):
    return sorted(f"{error.json_path}: {error.message}" for error in validator.iter_errors(body))


# --- Content with every branch of every shape -----------------------------------------------------------------------


@pytest.fixture
def content(settings):
    """Published articles with and without photos, section and canonical URL; a byline with a full profile, a bare
    one and an inactive author; a threaded discussion, moderated and not; for staff, a draft and a pending edit."""
    settings.PUBLIC_RESPONSE_CACHE = False
    settings.IMAGE_RENDITION_WIDTHS = [40, 64]
    editor = StaffFactory(role="Editor")

    section, tags = SectionFactory(name="World", description="News from abroad."), TagFactory.create_batch(2)
    profiled = AuthorFactory(name="Jonathan Wade", post_nominals="CD", avatar=png_file(40, 50, name="face.png"))
    AuthorLinkFactory.create_batch(2, author=profiled)
    bare = AuthorFactory(job_title="", bio="", expertise=[], beats=[])
    inactive = AuthorFactory(is_active=False)

    featured, placed = ImageFactory(file=png_file(name="featured.png")), ImageFactory(file=png_file(name="placed.png"))
    for image in (featured, placed):
        renditions_generate(image=image)
    unrendered = ImageFactory(file=png_file(name="unrendered.png"), credit="")
    answered, unanswered = EmbedFactory(), "https://vimeo.com/76979871"  # the provider has not answered yet
    social = EmbedFactory(url="https://x.com/nasa/status/1", provider="x", kind="social", thumbnail_url="", width=None)
    illustrated = ArticleFactory(
        published=True,
        section=section,
        tags=tags,
        authors=[profiled, bare, inactive],
        featured_image=featured,
        body=(
            "<p>Opening <em>paragraph</em>.</p>"
            + figure_html(placed)
            + "<h2>A heading</h2><blockquote><p>A quote.</p></blockquote>"
            + figure_html(unrendered, caption="Caption written for this story")
            + "<ul><li>one</li><li>two</li></ul><ol><li>first</li></ol>"
            + "".join(
                embed_html(url) for url in (answered.url, unanswered, social.url, "https://example.com/not-known")
            )
            + "<p>Closing paragraph.</p>"
        ),
        seo_title="A title for search engines",
    )
    article_sync_images(article=illustrated)
    article_sync_embeds(article=illustrated)
    correction_add(article=illustrated, text="An earlier version misspelt a name.", by=editor)
    plain = ArticleFactory(
        published=True, section=None, authors=[bare], dek="", excerpt="", canonical_url="https://elsewhere.example/a"
    )

    root = CommentFactory(article=illustrated, status=APPROVED, body="First line.\n\nSecond paragraph.")
    reply = CommentFactory(article=illustrated, status=APPROVED, parent=root, thread=root)
    CommentFactory(article=illustrated, status=APPROVED, parent=reply, thread=root)
    moderated = CommentFactory(article=illustrated, status=Comment.Status.PENDING)
    comment_moderate(comments=Comment.objects.filter(pk=moderated.pk), status=APPROVED, by=editor)
    pending_comment = CommentFactory(article=illustrated, status=Comment.Status.PENDING)

    draft = ArticleFactory(status=Article.Status.DRAFT, section=None, authors=[profiled])
    edited = ArticleFactory(published=True, authors=[bare])
    pending_edit(edited, by=editor, title="A better headline")
    token, _, _ = preview_link_make(article=draft, by=editor)
    front = Front(name="Home", slug="home", length=4, backfill=Front.Backfill.LATEST)
    front_save(
        front=front,
        by=editor,
        slots=[
            FrontSlot(article=plain, headline="A headline for the front", image=featured, label="breaking"),
            FrontSlot(article=draft),  # never shown
        ],
    )
    webhook = endpoint_create(by=editor, url="https://hooks.example/newsroom", events=["article.published"])
    ping = WebhookEvent.objects.create(type="ping", payload={"type": "ping", "timestamp": "", "data": {}})
    WebhookDelivery.objects.create(
        endpoint=webhook, event=ping, attempt=1, request_headers={"webhook-id": ping.message_id}, response_status=200
    )
    redirect_save(redirect=Redirect(old_path="/2019/05/old-address/", article=illustrated), by=editor)
    live = live_coverage_with_every_kind_of_entry(editor, profiled, placed)

    return SimpleNamespace(
        webhook=webhook,
        editor=editor,
        section=section,
        tag=tags[0],
        author=profiled,
        illustrated=illustrated,
        plain=plain,
        draft=draft,
        edited=edited,
        featured=featured,
        preview_token=token,
        front=front,
        pending_comment=pending_comment,
        live=live,
        live_entry=live.live_coverage.entries.get(is_pinned=True),
    )


def live_coverage_with_every_kind_of_entry(editor, author, photo):
    """An ended live blog: a pinned entry with a photo and a correction, a key event without a headline, a draft."""
    from articles.live import services

    article = ArticleFactory(published=True, authors=[author])
    services.coverage_start(article=article, by=editor, starts_at=timezone.now() - timedelta(hours=2))
    pinned = services.entry_post(
        article=article, by=editor, body_html=f"<p>Pinned.</p>{figure_html(photo)}", headline="Read this first"
    )
    services.entry_edit(article=article, entry=pinned, by=editor, changes={"pinned": True, "headline": "Read this"})
    services.entry_correction_add(article=article, entry=pinned, by=editor, text="A name was misspelt.")
    services.entry_post(article=article, by=editor, body_html="<p>Polls close.</p>", key_event=True)
    services.entry_post(article=article, by=editor, body_html="<p>Unchecked.</p>", status="draft")
    services.coverage_end(article=article, by=editor)
    return article


# --- Every GET, one test each ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Endpoint:
    path: str  # as the schema names it
    url: str  # the address requested, formatted with the content as ``c``
    staff: bool = False

    def client(self, content):
        return token_client(content.editor) if self.staff else APIClient()

    def schema(self, schemas, client):
        if self.staff not in schemas:
            schemas[self.staff] = served_schema(client)
        return schemas[self.staff]


ENDPOINTS = {
    "api-index": Endpoint("/api/v1/", "/api/v1/"),
    "articles-list": Endpoint("/api/v1/articles/", "/api/v1/articles/"),
    "article-detail-illustrated": Endpoint("/api/v1/articles/{slug}/", "/api/v1/articles/{c.illustrated.slug}/"),
    "article-detail-plain": Endpoint("/api/v1/articles/{slug}/", "/api/v1/articles/{c.plain.slug}/"),
    "article-ninjs": Endpoint("/api/v1/articles/{slug}/ninjs/", "/api/v1/articles/{c.illustrated.slug}/ninjs/"),
    "article-comments": Endpoint(
        "/api/v1/articles/{slug}/comments/", "/api/v1/articles/{c.illustrated.slug}/comments/"
    ),
    "authors-list": Endpoint("/api/v1/authors/", "/api/v1/authors/"),
    "author-detail": Endpoint("/api/v1/authors/{slug}/", "/api/v1/authors/{c.author.slug}/"),
    "sections-list": Endpoint("/api/v1/sections/", "/api/v1/sections/"),
    "section-detail": Endpoint("/api/v1/sections/{slug}/", "/api/v1/sections/{c.section.slug}/"),
    "tags-list": Endpoint("/api/v1/tags/", "/api/v1/tags/"),
    "tag-detail": Endpoint("/api/v1/tags/{slug}/", "/api/v1/tags/{c.tag.slug}/"),
    "article-detail-live": Endpoint("/api/v1/articles/{slug}/", "/api/v1/articles/{c.live.slug}/"),
    "article-entries": Endpoint("/api/v1/articles/{slug}/entries/", "/api/v1/articles/{c.live.slug}/entries/"),
    "article-entry": Endpoint(
        "/api/v1/articles/{slug}/entries/{id}/", "/api/v1/articles/{c.live.slug}/entries/{c.live_entry.pk}/"
    ),
    "staff-article-entries": Endpoint(
        "/api/v1/articles/{slug}/entries/", "/api/v1/articles/{c.live.slug}/entries/", staff=True
    ),
    "staff-article-entry": Endpoint(
        "/api/v1/articles/{slug}/entries/{id}/",
        "/api/v1/articles/{c.live.slug}/entries/{c.live_entry.pk}/",
        staff=True,
    ),
    "preview": Endpoint("/api/v1/preview/{token}/", "/api/v1/preview/{c.preview_token}/"),
    "fronts-list": Endpoint("/api/v1/fronts/", "/api/v1/fronts/"),
    "front-detail": Endpoint("/api/v1/fronts/{slug}/", "/api/v1/fronts/{c.front.slug}/"),
    "redirect-lookup": Endpoint("/api/v1/redirects/", "/api/v1/redirects/?path=/2019/05/old-address/"),
    "staff-articles-list": Endpoint("/api/v1/articles/", "/api/v1/articles/", staff=True),
    "staff-article-detail-pending-edit": Endpoint(
        "/api/v1/articles/{slug}/", "/api/v1/articles/{c.edited.slug}/", staff=True
    ),
    "staff-article-detail-draft": Endpoint("/api/v1/articles/{slug}/", "/api/v1/articles/{c.draft.slug}/", staff=True),
    "staff-article-corrections": Endpoint(
        "/api/v1/articles/{slug}/corrections/", "/api/v1/articles/{c.illustrated.slug}/corrections/", staff=True
    ),
    "staff-article-revisions": Endpoint(
        "/api/v1/articles/{slug}/revisions/", "/api/v1/articles/{c.edited.slug}/revisions/", staff=True
    ),
    "staff-image-detail": Endpoint("/api/v1/images/{id}/", "/api/v1/images/{c.featured.pk}/", staff=True),
    "staff-moderation-list": Endpoint("/api/v1/moderation/comments/", "/api/v1/moderation/comments/", staff=True),
    "staff-moderation-detail": Endpoint(
        "/api/v1/moderation/comments/{id}/", "/api/v1/moderation/comments/{c.pending_comment.pk}/", staff=True
    ),
    "staff-webhooks-list": Endpoint("/api/v1/webhooks/", "/api/v1/webhooks/", staff=True),
    "staff-webhook-detail": Endpoint("/api/v1/webhooks/{id}/", "/api/v1/webhooks/{c.webhook.pk}/", staff=True),
    "staff-webhook-deliveries": Endpoint(
        "/api/v1/webhooks/{id}/deliveries/", "/api/v1/webhooks/{c.webhook.pk}/deliveries/", staff=True
    ),
}
FREE_FORM = {}


@pytest.mark.parametrize(
    "name",
    [
        pytest.param(name, marks=pytest.mark.xfail(strict=True, reason=FREE_FORM[name])) if name in FREE_FORM else name
        for name in ENDPOINTS
    ],
)
def test_get_response_is_what_the_served_schema_documents(content, schemas, name):
    endpoint = ENDPOINTS[name]
    client = endpoint.client(content)
    document = endpoint.schema(schemas, client)
    validator = response_validator(document, endpoint.path)

    response = client.get(endpoint.url.format(c=content))

    assert response.status_code == 200, response.content
    body = response.json()
    assert body["results"] if "results" in body else body, "the content fixture made nothing to check here"
    found = problems(validator, body)
    assert not found, "\n".join(found)
    assert names_its_fields(document, response_schema(document, endpoint.path)), "the schema allows any object"


# --- The check itself ----------------------------------------------------------------------------------------------


def _drop(key):
    return lambda body: body.pop(key)


def _set(value, *path):
    def spoil(body):
        *parents, last = path
        for step in parents:
            body = body[step]
        body[last] = value

    return spoil


@pytest.mark.parametrize(
    "name, spoil",
    [
        pytest.param("article-detail-illustrated", _set("", "editor_notes"), id="undocumented-field"),
        pytest.param("article-detail-illustrated", _set({}, "featured_image", "exif"), id="undocumented-nested-field"),
        pytest.param("article-detail-illustrated", _set("bold", "body", 0, "style"), id="undocumented-block-field"),
        pytest.param("article-detail-illustrated", _set("table", "body", 0, "type"), id="unknown-block-type"),
        pytest.param("article-detail-illustrated", _set(3, "json_ld", "wordCount"), id="undocumented-json-ld-field"),
        pytest.param("article-detail-illustrated", _set("1", "id"), id="string-for-integer"),
        pytest.param("article-detail-illustrated", _set(None, "authors", 0, "name"), id="null-where-not-nullable"),
        pytest.param("article-detail-illustrated", _drop("seo"), id="missing-field"),
        pytest.param("article-detail-illustrated", _set("/media/a.png", "images", 0, "url"), id="relative-url"),
        pytest.param("article-detail-illustrated", _set("2026-01-01T00:00:00", "updated_at"), id="time-without-zone"),
        pytest.param("article-comments", _set("x@example.org", "results", 0, "replies", 0, "email"), id="in-a-reply"),
        pytest.param("staff-articles-list", _set(1, "results", 0, "pending_revision"), id="staff-field-type"),
    ],
)
def test_the_check_refuses_a_response_that_differs_from_the_schema(content, schemas, name, spoil):
    endpoint = ENDPOINTS[name]
    client = endpoint.client(content)
    validator = response_validator(endpoint.schema(schemas, client), endpoint.path)
    body = client.get(endpoint.url.format(c=content)).json()
    assert problems(validator, body) == []

    spoil(body)

    assert problems(validator, body) != []


def test_every_get_operation_of_the_schema_is_checked_here():
    document = served_schema(APIClient())

    documented = {path for path, operations in document["paths"].items() if "get" in operations}

    assert documented == {endpoint.path for endpoint in ENDPOINTS.values()}


@pytest.mark.parametrize("staff", [False, True], ids=["anonymous", "staff"])
def test_every_component_of_the_served_schema_is_valid_json_schema_once_converted(staff):
    client = token_client(StaffFactory(role="Editor")) if staff else APIClient()

    for schema in served_schema(client)["components"]["schemas"].values():
        jsonschema.Draft202012Validator.check_schema(strict(schema))
