from django.apps import apps
from django.conf import settings
from django.db import models
from django.db.models import Count, Prefetch
from django.utils.text import slugify

from newsroom.text import xml_safe


class AuthorQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)

    def with_article_count(self):
        """Annotate ``article_count``: articles public now with the author in the byline."""
        return self.annotate(article_count=self.article_count_of("pk"))

    @staticmethod
    def article_count_of(author_ref):
        """Subquery counting the public articles of the author whose id the outer query names ``author_ref``."""
        Article = apps.get_model("articles", "Article")  # by name: authors never imports articles
        return Article.objects.published().count_for("authors", author_ref)

    @staticmethod
    def article_counts_of(author_ids):
        """{author id: public articles with the author in the byline} for these ids (none: absent), one query."""
        Article = apps.get_model("articles", "Article")
        bylines = Article.objects.published().filter(authors__in=author_ids).values_list("authors")
        return dict(bylines.annotate(n=Count("pk")).order_by())

    def for_profile(self):
        """What a public profile shows, in a constant number of queries."""
        return self.with_article_count().prefetch_related(Prefetch("links", queryset=AuthorLink.objects.all()))


class Author(models.Model):
    name = models.CharField(max_length=200, validators=[xml_safe])
    slug = models.SlugField(max_length=200, unique=True, allow_unicode=True)
    post_nominals = models.CharField(
        max_length=100,
        blank=True,
        help_text='Letters shown after the name, e.g. "CD" or "PhD, MBE".',
        validators=[xml_safe],
    )
    job_title = models.CharField(max_length=200, blank=True, validators=[xml_safe])
    bio = models.TextField(blank=True, validators=[xml_safe])
    expertise = models.JSONField(default=list, blank=True, help_text="Areas of expertise, one per line.")
    beats = models.JSONField(default=list, blank=True, help_text="Beats or regions covered, one per line.")
    avatar = models.ImageField(
        upload_to="avatars/%Y/%m/", blank=True, width_field="avatar_width", height_field="avatar_height"
    )
    avatar_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    avatar_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    email = models.EmailField(blank=True, help_text="Private: never shown to readers.")
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="author_profile",
        help_text="The login account of this author, if they write in the admin.",
    )
    is_active = models.BooleanField(default=True, help_text="Inactive authors are hidden from the public API.")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = AuthorQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.display_name

    @property
    def display_name(self) -> str:
        """The byline form: "Jonathan Wade, CD"."""
        return f"{self.name}, {self.post_nominals}" if self.post_nominals else self.name

    @staticmethod
    def slug_for(name):
        """The slug a name reads as (any script; "author" when it has no letters or digits at all)."""
        return slugify(name, allow_unicode=True)[:200] or "author"

    @classmethod
    def unique_slug(cls, name, exclude_pk=None):
        base = cls.slug_for(name)[:190]
        slug, n = base, 2
        while cls.objects.filter(slug=slug).exclude(pk=exclude_pk).exists():
            slug, n = f"{base}-{n}", n + 1
        return slug


class AuthorLink(models.Model):
    """A public profile of the author elsewhere (website, social network)."""

    author = models.ForeignKey(Author, on_delete=models.CASCADE, related_name="links")
    label = models.CharField(max_length=100, help_text='e.g. "Website", "Mastodon", "LinkedIn".', validators=[xml_safe])
    url = models.URLField(max_length=500)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self):
        return f"{self.label}: {self.url}"
