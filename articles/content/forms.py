"""The article form."""

import copy

from django import forms
from django.forms.models import model_to_dict
from django.utils.formats import date_format
from django.utils.timezone import localtime

from articles.editorial import workflow
from articles.editorial.services import missing_alt_text_message
from articles.models import Article


class ArticleAdminForm(forms.ModelForm):
    """The article form: checks the workflow for the signed-in user and that nobody saved in between."""

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
    canonical_url = forms.URLField(
        label="Canonical URL",
        required=False,
        max_length=500,
        assume_scheme="https",
        help_text=Article._meta.get_field("canonical_url").help_text,
    )

    user = None  # set per request by ArticleAdmin.get_form

    class Meta:
        model = Article
        fields = [
            "title",
            "slug",
            "dek",
            "body",
            "section",
            "tags",
            "featured_image",
            "excerpt",
            "status",
            "published_at",
            "comments_enabled",
            "seo_title",
            "seo_description",
            "canonical_url",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        article = self.instance
        latest = article.revisions.first() if article.pk else None
        self.fields["loaded_revision"].initial = latest.pk if latest else 0
        if article.pending_revision_id:  # go on editing the edit that waits, not the live version
            revision = article.pending_revision
            self.initial.update(model_to_dict(revision.apply_fields(copy.copy(article)), exclude=["tags"]))
            self.initial["tags"] = revision.content["tags"]

    saves_pending = False

    def clean(self):
        # Decided before anything is saved: an edit of a live article that stays live, without "publish now".
        was_live = self.instance.pk is not None and self.instance.status == Article.Status.PUBLISHED
        content_changed = set(self.changed_data) - {"new_correction", "loaded_revision", "publish_changes"}
        # The form shows a waiting edit in place of the live text: saving it live needs "publish now" too.
        self.saves_pending = (
            was_live
            and (content_changed or self.instance.pending_revision_id)
            and self.data.get("status") == Article.Status.PUBLISHED
            and not self.data.get("publish_changes")
        )
        data = super().clean()
        if data.get("new_correction"):
            self._check_may_correct()
        self._check_nobody_saved_since_opened(data.get("loaded_revision"))
        self._check_status_change(data.get("status"))
        if data.get("status") == Article.Status.PUBLISHED:
            if missing := Article.images_missing_alt_text(data.get("body", ""), data.get("featured_image")):
                self.add_error(None, missing_alt_text_message(missing))
        return data

    def _check_may_correct(self):
        if not (self.user.has_perm("articles.add_correction") and self.instance.published_at):
            self.add_error("new_correction", "Only editors add corrections, and only to published articles.")

    def _check_nobody_saved_since_opened(self, loaded_revision):
        if not self.instance.pk:
            return
        latest = self.instance.revisions.select_related("created_by").first()
        if latest and loaded_revision is not None and latest.pk != loaded_revision:
            who = latest.created_by.get_username() if latest.created_by else "someone"
            when = date_format(localtime(latest.created_at), "DATETIME_FORMAT")
            raise forms.ValidationError(
                f"{who} saved this article at {when}, after you opened it. Copy your changes, reload the page "
                "and apply them again, so nothing is overwritten."
            )

    def _check_status_change(self, status):
        if not status or (self.instance.pk and status == self.instance.status):
            return
        try:
            if self.instance.pk:
                workflow.check(self.user, self.instance, workflow.transition_between(self.instance.status, status))
            elif status != Article.Status.DRAFT:
                workflow.check_new(self.user, workflow.transition_between(Article.Status.DRAFT, status))
        except workflow.WorkflowError as refusal:
            self.add_error("status", str(refusal))
