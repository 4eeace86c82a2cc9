from io import StringIO

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone
from PIL import Image as PILImage
from rest_framework.test import APIClient

from articles.content import body
from articles.images import renditions
from articles.management.commands.generate_content import PHOTO_POOL, SECTIONS
from articles.models import Article, ArticleImage, Comment, Image, Section, Tag
from authors.models import Author

pytestmark = pytest.mark.django_db


def generate(articles=40, seed=7, **options):
    out = StringIO()
    call_command("generate_content", articles=articles, seed=seed, stdout=out, **options)
    return out.getvalue()


def generated_titles_and_slugs(seed):
    """What one run makes, undone afterwards so that the next run starts from the same empty database."""
    with transaction.atomic():
        generate(articles=30, seed=seed)
        made = list(Article.objects.order_by("pk").values_list("title", "slug"))
        transaction.set_rollback(True)
    return made


def test_makes_the_requested_articles_with_their_authors_sections_tags_photos_and_comments():
    output = generate(articles=40, authors=6, comments_per_article=3)

    assert Article.objects.count() == 40
    assert Author.objects.count() == 6
    assert Section.objects.count() == len(SECTIONS)
    assert Tag.objects.count() == 200
    for article in Article.objects.prefetch_related("article_authors", "tags", "placements"):
        bylines = list(article.article_authors.all())
        assert 1 <= len(bylines) <= 3
        assert [byline.position for byline in bylines] == list(range(len(bylines)))
        assert 1 <= len(article.tags.all()) <= 5
        assert article.section_id is not None
        assert 1 <= len(article.placements.all()) <= 3
    assert Comment.objects.filter(status=Comment.Status.APPROVED).exists()
    assert Comment.objects.filter(status=Comment.Status.PENDING).exists()
    assert "Generated 40 articles" in output


def test_most_articles_are_public_and_the_rest_drafts_or_scheduled():
    generate(articles=300)

    now = timezone.now()
    public = Article.objects.published()
    assert public.count() > 250
    assert not public.filter(published_at__gt=now).exists()
    assert Article.objects.filter(status=Article.Status.PUBLISHED, published_at__gt=now).exists()
    assert Article.objects.filter(status=Article.Status.DRAFT, published_at__isnull=True).exists()


def test_the_same_seed_gives_the_same_titles_and_slugs_and_another_seed_others():
    first = generated_titles_and_slugs(seed=11)

    assert generated_titles_and_slugs(seed=11) == first
    assert generated_titles_and_slugs(seed=12) != first
    assert len({slug for _, slug in first}) == len(first)


def test_placements_follow_the_figures_of_the_body_and_the_first_photo_is_featured():
    generate(articles=25)

    for article in Article.objects.prefetch_related("placements__image"):
        placements = list(article.placements.all())
        figures = body.placed_figures(article.body)
        assert [(p.image.file.name, p.effective_caption) for p in placements] == [
            (f.image_name, f.caption) for f in figures
        ]
        assert [p.position for p in placements] == list(range(len(placements)))
        assert article.featured_image_id == placements[0].image_id


def test_bodies_are_already_sanitised_and_word_counts_match_the_body():
    generate(articles=25)

    for article in Article.objects.all():
        assert body.sanitize(article.body) == article.body
        assert article.word_count == body.word_count(article.body)
        assert 5 <= article.body.count("<p>") <= 7


def test_photos_share_a_small_pool_of_real_jpeg_files():
    generate(articles=60)

    names = set(Image.objects.values_list("file", flat=True))
    assert names <= {name for name, _ in PHOTO_POOL}
    assert Image.objects.count() == ArticleImage.objects.count() > len(PHOTO_POOL)
    for image in Image.objects.all()[:10]:
        assert default_storage.exists(image.file.name)
        assert (image.width, image.height) == dict(PHOTO_POOL)[image.file.name]
    with default_storage.open(PHOTO_POOL[0][0]) as file:
        assert file.read(3) == b"\xff\xd8\xff"  # JPEG


def test_each_photo_has_the_renditions_the_image_library_would_make():
    generate(articles=10)

    image = Image.objects.prefetch_related("renditions").first()
    with default_storage.open(image.file.name) as file:
        expected = renditions.make(PILImage.open(file), image_format="JPEG", focal=image.focal_point)
    assert {(r.spec, r.format, r.width, r.height) for r in image.renditions.all()} == {
        (spec, image_format, width, height) for spec, image_format, width, height, _ in expected
    }
    assert all(default_storage.exists(r.file.name) for r in image.renditions.all())
    assert (image.format, image.file_size) == ("JPEG", default_storage.size(image.file.name))


def test_replies_hang_under_approved_comments_of_the_same_article_and_name_their_thread():
    generate(articles=60, comments_per_article=6)

    replies = Comment.objects.filter(parent__isnull=False).select_related("parent", "thread")
    assert replies.exists()
    for reply in replies:
        assert reply.parent.article_id == reply.article_id
        assert reply.parent.status == Comment.Status.APPROVED
        assert reply.thread.parent_id is None
        assert reply.thread_id == (reply.parent.thread_id or reply.parent_id)
        assert reply.created_at > reply.parent.created_at


def test_generated_rows_carry_times_of_their_own_not_the_time_of_the_run():
    generate(articles=20)

    article = Article.objects.published().first()
    assert article.created_at < article.published_at <= article.updated_at < timezone.now()


def test_the_public_api_serves_the_generated_content():
    generate(articles=40)
    api = APIClient()

    listing = api.get("/api/v1/articles/")
    assert listing.status_code == 200
    assert listing.json()["count"] == Article.objects.published().count()
    assert len(listing.json()["results"]) == 20

    slug = listing.json()["results"][0]["slug"]
    detail = api.get(f"/api/v1/articles/{slug}/")
    assert detail.status_code == 200
    assert [block["type"] for block in detail.json()["body"]].count("image") == len(detail.json()["images"])
    assert api.get(f"/api/v1/articles/{slug}/comments/").status_code == 200
    assert api.get("/feeds/rss/").status_code == 200


def test_running_again_adds_articles_beside_those_already_there():
    generate(articles=10, seed=3)
    generate(articles=10, seed=3)

    assert Article.objects.count() == 20
    assert Article.objects.values("slug").distinct().count() == 20
    assert Section.objects.count() == len(SECTIONS)
