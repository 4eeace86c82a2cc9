"""Signed previews."""

from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, permissions
from rest_framework.response import Response
from rest_framework.views import APIView

from articles.api.serializers.articles import ArticleDetailSerializer
from articles.api.views.errors import Gone
from articles.editorial import previews


class PreviewView(APIView):
    """An article in any state, for the holder of a signed preview link; never cached."""

    permission_classes = [permissions.AllowAny]

    @extend_schema(responses=ArticleDetailSerializer, summary="Preview an article by its signed token")
    def get(self, request, token):
        try:
            article = previews.article_for(token)
        except previews.PreviewExpired as expired:
            raise Gone(str(expired)) from None
        except previews.PreviewInvalid as invalid:
            raise exceptions.NotFound(str(invalid)) from None
        response = Response(ArticleDetailSerializer(article, context={"request": request}).data)
        response["Cache-Control"] = "private, no-store"
        return response
