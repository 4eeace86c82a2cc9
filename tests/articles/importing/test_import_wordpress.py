"""The WordPress importer, run as from the shell on a hand-authored export in WordPress's own WXR 1.2 format."""

import io
from datetime import UTC, datetime
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django_tasks_db.models import DBTaskResult
from rest_framework.test import APIClient

from articles.comments.moderation import client_hash
from articles.models import (
    Article,
    ArticleAuthor,
    ArticleEmbed,
    ArticleImage,
    Comment,
    Embed,
    Image,
    Redirect,
    Revision,
    Section,
    SlugRedirect,
    Tag,
    WordPressItem,
)
from authors.models import Author
from tests.articles.importing.conftest import EXPORT, notes, streamed, summary

pytestmark = pytest.mark.django_db
POST_10 = "post 10 “Cafés & bars on the quay – a guide”"
POST_11 = "post 11 “The harbour wall, restored”"


def import_wordpress(*args):
    out = io.StringIO()
    call_command("import_wordpress", *[str(arg) for arg in args], stdout=out)
    return out.getvalue()


def article_of(post_id):
    record = WordPressItem.objects.get(kind="post", wp_id=str(post_id))
    return Article.objects.get(pk=record.object_id)


def image_of(attachment_id):
    return Image.objects.get(pk=WordPressItem.objects.get(kind="attachment", wp_id=str(attachment_id)).object_id)


def files():
    """Every file under MEDIA_ROOT with its size and last change: a file written again is a change."""
    root = Path(settings.MEDIA_ROOT)
    found = [path for path in root.rglob("*") if path.is_file()]
    return sorted((str(path.relative_to(root)), path.stat().st_size, path.stat().st_mtime_ns) for path in found)


def everything():
    """What an import writes, to compare two states of the database and the media folder."""
    return {
        "articles": list(Article.objects.order_by("pk").values()),
        "images": list(Image.objects.order_by("pk").values()),
        "placements": list(ArticleImage.objects.order_by("pk").values()),
        "bylines": list(ArticleAuthor.objects.order_by("pk").values()),
        "tag_links": list(Article.tags.through.objects.order_by("pk").values()),
        "authors": list(Author.objects.order_by("pk").values()),
        "sections": list(Section.objects.order_by("pk").values()),
        "tags": list(Tag.objects.order_by("pk").values()),
        "comments": list(Comment.objects.order_by("pk").values()),
        "redirects": list(Redirect.objects.order_by("pk").values()),
        "slug_redirects": list(SlugRedirect.objects.order_by("pk").values()),
        "embeds": list(Embed.objects.order_by("pk").values()),
        "embed_placements": list(ArticleEmbed.objects.order_by("pk").values()),
        "tasks": list(DBTaskResult.objects.order_by("enqueued_at", "id").values("id", "task_path", "args_kwargs")),
        "revisions": list(Revision.objects.order_by("pk").values()),
        "ledger": list(WordPressItem.objects.order_by("pk").values()),
        "files": files(),
    }


@pytest.fixture
def imported(uploads):
    return import_wordpress(EXPORT, "--uploads", uploads)


def test_every_status_maps_to_the_workflow_and_trash_and_pages_are_skipped(imported):
    published = article_of(10)
    assert published.status == Article.Status.PUBLISHED
    assert published.published_at == datetime(2024, 3, 15, 8, 30, tzinfo=UTC)
    assert article_of(11).published_at == datetime(2024, 3, 16, 10, 0, tzinfo=UTC)  # the GMT column, not local
    scheduled = article_of(12)
    assert (scheduled.status, scheduled.published_at) == (Article.Status.PUBLISHED, datetime(2099, 1, 1, 9, tzinfo=UTC))
    assert not scheduled.is_public
    assert (article_of(13).status, article_of(13).published_at) == (Article.Status.DRAFT, None)
    assert article_of(14).status == Article.Status.IN_REVIEW
    assert article_of(15).status == Article.Status.DRAFT  # private
    assert notes(imported)["post 15 “Staff notes”"] == ["private in WordPress: imported as a draft"]
    assert not WordPressItem.objects.filter(kind="post", wp_id__in=["16", "20"]).exists()  # trash, and a page
    assert Article.objects.count() == 6
    assert "page items: 1 skipped" in imported


