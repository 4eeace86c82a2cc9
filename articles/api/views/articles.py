"""Articles: public reads, staff reads and the write API."""

from django.conf import settings
from django.db import transaction
from django.db.models import F, ProtectedError
from django.shortcuts import get_object_or_404
from django.utils.http import http_date
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, mixins, permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.throttling import BaseThrottle

from articles.api.filters import ArticleFilterSet
from articles.api.permissions import CanEditArticles, IsStaff
from articles.api.serializers.articles import (
    ArticleDetailSerializer,
    ArticleListSerializer,
    EditorialArticleDetailSerializer,
    EditorialArticleListSerializer,
)
from articles.api.serializers.comments import (
    CommentCreateSerializer,
    CommentReceiptSerializer,
    CommentSerializer,
    thread_comments,
)
from articles.api.serializers.writes import ArticleWriteSerializer, PreviewLinkSerializer, PublishSerializer
from articles.api.throttles import CommentPostThrottle
from articles.api.views.errors import Conflict, PreconditionFailed, workflow_errors
from articles.comments.services import CommentRefused, DuplicateComment, comment_submit
from articles.editorial import previews, workflow
from articles.editorial.services import article_create, article_edit, article_transition
from articles.models import Article, Comment, SlugRedirect
from articles.syndication import ninjs


class ReadOnlyViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    lookup_field = "slug"


def revision_etag(article):
    """The article's current revision and last change (a correction moves it without a new revision)."""
    latest = article.revisions.values_list("pk", flat=True).first()
    return f'"article-{article.pk}-r{latest or 0}-{article.updated_at.timestamp():.6f}"'


