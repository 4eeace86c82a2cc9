"""What the write API accepts."""

from rest_framework import serializers

from articles.models import Article, Image, Section, Tag
from authors.models import Author


class ArticleWriteSerializer(serializers.ModelSerializer):
    """What integrations write; status and publish time change only through the workflow actions."""

    body_html = serializers.CharField(source="body", required=False, allow_blank=True, help_text="Sanitised on save.")
    section = serializers.SlugRelatedField(
        slug_field="slug", queryset=Section.objects.all(), required=False, allow_null=True
    )
    tags = serializers.SlugRelatedField(slug_field="slug", queryset=Tag.objects.all(), many=True, required=False)
    authors = serializers.SlugRelatedField(
        slug_field="slug", queryset=Author.objects.all(), many=True, required=False, help_text="In byline order."
    )
    featured_image = serializers.PrimaryKeyRelatedField(queryset=Image.objects.all(), required=False, allow_null=True)
    slug = serializers.SlugField(max_length=300, required=False, allow_unicode=True)
    canonical_url = serializers.URLField(max_length=500, required=False, allow_blank=True)

    class Meta:
        model = Article
        fields = [
            "title",
            "slug",
            "dek",
            "excerpt",
            "body_html",
            "section",
            "tags",
            "authors",
            "featured_image",
            "comments_enabled",
            "seo_title",
            "seo_description",
            "canonical_url",
        ]
