from drf_spectacular.utils import extend_schema
from rest_framework import mixins, permissions, viewsets
from rest_framework.response import Response

from newsroom.public_cache import shows

from .models import Author
from .serializers import AuthorSerializer, AuthorWriteSerializer


class AuthorViewSet(
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Active authors' public profiles; editors add and change them."""

    lookup_field = "slug"
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_permissions(self):
        if self.action in ("create", "partial_update"):
            return [permissions.IsAuthenticated(), permissions.DjangoModelPermissions()]
        return super().get_permissions()

    def get_queryset(self):
        if self.action == "list":
            shows("authors")  # a profile shows its author alone (author:<id>); the list, whoever is added
        authors = Author.objects.all() if self.action == "partial_update" else Author.objects.active()
        return authors.for_profile().order_by("name", "pk")

    def get_serializer_class(self):
        return AuthorWriteSerializer if self.action in ("create", "partial_update") else AuthorSerializer

    @extend_schema(responses={201: AuthorSerializer})
    def create(self, request, *args, **kwargs):
        writer = self.get_serializer(data=request.data)
        writer.is_valid(raise_exception=True)
        return self._profile(writer.save(), status=201)

    @extend_schema(responses={200: AuthorSerializer})
    def partial_update(self, request, *args, **kwargs):
        return super().partial_update(request, *args, **kwargs)

    def update(self, request, *args, **kwargs):
        writer = self.get_serializer(self.get_object(), data=request.data, partial=kwargs.get("partial", False))
        writer.is_valid(raise_exception=True)
        return self._profile(writer.save(), status=200)

    def _profile(self, author, status):
        """Writes answer with the public profile, as GET shows it."""
        profile = Author.objects.for_profile().get(pk=author.pk)
        return Response(AuthorSerializer(profile, context=self.get_serializer_context()).data, status=status)
