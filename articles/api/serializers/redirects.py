"""Where an old address sends readers, for front ends."""

from rest_framework import serializers

from articles.redirects.models import MAX_PATH


class RedirectQuerySerializer(serializers.Serializer):
    path = serializers.CharField(
        max_length=2 * MAX_PATH,
        trim_whitespace=True,
        help_text="The address the reader asked for on the front end: a path (`/2024/03/15/old-post/`) or a full URL.",
    )


class RedirectSerializer(serializers.Serializer):
    """The shape of ``redirect_answer()``."""

    path = serializers.CharField(help_text="The address asked for, as redirects store it.")
    location = serializers.URLField(help_text="Where to send the reader (a front-end or outside address).")
    status_code = serializers.ChoiceField(choices=[301, 302], help_text="301 moved for good, 302 for now.")
    article = serializers.CharField(allow_null=True, help_text="The slug of the article it leads to, if any.")

    def to_representation(self, answer):
        return {
            "path": answer.path,
            "location": answer.location,
            "status_code": answer.status_code,
            "article": answer.article.slug if answer.article else None,
        }
