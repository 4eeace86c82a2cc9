"""The article form: turns the editor's input into calls of the editorial services, and their refusals into
field errors. It decides nothing: the services ask the editorial policy, and validating the form tries the very
change it will make, in a savepoint rolled back afterwards."""

import copy

from django import forms
from django.contrib.admin.widgets import AdminTextareaWidget
from django.db import models, transaction
from django.forms.models import inlineformset_factory, model_to_dict
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.timezone import localtime

from articles.editorial import policy
from articles.editorial.services import article_create, article_edit, article_transition, correction_add
from articles.models import Article, ArticleAuthor

CONTENT_FIELDS = [
    "title",
    "slug",
    "dek",
    "body",
    "section",
    "tags",
    "featured_image",
    "excerpt",
    "comments_enabled",
    "seo_title",
    "seo_description",
    "canonical_url",
]
BYLINE_PREFIX = "article_authors"
BylinePost = inlineformset_factory(Article, ArticleAuthor, fields=["position", "author"], extra=0)


class _TriedOnly(Exception):
    """Ends the trial run of a change, rolling it back."""


def _https_by_default(field, **kwargs):
    """An address typed without a scheme is https (Django 6's default), also when the admin's read-only view builds
    the form again without its own formfield_overrides."""
    if isinstance(field, models.URLField):
        kwargs.setdefault("assume_scheme", "https")
    return field.formfield(**kwargs)


