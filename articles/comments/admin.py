"""The moderation queue: one click (or key) per comment, each in its thread."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.views.decorators.http import require_POST

from articles.comments.querysets import CommentQuerySet
from articles.comments.services import comment_approve, comment_mark_spam, comment_moderate, comment_reject
from articles.editorial import policy
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


# The one-click buttons: (status, label, keyboard shortcut, what the queue says once done).
ONE_CLICK = [
    (Comment.Status.APPROVED, "Approve", "a", "approved"),
    (Comment.Status.REJECTED, "Reject", "r", "rejected"),
    (Comment.Status.SPAM, "Spam", "s", "marked as spam"),
]
DONE = {status: done for status, _, _, done in ONE_CLICK}


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    change_list_template = "admin/articles/comment/change_list.html"
    list_display = ["author_name", "in_thread", "article_link", "status", "created_at", "moderate"]
    list_filter = [CommentStatusFilter, "article"]
    list_select_related = ["article", "moderated_by", "parent"]
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
    readonly_fields = ["article", "parent", "user", "created_at", "moderated_by", "moderated_at", "thread_context"]

    class Media:
        css = {"all": ["articles/desk.css"]}
        js = ["articles/moderation.js"]

    def get_urls(self):
        moderate = self.admin_site.admin_view(require_POST(self.moderate_view))
        return [
            path("<int:pk>/moderate/<str:status>/", moderate, name="articles_comment_moderate"),
            *super().get_urls(),
        ]

    def get_fields(self, request, obj=None):
        return [*self.fields, "thread_context"] if obj is not None else self.fields

    def changelist_view(self, request, extra_context=None):
        shown = request.GET.get("status") or Comment.Status.PENDING
        label = "all" if shown == "all" else dict(Comment.Status.choices).get(shown, shown).lower()
        title = "Moderation queue" if shown == Comment.Status.PENDING else f"Comments: {label}"
        keys = ", ".join(f"{key} {label.lower()}" for _, label, key, _ in ONE_CLICK)
        return super().changelist_view(
            request, {"title": title, "shortcuts": f"Keys: j / k next / previous, {keys}.", **(extra_context or {})}
        )

    def moderate_view(self, request, pk, status):
        """One comment's one-click moderation, through the moderation service (which asks the policy)."""
        if status not in DONE:
            raise Http404("No such moderation.")
        comment = get_object_or_404(self.get_queryset(request), pk=pk)
        try:
            comment_moderate(comments=Comment.objects.filter(pk=comment.pk), status=status, by=request.user)
        except policy.NotAllowed as refusal:
            raise PermissionDenied(str(refusal)) from None
        messages.success(request, f"The comment by {comment.author_name} is {DONE[status]}.")
        back = request.POST.get("next", "")
        if not back.startswith(reverse("admin:articles_comment_changelist")):
            back = reverse("admin:articles_comment_changelist")
        return HttpResponseRedirect(back)

    @admin.display(description="Moderate")
    def moderate(self, comment):
        return format_html_join(
            " ",
            '<button type="submit" form="moderate-one" class="button moderate-{}" data-key="{}" formaction="{}" '
            'title="{} (key {})">{}</button>',
            (
                (status, key, reverse("admin:articles_comment_moderate", args=[comment.pk, status]), label, key, label)
                for status, label, key, _ in ONE_CLICK
                if status != comment.status
            ),
        )

    @admin.display(description="Comment")
    def in_thread(self, comment):
        """The comment, under the words of the one it answers."""
        if comment.parent is None:
            return comment.body[:300]
        return format_html(
            '<div class="comment-parent">In reply to {}: “{}”</div>{}',
            comment.parent.author_name,
            comment.parent.body[:120],
            comment.body[:300],
        )

    @admin.display(description="Thread")
    def thread_context(self, comment):
        """The whole thread the comment is in, each comment with its status, this one marked."""
        root_id = comment.thread_id or comment.pk
        thread = Comment.objects.filter(pk=root_id) | Comment.objects.filter(thread_id=root_id)
        return format_html_join(
            "",
            '<div class="thread-comment{}" style="margin-left:{}em"><strong>{}</strong> ({}, {}): {}</div>',
            (
                (
                    " this-comment" if item.pk == comment.pk else "",
                    0 if item.pk == root_id else 2,
                    item.author_name,
                    item.get_status_display(),
                    f"{item.created_at:%Y-%m-%d %H:%M}",
                    item.body,
                )
                for item in thread.order_by("created_at")
            ),
        )

    def has_add_permission(self, request):
        return False

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
