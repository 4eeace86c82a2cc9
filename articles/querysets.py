from django.db import models
from django.db.models import Count, Prefetch, Q
from django.utils import timezone


class ArticleQuerySet(models.QuerySet):
    def published(self):
        """Public now: published with a publish time that has come (a future time means scheduled)."""
        return self.filter(status=self.model.Status.PUBLISHED, published_at__lte=timezone.now())

    def for_listing(self):
        """The joins and prefetches a list of articles needs, so its query count never grows with its size."""
        from .models import ArticleAuthor  # the through model lives beside the Article it orders

        return self.select_related("section", "featured_image").prefetch_related(
            "tags",
            Prefetch("article_authors", queryset=ArticleAuthor.objects.select_related("author").order_by("position")),
        )

    def by_author(self, slug):
        return self.filter(authors__slug=slug)

    def in_section(self, slug):
        return self.filter(section__slug=slug)

    def with_comment_counts(self):
        from .models import Comment

        return self.annotate(
            approved_comment_count=Count("comments", filter=Q(comments__status=Comment.Status.APPROVED), distinct=True),
            pending_comment_count=Count("comments", filter=Q(comments__status=Comment.Status.PENDING), distinct=True),
        )


class CommentQuerySet(models.QuerySet):
    def approved(self):
        return self.filter(status=self.model.Status.APPROVED)

    def moderation_queue(self):
        """Comments waiting for a moderator, newest first."""
        return self.filter(status=self.model.Status.PENDING).order_by("-created_at")


class ImageQuerySet(models.QuerySet):
    def by_names(self, names):
        return self.filter(file__in=list(names))
