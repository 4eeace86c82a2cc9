"""The photo library, its stored renditions, and where a photo sits in an article's body."""

from typing import NamedTuple

from django.conf import settings
from django.core.files.storage import default_storage
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from articles.images.querysets import ImageQuerySet
from newsroom.text import xml_safe


class StoredRendition(NamedTuple):
    """A rendition as the image row keeps it (``Image.stored_renditions``)."""

    spec: str
    format: str
    width: int
    height: int
    name: str

    @property
    def url(self):
        return default_storage.url(self.name)


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
    caption = models.TextField(
        blank=True, help_text="Default caption; a placement in an article may override it.", validators=[xml_safe]
    )
    credit = models.CharField(
        max_length=200, blank=True, help_text="Photographer and/or agency.", validators=[xml_safe]
    )
    alt_text = models.CharField(
        max_length=300, blank=True, help_text="What the photo shows, for screen readers.", validators=[xml_safe]
    )
    stored_renditions = models.JSONField(
        default=list,
        editable=False,
        help_text="Each rendition as [spec, format, width, height, file name]: a copy of the Rendition rows, so that "
        "reading a photo needs no second table.",
    )
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

    @property
    def made_renditions(self):
        """The renditions as stored on the row, in Rendition's order."""
        return [StoredRendition(*rendition) for rendition in self.stored_renditions]

    def rendition(self, spec, image_format=None):
        """A stored rendition: ``rendition("social")``, ``rendition("w640", "WEBP")``."""
        return next((r for r in self.made_renditions if r.spec == spec and image_format in (None, r.format)), None)

    def used_by(self):
        """Articles that place this photo in their body or in a live entry, or feature it."""
        from articles.content.models import Article

        placed = models.Q(placements__image=self) | models.Q(featured_image=self)
        in_live_entries = models.Q(live_coverage__entries__placements__image=self)
        return list(Article.objects.filter(placed | in_live_entries).distinct())

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


class ArticleImage(models.Model):
    """Where an image sits in an article's body; kept in step with the body's figures."""

    article = models.ForeignKey("Article", on_delete=models.CASCADE, related_name="placements")
    image = models.ForeignKey(Image, on_delete=models.PROTECT, related_name="placements")
    position = models.PositiveSmallIntegerField()
    caption = models.TextField(
        blank=True, help_text="Overrides the image's default caption here.", validators=[xml_safe]
    )

    class Meta:
        ordering = ["position"]
        constraints = [models.UniqueConstraint(fields=["article", "position"], name="unique_image_position")]

    def __str__(self):
        return f"{self.image} in {self.article} at {self.position}"

    @property
    def effective_caption(self):
        return self.caption or self.image.caption
