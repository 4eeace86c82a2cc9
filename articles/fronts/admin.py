"""The fronts desk: a front's slots in drag-and-drop order with their overrides, and the front as the API serves it.

It decides nothing: who may change fronts is the editorial policy's answer, and a save goes through
``articles.fronts.services.front_save``, whose rules the slot formset tries first so they show as form errors.
"""

import json

from adminsortable2.admin import CustomInlineFormSet, SortableAdminBase, SortableTabularInline
from django import forms
from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.db import models
from django.db.models import Count
from django.utils import timezone

from articles.api.serializers.fronts import FrontDetailSerializer
from articles.editorial import policy
from articles.editorial.policy import Action
from articles.fronts import layout
from articles.fronts.models import Front, FrontSlot
from articles.fronts.services import front_delete, front_problems, front_save
from newsroom.moments import client_time


class MayChangeFronts:
    """Every permission of the fronts desk is the policy's CHANGE_FRONTS: editors, and no one else."""

    def has_view_permission(self, request, obj=None):
        return policy.allows(request.user, Action.CHANGE_FRONTS)

    def has_change_permission(self, request, obj=None):
        return policy.allows(request.user, Action.CHANGE_FRONTS)

    def has_add_permission(self, request, *args):
        return policy.allows(request.user, Action.CHANGE_FRONTS)

    def has_delete_permission(self, request, obj=None):
        return policy.allows(request.user, Action.CHANGE_FRONTS)


def kept_slots(formset):
    """The slots the formset keeps, in the order the editor dragged them to (new rows without one go last)."""
    kept = [
        (index, form)
        for index, form in enumerate(formset.forms)
        if form.is_valid()
        and not (formset.can_delete and form.cleaned_data.get("DELETE"))
        and (form.instance.pk is not None or form.has_changed())
    ]

    def order(entry):
        index, form = entry
        position = form.cleaned_data.get("position")
        return (position is None, position or 0, index)

    return [form.instance for _, form in sorted(kept, key=order)]


class SlotFormSet(CustomInlineFormSet):
    def clean(self):
        """The services' own rules for the slots as a whole (one article once, pins within the front…), tried
        before anything is saved, each problem shown on its row and field."""
        super().clean()
        if any(self.errors) or not hasattr(self.instance, "length"):
            return
        slots = kept_slots(self)
        forms_by_slot = {id(form.instance): form for form in self.forms}
        for problem in front_problems(self.instance, slots):
            if not problem.field.startswith("slots."):
                continue  # the front's own fields: its form shows them
            _, index, field = problem.field.split(".", 2)
            form = forms_by_slot[id(slots[int(index)])]
            form.add_error(field if field in form.fields else None, problem.message)


class FrontSlotInline(MayChangeFronts, SortableTabularInline):
    model = FrontSlot
    formset = SlotFormSet
    extra = 1
    autocomplete_fields = ["article", "image"]
    fields = ["article", "headline", "dek", "image", "label", "pinned_position", "show_from", "show_until"]
    formfield_overrides = {
        models.TextField: {"widget": forms.Textarea(attrs={"rows": 2, "cols": 24})},
        models.CharField: {"widget": forms.TextInput(attrs={"size": 24})},
        models.PositiveSmallIntegerField: {"widget": forms.NumberInput(attrs={"style": "width:4em"})},
    }
    verbose_name = "slot"
    verbose_name_plural = "Slots (drag to reorder; the overrides apply on this front only)"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("front", "article", "image")


@admin.register(Front)
class FrontAdmin(MayChangeFronts, SortableAdminBase, admin.ModelAdmin):
    change_form_template = "admin/articles/front/change_form.html"
    list_display = ["name", "slug", "length", "backfill", "slot_count", "updated_at"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["backfill_section", "backfill_tag"]
    fieldsets = [
        (None, {"fields": ["name", "slug", "description", "length"]}),
        ("Backfill", {"fields": ["backfill", "backfill_section", "backfill_tag"]}),
    ]
    inlines = [FrontSlotInline]
    formfield_overrides = {models.TextField: {"widget": forms.Textarea(attrs={"rows": 2, "cols": 80})}}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(slot_count=Count("slots"))

    @admin.display(description="Slots", ordering="slot_count")
    def slot_count(self, front):
        return front.slot_count

    def save_model(self, request, obj, form, change):
        """Saved in ``save_related``, with its slots, by the fronts' service."""

    def save_related(self, request, form, formsets, change):
        slots = next(formset for formset in formsets if formset.model is FrontSlot)
        front_save(front=form.instance, by=request.user, slots=kept_slots(slots))

    def construct_change_message(self, request, form, formsets, add=False):
        return [{"added": {}}] if add else [{"changed": {"fields": [*form.changed_data, "slots"]}}]

    def delete_model(self, request, obj):
        front_delete(front=obj, by=request.user)

    def delete_queryset(self, request, queryset):
        for front in queryset:
            front_delete(front=front, by=request.user)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        front = self.get_object(request, unquote(object_id))
        if front is not None and self.has_view_permission(request, front):
            extra_context = {**(extra_context or {}), "front_preview": preview(request, front)}
        return super().change_view(request, object_id, form_url, extra_context)


def preview(request, front):
    """The front composed as the API serves it, at ``?preview_at=`` (a local date and time) or now, with the slots
    it leaves out and why."""
    at, problem = timezone.now(), None
    if raw := request.GET.get("preview_at"):
        if (asked := client_time(raw)) is None:
            problem = f"“{raw}” is not a date and time; showing the front as it is now."
        else:
            at = timezone.localtime(asked)
    composition = layout.compose(front, at)
    data = FrontDetailSerializer(composition, context={"request": request}).data
    return {
        "at": at,
        "at_value": timezone.localtime(at).strftime("%Y-%m-%dT%H:%M"),
        "problem": problem,
        "cards": data["cards"],
        "left_out": layout.left_out(front, composition),
        "json": json.dumps(data, indent=2, ensure_ascii=False),
        "api_path": f"/api/v1/fronts/{front.slug}/",
    }
