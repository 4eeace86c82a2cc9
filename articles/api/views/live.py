"""Live coverage over the API: the stream of an article's entries, polled by front ends, and the reporters' writes.

The views translate; the editorial policy decides (through the services, and ``allows_live`` for what a reader sees).
"""

import hashlib

from django.db import transaction
from django.shortcuts import get_object_or_404
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions, generics, pagination, serializers, status
from rest_framework.response import Response

from articles.api.serializers.live import (
    CoverageSerializer,
    CoverageWriteSerializer,
    EntryCorrectionCreateSerializer,
    EntryCorrectionSerializer,
    EntryUpdateSerializer,
    EntryWriteSerializer,
    LiveEntrySerializer,
    StaffLiveEntrySerializer,
    coverage_summary,
)
from articles.api.views.errors import TranslatesRefusals
from articles.editorial import policy
from articles.editorial.policy import LiveAction
from articles.live import services
from articles.live.models import LiveEntry
from articles.live.querysets import with_coverage
from articles.models import Article
from newsroom.links import links_for
from newsroom.moments import client_time
from newsroom.pagination import positive_int_param
from newsroom.public_cache import shows

LARGEST_ID = 2**31 - 1  # the largest id the column holds: past it, no such entry (not a database error)


class EntryCursorPagination(pagination.CursorPagination):
    """Newest first; ``cursor`` from ``next``/``previous``; ``page_size`` (20, at most 100)."""

    ordering = ("-published_at", "-id")
    page_size = 20
    max_page_size = 100
    page_size_query_param = "page_size"

    def get_page_size(self, request):
        size = positive_int_param(request, self.page_size_query_param)
        return min(size, self.max_page_size) if size else self.page_size

    def decode_cursor(self, request):
        """DRF's cursor, with its position checked: a cursor is a client's to forge, and a position that is not a
        time the column holds (garbage, 2026-99-99, a NUL, year 1 east of UTC) would otherwise reach the filter."""
        cursor = super().decode_cursor(request)
        if cursor is None or cursor.position is None:
            return cursor
        moment = client_time(cursor.position)
        if moment is None:
            raise exceptions.NotFound(self.invalid_cursor_message)
        return cursor._replace(position=moment.isoformat())


def _as_bool(request, name):
    raw = request.query_params.get(name)
    if raw is None:
        return None
    if raw.lower() not in ("true", "false", "1", "0"):
        raise exceptions.ValidationError({name: [f"{name} is true or false; got {raw!r}."]})
    return raw.lower() in ("true", "1")


class LiveSchema(AutoSchema):
    """Staff read entries with their status: the schema they are served says so, as the articles' does."""

    def _get_response_for_code(self, serializer, status_code, *args, **kwargs):
        if self.method == "GET" and self.view.staff:
            if serializer is LiveEntrySerializer:
                serializer = StaffLiveEntrySerializer
            elif getattr(serializer, "child", None).__class__ is LiveEntrySerializer:
                serializer = StaffLiveEntrySerializer(many=True)
        return super()._get_response_for_code(serializer, status_code, *args, **kwargs)


class LiveArticleMixin(TranslatesRefusals):
    """The article of the URL as the user may see it (404 otherwise), with its coverage, and who sees drafts."""

    schema = LiveSchema()

    def article(self):
        if not hasattr(self, "_article"):
            slug = self.kwargs["slug"]
            articles = Article.objects.visible_to(self.request.user).select_related("live_coverage")
            self._article = articles.filter(slug=slug).first()
            if self._article is None:
                raise exceptions.NotFound(f"No article is published at “{slug}”.")
        return self._article

    @property
    def staff(self):
        user = self.request.user
        return user.is_authenticated and user.is_staff

    def sees_drafts(self):
        if not hasattr(self, "_sees_drafts"):
            user = self.request.user
            self._sees_drafts = (user.is_authenticated and user.is_staff) and policy.allows_live(
                user, LiveAction.VIEW_ENTRY_DRAFTS, self.article(), whatever_its_state=True
            )
        return self._sees_drafts

    def entries(self):
        article = self.article()
        entries = LiveEntry.objects.filter(coverage_id=article.pk).for_stream()
        return entries if self.sees_drafts() else entries.published()

    def get_serializer_class(self):
        return StaffLiveEntrySerializer if self.staff else LiveEntrySerializer

    def entry_data(self, entry):
        if not hasattr(self, "_entry_context"):  # built once: the links of a page of entries are worked out once
            self._entry_context = {"request": self.request, "article": self.article()}
            links_for(self._entry_context)
        return self.get_serializer_class()(entry, context=self._entry_context).data

    def written(self, entry, status_code=status.HTTP_200_OK):
        """The entry after a write, read again with what its representation prefetches."""
        fresh = LiveEntry.objects.for_stream().get(pk=entry.pk)
        return Response(self.entry_data(fresh), status=status_code)


