"""Sections and tags: in full at their own endpoints, and as an article names them."""

from rest_framework import serializers

from articles.models import Section, Tag
from newsroom.public_cache import shows


class SectionRefSerializer(serializers.ModelSerializer):
    """A section as an article names it: the shape of ``section_ref()``."""

    class Meta:
        model = Section
        fields = ["slug", "name"]
        read_only_fields = fields

    def to_representation(self, section):
        return section_ref(section)


class TagRefSerializer(serializers.ModelSerializer):
    """A tag as an article names it: the shape of ``tag_ref()``."""

    class Meta:
        model = Tag
        fields = ["slug", "name"]
        read_only_fields = fields

    def to_representation(self, tag):
        return tag_ref(tag)


def section_ref(section):
    shows(f"section:{section.pk}")
    return {"slug": section.slug, "name": section.name}


def tag_ref(tag):
    shows(f"tag:{tag.pk}")
    return {"slug": tag.slug, "name": tag.name}


class SectionSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="section-detail", lookup_field="slug")
    article_count = serializers.IntegerField(read_only=True, help_text="Articles public now.")

    class Meta:
        model = Section
        fields = ["slug", "name", "description", "article_count", "url"]
        read_only_fields = fields


class TagSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="tag-detail", lookup_field="slug")
    article_count = serializers.IntegerField(read_only=True, help_text="Articles public now.")

    class Meta:
        model = Tag
        fields = ["slug", "name", "description", "article_count", "url"]
        read_only_fields = fields
