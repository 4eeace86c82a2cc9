"""``/api/v1/webhooks/``: webhook endpoints, their delivery log, redelivery and ping (editors and superusers).

The services decide (and ask the policy); this translates refusals into status codes.
"""

from django.db import transaction
from django.shortcuts import get_object_or_404
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import exceptions, mixins, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from articles.api.views.errors import TranslatesRefusals
from articles.editorial import policy
from articles.editorial.policy import SiteAction
from articles.integrations import events, services
from articles.integrations.models import WebhookDelivery, WebhookEndpoint


class ManagesWebhooks(permissions.BasePermission):
    message = "Only editors and superusers manage webhooks."

    def has_permission(self, request, view):
        if not request.user.is_authenticated:
            raise exceptions.NotAuthenticated()
        return policy.allows(request.user, SiteAction.MANAGE_WEBHOOKS)


class WebhookEndpointSerializer(serializers.ModelSerializer):
    events = serializers.ListField(
        child=serializers.ChoiceField(choices=sorted(events.EVENT_TYPES)), allow_empty=False, max_length=50
    )
    url = serializers.URLField(max_length=500)

    class Meta:
        model = WebhookEndpoint
        fields = [
            "id",
            "url",
            "events",
            "description",
            "is_active",
            "consecutive_failures",
            "disabled_reason",
            "previous_secret_expires_at",
            "created_at",
            "updated_at",
        ]
        read_only_fields = [
            "consecutive_failures",
            "disabled_reason",
            "previous_secret_expires_at",
            "created_at",
            "updated_at",
        ]


class WebhookEndpointWithSecretSerializer(WebhookEndpointSerializer):
    """The answer to a create or a rotation: the only time the secret is shown."""

    secret = serializers.CharField(read_only=True)

    class Meta(WebhookEndpointSerializer.Meta):
        fields = [*WebhookEndpointSerializer.Meta.fields, "secret"]


class WebhookDeliverySerializer(serializers.ModelSerializer):
    event_id = serializers.CharField(source="event.message_id", read_only=True)
    event_type = serializers.CharField(source="event.type", read_only=True)
    request_headers = serializers.DictField(child=serializers.CharField())

    class Meta:
        model = WebhookDelivery
        fields = [
            "id",
            "event_id",
            "event_type",
            "attempt",
            "created_at",
            "succeeded",
            "request_headers",
            "request_body",
            "response_status",
            "response_body",
            "error",
            "duration_ms",
            "next_attempt_at",
        ]
        read_only_fields = fields


QUEUED = inline_serializer("Queued", {"detail": serializers.CharField()})


class WebhookEndpointViewSet(
    TranslatesRefusals,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """Outgoing webhook endpoints; the secret is shown once, on create and on rotation."""

    permission_classes = [ManagesWebhooks]
    serializer_class = WebhookEndpointSerializer
    queryset = WebhookEndpoint.objects.order_by("pk")
    lookup_value_regex = r"\d+"
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    @extend_schema(responses={201: WebhookEndpointWithSecretSerializer}, summary="Add an endpoint (secret shown once)")
    def create(self, request, *args, **kwargs):
        sent = self.get_serializer(data=request.data)
        sent.is_valid(raise_exception=True)
        endpoint = services.endpoint_create(by=request.user, **sent.validated_data)
        return Response(WebhookEndpointWithSecretSerializer(endpoint).data, status=status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        sent = self.get_serializer(self.get_object(), data=request.data, partial=True)
        sent.is_valid(raise_exception=True)
        endpoint = services.endpoint_update(endpoint=sent.instance, by=request.user, changes=sent.validated_data)
        return Response(WebhookEndpointSerializer(endpoint).data)

    def perform_destroy(self, instance):
        services.endpoint_delete(endpoint=instance, by=self.request.user)

    @extend_schema(
        request=None,
        responses=WebhookEndpointWithSecretSerializer,
        summary="A new secret; the old one keeps signing for 24 h beside it",
    )
    @action(detail=True, methods=["post"], url_path="rotate-secret")
    def rotate_secret(self, request, pk=None):
        endpoint = services.endpoint_rotate_secret(endpoint=self.get_object(), by=request.user)
        return Response(WebhookEndpointWithSecretSerializer(endpoint).data)

    @extend_schema(request=None, responses={202: QUEUED}, summary="Send a test ping to this endpoint")
    @action(detail=True, methods=["post"])
    def ping(self, request, pk=None):
        services.endpoint_ping(endpoint=self.get_object(), by=request.user)
        return Response({"detail": "A ping is on its way; see the deliveries."}, status=status.HTTP_202_ACCEPTED)

    @extend_schema(responses=WebhookDeliverySerializer(many=True), summary="The delivery log, newest first")
    @action(detail=True, methods=["get"])
    def deliveries(self, request, pk=None):
        page = self.paginate_queryset(services.deliveries_of(self.get_object()))
        return self.get_paginated_response(WebhookDeliverySerializer(page, many=True).data)

    @extend_schema(request=None, responses={202: QUEUED}, summary="Send a logged delivery's event again")
    @action(detail=True, methods=["post"], url_path=r"deliveries/(?P<delivery>\d+)/redeliver")
    @transaction.atomic
    def redeliver(self, request, pk=None, delivery=None):
        found = get_object_or_404(services.deliveries_of(self.get_object()).select_related("endpoint"), pk=delivery)
        services.delivery_redeliver(delivery=found, by=request.user)
        return Response({"detail": "Redelivery queued; see the deliveries."}, status=status.HTTP_202_ACCEPTED)


class ApiKeyScheme(OpenApiAuthenticationExtension):
    target_class = "articles.integrations.apikeys.ApiKeyAuthentication"
    name = "apiKeyAuth"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "`Api-Key <key>`: a front end's key (read, preview, write scopes).",
        }
