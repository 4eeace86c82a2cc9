"""Sections and tags."""

from articles.api.serializers.taxonomy import SectionSerializer, TagSerializer
from articles.api.views.articles import ReadOnlyViewSet
from articles.models import Article, Section, Tag
from newsroom.public_cache import shows


class SectionViewSet(ReadOnlyViewSet):
    serializer_class = SectionSerializer

    def get_queryset(self):
        shows("sections")
        public_articles = Article.objects.published().count_for("section")
        return Section.objects.annotate(article_count=public_articles).order_by("name", "pk")


class TagViewSet(ReadOnlyViewSet):
    serializer_class = TagSerializer

    def get_queryset(self):
        shows("tags")
        public_articles = Article.objects.published().count_for("tags")
        return Tag.objects.annotate(article_count=public_articles).order_by("name", "pk")
