from rest_framework import pagination
from rest_framework.exceptions import NotFound, ValidationError


def _positive_int(request, name):
    raw = request.query_params.get(name)
    if raw is None:
        return None
    try:
        value = int(raw)
    except ValueError:
        value = 0
    if value < 1:
        raise ValidationError({name: [f"{name} must be a whole number of 1 or more; got {raw!r}."]})
    return value


class PageNumberPagination(pagination.PageNumberPagination):
    """``page`` and ``page_size`` (default 20, capped at 100); a malformed value is a 400, a page past the end a 404."""

    page_size_query_param = "page_size"
    max_page_size = 100

    def get_page_size(self, request):
        size = _positive_int(request, self.page_size_query_param)
        return min(size, self.max_page_size) if size else self.page_size

    def paginate_queryset(self, queryset, request, view=None):
        page_number = _positive_int(request, self.page_query_param) or 1
        self.request = request
        paginator = self.django_paginator_class(queryset, self.get_page_size(request))
        if page_number > max(paginator.num_pages, 1):
            raise NotFound(f"Page {page_number} is past the last page ({paginator.num_pages}).")
        self.page = paginator.page(page_number)
        return list(self.page)
