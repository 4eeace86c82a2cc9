import warnings
from datetime import UTC, datetime, timedelta

import pytest
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.deprecation import RemovedInDjango60Warning

from articles.editorial.roles import EDITOR, MODERATOR, ROLE_PERMISSIONS, WRITER
from articles.images.services import article_sync_images
from articles.models import Article, ArticleImage, Comment, Image, Section, Tag
from tests.articles.factories import (
    ArticleFactory,
    CommentFactory,
    ImageFactory,
    SectionFactory,
    TagFactory,
    figure_html,
    png_file,
)
from tests.authors.factories import AuthorFactory, UserFactory

pytestmark = pytest.mark.django_db

SUPERUSER = "superuser"
OK, FORBIDDEN = 200, 403


def staff_user(role):
    if role == SUPERUSER:
        return UserFactory(is_superuser=True)
    user = UserFactory()
    user.groups.add(Group.objects.get(name=role))
    return user


def log_in(client, role):
    user = staff_user(role)
    client.force_login(user)
    return user


def errors_of(response):
    """The form and inline errors of a re-rendered admin form, to show why a save did not happen."""
    if response.context is None or "adminform" not in response.context:
        return None
    return {
        "form": response.context["adminform"].form.errors,
        "inlines": [inline.formset.errors for inline in response.context["inline_admin_formsets"]],
        "non_form": [inline.formset.non_form_errors() for inline in response.context["inline_admin_formsets"]],
    }


def article_form_data(*, author, body, status=Article.Status.DRAFT, **fields):
    """POST data of the article add form, with the byline inline's management form."""
    data = {
        "title": "Ice roads close early",
        "slug": "ice-roads-close-early",
        "dek": "",
        "excerpt": "",
        "body": body,
        "section": "",
        "featured_image": "",
        "status": status,
        "published_at_0": "",
        "published_at_1": "",
        "comments_enabled": "on",
        "seo_title": "",
        "seo_description": "",
        "canonical_url": "",
        "article_authors-TOTAL_FORMS": "1",
        "article_authors-INITIAL_FORMS": "0",
        "article_authors-MIN_NUM_FORMS": "1",
        "article_authors-MAX_NUM_FORMS": "1000",
        "article_authors-0-position": "0",
        "article_authors-0-author": str(author.pk),
        # The read-only photo inline, shown to users who may view placements.
        "placements-TOTAL_FORMS": "0",
        "placements-INITIAL_FORMS": "0",
        "placements-MIN_NUM_FORMS": "0",
        "placements-MAX_NUM_FORMS": "0",
        "_save": "Save",
    }
    return data | fields


# --- Pages each role may open -----------------------------------------------------------------

PAGES = {
    # model: (changelist, add, change) for superuser, Writer, Editor, Moderator
    "article": {
        SUPERUSER: (OK, OK, OK),
        WRITER: (OK, OK, OK),
        EDITOR: (OK, OK, OK),
        MODERATOR: (OK, FORBIDDEN, OK),
    },
    "image": {
        SUPERUSER: (OK, OK, OK),
        WRITER: (OK, OK, OK),
        EDITOR: (OK, OK, OK),
        MODERATOR: (FORBIDDEN, FORBIDDEN, FORBIDDEN),
    },
    "comment": {
        # Comments come from readers: nobody adds them in the admin.
        SUPERUSER: (OK, FORBIDDEN, OK),
        WRITER: (FORBIDDEN, FORBIDDEN, FORBIDDEN),
        EDITOR: (OK, FORBIDDEN, OK),
        MODERATOR: (OK, FORBIDDEN, OK),
    },
    "section": {
        SUPERUSER: (OK, OK, OK),
        WRITER: (OK, FORBIDDEN, OK),
        EDITOR: (OK, OK, OK),
        MODERATOR: (FORBIDDEN, FORBIDDEN, FORBIDDEN),
    },
    "tag": {
        SUPERUSER: (OK, OK, OK),
        WRITER: (OK, OK, OK),
        EDITOR: (OK, OK, OK),
        MODERATOR: (FORBIDDEN, FORBIDDEN, FORBIDDEN),
    },
}


