"""Curated fronts: a home page, a section page or an app's tab, kept by editors as an ordered list of slots."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from articles.fronts.querysets import FrontQuerySet, FrontSlotQuerySet
from newsroom.text import xml_safe

MAX_LENGTH = 50


class Front(models.Model):
    class Backfill(models.TextChoices):
        NONE = "", "None: the curated slots only"
        LATEST = "latest", "Latest public articles"
        SECTION = "section", "Latest public articles of a section"
        TAG = "tag", "Latest public articles with a tag"

    slug = models.SlugField(max_length=100, unique=True, help_text="How front ends fetch it: home, world, app-news…")
    name = models.CharField(max_length=200, validators=[xml_safe])
    description = models.TextField(blank=True, validators=[xml_safe], help_text="What the front is for.")
    length = models.PositiveSmallIntegerField(
        default=10,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_LENGTH)],
        help_text=f"How many cards the front serves (1 to {MAX_LENGTH}); curated slots past it wait their turn.",
    )
    backfill = models.CharField(
        "backfill rule",
        max_length=10,
        choices=Backfill.choices,
        blank=True,
        default=Backfill.NONE,
        help_text="What fills the positions no slot holds; articles on the front already are skipped.",
    )
    backfill_section = models.ForeignKey(
        "Section", on_delete=models.PROTECT, null=True, blank=True, related_name="+", help_text="For the section rule."
    )
    backfill_tag = models.ForeignKey(
        "Tag", on_delete=models.PROTECT, null=True, blank=True, related_name="+", help_text="For the tag rule."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = FrontQuerySet.as_manager()

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(length__gte=1, length__lte=MAX_LENGTH),
                name="front_length_range",
                violation_error_message=f"A front holds 1 to {MAX_LENGTH} cards.",
            ),
            models.CheckConstraint(
                condition=~Q(backfill="section") | Q(backfill_section__isnull=False),
                name="front_backfill_names_section",
                violation_error_message="Choose the section the front backfills from.",
            ),
            models.CheckConstraint(
                condition=~Q(backfill="tag") | Q(backfill_tag__isnull=False),
                name="front_backfill_names_tag",
                violation_error_message="Choose the tag the front backfills from.",
            ),
        ]

    def __str__(self):
        return self.name


class FrontSlot(models.Model):
    """An article placed on a front by an editor, with what this front alone shows of it."""

    class Label(models.TextChoices):
        BREAKING = "breaking", "Breaking"
        ANALYSIS = "analysis", "Analysis"
        LIVE = "live", "Live"

    front = models.ForeignKey(Front, on_delete=models.CASCADE, related_name="slots")
    position = models.PositiveIntegerField(default=0, help_text="The editors' order (drag the rows).")
    article = models.ForeignKey(
        "Article",
        on_delete=models.CASCADE,
        related_name="front_slots",
        help_text="Any article: it is shown only while it is public.",
    )
    headline = models.CharField(
        max_length=300, blank=True, validators=[xml_safe], help_text="Replaces the article's title on this front."
    )
    dek = models.TextField(blank=True, validators=[xml_safe], help_text="Replaces the article's dek on this front.")
    image = models.ForeignKey(
        "Image",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="front_slots",
        help_text="Replaces the article's featured photo on this front.",
    )
    label = models.CharField(max_length=20, choices=Label.choices, blank=True)
    pinned_position = models.PositiveSmallIntegerField(
        "pinned to",
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_LENGTH)],
        help_text="Keep it at this position (1 is the top) whatever comes and goes around it.",
    )
    show_from = models.DateTimeField(null=True, blank=True, help_text="Empty: at once.")
    show_until = models.DateTimeField(null=True, blank=True, help_text="It leaves the front by itself then.")
    updated_at = models.DateTimeField(auto_now=True)

    objects = FrontSlotQuerySet.as_manager()

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["front", "article"],
                name="unique_front_article",
                violation_error_message="The article is on this front already.",
            ),
            models.UniqueConstraint(
                fields=["front", "pinned_position"],
                name="unique_front_pinned_position",
                violation_error_message="Another slot is pinned to that position.",
            ),
            models.CheckConstraint(
                condition=Q(show_from__isnull=True) | Q(show_until__isnull=True) | Q(show_until__gt=F("show_from")),
                name="front_slot_shows_before_it_ends",
                violation_error_message="“Show until” must come after “show from”.",
            ),
        ]

    def __str__(self):
        return f"{self.article} on {self.front}" if self.article_id and self.front_id else "Slot"

    def shows_at(self, moment=None):
        """Whether the slot's show window holds ``moment`` (now by default); its article must be public besides."""
        moment = moment or timezone.now()
        return (self.show_from is None or self.show_from <= moment) and (
            self.show_until is None or moment < self.show_until
        )
