"""The ten disagreements between the admin and the API that the one editorial policy ended, each on both surfaces."""

from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from articles.editorial import policy
from articles.editorial.roles import EDITOR, MODERATOR, WRITER
from articles.editorial.services import article_discard_revision, article_edit, correction_add, revision_record
from articles.models import Article, Correction, SlugRedirect
from tests.articles.article_form import change_url, form_as_shown
from tests.articles.factories import ArticleFactory, ImageFactory, figure_html, pending_edit
from tests.authors.factories import AuthorFactory, UserFactory, token_client

pytestmark = pytest.mark.django_db


def staff(role):
    user = UserFactory()
    user.groups.add(Group.objects.get(name=role))
    return user


def writer_with_profile():
    user = staff(WRITER)
    return user, AuthorFactory(user=user)


def admin_client(user):
    client = Client()
    client.force_login(user)
    return client


def post_form(client, article, **fields):
    page = client.get(change_url(article))
    assert page.status_code == 200
    return client.post(change_url(article), form_as_shown(page, **fields))


def form_errors(response):
    assert response.status_code == 200, "the form was saved"
    return response.context["adminform"].form.errors


def saved(article):
    revision_record(article=article, by=None)  # what the change form compares against
    return article


@pytest.fixture(autouse=True)
def no_response_cache(settings):
    settings.PUBLIC_RESPONSE_CACHE = False


# 1. A writer removing themselves from the byline.


def test_writer_removing_themselves_from_the_byline_is_refused_in_the_admin():
    writer, own = writer_with_profile()
    colleague = AuthorFactory()
    article = saved(ArticleFactory(authors=[own]))

    response = post_form(admin_client(writer), article, **{"article_authors-0-author": str(colleague.pk)})

    assert "Keep yourself in the byline" in str(form_errors(response))
    assert list(article.authors.all()) == [own]


def test_writer_removing_themselves_from_the_byline_is_refused_by_the_api():
    writer, own = writer_with_profile()
    colleague = AuthorFactory()
    article = saved(ArticleFactory(authors=[own]))

    response = token_client(writer).patch(
        f"/api/v1/articles/{article.slug}/", {"authors": [colleague.slug]}, format="json"
    )

    assert response.status_code == 403
    assert "Keep yourself in the byline" in response.json()["detail"]
    assert list(article.authors.all()) == [own]


# 2. One publishability check, every problem with its field.


def unpublishable_draft():
    bare_body, bare_featured = ImageFactory(alt_text="", caption="Quay"), ImageFactory(alt_text="", caption="Pier")
    article = ArticleFactory(body=f"<p>Text.</p>{figure_html(bare_body)}", featured_image=bare_featured)
    return saved(article)


def test_admin_publish_lists_every_problem_on_its_field():
    article = unpublishable_draft()

    errors = form_errors(post_form(admin_client(staff(EDITOR)), article, status=Article.Status.PUBLISHED))

    assert "“Quay”" in errors["body"][0] and "alt text" in errors["body"][0]
    assert "“Pier”" in errors["featured_image"][0]
    assert Article.objects.get(pk=article.pk).status == Article.Status.DRAFT


@pytest.mark.parametrize("options", [{}, {"publish_at": "2099-01-01T09:00:00Z"}], ids=["publish", "schedule"])
def test_api_publish_and_schedule_list_the_same_problems_on_their_fields(options):
    article = unpublishable_draft()
    expected = {problem.field: problem.message for problem in policy.publish_problems(article_content(article))}

    response = token_client(staff(EDITOR)).post(f"/api/v1/articles/{article.slug}/publish/", options, format="json")

    assert response.status_code == 409
    assert response.json()["errors"] == {
        "body_html": [expected["body"]],
        "featured_image": [expected["featured_image"]],
    }
    assert Article.objects.get(pk=article.pk).status == Article.Status.DRAFT


def article_content(article):
    from articles.models import Revision

    return Revision.content_of(article)


