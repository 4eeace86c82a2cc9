"""Old addresses: a front end that finds nothing at a path asks here where it moved."""

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, permissions
from rest_framework.response import Response
from rest_framework.views import APIView

from articles.api.serializers.redirects import RedirectQuerySerializer, RedirectSerializer
from articles.api.views.errors import TranslatesRefusals
from articles.redirects.services import redirect_answer
from newsroom.public_cache import shows


class RedirectLookupView(TranslatesRefusals, APIView):
    permission_classes = [permissions.AllowAny]

    @extend_schema(
        parameters=[
            OpenApiParameter("path", str, required=True, description=RedirectQuerySerializer().fields["path"].help_text)
        ],
        responses=RedirectSerializer,
        summary="Where an old address redirects: the editors' redirects, imported WordPress addresses, old slugs",
        description="404 when the address redirects nowhere (or only to an article that is not public); 400 when "
        "`path` is missing, too long, or decodes to a control character (`/a%00`).",
    )
    def get(self, request):
        query = RedirectQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        answer = redirect_answer(query.validated_data["path"])
        if answer is None:
            raise exceptions.NotFound("No redirect from this address.")
        shows("redirects", *([f"article:{answer.article.pk}"] if answer.article else []))
        return Response(RedirectSerializer(answer).data)
