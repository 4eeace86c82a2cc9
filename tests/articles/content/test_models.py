from datetime import timedelta

import pytest
from django.utils import timezone

from articles.content import body
from articles.editorial import policy
from articles.editorial.services import article_edit
from articles.images.services import article_sync_images
from articles.models import Article, ArticleImage, Comment
from tests.articles.factories import ArticleFactory, CommentFactory, ImageFactory, TagFactory, figure_html
from tests.authors.factories import AuthorFactory, StaffFactory

pytestmark = pytest.mark.django_db


def words(count):
    return " ".join(["word"] * count)


# --- Reading time -------------------------------------------------------------


def test_word_count_is_derived_from_the_body_text_on_save():
    article = ArticleFactory(body=f"<h2>{words(3)}</h2><p>{words(10)} <strong>{words(2)}</strong></p>")

    article.refresh_from_db()
    assert article.word_count == 15


def test_word_count_follows_the_body_when_saved_with_update_fields():
    article = ArticleFactory(body=f"<p>{words(5)}</p>")

    article.body = f"<p>{words(500)}</p>"
    article.save(update_fields=["body"])

    article.refresh_from_db()
    assert article.word_count == 500


@pytest.mark.parametrize(
    ("word_total", "minutes"),
    [(0, 1), (1, 1), (230, 1), (231, 2), (460, 2), (461, 3), (2300, 10)],
)
def test_reading_time_is_words_over_230_per_minute_rounded_up_and_at_least_one(word_total, minutes):
    article = ArticleFactory(body=f"<p>{words(word_total)}</p>" if word_total else "")

    assert article.reading_time_minutes == minutes


# --- Sanitising on clean ----------------------------------------------------------


def test_clean_removes_scripts_styles_and_event_handlers_from_the_body():
    article = ArticleFactory()
    article.body = (
        "<script>alert('x')</script>"
        "<style>p { color: red }</style>"
        '<p style="color: red" onclick="steal()">Text <img src="/x.png" onerror="steal()"></p>'
        '<p><a href="javascript:steal()">bad link</a></p>'
        "<iframe src='https://evil.example/'></iframe>"
    )

    article.full_clean()

    lowered = article.body.lower()
    for forbidden in [
        "<script",
        "alert(",
        "<style",
        "color: red",
        "style=",
        "onclick",
        "onerror",
        "javascript:",
        "<iframe",
        "steal()",
    ]:
        assert forbidden not in lowered
    assert "<p>Text" in article.body
    assert "bad link" in article.body


def test_clean_keeps_the_allowed_tags_and_attributes():
    image = ImageFactory()
    allowed = (
        "<h2>Heading</h2>"
        "<h3>Sub</h3>"
        "<p><strong>bold</strong> <em>italic</em> <b>b</b> <i>i</i><br>"
        '<a href="https://example.org/">a link</a></p>'
        "<blockquote><p>quoted</p></blockquote>"
        "<ul><li>one</li></ul>"
        '<ol start="3"><li>three</li></ol>' + figure_html(image)
    )
    article = ArticleFactory()
    article.body = allowed

    article.full_clean()

    for kept in [
        "<h2>Heading</h2>",
        "<h3>Sub</h3>",
        "<strong>bold</strong>",
        "<em>italic</em>",
        "<b>b</b>",
        "<i>i</i>",
        "<br>",
        "<blockquote><p>quoted</p></blockquote>",
        "<ul><li>one</li></ul>",
        '<ol start="3"><li>three</li></ol>',
        "<figure>",
        f'src="{image.file.url}"',
        f"<figcaption>{image.caption}</figcaption>",
    ]:
        assert kept in article.body
    assert 'href="https://example.org/"' in article.body
    assert 'rel="noopener noreferrer"' in article.body


def test_clean_normalises_non_breaking_spaces_in_the_body():
    article = ArticleFactory()
    article.body = "<p>one\u00a0two\u202fthree</p>"

    article.full_clean()

    assert article.body == "<p>one two three</p>"


