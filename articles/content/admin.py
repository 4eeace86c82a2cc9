"""The article desk: sections, tags, articles with their byline."""

from django import forms
from django.contrib import admin
from django.db import models
from django.db.models import Prefetch
from django.forms.models import BaseInlineFormSet
from django.urls import reverse
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe

from articles.content.forms import ArticleAdminForm
from articles.editorial import workflow
from articles.editorial.admin import ArticleRevisionViews
from articles.editorial.services import article_after_save, article_save_pending, correction_add
from articles.images.admin import _thumbnail
from articles.models import (
    Article,
    ArticleAuthor,
    ArticleImage,
    Comment,
    Revision,
    Section,
    Tag,
)


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


class BylineFormSet(BaseInlineFormSet):
    user = None  # set per request by ArticleAuthorInline.get_formset

    def clean(self):
        super().clean()
        self._check_writer_stays_in_byline()
        article = self.instance
        keeps_live_version = self.data.get("status") == Article.Status.PUBLISHED and not self.data.get(
            "publish_changes"
        )
        if article.pk and article.status == Article.Status.PUBLISHED and keeps_live_version and self.has_changed():
            raise forms.ValidationError(
                "A byline change to a live article goes live at once: tick “Publish these changes now”."
            )

    def _check_writer_stays_in_byline(self):
        if workflow.is_editor(self.user):
            return
        kept = {
            form.cleaned_data["author"].user_id
            for form in self.forms
            if form.cleaned_data.get("author") and not form.cleaned_data.get("DELETE")
        }
        if self.user.pk not in kept:
            raise forms.ValidationError("Keep yourself in the byline: a writer works on articles in their own byline.")


class ArticleAuthorInline(admin.TabularInline):
    model = ArticleAuthor
    formset = BylineFormSet
    extra = 0
    min_num = 1
    autocomplete_fields = ["author"]
    fields = ["position", "author"]
    verbose_name = "author"
    verbose_name_plural = "Byline (in order)"

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, validate_min=True, **kwargs)  # every article has a byline
        formset.user = request.user
        return formset


class ArticleImageInline(admin.TabularInline):
    """Read-only: placements follow the figures in the body."""

    model = ArticleImage
    extra = 0
    can_delete = False
    fields = ["position", "thumbnail", "image", "caption"]
    readonly_fields = fields
    verbose_name_plural = "Photos in the body (edit them in the body)"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("image").prefetch_related("image__renditions")

    def has_add_permission(self, request, obj):
        return False

    @admin.display(description="")
    def thumbnail(self, placement):
        return _thumbnail(placement.image, 60)


