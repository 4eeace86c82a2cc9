from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

admin.site.site_header = f"{settings.PUBLICATION_NAME} · editors' desk"
admin.site.site_title = settings.PUBLICATION_NAME

api_v1 = [
    path("", include("articles.urls")),
    path("", include("authors.urls")),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="docs"),
]

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", include(api_v1)),
]

# Media is served by Django only in development; production uses the storage or a CDN.
urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

handler404 = "newsroom.exceptions.not_found"
handler500 = "newsroom.exceptions.server_error"
