"""A live entry's correction is at most CORRECTION_MAX_LENGTH characters: the service's rule, refused alike with a clear
message on the posting screen and over the API."""

import pytest
from django.test import Client
from django.urls import reverse

from articles.editorial import policy
from articles.live import services
from tests.articles.live.factories import editor, live_article, post
from tests.authors.factories import token_client

pytestmark = pytest.mark.django_db

LIMIT = services.CORRECTION_MAX_LENGTH
REFUSAL = "At most 10,000 characters; this has 10,001."


@pytest.fixture
def scene():
    article, desk = live_article(), editor()
    return article, post(article, desk, "The count starts at 9pm."), desk


def test_the_service_refuses_a_correction_past_the_limit_naming_its_field(scene):
    article, entry, desk = scene

    with pytest.raises(policy.Invalid) as refusal:
        services.entry_correction_add(article=article, entry=entry, by=desk, text="x" * (LIMIT + 1))

    assert (str(refusal.value), refusal.value.field) == (REFUSAL, "text")
    assert services.entry_correction_add(article=article, entry=entry, by=desk, text="x" * LIMIT).text == "x" * LIMIT


def test_the_posting_screen_refuses_a_correction_past_the_limit_with_the_services_message(scene):
    article, entry, desk = scene
    client = Client()
    client.force_login(desk)
    url = reverse("admin:articles_livecoverage_correction", args=[article.pk, entry.pk])

    page = client.get(reverse("admin:articles_livecoverage_live", args=[article.pk])).content.decode()
    refused = client.post(url, {"text": "x" * (LIMIT + 1)}, follow=True)

    assert f'maxlength="{LIMIT}"' in page  # the browser's hint, read from the service's limit
    assert refused.status_code == 200 and REFUSAL in refused.content.decode()
    assert not entry.corrections.exists()


def test_the_api_refuses_a_correction_past_the_limit_with_a_400_on_its_field(scene):
    article, entry, desk = scene
    url = f"/api/v1/articles/{article.slug}/entries/{entry.pk}/corrections/"

    refused = token_client(desk).post(url, {"text": "x" * (LIMIT + 1)}, format="json")

    assert refused.status_code == 400 and refused.json()["errors"] == {"text": [REFUSAL]}
    assert not entry.corrections.exists()
