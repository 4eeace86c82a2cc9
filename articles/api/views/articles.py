"""Articles: public reads, staff reads and the write API."""

from django.db import transaction
from django.db.models import F
from django.shortcuts import get_object_or_404
from django.utils.http import http_date
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.reverse import reverse

from articles.api.filters import ArticleFilterSet
from articles.api.serializers.articles import (
    ArticleDetailSerializer,
    ArticleListSerializer,
    EditorialArticleDetailSerializer,
    EditorialArticleListSerializer,
)
from articles.api.serializers.writes import ArticleWriteSerializer
from articles.api.stored import public_cards, public_detail
from articles.api.views.editorial import EditorialActions
from articles.api.views.errors import PreconditionFailed, TranslatesRefusals
from articles.editorial.services import article_create, article_delete, article_edit, article_transition
from articles.models import Article, SlugRedirect
from articles.syndication import ninjs
from newsroom.public_cache import shows


class ReadOnlyViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    lookup_field = "slug"


FIELDS = OpenApiParameter(
    "fields",
    str,
    description="Only these top-level fields, comma-separated (`id` always comes): e.g. `fields=slug,title,url`.",
)


def revision_etag(article):
    """The article's current revision and last change (a correction moves it without a new revision)."""
    latest = article.revisions.values_list("pk", flat=True).first()
    return f'"article-{article.pk}-r{latest or 0}-{article.updated_at.timestamp():.6f}"'


