"""Comparing two revisions word by word, field by field, with photos named and list items apart."""

import pytest

from articles.editorial.compare import body_text, compare, word_diff
from articles.models import Revision
from tests.articles.factories import ArticleFactory, ImageFactory, figure_html

pytestmark = pytest.mark.django_db


def test_only_the_changed_words_are_marked_and_never_split():
    older, newer = word_diff("The ferry sails at noon.", "The ferry leaves at noon.")
    assert older == "The ferry <del>sails</del> at noon."
    assert newer == "The ferry <ins>leaves</ins> at noon."


def test_marked_text_is_escaped():
    older, newer = word_diff("a", "<script>")
    assert newer == "<ins>&lt;script&gt;</ins>"


def test_the_body_compares_as_text_with_each_list_item_on_its_line_and_photos_named():
    image = ImageFactory(caption="Harbour")
    html = f"<p>Intro.</p><ul><li>One</li><li>Two</li></ul>{figure_html(image, caption='At dawn')}"
    assert body_text(html, {image.file.name: image.label}) == f"Intro.\n• One\n• Two\n[Photo: {image.label} — At dawn]"


def test_every_field_is_compared_and_unchanged_ones_say_so():
    article = ArticleFactory(title="Old headline")
    older = Revision.objects.create(article=article, content=Revision.content_of(article))
    article.title = "New headline"
    newer = Revision.objects.create(article=article, content=Revision.content_of(article))

    changes = {change.label: change for change in compare(older, newer)}

    assert changes["Title"].changed and "<ins>New</ins>" in changes["Title"].newer
    assert not changes["Body"].changed and not changes["Byline"].changed
