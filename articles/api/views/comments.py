"""Reader comments of an article, and their moderation."""

from django.conf import settings
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, mixins, permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response
from rest_framework.throttling import BaseThrottle

from articles.api.filters import ModerationCommentFilterSet
from articles.api.permissions import IsModerator
from articles.api.serializers.comments import (
    CommentCreateSerializer,
    CommentReceiptSerializer,
    CommentSerializer,
    ModerationCommentSerializer,
    thread_comments,
)
from articles.api.throttles import CommentPostThrottle
from articles.api.views.errors import Conflict, TranslatesRefusals
from articles.comments.services import CommentRefused, DuplicateComment, comment_moderate, comment_submit
from articles.models import Article, Comment
from newsroom.public_cache import shows


class ArticleCommentsView(GenericAPIView):
    """``/articles/{slug}/comments/``: the approved thread, and a reader's new comment."""

    permission_classes = [permissions.AllowAny]  # readers comment without an account
    queryset = Comment.objects.none()  # the schema's model; each method reads its own
    serializer_class = CommentCreateSerializer  # what OPTIONS describes

    def get_throttles(self):
        return [CommentPostThrottle()] if self.request.method == "POST" else super().get_throttles()

    @extend_schema(
        responses=CommentSerializer(many=True),
        summary="Approved comments, oldest first, threaded; paginated by top-level comment",
    )
    def get(self, request, slug):
        article = get_object_or_404(Article.objects.published(), slug=slug)
        shows(f"article:{article.pk}", f"comments:{article.pk}")
        roots = self.paginate_queryset(article.comments.approved().top_level().order_by("created_at", "pk"))
        replies = Comment.objects.approved().filter(thread__in=[root.pk for root in roots]).order_by("created_at", "pk")
        threads = thread_comments(roots, replies, max_depth=settings.COMMENTS_MAX_DEPTH)
        return self.get_paginated_response(CommentSerializer(threads, many=True).data)

    @extend_schema(
        request=CommentCreateSerializer,
        responses={201: CommentReceiptSerializer},
        summary="Submit a comment; it waits for moderation unless sent by signed-in staff",
    )
    def post(self, request, slug):
        # A draft or scheduled article is as unknown here as anywhere public; the service refuses it too.
        article = get_object_or_404(Article.objects.published(), slug=slug)
        serializer = CommentCreateSerializer(data=request.data, context={"request": request, "article": article})
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        try:
            comment = comment_submit(
                article=article,
                author_name=data["author_name"],
                author_email=data["author_email"],
                body=data["body"],
                parent=data.get("parent"),
                user=request.user if request.user.is_authenticated else None,
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


class ModerationCommentViewSet(
    TranslatesRefusals, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Comments for moderation tools: the queue first, with the commenter's email to judge by."""

    serializer_class = ModerationCommentSerializer
    permission_classes = [IsModerator]
    filterset_class = ModerationCommentFilterSet

    def get_queryset(self):
        return Comment.objects.select_related("article", "moderated_by").pending_first()

    def _moderate(self, request, new_status):
        comment = self.get_object()
        comment_moderate(comments=Comment.objects.filter(pk=comment.pk), status=new_status, by=request.user)
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
