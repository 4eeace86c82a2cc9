from django.conf import settings
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404
from django.utils.http import http_date
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, mixins, permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.throttling import BaseThrottle

from . import ninjs, services
from .filters import ArticleFilterSet, ModerationCommentFilterSet
from .models import Article, Comment, Section, Tag
from .permissions import IsModerator
from .serializers import (
    ArticleDetailSerializer,
    ArticleListSerializer,
    CommentCreateSerializer,
    CommentReceiptSerializer,
    CommentSerializer,
    ModerationCommentSerializer,
    SectionSerializer,
    TagSerializer,
    thread_comments,
)
from .throttles import CommentPostThrottle


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = "The request conflicts with what is already there."


class ReadOnlyViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    lookup_field = "slug"


class ArticleViewSet(ReadOnlyViewSet):
    """Articles public now (published, publish time passed), newest first."""

    filterset_class = ArticleFilterSet

    def get_queryset(self):
        public = Article.objects.published().order_by("-published_at", "-pk")
        return public.for_listing() if self.action == "list" else public.for_detail()

    def get_serializer_class(self):
        return ArticleListSerializer if self.action == "list" else ArticleDetailSerializer

    def get_object(self):
        return get_object_or_404(self.get_queryset(), slug=self.kwargs["slug"])

    def retrieve(self, request, *args, **kwargs):
        article = self.get_object()
        response = Response(self.get_serializer(article).data)
        response["Last-Modified"] = http_date(article.modified_at.timestamp())
        return response

    def get_permissions(self):
        if self.action == "comments":
            return [permissions.AllowAny()]  # readers comment without an account
        return super().get_permissions()

    def get_throttles(self):
        if self.action == "comments" and self.request.method == "POST":
            return [CommentPostThrottle()]
        return super().get_throttles()

    @extend_schema(
        methods=["GET"], responses=CommentSerializer(many=True), filters=False,
        summary="Approved comments, oldest first, threaded; paginated by top-level comment",
    )
    @extend_schema(
        methods=["POST"], request=CommentCreateSerializer, responses={201: CommentReceiptSerializer},
        filters=False, summary="Submit a comment; it waits for moderation unless trusted",
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
            comment = services.comment_submit(
                article=article,
                author_name=data["author_name"],
                author_email=data["author_email"],
                body=data["body"],
                parent=data.get("parent"),
                user=user,
                client_ip=BaseThrottle().get_ident(request),
                honeypot=data.get("website", ""),
            )
        except services.CommentRefused as refusal:
            raise exceptions.PermissionDenied(str(refusal)) from None
        except services.DuplicateComment as duplicate:
            raise Conflict(str(duplicate)) from None
        # Spam is kept from readers silently: the sender is told it waits like any other comment.
        shown_status = Comment.Status.PENDING if comment.status == Comment.Status.SPAM else comment.status
        return Response({"id": comment.pk, "status": shown_status}, status=status.HTTP_201_CREATED)

    @extend_schema(responses={200: OpenApiTypes.OBJECT}, summary="The article as IPTC ninjs 2.2")
    @action(detail=True, url_path="ninjs")
    def ninjs(self, request, slug=None):
        article = self.get_object()
        response = Response(ninjs.news_item(ArticleDetailSerializer(article, context=self.get_serializer_context()).data))
        response["Last-Modified"] = http_date(article.modified_at.timestamp())
        return response


def _public_article_count(relation):
    """Subquery counting public articles on the outer row's ``relation``."""
    public = (
        Article.objects.published()
        .filter(**{relation: OuterRef("pk")})
        .order_by()
        .values(relation)
        .annotate(count=Count("pk"))
        .values("count")
    )
    return Coalesce(Subquery(public), 0)


class SectionViewSet(ReadOnlyViewSet):
    serializer_class = SectionSerializer

    def get_queryset(self):
        return Section.objects.annotate(article_count=_public_article_count("section")).order_by("name", "pk")


class TagViewSet(ReadOnlyViewSet):
    serializer_class = TagSerializer

    def get_queryset(self):
        return Tag.objects.annotate(article_count=_public_article_count("tags")).order_by("name", "pk")


class ModerationCommentViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Comments for moderation tools: the queue first, with the commenter's email to judge by."""

    serializer_class = ModerationCommentSerializer
    permission_classes = [IsModerator]
    filterset_class = ModerationCommentFilterSet

    def get_queryset(self):
        return Comment.objects.select_related("article", "moderated_by").pending_first()

    def _moderate(self, request, new_status):
        comment = self.get_object()
        services.comment_moderate(comments=Comment.objects.filter(pk=comment.pk), status=new_status, by=request.user)
        return Response(self.get_serializer(self.get_object()).data)

    @extend_schema(request=None)
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        return self._moderate(request, Comment.Status.APPROVED)

    @extend_schema(request=None)
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        return self._moderate(request, Comment.Status.REJECTED)

    @extend_schema(request=None)
    @action(detail=True, methods=["post"])
    def spam(self, request, pk=None):
        return self._moderate(request, Comment.Status.SPAM)