# --- Slug stability ----------------------------------------------------------------


def test_renaming_a_published_article_keeps_the_old_slug_as_a_redirect():
    from articles.editorial.services import article_save
    from articles.models import SlugRedirect

    article = ArticleFactory(published=True, slug="first-slug")
    article.slug = "second-slug"
    article_save(article=article, by=None, previous_slug="first-slug")

    assert SlugRedirect.objects.get(old_slug="first-slug").article == article


def test_renaming_a_draft_that_was_never_published_leaves_no_redirect():
    from articles.editorial.services import article_save
    from articles.models import SlugRedirect

    article = ArticleFactory(slug="first-slug")
    article.slug = "second-slug"
    article_save(article=article, by=None, previous_slug="first-slug")

    assert not SlugRedirect.objects.exists()


def test_slug_of_a_never_published_draft_can_change():
    article = ArticleFactory(slug="first-slug")
    article.slug = "second-slug"

    article.full_clean()
    article.save()

    assert Article.objects.get(pk=article.pk).slug == "second-slug"


def test_published_article_passes_clean_when_its_slug_is_unchanged():
    article = ArticleFactory(published=True)
    article.title = "A corrected headline"

    article.full_clean()


# --- Figures must be library images --------------------------------------------------


def test_body_figure_of_a_library_image_is_accepted():
    image = ImageFactory()
    article = ArticleFactory()
    article.body = f"<p>Intro.</p>{figure_html(image)}<p>More.</p>"

    article.full_clean()


def test_body_figure_not_in_the_library_is_refused_naming_its_src():
    known = ImageFactory()
    article = ArticleFactory()
    html = (
        f"<p>Intro.</p>{figure_html(known)}"
        '<figure><img src="/media/images/2020/01/not-uploaded.jpg"><figcaption>Lost</figcaption></figure>'
        '<figure><img src="https://elsewhere.example/hotlinked.jpg"><figcaption>Far</figcaption></figure>'
    )

    with pytest.raises(policy.Invalid) as error:
        article_edit(article=article, by=StaffFactory(role="Editor"), changes={"body": html})

    assert error.value.field == "body"
    messages = str(error.value)
    assert "/media/images/2020/01/not-uploaded.jpg" in messages
    assert "https://elsewhere.example/hotlinked.jpg" in messages
    assert known.file.url not in messages


# --- ArticleQuerySet.published ------------------------------------------------------


def test_published_lists_only_published_articles_whose_time_has_come():
    past = timezone.now() - timedelta(days=2)
    public = ArticleFactory(published=True)
    ArticleFactory(status=Article.Status.DRAFT)
    ArticleFactory(status=Article.Status.DRAFT, published_at=past)
    ArticleFactory(status=Article.Status.IN_REVIEW, published_at=past)
    ArticleFactory(status=Article.Status.ARCHIVED, published_at=past)
    ArticleFactory(scheduled=True)
    ArticleFactory(status=Article.Status.PUBLISHED, published_at=None)

    assert list(Article.objects.published()) == [public]


# --- with_comment_counts -------------------------------------------------------------


def test_with_comment_counts_counts_approved_and_pending_comments_per_article():
    busy, quiet = ArticleFactory(published=True), ArticleFactory(published=True)
    CommentFactory.create_batch(3, article=busy, status=Comment.Status.APPROVED)
    CommentFactory.create_batch(2, article=busy, status=Comment.Status.PENDING)
    CommentFactory(article=busy, status=Comment.Status.REJECTED)
    CommentFactory(article=busy, status=Comment.Status.SPAM)
    CommentFactory(article=quiet, status=Comment.Status.REJECTED)

    counted = {article.pk: article for article in Article.objects.with_comment_counts(statuses=["approved", "pending"])}

    assert (counted[busy.pk].approved_comment_count, counted[busy.pk].pending_comment_count) == (3, 2)
    assert (counted[quiet.pk].approved_comment_count, counted[quiet.pk].pending_comment_count) == (0, 0)


