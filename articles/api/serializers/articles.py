"""The article list item and detail, public and as staff see them."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from articles.api.serializers.images import ImageSerializer, image_object, placement_image
from articles.api.serializers.taxonomy import SectionRefSerializer, TagRefSerializer
from articles.content import body
from articles.models import Article, Correction
from articles.syndication import jsonld
from authors.serializers import AuthorSerializer, AuthorSummarySerializer, author_summary
from newsroom.links import links_for


class ArticleListSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="article-detail", lookup_field="slug")
    section = SectionRefSerializer(allow_null=True)
    tags = TagRefSerializer(many=True)
    authors = serializers.SerializerMethodField()
    featured_image = ImageSerializer(allow_null=True)
    reading_time_minutes = serializers.IntegerField()
    comment_count = serializers.IntegerField(source="approved_comment_count", help_text="Approved comments.")
    updated_at = serializers.DateTimeField(source="modified_at", help_text="Last change; never before published_at.")

    class Meta:
        model = Article
        fields = [
            "id",
            "slug",
            "title",
            "dek",
            "excerpt",
            "url",
            "published_at",
            "updated_at",
            "section",
            "tags",
            "authors",
            "featured_image",
            "reading_time_minutes",
            "comment_count",
        ]

    @extend_schema_field(AuthorSummarySerializer(many=True))
    def get_authors(self, article):
        links = links_for(self.context)
        return [author_summary(byline.author, links) for byline in article.article_authors.all()]

    def to_representation(self, article):
        """The fields above, built by hand: DRF's field machinery was most of a list's cost (see README, Benchmark)."""
        links = links_for(self.context)
        section = article.section
        return {
            "id": article.pk,
            "slug": article.slug,
            "title": article.title,
            "dek": article.dek,
            "excerpt": article.excerpt,
            "url": links.detail("article-detail", article.slug),
            "published_at": _iso(article.published_at),
            "updated_at": _iso(article.modified_at),
            "section": {"slug": section.slug, "name": section.name} if section else None,
            "tags": [{"slug": tag.slug, "name": tag.name} for tag in article.tags.all()],
            "authors": self.get_authors(article),
            "featured_image": image_object(article.featured_image, links) if article.featured_image else None,
            "reading_time_minutes": article.reading_time_minutes,
            "comment_count": article.approved_comment_count,
        }


def _iso(moment):
    return serializers.DateTimeField().to_representation(moment) if moment else None


class CorrectionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Correction
        fields = ["text", "created_at"]


class SeoSerializer(serializers.Serializer):
    title = serializers.CharField()
    description = serializers.CharField()
    image = serializers.URLField(allow_null=True, help_text="Open Graph image: the featured photo's social card.")


class ArticleDetailSerializer(ArticleListSerializer):
    body_html = serializers.SerializerMethodField(
        help_text="Sanitised HTML; each photo a <figure> with caption and credit."
    )
    body = serializers.SerializerMethodField(help_text="Ordered blocks: paragraph, heading, quote, list, image.")
    images = serializers.SerializerMethodField(help_text="Every photo placed in the body, in order.")
    seo = serializers.SerializerMethodField()
    json_ld = serializers.SerializerMethodField(
        help_text="schema.org NewsArticle for a <script type=application/ld+json>."
    )
    corrections = CorrectionSerializer(many=True, read_only=True, help_text="Dated corrections, oldest first.")

    class Meta(ArticleListSerializer.Meta):
        fields = ArticleListSerializer.Meta.fields + [
            "body_html",
            "body",
            "images",
            "comments_enabled",
            "canonical_url",
            "seo",
            "json_ld",
            "corrections",
        ]

    @extend_schema_field(AuthorSerializer(many=True))
    def get_authors(self, article):
        authors = []
        for byline in article.article_authors.all():
            byline.author.article_count = byline.author_article_count  # annotated on the byline: one query less
            authors.append(byline.author)
        return AuthorSerializer(authors, many=True, context=self.context).data

    def to_representation(self, article):
        """The list shape, the body rendered once as blocks and HTML, and JSON-LD built from the result."""
        placements = list(article.placements.all())
        images = [placement_image(placement, self.context) for placement in placements]
        placed = [(placement.image.file.name, image) for placement, image in zip(placements, images, strict=True)]
        blocks, html = body.render(article.body, placed)
        data = super().to_representation(article) | {
            "body_html": html,
            "body": blocks,
            "images": images,
            "comments_enabled": article.comments_enabled,
            "canonical_url": article.canonical_url,
            "seo": self.get_seo(article),
            "corrections": CorrectionSerializer(article.corrections.all(), many=True).data,
        }
        data["json_ld"] = jsonld.news_article(data)
        return data

    # The method fields below document the shape for the OpenAPI schema; to_representation fills them.
    def get_body_html(self, article) -> str:
        raise NotImplementedError

    @extend_schema_field(OpenApiTypes.OBJECT)
    def get_body(self, article):
        raise NotImplementedError

    @extend_schema_field(ImageSerializer(many=True))
    def get_images(self, article):
        raise NotImplementedError

    @extend_schema_field(SeoSerializer)
    def get_seo(self, article):
        image = article.featured_image
        card = image.rendition("social") if image else None
        return {
            "title": article.seo_title or article.title,
            "description": article.seo_description or article.excerpt or article.dek,
            "image": links_for(self.context).absolute((card or image).file.url) if image else None,
        }

    @extend_schema_field(OpenApiTypes.OBJECT)
    def get_json_ld(self, article):
        raise NotImplementedError


class EditorialSerializerMixin(serializers.Serializer):
    """Fields only signed-in staff see: the workflow state."""

    status = serializers.CharField(read_only=True)
    publish_at = serializers.DateTimeField(source="published_at", read_only=True, allow_null=True)
    pending_revision = serializers.SerializerMethodField()

    @extend_schema_field(OpenApiTypes.OBJECT)
    def get_pending_revision(self, article):
        revision = article.pending_revision
        if revision is None:
            return None
        return {
            "id": revision.pk,
            "created_at": _iso(revision.created_at),
            "created_by": str(revision.created_by or ""),
        }

    def to_representation(self, article):
        return super().to_representation(article) | {
            "status": article.status,
            "publish_at": _iso(article.published_at),
            "pending_revision": self.get_pending_revision(article),
        }


class EditorialArticleListSerializer(EditorialSerializerMixin, ArticleListSerializer):
    class Meta(ArticleListSerializer.Meta):
        fields = ArticleListSerializer.Meta.fields + ["status", "publish_at", "pending_revision"]


class EditorialArticleDetailSerializer(EditorialSerializerMixin, ArticleDetailSerializer):
    class Meta(ArticleDetailSerializer.Meta):
        fields = ArticleDetailSerializer.Meta.fields + ["status", "publish_at", "pending_revision"]
