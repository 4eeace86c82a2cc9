from collections import defaultdict

from django.conf import settings
from django.utils.html import linebreaks
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from authors.models import Author
from authors.serializers import AuthorSerializer, AuthorSummarySerializer, author_summary
from newsroom.links import links_for

from . import body, jsonld, renditions
from .models import Article, Comment, Correction, Image, Section, Tag


class RenditionSerializer(serializers.Serializer):
    width = serializers.IntegerField()
    height = serializers.IntegerField()
    format = serializers.CharField()
    url = serializers.URLField()


class FocalPointSerializer(serializers.Serializer):
    x = serializers.FloatField(help_text="0 (left edge) to 1 (right edge).")
    y = serializers.FloatField(help_text="0 (top) to 1 (bottom).")


CROPS_SCHEMA = {
    "type": "object",
    "properties": {name: {"type": "string", "format": "uri", "nullable": True} for name in renditions.CROPS},
}


class ImageSerializer(serializers.ModelSerializer):
    """The image object: the file, what it shows, and the renditions a front end picks from."""

    url = serializers.SerializerMethodField()
    renditions = serializers.SerializerMethodField()
    srcset = serializers.SerializerMethodField(help_text="WebP widths, ready for <img srcset>.")
    focal_point = serializers.SerializerMethodField()
    crops = serializers.SerializerMethodField(help_text='{"16x9", "4x3", "1x1"}: crops around the focal point.')
    social_url = serializers.SerializerMethodField(help_text="1200×630 card for Open Graph and feeds.")

    class Meta:
        model = Image
        fields = [
            "id",
            "url",
            "width",
            "height",
            "caption",
            "credit",
            "alt_text",
            "renditions",
            "srcset",
            "focal_point",
            "crops",
            "social_url",
        ]

    def to_representation(self, image):
        return image_object(image, links_for(self.context))

    def _absolute(self, file):
        return links_for(self.context).absolute(file.url)

    def get_url(self, image) -> str:
        return self._absolute(image.file)

    @extend_schema_field(RenditionSerializer(many=True))
    def get_renditions(self, image):
        return [
            {"width": r.width, "height": r.height, "format": r.format.lower(), "url": self._absolute(r.file)}
            for r in image.renditions.all()
            if r.spec.startswith("w")
        ]

    def get_srcset(self, image) -> str:
        widths = [r for r in image.renditions.all() if r.spec.startswith("w") and r.format == "WEBP"]
        return ", ".join(f"{self._absolute(r.file)} {r.width}w" for r in sorted(widths, key=lambda r: r.width))

    @extend_schema_field(FocalPointSerializer)
    def get_focal_point(self, image):
        return {"x": image.focal_x, "y": image.focal_y}

    @extend_schema_field(CROPS_SCHEMA)
    def get_crops(self, image):
        crops = {}
        for name in renditions.CROPS:
            rendition = image.rendition(f"crop-{name}")
            crops[name] = self._absolute(rendition.file) if rendition else None
        return crops

    def get_social_url(self, image) -> str | None:
        card = image.rendition("social")
        return self._absolute(card.file) if card else None


def image_object(image, links):
    """The image object ImageSerializer documents, built by hand: lists carry many, each with many renditions."""
    widths, crops, social = [], dict.fromkeys(renditions.CROPS), None
    for rendition in image.renditions.all():
        if rendition.spec.startswith("w"):
            widths.append(rendition)
        elif rendition.spec == "social":
            social = links.absolute(rendition.file.url)
        elif rendition.spec.startswith("crop-"):
            crops[rendition.spec.removeprefix("crop-")] = links.absolute(rendition.file.url)
    urls = {id(r): links.absolute(r.file.url) for r in widths}
    webp = sorted((r for r in widths if r.format == "WEBP"), key=lambda r: r.width)
    return {
        "id": image.pk,
        "url": links.absolute(image.file.url),
        "width": image.width,
        "height": image.height,
        "caption": image.caption,
        "credit": image.credit,
        "alt_text": image.alt_text,
        "renditions": [
            {"width": r.width, "height": r.height, "format": r.format.lower(), "url": urls[id(r)]} for r in widths
        ],
        "srcset": ", ".join(f"{urls[id(r)]} {r.width}w" for r in webp),
        "focal_point": {"x": image.focal_x, "y": image.focal_y},
        "crops": crops,
        "social_url": social,
    }


