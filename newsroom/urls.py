from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import path

admin.site.site_header = f"{settings.PUBLICATION_NAME} newsroom"
admin.site.site_title = settings.PUBLICATION_NAME

urlpatterns = [
    path("admin/", admin.site.urls),
]

# Media is served by Django only in development; production uses the storage or a CDN.
urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