def test_a_bad_post_is_reported_and_the_others_are_imported(imported):
    assert notes(imported)["post 17 “Broken nesting”"] == [
        "not imported: The body nests elements 35 levels deep; at most 32."
    ]
    assert "posts: 6 created, 1 skipped, 1 failed" in imported
    assert not Article.objects.filter(title="Broken nesting").exists()


def test_each_note_is_written_as_it_comes_naming_its_item_and_the_run_ends_with_the_counts_and_notes_by_kind(
    imported,
):
    assert streamed(imported) == [
        "attachment 106 “timetable”: attachment 106 is not a photo (timetable.pdf); not imported",
        f"{POST_10}: unknown block wp:acme/poll: its text was kept",
        f"{POST_10}: published with 1 photo(s) lacking alt text: add it in the image library",
        f"{POST_11}: unknown shortcode [pullquote]: its text was kept",
        f"{POST_11}: unknown shortcode [contact-form-7] kept as written",
        f"{POST_11}: embed of no known provider kept as a link: https://oldsite.example/harbour-webcam/",
        f"{POST_11}: published with 2 photo(s) lacking alt text: add it in the image library",
        "post 15 “Staff notes”: private in WordPress: imported as a draft",
        "post 17 “Broken nesting”: not imported: The body nests elements 35 levels deep; at most 32.",
        f"{POST_10}: sticky in WordPress: pin it on a front by hand (or import with --sticky-front)",
    ]
    assert summary(imported) == [
        "Import finished.",
        "attachments: 5 created, 1 skipped",
        "page items: 1 skipped",
        "posts: 6 created, 1 skipped, 1 failed",
        "Notes by kind:",
        "  2 × published with N photo(s) lacking alt text: add it in the image library",
        "  1 × attachment N is not a photo (…); not imported",
        "  1 × unknown block wp:acme/poll: its text was kept",
        "  1 × unknown shortcode [pullquote]: its text was kept",
        "  1 × unknown shortcode [contact-form-7] kept as written",
        "  1 × embed of no known provider kept as a link: …",
        "  1 × private in WordPress: imported as a draft",
        "  1 × not imported: The body nests elements N levels deep; at most N.",
        "  1 × sticky in WordPress: pin it on a front by hand (or import with --sticky-front)",
        "10 note(s), 1 item(s) failed",
    ]


def test_titles_decode_entities_slugs_and_excerpts_come_along(imported):
    article = article_of(10)
    assert article.title == "Cafés & bars on the quay – a guide"
    assert article.slug == "cafes-bars-quay"
    assert article.excerpt == "Twelve cafés and counting: where to eat on the quay."
    assert article_of(13).slug == "draft-ferry-timetable"  # a draft without a slug gets one from its title
    assert article_of(11).excerpt.startswith("Work on the harbour wall finished on Friday, three months late.")
    assert article.comments_enabled and not article_of(11).comments_enabled