def test_a_pending_revision_adding_a_photo_without_alt_text_cannot_be_published_on_either_surface():
    editor = staff(EDITOR)
    bare = ImageFactory(alt_text="", caption="Quay")
    for surface in ("admin", "api"):
        article = saved(ArticleFactory(published=True))
        pending_edit(article, body=f"<p>Text.</p>{figure_html(bare)}")
        if surface == "admin":
            response = admin_client(editor).post(reverse("admin:articles_article_publish_pending", args=[article.pk]))
            assert response.status_code == 302
        else:
            response = token_client(editor).post(f"/api/v1/articles/{article.slug}/publish/")
            assert response.status_code == 409
            assert "“Quay”" in response.json()["errors"]["body_html"][0]
        article.refresh_from_db()
        assert article.pending_revision_id is not None
        assert "Quay" not in article.body


# 3. Discarding a pending revision: the service itself asks.


def test_discarding_a_pending_revision_is_for_editors_on_every_surface():
    writer, own = writer_with_profile()
    article = saved(ArticleFactory(published=True, authors=[own]))
    pending = pending_edit(article, title="Waiting")

    with pytest.raises(policy.NotAllowed):
        article_discard_revision(article=article, by=writer)
    admin = admin_client(writer).post(reverse("admin:articles_article_discard_pending", args=[article.pk]))
    api = token_client(writer).post(f"/api/v1/articles/{article.slug}/discard-pending/")

    assert (admin.status_code, api.status_code) == (403, 403)
    article.refresh_from_db()
    assert article.pending_revision == pending
    token_client(staff(EDITOR)).post(f"/api/v1/articles/{article.slug}/discard-pending/")
    article.refresh_from_db()
    assert article.pending_revision is None


# 4 and 8. Preview links: editors, and writers of the article's own byline.


@pytest.mark.parametrize("who", ["moderator", "writer not in the byline"])
@pytest.mark.parametrize("state", ["draft", "published with a pending revision"])
def test_preview_links_are_refused_on_both_surfaces(who, state):
    user = staff(MODERATOR) if who == "moderator" else writer_with_profile()[0]
    article = saved(ArticleFactory(published=state != "draft"))
    if state != "draft":
        pending_edit(article, title="Embargoed headline")

    admin = admin_client(user).get(reverse("admin:articles_article_preview", args=[article.pk]))
    api = token_client(user).post(f"/api/v1/articles/{article.slug}/preview-link/")

    assert admin.status_code in (403, 404)  # a draft is not even visible to them
    assert api.status_code in (403, 404)
    assert "Embargoed headline" not in admin.content.decode() + api.content.decode()


def test_writer_of_the_byline_previews_their_own_pending_edit():
    writer, own = writer_with_profile()
    article = saved(ArticleFactory(published=True, authors=[own]))
    pending_edit(article, title="Their own waiting headline")

    token = token_client(writer).post(f"/api/v1/articles/{article.slug}/preview-link/").json()["token"]
    admin = admin_client(writer).get(reverse("admin:articles_article_preview", args=[article.pk]))

    assert APIClient().get(f"/api/v1/preview/{token}/").json()["title"] == "Their own waiting headline"
    assert admin.status_code == 200


# 5. Drafts: moderators see what the public sees, on both surfaces.


def test_moderators_see_no_draft_on_either_surface():
    moderator = staff(MODERATOR)
    public, draft = ArticleFactory(published=True), ArticleFactory(title="Unseen draft")

    listed = admin_client(moderator).get(reverse("admin:articles_article_changelist")).context["cl"].result_list
    api = token_client(moderator).get("/api/v1/articles/").json()["results"]

    assert [article.pk for article in listed] == [public.pk] == [item["id"] for item in api]
    assert token_client(moderator).get(f"/api/v1/articles/{draft.slug}/").status_code == 404


# 6. Corrections: the service asks, whatever the surface.