def test_with_comment_counts_is_not_multiplied_by_joins_on_authors_and_tags():
    article = ArticleFactory(published=True, authors=[], tags=[])
    for position, author in enumerate(AuthorFactory.create_batch(3)):
        article.article_authors.create(author=author, position=position)
    article.tags.set(TagFactory.create_batch(2))
    CommentFactory.create_batch(2, article=article, status=Comment.Status.APPROVED)
    CommentFactory(article=article, status=Comment.Status.PENDING)

    counted = (
        Article.objects.with_comment_counts(statuses=["approved", "pending"])
        .filter(authors__isnull=False, tags__isnull=False)
        .distinct()
        .get()
    )

    assert (counted.approved_comment_count, counted.pending_comment_count) == (2, 1)


# --- article_sync_images ---------------------------------------------------------------


def placements_of(article):
    return [(p.position, p.image_id, p.caption) for p in ArticleImage.objects.filter(article=article)]


def test_sync_images_places_the_body_figures_in_reading_order():
    first, second = ImageFactory(), ImageFactory()
    article = ArticleFactory(body=f"<p>Intro.</p>{figure_html(second)}<p>Middle.</p>{figure_html(first)}<p>End.</p>")

    article_sync_images(article=article)

    assert placements_of(article) == [(0, second.pk, ""), (1, first.pk, "")]


def test_sync_images_records_a_caption_only_when_it_overrides_the_default():
    kept, overridden = ImageFactory(caption="Default caption"), ImageFactory(caption="Library caption")
    article = ArticleFactory(
        body=figure_html(kept, caption="Default caption") + figure_html(overridden, caption="Said differently here")
    )

    article_sync_images(article=article)

    placements = list(ArticleImage.objects.filter(article=article))
    assert placements_of(article) == [(0, kept.pk, ""), (1, overridden.pk, "Said differently here")]
    assert [p.effective_caption for p in placements] == ["Default caption", "Said differently here"]


def test_sync_images_follows_the_body_when_figures_are_moved_and_removed():
    a, b, c = ImageFactory(), ImageFactory(), ImageFactory()
    article = ArticleFactory(body=figure_html(a) + "<p>x</p>" + figure_html(b) + figure_html(c))
    article_sync_images(article=article)

    article.body = figure_html(c) + "<p>x</p>" + figure_html(a)
    article.save()
    article_sync_images(article=article)

    assert placements_of(article) == [(0, c.pk, ""), (1, a.pk, "")]


def test_sync_images_skips_figures_that_are_not_library_images():
    image = ImageFactory()
    article = ArticleFactory(
        body='<figure><img src="https://elsewhere.example/x.jpg"><figcaption>x</figcaption></figure>'
        + figure_html(image)
    )

    article_sync_images(article=article)

    assert placements_of(article) == [(0, image.pk, "")]


def test_sync_images_removes_every_placement_when_the_body_has_no_figures():
    image = ImageFactory()
    article = ArticleFactory(body=figure_html(image))
    article_sync_images(article=article)

    article.body = "<p>Text only now.</p>"
    article.save()
    article_sync_images(article=article)

    assert placements_of(article) == []


def test_placed_figures_reads_src_alt_and_caption_in_order():
    html = (
        '<p>a</p><figure><img src="/media/images/one.jpg" alt="One"><figcaption> First </figcaption></figure>'
        '<figure><img src="/media/images/two.jpg"></figure>'
    )

    figures = body.placed_figures(html)

    assert [(f.src, f.alt, f.caption, f.image_name) for f in figures] == [
        ("/media/images/one.jpg", "One", "First", "images/one.jpg"),
        ("/media/images/two.jpg", "", "", "images/two.jpg"),
    ]