def test_gutenberg_blocks_become_body_blocks_with_every_photo_in_place(imported):
    response = APIClient().get(f"/api/v1/articles/{article_of(10).slug}/")

    blocks = response.json()["body"]
    assert [block["type"] for block in blocks] == [
        "paragraph",
        "heading",
        "image",
        "list",
        "quote",
        "image",
        "image",
        "paragraph",  # the gallery's caption, after its photos
        "embed",  # the YouTube video, fetched from YouTube in the background
        "paragraph",  # its caption
        "paragraph",  # the unknown block's text
        "paragraph",
    ]
    assert blocks[2]["caption"] == "The quay at dawn, before the cafés open"
    assert blocks[2]["image"]["alt_text"] == "Boats moored at the quay at dawn"  # the placement's, as the post had it
    assert blocks[2]["image"]["credit"] == "Ana Ferreira"
    assert blocks[3]["items"] == ["The Anchor, for breakfast", "Salt &amp; Vine, for the evening"]
    assert blocks[4]["text"] == "We open at six, whatever the weather. Ana, owner of The Anchor"
    assert [blocks[5]["caption"], blocks[6]["caption"]] == [
        "Nets drying on the wall",
        "Crates stacked by the fish market",
    ]
    assert (blocks[8]["provider"], blocks[8]["url"]) == ("youtube", "https://www.youtube.com/watch?v=dQw4w9WgXcQ")
    assert blocks[10]["text"] == "Which café is your favourite? Vote below."
    assert "unknown block wp:acme/poll: its text was kept" in notes(imported)[POST_10]


def test_classic_content_keeps_paragraphs_captions_galleries_and_the_text_of_unknown_shortcodes(imported):
    article = article_of(11)
    blocks = APIClient().get(f"/api/v1/articles/{article.slug}/").json()["body"]

    assert [block["type"] for block in blocks] == [
        "paragraph",
        "paragraph",
        "image",
        "heading",
        "paragraph",
        "image",
        "embed",  # a URL on its own line
        "embed",  # [embed]
        "paragraph",  # a URL on its own line that no provider embeds: a link
        "image",
        "image",
        "paragraph",
        "paragraph",
    ]
    assert blocks[1]["html"] == "The council paid for most of it.<br>The rest came from the fishermen's fund."
    assert blocks[2]["caption"] == "The restored wall at high tide"
    assert blocks[2]["image"]["id"] == image_of(102).pk
    assert blocks[5]["image"]["id"] == image_of(101).pk  # a resized copy's address finds its attachment
    assert [blocks[9]["image"]["id"], blocks[10]["image"]["id"]] == [image_of(103).pk, image_of(104).pk]
    assert [(blocks[6]["provider"], blocks[6]["url"]), (blocks[7]["provider"], blocks[7]["url"])] == [
        ("vimeo", "https://vimeo.com/76979871"),
        ("spotify", "https://open.spotify.com/track/4cOdK2wGLETKBW3PvgPWqT"),
    ]
    assert blocks[8]["text"] == "https://oldsite.example/harbour-webcam/"
    assert (
        "embed of no known provider kept as a link: https://oldsite.example/harbour-webcam/" in notes(imported)[POST_11]
    )
    assert blocks[11]["text"] == "It will stand for a century."
    assert blocks[12]["text"] == '[contact-form-7 id="42" title="Contact"]'
    assert "unknown shortcode [contact-form-7] kept as written" in notes(imported)[POST_11]


def test_attachments_become_library_photos_with_caption_alt_credit_and_the_featured_image(imported):
    assert Image.objects.count() == 5  # the PDF is not a photo; photos placed twice are one library image
    quay = image_of(101)
    assert (quay.caption, quay.alt_text, quay.credit) == (
        "Boats at the quay",
        "Boats moored at the quay",
        "Ana Ferreira",
    )
    assert image_of(104).caption == "Crates stacked by the fish market"  # no caption: the description
    assert image_of(102).alt_text == ""
    assert quay.renditions.exists()  # through the library's own upload path
    assert article_of(10).featured_image == image_of(105)
    assert notes(imported)["attachment 106 “timetable”"] == [
        "attachment 106 is not a photo (timetable.pdf); not imported"
    ]
    assert "published with 2 photo(s) lacking alt text: add it in the image library" in notes(imported)[POST_11]


def test_authors_come_with_co_authors_in_byline_order_and_a_private_email(imported):
    assert Author.objects.count() == 2
    mark = Author.objects.get(name="Mark O'Smith")
    assert mark.email == "mark@oldsite.example" and mark.user is None
    byline = list(article_of(11).article_authors.order_by("position").values_list("author__name", flat=True))
    assert byline == ["Mark O'Smith", "Jane Doe"]
    body = APIClient().get(f"/api/v1/articles/{article_of(11).slug}/").content.decode()
    assert "mark@oldsite.example" not in body


