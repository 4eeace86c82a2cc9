"""The image object, and uploads.

``image_object()`` builds the image object, the one place it is made; ``ImageSerializer`` and the serializers it
nests only declare its shape for the OpenAPI schema.
"""

from rest_framework import serializers

from articles.images import renditions
from articles.models import Image
from newsroom.links import links_for
from newsroom.public_cache import shows


class RenditionSerializer(serializers.Serializer):
    width = serializers.IntegerField()
    height = serializers.IntegerField()
    format = serializers.CharField(help_text='"webp", or the photo\'s own format: "jpeg" or "png" (a GIF\'s are PNG).')
    url = serializers.URLField()


class FocalPointSerializer(serializers.Serializer):
    x = serializers.FloatField(help_text="0 (left edge) to 1 (right edge).")
    y = serializers.FloatField(help_text="0 (top) to 1 (bottom).")


class CropsSerializer(serializers.Serializer):
    """The crops around the focal point by aspect ratio; null until made."""

    def get_fields(self):  # the ratios are not Python names
        return {name: serializers.URLField(allow_null=True) for name in renditions.CROPS}


class ImageSerializer(serializers.ModelSerializer):
    """The image object: the file, what it shows, and the renditions a front end picks from."""

    url = serializers.URLField()
    renditions = RenditionSerializer(many=True, help_text="Every width, in WebP and in the photo's own format.")
    srcset = serializers.CharField(help_text="WebP widths, ready for <img srcset>; empty before renditions are made.")
    focal_point = FocalPointSerializer()
    crops = CropsSerializer()
    social_url = serializers.URLField(allow_null=True, help_text="1200×630 card for Open Graph and feeds.")

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
        read_only_fields = fields

    def to_representation(self, image):
        return image_object(image, links_for(self.context))


class CompactImageSerializer(serializers.ModelSerializer):
    """A photo on a list card: enough for <img src srcset width height alt>; the detail has every rendition."""

    url = serializers.URLField()
    srcset = serializers.CharField(help_text="WebP widths, ready for <img srcset>; empty before renditions are made.")

    class Meta:
        model = Image
        fields = ["id", "url", "width", "height", "alt_text", "srcset"]
        read_only_fields = fields


def compact_image(image, links):
    """The list card's photo: the shape of CompactImageSerializer."""
    shows(f"image:{image.pk}")
    webp = [r for r in image.made_renditions if r.spec.startswith("w") and r.format == "WEBP"]
    return {
        "id": image.pk,
        "url": links.absolute(image.file.url),
        "width": image.width,
        "height": image.height,
        "alt_text": image.alt_text,
        "srcset": _srcset(webp, links),
    }


def _srcset(webp_widths, links):
    return ", ".join(f"{links.absolute(r.url)} {r.width}w" for r in sorted(webp_widths, key=lambda r: r.width))


def image_object(image, links):
    """The image object, built by hand from the renditions the row stores."""
    shows(f"image:{image.pk}")
    widths, crops, social = [], dict.fromkeys(renditions.CROPS), None
    for rendition in image.made_renditions:
        if rendition.spec.startswith("w"):
            widths.append(rendition)
        elif rendition.spec == "social":
            social = links.absolute(rendition.url)
        elif rendition.spec.startswith("crop-"):
            crops[rendition.spec.removeprefix("crop-")] = links.absolute(rendition.url)
    urls = {r: links.absolute(r.url) for r in widths}  # StoredRenditions are tuples: equal ones share a URL
    return {
        "id": image.pk,
        "url": links.absolute(image.file.url),
        "width": image.width,
        "height": image.height,
        "caption": image.caption,
        "credit": image.credit,
        "alt_text": image.alt_text,
        "renditions": [
            {"width": r.width, "height": r.height, "format": r.format.lower(), "url": urls[r]} for r in widths
        ],
        "srcset": _srcset([r for r in widths if r.format == "WEBP"], links),
        "focal_point": {"x": image.focal_x, "y": image.focal_y},
        "crops": crops,
        "social_url": social,
    }


def placement_image(placement, links):
    """The image object of a photo as placed: its caption may override the library's."""
    data = image_object(placement.image, links)
    data["caption"] = placement.effective_caption
    return data


class ImageUploadSerializer(serializers.ModelSerializer):
    # Judged by newsroom.uploads (decoding with Pillow), not by DRF's own image check.
    file = serializers.FileField(help_text="JPEG, PNG, WebP or GIF; size and pixel limits apply.")

    class Meta:
        model = Image
        fields = ["file", "caption", "credit", "alt_text", "focal_x", "focal_y"]
