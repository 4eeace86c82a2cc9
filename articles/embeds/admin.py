"""The embed cache in the admin (refresh from the provider) and the editor's embed lookup (JSON)."""

from django.contrib import admin, messages
from django.http import JsonResponse
from django.urls import path
from django.utils.html import format_html

from articles.editorial import policy
from articles.embeds import providers
from articles.embeds.services import NotEmbeddable, embed_lookup, embed_refresh
from articles.models import Embed


def preview(embed):
    """What the editor shows of an embed: the provider's sanitised markup, or why there is none."""
    provider = providers.BY_NAME.get(embed.provider)
    return {
        "url": embed.url,
        "provider": embed.provider,
        "provider_label": provider.label if provider else embed.provider,
        "kind": embed.kind,
        "title": embed.title,
        "author_name": embed.author_name,
        "thumbnail_url": embed.thumbnail_url or None,
        "html": embed.html,
        "error": embed.error,
    }


@admin.register(Embed)
class EmbedAdmin(admin.ModelAdmin):
    list_display = ["url", "provider", "title", "fetched_at", "problem"]
    list_filter = ["provider", "kind"]
    search_fields = ["url", "title", "author_name"]
    readonly_fields = [
        "url",
        "provider",
        "kind",
        "title",
        "author_name",
        "thumbnail_url",
        "width",
        "height",
        "html",
        "fetched_at",
        "error",
        "created_at",
        "updated_at",
    ]
    actions = ["refresh"]

    def get_urls(self):
        view = self.admin_site.admin_view
        return [path("lookup/", view(self.lookup_view), name="articles_embed_lookup"), *super().get_urls()]

    @admin.display(description="Problem")
    def problem(self, embed):
        return format_html('<span class="errornote">{}</span>', embed.error) if embed.error else ""

    def _may_embed(self, request):
        return policy.allows(request.user, policy.SiteAction.EMBED)

    def has_module_permission(self, request):
        return self._may_embed(request)

    def has_view_permission(self, request, obj=None):
        return self._may_embed(request)

    def has_change_permission(self, request, obj=None):
        return self._may_embed(request)

    def has_add_permission(self, request):
        return False  # an embed comes from a body

    @admin.action(description="Ask the provider again")
    def refresh(self, request, queryset):
        failed = []
        for embed in queryset:
            try:
                if embed_refresh(url=embed.url, by=request.user).error:
                    failed.append(embed.url)
            except policy.Refusal as refusal:
                return self.message_user(request, str(refusal), messages.ERROR)
        if failed:
            self.message_user(request, f"No answer for: {', '.join(failed)} (they show as links).", messages.WARNING)
        else:
            self.message_user(request, "Refreshed; articles showing them are updated.", messages.SUCCESS)

    def lookup_view(self, request):
        """``?url=``: the embed the editor places, fetched now if never fetched; 400 for a URL no provider claims."""
        url = request.GET.get("url", "").strip()
        try:
            embed = embed_lookup(url=url, by=request.user)
        except policy.Refusal as refusal:
            return JsonResponse({"detail": str(refusal)}, status=403)
        except NotEmbeddable as refusal:
            return JsonResponse({"detail": str(refusal)}, status=400)
        return JsonResponse(preview(embed))