def export_where(tmp_path, old, new, *, after=""):
    """The fixture export with ``old`` replaced by ``new`` once: its first occurrence after ``after``."""
    text = EXPORT.read_text()
    start = text.index(after) if after else 0
    assert old in text[start:]
    path = tmp_path / "changed.xml"
    path.write_text(text[:start] + text[start:].replace(old, new, 1))
    return path


def test_an_authors_bio_comes_as_plain_text_when_the_export_has_one(uploads, tmp_path):
    bio = "Covers the harbour &amp; the fleet.<br>Tips: <a href='mailto:jd@x.example'>write</a>.<script>1</script>"
    last_name = "<wp:author_last_name><![CDATA[Doe]]></wp:author_last_name>"
    export = export_where(
        tmp_path, last_name, f"{last_name}<wp:author_description><![CDATA[{bio}]]></wp:author_description>"
    )

    import_wordpress(export, "--uploads", uploads)

    assert Author.objects.get(name="Jane Doe").bio == "Covers the harbour & the fleet.\nTips: write."
    assert Author.objects.get(name="Mark O'Smith").bio == ""  # WordPress's own export has no bio


def test_a_password_protected_post_is_imported_as_a_draft_with_a_note_and_answers_no_one(uploads, tmp_path):
    export = export_where(
        tmp_path,
        "<wp:post_password><![CDATA[]]></wp:post_password>",
        "<wp:post_password><![CDATA[harbour2024]]></wp:post_password>",
        after="<wp:post_id>11</wp:post_id>",
    )

    output = import_wordpress(export, "--uploads", uploads)

    article = article_of(11)
    assert (article.status, article.published_at, article.is_public) == (Article.Status.DRAFT, None, False)
    assert "password-protected in WordPress: imported as a draft" in notes(output)[POST_11]
    assert "harbour2024" not in str(everything())  # the password is not kept anywhere
    assert APIClient().get(f"/api/v1/articles/{article.slug}/").status_code == 404
    assert APIClient().get("/api/v1/redirects/", {"path": "/2024/03/16/harbour-wall/"}).status_code == 404


def test_first_category_is_the_section_and_the_rest_with_its_parents_are_tags(imported):
    article = article_of(10)
    assert (article.section.slug, article.section.name) == ("europe", "Europe & the Channel")
    assert set(article.tags.values_list("slug", flat=True)) == {"harbour-life", "sport", "world"}
    assert article_of(11).section is None  # Uncategorized is no section
    assert list(article_of(11).tags.values_list("name", flat=True)) == ["Elections"]


def test_comments_keep_their_thread_and_status_with_a_private_email_and_only_a_hashed_ip(imported):
    article = article_of(10)
    comments = {c.author_name: c for c in Comment.objects.filter(article=article)}

    assert set(comments) == {"Tom B&B", "Jane Doe", "Ray", "Cheap Pills", "Lena"}  # no trash, no pingback
    assert comments["Jane Doe"].parent == comments["Tom B&B"]
    assert (comments["Ray"].parent, comments["Ray"].thread) == (comments["Jane Doe"], comments["Tom B&B"])
    assert comments["Lena"].parent is None  # its parent was trashed
    assert {name: c.status for name, c in comments.items()} == {
        "Tom B&B": "approved",
        "Jane Doe": "approved",
        "Ray": "pending",
        "Cheap Pills": "spam",
        "Lena": "approved",
    }
    assert comments["Tom B&B"].ip_hash == client_hash("203.0.113.7") and "203.0.113.7" not in str(everything())
    assert comments["Tom B&B"].body == "Great list! The Anchor is the best."
    assert comments["Lena"].body == "Ignore the troll.\n\nThe list is fine."
    assert comments["Ray"].author_email == ""  # not an address
    assert comments["Tom B&B"].created_at == datetime(2024, 3, 15, 9, tzinfo=UTC)

    thread = APIClient().get(f"/api/v1/articles/{article.slug}/comments/").json()["results"]
    assert [(c["author_name"], [r["author_name"] for r in c["replies"]]) for c in thread] == [
        ("Tom B&B", ["Jane Doe"]),
        ("Lena", []),
    ]
    assert "tom@readers.example" not in str(thread)


