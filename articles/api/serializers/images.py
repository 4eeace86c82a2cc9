"""The image object, and uploads."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from articles.images import renditions
from articles.models import Image
from newsroom.links import links_for


class RenditionSerializer(serializers.Serializer):
    width = serializers.IntegerField()
    height = serializers.IntegerField()
    format = serializers.CharField()
    url = serializers.URLField()


class FocalPointSerializer(serializers.Serializer):
    x = serializers.FloatField(help_text="0 (left edge) to 1 (right edge).")
    y = serializers.FloatField(help_text="0 (top) to 1 (bottom).")


CROPS_SCHEMA = {
    "type": "object",
    "properties": {name: {"type": "string", "format": "uri", "nullable": True} for name in renditions.CROPS},
}


class ImageSerializer(serializers.ModelSerializer):
    """The image object: the file, what it shows, and the renditions a front end picks from."""

    url = serializers.SerializerMethodField()
    renditions = serializers.SerializerMethodField()
    srcset = serializers.SerializerMethodField(help_text="WebP widths, ready for <img srcset>.")
    focal_point = serializers.SerializerMethodField()
    crops = serializers.SerializerMethodField(help_text='{"16x9", "4x3", "1x1"}: crops around the focal point.')
    social_url = serializers.SerializerMethodField(help_text="1200×630 card for Open Graph and feeds.")

    class Meta:
        model = Image
        fields = [
            "id",
            "url",
            "width",
            "height",
            "caption",
            "credit",
            "alt_text",
            "renditions",
            "srcset",
            "focal_point",
            "crops",
            "social_url",
        ]

    def to_representation(self, image):
        return image_object(image, links_for(self.context))

    def _absolute(self, file):
        return links_for(self.context).absolute(file.url)

    def get_url(self, image) -> str:
        return self._absolute(image.file)

    @extend_schema_field(RenditionSerializer(many=True))
    def get_renditions(self, image):
        return [
            {"width": r.width, "height": r.height, "format": r.format.lower(), "url": self._absolute(r.file)}
            for r in image.renditions.all()
            if r.spec.startswith("w")
        ]

    def get_srcset(self, image) -> str:
        widths = [r for r in image.renditions.all() if r.spec.startswith("w") and r.format == "WEBP"]
        return ", ".join(f"{self._absolute(r.file)} {r.width}w" for r in sorted(widths, key=lambda r: r.width))

    @extend_schema_field(FocalPointSerializer)
    def get_focal_point(self, image):
        return {"x": image.focal_x, "y": image.focal_y}

    @extend_schema_field(CROPS_SCHEMA)
    def get_crops(self, image):
        crops = {}
        for name in renditions.CROPS:
            rendition = image.rendition(f"crop-{name}")
            crops[name] = self._absolute(rendition.file) if rendition else None
        return crops

    def get_social_url(self, image) -> str | None:
        card = image.rendition("social")
        return self._absolute(card.file) if card else None


def image_object(image, links):
    """The image object ImageSerializer documents, built by hand: lists carry many, each with many renditions."""
    widths, crops, social = [], dict.fromkeys(renditions.CROPS), None
    for rendition in image.renditions.all():
        if rendition.spec.startswith("w"):
            widths.append(rendition)
        elif rendition.spec == "social":
            social = links.absolute(rendition.file.url)
        elif rendition.spec.startswith("crop-"):
            crops[rendition.spec.removeprefix("crop-")] = links.absolute(rendition.file.url)
    urls = {id(r): links.absolute(r.file.url) for r in widths}
    webp = sorted((r for r in widths if r.format == "WEBP"), key=lambda r: r.width)
    return {
        "id": image.pk,
        "url": links.absolute(image.file.url),
        "width": image.width,
        "height": image.height,
        "caption": image.caption,
        "credit": image.credit,
        "alt_text": image.alt_text,
        "renditions": [
            {"width": r.width, "height": r.height, "format": r.format.lower(), "url": urls[id(r)]} for r in widths
        ],
        "srcset": ", ".join(f"{urls[id(r)]} {r.width}w" for r in webp),
        "focal_point": {"x": image.focal_x, "y": image.focal_y},
        "crops": crops,
        "social_url": social,
    }


def placement_image(placement, context):
    """The image object of a photo as placed: its caption may override the library's."""
    data = image_object(placement.image, links_for(context))
    data["caption"] = placement.effective_caption
    return data


class ImageUploadSerializer(serializers.ModelSerializer):
    # Judged by newsroom.uploads (decoding with Pillow), not by DRF's own image check.
    file = serializers.FileField(help_text="JPEG, PNG, WebP or GIF; size and pixel limits apply.")

    class Meta:
        model = Image
        fields = ["file", "caption", "credit", "alt_text", "focal_x", "focal_y"]
