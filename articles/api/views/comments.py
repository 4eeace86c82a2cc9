"""Comment moderation."""

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from articles.api.filters import ModerationCommentFilterSet
from articles.api.permissions import IsModerator
from articles.api.serializers.comments import ModerationCommentSerializer
from articles.comments.services import comment_moderate
from articles.models import Comment


class ModerationCommentViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
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
