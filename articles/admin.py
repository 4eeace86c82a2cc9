from django import forms
from django.contrib import admin
from django.db import models
from django.db.models import Prefetch
from django.forms.models import BaseInlineFormSet
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from . import services, workflow
from .admin_revisions import ArticleRevisionViews
from .forms import ArticleAdminForm, ImageAdminForm
from .models import (
    Article,
    ArticleAuthor,
    ArticleImage,
    Comment,
    Image,
    Revision,
    Section,
    Tag,
)
from .querysets import CommentQuerySet


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


def _thumbnail(image, height):
    """The smallest rendition where there is one (lists stay light), else the photo itself."""
    if not image or not image.file:
        return ""
    widths = [r for r in image.renditions.all() if r.spec.startswith("w") and r.format == "WEBP"]
    small = min(widths, key=lambda rendition: rendition.width, default=None)
    return format_html(
        '<img src="{}" alt="{}" style="max-height:{}px;max-width:{}px">',
        (small.file if small else image.file).url,
        image.alt_text,
        height,
        height * 2,
    )


class MissingTextFilter(admin.SimpleListFilter):
    """Photos that still lack a text field editors must fill in."""

    field = None

    def lookups(self, request, model_admin):
        return [("missing", "Missing"), ("present", "Present")]

    def queryset(self, request, queryset):
        if self.value() == "missing":
            return queryset.filter(**{self.field: ""})
        if self.value() == "present":
            return queryset.exclude(**{self.field: ""})
        return queryset


class AltTextFilter(MissingTextFilter):
    title = "alt text"
    parameter_name = "alt_text"
    field = "alt_text"


class CreditFilter(MissingTextFilter):
    title = "credit"
    parameter_name = "credit"
    field = "credit"


class UsageFilter(admin.SimpleListFilter):
    title = "use"
    parameter_name = "use"

    def lookups(self, request, model_admin):
        return [("unused", "Unused"), ("used", "In an article")]

    def queryset(self, request, queryset):
        if self.value() == "unused":
            return queryset.unused()
        if self.value() == "used":
            return queryset.exclude(pk__in=queryset.unused().values("pk"))
        return queryset


@admin.register(Image)
class ImageAdmin(admin.ModelAdmin):
    form = ImageAdminForm
    change_form_template = "admin/articles/image/change_form.html"
    list_display = ["thumbnail", "caption", "credit", "alt_text", "dimensions", "is_placeholder", "created_at"]
    list_display_links = ["thumbnail", "caption"]
    list_filter = [AltTextFilter, CreditFilter, UsageFilter, "is_placeholder", "created_at"]
    search_fields = ["caption", "credit", "alt_text", "file"]
    readonly_fields = [
        "preview",
        "place_in_article",
        "dimensions",
        "used_in",
        "uploaded_by",
        "created_at",
        "updated_at",
    ]
    fieldsets = [
        (None, {"fields": ["file", "preview", "focal_x", "focal_y"]}),
        ("Description", {"fields": ["caption", "credit", "alt_text", "is_placeholder"]}),
        ("Use", {"fields": ["place_in_article", "used_in"]}),
        ("File", {"fields": ["dimensions", "uploaded_by", "created_at", "updated_at"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("renditions")  # thumbnails without a query per row

    @admin.display(description="")
    def thumbnail(self, image):
        return _thumbnail(image, 60)

    @admin.display(description="Preview and focal point")
    def preview(self, image):
        if not image.file:
            return "Choose a file: its preview appears here; click it to set the focal point."
        return format_html(
            '<div class="focal-picker" style="position:relative;display:inline-block;cursor:crosshair">'
            '<img src="{}" alt="{}" style="max-height:360px;max-width:640px;display:block">'
            '<span class="focal-marker" style="position:absolute;left:{}%;top:{}%;width:18px;height:18px;'
            'margin:-9px 0 0 -9px;border:3px solid #fff;border-radius:50%;box-shadow:0 0 0 2px #e0a800"></span>'
            '</div><p class="help">Click the photo where crops should centre (the subject\'s face, say).</p>',
            image.file.url,
            image.alt_text,
            image.focal_x * 100,
            image.focal_y * 100,
        )

    @admin.display(description="Image address")
    def place_in_article(self, image):
        if not image.file:
            return "-"
        return format_html(
            "<code>{}</code><br>Paste this address into the article editor's image button to place the photo.",
            image.file.url,
        )

    @admin.display(description="Used in")
    def used_in(self, image):
        articles = image.used_by()
        if not articles:
            return "No article uses this photo."
        return format_html_join(
            mark_safe("<br>"),
            '<a href="{}">{}</a> ({})',
            (
                (reverse("admin:articles_article_change", args=[a.pk]), a.title, a.get_status_display())
                for a in articles
            ),
        )

    @admin.display(description="Size")
    def dimensions(self, image):
        size = f"{image.file_size / 1e6:.1f} MB " if image.file_size else ""
        return f"{image.width} × {image.height} {image.format} {size}".strip()

    def save_model(self, request, obj, form, change):
        services.image_store(image=obj, photo=form.photo, by=request.user)

    def get_deleted_objects(self, objs, request):
        deleted, counts, permissions_needed, protected = super().get_deleted_objects(objs, request)
        users = [f"{article.title} ({article.get_status_display()})" for image in objs for article in image.used_by()]
        if users:  # say which articles hold the photo, not which placement rows
            protected = [f"the article “{entry}”" for entry in users]
        return deleted, counts, permissions_needed, protected


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
            services.article_save_pending(article=article, by=request.user, content=content)
            self.message_user(request, "Saved as a pending revision: the public still sees the published version.")
        else:
            super().save_related(request, form, formsets, change)
            services.article_after_save(
                article=article,
                by=request.user,
                previous_slug=article._before.get("slug"),
                previous_status=article._before.get("status"),
            )
        if correction := form.cleaned_data.get("new_correction"):
            services.correction_add(article=article, text=correction, by=request.user)

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
            services.comment_moderate(comments=Comment.objects.filter(pk=obj.pk), status=obj.status, by=request.user)

    def _moderate(self, request, queryset, service, verb):
        count = service(comments=queryset, by=request.user)
        self.message_user(request, f"{count} comment(s) {verb}.")

    @admin.action(description="Approve selected comments", permissions=["change"])
    def approve(self, request, queryset):
        self._moderate(request, queryset, services.comment_approve, "approved")

    @admin.action(description="Reject selected comments", permissions=["change"])
    def reject(self, request, queryset):
        self._moderate(request, queryset, services.comment_reject, "rejected")

    @admin.action(description="Mark selected comments as spam", permissions=["change"])
    def mark_spam(self, request, queryset):
        self._moderate(request, queryset, services.comment_mark_spam, "marked as spam")
