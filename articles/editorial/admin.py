"""The article admin's history pages: revisions, comparing two, restoring one, the pending edit, preview links."""

import json

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.views.decorators.http import require_POST

from articles.editorial import compare, desk, policy, reader_preview
from articles.editorial.policy import Action
from articles.editorial.services import (
    article_discard_revision,
    article_restore,
    article_transition,
    preview_link_make,
)
from articles.models import Revision

# Steps offered as buttons on the change form, with what the desk says once done.
ONE_CLICK_STEPS = {
    Action.SUBMIT: ("Submit for review", "Submitted for review: the editors have it now."),
    Action.WITHDRAW: ("Withdraw from review", "Withdrawn from review: it is a draft again, yours to edit."),
}


class ArticleRevisionViews:
    """Mixed into ArticleAdmin: URLs under ``<id>/`` for the history, its comparisons and the pending edit."""

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("<int:pk>/revisions/", view(self.revisions_view), name="articles_article_revisions"),
            path("<int:pk>/revisions/compare/", view(self.compare_view), name="articles_article_compare"),
            path(
                "<int:pk>/revisions/<int:revision>/restore/",
                view(require_POST(self.restore_view)),
                name="articles_article_restore",
            ),
            path(
                "<int:pk>/pending/publish/",
                view(require_POST(self.publish_pending_view)),
                name="articles_article_publish_pending",
            ),
            path(
                "<int:pk>/pending/discard/",
                view(require_POST(self.discard_pending_view)),
                name="articles_article_discard_pending",
            ),
            path("<int:pk>/preview/", view(self.preview_view), name="articles_article_preview"),
            path("preview/", view(require_POST(self.preview_view)), name="articles_article_preview_new"),
            path("<int:pk>/desk/autosave/", view(self.autosave_view), name="articles_article_autosave"),
            path("desk/autosave/", view(self.autosave_view), name="articles_article_autosave_new"),
            path("<int:pk>/desk/presence/", view(require_POST(self.presence_view)), name="articles_article_presence"),
            path(
                "<int:pk>/desk/take-over/", view(require_POST(self.take_over_view)), name="articles_article_take_over"
            ),
            path("<int:pk>/desk/leave/", view(require_POST(self.leave_view)), name="articles_article_leave"),
            path("<int:pk>/step/<str:step>/", view(require_POST(self.step_view)), name="articles_article_step"),
            *super().get_urls(),
        ]

    def _article(self, request, pk):
        """An article the user may see; what they may do to it, the services ask the policy."""
        article = get_object_or_404(self.get_queryset(request), pk=pk)
        if not self.has_view_permission(request, article):
            raise PermissionDenied
        return article

    def _context(self, request, article, title):
        return {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": article,
            "title": title,
            "has_change_permission": self.has_change_permission(request, article),
        }

    def revisions_view(self, request, pk):
        article = self._article(request, pk)
        revisions = article.revisions.select_related("created_by")
        return TemplateResponse(
            request,
            "admin/articles/article/revisions.html",
            {
                **self._context(request, article, f"History of “{article}”"),
                "revisions": revisions,
                "can_restore": policy.allows(request.user, Action.RESTORE_REVISION, article),
            },
        )

    def compare_view(self, request, pk):
        article = self._article(request, pk)
        ids = [request.GET.get(name, "") for name in ("a", "b")]
        if not all(value.isdigit() for value in ids):
            raise Http404("Choose two revisions to compare.")
        older, newer = (get_object_or_404(article.revisions, pk=int(value)) for value in ids)
        if older.created_at > newer.created_at:
            older, newer = newer, older
        return TemplateResponse(
            request,
            "admin/articles/article/compare.html",
            {
                **self._context(request, article, f"Changes to “{article}”"),
                "older": older,
                "newer": newer,
                "changes": compare.compare(older, newer),
                "can_restore": policy.allows(request.user, Action.RESTORE_REVISION, article),
            },
        )

    def _perform(self, request, article, change, *, done, back_to="change"):
        """Run a service: a refusal for the user's role is 403, one for the article's state a message."""
        try:
            change()
        except policy.NotAllowed as refusal:
            raise PermissionDenied(str(refusal)) from None
        except policy.Refusal as refusal:
            messages.error(request, f"Not done: {refusal}")
            return redirect(reverse(f"admin:articles_article_{back_to}", args=[article.pk]))
        messages.success(request, done() if callable(done) else done)
        return redirect(reverse("admin:articles_article_change", args=[article.pk]))

    def restore_view(self, request, pk, revision):
        article = self._article(request, pk)
        chosen = get_object_or_404(Revision, pk=revision, article=article)
        return self._perform(
            request,
            article,
            lambda: article_restore(article=article, revision=chosen, by=request.user),
            done=lambda: (
                f"Revision {chosen.pk} is restored as a pending revision; publish it to go live."
                if article.pending_revision_id
                else f"Revision {chosen.pk} is restored."
            ),
            back_to="revisions",
        )

    def step_view(self, request, pk, step):
        """One click of a workflow step the change form offers (a writer's submit or withdraw)."""
        article = self._article(request, pk)
        if step not in ONE_CLICK_STEPS:
            raise Http404("No such step.")
        return self._perform(
            request,
            article,
            lambda: article_transition(article=article, by=request.user, name=step),
            done=ONE_CLICK_STEPS[step][1],
        )

    def one_click_steps(self, request, article):
        """``(step, button label)`` of each one-click step the policy allows the user on the article now."""
        return [
            (step, label) for step, (label, _) in ONE_CLICK_STEPS.items() if policy.allows(request.user, step, article)
        ]

    def publish_pending_view(self, request, pk):
        article = self._article(request, pk)
        return self._perform(
            request,
            article,
            lambda: article_transition(article=article, by=request.user, name="publish"),
            done="The pending revision is live.",
        )

    def discard_pending_view(self, request, pk):
        article = self._article(request, pk)
        return self._perform(
            request,
            article,
            lambda: article_discard_revision(article=article, by=request.user),
            done="The pending revision is discarded; the live version is unchanged.",
        )

    def preview_view(self, request, pk=None):
        """The article as a reader will see it: saved (GET) or the change form's unsaved content (POST)."""
        article = self._article(request, pk) if pk is not None else None
        try:
            if article is None:
                policy.check(request.user, Action.CREATE)
                link = None
            else:
                link = preview_link_make(article=article, by=request.user)
        except policy.Refusal as refusal:
            raise PermissionDenied(str(refusal)) from None
        unsaved = request.method == "POST"
        reading = reader_preview.from_form(request.POST) if unsaved else reader_preview.from_saved(article)
        context = {
            **self._context(request, article, f"Preview “{reading.title or 'untitled'}”"),
            "reading": reading,
            "unsaved": unsaved,
        }
        if link and settings.FRONTEND_URL:
            token, url, expires_at = link
            context |= {
                "preview_url": url,
                "expires_at": expires_at,
                "api_url": request.build_absolute_uri(f"/api/v1/preview/{token}/"),
            }
        return TemplateResponse(request, "admin/articles/article/preview.html", context)

    # --- The change form's working state (JSON, for articles/static/articles/article_form.js) --------------------

    def _desk_json(self, change):
        """Run a desk service; a refusal is JSON with the policy's message."""
        try:
            return JsonResponse(change() or {"ok": True})
        except policy.NotAllowed as refusal:
            return JsonResponse({"detail": str(refusal)}, status=403)
        except policy.Refusal as refusal:
            return JsonResponse({"detail": str(refusal)}, status=400)

    @staticmethod
    def _json_body(request):
        try:
            body = json.loads(request.body or b"{}")
        except ValueError:
            body = None
        return body if isinstance(body, dict) else {}

    def autosave_view(self, request, pk=None):
        """POST keeps the user's autosave of the article (``{"data": {field: value}}``), DELETE drops it."""
        article = self._article(request, pk) if pk is not None else None
        if request.method == "DELETE":
            return self._desk_json(lambda: desk.autosave_discard(article=article, by=request.user))
        if request.method != "POST":
            return JsonResponse({"detail": "POST or DELETE."}, status=405)
        data = self._json_body(request).get("data")

        def keep():
            autosave = desk.autosave_keep(article=article, by=request.user, data=data)
            return {"saved_at": autosave.saved_at.isoformat()}

        return self._desk_json(keep)

    def presence_view(self, request, pk):
        article = self._article(request, pk)
        body = self._json_body(request)
        return self._desk_json(
            lambda: desk.presence_beat(
                article=article, by=request.user, active=bool(body.get("active")), unsaved=bool(body.get("unsaved"))
            )
        )

    def take_over_view(self, request, pk):
        article = self._article(request, pk)
        return self._desk_json(lambda: desk.lock_take_over(article=article, by=request.user))

    def leave_view(self, request, pk):
        article = self._article(request, pk)
        return self._desk_json(lambda: desk.presence_leave(article=article, by=request.user))
