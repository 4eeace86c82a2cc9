import django_filters

from articles.content.querysets import ArticleQuerySet
from articles.models import Article, Comment
from newsroom.moments import real_time_zone
from newsroom.public_cache import shows
from newsroom.text import xml_safe


class ArticleFilterSet(django_filters.FilterSet):
    section = django_filters.CharFilter(method="in_section", help_text="Section slug.")
    tag = django_filters.CharFilter(method="tagged", help_text="Tag slug.")
    author = django_filters.CharFilter(method="by_author", help_text="Author slug.")
    published_after = django_filters.IsoDateTimeFilter(
        field_name="published_at",
        lookup_expr="gte",
        validators=[real_time_zone],
        help_text="ISO 8601, e.g. 2025-01-31T00:00:00Z.",
    )
    published_before = django_filters.IsoDateTimeFilter(
        field_name="published_at",
        lookup_expr="lt",
        validators=[real_time_zone],
        help_text="ISO 8601, e.g. 2025-02-01T00:00:00Z.",
    )
    q = django_filters.CharFilter(
        method="search",
        max_length=ArticleQuerySet.SEARCH_MAX_LENGTH,
        validators=[xml_safe, ArticleQuerySet.check_search],
        help_text=f"Full-text search over title, dek and body; at most {ArticleQuerySet.SEARCH_MAX_WORDS} words.",
    )
    status = django_filters.ChoiceFilter(
        choices=Article.Status.choices, help_text="Signed-in staff: articles in this state that they may see."
    )
    ordering = django_filters.OrderingFilter(
        fields=[("published_at", "published_at")], help_text="-published_at (default, newest first) or published_at."
    )

    class Meta:
        model = Article
        fields = []

    def search(self, queryset, name, value):
        shows("search")  # which articles match moves with any edit (newsroom.invalidation.SHOWING_CONTENT)
        return queryset.search(value)

    def in_section(self, queryset, name, value):
        return queryset.in_section(value)

    def tagged(self, queryset, name, value):
        return queryset.tagged(value)

    def by_author(self, queryset, name, value):
        return queryset.by_author(value)


class ModerationCommentFilterSet(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=Comment.Status.choices, help_text="e.g. pending")
    article = django_filters.CharFilter(field_name="article__slug", help_text="Article slug.")

    class Meta:
        model = Comment
        fields = []
