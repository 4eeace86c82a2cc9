"""Redirects editors manage: an old address on the front end answering 301 or 302 to an article or another address."""

from urllib.parse import SplitResult, unquote, urlsplit

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.encoding import iri_to_uri

from newsroom.frontend import frontend_url
from newsroom.text import UNFIT_IN_ADDRESS

MAX_PATH = 500


def split(address):
    """``urlsplit`` that takes anything: an address it cannot read (``http://[``) is read as a bare path."""
    try:
        return urlsplit(address)
    except ValueError:
        path, _, query = address.partition("?")
        return SplitResult("", "", path.split("#", 1)[0], query.split("#", 1)[0], "")


def normalize_path(address):
    """The form a front-end address is stored and looked up in: its path (decoded, with a leading slash and without
    a trailing one) and its query, without scheme, host or fragment. ``/2024/03/a-post/`` and
    ``https://old.example/2024/03/a-post`` are the same; ``/?p=12`` keeps its query."""
    parts = split((address or "").strip())
    path = "/" + unquote(parts.path).strip("/")
    return f"{path}?{parts.query}" if parts.query else path


def path_problem(path):
    """Why a normalised path can be no redirect's old address (a control character once decoded), or None."""
    if found := UNFIT_IN_ADDRESS.search(path):
        return (
            f"Decoded, the address holds a control character (U+{ord(found.group()):04X}, at position "
            f"{found.start() + 1}); no redirect starts there."
        )
    return None


class Redirect(models.Model):
    class Source(models.TextChoices):
        EDITOR = "editor", "Editor"
        WORDPRESS = "wordpress", "WordPress import"

    class Kind(models.IntegerChoices):
        PERMANENT = 301, "301 Moved permanently"
        TEMPORARY = 302, "302 Found (temporary)"

    old_path = models.CharField(
        max_length=MAX_PATH,
        unique=True,
        help_text="The old address on the front end, e.g. /2024/03/15/old-post/ (a full URL is cut to its path).",
    )
    article = models.ForeignKey(
        "Article", on_delete=models.CASCADE, null=True, blank=True, related_name="redirects", help_text="Redirect here…"
    )
    target_url = models.CharField(
        max_length=MAX_PATH, blank=True, help_text="…or to this address: a path on the front end or a full URL."
    )
    status_code = models.PositiveSmallIntegerField(choices=Kind.choices, default=Kind.PERMANENT)
    source = models.CharField(max_length=20, choices=Source.choices, default=Source.EDITOR, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["old_path"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(article__isnull=False) & Q(target_url="")) | (Q(article__isnull=True) & ~Q(target_url="")),
                name="redirect_has_one_target",
            )
        ]
        # The chain check reads every redirect to an address (target_url LIKE '%…%', which no ordinary index
        # serves): the editors' few, not the import's hundreds of thousands to an article. "article IS NULL", not
        # "target_url <> %s": SQLite uses a partial index only for a condition written as literally as its own.
        indexes = [
            models.Index(fields=["target_url"], condition=Q(article__isnull=True), name="redirect_to_address_idx")
        ]

    def __str__(self):
        return f"{self.old_path} → {self.target_path or self.location}"

    @property
    def location(self):
        """Where the redirect sends readers: the article's front-end address, or the target as given."""
        if self.article_id:
            return frontend_url("article", slug=self.article.slug)
        if self.target_url.startswith("/"):
            return iri_to_uri(settings.FRONTEND_URL.rstrip("/") + self.target_url)
        return iri_to_uri(self.target_url)

    @property
    def target_path(self):
        """The target as a stored old path would read, when it is on the front end (else None)."""
        location = self.location
        front = urlsplit(settings.FRONTEND_URL)
        target = split(location)
        if target.netloc and (target.scheme, target.netloc) != (front.scheme, front.netloc):
            return None
        path = normalize_path(location)
        prefix = "/" + front.path.strip("/")
        if prefix != "/" and (path == prefix or path.startswith(prefix + "/")):
            path = path[len(prefix) :] or "/"
        return path
