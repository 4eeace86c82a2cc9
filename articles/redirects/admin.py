"""Editors manage redirects in the admin; the form asks the same check the service makes, and saves through it."""

from django import forms
from django.contrib import admin

from articles.editorial import policy
from articles.editorial.policy import Action
from articles.models import Redirect
from articles.redirects.services import redirect_check, redirect_delete, redirect_save


class RedirectForm(forms.ModelForm):
    class Meta:
        model = Redirect
        fields = ["old_path", "article", "target_url", "status_code"]

    def _post_clean(self):
        super()._post_clean()  # the instance now holds what was sent
        if self.errors:
            return
        try:
            redirect_check(self.instance)
        except policy.Refusal as refusal:
            field = refusal.field if refusal.field in self.fields else None
            self.add_error(field, str(refusal))


@admin.register(Redirect)
class RedirectAdmin(admin.ModelAdmin):
    form = RedirectForm
    list_display = ["old_path", "destination", "status_code", "source", "updated_at"]
    list_filter = ["status_code", "source"]
    list_select_related = ["article"]
    search_fields = ["old_path", "target_url", "article__title", "article__slug"]
    raw_id_fields = ["article"]
    readonly_fields = ["source", "created_by", "created_at", "updated_at"]

    @admin.display(description="Redirects to")
    def destination(self, redirect):
        return redirect.location

    def _may_manage(self, request):
        return policy.allows(request.user, Action.MANAGE_REDIRECTS)

    def has_module_permission(self, request):
        return self._may_manage(request)

    def has_view_permission(self, request, obj=None):
        return self._may_manage(request)

    def has_add_permission(self, request):
        return self._may_manage(request)

    def has_change_permission(self, request, obj=None):
        return self._may_manage(request)

    def has_delete_permission(self, request, obj=None):
        return self._may_manage(request)

    def save_model(self, request, obj, form, change):
        redirect_save(redirect=obj, by=request.user)

    def delete_model(self, request, obj):
        redirect_delete(redirect=obj, by=request.user)

    def delete_queryset(self, request, queryset):
        for redirect in queryset:
            redirect_delete(redirect=redirect, by=request.user)