class ArticleAdminForm(forms.ModelForm):
    publish_changes = forms.BooleanField(
        required=False,
        label="Publish these changes now",
        help_text="Unticked, your edit of this live article waits as a pending revision; the public keeps the "
        "published version until an editor publishes it.",
    )
    loaded_revision = forms.IntegerField(required=False, widget=forms.HiddenInput)
    new_correction = forms.CharField(
        label="Add a correction",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="A dated note shown with the article; corrections are kept forever.",
    )

    user = None  # set per request by ArticleAdmin.get_form

    class Meta:
        model = Article
        fields = [*CONTENT_FIELDS, "status", "published_at"]
        formfield_callback = _https_by_default
        labels = {"canonical_url": "Canonical URL"}
        # A standfirst is a sentence or two: three rows, and the byline under it stays near the top.
        widgets = {"dek": AdminTextareaWidget(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        article = self.instance
        latest = article.revisions.first() if article.pk else None
        self.fields["loaded_revision"].initial = latest.pk if latest else 0
        self.went_pending = False
        if article.pending_revision_id:  # go on editing the edit that waits, not the live version
            revision = article.pending_revision
            self.initial.update(model_to_dict(revision.apply_fields(copy.copy(article)), exclude=["tags"]))
            self.initial["tags"] = revision.content["tags"]

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        self.byline = self._byline_from_post()
        if self.byline is None:
            return data  # the byline's own errors show on it
        if self.instance.pk:
            # Held until the admin's transaction ends (a savepoint rolled back would release it): nobody saves
            # between the trial below and the save itself.
            Article.objects.select_for_update().filter(pk=self.instance.pk).exists()
        try:
            with transaction.atomic():
                self.apply()
                raise _TriedOnly
        except _TriedOnly:
            pass
        except policy.Unpublishable as refusal:
            for problem in refusal.problems:
                self._add_refusal(problem.field, _with_photo_links(problem))
        except policy.Refusal as refusal:
            self._add_refusal(refusal.field, str(refusal))
        except forms.ValidationError as conflict:
            self.add_error(None, conflict)
        return data

    def _add_refusal(self, field, message):
        if field == "authors":
            message = f"Byline: {message}"
        self.add_error(field if field in self.fields else None, message)

    def _check_nobody_saved_since_opened(self, article):
        """Under the row lock: the form was opened at the article's latest revision."""
        loaded_revision = self.cleaned_data.get("loaded_revision")
        if loaded_revision is None:
            raise forms.ValidationError(
                "This form was sent without the version it was opened at; reload the page and apply your changes."
            )
        latest = article.revisions.select_related("created_by").first()
        if latest and latest.pk != loaded_revision:
            who = latest.created_by.get_username() if latest.created_by else "someone"
            when = date_format(localtime(latest.created_at), "DATETIME_FORMAT")
            raise forms.ValidationError(
                f"{who} saved this article at {when}, after you opened it. Copy your changes, reload the page "
                "and apply them again, so nothing is overwritten."
            )

    def _byline_from_post(self):
        """The author ids of the byline as posted, in order; the current one when the page showed it read-only."""
        editable = self.instance.pk is None or policy.allows(self.user, policy.Action.EDIT, self.instance)
        if not editable or f"{BYLINE_PREFIX}-TOTAL_FORMS" not in self.data:
            return _current_byline(self.instance)
        posted = BylinePost(self.data, instance=self.instance, prefix=BYLINE_PREFIX)
        if not posted.is_valid():
            return None
        kept = [
            (form.cleaned_data.get("position") or 0, index, form.cleaned_data["author"].pk)
            for index, form in enumerate(posted.forms)
            if form.cleaned_data.get("author") and not form.cleaned_data.get("DELETE")
        ]
        return [author_id for _, _, author_id in sorted(kept)]

    def _changes(self):
        changes = {name: self.cleaned_data[name] for name in CONTENT_FIELDS if name in self.changed_data}
        if self.byline != _current_byline(self.instance):
            changes["authors"] = self.byline
        target = self.cleaned_data.get("status") or self.instance.status
        if "published_at" in self.changed_data and target != Article.Status.PUBLISHED:
            changes["published_at"] = self.cleaned_data["published_at"]
        return changes

    def apply(self):
        """Make the change through the editorial services, as the API does; returns the article."""
        by, changes = self.user, self._changes()
        target = self.cleaned_data.get("status")
        publish_at = self.cleaned_data.get("published_at") if "published_at" in self.changed_data else None
        if self.instance.pk is None:
            article = article_create(by=by, changes=changes)
            changes = {}
        else:
            article = Article.objects.select_for_update().get(pk=self.instance.pk)
            self._check_nobody_saved_since_opened(article)
        if target and target != article.status and target != Article.Status.PUBLISHED:
            # Taken off the public first, so the edit applies to an article that is no longer live.
            article_transition(article=article, by=by, name=policy.transition_for(article.status, target))
        if changes:
            article_edit(article=article, by=by, changes=changes)
            self.went_pending = bool(article.pending_revision_id)
        if self.cleaned_data.get("publish_changes") and article.pending_revision_id:
            article_transition(article=article, by=by, name=policy.Action.PUBLISH)
            self.went_pending = False
        if target == Article.Status.PUBLISHED and (target != article.status or publish_at):
            article_transition(article=article, by=by, name=policy.Action.PUBLISH, publish_at=publish_at)
        if text := self.cleaned_data.get("new_correction"):
            correction_add(article=article, text=text, by=by)
        return article


def initial_byline(user):
    """A new article's byline starts with the author profile of whoever writes it, when they have one (as
    WordPress makes the current user the author): a writer writing her own story needs no byline step; an editor
    without a profile picks the authors."""
    profile = getattr(user, "author_profile", None)
    return [{"author": profile.pk, "position": 0}] if profile is not None else []


def _with_photo_links(problem):
    """The problem's message, then a link to each library photo it names (to add its alt text there)."""
    if not problem.photos:
        return problem.message
    links = format_html_join(
        ", ",
        '<a href="{}" target="_blank" rel="noopener">{}</a>',
        ((reverse("admin:articles_image_change", args=[pk]), label) for pk, label in problem.photos),
    )
    return format_html("{} Open: {}", problem.message, links)


def _current_byline(article):
    if article.pk is None:
        return []
    if article.pending_revision_id:
        return article.pending_revision.content["authors"]
    return list(article.article_authors.order_by("position", "pk").values_list("author_id", flat=True))
