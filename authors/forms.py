from django import forms

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
        fields = "__all__"
