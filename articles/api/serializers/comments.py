"""Comments as readers see them, as they are sent, and as moderators judge them."""

from collections import defaultdict

from django.conf import settings
from django.utils.html import linebreaks
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from articles.models import Article, Comment
from newsroom.text import xml_safe


class CommentSerializer(serializers.ModelSerializer):
    """A published comment as readers see it: no email, no address, no moderation detail."""

    body_html = serializers.SerializerMethodField(help_text="The text escaped, paragraphs and line breaks kept.")
    replies = serializers.SerializerMethodField()

    class Meta:
        model = Comment
        fields = ["id", "author_name", "body", "body_html", "created_at", "parent", "replies"]
        read_only_fields = fields

    def get_body_html(self, comment) -> str:
        return linebreaks(comment.body, autoescape=True)

    def get_replies(self, comment):
        return CommentSerializer(getattr(comment, "placed_replies", []), many=True, context=self.context).data


# Replies are comments: the schema of the thread refers to itself.
extend_schema_field(CommentSerializer(many=True, help_text="Approved replies, oldest first."))(
    CommentSerializer.get_replies
)


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
    author_name = serializers.CharField(max_length=100, required=False, validators=[xml_safe])
    author_email = serializers.EmailField(max_length=254, required=False)
    body = serializers.CharField(validators=[xml_safe])
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
        """A signed-in commenter signs with their author profile's byline name unless they give one (never the login
        name); their email defaults to their account's, private like every commenter's."""
        user = self.context["request"].user
        if user.is_authenticated:
            if "author_name" not in data:
                profile = getattr(user, "author_profile", None)
                if profile is None:
                    raise serializers.ValidationError(
                        {"author_name": "Give the name to sign this comment with: your account has no author profile."}
                    )
                data["author_name"] = profile.display_name[: Comment._meta.get_field("author_name").max_length]
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
    moderated_by = serializers.SlugRelatedField(
        slug_field="username", read_only=True, allow_null=True, help_text="Null until a moderator decides."
    )

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
