"""Authors as the API shows them: a byline entry and a public profile, each built by one function
(``author_summary``, ``author_profile``) whose shape the read serializers declare for the OpenAPI schema; and what
editors write."""

from rest_framework import serializers

from newsroom.links import links_for
from newsroom.public_cache import shows

from .models import Author, AuthorLink


class AuthorSummarySerializer(serializers.ModelSerializer):
    """A byline entry: the shape of ``author_summary()``."""

    url = serializers.URLField(allow_null=True, help_text="The author's profile; null for an inactive author.")

    class Meta:
        model = Author
        fields = ["slug", "name", "display_name", "url"]
        read_only_fields = fields

    def to_representation(self, author):
        return author_summary(author, links_for(self.context))


def author_summary(author, links):
    """A byline entry; an inactive author keeps the byline but has no public page."""
    shows(f"author:{author.pk}")
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
        read_only_fields = fields


class AvatarSerializer(serializers.Serializer):
    """The avatar, in the shape of the API's image object."""

    id = serializers.IntegerField(allow_null=True, help_text="Always null: an avatar is not a library image.")
    url = serializers.URLField()
    width = serializers.IntegerField()
    height = serializers.IntegerField()
    caption = serializers.CharField()
    credit = serializers.CharField()
    alt_text = serializers.CharField(help_text="The author's display name.")


class AuthorSerializer(serializers.ModelSerializer):
    """An author's public profile: the shape of ``author_profile()``. The email and the login account are private."""

    expertise = serializers.ListField(child=serializers.CharField())
    beats = serializers.ListField(child=serializers.CharField())
    avatar = AvatarSerializer(allow_null=True)
    links = AuthorLinkSerializer(many=True)
    article_count = serializers.IntegerField(help_text="Published articles in the author's byline.")
    url = serializers.URLField(allow_null=True, help_text="The author's profile; null for an inactive author.")

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
        read_only_fields = fields

    def to_representation(self, author):
        return author_profile(author, links_for(self.context), article_count=author.article_count)


def author_profile(author, links, *, article_count):
    """An author's public profile, links prefetched; an inactive author is named in bylines, with nothing of their
    profile."""
    shows(f"author:{author.pk}")
    profile = {
        "slug": author.slug,
        "name": author.name,
        "post_nominals": author.post_nominals,
        "display_name": author.display_name,
        "job_title": author.job_title,
        "bio": author.bio,
        "expertise": list(author.expertise),
        "beats": list(author.beats),
        "avatar": _avatar(author, links),
        "links": [{"label": link.label, "url": link.url} for link in author.links.all()],
        "article_count": article_count,
        "url": links.detail("author-detail", author.slug),
    }
    if not author.is_active:
        profile |= {
            "job_title": "",
            "bio": "",
            "expertise": [],
            "beats": [],
            "avatar": None,
            "links": [],
            "article_count": 0,
            "url": None,
        }
    return profile


def _avatar(author, links):
    if not author.avatar:
        return None
    return {
        "id": None,
        "url": links.absolute(author.avatar.url),
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
