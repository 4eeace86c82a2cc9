from rest_framework import mixins, viewsets

from .models import Author
from .serializers import AuthorSerializer


class AuthorViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Active authors' public profiles."""

    serializer_class = AuthorSerializer
    lookup_field = "slug"

    def get_queryset(self):
        return Author.objects.active().for_profile().order_by("name", "pk")
