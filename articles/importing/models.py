"""What a WordPress import brought in, keyed on the export's own ids, so that a re-run updates and never duplicates."""

from django.db import models


class WordPressItem(models.Model):
    """One thing of a WordPress site (post, attachment, author, comment, photo address) and the row it became."""

    class Kind(models.TextChoices):
        POST = "post", "Post"
        ATTACHMENT = "attachment", "Attachment"
        AUTHOR = "author", "Author"
        COMMENT = "comment", "Comment"
        PHOTO_URL = "photo_url", "Photo fetched by its address"

    site = models.CharField(max_length=200, help_text="The export's wp:base_site_url.")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    wp_id = models.CharField(max_length=200, help_text="Post or comment id, author login, or photo address.")
    guid = models.CharField(max_length=500, blank=True)
    url = models.CharField(max_length=500, blank=True, db_index=True, help_text="An attachment's file address.")
    object_id = models.PositiveBigIntegerField(help_text="The Article, Image, Author or Comment it became.")
    digest = models.CharField(max_length=64, blank=True, help_text="Of the exported item, to skip what is unchanged.")
    imported_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["site", "kind", "wp_id"], name="unique_wordpress_item")]

    def __str__(self):
        return f"{self.kind} {self.wp_id} of {self.site}"