def placement_image(placement, context):
    """The image object of a photo as placed: its caption may override the library's."""
    data = image_object(placement.image, links_for(context))
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


class CommentSerializer(serializers.ModelSerializer):
    """A published comment as readers see it: no email, no address, no moderation detail."""

    body_html = serializers.SerializerMethodField(help_text="The text escaped, paragraphs and line breaks kept.")
    replies = serializers.SerializerMethodField()

    class Meta:
        model = Comment
        fields = ["id", "author_name", "body", "body_html", "created_at", "parent", "replies"]

    def get_body_html(self, comment) -> str:
        return linebreaks(comment.body, autoescape=True)

    @extend_schema_field(serializers.ListField(child=serializers.DictField()))
    def get_replies(self, comment):
        return CommentSerializer(getattr(comment, "placed_replies", []), many=True, context=self.context).data


def thread_comments(roots, replies, *, max_depth):
    """Hang approved replies under their parents, at most ``max_depth`` levels deep (top level is 1).

    A reply below the deepest level joins its parent's level; a reply whose parent is
    not approved is not shown.
    """
    children = defaultdict(list)
    for reply in replies:
        children[reply.parent_id].append(reply)

    def place(comment, level, siblings):
        siblings.append(comment)
        comment.placed_replies = []
        below = comment.placed_replies if level < max_depth else siblings
        for child in children[comment.pk]:
            place(child, level + 1 if level < max_depth else level, below)

    placed = []
    for root in roots:
        place(root, 1, placed)
    return placed


class CommentCreateSerializer(serializers.Serializer):
    author_name = serializers.CharField(max_length=100, required=False)
    author_email = serializers.EmailField(max_length=254, required=False)
    body = serializers.CharField()
    parent = serializers.IntegerField(
        required=False, allow_null=True, help_text="Id of an approved comment to reply to."
    )
    website = serializers.CharField(
        required=False, allow_blank=True, help_text="Honeypot: front ends hide this field; people leave it empty."
    )

    def validate_body(self, body):
        limit = settings.COMMENTS_MAX_LENGTH
        if len(body) > limit:
            raise serializers.ValidationError(
                f"A comment may be at most {limit} characters long; this one has {len(body)}."
            )
        return body

    def validate_parent(self, parent_id):
        if parent_id is None:
            return None
        article = self.context["article"]
        parent = Comment.objects.filter(pk=parent_id, article=article, status=Comment.Status.APPROVED).first()
        if parent is None:
            raise serializers.ValidationError("Reply only to a published comment of this article.")
        return parent

    def get_fields(self):
        fields = super().get_fields()
        if not self.context["request"].user.is_authenticated:
            fields["author_name"].required = fields["author_email"].required = True
        return fields

    def validate(self, data):
        """A signed-in reader's name and email default to their account's."""
        user = self.context["request"].user
        if user.is_authenticated:
            data.setdefault("author_name", user.get_full_name() or user.get_username())
            data.setdefault("author_email", user.email)
        return data


class CommentReceiptSerializer(serializers.ModelSerializer):
    class Meta:
        model = Comment
        fields = ["id", "status"]


class ArticleRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Article
        fields = ["slug", "title"]


class ModerationCommentSerializer(serializers.ModelSerializer):
    """What moderators judge by, email included; the client hash stays out of every response."""

    article = ArticleRefSerializer(read_only=True)
    moderated_by = serializers.SlugRelatedField(slug_field="username", read_only=True)

    class Meta:
        model = Comment
        fields = [
            "id",
            "article",
            "parent",
            "author_name",
            "author_email",
            "body",
            "status",
            "created_at",
            "moderated_by",
            "moderated_at",
        ]


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


class ImageUploadSerializer(serializers.ModelSerializer):
    # Judged by newsroom.uploads (decoding with Pillow), not by DRF's own image check.
    file = serializers.FileField(help_text="JPEG, PNG, WebP or GIF; size and pixel limits apply.")

    class Meta:
        model = Image
        fields = ["file", "caption", "credit", "alt_text", "focal_x", "focal_y"]
