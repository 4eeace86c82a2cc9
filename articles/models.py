import math
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.text import slugify
from django_prose_editor.fields import ProseEditorField

from . import body
from .querysets import ArticleQuerySet, CommentQuerySet, ImageQuerySet

WORDS_PER_MINUTE = 230


class Section(models.Model):
    name = models.CharField(max_length=100)
    slug = models.SlugField(max_length=100, unique=True)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class Tag(models.Model):
    name = models.CharField(max_length=100)
    slug = models.SlugField(max_length=100, unique=True)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class Image(models.Model):
    """A photo in the library; where it is placed lives on ArticleImage."""

    file = models.ImageField(upload_to="images/%Y/%m/", width_field="width", height_field="height", max_length=255)
    width = models.PositiveIntegerField(editable=False, default=0)
    height = models.PositiveIntegerField(editable=False, default=0)
    format = models.CharField(max_length=10, editable=False, blank=True, help_text="JPEG, PNG, WEBP or GIF.")
    file_size = models.PositiveIntegerField(editable=False, default=0, help_text="Bytes, as stored.")
    content_hash = models.CharField(
        max_length=64, editable=False, blank=True, db_index=True, help_text="SHA-256 of the uploaded file."
    )
    focal_x = models.FloatField(
        default=0.5,
        validators=[MinValueValidator(0), MaxValueValidator(1)],
        help_text="Where crops centre, from the left edge (0) to the right (1).",
    )
    focal_y = models.FloatField(
        default=0.5,
        validators=[MinValueValidator(0), MaxValueValidator(1)],
        help_text="Where crops centre, from the top (0) to the bottom (1).",
    )
    caption = models.TextField(blank=True, help_text="Default caption; a placement in an article may override it.")
    credit = models.CharField(max_length=200, blank=True, help_text="Photographer and/or agency.")
    alt_text = models.CharField(max_length=300, blank=True, help_text="What the photo shows, for screen readers.")
    is_placeholder = models.BooleanField(
        default=False, help_text="Generated stand-in for a photo whose pixels were not supplied."
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ImageQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["file"])]

    def __str__(self):
        return self.caption[:80] or self.file.name

    @property
    def focal_point(self):
        return self.focal_x, self.focal_y

    def rendition(self, spec, image_format=None):
        """A rendition from the (prefetched) set: ``rendition("social")``, ``rendition("w640", "WEBP")``."""
        return next((r for r in self.renditions.all() if r.spec == spec and image_format in (None, r.format)), None)

    def used_by(self):
        """Articles that place this photo in their body or feature it."""
        return list(Article.objects.filter(models.Q(placements__image=self) | models.Q(featured_image=self)).distinct())

    @property
    def label(self):
        """How editors recognise the photo in a message."""
        return f"“{self.caption[:60]}” ({self.file.name.rsplit('/', 1)[-1]})" if self.caption else self.file.name


class Rendition(models.Model):
    """One stored derivative of a library photo: a width, a ratio crop or the social card, in one format."""

    image = models.ForeignKey(Image, on_delete=models.CASCADE, related_name="renditions")
    spec = models.CharField(max_length=20, help_text='"w640", "crop-16x9", "social"…')
    format = models.CharField(max_length=10)
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    file = models.FileField(upload_to="renditions/", max_length=255)

    class Meta:
        ordering = ["spec", "format"]
        constraints = [models.UniqueConstraint(fields=["image", "spec", "format"], name="unique_rendition")]

    def __str__(self):
        return f"{self.spec}.{self.format.lower()} of image {self.image_id}"


