"""The editorial actions of the API: the same services the admin's buttons call."""

from django.db import transaction
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import permissions, status
from rest_framework.decorators import action
from rest_framework.response import Response

from articles.api.serializers.articles import CorrectionSerializer, EditorialArticleDetailSerializer
from articles.api.serializers.editorial import (
    CorrectionCreateSerializer,
    PreviewLinkSerializer,
    PublishSerializer,
    RevisionSerializer,
)
from articles.editorial.services import (
    article_discard_revision,
    article_restore,
    article_transition,
    correction_add,
    preview_link_make,
)


class EditorialActions:
    """Mixed into ArticleViewSet: workflow steps, the pending revision, revisions, corrections, previews."""

    @transaction.atomic
    def _transition(self, request, name, **options):
        article = self.locked_object()
        article_transition(article=article, by=request.user, name=name, **options)
        return self._written(article)

    @extend_schema(request=None, responses=EditorialArticleDetailSerializer, summary="Send a draft to review")
    @action(detail=True, methods=["post"])
    def submit(self, request, slug=None):
        return self._transition(request, "submit")

    @extend_schema(
        request=None, responses=EditorialArticleDetailSerializer, summary="Take an article in review back to draft"
    )
    @action(detail=True, methods=["post"])
    def withdraw(self, request, slug=None):
        return self._transition(request, "withdraw")

    @extend_schema(
        request=PublishSerializer,
        responses=EditorialArticleDetailSerializer,
        summary="Publish (a future publish_at schedules); publishes a pending revision",
    )
    @action(detail=True, methods=["post"])
    def publish(self, request, slug=None):
        options = PublishSerializer(data=request.data)
        options.is_valid(raise_exception=True)
        return self._transition(request, "publish", publish_at=options.validated_data.get("publish_at"))

    @extend_schema(
        request=None,
        responses=EditorialArticleDetailSerializer,
        summary="Take a published article off every public surface (back to draft)",
    )
    @action(detail=True, methods=["post"])
    def unpublish(self, request, slug=None):
        return self._transition(request, "unpublish")

    @extend_schema(request=None, responses=EditorialArticleDetailSerializer, summary="Archive")
    @action(detail=True, methods=["post"])
    def archive(self, request, slug=None):
        return self._transition(request, "archive")

    @extend_schema(
        request=None,
        responses=EditorialArticleDetailSerializer,
        summary="Discard the pending revision; the live article stays as it is",
    )
    @action(detail=True, methods=["post"], url_path="discard-pending")
    @transaction.atomic
    def discard_pending(self, request, slug=None):
        article = self.locked_object()
        article_discard_revision(article=article, by=request.user)
        return self._written(article)

    @extend_schema(responses=RevisionSerializer(many=True), filters=False, summary="The article's revisions")
    @action(detail=True, methods=["get"], filterset_class=None, permission_classes=[permissions.IsAuthenticated])
    def revisions(self, request, slug=None):
        article = self.get_object()
        revisions = self.paginator.paginate_queryset(article.revisions.select_related("created_by"), request, self)
        return self.paginator.get_paginated_response(RevisionSerializer(revisions, many=True).data)

    @extend_schema(
        request=None,
        responses=EditorialArticleDetailSerializer,
        summary="Restore a revision: live at once for an article not yet public, a pending revision for a live one",
    )
    @action(detail=True, methods=["post"], url_path=r"revisions/(?P<revision>\d+)/restore")
    @transaction.atomic
    def restore(self, request, slug=None, revision=None):
        article = self.locked_object()
        article_restore(article=article, revision=get_object_or_404(article.revisions, pk=revision), by=request.user)
        return self._written(article)

    @extend_schema(
        methods=["POST"],
        request=CorrectionCreateSerializer,
        responses={201: CorrectionSerializer},
        summary="Add a dated correction to an article that has been public",
    )
    @extend_schema(methods=["GET"], responses=CorrectionSerializer(many=True), filters=False)
    @action(detail=True, methods=["get", "post"], filterset_class=None, pagination_class=None)
    def corrections(self, request, slug=None):
        article = self.get_object()
        if request.method == "GET":
            return Response(CorrectionSerializer(article.corrections.all(), many=True).data)
        sent = CorrectionCreateSerializer(data=request.data)
        sent.is_valid(raise_exception=True)
        correction = correction_add(article=article, text=sent.validated_data["text"], by=request.user)
        return Response(CorrectionSerializer(correction).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=PreviewLinkSerializer, summary="A signed, expiring preview link")
    @action(detail=True, methods=["post"], url_path="preview-link")
    def preview_link(self, request, slug=None):
        token, url, expires_at = preview_link_make(article=self.get_object(), by=request.user)
        return Response(PreviewLinkSerializer({"token": token, "url": url, "expires_at": expires_at}).data)
