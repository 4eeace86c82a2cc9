"""What the write API accepts."""

from rest_framework import serializers

from articles.content import body
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

    def validate_body_html(self, html):
        html = body.sanitize(html)
        if unknown := Article.figures_outside_library(html):
            raise serializers.ValidationError(
                f"Place only photos from the image library; not found: {', '.join(unknown)}"
            )
        return html

    def validate_slug(self, slug):
        if Article.objects.slug_taken(slug, by_other_than=getattr(self.instance, "pk", None)):
            raise serializers.ValidationError(f"Another article has the slug “{slug}”.")
        return slug

    def validate_authors(self, authors):
        if not authors:
            raise serializers.ValidationError("An article needs at least one author.")
        if len(set(authors)) != len(authors):
            raise serializers.ValidationError("An author appears twice in the byline.")
        return authors


class PublishSerializer(serializers.Serializer):
    publish_at = serializers.DateTimeField(
        required=False, help_text="ISO 8601; in the future, the article is scheduled."
    )


class PreviewLinkSerializer(serializers.Serializer):
    token = serializers.CharField()
    url = serializers.URLField(help_text="The front end's preview page for this token.")
    expires_at = serializers.DateTimeField()
