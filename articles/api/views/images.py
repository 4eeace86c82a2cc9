"""The image library for editing tools."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, mixins, permissions, status, viewsets
from rest_framework.response import Response

from articles.api.permissions import IsStaff
from articles.api.serializers.images import ImageSerializer, ImageUploadSerializer
from articles.images.services import DuplicateImage, image_create
from articles.models import Image
from newsroom.parsers import NulRefusingFormParser, NulRefusingMultiPartParser
from newsroom.uploads import UploadRejected


class ImageViewSet(mixins.CreateModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The image library for editing tools: upload a photo (multipart) with its caption, credit and alt text."""

    permission_classes = [permissions.IsAuthenticated, IsStaff, permissions.DjangoModelPermissions]
    parser_classes = [NulRefusingMultiPartParser, NulRefusingFormParser]

    def get_queryset(self):
        return Image.objects.all()

    def get_serializer_class(self):
        return ImageUploadSerializer if self.action == "create" else ImageSerializer

    @extend_schema(request=ImageUploadSerializer, responses={201: ImageSerializer, 409: OpenApiTypes.OBJECT})
    def create(self, request, *args, **kwargs):
        upload = ImageUploadSerializer(data=request.data)
        upload.is_valid(raise_exception=True)
        fields = dict(upload.validated_data)
        try:
            image = image_create(upload=fields.pop("file"), by=request.user, **fields)
        except UploadRejected as rejection:
            raise exceptions.ValidationError({"file": [str(rejection)]}) from None
        except DuplicateImage as duplicate:
            existing = self.get_queryset().get(pk=duplicate.existing.pk)
            return Response(
                {
                    "detail": str(duplicate),
                    "existing": ImageSerializer(existing, context=self.get_serializer_context()).data,
                },
                status=status.HTTP_409_CONFLICT,
            )
        image = self.get_queryset().get(pk=image.pk)
        return Response(
            ImageSerializer(image, context=self.get_serializer_context()).data, status=status.HTTP_201_CREATED
        )