def make_object(model, user):
    if model == "article":
        # Public and in the user's byline, so that what a role may see does not hide it: this is about permissions.
        return ArticleFactory(
            published=True,
            authors=[AuthorFactory(user=user)],
            body=f"<p>Text.</p>{figure_html(ImageFactory())}",
        )
    return {
        "image": ImageFactory,
        "comment": CommentFactory,
        "section": SectionFactory,
        "tag": TagFactory,
    }[model]()


@pytest.mark.parametrize("role", [SUPERUSER, WRITER, EDITOR, MODERATOR])
@pytest.mark.parametrize("model", list(PAGES))
def test_admin_pages_open_only_for_roles_with_the_permission(client, role, model):
    user = log_in(client, role)
    obj = make_object(model, user)

    statuses = (
        client.get(reverse(f"admin:articles_{model}_changelist")).status_code,
        client.get(reverse(f"admin:articles_{model}_add")).status_code,
        client.get(reverse(f"admin:articles_{model}_change", args=[obj.pk])).status_code,
    )

    assert statuses == PAGES[model][role]


@pytest.mark.parametrize("role", [WRITER, EDITOR, MODERATOR])
def test_admin_index_opens_for_every_role(client, role):
    log_in(client, role)

    assert client.get(reverse("admin:index")).status_code == OK


