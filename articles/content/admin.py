"""The article desk: sections, tags, articles with their byline."""

from django import forms
from django.contrib import admin, messages
from django.db import models
from django.db.models import Prefetch
from django.forms.models import BaseInlineFormSet
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe

from articles.content import body, schedule
from articles.content.calendar import ArticleCalendarView
from articles.content.forms import BYLINE_PREFIX, CONTENT_FIELDS, ArticleAdminForm, initial_byline
from articles.editorial import desk, policy
from articles.editorial.admin import ArticleRevisionViews
from articles.editorial.policy import Action
from articles.editorial.services import article_delete
from articles.images.admin import _thumbnail
from articles.models import (
    WORDS_PER_MINUTE,
    Article,
    ArticleAuthor,
    ArticleImage,
    Comment,
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
    default_error_messages = {
        "too_few_forms": "Add at least one author to the byline (Add another author, then pick a name).",
    }


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
        return super().get_formset(request, obj, validate_min=True, **kwargs)  # every article has a byline

    # The byline is saved with the article, by the editorial services (ArticleAdminForm.apply).
    def has_change_permission(self, request, obj=None):
        return obj is None or policy.allows(request.user, Action.EDIT, obj)

    has_add_permission = has_delete_permission = has_change_permission


class ArticleImageInline(admin.TabularInline):
    """Read-only: placements follow the figures in the body."""

    model = ArticleImage
    extra = 0
    can_delete = False
    fields = ["position", "thumbnail", "image", "caption"]
    readonly_fields = fields
    verbose_name_plural = "Photos in the body (edit them in the body)"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("image")

    def has_add_permission(self, request, obj):
        return False

    @admin.display(description="")
    def thumbnail(self, placement):
        return _thumbnail(placement.image, 60)


@admin.register(Article)
class ArticleAdmin(ArticleCalendarView, ArticleRevisionViews, admin.ModelAdmin):
    form = ArticleAdminForm
    change_form_template = "admin/articles/article/change_form.html"
    change_list_template = "admin/articles/article/change_list.html"
    formfield_overrides = {
        models.CharField: {"widget": forms.TextInput(attrs={"class": "vLargeTextField"})},
        models.URLField: {"assume_scheme": "https"},
    }
    list_display = ["title", "status_badge", "section", "byline", "publish_time", "comments"]
    list_filter = ["status", "section", "authors", "published_at"]
    list_select_related = ["section"]
    search_fields = ["title", "dek", "body"]
    date_hierarchy = "published_at"
    autocomplete_fields = ["section", "tags", "featured_image"]
    readonly_fields = [
        "reading_time",
        "created_at",
        "updated_at",
        "status_history",
        "corrections_so_far",
        "goes_live",
        "body_as_read",
    ]
    inlines = [ArticleAuthorInline, ArticleImageInline]

    def get_fieldsets(self, request, obj=None):
        publishing = ["status", "published_at", "goes_live", "comments_enabled", "loaded_revision"]
        history = ["reading_time", "created_at", "updated_at"]
        editable = obj is None or policy.allows(request.user, Action.EDIT, obj)
        fieldsets = [
            (None, {"fields": ["title", "slug", "dek"]}),  # the byline follows (the change form's template)
            (None, {"fields": ["body" if editable else "body_as_read"]}),
            ("Placement", {"fields": ["section", "tags", "featured_image", "excerpt"]}),
            ("Publishing", {"fields": publishing}),
            ("SEO", {"classes": ["collapse"], "fields": ["seo_title", "seo_description", "canonical_url"]}),
            ("History", {"fields": history}),
        ]
        if obj is None:
            return fieldsets
        history.append("status_history")
        if obj.published_at:
            fieldsets.insert(4, ("Corrections", {"fields": ["corrections_so_far", "new_correction"]}))
        if obj.is_public and policy.allows(request.user, Action.PUBLISH, obj, whatever_its_state=True):
            publishing.insert(0, "publish_changes")
        return fieldsets

    class Media:
        css = {"all": ["articles/desk.css"]}
        js = ["articles/article_form.js"]

    def _get_obj_does_not_exist_redirect(self, request, opts, object_id):
        """A plain message for an article the user cannot open, whether deleted or not theirs to see."""
        messages.warning(
            request,
            f"No article with the number {object_id} is open to you: it was deleted, or it is a draft outside your "
            "byline (writers see the public articles and their own). Find it in the list below.",
        )
        return HttpResponseRedirect(reverse("admin:articles_article_changelist"))

    def change_view(self, request, object_id, form_url="", extra_context=None):
        article = self.get_object(request, object_id)
        extra = {}
        if article is not None and self.has_view_permission(request, article):
            extra["one_click_steps"] = self.one_click_steps(request, article)
            if schedule.is_scheduled(article):
                extra["scheduled_banner"] = schedule.schedule_text(article)
            extra["desk_config"] = self._desk_config(request, article)
        return super().change_view(request, object_id, form_url, {**extra, **(extra_context or {})})

    def add_view(self, request, form_url="", extra_context=None):
        extra = {"desk_config": self._desk_config(request, None)}
        return super().add_view(request, form_url, {**extra, **(extra_context or {})})

    def _desk_config(self, request, article):
        """What the form's script needs: where to autosave and beat, and an autosave to offer back."""
        offer = desk.autosave_to_offer(article=article, by=request.user)
        urls = {"autosave": reverse("admin:articles_article_autosave_new")}
        if article is not None:
            urls = {
                name: reverse(f"admin:articles_article_{name}", args=[article.pk])
                for name in ("autosave", "presence", "take_over", "leave")
            }
        return {
            "urls": urls,
            "editable": article is None or policy.allows(request.user, Action.EDIT, article),
            "words_per_minute": WORDS_PER_MINUTE,
            "autosave": {"data": offer.data, "saved_at": offer.saved_at.isoformat()} if offer else None,
        }

    def get_formset_kwargs(self, request, obj, inline, prefix):
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        # Only on the empty add page: a posted byline must differ from an initial one, or Django takes it for unfilled.
        if prefix == BYLINE_PREFIX and obj.pk is None and request.method != "POST":
            kwargs["initial"] = initial_byline(request.user)
        return kwargs

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        form.user = request.user
        if "status" in form.base_fields:  # absent from a read-only view
            form.base_fields["status"].choices = [
                (status, Article.Status(status).label) for status in policy.allowed_targets(request.user, obj)
            ]
            form.base_fields["status"].error_messages["invalid_choice"] = (
                "You may not move this article to “%(value)s” from here; the list offers the statuses open to you."
            )
        return form

    def has_view_permission(self, request, obj=None):
        allowed = super().has_view_permission(request, obj)
        return allowed and (obj is None or policy.allows(request.user, Action.VIEW, obj))

    def has_change_permission(self, request, obj=None):
        """Editing, or one of the steps the policy allows on it (a writer withdrawing from review, say)."""
        if not super().has_change_permission(request, obj) or obj is None:
            return super().has_change_permission(request, obj)
        user = request.user
        return (
            policy.allows(user, Action.EDIT, obj)
            or len(policy.allowed_targets(user, obj)) > 1
            or policy.allows(user, Action.ADD_CORRECTION, obj)
        )

    def has_delete_permission(self, request, obj=None):
        return policy.allows(request.user, Action.DELETE, obj)

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
        return policy.visible_articles(request.user, queryset)

    def get_prepopulated_fields(self, request, obj=None):
        fixed = obj is not None and (obj.published_at or not policy.allows(request.user, Action.EDIT, obj))
        return {} if fixed else {"slug": ["title"]}

    def get_readonly_fields(self, request, obj=None):
        readonly = list(self.readonly_fields)
        if obj is not None and not policy.allows(request.user, Action.EDIT, obj):
            readonly += [*CONTENT_FIELDS, "published_at"]
        elif not policy.allows(request.user, Action.SCHEDULE, obj):
            readonly.append("published_at")
        return readonly

    def save_model(self, request, obj, form, change):
        """Saved in ``save_related``, with the byline, through the editorial services."""

    def save_related(self, request, form, formsets, change):
        article = form.apply()
        desk.autosave_discard(article=article if change else None, by=request.user)  # saved: nothing to restore
        form.instance.pk = article.pk
        form.instance._state.adding = False
        form.instance.refresh_from_db()
        if form.went_pending:
            self.message_user(request, "Saved as a pending revision: the public still sees the published version.")

    def construct_change_message(self, request, form, formsets, add=False):
        changed = [name for name in form.changed_data if name != "loaded_revision"]
        if form.went_pending:
            changed = ["pending revision"]
        return [{"added": {}}] if add else [{"changed": {"fields": changed}}]

    def delete_model(self, request, obj):
        article_delete(article=obj, by=request.user)

    def delete_queryset(self, request, queryset):
        for article in queryset:
            article_delete(article=article, by=request.user)

    @admin.display(description="Authors")
    def byline(self, article):
        return ", ".join(str(credit.author) for credit in article.article_authors.all())

    @admin.display(description="Status", ordering="status")
    def status_badge(self, article):
        return schedule.badge(article)

    @admin.display(description="Publish time", ordering="published_at")
    def publish_time(self, article):
        return schedule.moment(article.published_at) if article.published_at else "—"

    @admin.display(description="When")
    def goes_live(self, article):
        return schedule.schedule_text(article) or "Not scheduled: set a publish time and the Published status."

    @admin.display(description="Body")
    def body_as_read(self, article):
        """The body as readers see its text and photos (stored sanitised, so safe to show as it is)."""
        return mark_safe(f'<div class="body-as-read">{body.sanitize(article.body)}</div>') if article.body else "—"

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
