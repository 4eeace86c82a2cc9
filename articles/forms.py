import copy

from django import forms
from django.forms.models import model_to_dict
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.timezone import localtime

from newsroom import uploads

from . import workflow
from .models import Article, Image
from .services.editorial import missing_alt_text_message


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


class ImageAdminForm(forms.ModelForm):
    """A library photo: a new file is judged by newsroom.uploads and refused if it is in the library already."""

    photo = None  # the cleaned upload, when a new file came
    # Judged by newsroom.uploads alone (decoding with Pillow), whose messages name the limit that was hit.
    file = forms.FileField(help_text="JPEG, PNG, WebP or GIF.")

    class Meta:
        model = Image
        fields = ["file", "caption", "credit", "alt_text", "focal_x", "focal_y", "is_placeholder"]
        widgets = {
            "focal_x": forms.NumberInput(attrs={"step": "0.01", "min": 0, "max": 1}),
            "focal_y": forms.NumberInput(attrs={"step": "0.01", "min": 0, "max": 1}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("focal_x", "focal_y"):
            self.fields[name].required = False  # left empty, crops centre on the middle

    def clean_focal_x(self):
        return 0.5 if self.cleaned_data.get("focal_x") is None else self.cleaned_data["focal_x"]

    def clean_focal_y(self):
        return 0.5 if self.cleaned_data.get("focal_y") is None else self.cleaned_data["focal_y"]

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if "file" not in self.changed_data or not upload:
            return upload
        if self.instance.pk and (users := self.instance.used_by()):
            raise forms.ValidationError(
                f"Articles place this photo ({', '.join(a.title for a in users)}): add the new file as a new photo "
                "instead, so those articles keep theirs."
            )
        try:
            self.photo = uploads.clean_photo(upload)
        except uploads.UploadRejected as rejection:
            raise forms.ValidationError(str(rejection)) from None
        existing = Image.objects.filter(content_hash=self.photo.content_hash).exclude(pk=self.instance.pk).first()
        if existing:
            url = reverse("admin:articles_image_change", args=[existing.pk])
            raise forms.ValidationError(
                format_html(
                    'This photo is in the library already: <a href="{}">{}</a>. Use that one.', url, existing.label
                )
            )
        return upload