def test_anonymous_visitor_is_sent_to_the_login_page(client):
    response = client.get(reverse("admin:articles_article_changelist"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


# --- Groups and their permissions -----------------------------------------------------------------


@pytest.mark.parametrize("role", [WRITER, EDITOR, MODERATOR])
def test_group_permissions_are_those_listed_in_roles(role):
    expected = {
        f"{label.split('.')[0]}.{action}_{label.split('.')[1]}"
        for label, actions in ROLE_PERMISSIONS[role].items()
        for action in actions
    }

    granted = {
        f"{app_label}.{codename}"
        for app_label, codename in Permission.objects.filter(group__name=role).values_list(
            "content_type__app_label", "codename"
        )
    }

    assert granted == expected


@pytest.mark.parametrize(
    ("role", "permission", "granted"),
    [
        (WRITER, "articles.add_article", True),
        (WRITER, "articles.change_article", True),
        (WRITER, "articles.delete_article", False),
        (WRITER, "articles.publish_article", False),
        (WRITER, "articles.view_comment", False),
        (WRITER, "articles.delete_image", False),
        (WRITER, "authors.change_author", False),
        (EDITOR, "articles.publish_article", True),
        (EDITOR, "articles.delete_article", True),
        (EDITOR, "articles.change_comment", True),
        (EDITOR, "authors.add_author", True),
        (EDITOR, "articles.add_comment", False),
        (MODERATOR, "articles.change_comment", True),
        (MODERATOR, "articles.delete_comment", True),
        (MODERATOR, "articles.view_article", True),
        (MODERATOR, "articles.change_article", False),
        (MODERATOR, "articles.add_article", False),
        (MODERATOR, "articles.publish_article", False),
        (MODERATOR, "articles.view_image", False),
    ],
)
def test_role_holds_exactly_the_expected_permission(role, permission, granted):
    assert staff_user(role).has_perm(permission) is granted


# --- Articles -----------------------------------------------------------------------------------------


def test_editor_adds_an_article_with_its_byline_and_the_photo_placed_in_the_body(client):
    log_in(client, EDITOR)
    first, second = AuthorFactory(), AuthorFactory()
    image = ImageFactory(caption="A harbour at dawn")
    section, tag = SectionFactory(), TagFactory()
    data = article_form_data(
        author=first,
        body=f"<p>Intro.</p>{figure_html(image, caption='The harbour, before the storm')}<p>Closing.</p>",
        status=Article.Status.PUBLISHED,
        section=str(section.pk),
        tags=[str(tag.pk)],
        featured_image=str(image.pk),
        published_at_0="2025-10-30",
        published_at_1="09:00:00",
    ) | {
        "article_authors-TOTAL_FORMS": "2",
        "article_authors-1-position": "1",
        "article_authors-1-author": str(second.pk),
    }

    response = client.post(reverse("admin:articles_article_add"), data)

    assert response.status_code == 302, errors_of(response)
    article = Article.objects.get(slug="ice-roads-close-early")
    assert [credit.author for credit in article.article_authors.all()] == [first, second]
    assert [(p.position, p.image, p.caption) for p in article.placements.all()] == [
        (0, image, "The harbour, before the storm")
    ]
    assert (article.status, article.published_at) == (
        Article.Status.PUBLISHED,
        datetime(2025, 10, 30, 9, 0, tzinfo=UTC),
    )
    assert (article.section, list(article.tags.all()), article.featured_image) == (section, [tag], image)
    assert article.word_count == 7


def test_editor_saving_a_body_with_a_script_stores_it_sanitised(client):
    log_in(client, EDITOR)
    data = article_form_data(author=AuthorFactory(), body='<p onclick="x()">Safe text.</p><script>alert(1)</script>')

    response = client.post(reverse("admin:articles_article_add"), data)

    assert response.status_code == 302, errors_of(response)
    assert Article.objects.get().body == "<p>Safe text.</p>"


def test_article_with_a_photo_not_in_the_library_is_refused_in_the_admin(client):
    log_in(client, EDITOR)
    data = article_form_data(
        author=AuthorFactory(),
        body='<p>Intro.</p><figure><img src="/media/images/nowhere.jpg"><figcaption>x</figcaption></figure>',
    )

    response = client.post(reverse("admin:articles_article_add"), data)

    assert response.status_code == OK
    assert "/media/images/nowhere.jpg" in str(errors_of(response)["form"]["body"])
    assert Article.objects.count() == 0


def test_article_with_the_first_byline_row_left_blank_is_refused(client):
    log_in(client, EDITOR)
    data = article_form_data(author=AuthorFactory(), body="<p>Text.</p>") | {"article_authors-0-author": ""}

    response = client.post(reverse("admin:articles_article_add"), data)

    assert response.status_code == OK
    assert "author" in errors_of(response)["inlines"][0][0]
    assert Article.objects.count() == 0


def test_article_posted_without_any_byline_row_is_refused(client):
    log_in(client, EDITOR)
    data = article_form_data(author=AuthorFactory(), body="<p>Text.</p>") | {"article_authors-TOTAL_FORMS": "0"}

    response = client.post(reverse("admin:articles_article_add"), data)

    assert response.status_code == OK
    assert Article.objects.count() == 0


def test_editor_moving_a_photo_in_the_body_moves_its_placement(client):
    log_in(client, EDITOR)
    author = AuthorFactory()
    a, b = ImageFactory(), ImageFactory()
    article = ArticleFactory(authors=[author], body=f"{figure_html(a)}<p>Text.</p>{figure_html(b)}")
    credit = article.article_authors.get()
    data = article_form_data(author=author, body=f"{figure_html(b)}<p>Text.</p>{figure_html(a)}") | {
        "title": article.title,
        "slug": article.slug,
        "article_authors-INITIAL_FORMS": "1",
        "article_authors-0-id": str(credit.pk),
        "article_authors-0-article": str(article.pk),
        "loaded_revision": "0",  # as the form was opened: the factory's article has no revision yet
    }

    response = client.post(reverse("admin:articles_article_change", args=[article.pk]), data)

    assert response.status_code == 302, errors_of(response)
    assert [(p.position, p.image) for p in ArticleImage.objects.filter(article=article)] == [(0, b), (1, a)]


def test_slug_of_a_published_article_is_not_prefilled_from_the_title(client):
    log_in(client, EDITOR)
    published, draft = ArticleFactory(published=True), ArticleFactory()

    published_page = client.get(reverse("admin:articles_article_change", args=[published.pk]))
    draft_page = client.get(reverse("admin:articles_article_change", args=[draft.pk]))

    assert not published_page.context["prepopulated_fields"]
    assert draft_page.context["prepopulated_fields"]


def test_writer_sees_only_articles_in_their_byline(client):
    writer = log_in(client, WRITER)
    own_author = AuthorFactory(user=writer)
    own = ArticleFactory(authors=[own_author])
    shared = ArticleFactory(authors=[AuthorFactory(), own_author])
    others = ArticleFactory(authors=[AuthorFactory()])

    listed = client.get(reverse("admin:articles_article_changelist")).context["cl"].result_list

    assert sorted(article.pk for article in listed) == sorted([own.pk, shared.pk])
    response = client.get(reverse("admin:articles_article_change", args=[others.pk]), follow=True)
    assert response.redirect_chain == [(reverse("admin:articles_article_changelist"), 302)]
    assert f"No article with the number {others.pk} is open to you" in response.content.decode()


def test_editor_sees_every_article(client):
    log_in(client, EDITOR)
    articles = [ArticleFactory(), ArticleFactory(published=True), ArticleFactory(authors=[])]

    listed = client.get(reverse("admin:articles_article_changelist")).context["cl"].result_list

    assert sorted(article.pk for article in listed) == sorted(article.pk for article in articles)


def test_moderator_sees_only_public_articles_as_in_the_api(client):
    log_in(client, MODERATOR)
    public = ArticleFactory(published=True)
    draft, scheduled = ArticleFactory(), ArticleFactory(scheduled=True)

    listed = client.get(reverse("admin:articles_article_changelist")).context["cl"].result_list

    assert [article.pk for article in listed] == [public.pk]
    for hidden in (draft, scheduled):
        assert client.get(reverse("admin:articles_article_change", args=[hidden.pk])).status_code == 302


def test_moderator_can_open_the_article_a_comment_is_on_but_not_change_it(client):
    log_in(client, MODERATOR)
    comment = CommentFactory()

    response = client.get(reverse("admin:articles_article_change", args=[comment.article_id]))

    assert response.status_code == OK
    assert response.context["has_change_permission"] is False
    assert response.context["original"] == comment.article


def test_writer_cannot_choose_the_published_status_or_the_publish_time(client):
    writer = log_in(client, WRITER)
    AuthorFactory(user=writer)

    form = client.get(reverse("admin:articles_article_add")).context["adminform"].form

    assert [value for value, _ in form.fields["status"].choices] == [Article.Status.DRAFT, Article.Status.IN_REVIEW]
    assert "published_at" not in form.fields


def test_writer_posting_the_published_status_is_refused(client):
    writer = log_in(client, WRITER)
    data = article_form_data(
        author=AuthorFactory(user=writer),
        body="<p>Text.</p>",
        status=Article.Status.PUBLISHED,
        published_at_0="2025-10-30",
        published_at_1="09:00:00",
    )

    response = client.post(reverse("admin:articles_article_add"), data)

    assert response.status_code == OK
    assert "status" in errors_of(response)["form"]
    assert Article.objects.count() == 0


def test_writer_submits_an_article_for_review(client):
    writer = log_in(client, WRITER)
    data = article_form_data(author=AuthorFactory(user=writer), body="<p>Text.</p>", status=Article.Status.IN_REVIEW)

    response = client.post(reverse("admin:articles_article_add"), data)

    assert response.status_code == 302, errors_of(response)
    article = Article.objects.get()
    assert (article.status, article.published_at) == (Article.Status.IN_REVIEW, None)


def test_writer_cannot_publish_an_article_they_are_editing(client):
    writer = log_in(client, WRITER)
    author = AuthorFactory(user=writer)
    article = ArticleFactory(authors=[author], status=Article.Status.IN_REVIEW)
    data = article_form_data(author=author, body=article.body, status=Article.Status.PUBLISHED) | {
        "title": article.title,
        "slug": article.slug,
        "article_authors-INITIAL_FORMS": "1",
        "article_authors-0-id": str(article.article_authors.get().pk),
        "article_authors-0-article": str(article.pk),
    }

    response = client.post(reverse("admin:articles_article_change", args=[article.pk]), data)

    # In review, the article is the editors' to change; the writer may only withdraw it.
    assert response.status_code == OK
    assert "status" in response.context["adminform"].form.errors
    article.refresh_from_db()
    assert article.status == Article.Status.IN_REVIEW


def test_writer_cannot_delete_an_article(client):
    writer = log_in(client, WRITER)
    article = ArticleFactory(authors=[AuthorFactory(user=writer)])

    response = client.post(reverse("admin:articles_article_delete", args=[article.pk]), {"post": "yes"})

    assert response.status_code == FORBIDDEN
    assert Article.objects.filter(pk=article.pk).exists()


def test_moderator_cannot_change_an_article(client):
    moderator = log_in(client, MODERATOR)
    article = ArticleFactory(authors=[AuthorFactory(user=moderator)], title="Original title")
    data = article_form_data(author=article.authors.get(), body=article.body) | {
        "title": "Changed by a moderator",
        "slug": article.slug,
    }

    response = client.post(reverse("admin:articles_article_change", args=[article.pk]), data)

    assert response.status_code == FORBIDDEN
    article.refresh_from_db()
    assert article.title == "Original title"


def test_article_list_shows_comment_counts_by_status_each_linked_to_its_comments(client):
    log_in(client, EDITOR)
    article = ArticleFactory(published=True)
    CommentFactory.create_batch(2, article=article, status=Comment.Status.APPROVED)
    CommentFactory(article=article, status=Comment.Status.PENDING)
    CommentFactory(article=article, status=Comment.Status.SPAM)

    content = client.get(reverse("admin:articles_article_changelist")).content.decode()

    for status, count in [("approved", 2), ("pending", 1), ("rejected", 0), ("spam", 1)]:
        assert f'article__id__exact={article.pk}&amp;status={status}">{count}</a>' in content


def test_article_list_query_count_does_not_grow_with_the_number_of_articles(client):
    log_in(client, EDITOR)
    url = reverse("admin:articles_article_changelist")

    def queries_for_list():
        with CaptureQueriesContext(connection) as context:
            assert client.get(url).status_code == OK
        return len(context)

    ArticleFactory.create_batch(2, authors=[AuthorFactory(), AuthorFactory()], tags=[TagFactory()])
    few = queries_for_list()
    ArticleFactory.create_batch(6, authors=[AuthorFactory(), AuthorFactory()], tags=[TagFactory()])
    many = queries_for_list()

    # The author filter lists each author, but in one query; rows themselves add none.
    assert many == few


@pytest.mark.parametrize("role", [SUPERUSER, EDITOR, WRITER])
def test_article_page_shows_the_photos_placed_in_the_body(client, role):
    user = log_in(client, role)
    image = ImageFactory()
    article = ArticleFactory(
        authors=[AuthorFactory(user=user)], body=figure_html(image, caption="Here, said otherwise")
    )
    article_sync_images(article=article)

    response = client.get(reverse("admin:articles_article_change", args=[article.pk]))

    inlines = {inline.formset.prefix: inline for inline in response.context["inline_admin_formsets"]}
    assert [form.instance.image for form in inlines["placements"].formset.forms] == [image]
    assert "Here, said otherwise" in response.content.decode()


def test_article_form_raises_no_django_6_deprecation_warning(client):
    log_in(client, EDITOR)

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        client.get(reverse("admin:articles_article_add"))

    assert [str(w.message) for w in caught if issubclass(w.category, RemovedInDjango60Warning)] == []


# --- Images ---------------------------------------------------------------------------------------------


def test_writer_uploads_an_image_and_is_recorded_as_its_uploader(client):
    writer = log_in(client, WRITER)
    data = {
        "file": png_file(width=120, height=90, name="harbour.png"),
        "caption": "A harbour at dawn",
        "credit": "Agency Photo",
        "alt_text": "Boats moored in a harbour",
        "_save": "Save",
    }

    response = client.post(reverse("admin:articles_image_add"), data)

    assert response.status_code == 302, errors_of(response)
    image = Image.objects.get()
    assert (image.uploaded_by, image.width, image.height, image.is_placeholder) == (writer, 120, 90, False)


def test_image_page_shows_the_address_to_place_it_in_an_article(client):
    log_in(client, EDITOR)
    image = ImageFactory()

    content = client.get(reverse("admin:articles_image_change", args=[image.pk])).content.decode()

    assert f"<code>{image.file.url}</code>" in content


def test_writer_cannot_delete_an_image(client):
    log_in(client, WRITER)
    image = ImageFactory()

    response = client.post(reverse("admin:articles_image_delete", args=[image.pk]), {"post": "yes"})

    assert response.status_code == FORBIDDEN
    assert Image.objects.filter(pk=image.pk).exists()


# --- Comments --------------------------------------------------------------------------------------------


@pytest.fixture
def comments_by_status():
    article = ArticleFactory(published=True)
    return {status: CommentFactory.create_batch(2, article=article, status=status) for status in Comment.Status.values}


@pytest.mark.parametrize("role", [EDITOR, MODERATOR])
def test_comment_list_opens_on_pending_comments_only(client, role, comments_by_status):
    log_in(client, role)

    listed = client.get(reverse("admin:articles_comment_changelist")).context["cl"].result_list

    assert {comment.pk for comment in listed} == {comment.pk for comment in comments_by_status[Comment.Status.PENDING]}


def test_comment_list_shows_every_status_on_request(client, comments_by_status):
    log_in(client, MODERATOR)
    url = reverse("admin:articles_comment_changelist")

    listed_all = client.get(url, {"status": "all"}).context["cl"].result_list
    listed_spam = client.get(url, {"status": Comment.Status.SPAM}).context["cl"].result_list

    assert len(listed_all) == 8
    assert {c.pk for c in listed_spam} == {c.pk for c in comments_by_status[Comment.Status.SPAM]}


@pytest.mark.parametrize(
    ("action", "status"),
    [("approve", Comment.Status.APPROVED), ("reject", Comment.Status.REJECTED), ("mark_spam", Comment.Status.SPAM)],
)
@pytest.mark.parametrize("role", [EDITOR, MODERATOR])
def test_bulk_action_sets_status_and_records_the_moderator(client, role, action, status):
    moderator = log_in(client, role)
    article = ArticleFactory(published=True)
    chosen = CommentFactory.create_batch(2, article=article)
    untouched = CommentFactory(article=article)
    before = timezone.now()

    response = client.post(
        reverse("admin:articles_comment_changelist"),
        {"action": action, "_selected_action": [str(comment.pk) for comment in chosen]},
    )

    assert response.status_code == 302
    for comment in chosen:
        comment.refresh_from_db()
        assert (comment.status, comment.moderated_by) == (status, moderator)
        assert before <= comment.moderated_at <= timezone.now()
    untouched.refresh_from_db()
    assert (untouched.status, untouched.moderated_by, untouched.moderated_at) == (Comment.Status.PENDING, None, None)


def test_moderator_changing_a_comment_status_is_recorded_as_its_moderator(client):
    moderator = log_in(client, MODERATOR)
    comment = CommentFactory()

    response = client.post(
        reverse("admin:articles_comment_change", args=[comment.pk]),
        {
            "author_name": comment.author_name,
            "author_email": comment.author_email,
            "body": comment.body,
            "status": Comment.Status.REJECTED,
            "_save": "Save",
        },
    )

    assert response.status_code == 302, errors_of(response)
    comment.refresh_from_db()
    assert (comment.status, comment.moderated_by) == (Comment.Status.REJECTED, moderator)
    assert comment.moderated_at is not None


def test_comment_list_links_each_comment_to_its_article(client):
    log_in(client, MODERATOR)
    comment = CommentFactory()

    content = client.get(reverse("admin:articles_comment_changelist")).content.decode()

    assert reverse("admin:articles_article_change", args=[comment.article_id]) in content


def test_writer_cannot_moderate_comments(client):
    log_in(client, WRITER)
    comment = CommentFactory()

    response = client.post(
        reverse("admin:articles_comment_changelist"), {"action": "approve", "_selected_action": [str(comment.pk)]}
    )

    assert response.status_code == FORBIDDEN
    comment.refresh_from_db()
    assert comment.status == Comment.Status.PENDING


# --- Sections and tags ------------------------------------------------------------------------------------


def test_editor_adds_a_section(client):
    log_in(client, EDITOR)

    response = client.post(
        reverse("admin:articles_section_add"),
        {"name": "Arctic", "slug": "arctic", "description": "The far north.", "_save": "Save"},
    )

    assert response.status_code == 302, errors_of(response)
    assert Section.objects.filter(slug="arctic").exists()


def test_writer_adds_a_tag_but_not_a_section(client):
    log_in(client, WRITER)

    tag = client.post(reverse("admin:articles_tag_add"), {"name": "Ice", "slug": "ice", "_save": "Save"})
    section = client.post(reverse("admin:articles_section_add"), {"name": "Arctic", "slug": "arctic", "_save": "Save"})

    assert (tag.status_code, section.status_code) == (302, FORBIDDEN)
    assert Tag.objects.filter(slug="ice").exists()
    assert not Section.objects.filter(slug="arctic").exists()


def test_published_article_scheduled_in_the_future_is_saved_by_an_editor(client):
    log_in(client, EDITOR)
    tomorrow = timezone.now() + timedelta(days=1)
    data = article_form_data(
        author=AuthorFactory(),
        body="<p>Text.</p>",
        status=Article.Status.PUBLISHED,
        published_at_0=tomorrow.strftime("%Y-%m-%d"),
        published_at_1=tomorrow.strftime("%H:%M:%S"),
    )

    response = client.post(reverse("admin:articles_article_add"), data)

    assert response.status_code == 302, errors_of(response)
    assert Article.objects.count() == 1
    assert list(Article.objects.published()) == []
