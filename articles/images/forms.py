"""The library photo form."""

from django import forms
from django.urls import reverse
from django.utils.html import format_html

from articles.models import Image
from newsroom import uploads


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
