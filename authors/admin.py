from django.contrib import admin
from django.db import models
from django.utils.html import format_html

from .forms import AuthorForm
from .models import Author, AuthorLink


class AuthorLinkInline(admin.TabularInline):
    model = AuthorLink
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    extra = 1
    fields = ["label", "url", "position"]


@admin.register(Author)
class AuthorAdmin(admin.ModelAdmin):
    form = AuthorForm
    list_display = ["avatar_thumbnail", "display_name", "job_title", "is_active", "user"]
    list_display_links = ["avatar_thumbnail", "display_name"]
    list_filter = ["is_active"]
    search_fields = ["name", "post_nominals", "job_title", "bio"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["user"]
    readonly_fields = ["avatar_preview", "created_at", "updated_at"]
    inlines = [AuthorLinkInline]
    fieldsets = [
        (None, {"fields": ["name", "post_nominals", "slug", "job_title", "is_active"]}),
        ("Profile", {"fields": ["bio", "expertise", "beats", "avatar", "avatar_preview"]}),
        ("Private", {"fields": ["email", "user"]}),
        ("History", {"fields": ["created_at", "updated_at"]}),
    ]

    @admin.display(description="")
    def avatar_thumbnail(self, author):
        if not author.avatar:
            return ""
        return format_html('<img src="{}" alt="" style="height:40px;border-radius:50%">', author.avatar.url)

    @admin.display(description="Avatar preview")
    def avatar_preview(self, author):
        if not author.avatar:
            return "No avatar yet."
        return format_html('<img src="{}" alt="" style="max-height:160px">', author.avatar.url)
