"""Curated fronts: public reads, the same for every client (a front shows public articles only)."""

import math

from django.utils import timezone
from django.utils.cache import patch_cache_control
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions
from rest_framework.response import Response

from articles.api.serializers.fronts import FrontDetailSerializer, FrontSerializer
from articles.api.views.articles import ReadOnlyViewSet
from articles.fronts.layout import compose
from articles.fronts.models import Front
from newsroom.public_cache import shows


class FrontViewSet(ReadOnlyViewSet):
    """Fronts (home, world, an app's tab…), each an ordered list of cards kept by editors."""

    serializer_class = FrontSerializer

    def get_queryset(self):
        shows("fronts")
        return Front.objects.order_by("name", "pk")

    @extend_schema(responses=FrontSerializer(many=True), summary="Fronts, by name")
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(
        responses=FrontDetailSerializer,
        summary="A front's cards, in order, as they stand now",
        description="Curated slots (with the editors' headline, dek, photo and label) at their places, pinned ones "
        "at their own positions, the other positions filled by the front's backfill rule with articles not on the "
        "front already. Only public articles ever appear; a slot whose show window has not begun or has ended is "
        "left out. `Cache-Control: max-age` never reaches past the next slot that begins or ends.",
    )
    def retrieve(self, request, *args, **kwargs):
        front = Front.objects.for_composing().filter(slug=kwargs["slug"]).first()
        if front is None:
            raise exceptions.NotFound(f"No front is at “{kwargs['slug']}”.")
        # A front changes with any article going public or not (its backfill, a slot's article going out on time).
        shows(f"front:{front.pk}", "articles")
        composition = compose(front)
        response = Response(FrontDetailSerializer(composition, context=self.get_serializer_context()).data)
        if composition.next_change is not None:  # the shared cache's entries end there too (newsroom.invalidation)
            seconds = math.floor((composition.next_change - timezone.now()).total_seconds())
            patch_cache_control(response, max_age=max(0, seconds))
        return response
