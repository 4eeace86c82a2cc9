import pytest

from tests.authors.factories import AuthorFactory

pytestmark = pytest.mark.django_db


def test_display_name_joins_post_nominals_after_a_comma():
    assert AuthorFactory(name="Jonathan Wade", post_nominals="CD").display_name == "Jonathan Wade, CD"


def test_display_name_is_the_name_alone_without_post_nominals():
    assert AuthorFactory(name="Ada Lovelace", post_nominals="").display_name == "Ada Lovelace"
