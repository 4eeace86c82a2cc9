from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from newsroom.links import links_for

from .models import Author, AuthorLink


class AuthorSummarySerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="author-detail", lookup_field="slug")

    class Meta:
        model = Author
        fields = ["slug", "name", "display_name", "url"]

    def to_representation(self, author):
        return author_summary(author, links_for(self.context))


def author_summary(author, links):
    """A byline entry; an inactive author keeps the byline but has no public page."""
    return {
        "slug": author.slug,
        "name": author.name,
        "display_name": author.display_name,
        "url": links.detail("author-detail", author.slug) if author.is_active else None,
    }


class AuthorLinkSerializer(serializers.ModelSerializer):
    class Meta:
        model = AuthorLink
        fields = ["label", "url"]


class AvatarSerializer(serializers.Serializer):
    """Documents the avatar in the shape of the API's image object."""

    id = serializers.IntegerField(allow_null=True)
    url = serializers.URLField()
    width = serializers.IntegerField()
    height = serializers.IntegerField()
    caption = serializers.CharField()
    credit = serializers.CharField()
    alt_text = serializers.CharField()


class AuthorSerializer(serializers.ModelSerializer):
    """An author's public profile. The email and the login account are private."""

    url = serializers.HyperlinkedIdentityField(view_name="author-detail", lookup_field="slug")
    avatar = serializers.SerializerMethodField()
    links = AuthorLinkSerializer(many=True, read_only=True)
    expertise = serializers.ListField(child=serializers.CharField(), read_only=True)
    beats = serializers.ListField(child=serializers.CharField(), read_only=True)
    article_count = serializers.IntegerField(read_only=True, help_text="Published articles in the author's byline.")

    class Meta:
        model = Author
        fields = [
            "slug",
            "name",
            "post_nominals",
            "display_name",
            "job_title",
            "bio",
            "expertise",
            "beats",
            "avatar",
            "links",
            "article_count",
            "url",
        ]

    def to_representation(self, author):
        """An inactive author is named in bylines, with nothing of their profile."""
        data = super().to_representation(author)
        if not author.is_active:
            profile = {
                "job_title": "",
                "bio": "",
                "expertise": [],
                "beats": [],
                "avatar": None,
                "links": [],
                "url": None,
            }
            data |= profile | {"article_count": 0}
        return data

    @extend_schema_field(AvatarSerializer(allow_null=True))
    def get_avatar(self, author):
        if not author.avatar:
            return None
        return {
            "id": None,
            "url": self.context["request"].build_absolute_uri(author.avatar.url),
            "width": author.avatar_width,
            "height": author.avatar_height,
            "caption": "",
            "credit": "",
            "alt_text": author.display_name,
        }


class AuthorWriteSerializer(serializers.ModelSerializer):
    """What editors write; the slug follows the name unless given."""

    slug = serializers.SlugField(max_length=200, required=False, allow_unicode=True)
    expertise = serializers.ListField(child=serializers.CharField(max_length=100), required=False)
    beats = serializers.ListField(child=serializers.CharField(max_length=100), required=False)

    class Meta:
        model = Author
        fields = ["name", "slug", "post_nominals", "job_title", "bio", "expertise", "beats", "email", "is_active"]

    def validate(self, data):
        if not self.instance and not data.get("slug"):
            data["slug"] = Author.unique_slug(data["name"])
        slug = data.get("slug")
        if slug and Author.objects.filter(slug=slug).exclude(pk=getattr(self.instance, "pk", None)).exists():
            raise serializers.ValidationError({"slug": [f"Another author has the slug “{slug}”."]})
        return data
