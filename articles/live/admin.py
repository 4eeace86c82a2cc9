"""The live posting screen: one editor box and a Post button, the stream underneath (newest first) with its inline
actions. Reached from the article's change page ("Live coverage"). It decides nothing: the services ask the policy.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.views.decorators.http import require_POST

from articles.editorial import policy
from articles.editorial.policy import LiveAction
from articles.live import services
from articles.live.models import LiveCoverage, LiveEntry
from articles.models import Article, ArticleAuthor

Status = LiveEntry.Status
STREAM_PAGE = 50  # entries on the posting screen, newest first; older ones a link away


class EntryForm(forms.ModelForm):
    """The editor box; what it sends goes to the services, whose refusals come back as field errors."""

    class Meta:
        model = LiveEntry
        fields = ["headline", "body", "is_key_event"]
        labels = {"headline": "Headline (optional)", "body": "Entry"}


class CorrectionForm(forms.Form):
    """A dated correction on a published entry, added from the stream (editors)."""

    text = forms.CharField(label="Correction", widget=forms.Textarea(attrs={"rows": 2}))  # its length: the service


# The inline actions of an entry in the stream: what each changes, and the policy action it needs to be offered.
INLINE = {
    "publish": ({"status": Status.PUBLISHED}, LiveAction.EDIT_ENTRY, "published"),
    "draft": ({"status": Status.DRAFT}, LiveAction.EDIT_ENTRY, "taken back to draft"),
    "pin": ({"pinned": True}, LiveAction.PIN_ENTRY, "pinned"),
    "unpin": ({"pinned": False}, LiveAction.PIN_ENTRY, "unpinned"),
    "key": ({"key_event": True}, LiveAction.MARK_KEY_EVENT, "marked a key event"),
    "unkey": ({"key_event": False}, LiveAction.MARK_KEY_EVENT, "no longer a key event"),
}

BUTTONS = {
    "publish": "Publish",
    "draft": "Back to draft",
    "pin": "Pin",
    "unpin": "Unpin",
    "key": "Key event",
    "unkey": "Not a key event",
    "delete": "Delete",
}


@admin.register(LiveCoverage)
class LiveCoverageAdmin(admin.ModelAdmin):
    list_display = ["article", "state", "entry_count", "starts_at", "last_entry_at", "posting_screen"]
    list_select_related = ["article"]
    fields = ["article", "starts_at", "ends_at"]
    autocomplete_fields = ["article"]
    search_fields = ["article__title"]

    class Media:
        css = {"all": ["articles/desk.css"]}  # the body editor's toolbar, as on the article's page

    def get_queryset(self, request):
        articles = policy.visible_articles(request.user, Article.objects.all())
        return super().get_queryset(request).filter(article__in=articles)

    @admin.display(description="Post")
    def posting_screen(self, coverage):
        return format_html(
            '<a href="{}">Open the posting screen</a>', reverse("admin:articles_livecoverage_live", args=[coverage.pk])
        )

    @admin.display(description="State")
    def state(self, coverage):
        return coverage.state().label

    # Who sees what: the posting screen is for whoever may post on some coverage; the policy answers per article.
    def has_module_permission(self, request):
        return request.user.is_active and (policy.is_editor(request.user) or policy.is_writer(request.user))

    def has_view_permission(self, request, obj=None):
        if obj is None:
            return self.has_module_permission(request)
        return policy.allows_live(request.user, LiveAction.POST_ENTRY, obj.article, whatever_its_state=True)

    def has_add_permission(self, request):
        return request.user.is_active and policy.is_editor(request.user)

    def has_change_permission(self, request, obj=None):
        if obj is None:
            return self.has_add_permission(request)
        return policy.allows_live(request.user, LiveAction.MANAGE_COVERAGE, obj.article)

    def has_delete_permission(self, request, obj=None):
        return False  # coverage goes with its article; ending it is an action on the posting screen

    def save_model(self, request, obj, form, change):
        try:
            services.coverage_start(article=obj.article, by=request.user, starts_at=obj.starts_at, ends_at=obj.ends_at)
        except policy.NotAllowed as refusal:
            raise PermissionDenied(str(refusal)) from None

    def response_add(self, request, obj, post_url_continue=None):
        return redirect(reverse("admin:articles_livecoverage_live", args=[obj.pk]))

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("<int:pk>/live/", view(self.live_view), name="articles_livecoverage_live"),
            path(
                "<int:pk>/live/<int:entry>/corrections/",
                view(require_POST(self.correction_view)),
                name="articles_livecoverage_correction",
            ),
            path(
                "<int:pk>/live/<int:entry>/<str:op>/",
                view(require_POST(self.entry_action_view)),
                name="articles_livecoverage_entry",
            ),
            path("<int:pk>/live/end/", view(require_POST(self.end_view)), name="articles_livecoverage_end"),
            *super().get_urls(),
        ]

    def _coverage(self, request, pk):
        """The coverage with its article and the article's byline, which the policy reads for every button."""
        bylines = Prefetch("article__article_authors", queryset=ArticleAuthor.objects.select_related("author"))
        coverage = get_object_or_404(
            self.get_queryset(request).select_related("article").prefetch_related(bylines), pk=pk
        )
        if not self.has_view_permission(request, coverage):
            raise PermissionDenied
        return coverage

    def live_view(self, request, pk):
        """The posting screen; ``?edit=<id>`` puts that entry in the editor box."""
        coverage = self._coverage(request, pk)
        article, user = coverage.article, request.user
        editing = None
        if (edit := request.GET.get("edit", "")).isascii() and edit.isdigit() and len(edit) < 10:
            editing = get_object_or_404(LiveEntry, pk=int(edit), coverage=coverage)
        form = EntryForm(request.POST or None, instance=editing)
        if request.method == "POST" and form.is_valid():
            if self._save_entry(request, form, article, editing):
                return redirect(reverse("admin:articles_livecoverage_live", args=[pk]))
        entries = LiveEntry.objects.filter(coverage=coverage).for_stream().newest_first()
        if not policy.allows_live(user, LiveAction.VIEW_ENTRY_DRAFTS, article, whatever_its_state=True):
            entries = entries.published()
        page = Paginator(entries, STREAM_PAGE).get_page(request.GET.get("page"))
        stream = [
            {
                "entry": entry,
                "actions": (actions := self._actions_for(user, article, entry)),
                "editable": any(op in ("publish", "draft") for op, _ in actions),
                "correctable": policy.allows_live(user, LiveAction.CORRECT_ENTRY, article, entry),
            }
            for entry in page
        ]
        return TemplateResponse(
            request,
            "admin/articles/livecoverage/live.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.model._meta,
                "original": coverage,
                "article": article,
                "title": f"Live: {article}",
                "coverage": coverage,
                "state": coverage.state(),
                "form": form,
                "media": self.media + form.media,
                "editing": editing,
                "stream": stream,
                "page": page,
                "can_post": policy.allows_live(user, LiveAction.POST_ENTRY, article),
                "can_manage": policy.allows_live(user, LiveAction.MANAGE_COVERAGE, article),
                "correction_max_length": services.CORRECTION_MAX_LENGTH,  # the browser's hint; the service refuses
            },
        )

    def _actions_for(self, user, article, entry):
        """The inline buttons the policy lets this user press on this entry (it checks again when pressed)."""
        offered = []
        for op, (changes, action, _) in INLINE.items():
            key, value = next(iter(changes.items()))
            current = {"status": entry.status, "pinned": entry.is_pinned, "key_event": entry.is_key_event}[key]
            if current != value and policy.allows_live(user, action, article, entry):
                offered.append(op)
        if policy.allows_live(user, LiveAction.DELETE_ENTRY, article, entry):
            offered.append("delete")
        return [(op, BUTTONS[op]) for op in offered]

    def _save_entry(self, request, form, article, editing):
        data = form.cleaned_data
        draft = "draft" in request.POST
        try:
            with transaction.atomic():
                if editing is None:
                    services.entry_post(
                        article=article,
                        by=request.user,
                        body_html=data["body"],
                        headline=data["headline"],
                        key_event=data["is_key_event"],
                        status=Status.DRAFT if draft else Status.PUBLISHED,
                    )
                else:
                    changes = {"body_html": data["body"], "headline": data["headline"]}
                    if data["is_key_event"] != editing.is_key_event:
                        changes["key_event"] = data["is_key_event"]
                    services.entry_edit(article=article, entry=editing, by=request.user, changes=changes)
        except policy.NotAllowed as refusal:
            raise PermissionDenied(str(refusal)) from None
        except policy.Refusal as refusal:
            field = {"body_html": "body", "key_event": "is_key_event"}.get(refusal.field, refusal.field)
            form.add_error(field if field in form.fields else None, str(refusal))
            return False
        messages.success(request, "Saved as a draft." if draft else ("Entry saved." if editing else "Posted."))
        return True

    def entry_action_view(self, request, pk, entry, op):
        coverage = self._coverage(request, pk)
        entry = get_object_or_404(LiveEntry, pk=entry, coverage=coverage)
        article = coverage.article
        try:
            if op == "delete":
                services.entry_delete(article=article, entry=entry, by=request.user)
                done = "deleted"
            elif op in INLINE:
                changes, _, done = INLINE[op]
                services.entry_edit(article=article, entry=entry, by=request.user, changes=changes)
            else:
                raise PermissionDenied("No such action.")
        except policy.NotAllowed as refusal:
            raise PermissionDenied(str(refusal)) from None
        except policy.Refusal as refusal:
            messages.error(request, str(refusal))
        else:
            messages.success(request, f"The entry is {done}.")
        return redirect(reverse("admin:articles_livecoverage_live", args=[pk]))

    def correction_view(self, request, pk, entry):
        coverage = self._coverage(request, pk)
        entry = get_object_or_404(LiveEntry, pk=entry, coverage=coverage)
        form = CorrectionForm(request.POST)
        back = f"{reverse('admin:articles_livecoverage_live', args=[pk])}#entry-{entry.pk}"
        if not form.is_valid():
            messages.error(request, " ".join(form.errors["text"]))
            return redirect(back)
        try:
            services.entry_correction_add(
                article=coverage.article, entry=entry, by=request.user, text=form.cleaned_data["text"]
            )
        except policy.NotAllowed as refusal:
            raise PermissionDenied(str(refusal)) from None
        except policy.Refusal as refusal:
            messages.error(request, str(refusal))
        else:
            messages.success(request, "The correction is added.")
        return redirect(back)

    def end_view(self, request, pk):
        coverage = self._coverage(request, pk)
        reopen = "reopen" in request.POST
        try:
            if reopen:
                services.coverage_update(article=coverage.article, by=request.user, changes={"ends_at": None})
            else:
                services.coverage_end(article=coverage.article, by=request.user)
        except policy.NotAllowed as refusal:
            raise PermissionDenied(str(refusal)) from None
        except policy.Refusal as refusal:
            messages.error(request, str(refusal))
        else:
            messages.success(request, "The coverage is live again." if reopen else "The coverage has ended.")
        return redirect(reverse("admin:articles_livecoverage_live", args=[pk]))
