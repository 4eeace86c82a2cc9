from django import forms

from newsroom import uploads

from .models import Author


class LinesField(forms.CharField):
    """Edits a JSON list of short strings as one item per line."""

    widget = forms.Textarea(attrs={"rows": 3})

    def prepare_value(self, value):
        if isinstance(value, (list, tuple)):
            return "\n".join(value)
        return value

    def to_python(self, value):
        if isinstance(value, list):
            return value
        return [line.strip() for line in (value or "").splitlines() if line.strip()]


class AuthorForm(forms.ModelForm):
    expertise = LinesField(required=False, help_text="Areas of expertise, one per line.")
    beats = LinesField(required=False, help_text="Beats or regions covered, one per line.")

    class Meta:
        model = Author
        fields = [
            "name",
            "post_nominals",
            "slug",
            "job_title",
            "is_active",
            "bio",
            "expertise",
            "beats",
            "avatar",
            "email",
            "user",
        ]

    def clean_avatar(self):
        """An avatar is served publicly: upright, and without GPS or any other metadata (newsroom.uploads)."""
        avatar = self.cleaned_data.get("avatar")
        if "avatar" not in self.changed_data or not avatar:
            return avatar
        try:
            return uploads.clean_photo(avatar).file
        except uploads.UploadRejected as rejection:
            raise forms.ValidationError(str(rejection)) from None
