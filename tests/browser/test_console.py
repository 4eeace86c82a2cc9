"""Every admin page opens in Chromium without a JavaScript console error (the fixtures fail a test on one).

The pages come from the admin's registry: for each registered model, every URL its ModelAdmin's ``get_urls()``
names, filled in with one object of that model (tests/browser/objects.py). A URL that answers the test client with
an HTML page is opened in the browser; one that answers JSON (a script's endpoint) or 405 (an action, POST only) is
not a page. A new admin, or a new view in one, is covered without touching this file.
"""

import re

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.test import Client, RequestFactory
from django.urls import reverse

from articles.models import Article, LiveCoverage
from tests.browser.objects import one_of_each

STANDARD = ("changelist", "add", "history", "delete", "change")  # Django's own, offered by permission


def url_parameters(pattern):
    return re.findall(r"<(?:\w+:)?(\w+)>", str(pattern.pattern))


def admin_addresses(objects, boss):
    """Every named admin URL the superuser is offered, with the object of its model put in (and, for a few views,
    again with the query that shows more)."""
    older, newer = objects[Article].revisions.order_by("pk").values_list("pk", flat=True)[:2]
    entry = objects[LiveCoverage].entries.get()
    values = {"revision": older, "step": "submit", "status": "approved", "entry": entry.pk, "op": "publish"}
    queries = {  # views that show more with a query: each is opened with it too
        "articles_article_compare": [f"?a={older}&b={newer}"],
        "articles_image_picker": ["", "?CKEditorFuncNum=1", "?CKEditorFuncNum=1&tab=upload"],
        "articles_livecoverage_live": ["", f"?edit={entry.pk}"],
    }
    request = as_request(boss)
    addresses = [reverse("admin:index")]
    for model, model_admin in admin.site._registry.items():
        assert model in objects, f"tests/browser/objects.py makes no {model._meta.label} for its admin pages"
        obj = objects[model]
        for pattern in model_admin.get_urls():
            name = pattern.name
            if name is None or name.endswith("_autocomplete"):
                continue  # the redirect of an old change address; the site's autocomplete is a script's
            kind = name.rsplit("_", 1)[1]
            if kind in STANDARD and not offered(model_admin, kind, request, obj):
                continue
            kwargs = {}
            for parameter in url_parameters(pattern):
                if parameter in ("pk", "id", "object_id"):
                    kwargs[parameter] = obj.pk
                else:
                    assert parameter in values, f"{name}: no value for its URL parameter {parameter!r}"
                    kwargs[parameter] = values[parameter]
            address = reverse(f"admin:{name}", kwargs=kwargs)
            addresses += [address + query for query in queries.get(name, [""])]
    return addresses


def as_request(user):
    request = RequestFactory().get("/admin/")
    request.user = user
    return request


def offered(model_admin, kind, request, obj):
    if kind == "add":
        return model_admin.has_add_permission(request)
    if kind == "delete":
        return model_admin.has_delete_permission(request, obj)
    return model_admin.has_view_or_change_permission(request, obj if kind != "changelist" else None)


def is_page(client, address):
    """HTML answered to a GET; JSON or 405 means a script's endpoint or a POST-only action."""
    response = client.get(address)
    if response.status_code == 405 or response.get("Content-Type", "").startswith("application/json"):
        return False
    assert response.status_code == 200, f"{address}: {response.status_code}"
    return True


def test_no_admin_page_logs_a_javascript_error(new_context, browser_errors):
    boss = get_user_model().objects.create_superuser("boss", "boss@example.org", "pw")
    objects = one_of_each(boss)
    client = Client()
    client.force_login(boss)
    pages = [address for address in admin_addresses(objects, boss) if is_page(client, address)]
    page = new_context(boss).new_page()

    for address in pages:
        response = page.goto(address)
        page.wait_for_load_state("networkidle")
        assert response.status == 200, f"{address}: {response.status}"

    for must in ["/live/", "/live/?edit=", "tab=upload", "/history/", "/delete/", "/revisions/compare/?a="]:
        assert any(must in address for address in pages), f"no page with {must} was opened"
    for model in objects:  # the change page of each model, whatever else
        opts = model._meta
        change = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[objects[model].pk])
        assert change in pages, f"{change} was not opened"
    assert not browser_errors.unexpected(), browser_errors.unexpected()
