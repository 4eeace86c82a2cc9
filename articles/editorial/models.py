"""An article's history: revisions, corrections, status changes, old slugs."""

from datetime import timedelta

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.dateparse import parse_datetime

from articles.content import body
from articles.content.models import Article
from newsroom.text import xml_safe


class Revision(models.Model):
    """A saved state of an article's content: its history, and an edit of a live article waiting to go live."""

    FIELDS = [
        "title",
        "slug",
        "dek",
        "excerpt",
        "body",
        "section_id",
        "featured_image_id",
        "status",
        "published_at",
        "comments_enabled",
        "canonical_url",
        "seo_title",
        "seo_description",
    ]

    article = models.ForeignKey("Article", on_delete=models.CASCADE, related_name="revisions")
    content = models.JSONField(encoder=DjangoJSONEncoder)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"Revision {self.pk} of {self.article_id} at {self.created_at:%Y-%m-%d %H:%M}"

    @classmethod
    def content_of(cls, article, *, tag_ids=None, author_ids=None):
        """The article's content as stored in a revision; tags and byline from the database unless given."""
        content = {name: getattr(article, name) for name in cls.FIELDS}
        content["tags"] = sorted(tag_ids if tag_ids is not None else article.tags.values_list("pk", flat=True))
        content["authors"] = list(
            author_ids
            if author_ids is not None
            else article.article_authors.order_by("position").values_list("author_id", flat=True)
        )
        return content

    def apply_fields(self, article):
        """Copy the revision's own fields onto ``article`` (not saved; tags and byline are not touched)."""
        for name in self.FIELDS:
            value = self.content.get(name)
            if name == "published_at" and isinstance(value, str):
                value = parse_datetime(value)
                if article.published_at and abs(value - article.published_at) < timedelta(milliseconds=1):
                    continue  # JSON kept it to the millisecond: the same time, which must not move by a fraction
            setattr(article, name, value)
        return article

    @property
    def text(self):
        """Title, dek and body as plain lines, for comparing two revisions."""
        lines = [self.content.get("title", ""), self.content.get("dek", "")]
        lines += [block.text_content().strip() for block in body.fragments(self.content.get("body", ""))]
        return [line for line in lines if line]


class Correction(models.Model):
    """A dated correction note on a published article; kept forever."""

    article = models.ForeignKey("Article", on_delete=models.PROTECT, related_name="corrections")
    text = models.TextField(validators=[xml_safe])
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"Correction of {self.created_at:%Y-%m-%d}: {self.text[:60]}"


class StateChange(models.Model):
    """Who moved an article from one status to another, and when."""

    article = models.ForeignKey("Article", on_delete=models.CASCADE, related_name="state_changes")
    from_status = models.CharField(max_length=20, choices=Article.Status.choices)
    to_status = models.CharField(max_length=20, choices=Article.Status.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.from_status} → {self.to_status}"


class SlugRedirect(models.Model):
    """An earlier slug of a published article, answered with a redirect to the current one."""

    old_slug = models.SlugField(max_length=300, unique=True, allow_unicode=True)
    article = models.ForeignKey("Article", on_delete=models.CASCADE, related_name="slug_redirects")
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"{self.old_slug} → {self.article.slug}"
