from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from authors.serializers import AuthorSerializer, AuthorSummarySerializer

from . import body, jsonld
from .models import Article, Image, Section, Tag


class ImageSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()

    class Meta:
        model = Image
        fields = ["id", "url", "width", "height", "caption", "credit", "alt_text"]

    def get_url(self, image) -> str:
        return self.context["request"].build_absolute_uri(image.file.url)


def placement_image(placement, context):
    """The image object of a photo as placed: its caption may override the library's."""
    data = ImageSerializer(placement.image, context=context).data
    data["caption"] = placement.effective_caption
    return data


class SectionRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Section
        fields = ["slug", "name"]


class TagRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Tag
        fields = ["slug", "name"]


class SectionSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="section-detail", lookup_field="slug")
    article_count = serializers.IntegerField(read_only=True, help_text="Articles public now.")

    class Meta:
        model = Section
        fields = ["slug", "name", "description", "article_count", "url"]


class TagSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="tag-detail", lookup_field="slug")
    article_count = serializers.IntegerField(read_only=True, help_text="Articles public now.")

    class Meta:
        model = Tag
        fields = ["slug", "name", "description", "article_count", "url"]


class ArticleListSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="article-detail", lookup_field="slug")
    section = SectionRefSerializer(allow_null=True)
    tags = TagRefSerializer(many=True)
    authors = serializers.SerializerMethodField()
    featured_image = ImageSerializer(allow_null=True)
    reading_time_minutes = serializers.IntegerField()
    comment_count = serializers.IntegerField(source="approved_comment_count", help_text="Approved comments.")

    class Meta:
        model = Article
        fields = [
            "id", "slug", "title", "dek", "excerpt", "url", "published_at", "updated_at", "section", "tags",
            "authors", "featured_image", "reading_time_minutes", "comment_count",
        ]

    author_serializer = AuthorSummarySerializer

    @extend_schema_field(AuthorSummarySerializer(many=True))
    def get_authors(self, article):
        authors = [byline.author for byline in article.article_authors.all()]
        return self.author_serializer(authors, many=True, context=self.context).data


class SeoSerializer(serializers.Serializer):
    title = serializers.CharField()
    description = serializers.CharField()


class ArticleDetailSerializer(ArticleListSerializer):
    author_serializer = AuthorSerializer

    body_html = serializers.SerializerMethodField(help_text="Sanitised HTML; each photo a <figure> with caption and credit.")
    body = serializers.SerializerMethodField(help_text="Ordered blocks: paragraph, heading, quote, list, image.")
    images = serializers.SerializerMethodField(help_text="Every photo placed in the body, in order.")
    seo = serializers.SerializerMethodField()
    json_ld = serializers.SerializerMethodField(help_text="schema.org NewsArticle for a <script type=application/ld+json>.")

    class Meta(ArticleListSerializer.Meta):
        fields = ArticleListSerializer.Meta.fields + [
            "body_html", "body", "images", "comments_enabled", "canonical_url", "seo", "json_ld",
        ]

    @extend_schema_field(AuthorSerializer(many=True))
    def get_authors(self, article):
        return super().get_authors(article)

    def to_representation(self, article):
        placements = list(article.placements.all())
        self._images = [placement_image(placement, self.context) for placement in placements]
        images_by_placement = dict(zip((p.pk for p in placements), self._images))
        self._blocks, self._html = body.render(article.body, placements, lambda p: images_by_placement[p.pk])
        data = super().to_representation(article)
        data["json_ld"] = jsonld.news_article(data)
        return data

    def get_body_html(self, article) -> str:
        return self._html

    @extend_schema_field(OpenApiTypes.OBJECT)
    def get_body(self, article):
        return self._blocks

    @extend_schema_field(ImageSerializer(many=True))
    def get_images(self, article):
        return self._images

    @extend_schema_field(SeoSerializer)
    def get_seo(self, article):
        return {"title": article.seo_title or article.title, "description": article.seo_description or article.excerpt}

    @extend_schema_field(OpenApiTypes.OBJECT)
    def get_json_ld(self, article):
        return None  # filled in to_representation, from the serialised article