class ArticleViewSet(
    TranslatesRefusals,
    EditorialActions,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    ReadOnlyViewSet,
):
    """Articles. Anonymous clients read what is public now; signed-in staff also what the editorial policy lets
    them see in any state, and write through the editorial services."""

    filterset_class = ArticleFilterSet
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    @property
    def editorial(self):
        return self.request.user.is_authenticated and self.request.user.is_staff

    def get_queryset(self):
        # Public articles all have a publish time: plain DESC ordering walks the (status, -published_at) index;
        # staff lists hold drafts without one, which go last.
        newest_first = F("published_at").desc(nulls_last=True) if self.editorial else "-published_at"
        articles = Article.objects.visible_to(self.request.user).order_by(newest_first, "-pk")
        if self.action == "list":
            articles = articles.for_listing() if self.editorial else articles.for_cards()
        else:
            articles = articles.for_detail()
        return articles.select_related("pending_revision__created_by") if self.editorial else articles

    def get_serializer_class(self):
        if self.action in ("create", "partial_update"):
            return ArticleWriteSerializer
        if self.action == "list":
            return EditorialArticleListSerializer if self.editorial else ArticleListSerializer
        return EditorialArticleDetailSerializer if self.editorial else ArticleDetailSerializer

    def get_object(self):
        return get_object_or_404(self.get_queryset(), slug=self.kwargs["slug"])

    def _written(self, article, status_code=status.HTTP_200_OK):
        """The detail response after a write, read again with what the detail shape prefetches."""
        return self._detail_response(self.get_queryset().get(pk=article.pk), status_code)

    def _detail_response(self, article, status_code=status.HTTP_200_OK, only=None):
        serializer_class = EditorialArticleDetailSerializer if self.editorial else ArticleDetailSerializer
        data = serializer_class(article, context=self.get_serializer_context()).data
        return self._respond(self.trimmed(data, only), article, status_code)

    def _respond(self, data, article, status_code=status.HTTP_200_OK):
        response = Response(data, status=status_code)
        response["Last-Modified"] = http_date(article.modified_at.timestamp())
        if self.editorial:
            response["ETag"] = revision_etag(article)
        return response

    def locked_object(self):
        """The article for a write, read again under a row lock held until the transaction ends, then compared
        with If-Match: what the write starts from is what is in the database, and two writers cannot both pass."""
        visible = self.get_object()  # 404 for what the user may not see
        article = Article.objects.select_for_update().get(pk=visible.pk)
        expected = self.request.headers.get("If-Match")
        if (
            expected
            and expected.strip() != "*"
            and revision_etag(article) not in [e.strip() for e in expected.split(",")]
        ):
            raise PreconditionFailed()
        return article

    def only_fields(self):
        """The fields asked for with ``?fields=``, or None for all; a name the shape lacks is a 400."""
        raw = self.request.query_params.get("fields")
        if raw is None:
            return None
        known = self.get_serializer_class().Meta.fields
        wanted = {name.strip() for name in raw.split(",")} - {""}
        unknown = sorted(wanted - set(known))
        if unknown or not wanted:
            named = f"No field {', '.join(map(repr, unknown))}. " if unknown else ""
            raise exceptions.ValidationError({"fields": [f"{named}Choose from: {', '.join(known)}."]})
        return wanted | {"id"}

    @staticmethod
    def trimmed(data, only):
        return data if only is None else {name: value for name, value in data.items() if name in only}

    @extend_schema(parameters=[FIELDS])
    def list(self, request, *args, **kwargs):
        only = self.only_fields()
        if self.editorial:
            response = super().list(request, *args, **kwargs)
        else:
            shows("articles")
            page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
            response = self.get_paginated_response(public_cards(page, self.get_serializer_context()))
        response.data["results"] = [self.trimmed(item, only) for item in response.data["results"]]
        return response

    @extend_schema(parameters=[FIELDS])
    def retrieve(self, request, *args, **kwargs):
        only = self.only_fields()
        if not self.editorial:
            visible = Article.objects.visible_to(request.user).filter(slug=kwargs["slug"])
            article = visible.for_stored_detail().first()
            stored = article and public_detail(article, self.get_serializer_context())
            if stored is not None:
                return self._respond(self.trimmed(stored, only), article)
        article = self.get_queryset().filter(slug=kwargs["slug"]).first()
        if article is None:
            moved = SlugRedirect.objects.filter(old_slug=kwargs["slug"], article__in=self.get_queryset()).first()
            if moved is None:
                raise exceptions.NotFound(f"No article is published at “{kwargs['slug']}”.")
            url = reverse("article-detail", kwargs={"slug": moved.article.slug}, request=request)
            return Response({"detail": "The article moved.", "url": url}, status=301, headers={"Location": url})
        return self._detail_response(article, only=only)

    @extend_schema(responses={201: EditorialArticleDetailSerializer}, summary="Create a draft")
    def create(self, request, *args, **kwargs):
        serializer = ArticleWriteSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        article = article_create(by=request.user, changes=serializer.validated_data)
        response = self._written(article, status.HTTP_201_CREATED)
        response["Location"] = reverse("article-detail", kwargs={"slug": article.slug}, request=request)
        return response

    @extend_schema(
        responses={200: EditorialArticleDetailSerializer},
        summary="Change an article: at once while it is not public; a live one keeps the change as a pending revision",
        description="An article that is public now is not changed: the edit waits as its `pending_revision` (the "
        "public keeps the published version) until an editor publishes it with `POST …/publish/` or drops it with "
        "`POST …/discard-pending/`. A draft, an article in review or a scheduled one takes the change directly. "
        "Send `If-Match` with the ETag you read to be refused (412) if someone saved since.",
    )
    @transaction.atomic
    def partial_update(self, request, *args, **kwargs):
        return super().partial_update(request, *args, **kwargs)

    @transaction.atomic
    def update(self, request, *args, **kwargs):
        if not kwargs.get("partial"):
            raise exceptions.MethodNotAllowed("PUT", detail="Send the fields to change with PATCH.")
        article = self.locked_object()
        serializer = ArticleWriteSerializer(
            article, data=request.data, partial=True, context=self.get_serializer_context()
        )
        serializer.is_valid(raise_exception=True)
        article_edit(article=article, by=request.user, changes=serializer.validated_data)
        return self._written(article)

    @extend_schema(
        responses={200: EditorialArticleDetailSerializer, 204: None},
        parameters=[
            OpenApiParameter(
                "permanent", bool, description="true: delete the article for good (superusers) instead of archiving"
            )
        ],
        summary="Archive the article; an archived one, or any with ?permanent=true, is deleted for good (superusers)",
    )
    @transaction.atomic
    def destroy(self, request, *args, **kwargs):
        article = self.locked_object()
        if request.query_params.get("permanent") == "true" or article.status == Article.Status.ARCHIVED:
            article_delete(article=article, by=request.user)
            return Response(status=status.HTTP_204_NO_CONTENT)
        article_transition(article=article, by=request.user, name="archive")
        return self._written(article)

    @extend_schema(responses={200: ninjs.NINJS_SCHEMA}, filters=False, summary="The article as IPTC ninjs 2.2")
    @action(detail=True, url_path="ninjs")
    def ninjs(self, request, slug=None):
        article = self.get_object()
        response = Response(
            ninjs.news_item(ArticleDetailSerializer(article, context=self.get_serializer_context()).data)
        )
        response["Last-Modified"] = http_date(article.modified_at.timestamp())
        return response
