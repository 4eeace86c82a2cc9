"""What the editorial actions take and answer: publish options, revisions, corrections, preview links."""

from rest_framework import serializers

from articles.models import Revision


class PublishSerializer(serializers.Serializer):
    publish_at = serializers.DateTimeField(
        required=False, help_text="ISO 8601; in the future, the article is scheduled."
    )


class PreviewLinkSerializer(serializers.Serializer):
    token = serializers.CharField()
    url = serializers.URLField(help_text="The front end's preview page for this token.")
    expires_at = serializers.DateTimeField()


class RevisionSerializer(serializers.ModelSerializer):
    created_by = serializers.SlugRelatedField(
        slug_field="username", read_only=True, allow_null=True, help_text="Empty for imports and the system."
    )
    title = serializers.SerializerMethodField()

    class Meta:
        model = Revision
        fields = ["id", "created_at", "created_by", "title"]

    def get_title(self, revision) -> str:
        return revision.content.get("title", "")


class CorrectionCreateSerializer(serializers.Serializer):
    text = serializers.CharField(max_length=5000, help_text="What was wrong, and what is right.")