SINCE = OpenApiParameter(
    "since",
    str,
    description="Only entries newer than this: an ISO 8601 time (entries published after it) or an entry id (entries "
    "after that one in the stream). An entry that has left the stream (deleted, taken back to draft) still answers: "
    "every entry posted after it, and every entry published since a minute before the one posted just before it — "
    "perhaps a few you have (dedupe by `id`), never one you lack. With `If-None-Match` and nothing new since the "
    "ETag, the answer is 304.",
)
KEY_EVENTS = OpenApiParameter("key_events", bool, description="true: only the key events.")


class EntryListView(LiveArticleMixin, generics.GenericAPIView):
    """The article's live entries, newest first; anonymous readers see published entries of a public article."""

    pagination_class = EntryCursorPagination
    filter_backends = []

    @extend_schema(
        parameters=[SINCE, KEY_EVENTS],
        responses={200: LiveEntrySerializer(many=True), 304: OpenApiResponse(description="Nothing new.")},
        summary="An article's live entries, newest first (cursor pagination, ?since= for polling)",
    )
    def get(self, request, slug):
        article = self.article()
        if policy.coverage_of(article) is None:
            raise exceptions.NotFound("This article is not live coverage.")
        shows(f"article:{article.pk}")  # every entry write saves the coverage, which bumps its article
        etag = self._etag(article)
        if etag in _tags(request.headers.get("If-None-Match", "")):
            return Response(status=status.HTTP_304_NOT_MODIFIED, headers={"ETag": etag})
        entries = self.entries()
        if (since := request.query_params.get("since")) is not None:
            entries = self._since(entries, since)
        if _as_bool(request, "key_events"):
            entries = entries.filter(is_key_event=True)
        page = self.paginate_queryset(entries)
        response = self.get_paginated_response([self.entry_data(entry) for entry in page])
        response["ETag"] = etag
        return response

    def _etag(self, article):
        """Cheap: the coverage row moves with every entry write, so nothing is counted to answer 304."""
        coverage = policy.coverage_of(article)
        varies = f"{article.slug}\n{sorted(self.request.query_params.items())}\n{self.sees_drafts()}\n{self.staff}"
        digest = hashlib.sha256(varies.encode()).hexdigest()[:16]
        return f'"live-{article.pk}-{coverage.updated_at.timestamp():.6f}-{digest}"'

    def _since(self, entries, since):
        if since.isascii() and since.isdigit():
            if int(since) > LARGEST_ID:
                raise exceptions.ValidationError({"since": [f"No entry can have the id {since}."]})
            return entries.after_id(int(since), coverage_id=self.article().pk)
        try:
            moment = serializers.DateTimeField().to_internal_value(since)
        except (serializers.ValidationError, ValueError, OverflowError):
            raise exceptions.ValidationError(
                {"since": ["since is an ISO 8601 time (2026-12-01T12:00:00Z) or an entry id."]}
            ) from None
        return entries.filter(published_at__gt=moment)

    @extend_schema(
        request=EntryWriteSerializer,
        responses={201: StaffLiveEntrySerializer},
        summary="Post an entry (editors, and writers in the article's byline)",
    )
    @transaction.atomic
    def post(self, request, slug):
        sent = EntryWriteSerializer(data=request.data)
        sent.is_valid(raise_exception=True)
        data, article = sent.validated_data, self.article()
        entry = services.entry_post(
            article=article,
            by=request.user,
            body_html=data["body_html"],
            headline=data["headline"],
            status=data["status"],
            key_event=data["key_event"],
            author_ids=data.get("authors"),
        )
        if data["pinned"]:
            services.entry_edit(article=article, entry=entry, by=request.user, changes={"pinned": True})
        response = self.written(entry, status.HTTP_201_CREATED)
        response["Location"] = response.data["url"]
        return response