def test_writers_cannot_add_corrections_on_any_surface():
    writer, own = writer_with_profile()
    article = saved(ArticleFactory(published=True, authors=[own]))

    with pytest.raises(policy.NotAllowed):
        correction_add(article=article, text="Wrong date.", by=writer)
    api = token_client(writer).post(f"/api/v1/articles/{article.slug}/corrections/", {"text": "Wrong date."})
    admin = admin_client(writer).post(change_url(article), {"new_correction": "Wrong date."})

    assert (api.status_code, admin.status_code) == (403, 403)
    assert not Correction.objects.exists()


def test_editors_add_corrections_on_both_surfaces():
    editor = staff(EDITOR)
    article = saved(ArticleFactory(published=True))

    api = token_client(editor).post(f"/api/v1/articles/{article.slug}/corrections/", {"text": "Wrong date."})
    admin = post_form(admin_client(editor), article, new_correction="Wrong name.")

    assert (api.status_code, admin.status_code) == (201, 302)
    assert sorted(article.corrections.values_list("text", flat=True)) == ["Wrong date.", "Wrong name."]


# 7 and 9. A slug is taken by an article, a pending revision, or an old address.


@pytest.mark.parametrize("holder", ["pending revision", "redirect"])
def test_a_slug_held_elsewhere_is_refused_on_both_surfaces(holder):
    editor = staff(EDITOR)
    other = ArticleFactory(published=True, slug="other")
    if holder == "pending revision":
        pending_edit(other, slug="wanted")
    else:
        SlugRedirect.objects.create(old_slug="wanted", article=other)
    article = saved(ArticleFactory())

    admin = post_form(admin_client(editor), article, slug="wanted")
    api = token_client(editor).patch(f"/api/v1/articles/{article.slug}/", {"slug": "wanted"}, format="json")
    created = token_client(editor).post("/api/v1/articles/", {"title": "New", "slug": "wanted"}, format="json")

    assert "is taken" in form_errors(admin)["slug"][0]
    assert (api.status_code, created.status_code) == (400, 400)
    assert "is taken" in api.json()["errors"]["slug"][0]
    assert not Article.objects.filter(slug="wanted").exists()


def test_a_new_draft_titled_like_an_old_address_gets_another_slug_and_the_redirect_stays():
    writer, own = writer_with_profile()
    moved = ArticleFactory(published=True, slug="ferry-sails")
    SlugRedirect.objects.create(old_slug="ferry-sails-at-noon", article=moved)

    response = token_client(writer).post("/api/v1/articles/", {"title": "Ferry sails at noon"}, format="json")

    assert response.status_code == 201
    assert response.json()["slug"] == "ferry-sails-at-noon-2"
    assert SlugRedirect.objects.get(old_slug="ferry-sails-at-noon").article == moved


# 10. "Live" means public now: a scheduled article takes edits directly.


@pytest.mark.parametrize("surface", ["admin", "api"])
def test_an_edit_of_a_scheduled_article_is_what_goes_live_at_its_time(surface):
    editor = staff(EDITOR)
    publish_at = (timezone.now() + timedelta(hours=2)).replace(microsecond=0)
    article = saved(ArticleFactory(status=Article.Status.PUBLISHED, published_at=publish_at, title="Uncorrected"))

    if surface == "admin":
        assert post_form(admin_client(editor), article, title="Corrected").status_code == 302
    else:
        response = token_client(editor).patch(f"/api/v1/articles/{article.slug}/", {"title": "Corrected"})
        assert response.status_code == 200
        assert response.json()["pending_revision"] is None

    article.refresh_from_db()
    assert (article.title, article.pending_revision) == ("Corrected", None)
    with time_machine.travel(publish_at + timedelta(minutes=1)):
        assert APIClient().get(f"/api/v1/articles/{article.slug}/").json()["title"] == "Corrected"


def test_an_edit_of_a_live_article_still_waits():
    article = saved(ArticleFactory(published=True, title="Live"))

    article_edit(article=article, by=staff(EDITOR), changes={"title": "Waiting"})

    article.refresh_from_db()
    assert (article.title, article.pending_revision.content["title"]) == ("Live", "Waiting")
