"""The integrations in the admin: webhook endpoints and their delivery log (editors), API keys (superusers), the
CDN purge log. Every change goes through the services, which ask the policy; this only translates."""

from django import forms
from django.contrib import admin, messages
from django.utils.html import format_html
from rest_framework_api_key.admin import APIKeyModelAdmin
from rest_framework_api_key.models import APIKey

from articles.editorial import policy
from articles.editorial.policy import SiteAction
from articles.integrations import apikeys, events, services
from articles.integrations.models import ApiKey, CdnPurge, WebhookDelivery, WebhookEndpoint


class PolicyPermissions:
    """Who may see and change these is the policy's named action, not model permissions."""

    site_action = None

    def _allowed(self, request):
        return policy.allows(request.user, self.site_action)

    def has_module_permission(self, request):
        return self._allowed(request)

    def has_view_permission(self, request, obj=None):
        return self._allowed(request)

    def has_add_permission(self, request):
        return self._allowed(request)

    def has_change_permission(self, request, obj=None):
        return self._allowed(request)

    def has_delete_permission(self, request, obj=None):
        return self._allowed(request)


class ReadOnlyLog(PolicyPermissions):
    """A log: seen by whom the policy lets, written only by the worker."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


def _as_form_error(form, refusal):
    field = refusal.field if refusal.field in form.fields else None
    form.add_error(field, str(refusal))


class WebhookEndpointForm(forms.ModelForm):
    url = forms.URLField(max_length=500, assume_scheme="https")
    events = forms.MultipleChoiceField(
        choices=[(name, f"{name} — {text}") for name, text in events.EVENT_TYPES.items()],
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = WebhookEndpoint
        fields = ["url", "description", "events", "is_active"]

    def clean(self):
        cleaned = super().clean()
        try:
            services.clean_endpoint(cleaned.get("url"), cleaned.get("events"))
        except policy.Refusal as refusal:
            _as_form_error(self, refusal)
        return cleaned


@admin.register(WebhookEndpoint)
class WebhookEndpointAdmin(PolicyPermissions, admin.ModelAdmin):
    site_action = SiteAction.MANAGE_WEBHOOKS
    form = WebhookEndpointForm
    list_display = ["__str__", "url", "is_active", "consecutive_failures", "disabled_reason"]
    list_filter = ["is_active"]
    readonly_fields = ["secret_hint", "consecutive_failures", "disabled_reason", "created_by", "created_at"]
    actions = ["rotate_secret", "send_ping"]

    @admin.display(description="Secret")
    def secret_hint(self, endpoint):
        if not endpoint.pk:
            return "Generated when saved, and shown once."
        overlap = ""
        if endpoint.previous_secret_expires_at:
            overlap = f" (the previous one also signs until {endpoint.previous_secret_expires_at:%Y-%m-%d %H:%M})"
        return f"Set; shown only when made (rotate it to get a new one){overlap}."

    def save_model(self, request, obj, form, change):
        data = {name: form.cleaned_data[name] for name in WebhookEndpointForm.Meta.fields}
        if change:
            services.endpoint_update(endpoint=obj, by=request.user, changes=data)
            return
        endpoint = services.endpoint_create(by=request.user, **data)
        obj.pk = endpoint.pk
        obj.secret = endpoint.secret
        messages.warning(
            request, f"The signing secret of {endpoint} is {endpoint.secret} — keep it now: it is not shown again."
        )

    def delete_model(self, request, obj):
        services.endpoint_delete(endpoint=obj, by=request.user)

    def delete_queryset(self, request, queryset):
        for endpoint in queryset:
            services.endpoint_delete(endpoint=endpoint, by=request.user)

    @admin.action(
        description="Rotate the signing secret (the old one keeps signing for 24 h; "
        "rotating again meanwhile stops the one before it at once)"
    )
    def rotate_secret(self, request, queryset):
        for endpoint in queryset:
            services.endpoint_rotate_secret(endpoint=endpoint, by=request.user)
            messages.warning(request, f"New signing secret of {endpoint}: {endpoint.secret} — shown once.")

    @admin.action(description="Send a test ping")
    def send_ping(self, request, queryset):
        for endpoint in queryset:
            services.endpoint_ping(endpoint=endpoint, by=request.user)
        messages.success(request, f"Ping sent to {len(queryset)} endpoint(s); see the delivery log.")


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(ReadOnlyLog, admin.ModelAdmin):
    """The delivery log: each attempt with what was sent and what came back."""

    site_action = SiteAction.MANAGE_WEBHOOKS
    list_display = ["created_at", "endpoint", "event_type", "attempt", "response_status", "succeeded", "duration_ms"]
    list_filter = ["succeeded", "endpoint"]
    list_select_related = ["endpoint", "event"]
    actions = ["redeliver"]
    fields = [
        "endpoint",
        "event_type",
        "attempt",
        "created_at",
        "succeeded",
        "response_status",
        "duration_ms",
        "next_attempt_at",
        "error",
        "headers_sent",
        "request_body",
        "response_body",
    ]
    readonly_fields = fields

    @admin.display(description="Event")
    def event_type(self, delivery):
        return f"{delivery.event.type} ({delivery.event.message_id})"

    @admin.display(description="Request headers")
    def headers_sent(self, delivery):
        return format_html("<pre>{}</pre>", "\n".join(f"{k}: {v}" for k, v in delivery.request_headers.items()))

    @admin.action(description="Redeliver (a new first attempt)")
    def redeliver(self, request, queryset):
        for delivery in queryset.select_related("endpoint", "event"):
            try:
                services.delivery_redeliver(delivery=delivery, by=request.user)
            except policy.Refusal as refusal:
                messages.error(request, f"{delivery}: {refusal}")
                return
        messages.success(request, "Redelivery queued.")


class ApiKeyForm(forms.ModelForm):
    scopes = forms.MultipleChoiceField(choices=ApiKey.Scope.choices, widget=forms.CheckboxSelectMultiple)

    class Meta:
        model = ApiKey
        fields = ["name", "scopes", "rate", "expiry_date", "service_account", "revoked"]

    def clean(self):
        cleaned = super().clean()
        try:
            apikeys.clean_key(
                scopes=cleaned.get("scopes"),
                rate=cleaned.get("rate") or "",
                service_account=cleaned.get("service_account"),
                key=self.instance,
                revoked=bool(cleaned.get("revoked")),
            )
        except policy.Refusal as refusal:
            _as_form_error(self, refusal)
        return cleaned


admin.site.unregister(APIKey)  # the package's own model stays unused: keys are ApiKey, with scopes and a rate


@admin.register(ApiKey)
class ApiKeyAdmin(PolicyPermissions, APIKeyModelAdmin):
    site_action = SiteAction.MANAGE_API_KEYS
    form = ApiKeyForm
    list_display = ["prefix", "name", "scopes", "rate", "expiry_date", "revoked", "last_used_at", "service_account"]
    list_filter = ["revoked"]
    autocomplete_fields = ["service_account"]

    def get_readonly_fields(self, request, obj=None):
        return ["prefix", "last_used_at", "created"]

    def get_fields(self, request, obj=None):
        fields = super().get_fields(request, obj)
        return fields if obj is not None else [name for name in fields if name != "revoked"]  # none is born revoked

    def save_model(self, request, obj, form, change):
        data = {name: form.cleaned_data[name] for name in ApiKeyForm.Meta.fields if name in form.cleaned_data}
        if change:
            apikeys.api_key_update(key=obj, by=request.user, changes=data)  # "revoked" ticked: the update revokes
            return
        key, raw = apikeys.api_key_create(by=request.user, **data)
        obj.pk, obj.prefix = key.pk, key.prefix
        messages.warning(request, f"The API key “{key.name}” is {raw} — keep it now: it is not shown again.")


@admin.register(CdnPurge)
class CdnPurgeAdmin(ReadOnlyLog, admin.ModelAdmin):
    site_action = SiteAction.MANAGE_WEBHOOKS
    list_display = ["created_at", "provider", "tag_list", "attempt", "response_status", "succeeded", "error"]
    list_filter = ["succeeded", "provider"]

    @admin.display(description="Tags")
    def tag_list(self, purge):
        return " ".join(purge.tags)
