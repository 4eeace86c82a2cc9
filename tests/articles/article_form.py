"""The article change form as a browser posts it back: for admin tests of the workflow and of photos."""

import re

from django.urls import reverse
from django.utils import timezone

OK = 200


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def loaded_revision_in(page):
    """The hidden ``loaded_revision`` value as the browser would send it back."""
    found = re.search(r'<input type="hidden" name="loaded_revision"(?: value="(\d*)")?', page.content.decode())
    assert found, "the change form has no loaded_revision field"
    return found.group(1) or ""


def change_form_data(article, *, loaded_revision, **fields):
    """POST data of the article change form as it stands in the database, with ``fields`` changed."""
    credits = list(article.article_authors.order_by("position"))
    published_at = timezone.localtime(article.published_at) if article.published_at else None
    data = {
        "title": article.title,
        "slug": article.slug,
        "dek": article.dek,
        "excerpt": article.excerpt,
        "body": article.body,
        "section": str(article.section_id or ""),
        "tags": [str(pk) for pk in article.tags.values_list("pk", flat=True)],
        "featured_image": str(article.featured_image_id or ""),
        "status": article.status,
        "published_at_0": published_at.strftime("%Y-%m-%d") if published_at else "",
        "published_at_1": published_at.strftime("%H:%M:%S") if published_at else "",
        "comments_enabled": "on" if article.comments_enabled else "",
        "seo_title": article.seo_title,
        "seo_description": article.seo_description,
        "canonical_url": article.canonical_url,
        "loaded_revision": loaded_revision,
        "new_correction": "",
        "article_authors-TOTAL_FORMS": str(len(credits)),
        "article_authors-INITIAL_FORMS": str(len(credits)),
        "article_authors-MIN_NUM_FORMS": "1",
        "article_authors-MAX_NUM_FORMS": "1000",
        "placements-TOTAL_FORMS": "0",
        "placements-INITIAL_FORMS": "0",
        "placements-MIN_NUM_FORMS": "0",
        "placements-MAX_NUM_FORMS": "0",
        "_save": "Save",
    }
    for index, credit in enumerate(credits):
        data |= {
            f"article_authors-{index}-id": str(credit.pk),
            f"article_authors-{index}-article": str(article.pk),
            f"article_authors-{index}-position": str(credit.position),
            f"article_authors-{index}-author": str(credit.author_id),
        }
    return data | fields


def edit_in_admin(client, article, **fields):
    """Open the change page, as a browser does, and post it back with ``fields`` changed."""
    page = client.get(change_url(article))
    assert page.status_code == OK
    data = change_form_data(article, loaded_revision=loaded_revision_in(page), **fields)
    return client.post(change_url(article), data)


def form_as_shown(page, **fields):
    """What a browser posts back from the admin change form in ``page``, untouched but for ``fields``: the inputs
    the page renders, as rendered (read-only fields send nothing)."""
    import lxml.html

    form = lxml.html.fromstring(page.content.decode()).get_element_by_id(f"{page.context['opts'].model_name}_form")
    data = {"_save": "Save"}
    for element in form.iter("input", "select", "textarea"):
        name, kind = element.get("name"), (element.get("type") or "").lower()
        if not name or element.get("disabled") is not None or kind in ("submit", "button", "file"):
            continue
        if element.tag == "select":
            chosen = [
                option.get("value", option.text or "")
                for option in element.iter("option")
                if option.get("selected") is not None
            ]
            if element.get("multiple") is not None:
                data[name] = chosen
            elif chosen or len(element):
                data[name] = chosen[0] if chosen else element.xpath("string(.//option[1]/@value)")
        elif element.tag == "textarea":
            data[name] = element.text or ""
        elif kind in ("checkbox", "radio"):
            if element.get("checked") is not None:
                data[name] = element.get("value", "on")
        else:
            data[name] = element.get("value", "")
    return data | fields
