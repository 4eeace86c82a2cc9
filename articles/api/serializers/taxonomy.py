"""Sections and tags."""

from rest_framework import serializers

from articles.models import Section, Tag


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