class Article(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        IN_REVIEW = "in_review", "In review"
        PUBLISHED = "published", "Published"
        ARCHIVED = "archived", "Archived"

    title = models.CharField(max_length=300)
    slug = models.SlugField(
        max_length=300,
        unique=True,
        allow_unicode=True,
        help_text="Part of the article's address; once published, a new slug keeps the old one as a redirect.",
    )
    dek = models.TextField("dek", blank=True, help_text="Standfirst shown under the headline.")
    excerpt = models.TextField(blank=True, help_text="Short summary for lists and feeds.")
    body = ProseEditorField(extensions=body.EDITOR_EXTENSIONS, sanitize=body.sanitize, blank=True)
    word_count = models.PositiveIntegerField(default=0, editable=False)
    section = models.ForeignKey(Section, on_delete=models.PROTECT, null=True, blank=True, related_name="articles")
    tags = models.ManyToManyField(Tag, blank=True, related_name="articles")
    authors = models.ManyToManyField("authors.Author", through="ArticleAuthor", related_name="articles")
    images = models.ManyToManyField(Image, through="ArticleImage", related_name="articles")
    featured_image = models.ForeignKey(Image, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField(
        null=True, blank=True, help_text="When the article goes public; a future time schedules it."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    comments_enabled = models.BooleanField("comments open", default=True)
    canonical_url = models.URLField(max_length=500, blank=True, help_text="Only when the story first ran elsewhere.")
    seo_title = models.CharField("SEO title", max_length=300, blank=True, help_text="Defaults to the title.")
    seo_description = models.TextField("SEO description", blank=True, help_text="Defaults to the excerpt.")
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

    def save(self, *args, **kwargs):
        # Derived column kept beside the body so lists never parse bodies.
        self.word_count = body.word_count(self.body)
        if kwargs.get("update_fields") is not None and "body" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "word_count"}
        super().save(*args, **kwargs)

    def clean(self):
        self.body = body.sanitize(self.body)
        self._check_figures_are_in_library()

    def _check_figures_are_in_library(self):
        if unknown := self.figures_outside_library(self.body):
            raise ValidationError(
                {"body": f"Place only photos from the image library; not found there: {', '.join(unknown)}"}
            )

    @staticmethod
    def images_missing_alt_text(html, featured_image=None):
        """The library photos in ``html`` (and the featured one) that have no alt text."""
        names = [figure.image_name for figure in body.placed_figures(html)]
        missing = list(Image.objects.by_names(names).filter(alt_text=""))
        if featured_image is not None and not featured_image.alt_text and featured_image not in missing:
            missing.append(featured_image)
        return missing

    @staticmethod
    def figures_outside_library(html):
        """The ``src`` of every figure in ``html`` that names no library image."""
        figures = body.placed_figures(html)
        known = set(Image.objects.by_names(f.image_name for f in figures).values_list("file", flat=True))
        return [f.src for f in figures if f.image_name not in known]

    @property
    def modified_at(self):
        """Last change as readers see it: never before the article went public (a scheduled one was saved earlier)."""
        return max(filter(None, [self.updated_at, self.published_at]), default=None)

    @property
    def reading_time_minutes(self):
        return max(1, math.ceil(self.word_count / WORDS_PER_MINUTE))

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
        while cls.objects.filter(slug=slug).exclude(pk=exclude_pk).exists():
            slug, n = f"{base}-{n}", n + 1
        return slug


class ArticleAuthor(models.Model):
    """An author's place in an article's byline."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="article_authors")
    author = models.ForeignKey("authors.Author", on_delete=models.PROTECT, related_name="article_bylines")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        constraints = [models.UniqueConstraint(fields=["article", "author"], name="unique_article_author")]

    def __str__(self):
        return f"{self.author} on {self.article}"


class ArticleImage(models.Model):
    """Where an image sits in an article's body; kept in step with the body's figures."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="placements")
    image = models.ForeignKey(Image, on_delete=models.PROTECT, related_name="placements")
    position = models.PositiveSmallIntegerField()
    caption = models.TextField(blank=True, help_text="Overrides the image's default caption here.")

    class Meta:
        ordering = ["position"]
        constraints = [models.UniqueConstraint(fields=["article", "position"], name="unique_image_position")]

    def __str__(self):
        return f"{self.image} in {self.article} at {self.position}"

    @property
    def effective_caption(self):
        return self.caption or self.image.caption


class Comment(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        APPROVED = "approved", "Approved"
        REJECTED = "rejected", "Rejected"
        SPAM = "spam", "Spam"

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="comments")
    parent = models.ForeignKey("self", on_delete=models.CASCADE, null=True, blank=True, related_name="replies")
    thread = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        help_text="The top-level comment this reply belongs under (empty for a top-level comment).",
    )
    author_name = models.CharField(max_length=100)
    author_email = models.EmailField(help_text="Private: for moderators only.")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    body = models.TextField(help_text="Plain text; never rendered as HTML.")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(auto_now_add=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )
    moderated_at = models.DateTimeField(null=True, blank=True, editable=False)
    ip_hash = models.CharField(
        max_length=64, blank=True, editable=False, help_text="Keyed hash; the raw IP is never stored."
    )

    objects = CommentQuerySet.as_manager()

    class Meta:
        ordering = ["created_at"]
        indexes = [
            models.Index(fields=["article", "status", "created_at"], name="comment_thread_idx"),
            models.Index(fields=["status", "-created_at"], name="comment_queue_idx"),
            models.Index(fields=["thread", "status"], name="comment_replies_idx"),
        ]

    def __str__(self):
        return f"{self.author_name} on {self.article}: {self.body[:40]}"

    @property
    def thread_root_id(self):
        return self.thread_id or self.pk


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

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="revisions")
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

    article = models.ForeignKey(Article, on_delete=models.PROTECT, related_name="corrections")
    text = models.TextField()
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"Correction of {self.created_at:%Y-%m-%d}: {self.text[:60]}"


class StateChange(models.Model):
    """Who moved an article from one status to another, and when."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="state_changes")
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
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="slug_redirects")
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"{self.old_slug} → {self.article.slug}"