def test_a_comments_literal_angle_brackets_are_its_text_and_escaped_as_any_comments(uploads, tmp_path):
    hearts = tmp_path / "hearts.xml"
    hearts.write_text(
        EXPORT.read_text().replace(
            "<![CDATA[Thanks Tom, agreed.]]>", "<![CDATA[I <3 this, x < y > z &amp; x<y then <em>really</em>]]>"
        )
    )

    import_wordpress(hearts, "--uploads", uploads)

    jane = Comment.objects.get(author_name="Jane Doe")
    assert jane.body == "I <3 this, x < y > z & x<y then really"
    thread = APIClient().get(f"/api/v1/articles/{article_of(10).slug}/comments/").json()["results"]
    reply = thread[0]["replies"][0]
    assert reply["body_html"] == "<p>I &lt;3 this, x &lt; y &gt; z &amp; x&lt;y then really</p>"


def test_old_addresses_and_old_slugs_answer_with_the_article(imported, settings):
    client = APIClient()
    article = article_of(10)
    location = f"{settings.FRONTEND_URL}/articles/cafes-bars-quay/"

    for old in ["/2024/03/15/cafes-bars-quay/", "/2024/03/15/cafes-on-the-quay/", "https://oldsite.example/?p=10"]:
        response = client.get("/api/v1/redirects/", {"path": old})
        assert response.status_code == 200, old
        assert response.json() == {
            "path": response.json()["path"],
            "location": location,
            "status_code": 301,
            "article": "cafes-bars-quay",
        }
    assert Redirect.objects.get(old_path="/2024/03/15/quay-cafes-draft").source == "wordpress"
    moved = client.get("/api/v1/articles/cafes-on-the-quay/")
    assert (moved.status_code, moved["Location"].endswith(f"/api/v1/articles/{article.slug}/")) == (301, True)
    assert client.get("/api/v1/redirects/", {"path": "/?p=13"}).status_code == 404  # a draft's: not public


def test_a_second_run_changes_nothing(uploads, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):  # what each post queues after its commit, too
        import_wordpress(EXPORT, "--uploads", uploads)
    before = everything()
    assert all(before[kind] for kind in ("bylines", "tag_links", "embeds", "embed_placements", "tasks", "files"))

    with django_capture_on_commit_callbacks(execute=True):
        output = import_wordpress(EXPORT, "--uploads", uploads)

    assert everything() == before
    assert "posts: 6 unchanged, 1 skipped, 1 failed" in output
    assert "attachments: 5 unchanged, 1 skipped" in output


def test_a_run_after_the_export_changed_updates_what_changed_and_duplicates_nothing(imported, uploads, tmp_path):
    changed = tmp_path / "changed.xml"
    changed.write_text(
        EXPORT.read_text()
        .replace("Regatta results", "Regatta results &amp; prizes")
        .replace("<![CDATA[Not so sure about that.]]>", "<![CDATA[Not so sure about that, really.]]>")
        .replace(
            "<wp:comment_approved><![CDATA[0]]></wp:comment_approved>",
            "<wp:comment_approved><![CDATA[1]]></wp:comment_approved>",
        )
    )
    counts = {model: model.objects.count() for model in (Article, Image, Comment, Author, Redirect)}

    output = import_wordpress(changed, "--uploads", uploads)

    assert {model: model.objects.count() for model in counts} == counts
    assert article_of(12).title == "Regatta results & prizes"
    ray = Comment.objects.get(author_name="Ray")
    assert (ray.body, ray.status) == ("Not so sure about that, really.", "approved")
    assert "posts: 2 updated, 4 unchanged, 1 skipped, 1 failed" in output


