"""The moderation queue."""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html

from articles.comments.querysets import CommentQuerySet
from articles.comments.services import comment_approve, comment_mark_spam, comment_moderate, comment_reject
from articles.models import (
    Comment,
)


class CommentStatusFilter(admin.SimpleListFilter):
    """Opens on the moderation queue: pending comments unless another status is picked."""

    title = "status"
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return [*Comment.Status.choices, ("all", "All")]

    def choices(self, changelist):
        current = self.value() or Comment.Status.PENDING
        for value, label in self.lookup_choices:
            yield {
                "selected": current == value,
                "query_string": changelist.get_query_string({self.parameter_name: value}),
                "display": label,
            }

    def queryset(self, request, queryset):
        value = self.value() or Comment.Status.PENDING
        return queryset if value == "all" else queryset.filter(status=value)


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    list_display = ["author_name", "excerpt", "article_link", "status", "created_at", "moderated_by"]
    list_filter = [CommentStatusFilter, "article"]
    list_select_related = ["article", "moderated_by"]
    search_fields = ["author_name", "author_email", "body"]
    ordering = CommentQuerySet.PENDING_FIRST
    actions = ["approve", "reject", "mark_spam"]
    fields = [
        "article",
        "parent",
        "author_name",
        "author_email",
        "user",
        "body",
        "status",
        "created_at",
        "moderated_by",
        "moderated_at",
    ]
    readonly_fields = ["article", "parent", "user", "created_at", "moderated_by", "moderated_at"]

    def has_add_permission(self, request):
        return False

    @admin.display(description="Comment")
    def excerpt(self, comment):
        return comment.body[:100]

    @admin.display(description="Article", ordering="article__title")
    def article_link(self, comment):
        return format_html(
            '<a href="{}">{}</a>', reverse("admin:articles_article_change", args=[comment.article_id]), comment.article
        )

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if "status" in form.changed_data:
            comment_moderate(comments=Comment.objects.filter(pk=obj.pk), status=obj.status, by=request.user)

    def _moderate(self, request, queryset, service, verb):
        count = service(comments=queryset, by=request.user)
        self.message_user(request, f"{count} comment(s) {verb}.")

    @admin.action(description="Approve selected comments", permissions=["change"])
    def approve(self, request, queryset):
        self._moderate(request, queryset, comment_approve, "approved")

    @admin.action(description="Reject selected comments", permissions=["change"])
    def reject(self, request, queryset):
        self._moderate(request, queryset, comment_reject, "rejected")

    @admin.action(description="Mark selected comments as spam", permissions=["change"])
    def mark_spam(self, request, queryset):
        self._moderate(request, queryset, comment_mark_spam, "marked as spam")
