"""The photo library in the admin."""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from articles.images.forms import ImageAdminForm
from articles.images.picker import ImagePickerViews
from articles.images.services import image_store
from articles.models import (
    Image,
)


def _thumbnail(image, height):
    """The smallest rendition where there is one (lists stay light), else the photo itself."""
    if not image or not image.file:
        return ""
    widths = [r for r in image.made_renditions if r.spec.startswith("w") and r.format == "WEBP"]
    small = min(widths, key=lambda rendition: rendition.width, default=None)
    return format_html(
        '<img src="{}" alt="{}" style="max-height:{}px;max-width:{}px">',
        small.url if small else image.file.url,
        image.alt_text,
        height,
        height * 2,
    )


def human_size(size):
    """Bytes as an editor reads them: ``"400 bytes"``, ``"60 KB"``, ``"2.4 MB"``; the image admin's one size formatter
    (its script shows a chosen file's dimensions, and leaves the size to this once the photo is saved)."""
    if size < 1000:
        return f"{size} bytes"
    if size < 1_000_000:
        return f"{round(size / 1000)} KB"
    return f"{size / 1_000_000:.1f} MB"


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
class ImageAdmin(ImagePickerViews, admin.ModelAdmin):
    form = ImageAdminForm
    list_display = ["thumbnail", "caption", "credit", "alt_text", "dimensions", "is_placeholder", "created_at"]

    class Media:
        css = {"all": ["articles/desk.css"]}
        js = ["articles/image_form.js"]

    list_display_links = ["thumbnail", "caption"]
    list_filter = [AltTextFilter, CreditFilter, UsageFilter, "is_placeholder", "created_at"]
    search_fields = ["caption", "credit", "alt_text", "file"]
    readonly_fields = [
        "preview",
        "place_in_article",
        "dimensions",
        "renditions_made",
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
        ("Renditions and crops", {"classes": ["collapse"], "fields": ["renditions_made"]}),
    ]

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
            "<code>{}</code><br>In an article, the editor's image button places it (<em>Browse…</em> opens the "
            "library); the address pasted there does too.",
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
        if not image.pk or not image.width:
            return format_html('<span class="upload-dimensions">{}</span>', "Read from the file once it is chosen.")
        size = f" · {human_size(image.file_size)}" if image.file_size else ""
        return format_html(
            '<span class="upload-dimensions">{} × {} px · {}{}</span>', image.width, image.height, image.format, size
        )

    @admin.display(description="Made from this photo")
    def renditions_made(self, image):
        """Every stored rendition: the widths, the crops around the focal point and the social card."""
        renditions = sorted(image.renditions.all(), key=lambda r: (not r.spec.startswith("crop"), r.spec, r.format))
        if not renditions:
            return "None yet: they are made when the photo is saved."
        return format_html(
            '<div class="rendition-grid">{}</div>',
            format_html_join(
                "",
                '<figure class="rendition"><a href="{}"><img src="{}" alt="" loading="lazy"></a>'
                "<figcaption>{} · {} · {} × {}</figcaption></figure>",
                ((r.file.url, r.file.url, r.spec, r.format, r.width, r.height) for r in renditions),
            ),
        )

    def save_model(self, request, obj, form, change):
        image_store(image=obj, photo=form.photo, by=request.user)

    def get_deleted_objects(self, objs, request):
        deleted, counts, permissions_needed, protected = super().get_deleted_objects(objs, request)
        users = [f"{article.title} ({article.get_status_display()})" for image in objs for article in image.used_by()]
        if users:  # say which articles hold the photo, not which placement rows (nor who may delete those)
            protected, permissions_needed = [f"the article “{entry}”" for entry in users], set()
        return deleted, counts, permissions_needed, protected
