"""What a visitor finds at the two front doors: ``/`` says what this server is, ``/api/v1/`` lists the API."""

from django.conf import settings
from django.urls import reverse
from django.views.generic import TemplateView
from drf_spectacular.utils import extend_schema
from rest_framework import permissions, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

# (name in the index, URL name, what it is)
API_RESOURCES = [
    ("articles", "article-list", "Public articles, newest first; filters and search."),
    ("authors", "author-list", "Active authors' public profiles."),
    ("sections", "section-list", "Sections with their count of public articles."),
    ("tags", "tag-list", "Tags with their count of public articles."),
    ("moderation_comments", "moderation-comment-list", "The moderation queue (moderators and editors)."),
    ("auth_token", "auth-token", "POST a username and password for a token."),
    ("schema", "schema", "The OpenAPI 3 schema."),
    ("docs", "docs", "Browsable API documentation (Swagger UI)."),
]


class ApiIndexSerializer(serializers.Serializer):
    """The absolute address of each resource of the API."""

    def get_fields(self):
        return {name: serializers.URLField(help_text=about) for name, _, about in API_RESOURCES}


class ApiIndexView(APIView):
    """The API root: every resource by name, with its address."""

    permission_classes = [permissions.AllowAny]

    @extend_schema(responses=ApiIndexSerializer, summary="List the API's resources")
    def get(self, request):
        return Response({name: request.build_absolute_uri(reverse(url_name)) for name, url_name, _ in API_RESOURCES})


class HomeView(TemplateView):
    """``/``: what this server is, with the ways in (no front end is served here)."""

    template_name = "newsroom/home.html"

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "publication": settings.PUBLICATION_NAME,
            "frontend_url": settings.FRONTEND_URL,
            "resources": [(name, reverse(url_name), about) for name, url_name, about in API_RESOURCES],
        }
