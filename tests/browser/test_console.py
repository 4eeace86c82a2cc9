"""Every admin page opens in Chromium without a JavaScript console error (the fixtures fail a test on one)."""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.urls import reverse

from articles.editorial.services import article_edit
from tests.articles.factories import ArticleFactory, CommentFactory, ImageFactory, TagFactory, figure_html
from tests.authors.factories import AuthorFactory


def admin_pages(article, revision_ids):
    """The index, each model's list and add page, one change page of each model, and the article's own views."""
    pages = [reverse("admin:index")]
    for model, model_admin in admin.site._registry.items():
        opts = model._meta
        pages.append(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))
        if model_admin.has_add_permission(_Request()):
            pages.append(reverse(f"admin:{opts.app_label}_{opts.model_name}_add"))
        if (first := model.objects.order_by("pk").first()) is not None:
            pages.append(reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[first.pk]))
    older, newer = revision_ids
    pages += [
        reverse("admin:articles_article_change", args=[article.pk]),
        reverse("admin:articles_article_calendar"),
        reverse("admin:articles_article_revisions", args=[article.pk]),
        reverse("admin:articles_article_compare", args=[article.pk]) + f"?a={older}&b={newer}",
        reverse("admin:articles_article_preview", args=[article.pk]),
    ]
    return pages


class _Request:
    """Enough of a request for ``has_add_permission`` as a superuser."""

    class user:
        is_active = is_staff = is_superuser = is_authenticated = True

        @staticmethod
        def has_perm(permission):
            return True


def test_no_admin_page_logs_a_javascript_error(new_context, browser_errors):
    boss = get_user_model().objects.create_superuser("boss", "boss@example.org", "pw")
    photo = ImageFactory()
    article = ArticleFactory(published=True, body=f"<p>Text.</p>{figure_html(photo)}", authors=[AuthorFactory()])
    article.tags.add(TagFactory())
    article_edit(article=article, by=boss, changes={"dek": "A new standfirst."})  # a pending revision
    CommentFactory(article=article)
    from articles.editorial.services import revision_record

    revision_record(article=article, by=boss)
    revision_ids = list(article.revisions.order_by("pk").values_list("pk", flat=True)[:2])
    page = new_context(boss).new_page()

    visited = []
    for address in admin_pages(article, revision_ids):
        response = page.goto(address)
        page.wait_for_load_state("networkidle")
        assert response.status == 200, f"{address}: {response.status}"
        visited.append(address)

    assert len(visited) > 20
    assert not browser_errors.unexpected(), browser_errors.unexpected()
