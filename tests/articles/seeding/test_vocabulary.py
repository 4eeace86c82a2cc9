"""Generated articles talk as the news does: a Zipf vocabulary of thousands of words, topics that cluster."""

import random
import re
from collections import Counter
from io import StringIO

import pytest
from django.core.management import call_command

from articles.management.commands.generate_content import SECTIONS, TOPICS
from articles.models import Article
from articles.seeding import vocabulary
from articles.seeding.vocabulary import Vocabulary


def test_draws_follow_zipfs_law():
    words = Vocabulary(random.Random(3), TOPICS)
    counts = Counter(words.draw(200_000))

    first = counts[words.words[0]]
    assert first / counts[words.words[1]] == pytest.approx(2, rel=0.1)
    assert first / counts[words.words[9]] == pytest.approx(10, rel=0.15)
    assert len(counts) > 0.9 * vocabulary.SIZE  # the long tail is drawn too
    assert words.share(words.words[0]) == pytest.approx(first / 200_000, rel=0.05)


def test_the_vocabulary_is_the_same_on_every_run_with_the_topics_in_its_head():
    words = vocabulary.ranked_words(TOPICS)

    assert words == vocabulary.ranked_words(TOPICS)
    assert len(set(words)) == len(words) == vocabulary.SIZE
    first, last = vocabulary.TOPIC_RANKS
    assert sorted(words.index(topic) for topic in TOPICS) == sorted(
        first + n * (last - first) // len(TOPICS) for n in range(len(TOPICS))
    )
    made_up = set(words) - set(TOPICS)
    assert all(re.fullmatch(r"[a-z]+[aoukmpxv]", word) for word in made_up)  # endings no stemmer takes off


def test_a_vocabulary_too_small_for_its_topics_is_refused():
    with pytest.raises(ValueError, match="no room"):
        vocabulary.ranked_words(TOPICS, size=100)


@pytest.mark.django_db
def test_a_two_word_query_matches_half_a_per_cent_to_five_per_cent_of_generated_articles():
    call_command("generate_content", articles=600, seed=5, comments_per_article=0, stdout=StringIO())
    total = Article.objects.count()

    def share(query):
        return Article.objects.search(query).count() / total

    same_section = [" ".join(SECTIONS[name].split()[:2]) for name in ("Climate", "Business", "Health", "Sport")]
    assert all(0.005 <= share(query) <= 0.05 for query in ["wildfires drought", *same_section])
    assert share("wildfires") > 0.05  # one word alone matches more
    assert share(vocabulary.ranked_words(TOPICS)[0]) > 0.5  # and the commonest word nearly everything
