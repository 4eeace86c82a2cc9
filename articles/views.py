from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404
from django.utils.http import http_date
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from . import ninjs
from .filters import ArticleFilterSet
from .models import Article, Section, Tag
from .serializers import ArticleDetailSerializer, ArticleListSerializer, SectionSerializer, TagSerializer


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
        response["Last-Modified"] = http_date(article.updated_at.timestamp())
        return response

    @extend_schema(responses={200: OpenApiTypes.OBJECT}, summary="The article as IPTC ninjs 2.2")
    @action(detail=True, url_path="ninjs")
    def ninjs(self, request, slug=None):
        article = self.get_object()
        response = Response(ninjs.news_item(ArticleDetailSerializer(article, context=self.get_serializer_context()).data))
        response["Last-Modified"] = http_date(article.updated_at.timestamp())
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