def test_the_imported_articles_cards_and_details_are_made_and_a_later_save_makes_them_again(
    imported, django_capture_on_commit_callbacks
):
    from articles.api.serializers.articles import iso

    published = list(Article.objects.filter(status=Article.Status.PUBLISHED))
    assert published and all(article.public_card["of"] == iso(article.updated_at) for article in published)
    assert all(article.public_detail["of"] == iso(article.updated_at) for article in published)

    article = article_of(12)
    with django_capture_on_commit_callbacks(execute=True):
        article.title = "Regatta postponed"
        article.save()

    article.refresh_from_db()
    assert article.public_card["card"]["title"] == "Regatta postponed"  # made at once again, outside the run
    assert article.public_detail["detail"]["title"] == "Regatta postponed"


def test_a_dry_run_reports_and_writes_nothing(uploads, media_root):
    output = import_wordpress(EXPORT, "--uploads", uploads, "--dry-run")

    assert "Dry run: nothing was written." in output
    assert "posts: 6 created, 1 skipped, 1 failed" in output
    assert everything() == {key: [] if isinstance(value, list) else 0 for key, value in everything().items()}
    assert not [path for path in media_root.rglob("*") if path.is_file()]


def test_a_file_that_is_not_an_export_is_refused(tmp_path):
    feed = tmp_path / "feed.xml"
    feed.write_text("<rss><channel><title>A feed</title><item><title>x</title></item></channel></rss>")
    broken = tmp_path / "broken.xml"
    broken.write_text(EXPORT.read_text()[:5000])

    with pytest.raises(CommandError, match="not a WordPress export"):
        import_wordpress(feed)
    with pytest.raises(CommandError, match="not well-formed"):
        import_wordpress(broken)
    assert Article.objects.count() == 0


def test_imported_addresses_are_listed_for_editors_in_the_admin(imported):
    from django.test import Client
    from django.urls import reverse

    from tests.authors.factories import StaffFactory

    desk = Client()
    desk.force_login(StaffFactory(role="Editor"))

    page = desk.get(reverse("admin:articles_redirect_changelist"), {"source": "wordpress"}).content.decode()

    assert "/2024/03/15/cafes-bars-quay" in page and "/?p=11" in page
    assert Redirect.objects.filter(source="wordpress").count() == 11


def test_an_editors_redirect_at_an_old_address_is_left_as_it_is(uploads):
    Redirect.objects.create(old_path="/2024/03/16/harbour-wall", target_url="https://elsewhere.example/wall")

    output = import_wordpress(EXPORT, "--uploads", uploads)

    assert "/2024/03/16/harbour-wall is an editor's redirect already; left as it is" in notes(output)[POST_11]
    kept = Redirect.objects.get(old_path="/2024/03/16/harbour-wall")
    assert (kept.target_url, kept.article, kept.source) == ("https://elsewhere.example/wall", None, "editor")


def test_embeds_are_stored_at_once_and_fetched_in_the_background_after_each_post_commits(
    uploads, django_capture_on_commit_callbacks
):
    from django_tasks_db.models import DBTaskResult

    from articles.models import Embed

    with django_capture_on_commit_callbacks(execute=True):
        import_wordpress(EXPORT, "--uploads", uploads)

    embeds = Embed.objects.order_by("url")
    assert [(embed.provider, embed.fetched_at) for embed in embeds] == [
        ("spotify", None),
        ("vimeo", None),
        ("youtube", None),
    ]
    queued = DBTaskResult.objects.filter(task_path="articles.embeds.tasks.fetch_embed")
    assert sorted(result.args_kwargs["args"][0] for result in queued) == sorted(embed.pk for embed in embeds)
