"""The library picker the article editor opens from its figure dialog, and uploads from inside the editor.

The picker answers django-prose-editor's figure dialog the way its "Browse..." button expects (the CKEditor
convention: ``window.opener.CKEDITOR.tools.callFunction(CKEditorFuncNum, url, {id, alternative_text, caption})``).
Uploads go through ``image_create``, as the image admin's and the API's do.
"""

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import JsonResponse
from django.template.response import TemplateResponse
from django.urls import path
from django.views.decorators.http import require_POST

from articles.images.services import DuplicateImage, image_create
from newsroom import uploads

PER_PAGE = 24


def picked(image):
    """What the editor needs of a photo to place it."""
    return {
        "id": image.pk,
        "url": image.file.url,
        "alternative_text": image.alt_text,
        "caption": image.caption,
        "credit": image.credit,
        "width": image.width,
        "height": image.height,
    }


class ImagePickerViews:
    """Mixed into ImageAdmin: ``picker/`` (search, thumbnails, an Upload tab) and ``picker/upload/`` (JSON)."""

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("picker/", view(self.picker_view), name="articles_image_picker"),
            path("picker/upload/", view(require_POST(self.upload_view)), name="articles_image_upload"),
            *super().get_urls(),
        ]

    def _upload(self, request):
        if not self.has_add_permission(request):
            raise PermissionDenied("Your account may not add photos to the library.")
        upload = request.FILES.get("file")
        if upload is None:
            raise uploads.UploadRejected("Choose a photo file (JPEG, PNG, WebP or GIF).")
        fields = {name: request.POST.get(name, "").strip() for name in ("caption", "credit", "alt_text")}
        try:
            return image_create(upload=upload, by=request.user, **fields), False
        except DuplicateImage as duplicate:
            return duplicate.existing, True  # the photo already in the library is the one to place

    def upload_view(self, request):
        """A photo dropped or pasted into the editor: into the library, answered with what places it."""
        try:
            image, existing = self._upload(request)
        except PermissionDenied as refusal:
            return JsonResponse({"detail": str(refusal)}, status=403)
        except uploads.UploadRejected as rejection:
            return JsonResponse({"detail": str(rejection)}, status=400)
        return JsonResponse({**picked(image), "existing": existing}, status=200 if existing else 201)

    def picker_view(self, request):
        from articles.images.admin import _thumbnail  # the admin module mixes this class in

        if not self.has_view_permission(request):
            raise PermissionDenied("Your account may not see the photo library.")
        error, chosen = None, None
        if request.method == "POST":
            try:
                chosen, _ = self._upload(request)
            except uploads.UploadRejected as rejection:
                error = str(rejection)
        query = request.GET.get("q", "").strip()[:200]
        images = self.get_queryset(request)
        if query:
            images = images.filter(
                Q(caption__icontains=query) | Q(alt_text__icontains=query) | Q(credit__icontains=query)
            )
        page = Paginator(images.order_by("-created_at"), PER_PAGE).get_page(request.GET.get("page"))
        return TemplateResponse(
            request,
            "admin/articles/image/picker.html",
            {
                **self.admin_site.each_context(request),
                "title": "Place a photo",
                "is_popup": True,
                "query": query,
                "page": page,
                "photos": [(image, picked(image), _thumbnail(image, 120)) for image in page],
                "func_num": request.GET.get("CKEditorFuncNum", ""),
                "error": error,
                "chosen": picked(chosen) if chosen else None,
                "may_upload": self.has_add_permission(request),
                "tab": "upload" if error or request.GET.get("tab") == "upload" else "library",
            },
        )
