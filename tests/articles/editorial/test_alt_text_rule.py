"""One rule for a placed photo's alt text: the placement's (typed in the editor), else the library's default."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from rest_framework.test import APIClient

from articles.editorial import policy
from articles.editorial.roles import EDITOR
from articles.editorial.services import article_transition
from articles.models import Revision
from tests.articles.article_form import edit_in_admin
from tests.articles.factories import ArticleFactory, ImageFactory
from tests.authors.factories import UserFactory

pytestmark = pytest.mark.django_db


def placed(image, alt):
    return f'<p>Text.</p><figure><img src="{image.file.url}" alt="{alt}"><figcaption>Here</figcaption></figure>'


def editor():
    user = UserFactory()
    user.groups.add(Group.objects.get(name=EDITOR))
    return user


def test_alt_text_typed_on_the_placement_satisfies_the_publish_check():
    image = ImageFactory(alt_text="")
    content = Revision.content_of(ArticleFactory(body=placed(image, "Boats at dawn")))
    assert policy.publish_problems(content) == []


def test_the_library_default_satisfies_it_when_the_placement_has_none():
    image = ImageFactory(alt_text="Boats at dawn")
    assert policy.publish_problems(Revision.content_of(ArticleFactory(body=placed(image, "")))) == []


def test_a_photo_with_neither_is_named_with_a_link_target():
    image = ImageFactory(alt_text="", caption="Harbour")
    (problem,) = policy.publish_problems(Revision.content_of(ArticleFactory(body=placed(image, " "))))
    assert problem.field == "body"
    assert problem.photos == ((image.pk, image.label),)


def test_readers_get_the_placement_s_alt_text_in_the_body():
    image = ImageFactory(alt_text="Library words")
    article = ArticleFactory(body=placed(image, "Placement words"))
    article_transition(article=article, by=editor(), name="publish")

    detail = APIClient().get(f"/api/v1/articles/{article.slug}/").json()

    assert 'alt="Placement words"' in detail["body_html"]
    (figure,) = [block for block in detail["body"] if block["type"] == "image"]
    assert figure["image"]["alt_text"] == "Placement words"


def test_the_admin_s_publish_refusal_links_to_each_photo_that_needs_alt_text(client):
    client.force_login(editor())
    image = ImageFactory(alt_text="", caption="Harbour")
    article = ArticleFactory(body=placed(image, ""))

    response = edit_in_admin(client, article, status="published")

    html = response.content.decode()
    assert "Every photo needs alt text before the article is published" in html
    assert f'<a href="{reverse("admin:articles_image_change", args=[image.pk])}" target="_blank"' in html
