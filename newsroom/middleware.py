from django.http import JsonResponse


def refuse_nul_in_address(get_response):
    """An address with a NUL in it names nothing, and PostgreSQL cannot even look it up: 400 before any view."""

    def middleware(request):
        if "\x00" in request.path:
            return JsonResponse({"detail": "The address contains a NUL character (%00); remove it."}, status=400)
        return get_response(request)

    return middleware