def _tags(header):
    return {tag.strip().removeprefix("W/") for tag in header.split(",") if tag.strip()}


ENTRY_ID = OpenApiParameter("id", OpenApiTypes.INT, OpenApiParameter.PATH)


class EntryMixin(LiveArticleMixin):
    pagination_class = None
    filter_backends = []

    def entry(self):
        if self.kwargs["id"] > LARGEST_ID:
            raise exceptions.NotFound("No such entry.")
        return get_object_or_404(self.entries(), pk=self.kwargs["id"])


class EntryDetailView(EntryMixin, generics.GenericAPIView):
    """One entry: read it, change it (text, byline, status, key event, pinned), delete it."""

    @extend_schema(parameters=[ENTRY_ID], responses=LiveEntrySerializer, summary="One live entry")
    def get(self, request, slug, id):
        entry = self.entry()
        shows(f"article:{entry.coverage_id}")
        return Response(self.entry_data(entry))

    @extend_schema(
        parameters=[ENTRY_ID],
        request=EntryUpdateSerializer,
        responses=StaffLiveEntrySerializer,
        summary="Change an entry: its text, byline, status, key event, pinned (writers: their own entries)",
    )
    @transaction.atomic
    def patch(self, request, slug, id):
        sent = EntryUpdateSerializer(data=request.data, partial=True)
        sent.is_valid(raise_exception=True)
        entry = services.entry_edit(
            article=self.article(), entry=self.entry(), by=request.user, changes=sent.validated_data
        )
        return self.written(entry)

    @extend_schema(parameters=[ENTRY_ID], responses={204: None}, summary="Delete an entry")
    @transaction.atomic
    def delete(self, request, slug, id):
        services.entry_delete(article=self.article(), entry=self.entry(), by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class EntryCorrectionView(EntryMixin, generics.GenericAPIView):
    @extend_schema(
        parameters=[ENTRY_ID],
        request=EntryCorrectionCreateSerializer,
        responses={201: EntryCorrectionSerializer},
        summary="Add a dated correction to a published entry (editors)",
    )
    @transaction.atomic
    def post(self, request, slug, id):
        sent = EntryCorrectionCreateSerializer(data=request.data)
        sent.is_valid(raise_exception=True)
        correction = services.entry_correction_add(
            article=self.article(), entry=self.entry(), by=request.user, text=sent.validated_data["text"]
        )
        return Response(EntryCorrectionSerializer(correction).data, status=status.HTTP_201_CREATED)


class CoverageView(LiveArticleMixin, generics.GenericAPIView):
    """Editors make an article live coverage and set its times."""

    pagination_class = None
    filter_backends = []

    def _coverage(self):
        article = with_coverage(Article.objects.all()).get(pk=self.article().pk)
        return Response(coverage_summary(article, links_for({"request": self.request})))

    @extend_schema(
        request=CoverageWriteSerializer,
        responses=CoverageSerializer,
        summary="Make the article live coverage, or change its start and end (ends_at null reopens it); editors",
    )
    @transaction.atomic
    def post(self, request, slug):
        sent = CoverageWriteSerializer(data=request.data)
        sent.is_valid(raise_exception=True)
        article, changes = self.article(), sent.validated_data
        if policy.coverage_of(article) is None:
            services.coverage_start(
                article=article, by=request.user, starts_at=changes.get("starts_at"), ends_at=changes.get("ends_at")
            )
        else:
            services.coverage_update(article=article, by=request.user, changes=changes)
        return self._coverage()


class CoverageEndView(CoverageView):
    @extend_schema(request=None, responses=CoverageSerializer, summary="End the live coverage now (editors)")
    @transaction.atomic
    def post(self, request, slug):
        services.coverage_end(article=self.article(), by=request.user)
        return self._coverage()