@admin.register(Article)
class ArticleAdmin(ArticleRevisionViews, admin.ModelAdmin):
    form = ArticleAdminForm
    change_form_template = "admin/articles/article/change_form.html"
    formfield_overrides = {
        models.CharField: {"widget": forms.TextInput(attrs={"class": "vLargeTextField"})},
        models.URLField: {"assume_scheme": "https"},
    }
    list_display = ["title", "status", "section", "byline", "published_at", "comments"]
    list_filter = ["status", "section", "authors", "published_at"]
    list_select_related = ["section"]
    search_fields = ["title", "dek", "body"]
    date_hierarchy = "published_at"
    autocomplete_fields = ["section", "tags", "featured_image"]
    readonly_fields = ["reading_time", "created_at", "updated_at", "status_history", "corrections_so_far"]
    inlines = [ArticleAuthorInline, ArticleImageInline]

    def get_fieldsets(self, request, obj=None):
        publishing = ["status", "published_at", "comments_enabled", "loaded_revision"]
        history = ["reading_time", "created_at", "updated_at"]
        fieldsets = [
            (None, {"fields": ["title", "slug", "dek", "body"]}),
            ("Placement", {"fields": ["section", "tags", "featured_image", "excerpt"]}),
            ("Publishing", {"fields": publishing}),
            ("SEO", {"classes": ["collapse"], "fields": ["seo_title", "seo_description", "canonical_url"]}),
            ("History", {"fields": history}),
        ]
        if obj is None:
            return fieldsets
        history.append("status_history")
        if obj.published_at:
            fieldsets.insert(3, ("Corrections", {"fields": ["corrections_so_far", "new_correction"]}))
        if obj.status == Article.Status.PUBLISHED and workflow.is_editor(request.user):
            publishing.insert(0, "publish_changes")
        return fieldsets

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        form.user = request.user
        if "status" in form.base_fields:  # absent from a read-only view
            form.base_fields["status"].choices = [
                (status, Article.Status(status).label) for status in workflow.allowed_targets(request.user, obj)
            ]
        return form

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and (obj is None or workflow.may_edit(request.user, obj))

    def get_queryset(self, request):
        queryset = (
            super()
            .get_queryset(request)
            .with_comment_counts(statuses=Comment.Status.values)
            .prefetch_related(
                Prefetch(
                    "article_authors", queryset=ArticleAuthor.objects.select_related("author").order_by("position")
                )
            )
        )
        if workflow.is_editor(request.user) or not request.user.has_perm("articles.change_article"):
            return queryset  # editors, and readers of the desk such as moderators
        return queryset.filter(authors__user=request.user).distinct()  # a writer works on their own bylines

    def get_prepopulated_fields(self, request, obj=None):
        return {} if obj and obj.published_at else {"slug": ["title"]}

    def get_readonly_fields(self, request, obj=None):
        readonly = list(self.readonly_fields)
        if not workflow.is_editor(request.user):
            readonly.append("published_at")
        return readonly

    def construct_change_message(self, request, form, formsets, add=False):
        if form.saves_pending:  # nothing of the live article, nor its inlines, was saved
            return [{"changed": {"fields": ["pending revision"]}}]
        return super().construct_change_message(request, form, formsets, add)

    def save_model(self, request, obj, form, change):
        obj._before = Article.objects.filter(pk=obj.pk).values("slug", "status").first() or {}
        if not form.saves_pending:
            super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        article = form.instance
        if form.saves_pending:
            content = Revision.content_of(article, tag_ids=[tag.pk for tag in form.cleaned_data["tags"]])
            article_save_pending(article=article, by=request.user, content=content)
            self.message_user(request, "Saved as a pending revision: the public still sees the published version.")
        else:
            super().save_related(request, form, formsets, change)
            article_after_save(
                article=article,
                by=request.user,
                previous_slug=article._before.get("slug"),
                previous_status=article._before.get("status"),
            )
        if correction := form.cleaned_data.get("new_correction"):
            correction_add(article=article, text=correction, by=request.user)

    @admin.display(description="Authors")
    def byline(self, article):
        return ", ".join(str(credit.author) for credit in article.article_authors.all())

    @admin.display(description="Comments: approved / pending / rejected / spam")
    def comments(self, article):
        """Each count links to the article's comments of that status."""
        url = reverse("admin:articles_comment_changelist")
        return format_html_join(
            " / ",
            '<a href="{}?article__id__exact={}&amp;status={}">{}</a>',
            (
                (url, article.pk, status, getattr(article, f"{status}_comment_count"))
                for status in Comment.Status.values
            ),
        )

    @admin.display(description="Status changes")
    def status_history(self, article):
        changes = article.state_changes.select_related("by")
        return (
            format_html_join(
                mark_safe("<br>"),
                "{}: {} → {} by {}",
                (
                    (f"{c.at:%Y-%m-%d %H:%M}", c.get_from_status_display(), c.get_to_status_display(), c.by or "—")
                    for c in changes
                ),
            )
            or "None yet."
        )

    @admin.display(description="Corrections so far")
    def corrections_so_far(self, article):
        return (
            format_html_join(
                mark_safe("<br>"), "{}: {}", ((f"{c.created_at:%Y-%m-%d}", c.text) for c in article.corrections.all())
            )
            or "None."
        )

    @admin.display(description="Reading time")
    def reading_time(self, article):
        return f"{article.reading_time_minutes} min ({article.word_count} words)"