class ArticleViewSet(mixins.CreateModelMixin, mixins.UpdateModelMixin, mixins.DestroyModelMixin, ReadOnlyViewSet):
    """Articles. Anonymous clients read what is public now; signed-in staff also what they may see in any state,
    and write through the editorial workflow."""

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
        articles = articles.for_listing() if self.action == "list" else articles.for_detail()
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

    def _detail_response(self, article, status_code=status.HTTP_200_OK):
        serializer_class = EditorialArticleDetailSerializer if self.editorial else ArticleDetailSerializer
        response = Response(serializer_class(article, context=self.get_serializer_context()).data, status=status_code)
        response["Last-Modified"] = http_date(article.modified_at.timestamp())
        if self.editorial:
            response["ETag"] = revision_etag(article)
        return response

    def _lock_and_check_if_match(self, article):
        """Lock the row for this write's transaction, then compare If-Match, so two writers cannot both pass."""
        article.updated_at = Article.objects.select_for_update().values_list("updated_at", flat=True).get(pk=article.pk)
        expected = self.request.headers.get("If-Match")
        if (
            expected
            and expected.strip() != "*"
            and revision_etag(article) not in [e.strip() for e in expected.split(",")]
        ):
            raise PreconditionFailed()

    def retrieve(self, request, *args, **kwargs):
        article = self.get_queryset().filter(slug=kwargs["slug"]).first()
        if article is None:
            moved = SlugRedirect.objects.filter(old_slug=kwargs["slug"], article__in=self.get_queryset()).first()
            if moved is None:
                raise exceptions.NotFound(f"No article is published at “{kwargs['slug']}”.")
            url = reverse("article-detail", kwargs={"slug": moved.article.slug}, request=request)
            return Response({"detail": "The article moved.", "url": url}, status=301, headers={"Location": url})
        return self._detail_response(article)

    def create(self, request, *args, **kwargs):
        serializer = ArticleWriteSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        with workflow_errors():
            article = article_create(by=request.user, changes=serializer.validated_data)
        response = self._written(article, status.HTTP_201_CREATED)
        response["Location"] = reverse("article-detail", kwargs={"slug": article.slug}, request=request)
        return response

    @transaction.atomic
    def update(self, request, *args, **kwargs):
        if not kwargs.get("partial"):
            raise exceptions.MethodNotAllowed("PUT", detail="Send the fields to change with PATCH.")
        article = self.get_object()
        self._lock_and_check_if_match(article)
        serializer = ArticleWriteSerializer(
            article, data=request.data, partial=True, context=self.get_serializer_context()
        )
        serializer.is_valid(raise_exception=True)
        with workflow_errors():
            article_edit(article=article, by=request.user, changes=serializer.validated_data)
        return self._written(article)

    @transaction.atomic
    def destroy(self, request, *args, **kwargs):
        """Archives the article; a superuser may delete it for good with ``?permanent=true``."""
        article = self.get_object()
        self._lock_and_check_if_match(article)
        if request.query_params.get("permanent") == "true":
            if not workflow.may_hard_delete(request.user):
                raise exceptions.PermissionDenied("Only superusers may delete an article for good.")
            try:
                article.delete()
            except ProtectedError:
                raise Conflict("An article with corrections is kept; archive it instead.") from None
            return Response(status=status.HTTP_204_NO_CONTENT)
        with workflow_errors():
            article_transition(article=article, by=request.user, name="archive")
        return self._written(article)

    @transaction.atomic
    def _transition(self, request, name, **options):
        article = self.get_object()
        self._lock_and_check_if_match(article)
        with workflow_errors():
            article_transition(article=article, by=request.user, name=name, **options)
        return self._written(article)

    @extend_schema(request=None, summary="Send a draft to review")
    @action(detail=True, methods=["post"])
    def submit(self, request, slug=None):
        return self._transition(request, "submit")

    @extend_schema(request=None, summary="Take an article in review back to draft")
    @action(detail=True, methods=["post"])
    def withdraw(self, request, slug=None):
        return self._transition(request, "withdraw")

    @extend_schema(
        request=PublishSerializer, summary="Publish (a future publish_at schedules); publishes a pending revision"
    )
    @action(detail=True, methods=["post"])
    def publish(self, request, slug=None):
        options = PublishSerializer(data=request.data)
        options.is_valid(raise_exception=True)
        return self._transition(request, "publish", publish_at=options.validated_data.get("publish_at"))

    @extend_schema(request=None, summary="Take a published article off every public surface (back to draft)")
    @action(detail=True, methods=["post"])
    def unpublish(self, request, slug=None):
        return self._transition(request, "unpublish")

    @extend_schema(request=None, summary="Archive")
    @action(detail=True, methods=["post"])
    def archive(self, request, slug=None):
        return self._transition(request, "archive")

    @extend_schema(request=None, responses=PreviewLinkSerializer, summary="A signed, expiring preview link")
    @action(detail=True, methods=["post"], url_path="preview-link")
    def preview_link(self, request, slug=None):
        article = self.get_object()
        token, url, expires_at = previews.preview_link(article)
        return Response(PreviewLinkSerializer({"token": token, "url": url, "expires_at": expires_at}).data)

    def get_permissions(self):
        if self.action == "comments":
            return [permissions.AllowAny()]  # readers comment without an account
        if self.action == "preview_link":
            return [permissions.IsAuthenticated(), IsStaff(), CanEditArticles()]
        return super().get_permissions()

    def get_throttles(self):
        if self.action == "comments" and self.request.method == "POST":
            return [CommentPostThrottle()]
        return super().get_throttles()

    @extend_schema(
        methods=["GET"],
        responses=CommentSerializer(many=True),
        filters=False,
        summary="Approved comments, oldest first, threaded; paginated by top-level comment",
    )
    @extend_schema(
        methods=["POST"],
        request=CommentCreateSerializer,
        responses={201: CommentReceiptSerializer},
        filters=False,
        summary="Submit a comment; it waits for moderation unless trusted",
    )
    @action(detail=True, methods=["get", "post"], filterset_class=None)
    def comments(self, request, slug=None):
        if request.method == "POST":
            return self._submit_comment(request, get_object_or_404(Article.objects.all(), slug=slug))
        article = get_object_or_404(Article.objects.published(), slug=slug)
        roots = self.paginator.paginate_queryset(
            article.comments.approved().top_level().order_by("created_at", "pk"), request, view=self
        )
        replies = Comment.objects.approved().filter(thread__in=[root.pk for root in roots]).order_by("created_at", "pk")
        threads = thread_comments(roots, replies, max_depth=settings.COMMENTS_MAX_DEPTH)
        return self.paginator.get_paginated_response(CommentSerializer(threads, many=True).data)

    def _submit_comment(self, request, article):
        serializer = CommentCreateSerializer(data=request.data, context={"request": request, "article": article})
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        user = request.user if request.user.is_authenticated else None
        try:
            comment = comment_submit(
                article=article,
                author_name=data["author_name"],
                author_email=data["author_email"],
                body=data["body"],
                parent=data.get("parent"),
                user=user,
                client_ip=BaseThrottle().get_ident(request),
                honeypot=data.get("website", ""),
            )
        except CommentRefused as refusal:
            raise exceptions.PermissionDenied(str(refusal)) from None
        except DuplicateComment as duplicate:
            raise Conflict(str(duplicate)) from None
        # Spam is kept from readers silently: the sender is told it waits like any other comment.
        shown_status = Comment.Status.PENDING if comment.status == Comment.Status.SPAM else comment.status
        return Response({"id": comment.pk, "status": shown_status}, status=status.HTTP_201_CREATED)

    @extend_schema(responses={200: OpenApiTypes.OBJECT}, summary="The article as IPTC ninjs 2.2")
    @action(detail=True, url_path="ninjs")
    def ninjs(self, request, slug=None):
        article = self.get_object()
        response = Response(
            ninjs.news_item(ArticleDetailSerializer(article, context=self.get_serializer_context()).data)
        )
        response["Last-Modified"] = http_date(article.modified_at.timestamp())
        return response
