from django.conf import settings
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularAPIView
from rest_framework import exceptions


class SchemaView(SpectacularAPIView):
    """The OpenAPI schema of the API's one version: ``?version=`` may name only that one (drf-spectacular would put
    any text it is given into the Content-Disposition header)."""

    @extend_schema(exclude=True)
    def get(self, request, *args, **kwargs):
        version = request.query_params.get("version")
        if version not in (None, settings.SPECTACULAR_SETTINGS["VERSION"]):
            raise exceptions.NotFound(f"This API has one version, {settings.SPECTACULAR_SETTINGS['VERSION']}.")
        return super().get(request, *args, **kwargs)
