"""Articles and what they are filed under: sections, tags, the byline."""

import math
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.text import slugify
from django_prose_editor.fields import ProseEditorField

from articles.content import body
from articles.content.querysets import ArticleQuerySet
from newsroom.frontend import frontend_url
from newsroom.text import xml_safe

WORDS_PER_MINUTE = 230


class Section(models.Model):
    name = models.CharField(max_length=100, validators=[xml_safe])
    slug = models.SlugField(max_length=100, unique=True)
    description = models.TextField(blank=True, validators=[xml_safe])

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class Tag(models.Model):
    name = models.CharField(max_length=100, validators=[xml_safe])
    slug = models.SlugField(max_length=100, unique=True)
    description = models.TextField(blank=True, validators=[xml_safe])

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class Article(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        IN_REVIEW = "in_review", "In review"
        PUBLISHED = "published", "Published"
        ARCHIVED = "archived", "Archived"

    title = models.CharField(max_length=300, validators=[xml_safe])
    slug = models.SlugField(
        max_length=300,
        unique=True,
        allow_unicode=True,
        help_text="Part of the article's address; once published, a new slug keeps the old one as a redirect.",
    )
    dek = models.TextField("dek", blank=True, help_text="Standfirst shown under the headline.", validators=[xml_safe])
    excerpt = models.TextField(blank=True, help_text="Short summary for lists and feeds.", validators=[xml_safe])
    body = ProseEditorField(
        extensions=body.EDITOR_EXTENSIONS, sanitize=body.sanitize, blank=True, validators=[xml_safe]
    )
    word_count = models.PositiveIntegerField(default=0, editable=False)
    section = models.ForeignKey(Section, on_delete=models.PROTECT, null=True, blank=True, related_name="articles")
    tags = models.ManyToManyField(Tag, blank=True, related_name="articles")
    authors = models.ManyToManyField("authors.Author", through="ArticleAuthor", related_name="articles")
    images = models.ManyToManyField("Image", through="ArticleImage", related_name="articles")
    featured_image = models.ForeignKey("Image", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField(
        null=True, blank=True, help_text="When the article goes public; a future time schedules it."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    comments_enabled = models.BooleanField("comments open", default=True)
    canonical_url = models.URLField(max_length=500, blank=True, help_text="Only when the story first ran elsewhere.")
    seo_title = models.CharField(
        "SEO title", max_length=300, blank=True, help_text="Defaults to the title.", validators=[xml_safe]
    )
    seo_description = models.TextField(
        "SEO description", blank=True, help_text="Defaults to the excerpt.", validators=[xml_safe]
    )
    public_card = models.JSONField(
        null=True,
        blank=True,
        editable=False,
        help_text="The article's list card as last made (articles.api.stored): a public list reads it alone.",
    )
    public_detail = models.JSONField(
        null=True,
        blank=True,
        editable=False,
        help_text="The article's public detail as last made (articles.api.stored): a public detail reads it alone.",
    )
    pending_revision = models.OneToOneField(
        "Revision",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        help_text="Edits to the live article that wait for an editor to publish them.",
    )

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-id"]
        indexes = [models.Index(fields=["status", "-published_at"], name="article_public_idx")]
        permissions = [("publish_article", "Can publish, schedule, unpublish and archive articles")]

    def __str__(self):
        return self.title

    # Public as loaded, so that a save can tell what it changes for readers (newsroom.invalidation); unknown
    # (None) when the row was loaded without its status or time, which counts as public.
    _was_public = False

    @classmethod
    def from_db(cls, db, field_names, values):
        article = super().from_db(db, field_names, values)
        loaded = {"status", "published_at"} <= set(field_names)
        article._was_public = article.is_public if loaded else None
        article._was_placed = article.list_place if {"published_at", "section_id"} <= set(field_names) else None
        return article

    def save(self, *args, **kwargs):
        # Derived column kept beside the body so lists never parse bodies.
        self.word_count = body.word_count(self.body)
        if kwargs.get("update_fields") is not None and "body" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "word_count"}
        super().save(*args, **kwargs)

    @staticmethod
    def figures_outside_library(html):
        """The ``src`` of every figure in ``html`` that names no library image."""
        figures = body.placed_figures(html)
        from articles.images.models import Image

        known = set(Image.objects.by_names(f.image_name for f in figures).values_list("file", flat=True))
        return [f.src for f in figures if f.image_name not in known]

    @property
    def modified_at(self):
        """Last change as readers see it: never before the article went public (a scheduled one was saved earlier);
        with its live stream's last change when the coverage was read with it (``for_detail``)."""
        coverage = self._state.fields_cache.get("live_coverage")
        return max(filter(None, [self.updated_at, self.published_at, coverage and coverage.updated_at]), default=None)

    @property
    def canonical_address(self):
        """Where the article first ran when an editor says so, else its page on the front end."""
        return self.canonical_url or frontend_url("article", slug=self.slug)

    @property
    def reading_time_minutes(self):
        return max(1, math.ceil(self.word_count / WORDS_PER_MINUTE))

    @property
    def list_place(self):
        """What decides which lists hold the article and where, beside its being public, tags and byline."""
        return (self.published_at, self.section_id)

    @property
    def is_public(self):
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at <= timezone.now()
        )

    @property
    def comments_close_at(self):
        """When comments close by themselves (COMMENTS_CLOSE_AFTER_DAYS after publication), or None."""
        days = settings.COMMENTS_CLOSE_AFTER_DAYS
        if not days or not self.published_at:
            return None
        return self.published_at + timedelta(days=days)

    def comments_refusal(self):
        """Why a new comment is refused on this article, or None when comments are open."""
        if not self.is_public:
            return "This article does not take comments."
        if not self.comments_enabled:
            return "Comments are closed on this article."
        if self.comments_close_at and self.comments_close_at <= timezone.now():
            return f"Comments closed automatically {settings.COMMENTS_CLOSE_AFTER_DAYS} days after publication."
        return None

    @classmethod
    def unique_slug(cls, title, exclude_pk=None):
        base = slugify(title, allow_unicode=True)[:280] or "article"
        slug, n = base, 2
        while cls.objects.slug_taken(slug, by_other_than=exclude_pk):
            slug, n = f"{base}-{n}", n + 1
        return slug


class ArticleAuthor(models.Model):
    """An author's place in an article's byline."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="article_authors")
    author = models.ForeignKey(
        "authors.Author", on_delete=models.PROTECT, related_name="article_bylines", db_index=False
    )  # indexed by byline_author_article, which leads with it
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        constraints = [models.UniqueConstraint(fields=["article", "author"], name="unique_article_author")]
        # An author's bylines with their articles, read from the index alone: counting an author's public articles
        # (each detail's byline, each profile) otherwise scans every byline of the site (15 ms at 100,000 articles).
        indexes = [models.Index(fields=["author", "article"], name="byline_author_article")]

    def __str__(self):
        return f"{self.author} on {self.article}"
